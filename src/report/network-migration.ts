import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { pushAll } from '../util/arrays.js';
import type { NetworkMigrationPlan, Step } from '../plan/cni/types.js';
import { fieldManager, stepFile } from '../emit/network-migration-layout.js';

const procedureNames = {
  annotation: 'offline, OpenShift 4.4-4.7 (operator annotation and paused pools)',
  'two-phase': 'offline, OpenShift 4.8-4.16 (two-phase spec.migration)',
  live: 'limited live migration, OpenShift 4.15.31+ / 4.16',
} as const;

const fence = (lines: readonly string[]) => ['```sh', ...lines, '```'];

/** REPORT.md of a NetworkMigration: blockers, every step with what it changes and how to verify it, rollback. */
export function renderNetworkMigrationReport(
  name: string,
  description: string | undefined,
  plan: NetworkMigrationPlan,
  findings: readonly Diagnostic[],
): string {
  const f = plan.facts;
  const out: string[] = [
    `# Network migration ${name}: ${f.cluster} from OpenShift SDN to OVN-Kubernetes`,
    '',
  ];
  if (description) out.push(description, '');
  out.push(
    '## Cluster',
    '',
    '| fact | value |',
    '|---|---|',
    `| version | ${f.version} |`,
    `| platform | ${f.platform ?? 'unknown'} |`,
    `| network type | ${f.networkType} |`,
    `| isolation mode | ${f.operator?.sdnMode ?? 'NetworkPolicy'} |`,
    `| cluster networks | ${f.clusterNetworks.map((c) => `${c.cidr}${c.hostPrefix !== undefined ? ` (hostPrefix ${c.hostPrefix})` : ''}`).join(', ') || 'unknown'} |`,
    `| service networks | ${f.serviceNetworks.join(', ') || 'unknown'} |`,
    `| cluster network MTU | ${f.clusterNetworkMTU ?? f.operator?.sdnMtu ?? 'unknown'} |`,
    `| nodes | ${f.nodes.length} |`,
    `| machine config pools | ${f.pools.map((p) => p.name).join(', ') || 'none'} |`,
    `| NetworkPolicies | ${f.networkPolicies.length} (unchanged: OVN-Kubernetes supports them fully) |`,
    '',
    `Procedure: **${procedureNames[plan.procedure]}**. The OpenShift documentation asks that this migration is run by a person from a reviewed runbook, not automated: apply each step, wait, check, then go on.`,
    '',
    '## Blockers',
    '',
    'None: every pre-flight rule passed.',
    '',
    '## Warnings',
    '',
  );
  const warnings = sortDiagnostics(findings).filter((d) => d.severity !== 'error');
  if (warnings.length === 0) out.push('None.', '');
  else {
    for (const d of warnings) out.push(`- ${d.code}: ${d.message}`);
    out.push('');
  }
  out.push('## Conversions', '');
  if (plan.conversions.length === 0) out.push('No SDN feature to convert.', '');
  else {
    out.push('| feature | from | to | by | why |', '|---|---|---|---|---|');
    for (const c of plan.conversions)
      out.push(`| ${c.feature} | ${c.from} | ${c.to} | ${c.by} | ${c.why} |`);
    out.push('');
    const operator = plan.conversions.filter((c) => c.by === 'operator');
    if (operator.length)
      pushAll(out, [
        `The operator converts ${[...new Set(operator.map((c) => c.feature))].join(', ')} itself on ${f.version}; migplan does not emit those objects again.`,
        '',
      ]);
  }
  out.push('## Expected outage', '', plan.outage, '');
  pushAll(out, ['## Steps', '', ...stepTable(plan.steps, false), '']);
  for (const s of plan.steps) pushAll(out, [...stepSection(s, plan.steps.length, false)]);
  pushAll(out, [
    '## Rollback',
    '',
    'Only after the forward migration finished (verify passed or failed after the switch), never half-way through a step.',
    '',
    ...stepTable(plan.rollback, true),
    '',
  ]);
  for (const s of plan.rollback) pushAll(out, [...stepSection(s, plan.rollback.length, true)]);
  out.push('## What migplan cannot check', '');
  for (const m of plan.manualChecks) out.push(`- ${m}`);
  out.push('');
  return out.join('\n');
}

function stepTable(steps: readonly Step[], rollback: boolean): string[] {
  return [
    '| # | step | applies | field manager | commands and waits |',
    '|---|---|---|---|---|',
    ...steps.map(
      (s) =>
        `| ${String(s.nn).padStart(2, '0')} | ${s.title} | ${s.objects.length ? `\`${stepFile(s, rollback)}\`` : '-'} | ${s.objects.length ? `\`${fieldManager(s, rollback)}\`` : '-'} | ${s.commands.length + s.waits.length} |`,
    ),
  ];
}

function stepSection(s: Step, total: number, rollback: boolean): string[] {
  const out = [
    `### ${rollback ? 'Rollback ' : ''}${String(s.nn).padStart(2, '0')}/${String(total).padStart(2, '0')} ${s.name}: ${s.title}`,
    '',
    s.changes,
    '',
  ];
  if (s.commands.length) pushAll(out, ['Run:', '', ...fence(s.commands.map((c) => c.text)), '']);
  if (s.objects.length)
    pushAll(out, [
      "Apply (server-side, under this step's own field manager so no later step drops what it sets):",
      '',
      ...fence([
        `oc apply --server-side --field-manager=${fieldManager(s, rollback)} -f ${stepFile(s, rollback)}`,
      ]),
      '',
      ...s.objects.map(
        (o) =>
          `- ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
      ),
      '',
    ]);
  if (s.waits.length) pushAll(out, ['Wait:', '', ...fence(s.waits), '']);
  if (s.verify.length) pushAll(out, ['Verify:', '', ...fence(s.verify), '']);
  return out;
}
