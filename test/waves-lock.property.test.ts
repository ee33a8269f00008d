import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dependency } from '../src/plan/waves/dependencies.js';
import { parseLock, renderLock, type LockedPlan } from '../src/plan/waves/lock.js';
import type { NamespaceLoad } from '../src/plan/waves/split.js';
import { assignSticky, type StickyWave } from '../src/plan/waves/sticky.js';
import { caseArb, shuffled, type Case } from './helpers/waves-arb.js';

// Properties of the sticky assignment with a lock file (issue 15, docs/waves.md "Lock file"): a compile with its
// own lock changes nothing; adding or removing one namespace changes at most the wave it lands in or leaves (two
// when its group must spill out of a full wave); done waves never change; the order of the input never matters.

const first = ({ loads, deps, limits }: Case) =>
  assignSticky(loads, deps, limits, undefined, [], false).lock;

const named = (lock: LockedPlan): LockedPlan => ({ ...lock, name: 'p' });

/** The waves that differ (by number: namespaces or state) between two results. */
function changed(before: readonly StickyWave[], after: readonly StickyWave[]): number[] {
  const key = (w: StickyWave) => `${w.state}:${w.namespaces.join(',')}`;
  const a = new Map(before.map((w) => [w.number, key(w)]));
  const b = new Map(after.map((w) => [w.number, key(w)]));
  return [...new Set([...a.keys(), ...b.keys()])].filter((n) => a.get(n) !== b.get(n));
}

const lockWaves = (lock: LockedPlan): StickyWave[] =>
  lock.waves.map((w) => ({
    number: w.number,
    namespaces: w.namespaces,
    state: w.closed ? 'closed' : 'open',
  }));

const newLoad = fc.record({
  pods: fc.integer({ min: 0, max: 30 }),
  pvs: fc.integer({ min: 0, max: 8 }),
  bytes: fc.integer({ min: 0, max: 400 }),
});

