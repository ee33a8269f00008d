import { fileGroups } from '../render/types.js';
import type { Manifest } from '../render/types.js';
import { cmp, cmpNatural } from '../util/objects.js';

/** Kinds in apply order within a file (kustomize's orderFirst idea): what others depend on comes first. */
const kindRank: Record<string, number> = {
  MigrationController: 0,
  Namespace: 1,
  SecurityContextConstraints: 2,
  ClusterRole: 3,
  ServiceAccount: 4,
  Role: 5,
  RoleBinding: 6,
  NetworkPolicy: 8,
  EgressNetworkPolicy: 9,
  EgressFirewall: 10,
  MigCluster: 20,
  MigStorage: 21,
  MigHook: 22,
  MigPlan: 23,
  MigMigration: 24,
  DataProtectionApplication: 25,
  BackupStorageLocation: 26,
  VolumeSnapshotLocation: 27,
  ConfigMap: 28,
  Backup: 30,
  Restore: 31,
};

/**
 * Apply order: file group, kind, namespace, name; migrations by plan then sequence. Stable and total. Plan
 * names compare naturally, so the waves of a split plan come in wave order.
 */
export function orderForApply(manifests: readonly Manifest[]): Manifest[] {
  const groupRank = (m: Manifest) => (m.group === 'migration' ? 100 : fileGroups[m.group].rank);
  return [...manifests].sort(
    (a, b) =>
      groupRank(a) - groupRank(b) ||
      cmpNatural(a.migration?.plan ?? '', b.migration?.plan ?? '') ||
      (a.migration?.order ?? 0) - (b.migration?.order ?? 0) ||
      (kindRank[a.object.kind] ?? 50) - (kindRank[b.object.kind] ?? 50) ||
      cmp(a.object.kind, b.object.kind) ||
      cmp(a.object.metadata.namespace ?? '', b.object.metadata.namespace ?? '') ||
      // MigPlans of waves in wave order (plan-2 before plan-10); other names as plain strings.
      (a.object.kind === 'MigPlan'
        ? cmpNatural(a.object.metadata.name, b.object.metadata.name)
        : cmp(a.object.metadata.name, b.object.metadata.name)) ||
      cmp(a.cluster, b.cluster),
  );
}

/**
 * Argo CD sync waves that encode the same order: the file group's rank (00 controller ... 50 plans). The MigPlan
 * of wave n of a split plan gets 50 + n, so Argo CD creates the waves' plans in the order they run (plans is the
 * last group, so no number above 50 meets another group). Migrations are actions, never synced, so they get none.
 */
export function withSyncWaves(
  manifests: readonly Manifest[],
  /** Wave number by MigPlan name, for the waves of split plans. */
  waveOfPlan: ReadonlyMap<string, number> = new Map(),
): Manifest[] {
  return manifests.map((m) => {
    if (m.group === 'migration') return m;
    const annotations = {
      ...((m.object.metadata['annotations'] as Record<string, string> | undefined) ?? {}),
    };
    const wave = m.object.kind === 'MigPlan' ? waveOfPlan.get(m.object.metadata.name) : undefined;
    annotations['argocd.argoproj.io/sync-wave'] = String(fileGroups[m.group].rank + (wave ?? 0));
    return { ...m, object: { ...m.object, metadata: { ...m.object.metadata, annotations } } };
  });
}
