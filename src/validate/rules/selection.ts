import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { defaults, type LabelRequirement, type Spec } from '../../spec/spec.js';

/**
 * A plan names its namespaces, selects them, or both; label requirements are well formed as Kubernetes
 * requires (pkg/labels/selector.go NewRequirement); split limits stay within the controller's, since a wave
 * above them is exactly what the split exists to avoid.
 */
export function checkSelectionAndSplit(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const c = spec.spec.controller;
  const ceilings = [
    ['maxNamespaces', c?.namespaceLimit ?? defaults.namespaceLimit, 'namespaceLimit'],
    ['maxPods', c?.podLimit ?? defaults.podLimit, 'podLimit'],
    ['maxPVs', c?.pvLimit ?? defaults.pvLimit, 'pvLimit'],
  ] as const;
  spec.spec.plans.forEach((plan, i) => {
    if (plan.namespaces === undefined && plan.select === undefined)
      out.push(
        diag('MP2550', `plan "${plan.name}" has neither namespaces nor select`, {
          path: ['spec', 'plans', i],
        }),
      );
    (plan.select?.matchExpressions ?? []).forEach((r, j) => {
      const problem = requirementProblem(r);
      if (problem !== undefined)
        out.push(
          diag('MP2551', `label requirement on "${r.key}": ${problem}`, {
            path: ['spec', 'plans', i, 'select', 'matchExpressions', j],
          }),
        );
    });
    for (const [field, ceiling, setting] of ceilings) {
      const v = plan.split?.[field];
      if (v !== undefined && v > ceiling)
        out.push(
          diag(
            'MP2552',
            `split.${field} ${v} of plan "${plan.name}" is above the controller's ${setting} ${ceiling}`,
            { path: ['spec', 'plans', i, 'split', field] },
          ),
        );
    }
  });
  return out;
}

/**
 * What NewRequirement (kubernetes/apimachinery pkg/labels/selector.go) refuses of a requirement: In and NotIn
 * need at least one value, Exists and DoesNotExist take none. Undefined when it is well formed.
 */
export function requirementProblem(r: LabelRequirement): string | undefined {
  const n = r.values?.length ?? 0;
  if ((r.operator === 'In' || r.operator === 'NotIn') && n === 0)
    return `operator ${r.operator} needs at least one value`;
  if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && n > 0)
    return `operator ${r.operator} takes no values`;
  return undefined;
}
