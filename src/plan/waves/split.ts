import type { Dependency } from './dependencies.js';

/** What one namespace weighs against the limits. */
export interface NamespaceLoad {
  namespace: string;
  /** Running pods (what PodLimitExceeded counts). */
  pods: number;
  /** Bound PVCs with their PV (what the MigPlan lists, PvLimitExceeded). */
  pvs: number;
  /** Sum of the bound PVs' capacities: the data to copy. */
  bytes: number;
}

/** The limits of one wave; bytes is optional (no data limit). */
export interface WaveLimits {
  namespaces: number;
  pods: number;
  pvs: number;
  bytes?: number;
}

export interface Wave {
  /** 1-based. */
  number: number;
  namespaces: string[];
  pods: number;
  pvs: number;
  bytes: number;
}

/** Namespaces that must share a wave (a dependency cycle, or a `together` dependency). */
export interface Group {
  namespaces: string[];
  /** Why they are together: the dependencies inside the group. */
  dependencies: Dependency[];
}

export interface Assignment {
  waves: Wave[];
  /** Wave number by namespace. */
  waveOf: Map<string, number>;
  /** Why each namespace is in its wave. */
  reasons: Map<string, string>;
  /** Groups of more than one namespace. */
  groups: Group[];
  /** Groups of more than one namespace that exceed a limit on their own: they cannot be split. */
  tooLarge: { group: Group; limit: string }[];
  /** Single namespaces that exceed a limit on their own: each gets a wave of its own. */
  oversize: { namespace: string; limit: string }[];
}

/**
 * Splits namespaces into waves within `limits`, so that every dependency's `to` is in the `from`'s wave or
 * an earlier one (`together` ones: the same wave). Pure and deterministic: the result does not depend on the
 * order of `loads` or `dependencies`.
 *
 * 1. Groups: strongly connected components of the dependency graph (a `together` dependency counts both
 *    ways), found with Tarjan's algorithm. A group moves as one unit.
 * 2. Order: groups in dependency order (Kahn's algorithm); among the ready ones the heaviest first (data,
 *    then pods, then PVs, then name), which packs better.
 * 3. Placement: as many waves as the totals need at least (ceil(total / limit) per dimension) are opened;
 *    each group goes to the wave, at or after the last wave of what it depends on, that has room and holds
 *    the least data (then pods, then fewer namespaces, then the lower number). With `previous` (wave number
 *    by namespace, e.g. from an earlier compile), a group whose namespaces were all in one wave stays there
 *    when that still respects its dependencies and has room, so adding a namespace changes only the wave it
 *    lands in. No wave with room: a new wave is opened.
 * 4. Waves left empty are dropped and the rest renumbered in order (kept, numbered as opened, with
 *    `keepEmpty`).
 */
