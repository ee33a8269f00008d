import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { ApiResource } from './api-resources.js';
import { stripServerFields, type KubeObject } from './facts-from-objects.js';
import { cmp } from '../util/objects.js';

/**
 * Facts about one management cluster for a HostedClusterMigration, built by one reader from objects, whether they
 * came from a snapshot or a live read (so both compile to the same bytes).
 */

/** The kinds read from a management cluster. Those in hcpMetadataOnlyKinds are listed as metadata only. */
export const hcpResources: readonly ApiResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
  },
  {
    group: 'config.openshift.io',
    version: 'v1',
    kind: 'Infrastructure',
    plural: 'infrastructures',
    namespaced: false,
  },
  {
    group: 'hypershift.openshift.io',
    version: 'v1beta1',
    kind: 'HostedCluster',
    plural: 'hostedclusters',
    namespaced: true,
    shortNames: ['hc', 'hcs'],
  },
  {
    group: 'hypershift.openshift.io',
    version: 'v1beta1',
    kind: 'NodePool',
    plural: 'nodepools',
    namespaced: true,
    shortNames: ['np', 'nps'],
  },
  {
    group: 'hypershift.openshift.io',
    version: 'v1beta1',
    kind: 'HostedControlPlane',
    plural: 'hostedcontrolplanes',
    namespaced: true,
    shortNames: ['hcp', 'hcps'],
  },
  {
    group: 'oadp.openshift.io',
    version: 'v1alpha1',
    kind: 'DataProtectionApplication',
    plural: 'dataprotectionapplications',
    namespaced: true,
    shortNames: ['dpa'],
  },
  {
    group: 'velero.io',
    version: 'v1',
    kind: 'BackupStorageLocation',
    plural: 'backupstoragelocations',
    namespaced: true,
    shortNames: ['bsl'],
  },
];

/** Kinds whose values the planner never needs (Secrets): listed as PartialObjectMetadataList, names and labels only. */
export const hcpMetadataOnlyKinds: ReadonlySet<string> = new Set(['Secret']);

/** Which namespaces matter: everything else a cluster holds is ignored (a live read lists cluster-wide). */
export interface HcpScope {
  hcNamespace: string;
  hcName: string;
  controlPlaneNamespace: string;
  operatorNamespace: string;
  oadpNamespace: string;
}

export interface HostedClusterFact {
  namespace: string;
  name: string;
  apiVersion: string;
  /** The object without status and server-written metadata: the base of the restored copy. */
  object: KubeObject;
  /** x.y.z of the running release (status history, else the release image tag). */
  version?: string;
  releaseImage?: string;
  platformType?: string;
  region?: string;
  endpointAccess?: string;
  /** spec.services: service name and the hostname it is published under, if any. */
  services: { service: string; type?: string; hostname?: string }[];
  etcdManagementType?: string;
  etcdStorageClass?: string;
  secretEncryptionType?: string;
  /** Secrets the HostedCluster names in its namespace, with the field that names them. */
  secretRefs: { field: string; name: string }[];
  networkType?: string;
  infraID?: string;
  controllerAvailabilityPolicy?: string;
  /** status.kubeconfig.name: the admin kubeconfig Secret in the HC namespace. */
  kubeconfigSecret?: string;
}

export interface NodePoolFact {
  namespace: string;
  name: string;
  apiVersion: string;
  clusterName?: string;
  replicas?: number;
  upgradeType?: string;
  object: KubeObject;
}

export interface WorkloadFact {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  replicas: number;
}

