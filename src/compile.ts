import { createHash } from 'node:crypto';
import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { layoutTree, setupStream, type OutputTree } from './emit/layout.js';
import { withSyncWaves } from './emit/order.js';
import { plan } from './plan/plan.js';
import type { MigrationPlan } from './plan/types.js';
import { migClusterName, render } from './render/render.js';
import { controllerOwnedFields } from './report/argocd.js';
import type { Templates } from './render/templates.js';
import type { Manifest } from './render/types.js';
import { renderReport } from './report/report.js';
import type { ClusterFacts } from './resolve/cluster-facts.js';
import type { ClusterSource } from './resolve/cluster-source.js';
import { defaults, namespacePairs, type Spec } from './spec/spec.js';
import type { ServedResource } from './resolve/cluster-facts.js';
import { incompatibleResources } from './plan/rules/compat.js';
import { verify } from './verify/verify.js';
import type { SpecPath } from './diagnostics/diagnostic.js';
import { pushAll } from './util/arrays.js';
import { cmp } from './util/objects.js';
import type { WaveLock } from './plan/waves/lock.js';

export interface CompileInputs {
  spec: Spec;
  /** The spec's bytes as read, for the provenance hash. */
  specText: string;
  source: ClusterSource;
  templates: Templates;
  version: string;
  playbooks?: ReadonlyMap<string, string>;
  /** Add Argo CD sync-wave annotations that encode the apply order. */
  argocd?: boolean;
  /** The lock file's wave assignments, kept where still valid (docs/waves.md). */
  lock?: WaveLock;
  /** compile --rebalance: assign open waves afresh. */
  rebalance?: boolean;
}

export interface CompileResult {
  diagnostics: Diagnostic[];
  plan?: MigrationPlan;
  manifests?: Manifest[];
  /** REPORT.md. */
  report?: string;
  tree?: OutputTree;
  stdout?: string;
  hostCluster?: string;
  specHash?: string;
  /** What the lock file records next (absent when no plan is split). */
  lock?: WaveLock;
}

/** A compile that got through every stage: every output is there (each built on first use). */
export type Compiled = CompileResult &
  Required<
    Pick<CompileResult, 'plan' | 'manifests' | 'report' | 'tree' | 'stdout' | 'hostCluster'>
  >;

/** Whether compile got through every stage; checking it builds none of the outputs. */
export const isCompiled = (r: CompileResult | undefined): r is Compiled =>
  r?.manifests !== undefined;

