import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { KubeManifest } from '../../render/types.js';
import {
  OVN_MULTICAST_ANNOTATION,
  type CniFacts,
  type EgressNetworkPolicyFact,
} from '../../resolve/cni-facts.js';
import { ovnDifferences } from '../rules/network.js';
import {
  hasCloudPrivateIpConfig,
  hasNamespaceNameLabel,
  operatorConverts,
  type OcpVersion,
} from './procedure.js';
import type { Command, ConversionDecision, Feature } from './types.js';

/** The node label that makes a node egress-assignable on OVN-Kubernetes. */
export const EGRESS_ASSIGNABLE_LABEL = 'k8s.ovn.org/egress-assignable';
/** Where the CNO keeps a node's SDN egressCIDRs for a rollback (release-4.16 operconfig/migration.go). */
export const SDN_EGRESS_CIDRS_ANNOTATION = 'networkoperator.openshift.io/sdn-to-ovn-migration';
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface Conversions {
  convertedBy: Record<Feature, 'operator' | 'migplan'>;
  decisions: ConversionDecision[];
  /** Objects the conversions step applies (only what migplan converts). */
  objects: KubeManifest[];
  /** Commands the conversions step runs first (CloudPrivateIPConfig deletes). */
  commands: Command[];
  diagnostics: Diagnostic[];
}

const clusterPath = ['spec', 'cluster'];

/**
 * Each SDN feature in use, converted by the operator or emitted by migplan. The objects are what
 * cluster-network-operator release-4.16 pkg/controller/operconfig/migration.go builds
 * (convertEgressNetworkPolicyToEgressFirewall, convertSdnEgressIpToOvnEgressIp, unstructuredEgressIpObject,
 * labelNodeAndRemoveHostSubnetConfig, enableMulticastOVN), so a migration below 4.12 ends where 4.12+ does.
 */
export function planConversions(
  facts: CniFacts,
  v: OcpVersion,
  flags: Partial<Record<Feature, boolean>>,
  live: boolean,
): Conversions {
  const by = (f: Feature): 'operator' | 'migplan' =>
    live || operatorConverts(v, flags, f) ? 'operator' : 'migplan';
  const convertedBy = {
    egressFirewall: by('egressFirewall'),
    egressIP: by('egressIP'),
    multicast: by('multicast'),
  };
  const out: Conversions = {
    convertedBy,
    decisions: [],
    objects: [],
    commands: [],
    diagnostics: [],
  };
  egressFirewalls(facts, convertedBy.egressFirewall, out);
  egressIPs(facts, v, convertedBy.egressIP, out);
  multicast(facts, convertedBy.multicast, out);
  return out;
}

function egressFirewalls(facts: CniFacts, by: 'operator' | 'migplan', out: Conversions): void {
  const byNamespace = new Map<string, EgressNetworkPolicyFact[]>();
  for (const e of facts.egressNetworkPolicies)
    byNamespace.set(e.namespace, [...(byNamespace.get(e.namespace) ?? []), e]);
  for (const [namespace, policies] of byNamespace) {
    // SDN enforces one EgressNetworkPolicy per namespace; the first by name is the one converted.
    const enp = policies[0] as EgressNetworkPolicyFact;
    const differences = ovnDifferences({
      kind: 'EgressNetworkPolicy',
      namespace,
      name: enp.name,
      object: { spec: { egress: enp.egress } },
    });
    const renamed = enp.name !== 'default';
    out.decisions.push({
      feature: 'egressFirewall',
      from: `EgressNetworkPolicy ${namespace}/${enp.name}`,
      to: `EgressFirewall ${namespace}/default`,
      by,
      why: [
        `${enp.egress.length} rule(s) copied in order`,
        ...(renamed ? ['renamed: an EgressFirewall must be named default'] : []),
        ...(by === 'migplan' && rewrites(enp) ? ['0.0.0.0/32 written as 0.0.0.0/0'] : []),
      ].join('; '),
    });
    // The operator copies the rules verbatim, so the 0.0.0.0/32 rewrite is migplan's alone.
    const said = differences.map((d) =>
      by === 'operator' && d.startsWith('OpenShift SDN reads 0.0.0.0/32')
        ? 'OpenShift SDN reads 0.0.0.0/32 as 0.0.0.0/0, but the operator copies it verbatim and OVN-Kubernetes reads it as one address: change the rule to 0.0.0.0/0 before the migration'
        : d,
    );
    if (said.length)
      out.diagnostics.push(
        diag('MP4210', `EgressNetworkPolicy ${namespace}/${enp.name}: ${said.join('; ')}`, {
          path: clusterPath,
        }),
      );
    if (policies.length > 1)
      out.diagnostics.push(
        diag(
          'MP4210',
          `namespace ${namespace} has ${policies.length} EgressNetworkPolicies (${policies.map((p) => p.name).join(', ')}); SDN enforces none of them and only one EgressFirewall (default) can exist: merge them first`,
          { path: clusterPath },
        ),
      );
    if (by === 'migplan')
      out.objects.push({
        apiVersion: 'k8s.ovn.org/v1',
        kind: 'EgressFirewall',
        metadata: { name: 'default', namespace },
        spec: { egress: enp.egress.map(keepMeaning) },
      });
  }
}

