import fc from 'fast-check';
import type { Dependency } from '../../src/plan/waves/dependencies.js';
import type { NamespaceLoad, WaveLimits } from '../../src/plan/waves/split.js';

// Random wave-split inputs for the property tests of test/waves*.property.test.ts.

export const rules = ['rolebinding', 'networkpolicy', 'imagestream', 'externalname'] as const;

export interface Case {
  loads: NamespaceLoad[];
  deps: Dependency[];
  limits: WaveLimits;
}

export const caseArb: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 60 }),
    limits: fc.record({
      namespaces: fc.integer({ min: 1, max: 12 }),
      pods: fc.integer({ min: 5, max: 120 }),
      pvs: fc.integer({ min: 2, max: 40 }),
      bytes: fc.option(fc.integer({ min: 50, max: 2000 }), { nil: undefined }),
    }),
    seed: fc.array(
      fc.record({
        pods: fc.integer({ min: 0, max: 30 }),
        pvs: fc.integer({ min: 0, max: 8 }),
        bytes: fc.integer({ min: 0, max: 400 }),
      }),
      { minLength: 60, maxLength: 60 },
    ),
    edges: fc.array(
      fc.record({
        from: fc.nat(59),
        to: fc.nat(59),
        rule: fc.constantFrom(...rules),
        together: fc.boolean(),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ n, limits, seed, edges }) => {
    const name = (i: number) => `ns-${String(i).padStart(2, '0')}`;
    const cleanLimits: WaveLimits = {
      namespaces: limits.namespaces,
      pods: limits.pods,
      pvs: limits.pvs,
      ...(limits.bytes !== undefined ? { bytes: limits.bytes } : {}),
    };
    return {
      loads: seed.slice(0, n).map((s, i) => ({ namespace: name(i), ...s })),
      deps: edges
        .filter((e) => e.from < n && e.to < n)
        .map((e) => ({
          from: name(e.from),
          to: name(e.to),
          rule: e.rule,
          together: e.together,
          detail: `${e.rule} ${e.from}->${e.to}`,
        })),
      limits: cleanLimits,
    };
  });

export const shuffled = <T>(xs: readonly T[], keys: readonly number[]): T[] =>
  xs
    .map((x, i) => ({ x, k: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.k - b.k || b.i - a.i)
    .map((e) => e.x);
