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
  /** Objects by kind, and the first object of each kind, namespace and name: rules look up per object. */
  private readonly byKind = new Map<string, KubeManifest[]>();
  private readonly byKey = new Map<string, KubeManifest>();
  private readonly kindOrder = new Map<KubeManifest, number>();
  private plansByNs: Map<string, KubeManifest[]> | undefined;
  constructor(
    readonly manifests: readonly Manifest[],
    readonly ctx: VerifyContext,
  ) {
    this.objects = manifests.map((m) => m.object);
    for (const o of this.objects) {
      const same = this.byKind.get(o.kind);
      this.kindOrder.set(o, same?.length ?? 0);
      if (same) same.push(o);
      else this.byKind.set(o.kind, [o]);
      const key = objectKey(o.kind, o.metadata.namespace, o.metadata.name);
      if (!this.byKey.has(key)) this.byKey.set(key, o);
    }
  }

  ofKind(kind: string): KubeManifest[] {
    return [...(this.byKind.get(kind) ?? [])];
  }

  find(
    kind: string,
    namespace: string | undefined,
    name: string | undefined,
  ): KubeManifest | undefined {
    if (name === undefined) return undefined;
    return this.byKey.get(objectKey(kind, namespace, name));
  }

  /** Where an object comes among the emitted objects of its kind. */
  orderInKind(o: KubeManifest): number {
    return this.kindOrder.get(o) ?? 0;
  }

  /** The MigPlans that list a namespace entry (as written, "src" or "src:dest"), in emitted order. */
  plansListing(entry: string): readonly KubeManifest[] {
    if (!this.plansByNs) {
      this.plansByNs = new Map();
      for (const p of this.byKind.get('MigPlan') ?? [])
        for (const n of new Set(list(spec(p)['namespaces']).map(str))) {
          const plans = this.plansByNs.get(n);
          if (plans) plans.push(p);
          else this.plansByNs.set(n, [p]);
        }
    }
    return this.plansByNs.get(entry) ?? [];
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

const objectKey = (kind: string, namespace: string | undefined, name: string): string =>
  `${kind}\u0000${namespace ?? ''}\u0000${name}`;

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
