import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { cidrOverlaps, parseCidr, type Cidr } from '../../spec/cidr.js';
import { networkDefaults, type NetworkMigrationSpec } from '../../spec/network-migration.js';
import type { CniFacts } from '../../resolve/cni-facts.js';
import { hasIpv4Subnets, hasTransitSwitch, type OcpVersion } from './procedure.js';

/** OVN-Kubernetes' reserved IPv4 ranges on a version, and the spec field that moves each. */
export interface ReservedRange {
  field: 'join' | 'transitSwitch' | 'masquerade';
  /** The operator field, for messages. */
  operatorField: string;
  cidr: string;
  /** The spec moved it. */
  fromSpec: boolean;
}

/**
 * Defaults from cluster-network-operator release-4.16 pkg/network/ovn_kubernetes.go (defaultV4InternalSubnet
 * 100.64.0.0/16, defaultV4TransitSwitchSubnet 100.88.0.0/16, defaultV4MasqueradeSubnet 169.254.169.0/29). The
 * 4.17 default masquerade range (169.254.0.0/17) applies to new OVN deployments only, never to a migration.
 */
export function reservedRanges(spec: NetworkMigrationSpec, v: OcpVersion): ReservedRange[] {
  const s = spec.spec.internalSubnets ?? {};
  const range = (
    field: ReservedRange['field'],
    operatorField: string,
    dflt: string,
  ): ReservedRange => ({
    field,
    operatorField,
    cidr: s[field] ?? dflt,
    fromSpec: s[field] !== undefined,
  });
  return [
    range(
      'join',
      hasIpv4Subnets(v)
        ? 'ovnKubernetesConfig.ipv4.internalJoinSubnet'
        : 'ovnKubernetesConfig.v4InternalSubnet',
      '100.64.0.0/16',
    ),
    ...(hasTransitSwitch(v)
      ? [
          range(
            'transitSwitch',
            'ovnKubernetesConfig.ipv4.internalTransitSwitchSubnet',
            '100.88.0.0/16',
          ),
        ]
      : []),
    range(
      'masquerade',
      'ovnKubernetesConfig.gatewayConfig.ipv4.internalMasqueradeSubnet',
      '169.254.169.0/29',
    ),
  ];
}

export interface PreflightContext {
  spec: NetworkMigrationSpec;
  facts: CniFacts;
  version: OcpVersion;
  mode: 'offline' | 'live';
}

const specPath = (...p: (string | number)[]) => ['spec', ...p];
const clusterPath = specPath('cluster');

/** Every pre-flight rule: errors block before anything is emitted; each message names the fix. */
export function preflight(ctx: PreflightContext): Diagnostic[] {
  return [
    ...checkSourceCni(ctx),
    ...checkIsolationMode(ctx),
    ...checkMigrationState(ctx),
    ...checkTopology(ctx),
    ...checkReservedOverlap(ctx),
    ...checkSubnetCapacity(ctx),
    ...checkSpecAgainstCluster(ctx),
    ...checkUnsupportedFeatures(ctx),
    ...checkPools(ctx),
    ...checkMtu(ctx),
    ...checkSize(ctx),
    ...checkPlatform(ctx),
    ...checkUnreadable(ctx),
  ];
}

export function checkSourceCni({ facts }: PreflightContext): Diagnostic[] {
  if (facts.networkType === 'OpenShiftSDN') return [];
  return [
    diag(
      'MP4200',
      `${facts.cluster} runs ${facts.networkType} (networks.config.openshift.io cluster status.networkType), not OpenShiftSDN; there is nothing to migrate`,
      { path: clusterPath },
    ),
  ];
}

/** Multitenant and Subnet modes: the docs reject both; the live code rejects Multitenant (ValidateLiveMigration). */
export function checkIsolationMode({ facts }: PreflightContext): Diagnostic[] {
  const fromPlugin = /openshift-ovs-(multitenant|subnet)$/.exec(facts.sdnPluginName ?? '')?.[1];
  const mode =
    facts.operator?.sdnMode ??
    (fromPlugin === 'multitenant' ? 'Multitenant' : fromPlugin === 'subnet' ? 'Subnet' : undefined);
  if (mode !== 'Multitenant' && mode !== 'Subnet') return [];
  const where =
    facts.operator?.sdnMode !== undefined
      ? 'networks.operator.openshift.io cluster spec.defaultNetwork.openshiftSDNConfig.mode'
      : `clusternetworks.network.openshift.io default pluginName (${facts.sdnPluginName ?? ''})`;
  return [
    diag(
      'MP4201',
      `${facts.cluster} isolates projects in ${mode} mode (${where}); OVN-Kubernetes has no ${mode} mode. Fix: set openshiftSDNConfig.mode to NetworkPolicy (oc patch network.operator.openshift.io cluster --type=merge -p '{"spec":{"defaultNetwork":{"openshiftSDNConfig":{"mode":"NetworkPolicy"}}}}') after adding NetworkPolicies that keep the isolation, then snapshot again`,
      { path: clusterPath },
    ),
  ];
}

