import type { MigrationPlan } from '../plan/types.js';
import { defaults } from '../spec/spec.js';

/** One Argo CD `ignoreDifferences` entry, and why the controller owns those fields. */
export interface IgnoreDifference {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  jqPathExpressions: string[];
  why: string;
}

/**
 * Fields of emitted objects that mig-controller rewrites after they are applied, so Argo CD would show a
 * permanent diff (and re-apply ours on every sync) without ignoring them. A storage-class conversion's
 * MigPlan gets its PVC names rewritten to `<pvc>:<pvc>-mig-<suffix>` (migtools/mig-controller
 * pkg/controller/migplan/pvlist.go updatePvs, getMappedNameForPVC), the suffix being random per plan; and
 * where the source's workloads were not read, the controller's hasReference and ownerType are unknown.
 */
export function controllerOwnedFields(mp: MigrationPlan): IgnoreDifference[] {
  if ((mp.spec.spec.engine ?? defaults.engine) !== 'mtc') return [];
  const out: IgnoreDifference[] = [];
  for (const p of mp.plans) {
    if (p.pvs.length === 0) continue;
    const paths: string[] = [];
    const why: string[] = [];
    if (p.type === 'storage-class-conversion') {
      paths.push('.spec.persistentVolumes[].pvc.name');
      why.push('mig-controller maps each PVC to its new name with a random per-plan suffix');
    }
    if (!p.ownersChecked) {
      paths.push(
        '.spec.persistentVolumes[].pvc.hasReference',
        '.spec.persistentVolumes[].pvc.ownerType',
      );
      why.push("the source's workloads were not read, so the controller's values are not known");
    }
    if (paths.length)
      out.push({
        group: 'migration.openshift.io',
        kind: 'MigPlan',
        name: p.plan.name,
        namespace: defaults.migrationNamespace,
        jqPathExpressions: paths,
        why: why.join('; '),
      });
  }
  return out;
}
