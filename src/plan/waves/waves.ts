import { diag, type Diagnostic, type SpecPath } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import { byName, inNamespace } from '../../resolve/facts-index.js';
import { namespacePairs, type NamespaceEntry, type Plan } from '../../spec/spec.js';
import { quantityBytes } from '../quantity.js';
import {
  dependencyChecks,
  findDependencies,
  type Dependency,
  type RuleCheck,
} from './dependencies.js';
import { selectNamespaces, type Excluded } from './select.js';
import type { LockedPlan } from './lock.js';
import { type Group, type NamespaceLoad, type WaveLimits } from './split.js';
import { assignSticky, type WaveState } from './sticky.js';

export type { Dependency, RuleCheck } from './dependencies.js';
export type { Group, NamespaceLoad, WaveLimits } from './split.js';
export type { WaveState } from './sticky.js';

/** The MTC limits in force (spec.controller, else MTC's defaults). */
export interface ControllerLimits {
  namespaceLimit: number;
  podLimit: number;
  pvLimit: number;
}

export interface SelectAndSplitInput {
  /** The plan as written: explicit namespaces, select and split. */
  plan: Plan;
  /** Its index in spec.plans, for diagnostics. */
  planIndex: number;
  /** The source cluster's facts. */
  source: ClusterFacts;
  controller: ControllerLimits;
  /** Namespaces that other plans on the same source cluster name explicitly: plan name by namespace. */
  taken?: ReadonlyMap<string, string>;
  /** This plan's waves in the lock file, kept where still valid (see assignSticky). */
  locked?: LockedPlan;
  /** compile --rebalance: the lock's open waves are assigned afresh (done waves stay frozen). */
  rebalance?: boolean;
}

export interface WavePlan {
  /** The MigPlan name: `<plan>-<n>`, or the plan's own name when it is not split. */
  name: string;
  number: number;
  namespaces: NamespaceEntry[];
  pods: number;
  pvs: number;
  bytes: number;
  /** open: to run; done: frozen by split.done; closed: emptied since the lock recorded it (MigPlan closed). */
  state: WaveState;
}

/** The resolved selection and its split, as the report shows it. */
export interface PlanWaves {
  plan: string;
  planIndex: number;
  split: boolean;
  /** Every namespace of the plan (explicit and selected), sorted, with why it is in. */
  selection: { namespace: string; target: string; why: string }[];
  excluded: Excluded[];
  limits: WaveLimits;
  loads: NamespaceLoad[];
  checks: RuleCheck[];
  dependencies: Dependency[];
  groups: Group[];
  waves: WavePlan[];
  /** Which wave each namespace is in and why, sorted by wave then namespace. */
  assignment: { namespace: string; wave: string; why: string }[];
  /** Split plans: what the lock file records next. */
  lock?: LockedPlan;
}

/** Where the limits of a wave come from: split's own, capped by the controller's. */
export function waveLimits(plan: Plan, controller: ControllerLimits): WaveLimits {
  const s = plan.split;
  const limits: WaveLimits = {
    namespaces: Math.min(s?.maxNamespaces ?? controller.namespaceLimit, controller.namespaceLimit),
    pods: Math.min(s?.maxPods ?? controller.podLimit, controller.podLimit),
    pvs: Math.min(s?.maxPVs ?? controller.pvLimit, controller.pvLimit),
  };
  if (s?.maxData !== undefined) limits.bytes = quantityBytes(s.maxData);
  return limits;
}

/**
 * What a namespace weighs: its Running pods (mig-controller pkg/controller/migplan/validation.go
 * validatePodProperties counts those against PodLimit), its bound claims with their PV (pvlist.go lists
 * them; PvLimit counts that list) and the PVs' capacity.
 */
export function namespaceLoad(source: ClusterFacts, namespace: string): NamespaceLoad {
  const pvs = byName(source.pvs);
  let count = 0;
  let bytes = 0;
  for (const c of inNamespace(source.pvcs, namespace)) {
    const pv = c.phase === 'Bound' && c.volumeName ? pvs.get(c.volumeName) : undefined;
    if (!pv || c.ownedByPvc) continue;
    count++;
    bytes += quantityBytes(pv.capacity);
  }
  return {
    namespace,
    pods: inNamespace(source.pods, namespace).filter((p) => p.phase === 'Running').length,
    pvs: count,
    bytes,
  };
}