export interface HcpFacts {
  cluster: string;
  namespaces: string[];
  storageClasses: string[];
  platform?: { type: string; region?: string };
  operator?: { image: string; version?: string; replicas: number };
  /** ConfigMap supported-versions: data.supported-versions versions, data.server-version. */
  supportedVersions?: { versions: string[]; serverVersion?: string };
  /** Deployment external-dns in the operator namespace: --provider and --domain-filter args. */
  externalDns?: { provider?: string; domainFilters: string[] };
  hostedClusters: HostedClusterFact[];
  nodePools: NodePoolFact[];
  hostedControlPlanes: string[];
  /**
   * Secrets by name, from metadata only (a live read lists PartialObjectMetadata: no type, no values). The
   * service account a token or dockercfg Secret belongs to comes from its kubernetes.io/service-account.name
   * annotation.
   */
  secrets: { namespace: string; name: string; serviceAccount?: string }[];
  workloads: WorkloadFact[];
  oadp?: {
    dpas: { name: string; defaultPlugins: string[]; customPlugins: string[] }[];
    bsls: { name: string; provider?: string; bucket?: string }[];
  };
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v);
const obj = (v: unknown): Dict => (isDict(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

const HYPERSHIFT_GROUP = 'hypershift.openshift.io';
const SUPPORTED_VERSIONS_CM = 'supported-versions';

/** An x.y.z version inside an image reference or a version string (`quay.io/...:4.14.3-x86_64` gives 4.14.3). */
export function versionIn(text: string | undefined): string | undefined {
  const m = /(?:^|[:v@-])(\d+\.\d+(?:\.\d+)?)(?:$|[-+_])/.exec(text ?? '');
  return m?.[1];
}

/** The args of a container, `--key=value` and `--key value` alike, in order. */
function argValues(container: Dict, key: string): string[] {
  const args = [...arr(container['command']), ...arr(container['args'])].filter(
    (a): a is string => typeof a === 'string',
  );
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith(`${key}=`)) out.push(a.slice(key.length + 1));
    else if (a === key && i + 1 < args.length) out.push(args[++i] as string);
  }
  return out;
}

const containersOf = (o: Dict): Dict[] =>
  arr(obj(obj(obj(o['spec'])['template'])['spec'])['containers']).map(obj);

function hostedClusterFact(o: KubeObject, ns: string, name: string): HostedClusterFact {
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  const platform = obj(spec['platform']);
  const aws = obj(platform['aws']);
  const etcd = obj(spec['etcd']);
  const storage = obj(obj(etcd['managed'])['storage']);
  const encryption = obj(spec['secretEncryption']);
  const history = arr(obj(status['version'])['history']).map(obj);
  const completed = history.find((h) => h['state'] === 'Completed');
  const releaseImage = str(obj(spec['release'])['image']);
  const secretRefs: { field: string; name: string }[] = [];
  const ref = (field: string, v: unknown) => {
    const n = str(obj(v)['name']);
    if (n) secretRefs.push({ field, name: n });
  };
  ref('spec.pullSecret', spec['pullSecret']);
  ref('spec.sshKey', spec['sshKey']);
  ref('spec.secretEncryption.aescbc.activeKey', obj(encryption['aescbc'])['activeKey']);
  ref('spec.secretEncryption.aescbc.backupKey', obj(encryption['aescbc'])['backupKey']);
  ref('spec.serviceAccountSigningKey', spec['serviceAccountSigningKey']);
  const fact: HostedClusterFact = {
    namespace: ns,
    name,
    apiVersion: String(o['apiVersion']),
    object: stripServerFields(o),
    services: arr(spec['services'])
      .map(obj)
      .map((s) => {
        const strategy = obj(s['servicePublishingStrategy']);
        const hostname =
          str(obj(strategy['route'])['hostname']) ?? str(obj(strategy['loadBalancer'])['hostname']);
        const type = str(strategy['type']);
        return {
          service: str(s['service']) ?? '',
          ...(type !== undefined ? { type } : {}),
          ...(hostname !== undefined ? { hostname } : {}),
        };
      })
      .sort((a, b) => cmp(a.service, b.service)),
    secretRefs,
  };
  const set = <K extends keyof HostedClusterFact>(k: K, v: HostedClusterFact[K] | undefined) => {
    if (v !== undefined) fact[k] = v;
  };
  set('version', str(completed?.['version']) ?? versionIn(releaseImage));
  set('releaseImage', releaseImage);
  set('platformType', str(platform['type']));
  set('region', str(aws['region']));
  set('endpointAccess', str(aws['endpointAccess']));
  set('etcdManagementType', str(etcd['managementType']));
  set('etcdStorageClass', str(obj(storage['persistentVolume'])['storageClassName']));
  set('secretEncryptionType', str(encryption['type']));
  set('networkType', str(obj(spec['networking'])['networkType']));
  set('infraID', str(spec['infraID']));
  set('controllerAvailabilityPolicy', str(spec['controllerAvailabilityPolicy']));
  set('kubeconfigSecret', str(obj(status['kubeconfig'])['name']));
  return fact;
}