const rewrites = (enp: EgressNetworkPolicyFact) =>
  enp.egress.some(
    (r) => (r['to'] as Record<string, unknown> | undefined)?.['cidrSelector'] === '0.0.0.0/32',
  );

/** OpenShift SDN reads 0.0.0.0/32 as 0.0.0.0/0 (see plan/rules/egress.ts); the EgressFirewall says so. */
function keepMeaning(rule: Record<string, unknown>): Record<string, unknown> {
  const to = rule['to'] as Record<string, unknown> | undefined;
  return to?.['cidrSelector'] === '0.0.0.0/32'
    ? { ...rule, to: { ...to, cidrSelector: '0.0.0.0/0' } }
    : rule;
}

function egressIPs(
  facts: CniFacts,
  v: OcpVersion,
  by: 'operator' | 'migplan',
  out: Conversions,
): void {
  const hosts = facts.hostSubnets.filter((h) => h.egressIPs.length || h.egressCIDRs.length);
  const namespaces = facts.netNamespaces.filter((n) => n.egressIPs.length);
  if (!hosts.length && !namespaces.length) return;
  // convertSdnEgressIpToOvnEgressIp returns early when no HostSubnet has egress config: the operator then
  // converts no NetNamespace either, so migplan emits those EgressIPs whatever the version.
  const operatorStops = by === 'operator' && hosts.length === 0;
  const who: 'operator' | 'migplan' = operatorStops ? 'migplan' : by;
  for (const h of hosts) {
    const automatic = h.egressCIDRs.length > 0;
    out.decisions.push({
      feature: 'egressIP',
      from: `HostSubnet ${h.host}`,
      to: `Node ${h.host} label ${EGRESS_ASSIGNABLE_LABEL}`,
      by,
      why: automatic
        ? `automatic mode (egressCIDRs ${h.egressCIDRs.join(', ')}, kept in annotation ${SDN_EGRESS_CIDRS_ANNOTATION} for a rollback)`
        : `manual mode (egressIPs ${h.egressIPs.join(', ')}): OVN assigns egress IPs itself, the pinning to this node is lost`,
    });
    if (by === 'migplan')
      out.objects.push({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: h.host,
          labels: { [EGRESS_ASSIGNABLE_LABEL]: '' },
          ...(automatic
            ? {
                annotations: {
                  [SDN_EGRESS_CIDRS_ANNOTATION]: JSON.stringify({ EgressCIDRs: h.egressCIDRs }),
                },
              }
            : {}),
        },
      });
  }
  const manual = hosts.filter((h) => h.egressCIDRs.length === 0);
  if (manual.length)
    out.diagnostics.push(
      diag(
        'MP4211',
        `HostSubnets ${manual.map((h) => h.host).join(', ')} pin egress IPs to nodes by hand (egressIPs without egressCIDRs); OVN-Kubernetes assigns each EgressIP to any egress-assignable node, so that pinning is lost`,
        { path: clusterPath },
      ),
    );
  if (operatorStops)
    out.diagnostics.push(
      diag(
        'MP4211',
        `NetNamespaces ${namespaces.map((n) => n.netname).join(', ')} have egress IPs but no HostSubnet has egress config: the operator converts none of them, so migplan emits their EgressIPs; no node is egress-assignable until you label one (${EGRESS_ASSIGNABLE_LABEL}="")`,
        { path: clusterPath },
      ),
    );
  for (const n of namespaces) {
    const name = `egressip-${n.netname}`;
    out.decisions.push({
      feature: 'egressIP',
      from: `NetNamespace ${n.netname} egressIPs ${n.egressIPs.join(', ')}`,
      to: `EgressIP ${name}`,
      by: who,
      why: `namespaceSelector ${NAMESPACE_NAME_LABEL}=${n.netname}${operatorStops ? '; the operator skips it (no HostSubnet has egress config)' : ''}`,
    });
    if (who === 'operator') continue;
    if (hasCloudPrivateIpConfig(v))
      for (const ip of n.egressIPs)
        out.commands.push({
          text: `oc delete cloudprivateipconfigs.cloud.network.openshift.io ${ip} --ignore-not-found`,
          effects: [],
        });
    out.objects.push({
      apiVersion: 'k8s.ovn.org/v1',
      kind: 'EgressIP',
      metadata: { name },
      spec: {
        egressIPs: n.egressIPs,
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: n.netname } },
      },
    });
    // Before Kubernetes 1.21 nothing sets the name label the selector (and a rollback) relies on.
    if (!hasNamespaceNameLabel(v))
      out.objects.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: n.netname, labels: { [NAMESPACE_NAME_LABEL]: n.netname } },
      });
  }
}

function multicast(facts: CniFacts, by: 'operator' | 'migplan', out: Conversions): void {
  for (const n of facts.netNamespaces.filter((x) => x.multicast)) {
    out.decisions.push({
      feature: 'multicast',
      from: `NetNamespace ${n.netname} multicast-enabled`,
      to: `Namespace ${n.netname} annotation ${OVN_MULTICAST_ANNOTATION}`,
      by,
      why: 'the OVN annotation enables multicast for the namespace',
    });
    if (by === 'migplan')
      out.objects.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: n.netname, annotations: { [OVN_MULTICAST_ANNOTATION]: 'true' } },
      });
  }
}
