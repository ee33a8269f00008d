import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../resolve/cluster-facts.js';
import { defaults, namespacePairs, type Spec } from '../spec/spec.js';
import { inNamespace } from '../resolve/facts-index.js';
import { resolveHooks } from './rules/hooks.js';
import { resolveNetwork } from './rules/network.js';
import { resolveImages } from './rules/images.js';
import { resolveNamespaces } from './rules/namespaces.js';
import { resolvePvs } from './rules/pv.js';
import { resolveSccGrants } from './rules/scc.js';
import type { MigrationPlan, PlanDecision, SccGrant } from './types.js';
import { pushAll } from '../util/arrays.js';

export interface PlanInputs {
  spec: Spec;
  facts: Readonly<Record<string, ClusterFacts>>;
  /** Playbook files, by the path written in the spec, already base64-encoded by the caller. */
  playbooks?: ReadonlyMap<string, string>;
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

  spec.spec.plans.forEach((p, index) => {
    const source = facts[p.source];
    const target = facts[p.target];
    const sourceCluster = spec.spec.clusters[p.source];
    if (!source || !target || !sourceCluster) return; // validate() guarantees these; resolve reported missing facts
    const type = p.type ?? defaults.planType;
    const pairs = namespacePairs(p);
    const ns = resolveNamespaces(pairs, index, source, target, p.source === p.target);
    pushAll(diagnostics, ns.diagnostics);
    const pvs = resolvePvs(
      p,
      index,
      pairs.filter((pair) => ns.namespaces.some((n) => n.source === pair.source)),
      source,
      target,
    );
    pushAll(diagnostics, pvs.diagnostics);
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
    const sccGrants = type === 'full' ? resolveSccGrants(ns.namespaces, source, target) : [];
    if (type === 'full')
      pushAll(diagnostics, sccFindings(p.name, index, source, target, sccGrants));
    const images = resolveImages(p, index, ns.namespaces, p.source, sourceCluster, source);
    // Velero's openshift plugin carries ImageStreams through the bucket; registry routes do not matter.
    if ((spec.spec.engine ?? defaults.engine) === 'mtc') pushAll(diagnostics, images.diagnostics);
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
      .filter((pod) => Object.keys(pod.nodeSelector).length);
    for (const label of [
      ...new Set(
        selectors.flatMap((pod) => Object.entries(pod.nodeSelector).map(([k, v]) => `${k}=${v}`)),
      ),
    ].sort()) {
      manualSteps.push(
        `Label target nodes with ${label} and restore the node selectors after cutover.`,
      );
    }
    const copied = pvs.pvs.filter((d) => d.action === 'copy');
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
      indirectImageMigration: (p.images ?? defaults.images) !== 'direct',
      indirectVolumeMigration: (p.volumes?.transfer ?? defaults.transfer) === 'indirect',
      totals: {
        pods,
        pvs: pvs.pvs.length,
        capacityBytes: pvs.pvs.reduce((n, d) => n + d.capacityBytes, 0),
        copiedBytes: copied.reduce((n, d) => n + d.capacityBytes, 0),
      },
      manualSteps,
    });
  });
  const value: MigrationPlan = { spec, plans, facts };
  if (hostCluster !== undefined) value.hostCluster = hostCluster;
  return { value, diagnostics };
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
