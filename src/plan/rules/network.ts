import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts, EgressFact } from '../../resolve/cluster-facts.js';
import { inNamespace } from '../../resolve/facts-index.js';
import { defaults, type Spec } from '../../spec/spec.js';
import type {
  EgressDecision,
  NamespaceDecision,
  PvDecision,
  RsyncPolicyDecision,
} from '../types.js';
import { allowCidr, toEgressFirewall } from './egress.js';
import { decideRsyncPolicy } from './network-allow.js';
import { pushAll } from '../../util/arrays.js';

export interface NetworkInputs {
  spec: Spec;
  planIndex: number;
  source: ClusterFacts;
  target: ClusterFacts;
  namespaces: readonly NamespaceDecision[];
  pvs: readonly PvDecision[];
  direct: boolean;
}

/**
 * What rsync and cross-cluster traffic need: NetworkPolicy allowances where existing policies would block
 * the rsync pods, and egress-firewall Allow rules for the other cluster's CIDR (mtc.md section 6).
 */
export function resolveNetwork(inputs: NetworkInputs): {
  rsyncPolicies: RsyncPolicyDecision[];
  egress: EgressDecision[];
  diagnostics: Diagnostic[];
} {
  const { spec, planIndex, source, target, namespaces } = inputs;
  const mode = spec.spec.network?.rsyncPolicies ?? defaults.rsyncPolicies;
  const plan = spec.spec.plans[planIndex];
  const diagnostics: Diagnostic[] = [];
  const rsyncPolicies: RsyncPolicyDecision[] = [];
  const egress: EgressDecision[] = [];
  const nsPath = (i: number) => ['spec', 'plans', planIndex, 'namespaces', i];
  // With Velero, data goes through the bucket: no rsync pods and no traffic between the clusters.
  const mtc = (spec.spec.engine ?? defaults.engine) === 'mtc';
  const usesRsync = mtc && inputs.direct && inputs.pvs.some(copiedByRsync);
  namespaces.forEach((ns, i) => {
    if (!usesRsync) return;
    // Only namespaces with a PV that DVM copies run rsync pods (a snapshot copy goes through Velero).
    if (!inputs.pvs.some((d) => d.namespace === ns.source && copiedByRsync(d))) return;
    const sides: ['source' | 'target', ClusterFacts, string][] = [['source', source, ns.source]];
    // A destination that does not exist yet has no policies before DVM creates it.
    if (ns.existsOnTarget) sides.push(['target', target, ns.target]);
    for (const [side, facts, name] of sides) {
      const policies = inNamespace(facts.networkPolicies, name);
      const decision = decideRsyncPolicy(mode, side, facts.cluster, name, policies);
      if (decision) rsyncPolicies.push(decision);
      else if (mode === 'never' && decideRsyncPolicy('auto', side, facts.cluster, name, policies)) {
        diagnostics.push(
          diag(
            'MP4026',
            `NetworkPolicies in ${name} on ${facts.cluster} would block rsync and rsyncPolicies is never`,
            { path: nsPath(i) },
          ),
        );
      }
    }
  });
  if (plan && usesRsync) pushAll(egress, rsyncEgressAllowances(inputs, plan, diagnostics, nsPath));
  if (plan && plan.source !== plan.target) {
    namespaces.forEach((ns, i) => {
      // SDN EgressNetworkPolicy does nothing on an OVN-Kubernetes target: carry it over as an EgressFirewall.
      const sdn = inNamespace(source.egressNetworkPolicies, ns.source);
      if (
        sdn.length &&
        target.networkType === 'OVNKubernetes' &&
        inNamespace(target.egressFirewalls, ns.target).length === 0
      ) {
        const first = sdn[0] as EgressFact;
        egress.push({
          cluster: plan.target,
          namespace: ns.target,
          kind: 'EgressFirewall',
          object: toEgressFirewall(first, ns.target),
          allowedCidr: '',
          reason: {
            rule: 'sdn-to-ovn',
            detail: `EgressNetworkPolicy ${ns.source}/${first.name} converted to EgressFirewall default for OVN-Kubernetes on ${target.cluster}`,
          },
        });
        for (const w of ovnDifferences(first)) {
          diagnostics.push(
            diag('MP4032', `EgressNetworkPolicy ${ns.source}/${first.name}: ${w}`, {
              path: nsPath(i),
            }),
          );
        }
        diagnostics.push(
          diag(
            'MP4027',
            `${ns.source} has EgressNetworkPolicy ${first.name}, which does nothing on ${target.cluster} (OVNKubernetes); emitted as EgressFirewall default in ${ns.target}`,
            { path: nsPath(i) },
          ),
        );
      }
    });
  }
  pushAll(diagnostics, renamedSelectors(inputs, nsPath));
  if (rsyncPolicies.length || egress.length) {
    diagnostics.push(
      diag(
        'MP4028',
        `plan "${plan?.name ?? ''}" emits ${rsyncPolicies.length} rsync NetworkPolicy allowance(s) and ${egress.length} egress firewall object(s)`,
        { path: ['spec', 'plans', planIndex] },
      ),
    );
  }
  return { rsyncPolicies, egress, diagnostics };
}

/** Direct volume migration copies the PV with rsync pods (filesystem or block copy; not a snapshot copy). */
const copiedByRsync = (d: PvDecision): boolean =>
  d.action === 'copy' && d.copyMethod !== 'snapshot';