export function assignWaves(
  loads: readonly NamespaceLoad[],
  dependencies: readonly Dependency[],
  limits: WaveLimits,
  previous: ReadonlyMap<string, number> = new Map(),
  options: { keepEmpty?: boolean } = {},
): Assignment {
  const sorted = [...loads].sort((a, b) => cmp(a.namespace, b.namespace));
  const index = new Map(sorted.map((l, i) => [l.namespace, i]));
  const deps = dependencies
    .filter((d) => index.has(d.from) && index.has(d.to) && d.from !== d.to)
    // Every field decides, so two dependencies between the same pair (one `together`, one not) are listed in the
    // same order whatever order they came in.
    .sort(
      (a, b) =>
        cmp(a.from, b.from) ||
        cmp(a.to, b.to) ||
        cmp(a.rule, b.rule) ||
        Number(a.together) - Number(b.together) ||
        cmp(a.detail, b.detail),
    );
  const out: number[][] = sorted.map(() => []);
  for (const d of deps) {
    const from = index.get(d.from) as number;
    const to = index.get(d.to) as number;
    out[from]?.push(to);
    if (d.together) out[to]?.push(from);
  }
  for (const edges of out) edges.sort((a, b) => a - b);

  const componentOf = stronglyConnected(out);
  const componentCount = maxOf(componentOf, -1) + 1;
  const members: number[][] = Array.from({ length: componentCount }, () => []);
  componentOf.forEach((c, i) => members[c]?.push(i));
  const load = members.map((ms) => ({
    namespaces: ms.length,
    pods: sum(ms, (i) => sorted[i]?.pods ?? 0),
    pvs: sum(ms, (i) => sorted[i]?.pvs ?? 0),
    bytes: sum(ms, (i) => sorted[i]?.bytes ?? 0),
    name: sorted[ms[0] ?? 0]?.namespace ?? '',
  }));
  const groupDeps = members.map(() => new Set<number>());
  const dependents = members.map(() => new Set<number>());
  for (const [i, edges] of out.entries())
    for (const j of edges) {
      const a = componentOf[i] as number;
      const b = componentOf[j] as number;
      if (a === b) continue;
      groupDeps[a]?.add(b);
      dependents[b]?.add(a);
    }

  const groups: Group[] = [];
  const tooLarge: Assignment['tooLarge'] = [];
  const oversize: Assignment['oversize'] = [];
  const groupOf = new Map<number, Group>();
  members.forEach((ms, c) => {
    const over = exceeded(load[c] as Load, limits);
    if (ms.length > 1) {
      const names = ms.map((i) => sorted[i]?.namespace ?? '');
      const inside = new Set(names);
      const group: Group = {
        namespaces: names,
        dependencies: deps.filter((d) => inside.has(d.from) && inside.has(d.to)),
      };
      groups.push(group);
      groupOf.set(c, group);
      if (over) tooLarge.push({ group, limit: over });
    } else if (over) oversize.push({ namespace: load[c]?.name ?? '', limit: over });
  });

  // Kahn's algorithm: a group is ready once everything it depends on is placed.
  const waiting = groupDeps.map((s) => s.size);
  // How many levels of groups wait on this one: those go first, so what they wait for never ends up in
  // a late wave that leaves them no room.
  const height = longestDependentChain(groupDeps, dependents);
  const heavier = (a: number, b: number) => {
    const x = load[a] as Load & { name: string };
    const y = load[b] as Load & { name: string };
    return (
      (height[b] ?? 0) - (height[a] ?? 0) ||
      y.bytes - x.bytes ||
      y.pods - x.pods ||
      y.pvs - x.pvs ||
      cmp(x.name, y.name)
    );
  };
  const ready = waiting.flatMap((n, c) => (n === 0 ? [c] : []));
  const totals = {
    namespaces: sorted.length,
    pods: sum(sorted, (l) => l.pods),
    pvs: sum(sorted, (l) => l.pvs),
    bytes: sum(sorted, (l) => l.bytes),
  };
  const floor = Math.max(
    1,
    Math.ceil(totals.namespaces / limits.namespaces),
    Math.ceil(totals.pods / limits.pods),
    Math.ceil(totals.pvs / limits.pvs),
    limits.bytes ? Math.ceil(totals.bytes / limits.bytes) : 1,
    maxOf(
      [...previous.values()].filter((n) => Number.isInteger(n) && n > 0),
      1,
    ),
  );
  const waves: (Load & { members: number[] })[] = Array.from(
    { length: sorted.length === 0 ? 0 : floor },
    () => ({ namespaces: 0, pods: 0, pvs: 0, bytes: 0, members: [] }),
  );
  const placed: number[] = members.map(() => -1);
  const why = new Map<number, string>();
  // The wave (0-based) each group had before, when all its namespaces that had one were in one; its room is reserved
  // until they are placed, so a newcomer placed earlier cannot push them out.
  // A namespace new to the group (no previous wave) joins the others where they were.
  const keptAt: number[] = members.map((ms) => {
    const before = ms.flatMap((i) => {
      const p = previous.get(sorted[i]?.namespace ?? '');
      return p === undefined ? [] : [p];
    });
    const p = before[0];
    return p !== undefined && p >= 1 && before.every((x) => x === p) ? p - 1 : -1;
  });
  const reserved: Load[] = waves.map(() => ({ namespaces: 0, pods: 0, pvs: 0, bytes: 0 }));
  keptAt.forEach((w, c) => {
    if (w >= 0) reserved[w] = add(reserved[w] as Load, load[c] as Load);
  });
  // A wave whose kept groups no longer fit together (a newcomer joined a group there and made it larger): the
  // spill. Groups nothing else waits on leave first (they can go to any later wave without moving others),
  // the heaviest first (one departure frees the most room), until the rest fits; at least one group stays.
  const spillFirst = (a: number, b: number) =>
    Number((dependents[a]?.size ?? 0) > 0) - Number((dependents[b]?.size ?? 0) > 0) ||
    heavier(a, b);
  reserved.forEach((r, w) => {
    if (!exceeded(r, limits)) return;
    const here = keptAt.flatMap((k, c) => (k === w ? [c] : [])).sort(spillFirst);
    // One group whose departure is enough, when there is one: then only one other wave changes.
    const one = here.find((c) => !exceeded(subtract(r, load[c] as Load), limits));
    if (one !== undefined && here.length > 1) {
      keptAt[one] = -1;
      reserved[w] = subtract(r, load[one] as Load);
      return;
    }
    for (const c of here.slice(0, -1)) {
      if (!exceeded(reserved[w] as Load, limits)) break;
      keptAt[c] = -1;
      reserved[w] = subtract(reserved[w] as Load, load[c] as Load);
    }
  });
  while (ready.length) {
    ready.sort(heavier);
    const c = ready.shift() as number;
    const l = load[c] as Load & { name: string };
    const kept = keptAt[c] ?? -1;
    if (kept >= 0) reserved[kept] = subtract(reserved[kept] as Load, l);
    const minWave = maxOf(
      [...(groupDeps[c] ?? [])].map((d) => placed[d] ?? 0),
      0,
    );
    const fits = (w: number) => {
      const wave = waves[w];
      if (wave === undefined) return false;
      const taken = reserved[w] ? add(wave, reserved[w]) : wave;
      return taken.namespaces === 0 || !exceeded(add(taken, l), limits);
    };
    let chosen = -1;
    if (kept >= minWave && fits(kept)) {
      chosen = kept;
      why.set(c, 'kept where the lock file has it');
    } else {
      for (let w = minWave; w < waves.length; w++) {
        if (!fits(w)) continue;
        if (chosen < 0 || lighter(waves[w] as Load, waves[chosen] as Load)) chosen = w;
      }
      if (chosen < 0) {
        waves.push({ namespaces: 0, pods: 0, pvs: 0, bytes: 0, members: [] });
        reserved.push({ namespaces: 0, pods: 0, pvs: 0, bytes: 0 });
        chosen = waves.length - 1;
        why.set(c, 'a new wave: no wave at or after what it needs had room');
      } else why.set(c, 'the wave with the least data to copy that had room');
    }
    const wave = waves[chosen] as Load & { members: number[] };
    Object.assign(wave, add(wave, l));
    wave.members.push(c);
    placed[c] = chosen;
    for (const d of dependents[c] ?? []) {
      waiting[d] = (waiting[d] ?? 0) - 1;
      if (waiting[d] === 0) ready.push(d);
    }
  }

  // Compact: drop empty waves, keep the order. With keepEmpty a wave keeps its number (the caller maps the
  // waves a lock file recorded, and closes those left empty).
  const numbering = new Map<number, number>();
  const result: Wave[] = [];
  waves.forEach((w, i) => {
    if (w.members.length === 0 && !options.keepEmpty) return;
    numbering.set(i, result.length + 1);
    result.push({
      number: result.length + 1,
      namespaces: w.members
        .flatMap((c) => members[c]?.map((m) => sorted[m]?.namespace ?? '') ?? [])
        .sort(cmp),
      pods: w.pods,
      pvs: w.pvs,
      bytes: w.bytes,
    });
  });
  const waveOf = new Map<string, number>();
  const reasons = new Map<string, string>();
  members.forEach((ms, c) => {
    const n = numbering.get(placed[c] ?? -1) ?? 0;
    const group = groupOf.get(c);
    const base = why.get(c) ?? '';
    for (const m of ms) {
      const name = sorted[m]?.namespace ?? '';
      waveOf.set(name, n);
      const mates = group?.namespaces.filter((x) => x !== name) ?? [];
      const inside = new Set(group?.namespaces ?? [name]);
      const needs = deps.filter((d) => d.from === name && !inside.has(d.to));
      reasons.set(
        name,
        [
          mates.length
            ? `kept with ${mates.join(', ')} (${[...new Set(group?.dependencies.map((d) => d.rule))].join(', ')})`
            : '',
          needs.length ? `after or with ${needs.map((d) => `${d.to} (${d.rule})`).join(', ')}` : '',
          base,
        ]
          .filter(Boolean)
          .join('; '),
      );
    }
  });
  return { waves: result, waveOf, reasons, groups, tooLarge, oversize };
}

