import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import {
  defaults,
  DNS1123_SUBDOMAIN,
  namespacePairs,
  type Plan,
  type Spec,
} from '../../spec/spec.js';

const planPath = (i: number, ...rest: (string | number)[]) => ['spec', 'plans', i, ...rest];

/** Plan names become MigPlan names: DNS-1123, 3-63 characters, unique. */
export function checkPlanNames(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  spec.spec.plans.forEach((plan, i) => {
    const n = plan.name;
    if (!DNS1123_SUBDOMAIN.test(n) || n.length < 3 || n.length > 63) {
      out.push(
        diag('MP2515', `plan name "${n}" is not a DNS-1123 name of 3 to 63 characters`, {
          path: planPath(i, 'name'),
        }),
      );
    }
    const first = seen.get(n);
    if (first !== undefined)
      out.push(
        diag('MP2520', `plan name "${n}" is already used by plans[${first}]`, {
          path: planPath(i, 'name'),
        }),
      );
    else seen.set(n, i);
  });
  return out;
}

/**
 * What one cluster can do to itself, as mig-controller decides it when no migration has run yet
 * (migtools/mig-controller pkg/controller/migplan/validation.go validatePossibleMigrationTypes): an
 * intra-cluster plan whose namespaces all map to themselves is a storage conversion; one whose namespaces
 * all map to other namespaces is a state migration; a mix is Critical IntraClusterMigration
 * (ConflictingNamespaces). Stage/Final namespace migrations never run inside one cluster.
 */
export function checkPlanClusters(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  spec.spec.plans.forEach((plan, i) => {
    const type = plan.type ?? defaults.planType;
    const intra = plan.source === plan.target;
    if (intra && type === 'full') {
      out.push(
        diag(
          'MP2503',
          `plan "${plan.name}" has the same source and target cluster "${plan.source}" but type full; inside one cluster MTC runs only state migrations (every namespace mapped to another) or storage-class conversions`,
          { path: planPath(i, 'target') },
        ),
      );
    }
    if (intra && type === 'state') {
      const pairs = namespacePairs(plan);
      const kept = pairs.filter((p) => p.source === p.target);
      const first = kept[0];
      if (first && kept.length === pairs.length) {
        out.push(
          diag(
            'MP2503',
            `state plan "${plan.name}" stays in cluster "${plan.source}" and keeps every namespace; MTC treats that as a storage-class conversion (use type: storage-class-conversion)`,
            { path: planPath(i, 'type') },
          ),
        );
      } else if (first) {
        out.push(
          diag(
            'MP2503',
            `state plan "${plan.name}" stays in cluster "${plan.source}" and keeps namespace "${first.source}" while mapping others; MTC needs all or none mapped (IntraClusterMigration: ConflictingNamespaces)`,
            { path: planPath(i, 'namespaces', first.index) },
          ),
        );
      }
    }
    if (!intra && type === 'storage-class-conversion') {
      out.push(
        diag(
          'MP2504',
          `storage-class-conversion plan "${plan.name}" goes from "${plan.source}" to "${plan.target}"`,
          { path: planPath(i, 'type') },
        ),
      );
    }
    if (intra && plan.volumes?.transfer === 'indirect') {
      out.push(
        diag('MP2512', `intra-cluster plan "${plan.name}" cannot use indirect volume migration`, {
          path: planPath(i, 'volumes', 'transfer'),
        }),
      );
    }
    if (
      type === 'storage-class-conversion' &&
      namespacePairs(plan).some((p) => p.source !== p.target)
    ) {
      const bad = namespacePairs(plan).find((p) => p.source !== p.target);
      out.push(
        diag(
          'MP2503',
          `storage-class-conversion plan "${plan.name}" cannot rename namespaces (MTC ConflictingNamespaces)`,
          {
            path: planPath(i, 'namespaces', bad?.index ?? 0),
          },
        ),
      );
    }
  });
  return out;
}

const allowedSteps: Record<string, readonly string[]> = {
  full: ['stage', 'cutover', 'rollback'],
  state: ['state'],
  'storage-class-conversion': ['stage', 'cutover', 'rollback'],
};

/**
 * The sequence MTC will accept: stages before the cutover, nothing but a rollback after it
 * (HasFinalMigration), and a rollback only after something ran.
 */
