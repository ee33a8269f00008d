import type { KubeManifest } from '../../render/types.js';
import type { CniFacts } from '../../resolve/cni-facts.js';
import type { NetworkMigrationSpec } from '../../spec/network-migration.js';
import {
  deleteObject,
  jsonReplace,
  mergePatch,
  partial,
  refs,
  removeAnnotation,
  run,
} from './commands.js';
import type { Conversions } from './conversions.js';
import { slowWebhooks } from './preflight.js';
import { hasIpv4Subnets, type OcpVersion } from './procedure.js';
import type { Command, Feature, Procedure, Step } from './types.js';

type Draft = Omit<Step, 'nn'>;

/** The annotation that starts a live migration (release-4.16 pkg/controller/clusterconfig/migration.go). */
export const LIVE_MIGRATION_ANNOTATION = 'network.openshift.io/network-type-migration';
/** The 4.4-4.7 operator annotation (release-4.7 pkg/network/render.go: it only skips IsChangeSafe). */
export const LEGACY_MIGRATION_ANNOTATION = 'networkoperator.openshift.io/network-migration';

const MCD_REBOOT =
  'for pod in $(oc get pods -n openshift-machine-config-operator -l k8s-app=machine-config-daemon -o name); do oc rsh -n openshift-machine-config-operator "$pod" chroot /rootfs shutdown -r +1; done';
const WAIT_OPERATORS = [
  'oc wait clusteroperators --all --for=condition=Available=True --timeout=1200s',
  'oc wait clusteroperators --all --for=condition=Progressing=False --timeout=1200s',
  'oc wait clusteroperators --all --for=condition=Degraded=False --timeout=1200s',
];
const WAIT_POOLS = 'oc wait machineconfigpools --all --for=condition=Updated=True --timeout=3600s';
const WAIT_MULTUS = 'oc -n openshift-multus rollout status daemonset/multus --timeout=1800s';
const WAIT_NODES = 'oc wait nodes --all --for=condition=Ready=True --timeout=3600s';

export interface StepInputs {
  spec: NetworkMigrationSpec;
  facts: CniFacts;
  version: OcpVersion;
  procedure: Procedure;
  conversions: Conversions;
}

const number = (drafts: Draft[]): Step[] => drafts.map((d, i) => ({ nn: i + 1, ...d }));
const draft = (d: Partial<Draft> & Pick<Draft, 'name' | 'title' | 'changes'>): Draft => ({
  objects: [],
  commands: [],
  waits: [],
  verify: [],
  ...d,
});

/** The forward sequence the cluster's version needs (reference §6 and §7), numbered from 1. */
export function forwardSteps(inputs: StepInputs): Step[] {
  switch (inputs.procedure) {
    case 'two-phase':
      return number(twoPhase(inputs));
    case 'annotation':
      return number(annotationProcedure(inputs));
    case 'live':
      return number(liveProcedure(inputs));
  }
}

/** The rollback beside it (reference §8): only after the forward migration succeeded. */
export function rollbackSteps(inputs: StepInputs): Step[] {
  switch (inputs.procedure) {
    case 'two-phase':
      return number(twoPhaseRollback(inputs));
    case 'annotation':
      return number(annotationRollback(inputs));
    case 'live':
      return number(liveRollback());
  }
}

function backup(facts: CniFacts): Draft {
  return draft({
    name: 'backup',
    title: 'Back up the network configuration and check the cluster is healthy',
    changes:
      'Nothing. Saves both Network objects, and waits until every ClusterOperator is Available, not Progressing and not Degraded. Take an etcd backup as well (migplan cannot).',
    commands: [
      run(
        `oc get network.config.openshift.io cluster -o yaml > ${facts.cluster}-network-config.yaml`,
      ),
      run(
        `oc get network.operator.openshift.io cluster -o yaml > ${facts.cluster}-network-operator.yaml`,
      ),
    ],
    waits: WAIT_OPERATORS,
  });
}

function webhooks(facts: CniFacts): Draft[] {
  const slow = slowWebhooks(facts);
  if (!slow.length) return [];
  return [
    draft({
      name: 'webhook-timeouts',
      title: 'Shorten admission webhook timeouts',
      changes:
        'Sets timeoutSeconds to 3 on every webhook that waits longer, so API calls do not stall while the pod network is down (or delete the configuration instead). Put the old values back after the migration.',
      commands: slow.flatMap((w) =>
        w.webhooks.flatMap((h, i) =>
          (h.timeoutSeconds ?? 10) > 3
            ? [jsonReplace(refs.webhook(w.name), `/webhooks/${i}/timeoutSeconds`, 3)]
            : [],
        ),
      ),
    }),
  ];
}

