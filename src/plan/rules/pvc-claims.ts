import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { PlanDecision, PvDecision } from '../types.js';

interface Claim {
  plan: PlanDecision;
  pv: PvDecision;
  /** `cluster/namespace/pvc` */
  key: string;
}

const written = (d: PlanDecision, pv: PvDecision): string =>
  `${d.target}/${pv.targetNamespace}/${pv.targetPvc ?? pv.pvc}`;
const read = (d: PlanDecision, pv: PvDecision): string => `${d.source}/${pv.namespace}/${pv.pvc}`;
const name = (key: string) => key.slice(key.indexOf('/') + 1);
const from = (c: Claim) => `plan "${c.plan.plan.name}" (from ${c.pv.namespace}/${c.pv.pvc})`;

/**
 * PVCs that two mappings claim: one destination PVC written twice, or a PVC one mapping writes while
 * another reads it on the same cluster. mig-controller refuses the intra-cluster form of this at
 * migration time (migtools/mig-controller pkg/controller/migmigration/validation.go
 * validateMigrationType: ConflictingPVCMappings, "each source PVC is mapped to a distinct destination
 * PVC"); we check it across every plan of the spec, before anything runs, and name the PVC.
 * A storage-class conversion writes a new `-mig-<suffix>` PVC the controller names, so it writes
 * nothing another mapping can collide with; its reads still count.
 */
export function pvcClaimConflicts(plans: readonly PlanDecision[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const writes = new Map<string, Claim>();
  const reads = new Map<string, Claim>();
  for (const d of plans) {
    for (const pv of d.pvs) reads.set(read(d, pv), { plan: d, pv, key: read(d, pv) });
  }
  const at = (c: Claim) => ['spec', 'plans', c.plan.index, 'namespaces'];
  for (const d of plans) {
    if (d.type === 'storage-class-conversion') continue;
    for (const pv of d.pvs) {
      const claim: Claim = { plan: d, pv, key: written(d, pv) };
      const first = writes.get(claim.key);
      if (first) {
        out.push(
          diag(
            'MP4039',
            `PVC ${name(claim.key)} on cluster "${d.target}" would be written by ${from(first)} and by ${from(claim)}`,
            { path: at(claim) },
          ),
        );
        continue;
      }
      writes.set(claim.key, claim);
      const reader = reads.get(claim.key);
      if (reader && reader.pv !== pv) {
        out.push(
          diag(
            'MP4039',
            `PVC ${name(claim.key)} on cluster "${d.target}" is migrated by ${from(reader)} and is also the destination of ${from(claim)}`,
            { path: at(claim) },
          ),
        );
      }
    }
  }
  return out;
}
