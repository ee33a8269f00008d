import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { defaults, DNS1123_LABEL, namespacePairs, type Spec } from '../../spec/spec.js';

/** Namespaces MTC's console hides and the controller must not move: the platform's own. */
export function isSystemNamespace(ns: string): boolean {
  return (
    ns.startsWith('kube-') ||
    ns.startsWith('openshift-') ||
    [
      'openshift',
      'default',
      'velero',
      'operator-lifecycle-manager',
      'kube-system',
      'kube-public',
    ].includes(ns)
  );
}

/** Duplicates within a plan, system namespaces, destination names, and the namespace limit. */
export function checkPlanNamespaces(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const limit = spec.spec.controller?.namespaceLimit ?? defaults.namespaceLimit;
  spec.spec.plans.forEach((plan, i) => {
    const base = ['spec', 'plans', i, 'namespaces'];
    const pairs = namespacePairs(plan);
    const seenSource = new Map<string, number>();
    const seenTarget = new Map<string, number>();
    const direct = (plan.volumes?.transfer ?? defaults.transfer) === 'direct';
    for (const p of pairs) {
      const at = [...base, p.index];
      if (isSystemNamespace(p.source)) {
        out.push(
          diag(
            'MP2514',
            `"${p.source}" is a system namespace; MTC does not migrate platform namespaces`,
            { path: at },
          ),
        );
      }
      const firstSource = seenSource.get(p.source);
      if (firstSource !== undefined) {
        out.push(
          diag(
            'MP2505',
            `source namespace "${p.source}" is listed twice in plan "${plan.name}" (also at namespaces[${firstSource}])`,
            { path: at },
          ),
        );
      } else seenSource.set(p.source, p.index);
      const firstTarget = seenTarget.get(p.target);
      if (firstTarget !== undefined) {
        out.push(
          diag(
            'MP2506',
            `destination namespace "${p.target}" is used twice in plan "${plan.name}" (also at namespaces[${firstTarget}])`,
            { path: at },
          ),
        );
      } else seenTarget.set(p.target, p.index);
      if (p.source !== p.target) {
        const toPath = [...at, 'to'];
        if (!DNS1123_LABEL.test(p.target) || p.target.length > 63) {
          out.push(
            diag(
              'MP2508',
              `destination namespace "${p.target}" is not a DNS-1123 label of at most 63 characters`,
              { path: toPath },
            ),
          );
        } else if (isSystemNamespace(p.target)) {
          out.push(
            diag('MP2514', `destination "${p.target}" is a system namespace`, { path: toPath }),
          );
        }
      }
      if (direct && p.target.length > 59) {
        out.push(
          diag(
            'MP2509',
            `destination namespace "${p.target}" has ${p.target.length} characters; the rsync route dvm-${p.target} would exceed 63`,
            {
              path: p.source === p.target ? at : [...at, 'to'],
            },
          ),
        );
      }
    }
    // With split, the plan becomes waves within the limit (plan/waves).
    if (pairs.length > limit && plan.split === undefined) {
      out.push(
        diag(
          'MP2524',
          `plan "${plan.name}" has ${pairs.length} namespaces; MTC allows ${limit} per plan`,
          { path: base },
        ),
      );
    }
  });
  return out;
}

/**
 * MTC's PlanConflict (migtools/mig-controller pkg/apis/migration/v1alpha1/migplan_types.go
 * MigPlan.HasConflict): two plans that share a cluster, either way round, and list the same namespace. We
 * compare what each plan reads (source namespaces on its source cluster) and writes (target namespaces on
 * its target cluster) per cluster, which is stricter than MTC's raw `src:dest` string match: it catches
 * `a` vs `a:b`, and an intra-cluster plan writing a namespace another plan reads.
 */
export function checkPlanConflicts(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Earlier plans by the namespaces they touch per cluster (read on the source, written on the target):
  // one lookup per namespace instead of a comparison of every pair of plans.
  const byTouch = new Map<string, number[]>();
  const file = (k: string, plan: number) => {
    const plans = byTouch.get(k);
    if (!plans) byTouch.set(k, [plan]);
    else if (plans[plans.length - 1] !== plan) plans.push(plan);
  };
  const key = (cluster: string, namespace: string) => `${cluster}\u0000${namespace}`;
  spec.spec.plans.forEach((b, j) => {
    if (!b) return;
    const pairs = namespacePairs(b);
    const touched = (p: (typeof pairs)[number]) =>
      [
        { cluster: b.source, ns: p.source },
        { cluster: b.target, ns: p.target },
      ] as const;
    const hits: { earlier: number; order: number; ns: string; cluster: string; index: number }[] =
      [];
    pairs.forEach((p, order) => {
      const seen = new Set<number>();
      for (const t of touched(p))
        for (const earlier of byTouch.get(key(t.cluster, t.ns)) ?? []) {
          if (seen.has(earlier)) continue;
          seen.add(earlier);
          hits.push({ earlier, order, ns: t.ns, cluster: t.cluster, index: p.index });
        }
    });
    // Reported plan by earlier plan, then in the order of this plan's namespaces.
    hits.sort((x, y) => x.earlier - y.earlier || x.order - y.order);
    for (const h of hits)
      out.push(
        diag(
          'MP2507',
          `namespace "${h.ns}" on cluster "${h.cluster}" is in plan "${spec.spec.plans[h.earlier]?.name ?? ''}" and plan "${b.name}"`,
          { path: ['spec', 'plans', j, 'namespaces', h.index] },
        ),
      );
    for (const p of pairs) for (const t of touched(p)) file(key(t.cluster, t.ns), j);
  });
  return out;
}
