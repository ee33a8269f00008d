import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type {
  ClusterFacts,
  InventoryList,
  OlmFact,
  ServedResource,
} from '../../resolve/cluster-facts.js';
import { backedUpResources, gvLabel, servedInstead, serves } from '../../resolve/discovery.js';
import { kubernetesMinor, lifecycleOf, openshift4Minor } from './api-lifecycle.js';
import { cmp } from '../../util/objects.js';

/** One row of the report's compatibility table. */
export interface CompatRow {
  kind: string;
  group: string;
  /** The version Velero backs up on the source (the group's preferred version). */
  sourceVersion: string;
  count: number;
  namespaces: string[];
  /** What the target serves: the same group/version, or what it serves instead, or nothing. */
  target: string;
  verdict: 'error' | 'warning';
  reason: string;
}

export interface CompatResult {
  diagnostics: Diagnostic[];
  rows: CompatRow[];
  /** Why the kinds were not compared (no discovery, a list that could not be read); empty when they were. */
  notChecked: string[];
  /** What to install on each side, when the clusters' versions are known. */
  mtcAdvice?: string;
}

/**
 * The resources of the source that the target would refuse: those Velero backs up (each group at the
 * source's preferred version, cohabiting resources once) that the target does not serve at that
 * group/version. This is migtools/mig-controller pkg/gvk/gvk.go Compare/compareResources, except that
 * custom resources are compared too (MTC's Compare excludes CRD groups and CompareCRDs only looks at them
 * when the apiextensions version itself differs), and both clusters' discovery are compared whole rather
 * than the target's preferred namespaced resources only (a version the target serves but does not prefer
 * still restores).
 */
export function incompatibleResources(
  source: ClusterFacts,
  target: ClusterFacts,
): ServedResource[] {
  if (!source.apis || !target.apis) return [];
  const onTarget = target.apis;
  return backedUpResources(source.apis).filter(
    (r) => !serves(onTarget, r.group, r.version, r.plural),
  );
}

const inventoryOf = (facts: ClusterFacts, r: ServedResource): InventoryList | undefined =>
  facts.inventory?.find(
    (l) => l.group === r.group && l.version === r.version && l.plural === r.plural,
  );

const MTC_CSV = /^(?:mtc|crane)-operator\.v(\d+)\.(\d+)(?:\.(\d+))?/;

/** The MTC operator version installed on a cluster, from its ClusterServiceVersion, if recorded. */
export function mtcVersion(facts: ClusterFacts): string | undefined {
  const csv = facts.olm.find((o) => o.kind === 'ClusterServiceVersion' && MTC_CSV.test(o.name));
  const m = csv ? MTC_CSV.exec(csv.name) : null;
  return m ? `${m[1]}.${m[2]}${m[3] !== undefined ? `.${m[3]}` : ''}` : undefined;
}

/** The operator that owns a CRD: the CSV listing it as owned, and the Subscription that installed it. */
function ownerOf(crd: string, facts: ClusterFacts): string | undefined {
  const csv = facts.olm.find(
    (o) => o.kind === 'ClusterServiceVersion' && o.ownedCrds.includes(crd),
  );
  if (!csv) return undefined;
  const sub = facts.olm.find((o) => o.kind === 'Subscription' && o.installedCsv === csv.name);
  return sub ? describeSubscription(sub) : `operator ${csv.name}`;
}