interface Load {
  namespaces: number;
  pods: number;
  pvs: number;
  bytes: number;
}

const subtract = (a: Load, b: Load): Load => ({
  namespaces: a.namespaces - b.namespaces,
  pods: a.pods - b.pods,
  pvs: a.pvs - b.pvs,
  bytes: a.bytes - b.bytes,
});

const add = (a: Load, b: Load): Load => ({
  namespaces: a.namespaces + b.namespaces,
  pods: a.pods + b.pods,
  pvs: a.pvs + b.pvs,
  bytes: a.bytes + b.bytes,
});

/** The first limit `l` exceeds, as text; undefined within all of them. */
export function exceeded(l: Load, limits: WaveLimits): string | undefined {
  if (l.namespaces > limits.namespaces) return `${l.namespaces} namespaces > ${limits.namespaces}`;
  if (l.pods > limits.pods) return `${l.pods} pods > ${limits.pods}`;
  if (l.pvs > limits.pvs) return `${l.pvs} PVs > ${limits.pvs}`;
  if (limits.bytes !== undefined && l.bytes > limits.bytes)
    return `${l.bytes} bytes > ${limits.bytes}`;
  return undefined;
}

const lighter = (a: Load, b: Load) =>
  a.bytes !== b.bytes
    ? a.bytes < b.bytes
    : a.pods !== b.pods
      ? a.pods < b.pods
      : a.namespaces < b.namespaces;

