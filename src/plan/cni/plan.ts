import { diag, hasErrors, type StageResult } from '../../diagnostics/diagnostic.js';
import type { CniFacts } from '../../resolve/cni-facts.js';
import { networkDefaults, type NetworkMigrationSpec } from '../../spec/network-migration.js';
import { pushAll } from '../../util/arrays.js';
import { planConversions } from './conversions.js';
import { preflight } from './preflight.js';
import { chooseProcedure, parseOcpVersion } from './procedure.js';
import { forwardSteps, rollbackSteps } from './steps.js';
import type { NetworkMigrationPlan, Procedure } from './types.js';

/**
 * Plans a NetworkMigration from its cluster's facts: the procedure the version needs, every pre-flight rule
 * (errors stop here, before anything is emitted), the feature conversions, the ordered steps and the rollback.
 */
export function planNetworkMigration(
  spec: NetworkMigrationSpec,
  facts: CniFacts,
): StageResult<NetworkMigrationPlan> {
  const mode = spec.spec.mode ?? networkDefaults.mode;
  const version = parseOcpVersion(facts.version);
  const clusterPath = ['spec', 'cluster'];
  if (!version)
    return {
      diagnostics: [
        diag(
          'MP4203',
          `${facts.cluster} reports version ${JSON.stringify(facts.version)}, which is not an OpenShift version`,
          {
            path: clusterPath,
          },
        ),
      ],
    };
  const chosen = chooseProcedure(version, mode);
  const diagnostics = preflight({ spec, facts, version, mode });
  if ('refused' in chosen)
    diagnostics.unshift(
      diag(
        'MP4203',
        `${facts.cluster} runs OpenShift ${facts.version}: ${chosen.refused}${mode === 'live' && version.minor >= 4 && version.minor <= 16 ? '. Fix: use mode: offline, or upgrade to the latest 4.16 z-stream first' : '. Fix: migrate the cluster while it runs a version from 4.4 to 4.16 (the latest z-stream of its minor first)'}`,
        { path: mode === 'live' ? ['spec', 'mode'] : clusterPath },
      ),
    );
  if ('refused' in chosen || hasErrors(diagnostics)) return { diagnostics };
  const procedure = chosen.procedure;
  const conversions = planConversions(
    facts,
    version,
    spec.spec.features ?? {},
    procedure === 'live',
  );
  pushAll(diagnostics, conversions.diagnostics);
  const inputs = { spec, facts, version, procedure, conversions };
  return {
    value: {
      cluster: facts.cluster,
      version: facts.version,
      ...(facts.platform !== undefined ? { platform: facts.platform } : {}),
      procedure,
      convertedBy: conversions.convertedBy,
      conversions: conversions.decisions,
      steps: forwardSteps(inputs),
      rollback: rollbackSteps(inputs),
      outage: outage(procedure, facts),
      manualChecks: manualChecks(procedure),
      facts,
    },
    diagnostics,
  };
}

function outage(procedure: Procedure, facts: CniFacts): string {
  const nodes = facts.nodes.length;
  switch (procedure) {
    case 'live':
      return `No cluster-wide outage: the operator drains and reboots the ${nodes} node(s) twice, pool by pool (about twice an upgrade). Egress IPs and multicast do not work while the migration runs.`;
    case 'two-phase':
      return `A cluster-wide outage of pod networking from the network-type step until every node has rebooted (the ${nodes} node(s) reboot once when the pools roll out the migration and once by hand); plan a maintenance window of a few hours.`;
    case 'annotation':
      return `A cluster-wide outage of pod networking from the network-type step until every node has rebooted twice (by hand, then after the pools are unpaused); the ${nodes} node(s) restart in that window.`;
  }
}

function manualChecks(procedure: Procedure): string[] {
  return [
    'UDP 6081 (Geneve) is open between every pair of nodes (cloud security groups, firewalls).',
    'An etcd backup exists and was taken after the backup step.',
    'The real NIC MTU of every node (not in the cluster objects); the MTU figures are estimated from the SDN MTU.',
    ...(procedure === 'live'
      ? [
          'No macvlan, ipvlan, SR-IOV or bridge interface on the default NIC, and the default route is on the NodeIP NIC.',
        ]
      : []),
    'Which NodeNetworkConfigurationPolicies configure the primary NIC, and that deleting them is signed off.',
    'Static routes: set gatewayConfig.routingViaHost: true and ipForwarding: Global before the migration if workloads rely on them.',
    'PTP with UDP hardware timestamps on br-ex is not supported.',
    'Traffic from openshift-ingress and openshift-kube-apiserver is still admitted by NetworkPolicies (OVN selects host-network traffic with the namespace label policy-group.network.openshift.io/host-network).',
    'EgressFirewall dnsName rules and EgressIP assignment are runtime behaviour: check egress traffic after the migration.',
    'Pod IPs and node subnets change: anything that pinned a pod IP must be updated.',
  ];
}
