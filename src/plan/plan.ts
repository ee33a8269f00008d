import { diag, hasErrors, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../resolve/cluster-facts.js';
import { defaults, namespacePairs, type Plan, type Spec } from '../spec/spec.js';
import { selectAndSplit, wavePlan, type PlanWaves } from './waves/waves.js';
import type { WaveLock } from './waves/lock.js';
import { estimateTransfer, formatDuration } from './waves/estimate.js';
import { formatBytes } from './quantity.js';
import { inNamespace } from '../resolve/facts-index.js';
import { resolveHooks } from './rules/hooks.js';
import { resolveNetwork } from './rules/network.js';
import { resolveImages } from './rules/images.js';
import {
  customNodeSelectors,
  hasCustomNodeSelectors,
  resolveNamespaces,
} from './rules/namespaces.js';
import { resolvePvs } from './rules/pv.js';
import { conversionTargetName, SUFFIX_PLACEHOLDER } from './rules/conversion-names.js';
import { pvcClaimConflicts } from './rules/pvc-claims.js';
import { claimOwners, templatePods } from './rules/owners.js';
import { resolveSccGrants } from './rules/scc.js';
import { checkCompatibility } from './rules/compat.js';
import { podSecurityFindings } from './rules/pod-security.js';
import type {
  MigrationPlan,
  NamespaceDecision,
  PlanDecision,
  PvDecision,
  SccGrant,
} from './types.js';
import { pushAll } from '../util/arrays.js';

export interface PlanInputs {
  spec: Spec;
  facts: Readonly<Record<string, ClusterFacts>>;
  /** Playbook files, by the path written in the spec, already base64-encoded by the caller. */
  playbooks?: ReadonlyMap<string, string>;
  /** The lock file's wave assignments (docs/waves.md), kept where still valid. */
  lock?: WaveLock;
  /** compile --rebalance: assign the open waves afresh. */
  rebalance?: boolean;
}

/** Makes every decision MTC would make at run time, with reasons. Pure. */
export function plan(inputs: PlanInputs): StageResult<MigrationPlan> {
  const { spec, facts } = inputs;
  const diagnostics: Diagnostic[] = [];
  const hostCluster = Object.keys(spec.spec.clusters)
    .sort()
    .find((n) => spec.spec.clusters[n]?.host === true);
  const podLimit = spec.spec.controller?.podLimit ?? defaults.podLimit;
  const pvLimit = spec.spec.controller?.pvLimit ?? defaults.pvLimit;
  const plans: PlanDecision[] = [];

  // One plan as written, or one wave of a split plan (its own name and namespaces, the spec index of the
  // plan it comes from); findings go to `diagnostics`.
  const planOne = (
    p: Plan,
    index: number,
    diagnostics: Diagnostic[],
    wave?: PlanDecision['wave'],
  ) => {
    const source = facts[p.source];
    const target = facts[p.target];
    const sourceCluster = spec.spec.clusters[p.source];
    if (!source || !target || !sourceCluster) return; // validate() guarantees these; resolve reported missing facts
    if (target.cniMigration !== undefined)
      diagnostics.push(
        diag(
          'MP4216',
          `plan "${p.name}" moves applications to ${p.target}, which is ${target.cniMigration}; pod networking there is interrupted and its egress objects change kind until the CNI migration ends`,
          { path: ['spec', 'plans', index, 'target'] },
        ),
      );
    const type = p.type ?? defaults.planType;
    const pairs = namespacePairs(p);
    const ns = resolveNamespaces(pairs, index, source, target, p.source === p.target);
    pushAll(diagnostics, ns.diagnostics);
    // mig-controller looks up ReplicaSets with its own client, on the MTC host (see owners.ts).
    const owners = claimOwners(
      source,
      pairs.map((pair) => pair.source),
      facts[hostCluster ?? p.target],
    );
    const mtc = (spec.spec.engine ?? defaults.engine) === 'mtc';
    if (mtc && !owners.checked) {
      diagnostics.push(
        diag(
          'MP4042',
          `owner not checked: the workloads (Deployments, StatefulSets, ...) of ${p.source} were not read, so plan "${p.name}" leaves each PVC's ownerType and hasReference to mig-controller`,
          { path: ['spec', 'plans', index, 'source'] },
        ),
      );
    }
    const pvs = resolvePvs(
      p,
      index,
      pairs.filter((pair) => ns.namespaces.some((n) => n.source === pair.source)),
      source,
      target,
      owners,
    );
    pushAll(diagnostics, pvs.diagnostics);
    if (type === 'storage-class-conversion') {
      // The name written into the MigPlan comes from getClaims, which hands getMappedNameForPVC the
      // template pods and the Running pods of the plan's source namespaces.
      const sources = pairs.map((pair) => pair.source);
      const pods = [
        ...templatePods(sources.flatMap((ns) => inNamespace(source.workloads, ns))),
        ...sources
          .flatMap((ns) => inNamespace(source.pods, ns))
          .filter((pod) => pod.phase === 'Running'),
      ];
      for (const d of pvs.pvs)
        d.conversionTargetPvc = conversionTargetName(d.pvc, pods, SUFFIX_PLACEHOLDER);
    }
    const nsPath = (sourceNs: string) => [
      'spec',
      'plans',
      index,
      'namespaces',
      pairs.find((pair) => pair.source === sourceNs)?.index ?? 0,
    ];
    for (const s of pvs.skipped) {
      diagnostics.push(
        diag('MP4005', `PVC ${s.namespace}/${s.name} is not migrated: ${s.reason}`, {
          path: nsPath(s.namespace),
        }),
      );
    }
    pushAll(diagnostics, volumeTransferFindings(spec, p, index, type, pvs.pvs));
    const sccGrants = type === 'full' ? resolveSccGrants(ns.namespaces, source, target) : [];
    if (type === 'full') {
      pushAll(diagnostics, sccFindings(p.name, index, source, target, sccGrants));
      pushAll(
        diagnostics,
        podSecurityFindings({
          planName: p.name,
          index,
          namespaces: ns.namespaces,
          source,
          target,
          sccGrants,
        }),
      );
    }
    const targetCluster = spec.spec.clusters[p.target] ?? { role: 'target' as const };
    const images = resolveImages(
      p,
      index,
      ns.namespaces,
      p.source,
      sourceCluster,
      source,
      p.target,
      targetCluster,
      target,
      spec.spec.controller?.disableImageMigration === true,
    );
    // Velero's openshift plugin carries ImageStreams through the bucket; registry routes do not matter.
    if ((spec.spec.engine ?? defaults.engine) === 'mtc') pushAll(diagnostics, images.diagnostics);
    else if (
      spec.spec.velero?.install !== 'oadp' &&
      images.images.internalImageStreams.length > 0
    ) {
      // Plain Velero backs up ImageStream objects but not the image layers: those need the
      // openshift-velero-plugin and its registry settings, which OADP (backupImages) installs.
      diagnostics.push(
        diag(
          'MP4036',
          `${images.images.internalImageStreams.length} ImageStream(s) of plan "${p.name}" hold images in ${p.source}'s internal registry; plain Velero without the OpenShift plugin restores the ImageStreams but not their images`,
          { path: ['spec', 'velero', 'install'] },
        ),
      );
    }
    const hooks = resolveHooks(
      p,
      index,
      ns.namespaces,
      { source, target },
      inputs.playbooks ?? new Map(),
    );
    pushAll(diagnostics, hooks.diagnostics);

    const pods = ns.namespaces.reduce((n, d) => n + d.pods, 0);
    if (pods > podLimit) {
      diagnostics.push(
        diag(
          'MP4012',
          `plan "${p.name}" has ${pods} pods; MTC warns above ${podLimit} (PodLimitExceeded)`,
          { path: ['spec', 'plans', index, 'namespaces'] },
        ),
      );
    }
    if (pvs.pvs.length > pvLimit) {
      diagnostics.push(
        diag(
          'MP4013',
          `plan "${p.name}" has ${pvs.pvs.length} PVs; MTC warns above ${pvLimit} (PvLimitExceeded)`,
          { path: ['spec', 'plans', index, 'volumes'] },
        ),
      );
    }
    for (const g of sccGrants) {
      if (g.emitScc) {
        diagnostics.push(
          diag(
            'MP4019',
            `custom SCC ${g.scc} (used by ${g.namespace}/${g.serviceAccount}) does not exist on ${target.cluster}; it is emitted without users`,
            { path: nsPath(g.namespace) },
          ),
        );
      }
    }
    const network = resolveNetwork({
      spec,
      planIndex: index,
      source,
      target,
      namespaces: ns.namespaces,
      pvs: pvs.pvs,
      direct: (p.volumes?.transfer ?? defaults.transfer) === 'direct',
    });
    pushAll(diagnostics, network.diagnostics);
    const manualSteps: string[] = [];
    for (const pv of pvs.pvs.filter((d) => d.sourceType === 'hostPath'))
      manualSteps.push(
        `Copy hostPath volume ${pv.pvName} (PVC ${pv.namespace}/${pv.pvc}) by hand; MTC skips it.`,
      );
    const selectors = ns.namespaces
      .flatMap((n) => inNamespace(source.pods, n.source))
      .filter((pod) => pod.phase === 'Running' && hasCustomNodeSelectors(pod.nodeSelector));
    for (const label of [
      ...new Set(
        selectors.flatMap((pod) =>
          customNodeSelectors(pod.nodeSelector).map(([k, v]) => `${k}=${v}`),
        ),
      ),
    ].sort()) {
      manualSteps.push(
        `Label target nodes with ${label} and restore the node selectors after cutover.`,
      );
    }
    const runAsRoot = runAsRootFindings(spec, p, index, ns.namespaces, pvs.pvs, source, target);
    pushAll(diagnostics, runAsRoot.diagnostics);
    pushAll(manualSteps, runAsRoot.manualSteps);
    const copied = pvs.pvs.filter((d) => d.action === 'copy');
    // Only a full plan between two clusters carries the namespaces' other resources to another API server.
    const compat =
      type === 'full' && p.source !== p.target
        ? checkCompatibility({
            planName: p.name,
            index,
            namespaces: ns.namespaces.map((n) => n.source),
            source,
            target,
            engine: spec.spec.engine ?? defaults.engine,
          })
        : undefined;
    if (compat) pushAll(diagnostics, compat.diagnostics);
    plans.push({
      plan: p,
      index,
      type,
      source: p.source,
      target: p.target,
      namespaces: ns.namespaces,
      pvs: pvs.pvs,
      skippedPvcs: pvs.skipped,
      sccGrants,
      images: images.images,
      rsyncPolicies: network.rsyncPolicies,
      egress: network.egress,
      hooks: hooks.hooks,
      migrations: p.migrations ?? [],
      ownersChecked: owners.checked,
      // Either indirect flag makes mig-controller class the plan as a namespace migration
      // (migplan/validation.go validatePossibleMigrationTypes), which then needs a MigStorage
      // (validateStorage: InvalidStorageRef) and refuses state migrations: only full plans set them.
      indirectImageMigration: type === 'full' && (p.images ?? defaults.images) !== 'direct',
      indirectVolumeMigration:
        type === 'full' && (p.volumes?.transfer ?? defaults.transfer) === 'indirect',
      totals: {
        pods,
        pvs: pvs.pvs.length,
        capacityBytes: pvs.pvs.reduce((n, d) => n + d.capacityBytes, 0),
        copiedBytes: copied.reduce((n, d) => n + d.capacityBytes, 0),
      },
      manualSteps,
      ...(compat
        ? {
            compatibility: {
              rows: compat.rows,
              notChecked: compat.notChecked,
              ...(compat.mtcAdvice !== undefined ? { mtcAdvice: compat.mtcAdvice } : {}),
            },
          }
        : {}),
      ...(wave ? { wave } : {}),
    });
  };

  const waves: PlanWaves[] = [];
  const controller = {
    namespaceLimit: spec.spec.controller?.namespaceLimit ?? defaults.namespaceLimit,
    podLimit,
    pvLimit,
  };
  // Explicit namespaces by source cluster, for selections: another plan's namespace stays with it.
  const named = new Map<string, Map<string, number>>();
  spec.spec.plans.forEach((p, i) => {
    const m = named.get(p.source) ?? new Map<string, number>();
    for (const pair of namespacePairs(p)) if (!m.has(pair.source)) m.set(pair.source, i);
    named.set(p.source, m);
  });
  const selectedBy = new Map<string, string>();
  spec.spec.plans.forEach((p, index) => {
    if (p.select === undefined && p.split === undefined) {
      planOne(p, index, diagnostics);
      return;
    }
    const source = facts[p.source];
    if (!source) return;
    const taken = new Map<string, string>();
    for (const [ns, i] of named.get(p.source) ?? [])
      if (i !== index) taken.set(ns, spec.spec.plans[i]?.name ?? '');
    const locked = inputs.lock?.plans.find((l) => l.name === p.name);
    const r = selectAndSplit({
      plan: p,
      planIndex: index,
      source,
      controller,
      taken,
      ...(locked ? { locked } : {}),
      ...(inputs.rebalance ? { rebalance: true } : {}),
    });
    pushAll(diagnostics, r.diagnostics);
    const explicit = new Set(namespacePairs(p).map((pair) => pair.source));
    for (const s of r.value.selection) {
      if (explicit.has(s.namespace)) continue;
      const key = `${p.source}\u0000${s.namespace}`;
      const first = selectedBy.get(key);
      if (first !== undefined)
        diagnostics.push(
          diag(
            'MP4104',
            `namespace "${s.namespace}" on ${p.source} is selected by plan "${first}" and plan "${p.name}"`,
            { path: ['spec', 'plans', index, 'select'] },
          ),
        );
      else selectedBy.set(key, p.name);
    }
    waves.push(r.value);
    if (hasErrors(r.diagnostics)) return;
    const explicitIndex = new Map(namespacePairs(p).map((pair) => [pair.source, pair.index]));
    for (const w of r.value.waves) {
      const plan = wavePlan(p, w);
      const wave = {
        of: p.name,
        number: w.number,
        count: r.value.split ? r.value.waves.length : 1,
      };
      if (w.state === 'closed') {
        plans.push(closedWave(plan, index, wave));
        continue;
      }
      const found: Diagnostic[] = [];
      planOne(plan, index, found, wave);
      // A finding about the wave's k-th namespace points at that namespace's entry in the spec, or at select.
      const pairs = namespacePairs(plan);
      for (const d of found) {
        if (d.path[3] === 'namespaces' && typeof d.path[4] === 'number') {
          const ns = pairs[d.path[4]]?.source ?? '';
          const j = explicitIndex.get(ns);
          d.path =
            j !== undefined
              ? [...d.path.slice(0, 4), j, ...d.path.slice(5)]
              : ['spec', 'plans', index, 'select'];
        }
        diagnostics.push(d);
      }
    }
  });
  pushAll(diagnostics, pvcClaimConflicts(plans));
  pushAll(diagnostics, estimatePlans(spec, plans));
  const value: MigrationPlan = { spec, plans, facts };
  if (waves.length) value.waves = waves;
  const locked = waves.flatMap((w) => (w.lock ? [w.lock] : []));
  if (locked.length) value.lock = { plans: locked };
  pushAll(diagnostics, lockedPlansGone(spec, inputs.lock, locked));
  if (hostCluster !== undefined) value.hostCluster = hostCluster;
  return { value, diagnostics };
}

/**
 * A split plan the lock file records but the spec no longer splits: its entry leaves the lock, but the MigPlans
 * of its open waves may still be on the cluster, where an open plan keeps conflicting with any other plan of
 * the same namespaces (mig-controller MigPlan.HasConflict). migplan cannot close them: it no longer emits
 * them, and an applied MigPlan without its clusters would lose them. Said once, on the compile that drops it.
 */
function lockedPlansGone(
  spec: Spec,
  lock: WaveLock | undefined,
  kept: readonly { name: string }[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const gone of lock?.plans ?? []) {
    if (kept.some((k) => k.name === gone.name)) continue;
    const open = gone.waves.filter((w) => w.closed !== true).map((w) => `${gone.name}-${w.number}`);
    if (open.length === 0) continue;
    const index = spec.spec.plans.findIndex((p) => p.name === gone.name);
    out.push(
      diag(
        'MP4110',
        `the lock file records split plan "${gone.name}", which the spec no longer splits; MigPlans of its open waves may still be on the cluster: ${open.join(', ')}`,
        { path: index >= 0 ? ['spec', 'plans', index] : ['spec', 'plans'] },
      ),
    );
  }
  return out;
}

/** With spec.estimate: each open plan's transfer times; a cutover longer than maxDowntime is a warning. */
function estimatePlans(spec: Spec, plans: PlanDecision[]): Diagnostic[] {
  const estimate = spec.spec.estimate;
  if (!estimate) return [];
  const out: Diagnostic[] = [];
  for (const p of plans) {
    if (p.closed) continue;
    const e = estimateTransfer(p.totals.copiedBytes, estimate, p.migrations);
    if (!e) continue;
    p.estimate = e;
    if (e.exceeds)
      out.push(
        diag(
          'MP4109',
          `the cutover of plan "${p.plan.name}" is estimated at ${formatDuration(e.downtimeSeconds)} of downtime (${formatBytes(e.cutoverBytes)} to copy, then ${formatDuration(e.quiesceSeconds)} quiesce), over maxDowntime ${formatDuration(e.maxDowntimeSeconds ?? 0)}: ${e.suggestion ?? ''}`,
          { path: ['spec', 'plans', p.index, 'migrations'] },
        ),
      );
  }
  return out;
}

/**
 * A wave the lock file recorded that has no namespaces now: its MigPlan stays, closed (mig-controller then
 * cleans up the plan's registries and storage locations and runs no further migration), rather than
 * disappearing from the output while it still exists on the host, open, holding namespaces that now belong to
 * another wave. PlanConflict compares open plans only, so the closed one conflicts with nothing.
 */
function closedWave(plan: Plan, index: number, wave: PlanDecision['wave']): PlanDecision {
  return {
    plan,
    index,
    type: plan.type ?? defaults.planType,
    source: plan.source,
    target: plan.target,
    namespaces: [],
    pvs: [],
    skippedPvcs: [],
    sccGrants: [],
    images: {
      mode: 'none',
      internalImageStreams: [],
      reason: { rule: 'closed', detail: 'the wave is closed: it migrates nothing' },
    },
    rsyncPolicies: [],
    egress: [],
    hooks: [],
    migrations: [],
    ownersChecked: false,
    indirectImageMigration: false,
    indirectVolumeMigration: false,
    totals: { pods: 0, pvs: 0, capacityBytes: 0, copiedBytes: 0 },
    manualSteps: [],
    closed: true,
    ...(wave ? { wave } : {}),
  };
}

/** What the report must say about SCCs: what could not be checked, and what is granted. */
function sccFindings(
  planName: string,
  index: number,
  source: ClusterFacts,
  target: ClusterFacts,
  grants: readonly SccGrant[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unreadable = source.unreadable.includes('SecurityContextConstraints');
  if (unreadable || source.sccs.length === 0) {
    const why = unreadable ? 'could not be read' : 'are not in the snapshot';
    out.push(
      diag(
        'MP4023',
        `SCCs of ${source.cluster} ${why}; SCC grants for plan "${planName}" are not checked`,
        { path: ['spec', 'plans', index, 'source'] },
      ),
    );
  }
  if (grants.length === 0) return out;
  const sccs = [...new Set(grants.map((g) => g.scc))].sort();
  out.push(
    diag(
      'MP4018',
      `plan "${planName}" grants ${grants.length} SCC use(s) on ${target.cluster}: ${sccs.join(', ')}`,
      { path: ['spec', 'plans', index, 'namespaces'] },
    ),
  );
  if (target.version === undefined && grants.some((g) => g.emitClusterRole)) {
    out.push(
      diag(
        'MP3004',
        `the OpenShift version of ${target.cluster} is unknown, so SCC ClusterRoles are emitted instead of relying on system:openshift:scc:* (OCP 4.8+)`,
        { path: ['spec', 'plans', index, 'target'] },
      ),
    );
  }
  return out;
}

/**
 * What the volume copy can really do: a file-system backup (Restic/Kopia, MTC indirect or Velero) copies
 * only Filesystem volumes (velero pkg/podvolume backupper: block-mode volumes are not handed to it); state
 * plans and conversions move volumes with DVM only (mig-controller migmigration/task.go: the state
 * itinerary runs no Velero volume backup); and mig-controller refuses a conversion where every PV is skipped
 * (migplan/validation.go validatePvSelections: StorageClassConversionUnavailable).
 */
function volumeTransferFindings(
  spec: Spec,
  p: Spec['spec']['plans'][number],
  index: number,
  type: PlanDecision['type'],
  pvs: readonly PvDecision[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const engine = spec.spec.engine ?? defaults.engine;
  const transfer = p.volumes?.transfer ?? defaults.transfer;
  if (type !== 'full' && p.volumes?.transfer === 'indirect' && engine === 'mtc') {
    out.push(
      diag(
        'MP4037',
        `${type} plan "${p.name}" cannot copy volumes through the replication repository`,
        {
          path: ['spec', 'plans', index, 'volumes', 'transfer'],
        },
      ),
    );
  }
  const fileSystemBackup = engine === 'velero' || (type === 'full' && transfer === 'indirect');
  if (fileSystemBackup) {
    for (const d of pvs) {
      if (d.action !== 'copy' || d.volumeMode !== 'Block' || d.copyMethod === 'snapshot') continue;
      out.push(
        diag(
          'MP4034',
          `PVC ${d.namespace}/${d.pvc} is a Block-mode volume; the file-system backup of ${engine === 'velero' ? 'Velero' : 'indirect volume migration'} would not copy it`,
          { path: ['spec', 'plans', index, 'volumes'] },
        ),
      );
    }
  }
  if (type === 'storage-class-conversion' && pvs.every((d) => d.action === 'skip')) {
    out.push(
      diag(
        'MP4038',
        `storage-class conversion "${p.name}" would skip every PV (${pvs.length}); MTC refuses it with StorageClassConversionUnavailable`,
        { path: ['spec', 'plans', index] },
      ),
    );
  }
  return out;
}

const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';

/** mig-controller directvolumemigration/rsync.go isPSAEnforced: Kubernetes 1.24+, i.e. OpenShift 4.11+ or unknown. */
function psaEnforced(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return true;
  return Number(m[1]) > 4 || (Number(m[1]) === 4 && Number(m[2]) >= 11);
}

/**
 * runAsRoot only takes effect where the rsync namespaces carry pod-security.kubernetes.io/enforce=privileged
 * (mig-controller directvolumemigration/rsync.go isPrivilegedLabelPresent, checked for the source rsync
 * client pods and the destination rsync server); otherwise rsync silently runs as non-root. Warn, and with
 * controller.podSecurityLabels print the label commands and the ones that remove the labels afterwards.
 */
function runAsRootFindings(
  spec: Spec,
  p: Spec['spec']['plans'][number],
  index: number,
  namespaces: readonly NamespaceDecision[],
  pvs: readonly PvDecision[],
  source: ClusterFacts,
  target: ClusterFacts,
): { diagnostics: Diagnostic[]; manualSteps: string[] } {
  const steps = (p.migrations ?? []).filter((m) => m.runAsRoot === true);
  if (steps.length === 0 || (spec.spec.engine ?? defaults.engine) !== 'mtc') {
    return { diagnostics: [], manualSteps: [] };
  }
  const withData = namespaces.filter((n) =>
    pvs.some((d) => d.namespace === n.source && d.action === 'copy' && d.copyMethod !== 'snapshot'),
  );
  const missing: { cluster: string; namespace: string; was?: string | undefined }[] = [];
  for (const n of withData) {
    if (psaEnforced(source.version) && n.labels[PSA_ENFORCE] !== 'privileged')
      missing.push({ cluster: p.source, namespace: n.source, was: n.labels[PSA_ENFORCE] });
    const onTarget = target.namespaces.find((t) => t.name === n.target);
    if (psaEnforced(target.version) && onTarget?.labels[PSA_ENFORCE] !== 'privileged')
      missing.push({ cluster: p.target, namespace: n.target, was: onTarget?.labels[PSA_ENFORCE] });
  }
  if (missing.length === 0) return { diagnostics: [], manualSteps: [] };
  const list = missing.map((m) => `${m.cluster}/${m.namespace}`).join(', ');
  const stepNames = steps.map((m) => m.name).join(', ');
  const diagnostics = [
    diag(
      'MP4035',
      `runAsRoot on ${stepNames} of plan "${p.name}" has no effect without ${PSA_ENFORCE}=privileged on ${list}; rsync would run as non-root`,
      { path: ['spec', 'plans', index, 'migrations'] },
    ),
  ];
  if (spec.spec.controller?.podSecurityLabels !== true) return { diagnostics, manualSteps: [] };
  const manualSteps = [
    ...missing.map(
      (m) =>
        `Before ${stepNames}: on ${m.cluster}, oc label namespace ${m.namespace} ${PSA_ENFORCE}=privileged --overwrite (rsync runs as root only with it).`,
    ),
    ...missing.map(
      (m) =>
        `After ${stepNames}: on ${m.cluster}, oc label namespace ${m.namespace} ${m.was ? `${PSA_ENFORCE}=${m.was} --overwrite` : `${PSA_ENFORCE}-`} (takes the privileged exemption away again).`,
    ),
  ];
  return { diagnostics, manualSteps };
}