/** For each group, the longest chain of groups that (transitively) depend on it, 0 for none. */
function longestDependentChain(
  groupDeps: readonly ReadonlySet<number>[],
  dependents: readonly ReadonlySet<number>[],
): number[] {
  // The condensation is acyclic: peel groups without dependents first, then those only they depended on.
  const height = groupDeps.map(() => 0);
  const left = dependents.map((d) => d.size);
  const queue = left.flatMap((n, c) => (n === 0 ? [c] : []));
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i] as number;
    for (const d of groupDeps[c] ?? []) {
      height[d] = Math.max(height[d] ?? 0, (height[c] ?? 0) + 1);
      left[d] = (left[d] ?? 0) - 1;
      if (left[d] === 0) queue.push(d);
    }
  }
  return height;
}

/** The largest of `xs`, or `floor` when larger or when empty; a loop, so no length overflows the stack. */
function maxOf(xs: readonly number[], floor: number): number {
  let m = floor;
  for (const x of xs) if (x > m) m = x;
  return m;
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Tarjan's strongly connected components, iterative (2,000 namespaces in a chain would overflow a recursive
 * one). Components are numbered in the order they complete; the numbering only names them.
 */
function stronglyConnected(out: readonly (readonly number[])[]): number[] {
  const n = out.length;
  const order: number[] = new Array<number>(n).fill(-1);
  const low: number[] = new Array<number>(n).fill(0);
  const onStack: boolean[] = new Array<boolean>(n).fill(false);
  const component: number[] = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const frames: { v: number; edge: number }[] = [{ v: root, edge: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length) {
      const frame = frames[frames.length - 1] as { v: number; edge: number };
      const v = frame.v;
      const edges = out[v] ?? [];
      if (frame.edge < edges.length) {
        const w = edges[frame.edge++] as number;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          frames.push({ v: w, edge: 0 });
        } else if (onStack[w]) low[v] = Math.min(low[v] as number, order[w] as number);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v] as number, low[v] as number);
      if (low[v] === order[v]) {
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = false;
          component[w] = components;
        } while (w !== v);
        components++;
      }
    }
  }
  return component;
}
