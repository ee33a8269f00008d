import { pushAll } from '../util/arrays.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { stepFile } from '../plan/hcp/steps.js';
import type { HcpPlan, Step } from '../plan/hcp/types.js';
import type { HcpFacts } from '../resolve/hcp-facts.js';
import type { HostedClusterMigration } from '../spec/hcp.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** Minutes a step may take at most, from the --timeout of its verification (10m, 2h, 30s). */
export function stepTimeoutMinutes(step: Step): number {
  let total = 0;
  for (const m of step.verify.command.matchAll(/--timeout=(\d+)([smh])/g)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 60 : m[2] === 's' ? n / 60 : n;
  }
  // Polling loops: `seq N` rounds of `sleep S`.
  const loop = /seq (\d+)\).*sleep (\d+)/.exec(step.verify.command);
  if (loop) total += (Number(loop[1]) * Number(loop[2])) / 60;
  return total;
}

function clusterRow(label: string, f: (c: HcpFacts) => string, plan: HcpPlan): string {
  return `| ${label} | ${cell(f(plan.source))} | ${plan.target ? cell(f(plan.target)) : '-'} |`;
}

/** REPORT.md of a HostedClusterMigration: facts, warnings, every step with its check, downtime, runtime checks. */
export function renderHcpReport(
  spec: HostedClusterMigration,
  plan: HcpPlan,
  diagnostics: readonly Diagnostic[],
): string {
  const hc = plan.hostedCluster;
  const L: string[] = [];
  pushAll(L, [
    `# Hosted cluster ${plan.purpose}: ${hc.namespace}/${hc.name} (${plan.method})`,
    '',
    `Migration \`${plan.name}\`.${spec.metadata.description ? ` ${spec.metadata.description.trim()}` : ''}`,
    '',
    '## Management clusters',
    '',
    '| | source | target |',
    '|---|---|---|',
    clusterRow('recorded as', (c) => c.cluster, plan),
    clusterRow(
      'HyperShift operator',
      (c) =>
        c.operator
          ? `${c.operator.version ?? 'unknown version'} (${c.operator.replicas} replicas)`
          : 'not found',
      plan,
    ),
    clusterRow(
      'supported versions',
      (c) => c.supportedVersions?.versions.join(', ') || 'unknown',
      plan,
    ),
    clusterRow(
      'platform',
      (c) =>
        c.platform
          ? `${c.platform.type}${c.platform.region ? ` ${c.platform.region}` : ''}`
          : 'unknown',
      plan,
    ),
    clusterRow(
      'external-dns',
      (c) =>
        c.externalDns
          ? `${c.externalDns.provider ?? '?'}: ${c.externalDns.domainFilters.join(', ')}`
          : 'none',
      plan,
    ),
    '',
    '## Hosted cluster',
    '',
    `- Release ${hc.version ?? 'unknown'}${hc.releaseImage ? ` (${code(hc.releaseImage)})` : ''}, network ${hc.networkType ?? 'unknown'}.`,
    `- Platform ${hc.platformType ?? 'unknown'}${hc.region ? `, region ${hc.region}` : ''}${hc.endpointAccess ? `, endpoint access ${hc.endpointAccess}` : ''}.`,
    `- etcd ${hc.etcdManagementType ?? 'unknown'}${hc.etcdStorageClass ? ` on StorageClass ${hc.etcdStorageClass}` : ''}; controller availability ${hc.controllerAvailabilityPolicy ?? 'default'}; secret encryption ${hc.secretEncryptionType ?? 'none'}.`,
    `- Control-plane namespace ${code(plan.controlPlaneNamespace)}.`,
    `- Services: ${hc.services.map((s) => `${s.service} ${s.type ?? ''}${s.hostname ? ` ${s.hostname}` : ''}`.trim()).join('; ') || 'none'}.`,
    '',
    '| NodePool | replicas | upgrade type |',
    '|---|---|---|',
    ...(plan.nodePools.length
      ? plan.nodePools.map((n) => `| ${n.name} | ${n.replicas ?? '-'} | ${n.upgradeType ?? '-'} |`)
      : ['| none | | |']),
    '',
    '## Blockers',
    '',
    'None: every pre-flight check passed (a blocker stops the compile before any step is written).',
    '',
  ]);
  const warnings = sortDiagnostics(diagnostics.filter((d) => d.severity !== 'error'));
  pushAll(L, ['## Warnings', '']);
  if (warnings.length)
    for (const d of warnings)
      pushAll(L, [`- ${d.code}: ${d.message}.${d.hint ? ` ${d.hint}` : ''}`]);
  else pushAll(L, ['None.']);
  pushAll(L, [
    '',
    '## Steps',
    '',
    'Run them in order; each step is done when its check passes. Objects are applied server-side, each step under its own field manager.',
    '',
    '| # | phase | where | step | check | gate |',
    '|---|---|---|---|---|---|',
    ...plan.steps.map(
      (s) =>
        `| ${s.n} | ${s.phase} | ${s.place} | ${cell(s.title)}${s.destructive ? ' (destructive)' : ''} | ${cell(s.verify.name)} | ${cell(s.gate ?? '-')} |`,
    ),
    '',
  ]);
  for (const s of plan.steps) {
    pushAll(L, [`### ${s.n}. ${s.title}`, '']);
    pushAll(L, [
      `- Where: ${s.place}.${s.objects.length ? ` Objects: ${code(stepFile(s))}.` : ''}`,
    ]);
    pushAll(L, [`- Changes: ${s.changes}.`]);
    if (s.gate) pushAll(L, [`- Only after: ${s.gate}.`]);
    if (s.destructive) pushAll(L, ['- Destructive: it deletes the source copy; there is no undo.']);
    if (s.apiDown)
      pushAll(L, ['- The hosted API goes down here; workloads on the nodes keep running.']);
    if (s.id === 'hostedcluster')
      pushAll(L, [
        `- The file carries ${code('MIGPLAN_UNFILLED_RESTORE_URL')} where the list of one URL goes: applied as is, every HostedCluster CRD refuses it (a string, not a list), so nothing restores from a wrong URL. The commands fill it.`,
      ]);
    if (s.commands.length) pushAll(L, ['', '```sh', ...s.commands, '```']);
    pushAll(L, ['', `- Check (${s.verify.name}): ${code(s.verify.command)}`]);
    if (s.rollback) pushAll(L, [`- Rollback: ${s.rollback}.`]);
    pushAll(L, ['']);
  }
  if (plan.secretsToCopy.length) {
    pushAll(L, [
      '## Secrets the restore needs',
      '',
      'Named from the recorded metadata; migplan never reads their values. The save step writes them to ' +
        `${code(plan.backupDir)}, the restore applies them; the encryption key is compared by hash before the HostedCluster is created.`,
      '',
      '| Secret | why |',
      '|---|---|',
      ...plan.secretsToCopy.map((s) => `| ${s.namespace}/${s.name} | ${cell(s.why)} |`),
      '',
    ]);
  }
  const down = plan.steps.findIndex((s) => s.apiDown);
  const back = plan.steps.findIndex((s) => s.apiBack);
  pushAll(L, ['## Expected API downtime', '']);
  if (down >= 0 && back > down) {
    const window = plan.steps.slice(down, back + 1);
    const minutes = Math.round(window.reduce((n, s) => n + stepTimeoutMinutes(s), 0));
    pushAll(L, [
      `From step ${down + 1} to step ${back + 1}: the hosted API is down; the workloads keep running on the nodes. The checks of these steps wait at most ${minutes} minutes in all, plus the time the commands in between take.`,
    ]);
  } else if (back >= 0)
    pushAll(L, [
      `The hosted API is down until step ${back + 1} (the restore); the workloads keep running on the nodes.`,
    ]);
  else if (down >= 0)
    pushAll(L, [
      `From step ${down + 1} to the end of the run; the workloads keep running on the nodes.`,
    ]);
  else pushAll(L, ['None expected: no step stops the hosted API.']);
  pushAll(L, [
    '',
    '## Checked only at run time',
    '',
    ...plan.runtimeChecks.map((c) => `- ${c}`),
    '',
  ]);
  pushAll(L, [
    '## Rollback',
    '',
    'Before the first destructive step, the source copy is intact: apply the rollback files of the pause and stop steps under their own field managers (they release pausedUntil and restore the recorded replica counts), in reverse order.',
    '',
    ...plan.steps
      .filter((s) => s.rollback)
      .reverse()
      .map((s) => `- Step ${s.n} (${s.id}): ${s.rollback}.`),
    '',
  ]);
  return L.join('\n');
}
