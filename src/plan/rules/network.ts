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
  const usesRsync =
    mtc &&
    inputs.direct &&
    inputs.pvs.some((d) => d.action === 'copy' && d.copyMethod !== 'snapshot');
  namespaces.forEach((ns, i) => {
    if (!usesRsync) return;
    const hasData = inputs.pvs.some((d) => d.namespace === ns.source && d.action === 'copy');
    if (!hasData) return;
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
  if (plan && plan.source !== plan.target) {
    const cidrs = spec.spec.network?.clusterCIDRs ?? {};
    namespaces.forEach((ns, i) => {
      const sides: [ClusterFacts, string, string, string][] = [
        [source, ns.source, plan.source, plan.target],
      ];
      if (ns.existsOnTarget) sides.push([target, ns.target, plan.target, plan.source]);
      for (const [facts, name, here, other] of mtc ? sides : []) {
        for (const fact of [
          ...inNamespace(facts.egressNetworkPolicies, name),
          ...inNamespace(facts.egressFirewalls, name),
        ] as EgressFact[]) {
          const cidr = cidrs[other];
          if (cidr === undefined) {
            diagnostics.push(
              diag(
                'MP4025',
                `${fact.kind} ${name}/${fact.name} on ${facts.cluster} may block traffic to ${other}, whose CIDR is not in spec.network.clusterCIDRs`,
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
                `cannot allow ${cidr} in ${fact.kind} ${name}/${fact.name} on ${facts.cluster}: ${r.why}`,
                { path: nsPath(i) },
              ),
            );
          if (r.change !== 'insert') continue;
          egress.push({
            cluster: here,
            namespace: name,
            kind: fact.kind,
            object: r.object,
            allowedCidr: cidr,
            reason: {
              rule: 'allow-other-cluster',
              detail: `Allow ${cidr} (${other}) inserted as rule ${r.index + 1}, before the first Deny of ${fact.kind} ${fact.name}`,
            },
          });
        }
      }
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