function nncps(facts: CniFacts): Draft[] {
  if (!facts.nncps.length) return [];
  return [
    draft({
      name: 'remove-nncp',
      title: 'Delete NodeNetworkConfigurationPolicies on the primary NIC',
      changes:
        'Deletes the policies below; run only those that configure the primary NIC (operator sign-off): the migration rewrites that NIC (br-ex).',
      commands: facts.nncps.map((n) => deleteObject(refs.nncp(n.name))),
    }),
  ];
}

function featureFlags(
  spec: NetworkMigrationSpec,
  v: OcpVersion,
): Record<string, boolean> | undefined {
  // spec.migration.features exists from 4.12; written out only when the spec turns one off.
  if (v.minor < 12 || !spec.spec.features) return undefined;
  const f = spec.spec.features;
  return {
    egressFirewall: f.egressFirewall ?? true,
    egressIP: f.egressIP ?? true,
    multicast: f.multicast ?? true,
  };
}

/** ovnKubernetesConfig fields the spec sets; each key only when asked (docs: leave out unused keys). */
function ovnSettings(
  spec: NetworkMigrationSpec,
  v: OcpVersion,
): Record<string, unknown> | undefined {
  const s = spec.spec;
  const subnets = s.internalSubnets ?? {};
  const cfg: Record<string, unknown> = {};
  if (s.mtu !== undefined) cfg['mtu'] = s.mtu;
  if (s.genevePort !== undefined) cfg['genevePort'] = s.genevePort;
  if (hasIpv4Subnets(v)) {
    const ipv4: Record<string, string> = {};
    if (subnets.join !== undefined) ipv4['internalJoinSubnet'] = subnets.join;
    if (subnets.transitSwitch !== undefined)
      ipv4['internalTransitSwitchSubnet'] = subnets.transitSwitch;
    if (Object.keys(ipv4).length) cfg['ipv4'] = ipv4;
    if (subnets.masquerade !== undefined)
      cfg['gatewayConfig'] = { ipv4: { internalMasqueradeSubnet: subnets.masquerade } };
  } else if (subnets.join !== undefined) cfg['v4InternalSubnet'] = subnets.join;
  return Object.keys(cfg).length ? cfg : undefined;
}

function ovnSettingsStep(spec: NetworkMigrationSpec, v: OcpVersion): Draft[] {
  const cfg = ovnSettings(spec, v);
  if (!cfg) return [];
  return [
    draft({
      name: 'ovn-settings',
      title: 'Set the OVN-Kubernetes settings the spec asks for',
      changes: `Sets ovnKubernetesConfig ${Object.keys(cfg).join(', ')} on the operator Network before the switch, so OVN-Kubernetes starts with them.`,
      objects: [
        partial(refs.operatorNetwork, { spec: { defaultNetwork: { ovnKubernetesConfig: cfg } } }),
      ],
    }),
  ];
}

function networkTypeStep(): Draft {
  return draft({
    name: 'network-type',
    title: 'Switch the cluster network type to OVNKubernetes',
    changes:
      'Sets networkType on the config Network. The operator deploys OVN-Kubernetes and multus restarts; pod networking is down from here until the nodes reboot.',
    objects: [partial(refs.configNetwork, { spec: { networkType: 'OVNKubernetes' } })],
    waits: [WAIT_MULTUS],
  });
}

function reboot(facts: CniFacts, extra = ''): Draft {
  return draft({
    name: 'reboot',
    title: 'Reboot every node by hand',
    changes: `Reboots the ${facts.nodes.length || 'cluster'} node(s) through their machine-config daemons (or over ssh). ClusterOperators stay broken until every node has rebooted.${extra}`,
    commands: [run(MCD_REBOOT)],
    waits: [WAIT_NODES],
  });
}

function verifyStep(network: 'OVNKubernetes' | 'OpenShiftSDN'): Draft {
  return draft({
    name: 'verify',
    title: `Verify the cluster runs ${network}`,
    changes: 'Nothing; the migration succeeded only if every check passes.',
    verify: [
      `oc get network.config.openshift.io cluster -o jsonpath='{.status.networkType}'   # prints ${network}`,
      'oc get nodes   # every node Ready',
      "oc get pods --all-namespaces -o wide --sort-by='{.spec.nodeName}' | grep -Ev 'Running|Completed'   # none; reboot a node whose pods are in error",
      'oc get clusteroperators   # every one Available, not Progressing, not Degraded',
    ],
    waits: WAIT_OPERATORS,
  });
}