/** A migration (or MTU migration) already set on the operator, or a live migration in flight. */
export function checkMigrationState({ facts }: PreflightContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const liveMarker = facts.configAnnotations['network.openshift.io/network-type-migration'];
  const inProgress = facts.configTrueConditions.includes('NetworkTypeMigrationInProgress');
  if (liveMarker !== undefined || inProgress)
    out.push(
      diag(
        'MP4214',
        `${facts.cluster} has a live CNI migration under way (network.config cluster ${inProgress ? 'condition NetworkTypeMigrationInProgress=True' : 'annotation network.openshift.io/network-type-migration'})`,
        { path: clusterPath },
      ),
    );
  else if (facts.specNetworkType !== undefined && facts.specNetworkType !== facts.networkType)
    out.push(
      diag(
        'MP4214',
        `${facts.cluster} asks for networkType ${facts.specNetworkType} but runs ${facts.networkType}: a CNI migration is half done`,
        { path: clusterPath },
      ),
    );
  const migration = facts.operator?.migration;
  if (migration && Object.keys(migration).length > 0)
    out.push(
      diag(
        'MP4214',
        `networks.operator.openshift.io cluster already has spec.migration ${JSON.stringify(migration)}; finish that migration, or clear it (oc patch network.operator.openshift.io cluster --type=merge -p '{"spec":{"migration":null}}') and snapshot again`,
        { path: clusterPath },
      ),
    );
  return out;
}

/** Hosted control planes reject the live migration (release-4.16 cluster_config.go ValidateLiveMigration). */
export function checkTopology({ facts, mode }: PreflightContext): Diagnostic[] {
  if (facts.controlPlaneTopology !== 'External') return [];
  return [
    diag(
      'MP4204',
      `${facts.cluster} has a hosted control plane (infrastructure cluster status.controlPlaneTopology External); ${mode === 'live' ? 'the operator refuses a live migration (UnsupportedHyperShiftCluster)' : 'its network is managed from the hosting cluster, not by an in-cluster migration'}`,
      { path: mode === 'live' ? specPath('mode') : clusterPath },
    ),
  ];
}

const candidatePool = (prefix: number, masquerade: boolean): string[] =>
  masquerade
    ? Array.from({ length: 256 }, (_, i) => `169.254.${(169 + i) % 256}.0/${prefix}`)
    : [
        ...Array.from({ length: 64 }, (_, i) => `100.${64 + i}.0.0/${prefix}`),
        '198.18.0.0/' + String(Math.max(prefix, 15)),
      ];

/** The first range of the same size that overlaps nothing the cluster or OVN uses: the fix a message offers. */
function freeRange(range: ReservedRange, taken: readonly Cidr[]): string | undefined {
  const own = parseCidr(range.cidr);
  if (!own) return undefined;
  return candidatePool(own.prefix, range.field === 'masquerade').find((c) => {
    const parsed = parseCidr(c);
    return parsed !== undefined && !taken.some((t) => cidrOverlaps(t, parsed));
  });
}

/**
 * No two of clusterNetwork, serviceNetwork, join, transit switch and masquerade may overlap (release-4.16
 * pkg/network/cluster_config.go validateOVNKubernetesCIDROverlap; IPv4 ranges only, as the spec moves those).
 */
export function checkReservedOverlap({ spec, facts, version }: PreflightContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const networks = [
    ...facts.clusterNetworks.map((c, i) => ({ what: `clusterNetwork[${i}]`, cidr: c.cidr })),
    ...facts.serviceNetworks.map((c, i) => ({ what: `serviceNetwork[${i}]`, cidr: c })),
  ].flatMap((n) => {
    const parsed = parseCidr(n.cidr);
    return parsed ? [{ ...n, parsed }] : [];
  });
  const ranges = reservedRanges(spec, version);
  const parsedRanges = ranges.flatMap((r) => {
    const parsed = parseCidr(r.cidr);
    return parsed ? [{ ...r, parsed }] : [];
  });
  const taken = [...networks.map((n) => n.parsed), ...parsedRanges.map((r) => r.parsed)];
  for (const r of parsedRanges) {
    const hit = networks.filter((n) => cidrOverlaps(n.parsed, r.parsed));
    if (hit.length === 0) continue;
    const free = freeRange(r, taken);
    const fix = free
      ? `Fix: set spec.internalSubnets.${r.field} to a free range such as ${free}`
      : `Fix: set spec.internalSubnets.${r.field} to a range that overlaps none of them`;
    out.push(
      diag(
        'MP4202',
        `the ${r.field === 'transitSwitch' ? 'transit switch' : r.field} subnet ${r.cidr} (${r.operatorField}${r.fromSpec ? ', from spec.internalSubnets' : ', the default'}) overlaps the cluster's ${hit.map((h) => `${h.what} ${h.cidr}`).join(' and ')} (networks.config.openshift.io cluster); OVN-Kubernetes would not start. ${fix}`,
        {
          path: r.fromSpec
            ? specPath('internalSubnets', r.field)
            : spec.spec.internalSubnets
              ? specPath('internalSubnets')
              : specPath(),
        },
      ),
    );
  }
  return out;
}