/**
 * Namespace selection and automatic split, as one pure function (also for `migplan init`): the plan's
 * explicit namespaces plus what `select` picks from the source's facts, then, with `split`, waves within
 * the limits that keep every dependency found in the facts (docs/waves.md). Without `split` there is one
 * wave named as the plan.
 */
export function selectAndSplit(input: SelectAndSplitInput): {
  value: PlanWaves;
  diagnostics: Diagnostic[];
} {
  const { plan, planIndex, source } = input;
  const diagnostics: Diagnostic[] = [];
  const at = (...rest: (string | number)[]): SpecPath => ['spec', 'plans', planIndex, ...rest];
  const explicit = namespacePairs(plan);
  const picked = plan.select
    ? selectNamespaces(plan.select, source.namespaces, input.taken)
    : { selected: [], excluded: [] };
  const bySource = new Map<string, { namespace: string; target: string; why: string }>();
  for (const p of explicit)
    bySource.set(p.source, { namespace: p.source, target: p.target, why: 'listed in namespaces' });
  for (const s of picked.selected)
    if (!bySource.has(s.namespace))
      bySource.set(s.namespace, { namespace: s.namespace, target: s.namespace, why: s.why });
  const selection = [...bySource.values()].sort((a, b) => cmp(a.namespace, b.namespace));
  if (plan.select && selection.length === 0) {
    diagnostics.push(
      diag(
        'MP4100',
        `the selection of plan "${plan.name}" matches no namespace on ${source.cluster}${picked.excluded.length ? ` (left out: ${picked.excluded.map((e) => `${e.namespace}: ${e.why}`).join('; ')})` : ''}`,
        { path: at('select') },
      ),
    );
  }
  const limits = waveLimits(plan, input.controller);
  const loads = selection.map((s) => namespaceLoad(source, s.namespace));
  const split = plan.split !== undefined;
  const checks = split ? dependencyChecks(source) : [];
  const dependencies = split
    ? findDependencies(
        source,
        selection.map((s) => s.namespace),
        checks,
      )
    : [];
  for (const c of checks.filter((x) => !x.checked))
    diagnostics.push(
      diag('MP4103', `plan "${plan.name}": dependencies by ${c.rule} not checked: ${c.why}`, {
        path: at('split'),
      }),
    );
  const base = {
    plan: plan.name,
    planIndex,
    split,
    selection,
    excluded: picked.excluded,
    limits,
    loads,
    checks,
    dependencies,
  };
  const target = new Map(selection.map((s) => [s.namespace, s.target]));
  const entry = (ns: string): NamespaceEntry => {
    const t = target.get(ns) ?? ns;
    return t === ns ? ns : { from: ns, to: t };
  };
  if (!split) {
    if (plan.select && selection.length > limits.namespaces)
      diagnostics.push(
        diag(
          'MP2524',
          `plan "${plan.name}" selects ${selection.length} namespaces; MTC allows ${limits.namespaces} per plan (add split: {mode: auto} to split it into waves)`,
          { path: at('select') },
        ),
      );
    const sum = (f: (l: NamespaceLoad) => number) => loads.reduce((n, l) => n + f(l), 0);
    return {
      value: {
        ...base,
        groups: [],
        waves: selection.length
          ? [
              {
                name: plan.name,
                number: 1,
                namespaces: selection.map((s) => entry(s.namespace)),
                pods: sum((l) => l.pods),
                pvs: sum((l) => l.pvs),
                bytes: sum((l) => l.bytes),
                state: 'open' as const,
              },
            ]
          : [],
        assignment: selection.map((s) => ({ namespace: s.namespace, wave: plan.name, why: s.why })),
      },
      diagnostics,
    };
  }
  const done = plan.split?.done ?? [];
  const a = assignSticky(loads, dependencies, limits, input.locked, done, input.rebalance ?? false);
  if (a.unknownDone.length)
    diagnostics.push(
      diag(
        'MP4106',
        `plan "${plan.name}" marks wave(s) ${a.unknownDone.join(', ')} done, but ${input.locked ? 'the lock file records no such wave' : 'there is no lock file recording its waves'}`,
        { path: at('split', 'done') },
      ),
    );
  for (const n of a.newlyClosed)
    diagnostics.push(
      diag(
        'MP4108',
        `wave ${plan.name}-${n} has no namespace left; its MigPlan is emitted closed (spec.closed: true)`,
        { path: at('split') },
      ),
    );
  const doneNamespaces = new Set(
    a.waves.filter((w) => w.state === 'done').flatMap((w) => w.namespaces),
  );
  for (const d of a.crossing) {
    const moved = doneNamespaces.has(d.from) ? d.from : d.to;
    const other = moved === d.from ? d.to : d.from;
    diagnostics.push(
      diag(
        'MP4107',
        `plan "${plan.name}": ${d.from} ${d.together ? 'must move together with' : 'needs'} ${d.to} (${d.detail}), but ${moved} is in a done wave (wave ${a.waveOf.get(moved) ?? '?'}) and ${other} is not: until ${other} moves, ${d.together ? 'traffic between them crosses clusters' : `${d.from} runs without it`}`,
        { path: at('split', 'done') },
      ),
    );
  }
  for (const t of a.movable.tooLarge)
    diagnostics.push(
      diag(
        'MP4101',
        `namespaces ${t.group.namespaces.join(', ')} of plan "${plan.name}" must move in one wave (${t.group.dependencies.map((d) => d.detail).join('; ')}) but together exceed a wave's limit (${t.limit})`,
        { path: at('split') },
      ),
    );
  for (const o of a.movable.oversize)
    diagnostics.push(
      diag(
        'MP4102',
        `namespace "${o.namespace}" of plan "${plan.name}" alone exceeds a wave's limit (${o.limit}); it gets a wave of its own`,
        { path: at('split') },
      ),
    );
  const loadOf = new Map(loads.map((l) => [l.namespace, l]));
  const waves: WavePlan[] = a.waves.map((w) => {
    const ls = w.namespaces.map((ns) => loadOf.get(ns) ?? namespaceLoad(source, ns));
    return {
      name: `${plan.name}-${w.number}`,
      number: w.number,
      namespaces: w.namespaces.map(entry),
      pods: ls.reduce((n, l) => n + l.pods, 0),
      pvs: ls.reduce((n, l) => n + l.pvs, 0),
      bytes: ls.reduce((n, l) => n + l.bytes, 0),
      state: w.state,
    };
  });
  const longest = waves[waves.length - 1]?.name ?? '';
  if (longest.length > 63)
    diagnostics.push(
      diag(
        'MP4105',
        `wave name "${longest}" has ${longest.length} characters; MigPlan names allow 63`,
        { path: at('name') },
      ),
    );
  const assignment = a.waves
    .filter((w) => w.state !== 'closed')
    .flatMap((w) =>
      w.namespaces.map((ns) => ({
        namespace: ns,
        wave: `${plan.name}-${w.number}`,
        why: a.reasons.get(ns) ?? '',
      })),
    );
  return {
    value: {
      ...base,
      groups: a.movable.groups,
      waves,
      assignment,
      lock: { ...a.lock, name: plan.name },
    },
    diagnostics,
  };
}

/** The plan of one wave: the plan as written, with the wave's name, namespaces and volume overrides. */
export function wavePlan(plan: Plan, wave: WavePlan): Plan {
  const sources = new Set(wave.namespaces.map((e) => (typeof e === 'string' ? e : e.from)));
  const { select: _select, split: _split, ...rest } = plan;
  const out: Plan = { ...rest, name: wave.name };
  const [first, ...others] = wave.namespaces;
  if (first !== undefined) out.namespaces = [first, ...others];
  else delete out.namespaces;
  if (plan.volumes?.overrides)
    out.volumes = {
      ...plan.volumes,
      overrides: plan.volumes.overrides.filter((o) => sources.has(o.pvc.split('/')[0] ?? '')),
    };
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