export function checkMigrationSequence(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  spec.spec.plans.forEach((plan, i) => {
    const type = plan.type ?? defaults.planType;
    const names = new Map<string, number>();
    let finalDone = false;
    let anyRun = false;
    (plan.migrations ?? []).forEach((m, j) => {
      const at = planPath(i, 'migrations', j);
      const first = names.get(m.name);
      if (first !== undefined)
        out.push(
          diag('MP2520', `migration name "${m.name}" is already used by migrations[${first}]`, {
            path: [...at, 'name'],
          }),
        );
      else names.set(m.name, j);
      const allowed = allowedSteps[type] ?? [];
      if (!allowed.includes(m.type)) {
        out.push(
          diag(
            'MP2522',
            `a ${type} plan cannot run a ${m.type} migration; allowed: ${allowed.join(', ')}`,
            { path: [...at, 'type'] },
          ),
        );
        return;
      }
      if ((m.type === 'stage' || m.type === 'cutover') && finalDone) {
        out.push(
          diag(
            'MP2521',
            `${m.type} migration "${m.name}" comes after a cutover; MTC refuses it (HasFinalMigration) unless a rollback runs first`,
            {
              path: [...at, 'type'],
            },
          ),
        );
      }
      if (m.type === 'rollback' && !anyRun) {
        out.push(
          diag('MP2521', `rollback "${m.name}" has nothing to roll back`, {
            path: [...at, 'type'],
          }),
        );
      }
      if (m.type === 'cutover') finalDone = true;
      if (m.type === 'rollback') finalDone = false;
      anyRun = true;
      if (m.type !== 'cutover' && m.quiescePods !== undefined && m.type !== 'stage') {
        out.push(
          diag('MP2522', `quiescePods applies to stage and cutover migrations, not ${m.type}`, {
            path: [...at, 'quiescePods'],
          }),
        );
      }
    });
  });
  return out;
}

/** Overrides must name a PVC in the plan; renames only where MTC accepts PVC mappings. */
export function checkVolumeOverrides(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  spec.spec.plans.forEach((plan, i) => {
    const sources = new Set(namespacePairs(plan).map((p) => p.source));
    const seen = new Map<string, number>();
    const stageOrCutover = hasStageOrCutover(plan);
    (plan.volumes?.overrides ?? []).forEach((o, j) => {
      const at = planPath(i, 'volumes', 'overrides', j);
      const ns = o.pvc.split('/')[0] ?? '';
      // A selection is resolved against the facts later: an override may name a selected namespace.
      if (!sources.has(ns) && plan.select === undefined) {
        out.push(
          diag(
            'MP2519',
            `override for "${o.pvc}": namespace "${ns}" is not a source namespace of plan "${plan.name}"`,
            { path: [...at, 'pvc'] },
          ),
        );
      }
      const first = seen.get(o.pvc);
      if (first !== undefined)
        out.push(
          diag('MP2527', `PVC "${o.pvc}" already has an override at overrides[${first}]`, {
            path: [...at, 'pvc'],
          }),
        );
      else seen.set(o.pvc, j);
      if (
        o.renameTo !== undefined &&
        ((plan.type ?? defaults.planType) !== 'state' || stageOrCutover)
      ) {
        out.push(
          diag(
            'MP2513',
            `PVC rename of "${o.pvc}" in plan "${plan.name}": MTC refuses PVC mappings on stage and cutover migrations (InvalidSpec)`,
            {
              path: [...at, 'renameTo'],
            },
          ),
        );
      }
    });
  });
  return out;
}

function hasStageOrCutover(plan: Plan): boolean {
  return (plan.migrations ?? []).some((m) => m.type === 'stage' || m.type === 'cutover');
}

/** One hook per phase, unique names, and either an image (custom) or a playbook (Ansible). */
export function checkHooks(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  spec.spec.plans.forEach((plan, i) => {
    const phases = new Map<string, number>();
    const names = new Map<string, number>();
    (plan.hooks ?? []).forEach((h, j) => {
      const at = planPath(i, 'hooks', j);
      const firstPhase = phases.get(h.phase);
      if (firstPhase !== undefined)
        out.push(
          diag('MP2510', `phase ${h.phase} already has hook "${plan.hooks?.[firstPhase]?.name}"`, {
            path: [...at, 'phase'],
          }),
        );
      else phases.set(h.phase, j);
      const firstName = names.get(h.name);
      if (firstName !== undefined)
        out.push(
          diag('MP2520', `hook name "${h.name}" is already used by hooks[${firstName}]`, {
            path: [...at, 'name'],
          }),
        );
      else names.set(h.name, j);
      if (h.image === undefined && h.playbook === undefined) {
        out.push(diag('MP2526', `hook "${h.name}" has neither image nor playbook`, { path: at }));
      }
    });
  });
  return out;
}
