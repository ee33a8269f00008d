import { cmp } from '../../util/objects.js';
import type { Dependency } from './dependencies.js';
import type { LockedPlan, LockedWave } from './lock.js';
import { assignWaves, type Assignment, type NamespaceLoad, type WaveLimits } from './split.js';

export type WaveState = 'open' | 'done' | 'closed';

export interface StickyWave {
  number: number;
  /** Source namespaces, sorted. */
  namespaces: string[];
  state: WaveState;
}

export interface StickyAssignment {
  /** The assignment of the namespaces that may move (not in a done wave), numbered as in `waves`. */
  movable: Assignment;
  /** Every wave of the plan, by number: open ones, done (frozen) ones, closed ones. */
  waves: StickyWave[];
  /** Wave number by namespace, done waves included. */
  waveOf: Map<string, number>;
  reasons: Map<string, string>;
  /** split.done numbers the lock does not record: nothing says what ran in them. */
  unknownDone: number[];
  /** Dependencies between a done wave's namespace and one still to move that its order cannot honour. */
  crossing: Dependency[];
  /** Waves open in the lock that are closed now. */
  newlyClosed: number[];
  /** What the lock file records next. */
  lock: LockedPlan;
}

/**
 * The wave assignment with a lock (docs/waves.md, "Lock file"):
 *
 * - Waves in `done` are frozen: they keep the lock's number and namespaces, whatever the selection says now,
 *   and nothing new lands in them. A dependency on a done namespace is met (it has moved) unless the two must
 *   move together or the done one needs the other: those are `crossing`.
 * - The other namespaces go through assignWaves with the lock's open waves as the previous assignment (none
 *   with `rebalance`): each keeps its wave while that respects its dependencies and limits.
 * - Numbers: the lock's open waves keep theirs, in order; waves beyond them get numbers after every number the
 *   lock has used (closed and done ones included), so a MigPlan name never changes meaning. A lock's open wave
 *   left empty is closed (its MigPlan is emitted with spec.closed); a closed wave stays closed.
 *
 * Without a lock this is assignWaves as it is: waves 1..n.
 */
export function assignSticky(
  loads: readonly NamespaceLoad[],
  dependencies: readonly Dependency[],
  limits: WaveLimits,
  locked: LockedPlan | undefined,
  done: readonly number[],
  rebalance: boolean,
): StickyAssignment {
  // By number, names sorted: a lock read in any order gives the same result.
  const lockWaves = [...(locked?.waves ?? [])]
    .sort((a, b) => a.number - b.number)
    .map((w) => ({ ...w, namespaces: [...w.namespaces].sort(cmp) }));
  const doneSet = new Set(done);
  const unknownDone = [...doneSet]
    .filter((n) => !lockWaves.some((w) => w.number === n))
    .sort((a, b) => a - b);
  const frozen = lockWaves.filter((w) => doneSet.has(w.number) && !w.closed);
  const frozenOf = new Map<string, number>();
  for (const w of frozen) for (const n of w.namespaces) frozenOf.set(n, w.number);

  const movableLoads = loads.filter((l) => !frozenOf.has(l.namespace));
  const movableDeps: Dependency[] = [];
  const crossing: Dependency[] = [];
  for (const d of dependencies) {
    const from = frozenOf.has(d.from);
    const to = frozenOf.has(d.to);
    if (!from && !to) movableDeps.push(d);
    // `from` needs a namespace that has already moved: met. Both done: history.
    else if (from !== to && !(to && !d.together)) crossing.push(d);
  }

  const open = lockWaves.filter((w) => !w.closed && !doneSet.has(w.number));
  const slotOf = new Map(open.map((w, i) => [w.number, i + 1]));
  const previous = new Map<string, number>();
  if (!rebalance)
    for (const w of open) for (const n of w.namespaces) previous.set(n, slotOf.get(w.number) ?? 0);
  const a = assignWaves(movableLoads, movableDeps, limits, previous, { keepEmpty: true });

  // Slot -> number: the lock's open waves first, then fresh numbers for non-empty new waves.
  let next = 1;
  for (const n of [...lockWaves.map((w) => w.number), ...doneSet]) if (n >= next) next = n + 1;
  const numberOf = new Map<number, number>();
  for (const w of a.waves) {
    const kept = open[w.number - 1];
    if (kept) numberOf.set(w.number, kept.number);
    else if (w.namespaces.length) numberOf.set(w.number, next++);
  }
  const renumbered = a.waves
    .filter((w) => numberOf.has(w.number) && w.namespaces.length > 0)
    .map((w) => ({ ...w, number: numberOf.get(w.number) ?? 0 }));
  const movable: Assignment = {
    ...a,
    waves: renumbered,
    waveOf: new Map([...a.waveOf].map(([ns, s]) => [ns, numberOf.get(s) ?? 0])),
  };

  const used = new Set(renumbered.map((w) => w.number));
  const waves: StickyWave[] = [
    ...renumbered.map((w) => ({
      number: w.number,
      namespaces: w.namespaces,
      state: 'open' as const,
    })),
    ...frozen.map((w) => ({ number: w.number, namespaces: w.namespaces, state: 'done' as const })),
    // Closed before, or open in the lock and now empty: closed, with the namespaces it last had.
    ...lockWaves
      .filter((w) => w.closed || (!doneSet.has(w.number) && !used.has(w.number)))
      .map((w) => ({ number: w.number, namespaces: w.namespaces, state: 'closed' as const })),
  ].sort((x, y) => x.number - y.number);

  const waveOf = new Map(movable.waveOf);
  const reasons = new Map(a.reasons);
  for (const [ns, n] of frozenOf) {
    waveOf.set(ns, n);
    reasons.set(ns, `wave ${n} is done (split.done): frozen as the lock file records it`);
  }
  const lock: LockedPlan = {
    name: locked?.name ?? '',
    waves: waves.map((w): LockedWave => ({
      number: w.number,
      namespaces: w.namespaces,
      ...(w.state === 'closed' ? { closed: true } : {}),
    })),
  };
  const newlyClosed = waves
    .filter((w) => w.state === 'closed' && open.some((o) => o.number === w.number))
    .map((w) => w.number);
  return { movable, waves, waveOf, reasons, unknownDone, crossing, newlyClosed, lock };
}