export const specHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** resolve → plan → render → lay out; stops before the next stage on any error, so output is never partial. */
export async function compile(inputs: CompileInputs): Promise<CompileResult> {
  const diagnostics: Diagnostic[] = [];
  const facts = await resolveAll(inputs.spec, inputs.source, diagnostics);
  if (!facts || hasErrors(diagnostics)) return { diagnostics };
  const planned = plan({
    spec: inputs.spec,
    facts,
    ...(inputs.playbooks ? { playbooks: inputs.playbooks } : {}),
    ...(inputs.lock ? { lock: inputs.lock } : {}),
    ...(inputs.rebalance ? { rebalance: true } : {}),
  });
  pushAll(diagnostics, planned.diagnostics);
  if (!planned.value || hasErrors(diagnostics)) return { diagnostics };
  const rendered = render(planned.value, inputs.templates);
  pushAll(diagnostics, rendered.diagnostics);
  if (!rendered.value || hasErrors(diagnostics)) return { diagnostics };
  // The admission check: every object as its controller would judge it, before anything is written.
  pushAll(diagnostics, verifyRendered(inputs.spec, planned.value, rendered.value));
  if (hasErrors(diagnostics)) return { diagnostics };
  // Without an MTC host (Velero), the target of the first plan is where the tree's top level applies.
  const hostCluster = planned.value.hostCluster ?? inputs.spec.spec.plans[0]?.target ?? '';
  const hash = specHash(inputs.specText);
  // Waves of split plans (not a plan that only selects: its one MigPlan is not a wave of anything).
  const waveOfPlan = new Map(
    planned.value.plans.flatMap((p) =>
      p.wave && p.wave.count > 0 && p.plan.name !== p.wave.of
        ? [[p.plan.name, p.wave.number] as const]
        : [],
    ),
  );
  const manifests = inputs.argocd ? withSyncWaves(rendered.value, waveOfPlan) : rendered.value;
  const common = {
    manifests,
    hostCluster,
    specHash: hash,
    version: inputs.version,
  };
  // Each command uses one of these (stdout, the --out tree, the report): build each on first use only.
  const mp = planned.value;
  const objects = rendered.value;
  const findings = [...diagnostics]; // as they are now, whenever the report is built
  const report = once(() => renderReport(mp, objects, findings));
  const tree = once(() =>
    layoutTree({
      ...common,
      report: report(),
      options: { argocd: inputs.argocd ?? false },
      ignoreDifferences: controllerOwnedFields(mp),
    }),
  );
  const stdout = once(() => setupStream(common));
  return {
    diagnostics,
    plan: mp,
    manifests,
    get report() {
      return report();
    },
    get tree() {
      return tree();
    },
    get stdout() {
      return stdout();
    },
    hostCluster,
    specHash: hash,
    ...(mp.lock ? { lock: mp.lock } : {}),
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Reads every cluster the plans use, both at once. */
async function resolveAll(
  spec: Spec,
  source: ClusterSource,
  diagnostics: Diagnostic[],
): Promise<Record<string, ClusterFacts> | undefined> {
  const names = [...new Set(spec.spec.plans.flatMap((p) => [p.source, p.target]))].sort();
  const results = await Promise.all(
    names.map(
      async (n) => [n, await source.read(n, spec.spec.clusters[n] ?? { role: 'both' })] as const,
    ),
  );
  const facts: Record<string, ClusterFacts> = {};
  for (const [name, r] of results) {
    pushAll(diagnostics, r.diagnostics);
    if (r.value) facts[name] = r.value;
  }
  if (!names.every((n) => facts[n])) return undefined;
  await inventory(spec, source, facts, diagnostics);
  return facts;
}

/**
 * The second pass, as mig-controller's compareGVK does it: only once both clusters' discovery are known,
 * list (metadata only) the source kinds each full plan's target does not serve, in the plans' namespaces.
 */
async function inventory(
  spec: Spec,
  source: ClusterSource,
  facts: Record<string, ClusterFacts>,
  diagnostics: Diagnostic[],
): Promise<void> {
  const wanted = new Map<
    string,
    { resources: Map<string, ServedResource>; namespaces: Set<string> }
  >();
  for (const p of spec.spec.plans) {
    const from = facts[p.source];
    const to = facts[p.target];
    if ((p.type ?? defaults.planType) !== 'full' || p.source === p.target || !from || !to) continue;
    const entry = wanted.get(p.source) ?? { resources: new Map(), namespaces: new Set() };
    wanted.set(p.source, entry);
    for (const r of incompatibleResources(from, to))
      entry.resources.set(`${r.group}/${r.version}/${r.plural}`, r);
    for (const pair of namespacePairs(p)) entry.namespaces.add(pair.source);
  }
  await Promise.all(
    [...wanted].map(async ([name, w]) => {
      const f = facts[name];
      if (!f) return;
      if (w.resources.size === 0) {
        f.inventory = [];
        return;
      }
      if (!source.listMetadata) return;
      const listed = await source.listMetadata(
        name,
        spec.spec.clusters[name] ?? { role: 'both' },
        [...w.resources.values()].sort((a, b) =>
          cmp(`${a.group}/${a.version}/${a.plural}`, `${b.group}/${b.version}/${b.plural}`),
        ),
        [...w.namespaces].sort(),
      );
      pushAll(diagnostics, listed.diagnostics);
      if (listed.value) f.inventory = listed.value;
    }),
  );
}

/** Runs the admission check with what the controllers find already there, locating findings in the spec. */
export function verifyRendered(
  spec: Spec,
  mp: MigrationPlan,
  manifests: readonly Manifest[],
): Diagnostic[] {
  const host = mp.hostCluster;
  // By MigPlan name: a wave of a split plan points at the plan it comes from.
  const planIndex = new Map(mp.plans.map((p) => [p.plan.name, p.index]));
  const clusterKey = new Map(
    Object.keys(spec.spec.clusters).map((k) => [migClusterName(spec, k), k] as const),
  );
  const locate = (m: Manifest): SpecPath => {
    const o = m.object;
    if (o.kind === 'MigPlan' && planIndex.has(o.metadata.name))
      return ['spec', 'plans', planIndex.get(o.metadata.name) ?? 0];
    if (m.migration && planIndex.has(m.migration.plan))
      return [
        'spec',
        'plans',
        planIndex.get(m.migration.plan) ?? 0,
        'migrations',
        m.migration.order,
      ];
    if (o.kind === 'MigCluster' && clusterKey.has(o.metadata.name))
      return ['spec', 'clusters', clusterKey.get(o.metadata.name) ?? ''];
    if (
      [
        'MigStorage',
        'BackupStorageLocation',
        'VolumeSnapshotLocation',
        'DataProtectionApplication',
      ].includes(o.kind)
    )
      return ['spec', 'replicationRepository'];
    return [];
  };
  return verify(
    manifests,
    {
      migrationNamespace: defaults.migrationNamespace,
      ...(host !== undefined ? { hostMigCluster: migClusterName(spec, host) } : {}),
      namespaceLimit: spec.spec.controller?.namespaceLimit ?? defaults.namespaceLimit,
    },
    locate,
  );
}
