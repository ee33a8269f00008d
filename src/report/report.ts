import { formatPath, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatBytes } from '../plan/quantity.js';
import type { MigrationPlan, PlanDecision } from '../plan/types.js';
import type { PlanWaves } from '../plan/waves/waves.js';
import { estimateDefaults, formatDuration } from '../plan/waves/estimate.js';
import { IGNORE_DIFFERENCES_FILE, migrationPath } from '../emit/layout.js';
import { SUFFIX_PLACEHOLDER } from '../plan/rules/conversion-names.js';
import { controllerOwnedFields } from './argocd.js';
import type { Manifest } from '../render/types.js';
import { defaults } from '../spec/spec.js';
import { veleroNamespace } from '../spec/velero.js';
import { pushAll } from '../util/arrays.js';

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** The Markdown report: a summary table first (fits a PR comment), details in collapsible sections. */
export function renderReport(
  mp: MigrationPlan,
  manifests: readonly Manifest[],
  diagnostics: readonly Diagnostic[],
): string {
  const spec = mp.spec;
  const lines: string[] = [];
  lines.push(`# Migration report: ${spec.metadata.name}`, '');
  if (spec.metadata.description) lines.push(spec.metadata.description, '');
  const sorted = sortDiagnostics(diagnostics);
  const warnings = sorted.filter((d) => d.severity === 'warning');
  lines.push(
    '| plan | source → target | namespaces | PVs | data to copy | warnings |',
    '|---|---|---|---|---|---|',
  );
  for (const p of mp.plans) {
    const w = warnings.filter((d) => d.path[2] === p.index).length;
    lines.push(
      `| ${p.plan.name} | ${p.source} → ${p.target} | ${p.namespaces.length} | ${p.totals.pvs} | ${formatBytes(p.totals.copiedBytes)} | ${w} |`,
    );
  }
  lines.push('');
  if (warnings.length) {
    lines.push('## Warnings', '');
    for (const d of warnings)
      lines.push(
        `- **${d.code}** ${esc(d.message)}${d.path.length ? ` (\`${formatPath(d.path)}\`)` : ''}`,
      );
    lines.push('');
  }
  pushAll(lines, estimatesSection(mp));
  for (const w of mp.waves ?? []) pushAll(lines, wavesSection(w, mp));
  for (const p of mp.plans) pushAll(lines, planSection(p));
  const ignore = controllerOwnedFields(mp);
  if (ignore.length) {
    lines.push(
      '## Argo CD',
      '',
      `mig-controller rewrites these fields after the objects are applied; \`${IGNORE_DIFFERENCES_FILE}\` holds them as \`ignoreDifferences\` entries for the Application (with \`RespectIgnoreDifferences=true\`), so syncs neither show a diff nor undo the controller:`,
      '',
    );
    for (const d of ignore)
      lines.push(
        `- ${d.kind} ${d.namespace}/${d.name}: \`${d.jqPathExpressions.join('`, `')}\` (${d.why})`,
      );
    lines.push('');
  }
  const controller = manifests.find((m) => m.object.kind === 'MigrationController');
  if (controller) {
    const settings = Object.entries(
      (controller.object['spec'] as Record<string, string>) ?? {},
    ).map(([k, v]) => `\`${k}: ${v}\``);
    lines.push(
      '## MigrationController settings',
      '',
      `\`00-controller.yaml\` sets only ${settings.join(', ')} on the existing MigrationController; the MTC operator reconciles the rest and rolls these into the controller's configuration.`,
      '',
    );
  }
  pushAll(lines, proxySection(mp));
  if (mp.spec.spec.engine === 'velero') pushAll(lines, veleroSections(mp, manifests));
  else {
    pushAll(lines, secretsSection(mp));
    pushAll(lines, applySection(mp, manifests));
  }
  const infos = sorted.filter((d) => d.severity === 'info');
  if (infos.length) {
    lines.push('<details><summary>Notes</summary>', '');
    for (const d of infos) lines.push(`- ${d.code} ${esc(d.message)}`);
    lines.push('', '</details>', '');
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

function planSection(p: PlanDecision): string[] {
  const out: string[] = [`## Plan ${p.plan.name}`, ''];
  out.push(
    `Type **${p.type}**, from **${p.source}** to **${p.target}**; volumes ${p.indirectVolumeMigration ? 'indirect (through the bucket)' : 'direct (rsync)'}; images ${p.images.mode}: ${p.images.reason.detail}.`,
    '',
  );
  out.push(
    `Pods: ${p.totals.pods}. PVs: ${p.totals.pvs}, ${formatBytes(p.totals.capacityBytes)} in total, ${formatBytes(p.totals.copiedBytes)} to copy.`,
    '',
  );
  out.push(
    '<details><summary>Namespaces</summary>',
    '',
    '| source | target | pods | target exists |',
    '|---|---|---|---|',
  );
  for (const n of p.namespaces)
    out.push(`| ${n.source} | ${n.target} | ${n.pods} | ${n.existsOnTarget ? 'yes' : 'no'} |`);
  out.push('', '</details>', '');
  pushAll(out, compatibilitySection(p));
  if (p.pvs.length || p.skippedPvcs.length) {
    out.push(
      '<details><summary>Persistent volumes</summary>',
      '',
      '| PVC | PV | capacity | action | method | class | why |',
      '|---|---|---|---|---|---|---|',
    );
    for (const d of p.pvs) {
      // A skipped volume keeps its PVC: the controller's mapped name is never created.
      const renamed = d.targetPvc ?? (d.action === 'skip' ? undefined : d.conversionTargetPvc);
      const pvc = `${d.namespace}/${d.pvc}${renamed ? ` → ${renamed}` : ''}`;
      const cls =
        d.action === 'skip'
          ? '-'
          : `${d.sourceStorageClass || '(none)'} → ${d.targetStorageClass || '(none)'}`;
      const why = [
        d.reasons.action.detail,
        d.action === 'copy' ? d.reasons.storageClass.detail : '',
      ]
        .filter(Boolean)
        .join('; ');
      out.push(
        `| ${pvc} | ${d.pvName} | ${d.capacity} | ${d.action} | ${d.action === 'copy' ? d.copyMethod : '-'} | ${cls} | ${esc(why)} |`,
      );
    }
    for (const s of p.skippedPvcs)
      out.push(`| ${s.namespace}/${s.name} | - | - | not migrated | - | - | ${esc(s.reason)} |`);
    out.push('', '</details>', '');
    if (p.pvs.some((d) => d.conversionTargetPvc !== undefined)) {
      out.push(
        `New PVC names: mig-controller creates each converted volume as a new PVC and names it itself (pvlist.go getMappedNameForPVC): \`${SUFFIX_PLACEHOLDER}\` stands for 4 random characters (from bcdfghjklmnpqrstvwxz2456789) it picks once for this plan and records in the MigPlan's \`status.suffix\`; a volume of a StatefulSet keeps the \`<template>-mig-${SUFFIX_PLACEHOLDER}-<set>-<ordinal>\` shape, and an earlier \`-new\` or \`-mig-xxxx\` suffix is replaced. Read the real names after the plan is Ready with \`oc get migplan ${p.plan.name} -n ${defaults.migrationNamespace} -o jsonpath='{.spec.persistentVolumes[*].pvc.name}'\`; workloads that name a claim must be pointed at the new one.`,
        '',
      );
    }
  }
  if (p.sccGrants.length) {
    out.push('<details><summary>SCC grants on the target</summary>', '');
    for (const g of p.sccGrants) {
      const how = g.emitClusterRole
        ? `ClusterRole ${g.clusterRole} (emitted)`
        : `ClusterRole ${g.clusterRole}`;
      out.push(
        `- ${g.targetNamespace}/${g.serviceAccount} → **${g.scc}** via RoleBinding to ${how}${g.emitScc ? '; the SCC itself is emitted without users' : ''}. Source: ${esc(g.viaDetail)}.`,
      );
    }
    out.push('', '</details>', '');
  }
  if (p.images.internalImageStreams.length) {
    out.push('<details><summary>Images in the internal registry</summary>', '');
    for (const s of p.images.internalImageStreams)
      out.push(`- ${s.namespace}/${s.name}: ${s.tags.join(', ')}`);
    out.push('', '</details>', '');
  }
  if (p.hooks.length) {
    out.push('Hooks run only in the cutover migration:', '');
    for (const h of p.hooks)
      out.push(
        `- ${h.phase}: ${h.migHookName} (${h.custom ? `image ${h.image}` : 'Ansible playbook'}) in ${h.executionNamespace} on the ${h.cluster} cluster as ${h.serviceAccount}`,
      );
    out.push('');
  }
  const manual = [
    ...p.manualSteps,
    'Cluster-scoped objects other than PVs and SCCs (CRDs, operators, ClusterRoles) are not migrated: install them on the target first.',
  ];
  out.push('Manual steps:', '');
  pushAll(
    out,
    manual.map((m) => `- ${m}`),
  );
  out.push('');
  return out;
}

function secretsSection(mp: MigrationPlan): string[] {
  const out: string[] = [
    '## Secrets to create first',
    '',
    'migplan never emits credentials. Create these on the host cluster before applying:',
    '',
    '```sh',
  ];
  const ns = defaults.secretNamespace;
  for (const name of Object.keys(mp.spec.spec.clusters).sort()) {
    const c = mp.spec.spec.clusters[name];
    if (!c || c.host === true || !c.tokenSecret) continue;
    // A MigCluster reads a static token: `oc create token` without --duration gives the server's default
    // lifetime (typically one hour), and the cluster drops out of a long migration when it expires.
    out.push(
      `# long-lived token of the migration-controller service account on ${name}; a MigCluster reads a static token, so a default \`oc create token\` (about 1 hour) expires mid-migration. On ${name}, either:`,
      `#   oc create token migration-controller -n openshift-migration --duration=720h   (the API server may cap the duration: check the token's exp)`,
      `#   or a token Secret that does not expire: oc create -f - <<< '{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/service-account-token","metadata":{"name":"migration-controller-token","namespace":"openshift-migration","annotations":{"kubernetes.io/service-account.name":"migration-controller"}}}'`,
      `#   then: oc extract secret/migration-controller-token -n openshift-migration --keys=token --to=-   (OCP 3: oc sa get-token migration-controller -n openshift-migration)`,
    );
    out.push(
      `oc create secret generic ${c.tokenSecret} -n ${ns} --from-literal=saToken=<TOKEN-FOR-${name.toUpperCase()}>`,
    );
  }
  const repo = mp.spec.spec.replicationRepository;
  if (repo) {
    if (repo.provider === 'aws')
      out.push(
        `oc create secret generic ${repo.credentialsSecret} -n ${ns} --from-literal=aws-access-key-id=<ACCESS-KEY> --from-literal=aws-secret-access-key=<SECRET-KEY>`,
      );
    else if (repo.provider === 'azure')
      out.push(
        `oc create secret generic ${repo.credentialsSecret} -n ${ns} --from-file=azure-credentials=<PATH-TO-AZURE-CREDENTIALS-ENV-FILE>`,
      );
    else
      out.push(
        `oc create secret generic ${repo.credentialsSecret} -n ${ns} --from-file=gcp-credentials=<PATH-TO-SERVICE-ACCOUNT-JSON>`,
      );
  }
  out.push('```', '');
  return out;
}

function applySection(mp: MigrationPlan, manifests: readonly Manifest[]): string[] {
  const out: string[] = ['## Apply order', '', '```sh'];
  const host = mp.hostCluster ?? '';
  const others = [
    ...new Set(
      manifests.filter((m) => m.cluster !== host && m.group !== 'migration').map((m) => m.cluster),
    ),
  ].sort();
  for (const c of others) out.push(`# on cluster ${c}`, `oc apply -f clusters/${c}/`);
  out.push(`# on the host cluster ${host}`, 'oc apply -k .');
  const named = (kind: string) =>
    manifests
      .filter((m) => m.object.kind === kind)
      .map((m) => m.object.metadata.name)
      .sort();
  for (const n of named('MigCluster'))
    out.push(
      `oc wait migcluster/${n} -n ${defaults.migrationNamespace} --for=condition=Ready --timeout=5m`,
    );
  for (const n of named('MigStorage'))
    out.push(
      `oc wait migstorage/${n} -n ${defaults.migrationNamespace} --for=condition=Ready --timeout=5m`,
    );
  // MigPlans of one split plan in wave order (apps-2 before apps-10), the rest by name.
  const waveOfPlan = new Map(mp.plans.map((p) => [p.plan.name, p.wave]));
  const planOrder = (a: string, b: string) => {
    const [x, y] = [waveOfPlan.get(a), waveOfPlan.get(b)];
    const [ka, kb] = [x?.of ?? a, y?.of ?? b];
    return ka < kb ? -1 : ka > kb ? 1 : (x?.number ?? 0) - (y?.number ?? 0);
  };
  for (const n of named('MigPlan').sort(planOrder))
    out.push(
      `oc wait migplan/${n} -n ${defaults.migrationNamespace} --for=condition=Ready --timeout=10m`,
    );
  // Waves of one plan in wave order (apps-2 before apps-10), everything else by path.
  const waveOf = new Map(mp.plans.map((p) => [p.plan.name, p.wave]));
  const byWave = (a: Manifest, b: Manifest) => {
    const x = waveOf.get(a.migration?.plan ?? '');
    const y = waveOf.get(b.migration?.plan ?? '');
    if (x && y && x.of === y.of && x.number !== y.number) return x.number - y.number;
    return migrationPath(a) < migrationPath(b) ? -1 : 1;
  };
  for (const m of manifests.filter((x) => x.object.kind === 'MigMigration').sort(byWave)) {
    out.push(
      `# when the team decides:`,
      `oc apply -f ${migrationPath(m)}`,
      `oc wait migmigration/${m.object.metadata.name} -n ${defaults.migrationNamespace} --for=condition=Succeeded --timeout=24h`,
    );
  }
  out.push('```', '');
  return out;
}

/** The Velero engine: credentials in the Velero namespace, then backup, wait, restore, and what differs from MTC. */
function veleroSections(mp: MigrationPlan, manifests: readonly Manifest[]): string[] {
  const ns = veleroNamespace(mp.spec);
  const repo = mp.spec.spec.replicationRepository;
  const key = mp.spec.spec.velero?.credentialKey ?? 'cloud';
  const clusters = [...new Set(mp.plans.flatMap((p) => [p.source, p.target]))].sort();
  const host = manifests.find((m) => m.group !== 'migration')?.cluster;
  const out: string[] = [
    '## Secrets to create first',
    '',
    `migplan never emits credentials. On ${clusters.join(' and ')}, in \`${ns}\`:`,
    '',
    '```sh',
  ];
  if (repo) {
    const file =
      repo.provider === 'aws'
        ? '<AWS-CREDENTIALS-FILE with [default] aws_access_key_id / aws_secret_access_key>'
        : repo.provider === 'azure'
          ? '<AZURE-CREDENTIALS-ENV-FILE>'
          : '<GCP-SERVICE-ACCOUNT-JSON>';
    out.push(
      `oc create secret generic ${repo.credentialsSecret} -n ${ns} --from-file=${key}=${file}`,
    );
  }
  out.push('```', '', '## Backup, then restore', '', '```sh');
  for (const c of clusters) {
    const dir = c === mp.plans[0]?.target || c === host ? '.' : `clusters/${c}/`;
    out.push(
      `# on ${c}: storage locations${c === host ? ', the change-storage-class ConfigMap, SCC grants' : ''}`,
      dir === '.' ? 'oc apply -k .' : `oc apply -f ${dir}`,
    );
  }
  for (const m of manifests
    .filter((x) => x.group === 'migration')
    .sort((a, b) => (migrationPath(a) < migrationPath(b) ? -1 : 1))) {
    const name = m.object.metadata.name;
    if (m.object.kind === 'Backup') {
      out.push(
        `# on ${m.cluster}:`,
        `oc apply -f ${migrationPath(m)}`,
        `oc wait backup/${name} -n ${ns} --for=jsonpath='{.status.phase}'=Completed --timeout=24h`,
        `velero backup describe ${name} -n ${ns} --details`,
      );
    } else {
      out.push(
        `# on ${m.cluster}, once the backup has synced to its read-only location (velero backup get):`,
        `oc apply -f ${migrationPath(m)}`,
        `oc wait restore/${name} -n ${ns} --for=jsonpath='{.status.phase}'=Completed --timeout=24h`,
        `velero restore describe ${name} -n ${ns} --details`,
      );
    }
  }
  out.push('```', '');
  const skipped = mp.plans.flatMap((p) => p.pvs.filter((d) => d.action === 'skip'));
  out.push('## Differences from the MTC path', '');
  out.push(
    '- There is no direct volume migration: every volume goes through the bucket (file-system backup, or snapshots where the plan says so), so the cutover backup must hold all data; plan the downtime accordingly.',
  );
  out.push(
    '- Stage runs are extra backups that only warm the bucket; only the cutover backup is restored.',
  );
  out.push(
    mp.spec.spec.velero?.install === 'oadp'
      ? '- Images in ImageStreams travel through the bucket with the OpenShift plugin that OADP installs (backupImages); registry routes are not used.'
      : '- Images in ImageStreams travel only if Velero runs the OpenShift plugin with its registry settings; plain Velero restores the ImageStream objects without their images (see MP4036).',
  );
  for (const d of skipped)
    out.push(
      `- Skipped volume ${d.namespace}/${d.pvc}: annotate the pods that mount it with \`backup.velero.io/backup-volumes-excludes=<volume name>\`, or the file-system backup copies it anyway.`,
    );
  const manual = groupSubjectsToFix(mp);
  if (manual.length) {
    out.push(
      '',
      'Velero rewrites RoleBinding subjects and PV claims for renamed namespaces, but not group names:',
      '',
    );
    pushAll(
      out,
      manual.map((m) => `- ${m}`),
    );
  }
  out.push('');
  return out;
}

/** RoleBindings and SCCs that name `system:serviceaccounts:<old namespace>` in a renamed namespace. */
function groupSubjectsToFix(mp: MigrationPlan): string[] {
  const out: string[] = [];
  for (const p of mp.plans) {
    const facts = mp.facts[p.source];
    if (!facts) continue;
    for (const n of p.namespaces.filter((x) => x.source !== x.target)) {
      const group = `system:serviceaccounts:${n.source}`;
      for (const b of facts.bindings.filter((x) =>
        x.subjects.some((s) => s.kind === 'Group' && s.name === group),
      )) {
        out.push(
          `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}: change group ${group} to system:serviceaccounts:${n.target}`,
        );
      }
      for (const scc of facts.sccs.filter((x) => x.groups.includes(group)))
        out.push(
          `SCC ${scc.name}: its groups name ${group}; migplan grants it to ${n.target} with a RoleBinding instead`,
        );
    }
  }
  return out;
}

/** A proxy URL with credentials is applied at apply time from where it lives, so no file ever holds it. */
function proxySection(mp: MigrationPlan): string[] {
  const proxy = mp.spec.spec.controller?.stunnelTcpProxy;
  if (!proxy || proxy.url !== undefined) return [];
  const value =
    proxy.fromEnv !== undefined
      ? `\${${proxy.fromEnv}}`
      : `$(oc get secret ${proxy.fromSecret?.name ?? ''} -n ${defaults.secretNamespace} -o jsonpath='{.data.${proxy.fromSecret?.key ?? ''}}' | base64 -d)`;
  return [
    '## Stunnel proxy',
    '',
    'The proxy URL carries credentials, so it is not in any file migplan writes. Apply it on the host cluster:',
    '',
    '```sh',
    `oc patch migrationcontroller migration-controller -n ${defaults.migrationNamespace} --type merge -p "{\\"spec\\":{\\"stunnel_tcp_proxy\\":\\"${value}\\"}}"`,
    '```',
    '',
  ];
}

/**
 * The kinds the target would refuse or deprecates, and what could not be checked. Nothing when every kind
 * was compared and none needs attention (the kinds that restore as they are are not listed one by one).
 */
function compatibilitySection(p: PlanDecision): string[] {
  const c = p.compatibility;
  if (!c || (c.rows.length === 0 && c.notChecked.length === 0)) return [];
  const out = ['### Target compatibility', ''];
  for (const why of c.notChecked) out.push(`- Not checked: ${why}.`);
  if (c.notChecked.length) out.push('');
  if (c.rows.length) {
    out.push(
      '| kind | count | source version -> target | namespaces | verdict |',
      '|---|---|---|---|---|',
    );
    for (const r of c.rows)
      out.push(
        `| ${r.kind} | ${r.count} | ${r.group ? `${r.group}/` : ''}${r.sourceVersion} -> ${r.target} | ${r.namespaces.join(', ')} | ${r.verdict}: ${r.reason} |`,
      );
    out.push('');
  }
  if (c.mtcAdvice) out.push(`Install ${c.mtcAdvice}.`, '');
  return out;
}

/** spec.estimate: per plan (wave) the data, stage time and cutover downtime, with what to do over the window. */
function estimatesSection(mp: MigrationPlan): string[] {
  const e = mp.spec.spec.estimate;
  const rows = mp.plans.filter((p) => p.estimate);
  if (!e || rows.length === 0) return [];
  const out: string[] = [
    '## Estimates',
    '',
    `At ${e.bandwidth} per plan and ${Math.round((e.efficiency ?? estimateDefaults.efficiency) * 100)}% rsync efficiency; a cutover after a stage copies ${Math.round((e.changeRate ?? estimateDefaults.changeRate) * 100)}% of the data, then ${e.quiesce ?? estimateDefaults.quiesce} of quiesce${e.maxDowntime !== undefined ? `; window ${e.maxDowntime}` : ''}. Data is the capacity of the PVs copied (an upper bound). See docs/waves.md.`,
    '',
    '| plan | data to copy | stage (full copy) | cutover copies | downtime | suggestion |',
    '|---|---|---|---|---|---|',
  ];
  for (const p of rows) {
    const x = p.estimate;
    if (!x) continue;
    out.push(
      `| ${p.plan.name} | ${formatBytes(x.bytes)} | ${formatDuration(x.stageSeconds)} | ${formatBytes(x.cutoverBytes)}${x.stagedBeforeCutover ? '' : ' (no stage before it)'} | ${x.exceeds ? `**${formatDuration(x.downtimeSeconds)}**` : formatDuration(x.downtimeSeconds)} | ${x.suggestion ? esc(x.suggestion) : ''} |`,
    );
  }
  out.push('');
  return out;
}

/** A Mermaid node id: letters, digits and underscores only. */
const nodeId = (s: string) => `n_${s.replace(/[^A-Za-z0-9]/g, '_')}`;

/** The selection, the dependencies and the waves of a plan with select or split, with pictures. */
function wavesSection(w: PlanWaves, mp: MigrationPlan): string[] {
  const source = mp.spec.spec.plans[w.planIndex]?.source ?? '';
  const out: string[] = [`## Waves of plan ${w.plan}`, ''];
  const explicit = w.selection.filter((s) => s.why === 'listed in namespaces').length;
  out.push(
    `Selection: **${w.selection.length}** namespace(s) of ${source} (${explicit} listed, ${w.selection.length - explicit} selected).` +
      (w.split
        ? ` Split into **${w.waves.length}** wave(s) of at most ${w.limits.namespaces} namespaces, ${w.limits.pods} running pods, ${w.limits.pvs} PVs${w.limits.bytes !== undefined ? ` and ${formatBytes(w.limits.bytes)} of data` : ''} each.`
        : ''),
    '',
  );
  if (w.excluded.length) {
    out.push(`<details><summary>Matched but left out (${w.excluded.length})</summary>`, '');
    for (const e of w.excluded) out.push(`- ${e.namespace}: ${esc(e.why)}`);
    out.push('', '</details>', '');
  }
  out.push('| wave | namespaces | pods | PVs | data to copy |', '|---|---|---|---|---|');
  for (const wave of w.waves)
    out.push(
      `| ${wave.name}${wave.state === 'open' ? '' : ` (${wave.state})`} | ${wave.namespaces.map((e) => (typeof e === 'string' ? e : `${e.from}→${e.to}`)).join(', ')} | ${wave.pods} | ${wave.pvs} | ${formatBytes(wave.bytes)} |`,
    );
  out.push('');
  if (w.split) {
    out.push(
      'Dependency rules (docs/waves.md):',
      '',
      '| rule | reads | checked |',
      '|---|---|---|',
    );
    for (const c of w.checks)
      out.push(
        `| ${c.rule} | ${c.kind} | ${c.checked ? 'yes' : `**not checked**: ${esc(c.why)}`} |`,
      );
    out.push('');
    if (w.dependencies.length) {
      out.push('| namespace | needs | rule | found in |', '|---|---|---|---|');
      for (const d of w.dependencies)
        out.push(
          `| ${d.from} | ${d.to}${d.together ? ' (same wave)' : ''} | ${d.rule} | ${esc(d.detail)} |`,
        );
      out.push('');
    } else out.push('No dependencies among the selected namespaces in the rules checked.', '');
    // The timeline: waves in the order they run. With spec.estimate each wave is its stage copy then its cutover
    // (downtime), in seconds; without it, equal slots. Closed waves run nothing and are left out.
    const decisionOf = new Map(mp.plans.map((p) => [p.plan.name, p]));
    const timed = w.waves.some((x) => decisionOf.get(x.name)?.estimate);
    out.push(
      '```mermaid',
      'gantt',
      timed
        ? `  title Plan ${w.plan}: waves in the order they run (estimated: stage copy, then cutover downtime)`
        : `  title Plan ${w.plan}: waves in the order they run (equal slots, not a duration estimate)`,
      '  dateFormat X',
      '  axisFormat %s',
    );
    let previous = '';
    for (const wave of w.waves.filter((x) => x.state !== 'closed')) {
      const tag = wave.state === 'done' ? 'done, ' : '';
      const start = previous ? `after ${previous}` : '0';
      const e = decisionOf.get(wave.name)?.estimate;
      out.push(`  section ${wave.name}`);
      if (e) {
        const secs = (x: number) => `${Math.max(1, Math.ceil(x))}s`;
        out.push(
          `  stage ${formatBytes(e.bytes)} :${tag}w${wave.number}s, ${start}, ${secs(e.stageSeconds)}`,
          `  cutover ${formatDuration(e.downtimeSeconds)} down :${tag}${e.exceeds ? 'crit, ' : ''}w${wave.number}, after w${wave.number}s, ${secs(e.downtimeSeconds)}`,
        );
      } else
        out.push(
          `  ${wave.namespaces.length} ns, ${wave.pods} pods, ${formatBytes(wave.bytes)} :${tag}w${wave.number}, ${start}, 1s`,
        );
      previous = `w${wave.number}`;
    }
    out.push('```', '');
    if (w.dependencies.length) {
      const waveOf = new Map(w.assignment.map((a) => [a.namespace, a.wave]));
      const involved = [...new Set(w.dependencies.flatMap((d) => [d.from, d.to]))].sort();
      out.push('```mermaid', 'flowchart LR');
      for (const wave of w.waves) {
        const members = involved.filter((n) => waveOf.get(n) === wave.name);
        if (!members.length) continue;
        out.push(`  subgraph ${nodeId(wave.name)}["${wave.name}"]`);
        for (const n of members) out.push(`    ${nodeId(n)}["${n}"]`);
        out.push('  end');
      }
      for (const d of w.dependencies)
        out.push(`  ${nodeId(d.from)} ${d.together ? '<-->' : '-->'}|${d.rule}| ${nodeId(d.to)}`);
      out.push('```', '');
    }
  }
  out.push(
    '<details><summary>Which namespace is in which wave, and why</summary>',
    '',
    '| namespace | wave | why |',
    '|---|---|---|',
  );
  for (const a of w.assignment) out.push(`| ${a.namespace} | ${a.wave} | ${esc(a.why)} |`);
  out.push('', '</details>', '');
  return out;
}
