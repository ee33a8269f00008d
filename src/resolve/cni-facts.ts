import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { KubeObject } from './facts-from-objects.js';

/**
 * What a NetworkMigration knows about its cluster: the few fields of each network object the pre-flight rules,
 * the steps and the conversions read. Built by one pure reader (`cniFactsFromObjects`) from raw objects, whether
 * they came from a snapshot or a live read, so both give the same facts; every list is sorted.
 */
export interface CniFacts {
  cluster: string;
  /** ClusterVersion status.desired.version, e.g. "4.10.3". */
  version: string;
  /** Config Network: the cluster's CNI as it runs (status.networkType, else spec.networkType). */
  networkType: string;
  /** Config Network spec.networkType: differs from networkType while a migration is under way. */
  specNetworkType?: string;
  clusterNetworks: { cidr: string; hostPrefix?: number }[];
  serviceNetworks: string[];
  /** Config Network status.clusterNetworkMTU. */
  clusterNetworkMTU?: number;
  /** Config Network annotations (live migration marker) and conditions set to True. */
  configAnnotations: Record<string, string>;
  configTrueConditions: string[];
  /** Operator Network (operator.openshift.io cluster); undefined when the snapshot has none. */
  operator?: OperatorNetworkFacts;
  /** ClusterNetwork default .pluginName, e.g. redhat/openshift-ovs-networkpolicy. */
  sdnPluginName?: string;
  /** ClusterNetwork default .vxlanPort, the other place the SDN records it. */
  clusterNetworkVxlanPort?: number;
  platform?: string;
  /** Infrastructure status.controlPlaneTopology (External = hosted control plane). */
  controlPlaneTopology?: string;
  nodes: NodeFact[];
  pools: PoolFact[];
  hostSubnets: HostSubnetFact[];
  netNamespaces: NetNamespaceFact[];
  namespaces: string[];
  egressNetworkPolicies: EgressNetworkPolicyFact[];
  networkPolicies: { namespace: string; name: string }[];
  nncps: { name: string; interfaces: string[] }[];
  webhooks: { name: string; webhooks: { name: string; timeoutSeconds?: number }[] }[];
  /** Pods annotated pod.network.openshift.io/assign-macvlan (SDN egress routers). */
  egressRouterPods: { namespace: string; name: string }[];
  /** Kinds that could not be listed: unknown, not empty. */
  unreadable: string[];
}

export interface OperatorNetworkFacts {
  /** spec.defaultNetwork.openshiftSDNConfig.mode; unset means NetworkPolicy. */
  sdnMode?: string;
  vxlanPort?: number;
  sdnMtu?: number;
  /** spec.migration as recorded (null or absent when no migration is set). */
  migration?: Record<string, unknown>;
  annotations: Record<string, string>;
}