function describeSubscription(s: OlmFact): string {
  const parts = [
    s.channel ? `channel ${s.channel}` : undefined,
    s.catalogSource ? `from ${s.catalogSource}` : undefined,
    s.installedCsv ? `installed ${s.installedCsv}` : undefined,
  ].filter(Boolean);
  return `operator ${s.packageName ?? s.name}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Whether every resource in a plan's source namespaces can land on its target: kinds the target does not
 * serve, custom resources whose CRD it lacks, OLM operators inside the namespaces, API versions deprecated
 * or removed across the version pair, and the MTC version pair. Kinds are compared from both clusters'
 * discovery and counted from the inventory (metadata-only lists of the incompatible kinds); whatever could
 * not be read is reported as not checked, never as compatible.
 */
export function checkCompatibility(args: {
  planName: string;
  index: number;
  /** Source namespaces of the plan. */
  namespaces: readonly string[];
  source: ClusterFacts;
  target: ClusterFacts;
  engine: 'mtc' | 'velero';
}): CompatResult {
  const { planName, index, source, target } = args;
  const namespaces = new Set(args.namespaces);
  const diagnostics: Diagnostic[] = [];
  const rows: CompatRow[] = [];
  const notChecked: string[] = [];
  const nsPath = ['spec', 'plans', index, 'namespaces'];

  pushAll(diagnostics, olmFindings(planName, index, args.namespaces, source));
  const skew = versionFindings(args, index);
  pushAll(diagnostics, skew.diagnostics);

  const missing = [source, target].filter((f) => !f.apis).map((f) => f.cluster);
  if (missing.length) {
    notChecked.push(
      `the API discovery of ${[...new Set(missing)].join(' and ')} is not known (not recorded in the snapshot)`,
    );
  } else {
    const onTarget = target.apis as NonNullable<ClusterFacts['apis']>;
    const targetMinor = kubernetesMinor(target.version);
    // A group/version whose resource list could not be read is unknown on either side.
    for (const gv of source.apis?.unread ?? [])
      notChecked.push(
        `the kinds of ${gv} on ${source.cluster}: its resource list could not be read`,
      );
    const unreadOnTarget = new Set(onTarget.unread);
    for (const r of incompatibleResources(source, target)) {
      if (unreadOnTarget.has(gvLabel(r))) {
        notChecked.push(
          `${r.kind} (${gvLabel(r)}): the resource list of ${gvLabel(r)} on ${target.cluster} could not be read`,
        );
        continue;
      }
      const list = inventoryOf(source, r);
      if (!list?.objects) {
        notChecked.push(
          `${r.kind} (${gvLabel(r)}) on ${source.cluster}: ${list?.unreadable ?? 'its objects were not listed'}`,
        );
        continue;
      }
      const objects = list.objects.filter((o) => namespaces.has(o.namespace));
      if (objects.length === 0) continue;
      const inNs = [...new Set(objects.map((o) => o.namespace))].sort();
      const crd = r.group ? `${r.plural}.${r.group}` : undefined;
      const isCustom = crd !== undefined && source.crds?.includes(crd) === true;
      const instead = servedInstead(onTarget, r);
      const unknown = onTarget.unread.length
        ? ` (${onTarget.unread.join(', ')} could not be read)`
        : '';
      const insteadText = instead.length
        ? `serves ${instead.map((x) => `${x.kind} ${gvLabel(x)}`).join(', ')} instead${unknown}`
        : `serves no version of it${unknown}`;
      const where = `${objects.length} ${r.kind}(s) ${gvLabel(r)} in ${inNs.join(', ')}`;
      if (isCustom && target.crds !== undefined && !target.crds.includes(crd)) {
        const owner = ownerOf(crd, source);
        const reason = `CRD ${crd} does not exist on ${target.cluster}${owner ? `; it belongs to ${owner}: install that operator on ${target.cluster} first` : '; create the CRD (or install its operator) on the target first'}`;
        rows.push(row(r, objects.length, inNs, 'no CRD', 'error', reason));
        diagnostics.push(
          diag('MP4152', `plan "${planName}": ${where}, but ${reason}`, { path: nsPath }),
        );
        continue;
      }
      const removed = lifecycleOf(r);
      const history =
        removed?.removedIn !== undefined && !removed.openshift
          ? ` (Kubernetes removed ${gvLabel(r)} ${r.plural} in 1.${removed.removedIn}; use ${removed.replacement})`
          : '';
      const reason = `${target.cluster} does not serve ${r.kind} at ${gvLabel(r)}, the version Velero backs up from ${source.cluster}; it ${insteadText}${history}`;
      rows.push(row(r, objects.length, inNs, insteadText, 'error', reason));
      diagnostics.push(diag('MP4151', `plan "${planName}": ${where}; ${reason}`, { path: nsPath }));
    }
    // Served on both sides, but deprecated on the target's version: works now, not for long.
    for (const r of backedUpResources(source.apis as NonNullable<ClusterFacts['apis']>)) {
      const life = lifecycleOf(r);
      if (!life || !serves(onTarget, r.group, r.version, r.plural)) continue;
      const targetLevel = life.openshift ? openshift4Minor(target.version) : targetMinor;
      if (targetLevel === undefined || targetLevel < life.deprecatedIn) continue;
      const workloads = source.workloads.filter(
        (w) => w.kind === r.kind && namespaces.has(w.namespace),
      );
      const listed = inventoryOf(source, r)?.objects?.filter((o) => namespaces.has(o.namespace));
      const objects = listed ?? workloads;
      if (objects.length === 0) continue;
      const inNs = [...new Set(objects.map((o) => o.namespace))].sort();
      const reason = life.openshift
        ? `${r.kind} is deprecated from OpenShift 4.${life.deprecatedIn} (${target.cluster} runs ${target.version ?? '?'}); move to ${life.replacement}`
        : `${gvLabel(r)} ${r.plural} is deprecated on Kubernetes 1.${targetLevel}${life.removedIn !== undefined ? ` and removed in 1.${life.removedIn}` : ''}; move to ${life.replacement}`;
      rows.push(
        row(r, objects.length, inNs, `serves ${gvLabel(r)} (deprecated)`, 'warning', reason),
      );
      diagnostics.push(
        diag(
          'MP4154',
          `plan "${planName}": ${objects.length} ${r.kind}(s) in ${inNs.join(', ')}: ${reason}`,
          { path: nsPath },
        ),
      );
    }
  }
  for (const why of notChecked)
    diagnostics.push(
      diag('MP4150', `plan "${planName}": target compatibility not checked: ${why}`, {
        path: ['spec', 'plans', index],
      }),
    );
  rows.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.group, b.group) || cmp(a.verdict, b.verdict));
  return {
    diagnostics,
    rows,
    notChecked,
    ...(skew.advice !== undefined ? { mtcAdvice: skew.advice } : {}),
  };
}

function row(
  r: ServedResource,
  count: number,
  namespaces: string[],
  target: string,
  verdict: CompatRow['verdict'],
  reason: string,
): CompatRow {
  return {
    kind: r.kind,
    group: r.group,
    sourceVersion: r.version,
    count,
    namespaces,
    target,
    verdict,
    reason,
  };
}

/**
 * Operators are installed on the target, not migrated: a Subscription, CSV or OperatorGroup restored into a
 * namespace without its catalog and install plan does nothing, or fights the target's own OLM.
 */
function olmFindings(
  planName: string,
  index: number,
  namespaces: readonly string[],
  source: ClusterFacts,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ns of [...namespaces].sort()) {
    const here = source.olm.filter((o) => o.namespace === ns);
    if (here.length === 0) continue;
    const subs = here.filter((o) => o.kind === 'Subscription');
    const install = subs.length
      ? subs.map(describeSubscription).join('; ')
      : here
          .filter((o) => o.kind === 'ClusterServiceVersion')
          .map((o) => `operator ${o.name}`)
          .join('; ') || 'the operator its OperatorGroup serves';
    const objects = here.map((o) => `${o.kind} ${o.name}`).join(', ');
    out.push(
      diag(
        'MP4153',
        `plan "${planName}": namespace ${ns} holds OLM-managed operator objects (${objects}); install ${install} on the target before migrating, and leave these objects out`,
        { path: ['spec', 'plans', index, 'namespaces'] },
      ),
    );
  }
  return out;
}

/**
 * MTC's support matrix (MTC documentation, "Migration Toolkit for Containers compatibility guidelines"):
 * the same MTC version on both clusters; an OpenShift 3 source runs the legacy operator of MTC 1.7.x; a
 * source on 4.9 or older needs 1.7.x on both sides; MTC 1.8.x migrates between 4.10+ clusters only.
 */
function versionFindings(
  args: { planName: string; source: ClusterFacts; target: ClusterFacts; engine: 'mtc' | 'velero' },
  index: number,
): { diagnostics: Diagnostic[]; advice?: string } {
  const { planName, source, target } = args;
  const out: Diagnostic[] = [];
  const path = ['spec', 'plans', index, 'target'];
  const sv = versionParts(source.version);
  const tv = versionParts(target.version);
  if (sv && tv && (tv[0] < sv[0] || (tv[0] === sv[0] && tv[1] < sv[1])))
    out.push(
      diag(
        'MP4155',
        `plan "${planName}": the target ${target.cluster} (${target.version ?? ''}) is older than the source ${source.cluster} (${source.version ?? ''}); neither MTC nor Velero migrates to an older release`,
        { path },
      ),
    );
  if (args.engine !== 'mtc' || !sv || !tv) return { diagnostics: out };
  const needs17 = sv[0] === 3 || (sv[0] === 4 && sv[1] <= 9);
  const advice = needs17
    ? `MTC 1.7.x on both ${source.cluster} (${sv[0] === 3 ? 'the legacy operator' : 'OperatorHub'}) and ${target.cluster}`
    : `the same MTC 1.8.x on both ${source.cluster} and ${target.cluster}`;
  const installed = [source, target].map((f) => ({ cluster: f.cluster, v: mtcVersion(f) }));
  const wrong = installed.filter(
    (i) =>
      i.v !== undefined &&
      (needs17 ? !i.v.startsWith('1.7.') && i.v !== '1.7' : !i.v.startsWith('1.8')),
  );
  const [a, b] = installed;
  const differ = a?.v !== undefined && b?.v !== undefined && minor(a.v) !== minor(b.v);
  if (wrong.length || differ)
    out.push(
      diag(
        'MP4155',
        `plan "${planName}": MTC ${installed.map((i) => `${i.v ?? 'unknown'} on ${i.cluster}`).join(' and ')} is outside MTC's support matrix for ${source.version ?? ''} -> ${target.version ?? ''}; install ${advice}`,
        { path },
      ),
    );
  return { diagnostics: out, advice };
}

const minor = (v: string) => v.split('.').slice(0, 2).join('.');

function versionParts(v: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function pushAll<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}
