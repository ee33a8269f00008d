import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { PlanDecision, PvDecision } from '../types.js';

interface Claim {
  plan: PlanDecision;
  pv: PvDecision;
  /** `namespace/pvc` on `cluster` */
  cluster: string;
  namespace: string;
  pvc: string;
}

/**
 * Claims by cluster, namespace and PVC name: nested maps keyed by the strings the decisions already hold, so a
 * lookup builds no key (this runs for every PV of every plan).
 */
class ClaimTable {
  private readonly byCluster = new Map<string, Map<string, Map<string, Claim>>>();
  get(c: Claim): Claim | undefined {
    return this.byCluster.get(c.cluster)?.get(c.namespace)?.get(c.pvc);
  }
  set(c: Claim): void {
    let ns = this.byCluster.get(c.cluster);
    if (ns === undefined)
      this.byCluster.set(c.cluster, (ns = new Map<string, Map<string, Claim>>()));
    let pvcs = ns.get(c.namespace);
    if (pvcs === undefined) ns.set(c.namespace, (pvcs = new Map<string, Claim>()));
    pvcs.set(c.pvc, c);
  }
}

const written = (plan: PlanDecision, pv: PvDecision): Claim => ({
  plan,
  pv,
  cluster: plan.target,
  namespace: pv.targetNamespace,
  pvc: pv.targetPvc ?? pv.pvc,
});
const read = (plan: PlanDecision, pv: PvDecision): Claim => ({
  plan,
  pv,
  cluster: plan.source,
  namespace: pv.namespace,
  pvc: pv.pvc,
});
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
  const writes = new ClaimTable();
  const reads = new ClaimTable();
  for (const d of plans) for (const pv of d.pvs) reads.set(read(d, pv));
  const at = (c: Claim) => ['spec', 'plans', c.plan.index, 'namespaces'];
  for (const d of plans) {
    if (d.type === 'storage-class-conversion') continue;
    for (const pv of d.pvs) {
      const claim = written(d, pv);
      const first = writes.get(claim);
      if (first) {
        out.push(
          diag(
            'MP4039',
            `PVC ${claim.namespace}/${claim.pvc} on cluster "${d.target}" would be written by ${from(first)} and by ${from(claim)}`,
            { path: at(claim) },
          ),
        );
        continue;
      }
      writes.set(claim);
      const reader = reads.get(claim);
      if (reader && reader.pv !== pv) {
        out.push(
          diag(
            'MP4039',
            `PVC ${claim.namespace}/${claim.pvc} on cluster "${d.target}" is migrated by ${from(reader)} and is also the destination of ${from(claim)}`,
            { path: at(claim) },
          ),
        );
      }
    }
  }
  return out;
}