function conversionsStep(c: Conversions): Draft[] {
  if (!c.objects.length) return [];
  const migplan = (Object.keys(c.convertedBy) as Feature[]).filter(
    (f) => c.convertedBy[f] === 'migplan',
  );
  return [
    draft({
      name: 'conversions',
      title: 'Apply the converted SDN features',
      changes: `Creates what the operator does not convert on this version (${migplan.join(', ')}): EgressFirewalls, EgressIPs, node labels and namespace annotations. OVN-Kubernetes serves these kinds only from here on.`,
      objects: mergeByIdentity(c.objects),
      commands: c.commands,
      verify: [
        'oc get egressfirewalls.k8s.ovn.org --all-namespaces',
        'oc get egressips.k8s.ovn.org   # ASSIGNED NODE set for each',
      ],
    }),
  ];
}

/** One object per identity: a Namespace may get both a label and an annotation. */
export function mergeByIdentity(objects: readonly KubeManifest[]): KubeManifest[] {
  const out = new Map<string, KubeManifest>();
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const before = out.get(key);
    out.set(key, before ? (deepMerge(before, o) as KubeManifest) : o);
  }
  return [...out.values()];
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>))
      out[k] = deepMerge(out[k], v);
    return out;
  }
  return b ?? a;
}

/** OCP 4.8-4.16 offline (reference §6; openshift-docs nw-ovn-kubernetes-migration). */
function twoPhase({ spec, facts, version, conversions }: StepInputs): Draft[] {
  const features = featureFlags(spec, version);
  return [
    backup(facts),
    ...webhooks(facts),
    ...nncps(facts),
    draft({
      name: 'clear-migration',
      title: 'Clear spec.migration on the operator Network',
      changes:
        'Sets spec.migration to null: it must be null before the migration is set (a null cannot be applied).',
      commands: [mergePatch(refs.operatorNetwork, { spec: { migration: null } })],
    }),
    draft({
      name: 'migration',
      title: 'Announce the migration to the operator',
      changes: `Sets spec.migration.networkType OVNKubernetes${features ? ` with features ${JSON.stringify(features)}` : ''}. The machine config operator renders the OVN configuration and rolls every pool (nodes reboot one by one).`,
      objects: [
        partial(refs.operatorNetwork, {
          spec: { migration: { networkType: 'OVNKubernetes', ...(features ? { features } : {}) } },
        }),
      ],
      waits: [WAIT_POOLS],
      verify: [
        'oc get machineconfigpools   # UPDATED=True, UPDATING=False, DEGRADED=False',
        "oc describe node | grep -E 'machineconfiguration.openshift.io/(state|currentConfig|desiredConfig)'   # state Done, current == desired",
        "oc get machineconfig $(oc get machineconfigpool worker -o jsonpath='{.status.configuration.name}') -o yaml | grep 'ExecStart=/usr/local/bin/configure-ovs.sh OVNKubernetes'",
      ],
    }),
    ...ovnSettingsStep(spec, version),
    networkTypeStep(),
    reboot(facts),
    verifyStep('OVNKubernetes'),
    ...conversionsStep(conversions),
    draft({
      name: 'cleanup',
      title: 'Clean up after a successful migration',
      changes:
        'Only once verify passed: clears spec.migration, removes the SDN configuration and deletes the openshift-sdn namespace. After this, rolling back needs the full rollback below.',
      commands: [
        mergePatch(refs.operatorNetwork, { spec: { migration: null } }),
        mergePatch(refs.operatorNetwork, {
          spec: { defaultNetwork: { openshiftSDNConfig: null } },
        }),
        deleteObject(refs.namespace('openshift-sdn')),
      ],
    }),
  ];
}