/**
 * Builds the facts of one management cluster from its objects, in any order. Objects outside the scope's
 * namespaces are ignored, so a live read (cluster-wide lists) and a recording of a few namespaces agree.
 * Secret values are never kept: a recording that carries them gets a warning naming the file.
 */
export function hcpFactsFromObjects(
  cluster: string,
  objects: Iterable<KubeObject>,
  scope: HcpScope,
): StageResult<HcpFacts> {
  const diagnostics: Diagnostic[] = [];
  const facts: HcpFacts = {
    cluster,
    namespaces: [],
    storageClasses: [],
    hostedClusters: [],
    nodePools: [],
    hostedControlPlanes: [],
    secrets: [],
    workloads: [],
  };
  const relevant = new Set([
    scope.hcNamespace,
    scope.controlPlaneNamespace,
    scope.operatorNamespace,
    scope.oadpNamespace,
  ]);
  const seen = new Map<string, string>();
  let secretValues = 0;
  const dpas: NonNullable<HcpFacts['oadp']>['dpas'] = [];
  const bsls: NonNullable<HcpFacts['oadp']>['bsls'] = [];
  for (const o of objects) {
    const kind = str(o['kind']);
    const apiVersion = str(o['apiVersion']) ?? '';
    const meta = obj(o['metadata']);
    const name = str(meta['name']);
    const ns = str(meta['namespace']);
    if (!kind || !name) continue;
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    const namespaced = kind !== 'Namespace' && kind !== 'StorageClass' && kind !== 'Infrastructure';
    if (namespaced && (ns === undefined || !relevant.has(ns))) continue;
    if (kind === 'Namespace' && !relevant.has(name)) continue;
    if (kind === 'Secret') {
      // Only the metadata of a Secret is ever kept; the identity key ignores values (a live read has none).
      if ('data' in o || 'stringData' in o) secretValues++;
    }
    const key = `${group}/${kind}/${ns ?? ''}/${name}`;
    const identity =
      kind === 'Secret'
        ? JSON.stringify(obj(meta['annotations']))
        : JSON.stringify(stripServerFields(o));
    const before = seen.get(key);
    if (before !== undefined) {
      if (before !== identity)
        diagnostics.push(
          diag(
            'MP3303',
            `${cluster}: ${kind} ${ns ? `${ns}/` : ''}${name} is recorded twice with different content`,
          ),
        );
      continue;
    }
    seen.set(key, identity);
    if (group === HYPERSHIFT_GROUP && apiVersion !== `${HYPERSHIFT_GROUP}/v1beta1`)
      diagnostics.push(
        diag(
          'MP3301',
          `${cluster}: ${kind} ${ns}/${name} is ${apiVersion}; migplan reads and emits ${HYPERSHIFT_GROUP}/v1beta1`,
        ),
      );
    switch (kind) {
      case 'Namespace':
        facts.namespaces.push(name);
        break;
      case 'StorageClass':
        facts.storageClasses.push(name);
        break;
      case 'Infrastructure': {
        if (name !== 'cluster') break;
        const ps = obj(obj(o['status'])['platformStatus']);
        const type = str(ps['type']) ?? str(obj(o['status'])['platform']);
        const region = str(obj(ps['aws'])['region']);
        if (type) facts.platform = { type, ...(region !== undefined ? { region } : {}) };
        break;
      }
      case 'ConfigMap': {
        if (ns !== scope.operatorNamespace || name !== SUPPORTED_VERSIONS_CM) break;
        const data = obj(o['data']);
        let versions: string[] = [];
        try {
          versions = arr(
            obj(JSON.parse(str(data['supported-versions']) ?? '{}') as unknown)['versions'],
          ).filter((v): v is string => typeof v === 'string');
        } catch {
          diagnostics.push(
            diag(
              'MP3300',
              `${cluster}: ConfigMap ${ns}/${name} data.supported-versions is not JSON; the supported versions are unknown`,
            ),
          );
          break;
        }
        const serverVersion = str(data['server-version']);
        facts.supportedVersions = {
          versions: [...versions].sort(),
          ...(serverVersion !== undefined ? { serverVersion } : {}),
        };
        break;
      }
      case 'Secret': {
        const sa = str(obj(meta['annotations'])['kubernetes.io/service-account.name']);
        facts.secrets.push({
          namespace: ns as string,
          name,
          ...(sa !== undefined ? { serviceAccount: sa } : {}),
        });
        break;
      }
      case 'Deployment':
      case 'StatefulSet': {
        const replicas = num(obj(o['spec'])['replicas']) ?? 1;
        if (ns === scope.controlPlaneNamespace)
          facts.workloads.push({ kind, namespace: ns, name, replicas });
        if (ns === scope.operatorNamespace && kind === 'Deployment') {
          const c = containersOf(o)[0];
          if (name === 'operator' && c) {
            const image = str(c['image']) ?? '';
            const version = versionIn(image);
            facts.operator = { image, replicas, ...(version !== undefined ? { version } : {}) };
          }
          if (name === 'external-dns') {
            const args = containersOf(o).flatMap((x) => [x]);
            const provider = args.flatMap((x) => argValues(x, '--provider'))[0];
            facts.externalDns = {
              ...(provider !== undefined ? { provider } : {}),
              domainFilters: args.flatMap((x) => argValues(x, '--domain-filter')).sort(),
            };
          }
        }
        break;
      }
      case 'HostedCluster':
        if (ns !== scope.hcNamespace) break;
        facts.hostedClusters.push(hostedClusterFact(o, ns, name));
        break;
      case 'NodePool': {
        if (ns !== scope.hcNamespace) break;
        const spec = obj(o['spec']);
        const clusterName = str(spec['clusterName']);
        const upgradeType = str(obj(spec['management'])['upgradeType']);
        const replicas = num(spec['replicas']);
        facts.nodePools.push({
          namespace: ns,
          name,
          apiVersion,
          object: stripServerFields(o),
          ...(clusterName !== undefined ? { clusterName } : {}),
          ...(replicas !== undefined ? { replicas } : {}),
          ...(upgradeType !== undefined ? { upgradeType } : {}),
        });
        break;
      }
      case 'HostedControlPlane':
        if (ns === scope.controlPlaneNamespace) facts.hostedControlPlanes.push(name);
        break;
      case 'DataProtectionApplication': {
        if (ns !== scope.oadpNamespace) break;
        const velero = obj(obj(obj(o['spec'])['configuration'])['velero']);
        dpas.push({
          name,
          defaultPlugins: arr(velero['defaultPlugins'])
            .filter((p): p is string => typeof p === 'string')
            .sort(),
          customPlugins: arr(velero['customPlugins'])
            .map((p) => str(obj(p)['name']))
            .filter((p): p is string => p !== undefined)
            .sort(),
        });
        break;
      }
      case 'BackupStorageLocation': {
        if (ns !== scope.oadpNamespace) break;
        const spec = obj(o['spec']);
        const provider = str(spec['provider']);
        const bucket = str(obj(obj(spec['objectStorage']))['bucket']);
        bsls.push({
          name,
          ...(provider !== undefined ? { provider } : {}),
          ...(bucket !== undefined ? { bucket } : {}),
        });
        break;
      }
    }
  }
  if (secretValues > 0)
    diagnostics.push(
      diag(
        'MP3302',
        `${cluster}: ${secretValues} recorded Secret(s) carry values; migplan kept their names only`,
      ),
    );
  const byNsName = <T extends { namespace: string; name: string }>(a: T, b: T) =>
    cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
  facts.namespaces.sort(cmp);
  facts.storageClasses.sort(cmp);
  facts.hostedClusters.sort(byNsName);
  facts.nodePools.sort(byNsName);
  facts.hostedControlPlanes.sort(cmp);
  facts.secrets.sort(byNsName);
  facts.workloads.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  if (dpas.length || bsls.length)
    facts.oadp = {
      dpas: dpas.sort((a, b) => cmp(a.name, b.name)),
      bsls: bsls.sort((a, b) => cmp(a.name, b.name)),
    };
  return { value: facts, diagnostics };
}