/** SDN rules that OVN-Kubernetes applies differently (velero-openshift.md section 5). */
export function ovnDifferences(fact: EgressFact): string[] {
  const spec = fact.object['spec'] as
    { egress?: { type?: string; to?: Record<string, string> }[] } | undefined;
  const rules = spec?.egress ?? [];
  const out: string[] = [];
  const denyAll = rules.findIndex(
    (r) =>
      r.type === 'Deny' &&
      (r.to?.['cidrSelector'] === '0.0.0.0/0' || r.to?.['cidrSelector'] === '0.0.0.0/32'),
  );
  // Only the dnsName Allows that SDN checks before that Deny (first match wins) are affected.
  const beforeDenyAll = denyAll === -1 ? [] : rules.slice(0, denyAll);
  const dnsAllows = beforeDenyAll.flatMap((r) => {
    const dnsName = r.to?.['dnsName'];
    return r.type === 'Allow' && dnsName !== undefined ? [dnsName] : [];
  });
  if (dnsAllows.length) {
    out.push(
      `dnsName Allow rules (${dnsAllows.join(', ')}) do not get through a Deny of 0.0.0.0/0 on OVN-Kubernetes, which matches the resolved IP; allow their CIDRs instead`,
    );
  }
  if (rules.some((r) => r.to?.['cidrSelector'] === '0.0.0.0/32')) {
    out.push(
      'OpenShift SDN reads 0.0.0.0/32 as 0.0.0.0/0; the EgressFirewall says 0.0.0.0/0 to keep that meaning',
    );
  }
  return out;
}

/** NetworkPolicies whose namespaceSelector names a namespace the plan renames: nothing rewrites them. */
function renamedSelectors(
  inputs: NetworkInputs,
  nsPath: (i: number) => (string | number)[],
): Diagnostic[] {
  const renamed = new Map(
    inputs.namespaces.filter((n) => n.source !== n.target).map((n) => [n.source, n.target]),
  );
  const out: Diagnostic[] = [];
  inputs.namespaces.forEach((ns, i) => {
    for (const p of inNamespace(inputs.source.networkPolicies, ns.source)) {
      const text = JSON.stringify(p.spec);
      for (const [from, to] of renamed) {
        if (text.includes(`"kubernetes.io/metadata.name":"${from}"`)) {
          out.push(
            diag(
              'MP4031',
              `NetworkPolicy ${ns.source}/${p.name} selects namespace ${from} by name, which becomes ${to}; update its namespaceSelector after cutover`,
              { path: nsPath(i) },
            ),
          );
        }
      }
    }
  });
  return out;
}

/**
 * Egress-firewall allowances for rsync. The rsync clients of direct volume migration run in each source
 * namespace that has a PVC DVM copies, and connect to the destination's rsync endpoint
 * (migtools/mig-controller pkg/controller/directvolumemigration/rsync.go: a Route through the
 * destination's routers by default, a NodePort on its nodes, or a ClusterIP service inside the cluster;
 * migmigration getEndpointType reads rsync_endpoint_type of the destination). An EgressNetworkPolicy or
 * EgressFirewall filters traffic leaving its namespace for addresses outside the cluster network, so:
 * only source namespaces with DVM PVCs, only for the destination's `network.clusterCIDRs` entry (the
 * address its Route or NodePort endpoint is reached at), never for a ClusterIP endpoint, and only where
 * the existing rules would block some of that range (compared by containment, not as strings).
 */
function rsyncEgressAllowances(
  inputs: NetworkInputs,
  plan: NonNullable<Spec['spec']['plans'][number]>,
  diagnostics: Diagnostic[],
  nsPath: (i: number) => (string | number)[],
): EgressDecision[] {
  const { spec, source, namespaces } = inputs;
  const endpoint = spec.spec.controller?.rsyncEndpointType ?? 'Route';
  if (endpoint === 'ClusterIP') return [];
  const cidr = spec.spec.network?.clusterCIDRs?.[plan.target];
  const reached = endpoint === 'Route' ? 'routers (Route endpoint)' : 'nodes (NodePort endpoint)';
  const out: EgressDecision[] = [];
  namespaces.forEach((ns, i) => {
    if (!inputs.pvs.some((d) => d.namespace === ns.source && copiedByRsync(d))) return;
    for (const fact of [
      ...inNamespace(source.egressNetworkPolicies, ns.source),
      ...inNamespace(source.egressFirewalls, ns.source),
    ] as EgressFact[]) {
      const denies = (
        ((fact.object['spec'] ?? {}) as { egress?: { type?: string }[] }).egress ?? []
      ).some((r) => r.type === 'Deny');
      if (!denies) continue;
      if (cidr === undefined) {
        diagnostics.push(
          diag(
            'MP4025',
            `${fact.kind} ${ns.source}/${fact.name} on ${source.cluster} may block rsync to the ${reached} of ${plan.target}, whose address is not in spec.network.clusterCIDRs`,
            { path: nsPath(i) },
          ),
        );
        continue;
      }
      const r = allowCidr(fact, cidr);
      if (r.change === 'impossible')
        diagnostics.push(
          diag(
            'MP4024',
            `cannot allow ${cidr} in ${fact.kind} ${ns.source}/${fact.name} on ${source.cluster}: ${r.why}`,
            { path: nsPath(i) },
          ),
        );
      if (r.change !== 'insert') continue;
      out.push({
        cluster: plan.source,
        namespace: ns.source,
        kind: fact.kind,
        object: r.object,
        allowedCidr: cidr,
        reason: {
          rule: 'allow-rsync-endpoint',
          detail: `Allow ${cidr} (the ${reached} of ${plan.target}, where rsync connects) inserted as rule ${r.index + 1}, before the first Deny that would catch it in ${fact.kind} ${fact.name}`,
        },
      });
    }
  });
  return out;
}