export interface NodeFact {
  name: string;
  roles: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PoolFact {
  name: string;
  paused: boolean;
  degraded: boolean;
  updating: boolean;
}

export interface HostSubnetFact {
  /** The node name (HostSubnet .host, else metadata.name). */
  host: string;
  egressIPs: string[];
  egressCIDRs: string[];
}

export interface NetNamespaceFact {
  netname: string;
  egressIPs: string[];
  multicast: boolean;
}

export interface EgressNetworkPolicyFact {
  namespace: string;
  name: string;
  /** spec.egress, copied verbatim into the EgressFirewall. */
  egress: Record<string, unknown>[];
}

/** The SDN multicast annotation on a NetNamespace and its OVN counterpart on the Namespace. */
export const SDN_MULTICAST_ANNOTATION = 'netnamespace.network.openshift.io/multicast-enabled';
export const OVN_MULTICAST_ANNOTATION = 'k8s.ovn.org/multicast-enabled';
/** The SDN egress router marker (openshift/sdn pkg/network/node/pod.go). */
const EGRESS_ROUTER_ANNOTATION = 'pod.network.openshift.io/assign-macvlan';

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v);
const obj = (v: unknown): Dict => (isDict(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val;
  return out;
};
const byName =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
const groupOf = (o: Dict): string => {
  const api = str(o['apiVersion']) ?? '';
  return api.includes('/') ? api.slice(0, api.indexOf('/')) : '';
};
const trueConditions = (status: Dict): string[] =>
  arr(status['conditions'])
    .map(obj)
    .filter((c) => c['status'] === 'True')
    .flatMap((c) => (typeof c['type'] === 'string' ? [c['type']] : []))
    .sort();

/**
 * Reads raw objects (a snapshot's files or a live read's lists) into CniFacts. Objects of other kinds are
 * ignored; one without a name is a warning naming it. The config Network and the ClusterVersion are required:
 * without them there is no procedure to choose.
 */
export function cniFactsFromObjects(
  cluster: string,
  objects: readonly KubeObject[],
  unreadable: readonly string[] = [],
): StageResult<CniFacts> {
  const diagnostics: Diagnostic[] = [];
  const f: Omit<CniFacts, 'version' | 'networkType'> & { version?: string; networkType?: string } =
    {
      cluster,
      clusterNetworks: [],
      serviceNetworks: [],
      configAnnotations: {},
      configTrueConditions: [],
      nodes: [],
      pools: [],
      hostSubnets: [],
      netNamespaces: [],
      namespaces: [],
      egressNetworkPolicies: [],
      networkPolicies: [],
      nncps: [],
      webhooks: [],
      egressRouterPods: [],
      unreadable: [...unreadable].sort(),
    };
  // An object recorded twice (two oc get files of one kind) is read once.
  const seen = new Set<string>();
  for (const o of objects) {
    const kind = str(o['kind']);
    const meta = obj(o['metadata']);
    const name = str(meta['name']);
    if (kind === undefined || !readKinds.has(kind)) continue;
    if (!name) {
      diagnostics.push(
        diag('MP3200', `a ${kind} of ${cluster} has no metadata.name; it is not read`),
      );
      continue;
    }
    const namespace = str(meta['namespace']) ?? '';
    const identity = `${groupOf(o)}\u0000${kind}\u0000${namespace}\u0000${name}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const spec = obj(o['spec']);
    const status = obj(o['status']);
    const group = groupOf(o);
    switch (kind) {
      case 'Network':
        if (name !== 'cluster') break;
        if (group === 'config.openshift.io') {
          const running = str(status['networkType']) ?? str(spec['networkType']);
          if (running !== undefined) f.networkType = running;
          const wanted = str(spec['networkType']);
          if (wanted !== undefined) f.specNetworkType = wanted;
          f.clusterNetworks = arr(spec['clusterNetwork'])
            .map(obj)
            .flatMap((c) => {
              const cidr = str(c['cidr']);
              const hostPrefix = num(c['hostPrefix']);
              return cidr ? [{ cidr, ...(hostPrefix !== undefined ? { hostPrefix } : {}) }] : [];
            });
          f.serviceNetworks = strs(spec['serviceNetwork']);
          const mtu = num(status['clusterNetworkMTU']);
          if (mtu !== undefined) f.clusterNetworkMTU = mtu;
          f.configAnnotations = strMap(meta['annotations']);
          f.configTrueConditions = trueConditions(status);
        } else if (group === 'operator.openshift.io') {
          const sdn = obj(obj(spec['defaultNetwork'])['openshiftSDNConfig']);
          const migration = spec['migration'];
          const op: OperatorNetworkFacts = { annotations: strMap(meta['annotations']) };
          const mode = str(sdn['mode']);
          if (mode !== undefined) op.sdnMode = mode;
          const vxlan = num(sdn['vxlanPort']);
          if (vxlan !== undefined) op.vxlanPort = vxlan;
          const mtu = num(sdn['mtu']);
          if (mtu !== undefined) op.sdnMtu = mtu;
          if (isDict(migration)) op.migration = migration;
          f.operator = op;
        }
        break;
      case 'ClusterVersion':
        if (name === 'version') {
          const v = str(obj(status['desired'])['version']);
          if (v !== undefined) f.version = v;
        }
        break;
      case 'Infrastructure':
        if (name === 'cluster') {
          const platform = str(obj(status['platformStatus'])['type']) ?? str(status['platform']);
          if (platform !== undefined) f.platform = platform;
          const topology = str(status['controlPlaneTopology']);
          if (topology !== undefined) f.controlPlaneTopology = topology;
        }
        break;
      case 'ClusterNetwork':
        if (name === 'default') {
          const plugin = str(o['pluginName']);
          if (plugin !== undefined) f.sdnPluginName = plugin;
          const vxlan = num(o['vxlanPort']);
          if (vxlan !== undefined) f.clusterNetworkVxlanPort = vxlan;
        }
        break;
      case 'Node': {
        const labels = strMap(meta['labels']);
        const roles = Object.keys(labels)
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.slice('node-role.kubernetes.io/'.length))
          .sort();
        f.nodes.push({ name, roles, labels, annotations: strMap(meta['annotations']) });
        break;
      }
      case 'Namespace':
        f.namespaces.push(name);
        break;
      case 'Pod':
        if (strMap(meta['annotations'])[EGRESS_ROUTER_ANNOTATION] !== undefined)
          f.egressRouterPods.push({ namespace, name });
        break;
      case 'MachineConfigPool': {
        const conditions = trueConditions(status);
        f.pools.push({
          name,
          paused: spec['paused'] === true,
          degraded: conditions.includes('Degraded'),
          updating: conditions.includes('Updating'),
        });
        break;
      }
      case 'HostSubnet':
        f.hostSubnets.push({
          host: str(o['host']) ?? name,
          egressIPs: strs(o['egressIPs']),
          egressCIDRs: strs(o['egressCIDRs']),
        });
        break;
      case 'NetNamespace':
        f.netNamespaces.push({
          netname: str(o['netname']) ?? name,
          egressIPs: strs(o['egressIPs']),
          multicast: strMap(meta['annotations'])[SDN_MULTICAST_ANNOTATION] === 'true',
        });
        break;
      case 'EgressNetworkPolicy':
        f.egressNetworkPolicies.push({
          namespace,
          name,
          egress: arr(spec['egress']).filter(isDict),
        });
        break;
      case 'NetworkPolicy':
        f.networkPolicies.push({ namespace, name });
        break;
      case 'NodeNetworkConfigurationPolicy':
        f.nncps.push({
          name,
          interfaces: arr(obj(spec['desiredState'])['interfaces'])
            .map(obj)
            .flatMap((i) => (typeof i['name'] === 'string' ? [i['name']] : []))
            .sort(),
        });
        break;
      case 'ValidatingWebhookConfiguration':
        f.webhooks.push({
          name,
          webhooks: arr(o['webhooks'])
            .map(obj)
            .map((w) => {
              const timeout = num(w['timeoutSeconds']);
              return {
                name: str(w['name']) ?? '',
                ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
              };
            }),
        });
        break;
    }
  }
  const missing = [
    ...(f.networkType === undefined
      ? ['the config Network "cluster" (networks.config.openshift.io)']
      : []),
    ...(f.version === undefined
      ? ['the ClusterVersion "version" with status.desired.version']
      : []),
  ];
  if (missing.length || f.version === undefined || f.networkType === undefined) {
    diagnostics.push(
      diag(
        'MP3201',
        `the facts of ${cluster} have no ${missing.join(' and no ')}; migplan cannot choose the migration procedure`,
        { path: ['spec', 'cluster', 'discovery'] },
      ),
    );
    return { diagnostics };
  }
  const facts: CniFacts = {
    ...f,
    version: f.version,
    networkType: f.networkType,
    nodes: f.nodes.sort(byName((n) => n.name)),
    pools: f.pools.sort(byName((p) => p.name)),
    hostSubnets: f.hostSubnets.sort(byName((h) => h.host)),
    netNamespaces: f.netNamespaces.sort(byName((n) => n.netname)),
    namespaces: f.namespaces.sort(),
    egressNetworkPolicies: f.egressNetworkPolicies.sort(byName((e) => `${e.namespace}/${e.name}`)),
    networkPolicies: f.networkPolicies.sort(byName((e) => `${e.namespace}/${e.name}`)),
    nncps: f.nncps.sort(byName((n) => n.name)),
    webhooks: f.webhooks.sort(byName((w) => w.name)),
    egressRouterPods: f.egressRouterPods.sort(byName((e) => `${e.namespace}/${e.name}`)),
  };
  return { value: facts, diagnostics };
}

const readKinds: ReadonlySet<string> = new Set([
  'Network',
  'ClusterVersion',
  'Infrastructure',
  'ClusterNetwork',
  'Node',
  'Namespace',
  'Pod',
  'MachineConfigPool',
  'HostSubnet',
  'NetNamespace',
  'EgressNetworkPolicy',
  'NetworkPolicy',
  'NodeNetworkConfigurationPolicy',
  'ValidatingWebhookConfiguration',
]);
