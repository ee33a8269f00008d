import type { KubeManifest, Manifest } from '../render/types.js';
import { arr } from '../util/objects.js';

/** What the admission check knows besides the emitted objects: the objects the controllers find already there. */
export interface VerifyContext {
  /** Namespace the MTC controller watches (it lists plans, clusters, storages and hooks only there). */
  migrationNamespace: string;
  /** The MigCluster the MTC operator creates for the host cluster (isHostCluster: true), if MTC is used. */
  hostMigCluster?: string;
  /** mig_namespace_limit in force (the controller's default is 10). */
  namespaceLimit: number;
}

export type Obj = Record<string, unknown>;

/** The emitted objects as the controllers would see them once applied, with lookups by kind and reference. */
export class World {
  readonly objects: readonly KubeManifest[];
  constructor(
    readonly manifests: readonly Manifest[],
    readonly ctx: VerifyContext,
  ) {
    this.objects = manifests.map((m) => m.object);
  }

  ofKind(kind: string): KubeManifest[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  find(
    kind: string,
    namespace: string | undefined,
    name: string | undefined,
  ): KubeManifest | undefined {
    return this.objects.find(
      (o) =>
        o.kind === kind &&
        o.metadata.name === name &&
        (o.metadata.namespace ?? '') === (namespace ?? ''),
    );
  }

  /** A MigCluster by reference: an emitted one, or the operator's host MigCluster. */
  migCluster(ref: unknown): Obj | undefined {
    const r = asRef(ref);
    if (!r) return undefined;
    const emitted = this.find('MigCluster', r.namespace, r.name);
    if (emitted) return emitted;
    if (r.name === this.ctx.hostMigCluster && r.namespace === this.ctx.migrationNamespace) {
      return { metadata: r, spec: { isHostCluster: true, url: '' } };
    }
    return undefined;
  }
}

export interface Ref {
  name: string;
  namespace: string;
}

/** migtools/mig-controller pkg/reference RefSet: a reference is set when both name and namespace are. */
export function asRef(v: unknown): Ref | undefined {
  const o = v as { name?: unknown; namespace?: unknown } | null | undefined;
  if (!o || typeof o.name !== 'string' || typeof o.namespace !== 'string') return undefined;
  if (!o.name || !o.namespace) return undefined;
  return { name: o.name, namespace: o.namespace };
}

export const spec = (o: Obj): Obj => (o['spec'] as Obj | undefined) ?? {};
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const list = arr;
export const bool = (v: unknown): boolean => v === true;
