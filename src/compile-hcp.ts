import { hasErrors, type Diagnostic, type StageResult } from './diagnostics/diagnostic.js';
import { manifestJson } from './emit/manifest.js';
import { PLAN_MARKER, type OutputTree } from './emit/layout.js';
import { canonicalize, provenanceHeader, toYaml } from './emit/serialize.js';
import { specHash } from './compile.js';
import { planHcp } from './plan/hcp/plan.js';
import { fieldManager, stepFile } from './plan/hcp/steps.js';
import type { HcpPlan, Step } from './plan/hcp/types.js';
import type { KubeObject } from './resolve/facts-from-objects.js';
import { hcpFactsFromObjects, type HcpFacts } from './resolve/hcp-facts.js';
import { renderHcpReport } from './report/hcp-report.js';
import {
  controlPlaneNamespace,
  hcpDefaults,
  rolesFor,
  type HostedClusterMigration,
  type ManagementCluster,
  type MgmtRole,
} from './spec/hcp.js';
import { verifyHcp } from './verify/rules/hcp.js';

/** Where a management cluster's objects come from; snapshot and live readers implement it (src/cli/hcp-sources.ts). */
export interface ObjectSource {
  readonly kind: 'snapshot' | 'live';
  read(role: MgmtRole, cluster: ManagementCluster): Promise<StageResult<KubeObject[]>>;
}

export interface HcpCompileInputs {
  spec: HostedClusterMigration;
  specText: string;
  source: ObjectSource;
  version: string;
}

export interface HcpCompileResult {
  kind: 'HostedClusterMigration';
  diagnostics: Diagnostic[];
  plan?: HcpPlan;
  report?: string;
  tree?: OutputTree;
  stdout?: string;
  specHash?: string;
}

/** resolve → plan (pre-flight, steps) → verify → lay out; stops on the first stage with an error. */
export async function compileHcp(inputs: HcpCompileInputs): Promise<HcpCompileResult> {
  const { spec } = inputs;
  const diagnostics: Diagnostic[] = [];
  const result: HcpCompileResult = { kind: 'HostedClusterMigration', diagnostics };
  const scope = {
    hcNamespace: spec.spec.hostedCluster.namespace,
    hcName: spec.spec.hostedCluster.name,
    controlPlaneNamespace: controlPlaneNamespace(
      spec.spec.hostedCluster.namespace,
      spec.spec.hostedCluster.name,
    ),
    operatorNamespace: hcpDefaults.operatorNamespace,
    oadpNamespace: spec.spec.oadp?.namespace ?? hcpDefaults.oadpNamespace,
  };
  const facts: Partial<Record<MgmtRole, HcpFacts>> = {};
  // Both clusters are read even when the first fails, so one run reports every unreadable cluster.
  const reads = await Promise.all(
    rolesFor(spec).map(async (role) => {
      const cluster = spec.spec.clusters[role];
      if (!cluster) return;
      const read = await inputs.source.read(role, cluster);
      for (const d of read.diagnostics) diagnostics.push(d);
      if (!read.value) return;
      const built = hcpFactsFromObjects(role, read.value, scope);
      for (const d of built.diagnostics) diagnostics.push(d);
      if (built.value) facts[role] = built.value;
    }),
  );
  void reads;
  if (hasErrors(diagnostics) || !facts.source) return result;
  const planned = planHcp(spec, facts.source, facts.target);
  for (const d of planned.diagnostics) diagnostics.push(d);
  if (!planned.value || hasErrors(diagnostics)) return result;
  const { plan, rollbacks } = planned.value;
  const verified = verifyHcp(plan);
  for (const d of verified) diagnostics.push(d);
  if (hasErrors(diagnostics)) return result;
  const hash = specHash(inputs.specText);
  const report = renderHcpReport(spec, plan, diagnostics);
  const tree = layoutHcp(plan, rollbacks, report, hash, inputs.version);
  return {
    ...result,
    plan,
    report,
    tree,
    stdout: stdoutStream(plan, hash, inputs.version),
    specHash: hash,
  };
}

const docs = (objects: readonly KubeObject[]) =>
  objects.map((o) => `---\n${toYaml(canonicalize(o, true))}`).join('');

function stepHeader(s: Step, hash: string, version: string, rollback: boolean): string {
  const kind = !rollback && !s.partial ? 'Objects' : 'Partial objects';
  const what =
    s.id === 'hostedcluster' && !rollback
      ? `Step ${s.n} (${s.place}): ${s.title}.\n# Do not apply as is: restoreSnapshotURL holds a placeholder every HostedCluster CRD refuses; run the commands of step ${s.n} in REPORT.md, which fill it.\n# ${kind} for server-side apply under field manager ${fieldManager(s)}.`
      : `Step ${s.n} (${s.place})${rollback ? ', rollback' : ''}: ${s.title}.\n# ${kind} for server-side apply (oc apply --server-side --field-manager=${fieldManager(s)}${s.forceConflicts ? ' --force-conflicts' : ''}): fields left out are not changed.`;
  return provenanceHeader(hash, version, what);
}

/** The --out tree: hcp/<source|target>/NN-<step>.yaml, rollback files beside them, REPORT.md, the marker. */
export function layoutHcp(
  plan: HcpPlan,
  rollbacks: ReadonlyMap<number, KubeObject[]>,
  report: string,
  hash: string,
  version: string,
): OutputTree {
  const tree: OutputTree = new Map();
  for (const s of plan.steps) {
    if (s.objects.length)
      tree.set(stepFile(s), stepHeader(s, hash, version, false) + docs(s.objects));
    const back = rollbacks.get(s.n);
    if (back?.length) tree.set(stepFile(s, true), stepHeader(s, hash, version, true) + docs(back));
  }
  tree.set('REPORT.md', report);
  const sorted: OutputTree = new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1)));
  sorted.set(
    PLAN_MARKER,
    manifestJson(
      sorted,
      { generator: `migplan ${version}`, specSha256: hash, options: { argocd: false } },
      PLAN_MARKER,
    ),
  );
  return sorted;
}

/** compile without --out: every step's objects in order, each step named in a comment. */
function stdoutStream(plan: HcpPlan, hash: string, version: string): string {
  let out = provenanceHeader(
    hash,
    version,
    `Hosted cluster ${plan.purpose} ${plan.hostedCluster.namespace}/${plan.hostedCluster.name}: the objects of every step, in order.\n# Partial objects for server-side apply, each under its step's field manager: apply them step by step as REPORT.md says (compile --out writes one file per step).`,
  );
  for (const s of plan.steps) {
    if (!s.objects.length) continue;
    out += `# Step ${s.n} (${s.place}): ${s.title}\n${docs(s.objects)}`;
  }
  return out;
}
