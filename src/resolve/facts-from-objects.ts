import type {
  BindingFact,
  ClusterFacts,
  ImageStreamFact,
  OwnerRef,
  PodFact,
  PolicyRule,
  PvFact,
  PvSourceType,
  PvcFact,
  RoleFact,
} from './cluster-facts.js';
import { emptyFacts } from './cluster-facts.js';

export type KubeObject = Record<string, unknown>;

type Dict = Record<string, unknown>;
const obj = (v: unknown): Dict =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val;
  return out;
};
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** Spreads `List` objects into their items (what `oc get -o yaml` writes). */
export function flattenLists(value: unknown, out: KubeObject[] = []): KubeObject[] {
  if (Array.isArray(value)) {
    for (const v of value) flattenLists(v, out);
    return out;
  }
  const o = obj(value);
  const kind = str(o['kind']);
  if (kind === undefined) return out;
  if (kind.endsWith('List') && Array.isArray(o['items'])) {
    for (const item of o['items']) flattenLists(item, out);
    return out;
  }
  out.push(o);
  return out;
}

/** Kinds the planner reads, by kind name; everything else is ignored. */
export const knownKinds = [
  'Namespace',
  'Project',
  'Pod',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ServiceAccount',
  'SecurityContextConstraints',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'NetworkPolicy',
  'EgressNetworkPolicy',
  'EgressFirewall',
  'ImageStream',
  'Route',
  'ClusterVersion',
  'Network',
] as const;

/**
 * Builds ClusterFacts from raw objects in any order. Pure: the snapshot and live readers both feed it,
 * which is what keeps `--from live` and `--from snapshot` byte-identical.
 */
export function factsFromObjects(cluster: string, objects: Iterable<KubeObject>): ClusterFacts {
  const f = emptyFacts(cluster);
  const nsSeen = new Set<string>();
  for (const o of objects) {
    const kind = str(o['kind']);
    const meta = obj(o['metadata']);
    const name = str(meta['name']) ?? '';
    const namespace = str(meta['namespace']) ?? '';
    const spec = obj(o['spec']);
    const status = obj(o['status']);
    switch (kind) {
      case 'Namespace':
      case 'Project':
        if (nsSeen.has(name)) break;
        nsSeen.add(name);
        f.namespaces.push({
          name,
          labels: strMap(meta['labels']),
          annotations: strMap(meta['annotations']),
        });
        break;
      case 'Pod':
        f.pods.push(podFact(namespace, name, meta, spec, status));
        break;
      case 'PersistentVolumeClaim':
        f.pvcs.push(pvcFact(namespace, name, meta, spec, status));
        break;
      case 'PersistentVolume':
        f.pvs.push(pvFact(name, meta, spec, status));
        break;
      case 'StorageClass': {
        const ann = strMap(meta['annotations']);
        const isDefault =
          ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
          ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
        f.storageClasses.push({ name, provisioner: str(o['provisioner']) ?? '', isDefault });
        break;
      }
      case 'ServiceAccount':
        f.serviceAccounts.push({ namespace, name });
        break;
      case 'SecurityContextConstraints':
        f.sccs.push({
          name,
          users: strs(o['users']),
          groups: strs(o['groups']),
          object: stripServerFields(o),
        });
        break;
      case 'Role':
      case 'ClusterRole':
        f.roles.push(roleFact(kind, namespace, name, o));
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        f.bindings.push(bindingFact(kind, namespace, name, o));
        break;
      case 'NetworkPolicy':
        f.networkPolicies.push({ namespace, name, spec });
        break;
      case 'EgressNetworkPolicy':
        f.egressNetworkPolicies.push({ kind, namespace, name, object: stripServerFields(o) });
        break;
      case 'EgressFirewall':
        f.egressFirewalls.push({ kind, namespace, name, object: stripServerFields(o) });
        break;
      case 'ImageStream':
        f.imageStreams.push(imageStreamFact(namespace, name, status));
        break;
      case 'Route':
        if (isRegistryRoute(namespace, name)) setIfDefined(f, 'registryRoute', str(spec['host']));
        break;
      case 'ClusterVersion':
        setIfDefined(f, 'version', clusterVersion(status));
        break;
      case 'Network':
        if (str(o['apiVersion'])?.startsWith('config.openshift.io/') && name === 'cluster') {
          setIfDefined(f, 'networkType', str(status['networkType']) ?? str(spec['networkType']));
        }
        break;
      default:
        break; // unknown kinds are ignored by design
    }
  }
  return sortFacts(f);
}

function setIfDefined(
  f: ClusterFacts,
  key: 'registryRoute' | 'version' | 'networkType',
  value: string | undefined,
): void {
  if (value !== undefined) f[key] = value;
}

