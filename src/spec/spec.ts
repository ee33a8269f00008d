import type { Migration, NamespaceEntry, Plan } from './types.generated.js';

export type * from './types.generated.js';
export type Spec = Migration;

/** MTC's defaults, used when the spec leaves a field out. */
export const defaults = {
  engine: 'mtc',
  planType: 'full',
  images: 'direct',
  transfer: 'direct',
  action: 'copy',
  copyMethod: 'filesystem',
  rsyncPolicies: 'auto',
  namespaceLimit: 10,
  podLimit: 100,
  pvLimit: 100,
  migrationNamespace: 'openshift-migration',
  secretNamespace: 'openshift-config',
  hookRunnerImage: 'quay.io/konveyor/hook-runner:latest',
  hookDeadlineSeconds: 1800,
} as const;

/** The MigMigration (or Velero Backup/Restore) name of a migration step: `<plan>-<step>`. */
export const migrationName = (plan: string, step: string): string => `${plan}-${step}`;

export interface NamespacePair {
  source: string;
  target: string;
  /** Index of the entry in plan.namespaces, for diagnostics. */
  index: number;
}

export function namespacePair(entry: NamespaceEntry, index: number): NamespacePair {
  return typeof entry === 'string'
    ? { source: entry, target: entry, index }
    : { source: entry.from, target: entry.to, index };
}

export const namespacePairs = (plan: Plan): NamespacePair[] =>
  (plan.namespaces ?? []).map(namespacePair);

/** MTC's `src:dest` form of a namespace entry. */
export const mtcNamespace = (p: NamespacePair): string =>
  p.source === p.target ? p.source : `${p.source}:${p.target}`;

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The name of the MigCluster the MTC operator creates for its own (host) cluster. */
export const OPERATOR_HOST_MIGCLUSTER = 'host';

/** The MigCluster name a plan refers to: the operator's `host` for the host cluster, else the key. */
export function migClusterName(spec: Spec, key: string): string {
  const c = spec.spec.clusters[key];
  return c?.migClusterName ?? (c?.host === true ? OPERATOR_HOST_MIGCLUSTER : key);
}