/**
 * Join and transit subnets need an address per possible node: the sum over v4 clusterNetworks of
 * 2^(hostPrefix - prefix) must be below 2^(32 - subnetPrefix) - 3 (release-4.16 pkg/network/ovn_kubernetes.go
 * isV4InternalSubnetLargeEnough, isV4TransitSwitchSubnetLargeEnough).
 */
export function checkSubnetCapacity({ spec, facts, version }: PreflightContext): Diagnostic[] {
  let nodes = 0n;
  for (const c of facts.clusterNetworks) {
    const parsed = parseCidr(c.cidr);
    if (!parsed || parsed.family !== 4 || c.hostPrefix === undefined) continue;
    nodes += 1n << BigInt(Math.max(0, c.hostPrefix - parsed.prefix));
  }
  if (nodes === 0n) return [];
  return reservedRanges(spec, version)
    .filter((r) => r.field !== 'masquerade')
    .flatMap((r) => {
      const parsed = parseCidr(r.cidr);
      if (!parsed || parsed.family !== 4) return [];
      const capacity = (1n << BigInt(32 - parsed.prefix)) - 3n;
      if (nodes < capacity) return [];
      return [
        diag(
          'MP4205',
          `the ${r.field === 'join' ? 'join' : 'transit switch'} subnet ${r.cidr} holds ${capacity} node addresses, but the cluster network allows ${nodes} nodes; give spec.internalSubnets.${r.field} a larger range`,
          { path: r.fromSpec ? specPath('internalSubnets', r.field) : specPath() },
        ),
      ];
    });
}

/** Spec settings the cluster's version or configuration cannot take. */
export function checkSpecAgainstCluster({ spec, facts, version }: PreflightContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const vxlan =
    facts.operator?.vxlanPort ?? facts.clusterNetworkVxlanPort ?? networkDefaults.vxlanPort;
  if (spec.spec.genevePort !== undefined && spec.spec.genevePort === vxlan)
    out.push(
      diag(
        'MP4213',
        `genevePort ${spec.spec.genevePort} is the VXLAN port of the cluster's OpenShift SDN; both overlays run during the migration, so choose another port (the default is ${networkDefaults.genevePort})`,
        { path: specPath('genevePort') },
      ),
    );
  if (spec.spec.internalSubnets?.transitSwitch !== undefined && !hasTransitSwitch(version))
    out.push(
      diag(
        'MP4213',
        `internalSubnets.transitSwitch needs OpenShift 4.14 or later (${facts.cluster} runs ${facts.version}, which has no transit switch); remove it`,
        { path: specPath('internalSubnets', 'transitSwitch') },
      ),
    );
  if (spec.spec.internalSubnets?.masquerade !== undefined && !hasIpv4Subnets(version))
    out.push(
      diag(
        'MP4213',
        `internalSubnets.masquerade needs OpenShift 4.14 or later (${facts.cluster} runs ${facts.version}, whose operator has no internalMasqueradeSubnet field); remove it`,
        { path: specPath('internalSubnets', 'masquerade') },
      ),
    );
  const v6 = facts.clusterNetworks.every((c) => parseCidr(c.cidr)?.family === 6);
  if (v6 && spec.spec.internalSubnets)
    out.push(
      diag(
        'MP4213',
        `${facts.cluster} has no IPv4 cluster network; the internalSubnets overrides are IPv4 ranges, so remove them`,
        { path: specPath('internalSubnets') },
      ),
    );
  return out;
}