/** OCP 4.4-4.7 (reference §6 seed-A variant). */
function annotationProcedure({ spec, facts, version, conversions }: StepInputs): Draft[] {
  return [
    backup(facts),
    draft({
      name: 'migration-annotation',
      title: 'Annotate the operator Network for the migration',
      changes: `Adds ${LEGACY_MIGRATION_ANNOTATION}: "" so the operator accepts the network type change.`,
      objects: [
        partial(refs.operatorNetwork, {}, { annotations: { [LEGACY_MIGRATION_ANNOTATION]: '' } }),
      ],
    }),
    draft({
      name: 'pause-pools',
      title: 'Pause the machine config pools',
      changes:
        'Sets spec.paused on every pool so the machine config operator does not reboot nodes while the network changes.',
      objects: facts.pools.map((p) => partial(refs.pool(p.name), { spec: { paused: true } })),
    }),
    ...ovnSettingsStep(spec, version),
    networkTypeStep(),
    reboot(facts),
    draft({
      name: 'unpause-pools',
      title: 'Unpause the machine config pools',
      changes:
        'Sets spec.paused back to false (a patch: the pause-pools step owns that field). The machine config operator then reboots each node once more.',
      commands: facts.pools.map((p) => mergePatch(refs.pool(p.name), { spec: { paused: false } })),
      waits: [WAIT_POOLS],
    }),
    verifyStep('OVNKubernetes'),
    ...conversionsStep(conversions),
    draft({
      name: 'cleanup',
      title: 'Clean up after a successful migration',
      changes:
        'Only once verify passed: removes the migration annotation and deletes the openshift-sdn namespace.',
      commands: [
        removeAnnotation(refs.operatorNetwork, LEGACY_MIGRATION_ANNOTATION),
        deleteObject(refs.namespace('openshift-sdn')),
      ],
    }),
  ];
}

/** OCP 4.15.31+ / 4.16 limited live migration (reference §7). */
function liveProcedure({ facts, conversions }: StepInputs): Draft[] {
  const conditions = [
    'NetworkTypeMigrationTargetCNIAvailable',
    'NetworkTypeMigrationMTUReady',
    'NetworkTypeMigrationTargetCNIInUse',
    'NetworkTypeMigrationOriginalCNIPurged',
  ];
  return [
    backup(facts),
    draft({
      name: 'live-migration',
      title: 'Start the live migration',
      changes: `Annotates the config Network with ${LIVE_MIGRATION_ANNOTATION} and sets networkType OVNKubernetes. The operator then sets spec.migration (mode Live) itself, deploys OVN-Kubernetes beside SDN, applies the routable MTU and reboots every node twice, pool by pool; never patch spec.migration by hand.`,
      objects: [
        partial(
          refs.configNetwork,
          { spec: { networkType: 'OVNKubernetes' } },
          { annotations: { [LIVE_MIGRATION_ANNOTATION]: '' } },
        ),
      ],
      waits: [
        ...conditions.map(
          (c) =>
            `oc wait network.config.openshift.io cluster --for=condition=${c}=True --timeout=14400s`,
        ),
        'oc wait network.config.openshift.io cluster --for=condition=NetworkTypeMigrationInProgress=False --timeout=14400s',
        WAIT_POOLS,
      ],
      verify: [
        'oc get network.config.openshift.io cluster -o jsonpath=\'{range .status.conditions[*]}{.type}={.status}{"\\n"}{end}\'',
      ],
    }),
    verifyStep('OVNKubernetes'),
    ...conversionsStep(conversions),
    draft({
      name: 'cleanup',
      title: 'Clean up after a successful migration',
      changes:
        'Only once verify passed: removes the live-migration annotation (the operator already purged SDN).',
      commands: [removeAnnotation(refs.configNetwork, LIVE_MIGRATION_ANNOTATION)],
    }),
  ];
}

function pausePools(facts: CniFacts, how: 'apply' | 'patch'): Draft {
  return draft({
    name: 'pause-pools',
    title: 'Pause the machine config pools',
    changes:
      'Sets spec.paused on every pool so nodes are not rebooted while the network changes back.',
    ...(how === 'apply'
      ? { objects: facts.pools.map((p) => partial(refs.pool(p.name), { spec: { paused: true } })) }
      : {
          commands: facts.pools.map((p) =>
            mergePatch(refs.pool(p.name), { spec: { paused: true } }),
          ),
        }),
  });
}

function unpausePools(facts: CniFacts): Draft {
  return draft({
    name: 'unpause-pools',
    title: 'Unpause the machine config pools',
    changes:
      'Sets spec.paused back to false; the machine config operator reboots each node once more.',
    commands: facts.pools.map((p) => mergePatch(refs.pool(p.name), { spec: { paused: false } })),
    waits: [WAIT_POOLS],
  });
}

/** Fields the forward steps' managers own (networkType) change back by patch, never by apply. */
function networkTypeBack(): Command {
  return mergePatch(refs.configNetwork, { spec: { networkType: 'OpenShiftSDN' } });
}

