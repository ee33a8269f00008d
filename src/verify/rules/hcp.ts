import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { KubeObject } from '../../resolve/facts-from-objects.js';
import { UNFILLED_RESTORE_URL, type HcpPlan } from '../../plan/hcp/types.js';

type Dict = Record<string, unknown>;
const obj = (v: unknown): Dict =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {};
const get = (o: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => obj(v)[k], o);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Immutable fields (hcp-migration reference, crds/hypershift SOURCE.md: CEL `self == oldSelf`): a restore that
 * changed one would create a different cluster than the backup holds.
 */
const HC_IMMUTABLE: readonly (readonly string[])[] = [
  ['spec', 'controllerAvailabilityPolicy'],
  ['spec', 'services'],
  ['spec', 'issuerURL'],
  ['spec', 'fips'],
  ['spec', 'etcd', 'managementType'],
  ['spec', 'etcd', 'managed', 'storage', 'persistentVolume', 'storageClassName'],
  ['spec', 'infraID'],
  ['spec', 'platform'],
];
const NP_IMMUTABLE: readonly (readonly string[])[] = [
  ['spec', 'clusterName'],
  ['spec', 'management', 'upgradeType'],
  ['spec', 'arch'],
];
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'managedFields',
  'ownerReferences',
  'creationTimestamp',
];

/**
 * The admission check of a HostedClusterMigration's emitted objects: what the HyperShift CRDs and the API server
 * would refuse, or what would restore a different cluster. Pure.
 */
export function verifyHcp(plan: HcpPlan): Diagnostic[] {
  const out: Diagnostic[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const where = (o: KubeObject) =>
    `${text(o['kind'])} ${text(get(o, ['metadata', 'namespace']))}/${text(get(o, ['metadata', 'name']))}`;
  for (const step of plan.steps) {
    for (const o of step.objects) {
      const m = obj(o['metadata']);
      const left = SERVER_FIELDS.filter((k) => k in m);
      if ('status' in o) left.push('status');
      if (left.length)
        out.push(diag('MP7032', `step ${step.n} ${where(o)} still carries ${left.join(', ')}`));
      // The CRD takes "true", "True", "false", "False" or an RFC3339 date; true and True both pause (strconv.ParseBool).
      const paused = get(o, ['spec', 'pausedUntil']);
      if (step.phase === 'restore' && (paused === 'true' || paused === 'True'))
        out.push(diag('MP7032', `step ${step.n} ${where(o)} would be created paused`));
      if (o['kind'] === 'Secret') out.push(diag('MP7032', `step ${step.n} emits ${where(o)}`));
      const full = step.phase === 'restore' && !step.forceConflicts;
      if (full && o['kind'] === 'HostedCluster') {
        const url = get(o, ['spec', 'etcd', 'managed', 'storage', 'restoreSnapshotURL']);
        if (plan.method === 'etcd-snapshot' && url !== UNFILLED_RESTORE_URL)
          out.push(
            diag(
              'MP7030',
              `step ${step.n} ${where(o)} has restoreSnapshotURL ${JSON.stringify(url)}, not the one unfilled slot`,
            ),
          );
        for (const p of HC_IMMUTABLE)
          if (!same(get(o, p), get(plan.hostedCluster.object, p)))
            out.push(
              diag('MP7031', `step ${step.n} ${where(o)}: ${p.join('.')} differs from the backup`),
            );
      }
      if (full && o['kind'] === 'NodePool') {
        const np = plan.nodePools.find((n) => n.name === get(o, ['metadata', 'name']));
        for (const p of NP_IMMUTABLE)
          if (!np || !same(get(o, p), get(np.object, p)))
            out.push(
              diag('MP7031', `step ${step.n} ${where(o)}: ${p.join('.')} differs from the backup`),
            );
      }
    }
  }
  return out;
}