function podFact(namespace: string, name: string, meta: Dict, spec: Dict, status: Dict): PodFact {
  const phase = str(status['phase']) ?? 'Unknown';
  let ready = phase === 'Succeeded';
  if (phase === 'Running') {
    ready = true;
    for (const c of arr(status['containerStatuses'])) if (obj(c)['ready'] === false) ready = false;
  }
  const claimNames: string[] = [];
  const hostPathVolumes: string[] = [];
  for (const item of arr(spec['volumes'])) {
    const v = obj(item);
    const claim = str(obj(v['persistentVolumeClaim'])['claimName']);
    if (claim) claimNames.push(claim);
    if (v['hostPath'] !== undefined) hostPathVolumes.push(str(v['name']) ?? '');
  }
  const fact: PodFact = {
    namespace,
    name,
    phase,
    ready,
    serviceAccountName: str(spec['serviceAccountName']) ?? str(spec['serviceAccount']) ?? 'default',
    nodeSelector: strMap(spec['nodeSelector']),
    claimNames,
    hostPathVolumes,
    owners: ownerRefs(meta),
  };
  const ownerKind = controllerKind(meta);
  if (ownerKind) fact.ownerKind = ownerKind;
  return fact;
}

/** Every owner reference, in order: kind and name (mig-controller reads them all, not only the controller). */
function ownerRefs(meta: Dict): OwnerRef[] {
  return arr(meta['ownerReferences']).map((r) => ({
    kind: str(obj(r)['kind']) ?? '',
    name: str(obj(r)['name']) ?? '',
  }));
}

/** The kind of the object's controlling owner, if any. */
function controllerKind(meta: Dict): string | undefined {
  for (const r of arr(meta['ownerReferences'])) {
    const ref = obj(r);
    if (ref['controller'] === true) return str(ref['kind']);
  }
  return undefined;
}

function pvcFact(namespace: string, name: string, meta: Dict, spec: Dict, status: Dict): PvcFact {
  const ann = strMap(meta['annotations']);
  const fact: PvcFact = {
    namespace,
    name,
    phase: str(status['phase']) ?? 'Pending',
    accessModes: strs(spec['accessModes']),
    volumeMode: str(spec['volumeMode']) ?? 'Filesystem',
    ownedByPvc: controllerKind(meta) === 'PersistentVolumeClaim',
  };
  const volumeName = str(spec['volumeName']);
  if (volumeName) fact.volumeName = volumeName;
  const sc = str(spec['storageClassName']) ?? ann['volume.beta.kubernetes.io/storage-class'];
  if (sc) fact.storageClassName = sc;
  const requested = str(obj(obj(spec['resources'])['requests'])['storage']);
  if (requested) fact.requested = requested;
  return fact;
}