/** Features the migration cannot carry: egress routers (live: blocker), NNCPs, admission webhooks. */
export function checkUnsupportedFeatures({ facts, mode }: PreflightContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const routers = facts.egressRouterPods.map((p) => `${p.namespace}/${p.name}`);
  if (routers.length)
    out.push(
      mode === 'live'
        ? diag(
            'MP4206',
            `egress router pods ${routers.join(', ')} (annotation pod.network.openshift.io/assign-macvlan) block a live migration (the operator reports UnsupportedMACVLANInterface); remove them or use mode: offline and recreate them in OVN redirect mode`,
            { path: specPath('mode') },
          )
        : diag(
            'MP4207',
            `egress router pods ${routers.join(', ')} stop working on OVN-Kubernetes unless they use redirect mode; recreate them after the migration (HTTP and DNS proxy modes are not supported)`,
            { path: clusterPath },
          ),
    );
  if (facts.nncps.length)
    out.push(
      diag(
        'MP4207',
        `NodeNetworkConfigurationPolicies ${facts.nncps.map((n) => `${n.name} (${n.interfaces.join(', ') || 'no interfaces'})`).join(', ')}: one that configures the primary NIC must be deleted before the migration; the steps list the delete for sign-off`,
        { path: clusterPath },
      ),
    );
  const slow = slowWebhooks(facts);
  if (slow.length && mode === 'offline')
    out.push(
      diag(
        'MP4207',
        `admission webhooks ${slow.map((w) => w.name).join(', ')} can stall the offline migration while the pod network is down; the steps set their timeoutSeconds to 3 (or delete them)`,
        { path: clusterPath },
      ),
    );
  return out;
}

/** Webhook configurations with an entry that waits longer than 3 s (the default is 10 s). */
export function slowWebhooks(facts: CniFacts): CniFacts['webhooks'] {
  return facts.webhooks.filter((w) => w.webhooks.some((h) => (h.timeoutSeconds ?? 10) > 3));
}

export function checkPools({ facts }: PreflightContext): Diagnostic[] {
  return facts.pools.flatMap((p) =>
    p.paused || p.degraded
      ? [
          diag(
            'MP4209',
            `MachineConfigPool ${p.name} is ${[p.paused ? 'paused' : '', p.degraded ? 'degraded' : ''].filter(Boolean).join(' and ')}; the migration needs every pool to roll out (a degraded pool halts it)`,
            { path: clusterPath },
          ),
        ]
      : [],
  );
}

/** Geneve takes 100 bytes, VXLAN 50: the overlay MTU drops by 50 unless the spec sets it. */
export function checkMtu({ spec, facts, mode }: PreflightContext): Diagnostic[] {
  const sdnMtu = facts.operator?.sdnMtu ?? facts.clusterNetworkMTU;
  if (sdnMtu === undefined) return [];
  const nic = sdnMtu + 50;
  const ovn = nic - 100;
  if (spec.spec.mtu !== undefined && spec.spec.mtu > ovn)
    return [
      diag(
        'MP4208',
        `mtu ${spec.spec.mtu} is above ${ovn}: the SDN MTU ${sdnMtu} suggests a NIC MTU of ${nic}, and Geneve needs 100 bytes of it; pods would drop large packets unless every NIC is larger`,
        { path: specPath('mtu') },
      ),
    ];
  if (spec.spec.mtu !== undefined) return [];
  return [
    diag(
      'MP4208',
      `the cluster network MTU drops from ${sdnMtu} (VXLAN, 50 bytes) to ${ovn} (Geneve, 100 bytes)${mode === 'offline' ? ' as the operator detects it' : ', applied by the operator during the live migration'}; applications that set their own MTU or rely on ${sdnMtu}-byte packets need it lowered`,
      { path: clusterPath },
    ),
  ];
}

export function checkSize({ facts }: PreflightContext): Diagnostic[] {
  return facts.nodes.length > 150
    ? [
        diag(
          'MP4212',
          `${facts.cluster} has ${facts.nodes.length} nodes; the documentation asks clusters above 150 nodes to open a support case before migrating`,
          { path: clusterPath },
        ),
      ]
    : [];
}

/** The platforms the 4.16 documentation lists for the migration (4.12/4.13 also excluded Nutanix). */
const documentedPlatforms = [
  'BareMetal',
  'AWS',
  'GCP',
  'IBMCloud',
  'Azure',
  'OpenStack',
  'VSphere',
  'AlibabaCloud',
  'Nutanix',
  'None',
];

export function checkPlatform({ facts, version }: PreflightContext): Diagnostic[] {
  const p = facts.platform;
  if (p === undefined) return [];
  const listed =
    documentedPlatforms.includes(p) &&
    !(p === 'Nutanix' && version.minor >= 12 && version.minor <= 13);
  return listed
    ? []
    : [
        diag(
          'MP4215',
          `platform ${p} is not in the documented list for this migration on ${facts.version}`,
          { path: clusterPath },
        ),
      ];
}

export function checkUnreadable({ facts }: PreflightContext): Diagnostic[] {
  return facts.unreadable.length
    ? [
        diag(
          'MP3202',
          `${facts.unreadable.join(', ')} could not be listed on ${facts.cluster}; the checks and conversions that need them are not made`,
          { path: specPath('cluster', 'discovery') },
        ),
      ]
    : [];
}
