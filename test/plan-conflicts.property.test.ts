import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diag, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { namespacePairs, type Spec } from '../src/spec/spec.js';
import { checkPlanConflicts } from '../src/validate/rules/namespaces.js';

// checkPlanConflicts looks earlier plans up by cluster and namespace. This oracle is the plain reading of the
// rule (MTC's PlanConflict, per cluster: a namespace one plan reads on its source or writes on its target that
// another plan also touches on that cluster): compare every plan with every earlier one. Both must give the
// same diagnostics in the same order.
function oracle(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const plans = spec.spec.plans;
  const touched = (plan: (typeof plans)[number], p: ReturnType<typeof namespacePairs>[number]) => [
    [plan.source, p.source],
    [plan.target, p.target],
  ];
  for (let j = 1; j < plans.length; j++) {
    const b = plans[j];
    if (!b) continue;
    for (let i = 0; i < j; i++) {
      const a = plans[i];
      if (!a) continue;
      const byA = new Set(namespacePairs(a).flatMap((p) => touched(a, p).map((t) => t.join('/'))));
      for (const p of namespacePairs(b)) {
        const hit = touched(b, p).find((t) => byA.has(t.join('/')));
        if (hit)
          out.push(
            diag(
              'MP2507',
              `namespace "${hit[1] ?? ''}" on cluster "${hit[0] ?? ''}" is in plan "${a.name}" and plan "${b.name}"`,
              { path: ['spec', 'plans', j, 'namespaces', p.index] },
            ),
          );
      }
    }
  }
  return out;
}

const name = fc.constantFrom('a', 'b', 'c', 'd');
const entry = fc.oneof(name, fc.record({ from: name, to: name }));
const plan = fc.record({
  name: fc.constantFrom('p1', 'p2', 'p3'),
  source: fc.constantFrom('src', 'dst', 'other'),
  target: fc.constantFrom('src', 'dst', 'other'),
  namespaces: fc.array(entry, { maxLength: 4 }),
});

describe('plan conflicts through the namespace index', () => {
  it('equal a comparison of every pair of plans, in the same order', () => {
    fc.assert(
      fc.property(fc.array(plan, { maxLength: 6 }), (plans) => {
        const spec = { spec: { plans } } as unknown as Spec;
        expect(checkPlanConflicts(spec)).toEqual(oracle(spec));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a conflict (the test data do conflict)', () => {
    const spec = {
      spec: {
        plans: [
          { name: 'p1', source: 'src', target: 'dst', namespaces: ['a', { from: 'b', to: 'c' }] },
          { name: 'p2', source: 'other', target: 'dst', namespaces: [{ from: 'x', to: 'c' }, 'a'] },
        ],
      },
    } as unknown as Spec;
    expect(checkPlanConflicts(spec).map((d) => [d.message, d.path])).toEqual([
      [
        'namespace "c" on cluster "dst" is in plan "p1" and plan "p2"',
        ['spec', 'plans', 1, 'namespaces', 0],
      ],
      [
        'namespace "a" on cluster "dst" is in plan "p1" and plan "p2"',
        ['spec', 'plans', 1, 'namespaces', 1],
      ],
    ]);
  });
});