const pvSourceKeys: [string, PvSourceType][] = [
  ['hostPath', 'hostPath'],
  ['nfs', 'nfs'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['csi', 'csi'],
  ['glusterfs', 'glusterfs'],
  ['local', 'local'],
];

function pvFact(name: string, meta: Dict, spec: Dict, status: Dict): PvFact {
  const sourceType = pvSourceKeys.find(([k]) => spec[k] !== undefined)?.[1] ?? 'other';
  const ann = strMap(meta['annotations']);
  const fact: PvFact = {
    name,
    phase: str(status['phase']) ?? 'Unknown',
    sourceType,
    volumeMode: str(spec['volumeMode']) ?? 'Filesystem',
    accessModes: strs(spec['accessModes']),
  };
  const capacity = str(obj(spec['capacity'])['storage']);
  if (capacity) fact.capacity = capacity;
  // mig-controller pvlist.go: spec.storageClassName, else the beta annotation.
  const sc = str(spec['storageClassName']) ?? ann['volume.beta.kubernetes.io/storage-class'];
  if (sc) fact.storageClassName = sc;
  const claim = obj(spec['claimRef']);
  const claimName = str(claim['name']);
  if (claimName) fact.claimRef = { namespace: str(claim['namespace']) ?? '', name: claimName };
  const driver = str(obj(spec['csi'])['driver']);
  if (driver) fact.csiDriver = driver;
  return fact;
}

function rules(v: unknown): PolicyRule[] {
  return arr(v)
    .map(obj)
    .map((r) => ({
      apiGroups: strs(r['apiGroups']),
      resources: strs(r['resources']),
      verbs: strs(r['verbs']),
      resourceNames: strs(r['resourceNames']),
    }));
}

function roleFact(
  kind: 'Role' | 'ClusterRole',
  namespace: string,
  name: string,
  o: Dict,
): RoleFact {
  const fact: RoleFact = { kind, name, rules: rules(o['rules']) };
  if (kind === 'Role') fact.namespace = namespace;
  return fact;
}

function bindingFact(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string,
  name: string,
  o: Dict,
): BindingFact {
  const ref = obj(o['roleRef']);
  const fact: BindingFact = {
    kind,
    name,
    roleRef: { kind: str(ref['kind']) ?? 'ClusterRole', name: str(ref['name']) ?? '' },
    subjects: arr(o['subjects'])
      .map(obj)
      .map((s) => {
        const subject: { kind: string; name: string; namespace?: string } = {
          kind: str(s['kind']) ?? '',
          name: str(s['name']) ?? '',
        };
        const ns = str(s['namespace']);
        if (ns) subject.namespace = ns;
        return subject;
      }),
  };
  if (kind === 'RoleBinding') fact.namespace = namespace;
  return fact;
}

function imageStreamFact(namespace: string, name: string, status: Dict): ImageStreamFact {
  // status.dockerImageRepository is the stream's path in this cluster's internal registry.
  const internalRepo = str(status['dockerImageRepository']);
  const internalHost = internalRepo?.split('/')[0];
  const internalTags = arr(status['tags'])
    .map(obj)
    .filter((t) =>
      arr(t['items'])
        .map(obj)
        .some(
          (i) =>
            internalHost !== undefined &&
            (str(i['dockerImageReference']) ?? '').startsWith(`${internalHost}/`),
        ),
    )
    .map((t) => str(t['tag']) ?? '')
    .sort();
  return { namespace, name, internalTags };
}

/** OCP 4 default-route in openshift-image-registry; OCP 3 docker-registry route in default. */
function isRegistryRoute(namespace: string, name: string): boolean {
  return (
    (namespace === 'openshift-image-registry' && name === 'default-route') ||
    (namespace === 'default' && name === 'docker-registry')
  );
}

function clusterVersion(status: Dict): string | undefined {
  const desired = str(obj(status['desired'])['version']);
  if (desired) return desired;
  const completed = arr(status['history'])
    .map(obj)
    .find((h) => h['state'] === 'Completed');
  return str(completed?.['version']);
}

/** Drops fields the server sets, keeping what is needed to re-create the object. */
export function stripServerFields(o: Dict): Dict {
  const { status: _status, ...rest } = o;
  const meta = { ...obj(rest['metadata']) };
  for (const k of [
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'managedFields',
    'selfLink',
    'ownerReferences',
  ])
    delete meta[k];
  const ann = { ...strMap(meta['annotations']) };
  delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(ann).length) meta['annotations'] = ann;
  else delete meta['annotations'];
  return { ...rest, metadata: meta };
}

const byName = <T extends { name: string }>(a: T, b: T) => cmp(a.name, b.name);
const byNsName = <T extends { namespace?: string; name: string }>(a: T, b: T) =>
  cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortFacts(f: ClusterFacts): ClusterFacts {
  f.namespaces.sort(byName);
  f.pods.sort(byNsName);
  f.pvcs.sort(byNsName);
  f.pvs.sort(byName);
  f.storageClasses.sort(byName);
  f.serviceAccounts.sort(byNsName);
  f.sccs.sort(byName);
  f.roles.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  f.bindings.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  f.networkPolicies.sort(byNsName);
  f.egressNetworkPolicies.sort(byNsName);
  f.egressFirewalls.sort(byNsName);
  f.imageStreams.sort(byNsName);
  return f;
}

/**
 * Joins facts built from separate files (in file order) into what one pass over all their objects gives:
 * the first Namespace of a name wins, and the last ClusterVersion/Network/registry Route does.
 */
export function mergeFacts(cluster: string, parts: readonly ClusterFacts[]): ClusterFacts {
  const f = emptyFacts(cluster);
  const nsSeen = new Set<string>();
  const unreadable = new Set<string>();
  for (const p of parts) {
    for (const n of p.namespaces) {
      if (nsSeen.has(n.name)) continue;
      nsSeen.add(n.name);
      f.namespaces.push(n);
    }
    f.pods.push(...p.pods);
    f.pvcs.push(...p.pvcs);
    f.pvs.push(...p.pvs);
    f.storageClasses.push(...p.storageClasses);
    f.serviceAccounts.push(...p.serviceAccounts);
    f.sccs.push(...p.sccs);
    f.roles.push(...p.roles);
    f.bindings.push(...p.bindings);
    f.networkPolicies.push(...p.networkPolicies);
    f.egressNetworkPolicies.push(...p.egressNetworkPolicies);
    f.egressFirewalls.push(...p.egressFirewalls);
    f.imageStreams.push(...p.imageStreams);
    for (const k of p.unreadable) unreadable.add(k);
    setIfDefined(f, 'registryRoute', p.registryRoute);
    setIfDefined(f, 'version', p.version);
    setIfDefined(f, 'networkType', p.networkType);
  }
  f.unreadable = [...unreadable].sort();
  return sortFacts(f);
}