describe('assignSticky with a lock file', () => {
  it('compiling with its own lock changes nothing (compile --check passes right after compile)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const lock = named(first(c));
        const again = assignSticky(c.loads, c.deps, c.limits, lock, [], false);
        expect(renderLock({ plans: [named(again.lock)] }, 's.yaml')).toBe(
          renderLock({ plans: [lock] }, 's.yaml'),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the lock file reads back as written', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const lock = named(first(c));
        const parsed = parseLock(renderLock({ plans: [lock] }, 's.yaml'));
        expect(parsed).toEqual({ ok: true, lock: { plans: [lock] } });
      }),
      { numRuns: 100 },
    );
  });

  it('adding one namespace that needs others changes at most the wave it lands in', () => {
    fc.assert(
      fc.property(caseArb, newLoad, fc.array(fc.nat(59), { maxLength: 3 }), (c, extra, needs) => {
        const lock = named(first(c));
        const added: NamespaceLoad = { namespace: 'zz-new', ...extra };
        const newDeps: Dependency[] = needs
          .filter((i) => i < c.loads.length)
          .map((i) => ({
            from: 'zz-new',
            to: c.loads[i]?.namespace ?? '',
            rule: 'imagestream',
            together: false,
            detail: 'new',
          }));
        const after = assignSticky(
          [...c.loads, added],
          [...c.deps, ...newDeps],
          c.limits,
          lock,
          [],
          false,
        );
        const diff = changed(lockWaves(lock), after.waves);
        expect(diff.length).toBeLessThanOrEqual(1);
        expect(diff.map((n) => after.waveOf.get('zz-new') === n)).not.toContain(false);
      }),
      { numRuns: 300 },
    );
  });

  it('adding one namespace that must move together with an independent one changes at most two waves (the spill)', () => {
    fc.assert(
      fc.property(caseArb, newLoad, fc.nat(59), (c, extra, mate) => {
        fc.pre(mate < c.loads.length);
        // The bound is two when nothing waits on the namespace that spills: namespaces that need it follow it
        // when no earlier wave has room for it (docs/waves.md).
        const name = c.loads[mate]?.namespace ?? '';
        fc.pre(!c.deps.some((d) => d.from === name || d.to === name));
        // A group over a limit on its own is an error (MP4101): such a compile writes no lock.
        fc.pre(
          assignSticky(c.loads, c.deps, c.limits, undefined, [], false).movable.tooLarge.length ===
            0,
        );
        const lock = named(first(c));
        const added: NamespaceLoad = { namespace: 'zz-new', ...extra };
        const dep: Dependency = {
          from: 'zz-new',
          to: c.loads[mate]?.namespace ?? '',
          rule: 'networkpolicy',
          together: true,
          detail: 'new',
        };
        const after = assignSticky(
          [...c.loads, added],
          [...c.deps, dep],
          c.limits,
          lock,
          [],
          false,
        );
        fc.pre(after.movable.tooLarge.length === 0);
        expect(changed(lockWaves(lock), after.waves).length).toBeLessThanOrEqual(2);
        expect(after.waveOf.get('zz-new')).toBe(after.waveOf.get(dep.to));
      }),
      { numRuns: 300 },
    );
  });

  it('removing one namespace changes at most the wave it leaves (closed when it was the last one)', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(59), (c, gone) => {
        fc.pre(gone < c.loads.length);
        fc.pre(
          assignSticky(c.loads, c.deps, c.limits, undefined, [], false).movable.tooLarge.length ===
            0,
        );
        const lock = named(first(c));
        const name = c.loads[gone]?.namespace ?? '';
        const after = assignSticky(
          c.loads.filter((l) => l.namespace !== name),
          c.deps.filter((d) => d.from !== name && d.to !== name),
          c.limits,
          lock,
          [],
          false,
        );
        const diff = changed(lockWaves(lock), after.waves);
        expect(diff.length).toBeLessThanOrEqual(1);
        const left = lock.waves.find((w) => w.namespaces.includes(name))?.number;
        if (diff.length) expect(diff[0]).toBe(left);
      }),
      { numRuns: 300 },
    );
  });

  it('done waves never change, whatever the selection becomes, and nothing else lands in them', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.nat(59), { maxLength: 10 }),
        fc.array(fc.nat(59), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
        fc.boolean(),
        (c, removed, added, doneRaw, rebalance) => {
          const lock = named(first(c));
          const done = [...new Set(doneRaw)].filter((n) => lock.waves.some((w) => w.number === n));
          const gone = new Set(removed.map((i) => `ns-${String(i).padStart(2, '0')}`));
          const loads = [
            ...c.loads.filter((l) => !gone.has(l.namespace)),
            ...added.map((i) => ({ namespace: `new-${i}`, pods: i % 7, pvs: i % 3, bytes: i * 5 })),
          ].filter((l, i, all) => all.findIndex((x) => x.namespace === l.namespace) === i);
          const present = new Set(loads.map((l) => l.namespace));
          const deps = c.deps.filter((d) => present.has(d.from) && present.has(d.to));
          const after = assignSticky(loads, deps, c.limits, lock, done, rebalance);
          expect(after.unknownDone).toEqual([]);
          for (const n of done) {
            const was = lock.waves.find((w) => w.number === n);
            const now = after.waves.find((w) => w.number === n);
            expect(now?.namespaces).toEqual(was?.namespaces);
            expect(now?.state).toBe('done');
            for (const ns of was?.namespaces ?? []) expect(after.waveOf.get(ns)).toBe(n);
          }
          // Every other namespace is somewhere else, exactly once.
          const elsewhere = after.waves
            .filter((w) => w.state === 'open')
            .flatMap((w) => w.namespaces);
          expect(new Set(elsewhere).size).toBe(elsewhere.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the result does not depend on the order of the namespaces, the dependencies or the lock', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.integer(), { minLength: 1, maxLength: 80 }),
        fc.array(fc.nat(59), { maxLength: 5 }),
        (c, keys, removed) => {
          const lock = named(first(c));
          const gone = new Set(removed.map((i) => `ns-${String(i).padStart(2, '0')}`));
          const loads = c.loads.filter((l) => !gone.has(l.namespace));
          const deps = c.deps.filter((d) => !gone.has(d.from) && !gone.has(d.to));
          const a = assignSticky(loads, deps, c.limits, lock, [], false);
          const shuffledLock: LockedPlan = {
            name: 'p',
            waves: shuffled(
              lock.waves.map((w) => ({ ...w, namespaces: shuffled(w.namespaces, keys) })),
              keys,
            ),
          };
          const b = assignSticky(
            shuffled(loads, keys),
            shuffled(deps, [...keys].reverse()),
            c.limits,
            shuffledLock,
            [],
            false,
          );
          expect(b.waves).toEqual(a.waves);
          expect(b.lock).toEqual(a.lock);
          expect([...b.reasons].sort()).toEqual([...a.reasons].sort());
        },
      ),
      { numRuns: 200 },
    );
  });
});