/** Offline rollback (reference §8; openshift-docs nw-ovn-kubernetes-rollback). */
function twoPhaseRollback({ facts }: StepInputs): Draft[] {
  return [
    backup(facts),
    pausePools(facts, 'apply'),
    draft({
      name: 'clear-migration',
      title: 'Clear spec.migration on the operator Network',
      changes: 'Sets spec.migration to null before the rollback sets it.',
      commands: [mergePatch(refs.operatorNetwork, { spec: { migration: null } })],
    }),
    draft({
      name: 'migration',
      title: 'Announce the rollback to the operator',
      changes:
        'Sets spec.migration.networkType OpenShiftSDN; the operator converts EgressFirewalls, EgressIPs and multicast back (4.12+).',
      objects: [
        partial(refs.operatorNetwork, { spec: { migration: { networkType: 'OpenShiftSDN' } } }),
      ],
    }),
    draft({
      name: 'network-type',
      title: 'Switch the cluster network type back to OpenShiftSDN',
      changes:
        'Sets networkType OpenShiftSDN on the config Network (a patch: the forward network-type step owns that field).',
      commands: [networkTypeBack()],
      waits: [WAIT_MULTUS],
    }),
    reboot(facts),
    unpausePools(facts),
    verifyStep('OpenShiftSDN'),
    draft({
      name: 'cleanup',
      title: 'Clean up after a successful rollback',
      changes:
        'Clears spec.migration, removes the OVN-Kubernetes configuration and deletes the openshift-ovn-kubernetes namespace.',
      commands: [
        mergePatch(refs.operatorNetwork, { spec: { migration: null } }),
        mergePatch(refs.operatorNetwork, {
          spec: { defaultNetwork: { ovnKubernetesConfig: null } },
        }),
        deleteObject(refs.namespace('openshift-ovn-kubernetes')),
      ],
    }),
  ];
}

/** The 4.4-4.7 procedure run backwards. */
function annotationRollback({ facts }: StepInputs): Draft[] {
  return [
    backup(facts),
    draft({
      name: 'migration-annotation',
      title: 'Annotate the operator Network for the rollback',
      changes: `Adds ${LEGACY_MIGRATION_ANNOTATION}: "" again (the forward cleanup removed it).`,
      objects: [
        partial(refs.operatorNetwork, {}, { annotations: { [LEGACY_MIGRATION_ANNOTATION]: '' } }),
      ],
    }),
    // The forward unpause patched spec.paused, so a patch (not an apply) pauses again without a conflict.
    pausePools(facts, 'patch'),
    draft({
      name: 'network-type',
      title: 'Switch the cluster network type back to OpenShiftSDN',
      changes:
        'Sets networkType OpenShiftSDN on the config Network (a patch: the forward network-type step owns that field).',
      commands: [networkTypeBack()],
      waits: [WAIT_MULTUS],
    }),
    reboot(facts),
    unpausePools(facts),
    verifyStep('OpenShiftSDN'),
    draft({
      name: 'cleanup',
      title: 'Clean up after a successful rollback',
      changes: 'Removes the annotation and deletes the openshift-ovn-kubernetes namespace.',
      commands: [
        removeAnnotation(refs.operatorNetwork, LEGACY_MIGRATION_ANNOTATION),
        deleteObject(refs.namespace('openshift-ovn-kubernetes')),
      ],
    }),
  ];
}

/** Live rollback: the same annotation with networkType OpenShiftSDN (reference §8). */
function liveRollback(): Draft[] {
  return [
    draft({
      name: 'live-rollback',
      title: 'Start the live rollback',
      changes:
        'Annotates the config Network and sets networkType OpenShiftSDN (a patch: the forward live-migration step owns networkType). The operator migrates back, rebooting every node twice.',
      commands: [
        mergePatch(refs.configNetwork, {
          metadata: { annotations: { [LIVE_MIGRATION_ANNOTATION]: '' } },
          spec: { networkType: 'OpenShiftSDN' },
        }),
      ],
      waits: [
        'oc wait network.config.openshift.io cluster --for=condition=NetworkTypeMigrationInProgress=False --timeout=14400s',
        WAIT_POOLS,
      ],
    }),
    verifyStep('OpenShiftSDN'),
    draft({
      name: 'cleanup',
      title: 'Clean up after a successful rollback',
      changes: 'Removes the live-migration annotation.',
      commands: [removeAnnotation(refs.configNetwork, LIVE_MIGRATION_ANNOTATION)],
    }),
  ];
}
