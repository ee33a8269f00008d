import { describe, expect, it } from 'vitest';
import { cmp } from '../src/util/objects.js';
import {
  deeperThan,
  factsFromObjects,
  FactsReader,
  flattenLists,
  type KubeObject,
  mergeFacts,
  stripServerFields,
} from '../src/resolve/facts-from-objects.js';
import { emptyFacts, type ClusterFacts } from '../src/resolve/cluster-facts.js';

/**
 * Reading `oc get -o yaml|json` output and API lists into facts (src/resolve/facts-from-objects.ts). Every
 * expected value is written by hand from the rule cited on its table:
 * - Kubernetes API conventions: a List's `items`; a typed list (PodList) serves items without kind and
 *   apiVersion; objects are identified by API group, kind, namespace and name (metadata.uid per object).
 * - apimachinery metav1.GetControllerOf: the controlling owner is the ownerReference with controller: true.
 * - mig-controller (migtools/mig-controller): pvlist.go getStorageClassName (spec.storageClassName, else the
 *   beta annotation), pods/template.go ListTemplatePods (where each workload kind keeps its pod template;
 *   a VirtualMachine's PVC and DataVolume volumes), validation.go (pods listed by phase).
 * - Kubernetes StorageClass default: storageclass(.beta).kubernetes.io/is-default-class = "true".
 * - OpenShift: the registry route (openshift-image-registry/default-route on OCP 4, default/docker-registry on
 *   OCP 3), ImageStream status.dockerImageRepository (the stream's path in the internal registry),
 *   ClusterVersion status.desired / history, Network config.openshift.io `cluster` status/spec.networkType.
 */

const ns = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...extra },
});
const pod = (
  meta: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  status: Record<string, unknown> = { phase: 'Running' },
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'app', ...meta },
  spec,
  status,
});
const one = <K extends keyof ClusterFacts>(objects: KubeObject[], key: K): ClusterFacts[K] =>
  factsFromObjects('c1', objects)[key];

describe('flattenLists: objects of parsed documents, Lists spread into their items', () => {
  const a = { kind: 'Pod', metadata: { name: 'a' } };
  const b = { kind: 'Pod', metadata: { name: 'b' } };
  it.each<[string, unknown, unknown[]]>([
    ['one object', a, [a]],
    ['kind: List', { kind: 'List', items: [a, b] }, [a, b]],
    ['an array of objects', [a, b], [a, b]],
    [
      'nested Lists keep file order',
      [
        { kind: 'List', items: [a] },
        { kind: 'List', items: [b] },
      ],
      [a, b],
    ],
    [
      'typed list items take its kind and apiVersion',
      { apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'a' } }] },
      [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }],
    ],
    [
      'typed list without apiVersion: the item gets the kind only',
      { kind: 'PodList', items: [{ metadata: { name: 'a' } }] },
      [{ kind: 'Pod', metadata: { name: 'a' } }],
    ],
    ['an item keeps its own kind', { apiVersion: 'v1', kind: 'PodList', items: [b] }, [b]],
    [
      'kind-less items of a plain List are dropped',
      { kind: 'List', items: [{ metadata: {} }] },
      [],
    ],
    ['kind-less items of an array are dropped', [{ metadata: {} }], []],
    ['a List whose items are not a list is dropped', { kind: 'List', items: 'x' }, []],
    ['non-objects are dropped', [null, 1, 'x', a], [a]],
    ['an unknown ...List with items is walked', { kind: 'FooList', items: [a] }, [a]],
    [
      'an unknown ...List without items is an object',
      { kind: 'FooList', spec: {} },
      [{ kind: 'FooList', spec: {} }],
    ],
    ['nine arrays deep is still read', [[[[[[[[[a]]]]]]]]], [a]],
    ['ten arrays deep is past what kubectl writes', [[[[[[[[[[a]]]]]]]]]], []],
  ])('%s', (_, value, out) => expect(flattenLists(value)).toStrictEqual(out));
  it('appends to the list it is given', () => {
    const out: KubeObject[] = [a];
    expect(flattenLists(b, out)).toBe(out);
    expect(out).toStrictEqual([a, b]);
  });
});

describe('Pod facts (phase, readiness, claims, owners)', () => {
  it('every field of a Running pod', () => {
    expect(
      one(
        [
          pod(
            {
              ownerReferences: [
                { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' },
                { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1', controller: true },
              ],
            },
            {
              serviceAccountName: 'sa1',
              serviceAccount: 'old',
              nodeSelector: { zone: 'a', bad: 5 },
              volumes: [
                { name: 'data', persistentVolumeClaim: { claimName: 'c1' } },
                { name: 'host', hostPath: { path: '/x' } },
                { name: 'cfg', configMap: { name: 'x' } },
                { hostPath: { path: '/y' } },
                'junk',
              ],
            },
            { phase: 'Running', containerStatuses: [{ ready: true }, { ready: true }] },
          ),
        ],
        'pods',
      ),
    ).toStrictEqual([
      {
        namespace: 'app',
        name: 'p',
        phase: 'Running',
        ready: true,
        serviceAccountName: 'sa1',
        nodeSelector: { zone: 'a' },
        claimNames: ['c1'],
        hostPathVolumes: ['host', ''],
        // The spec lists no containers, so no images (issue 15 reads container images for waves).
        images: [],
        owners: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs1' },
        ],
        ownerKind: 'ReplicaSet',
      },
    ]);
  });

  // Ready: Running with no container reporting ready=false, or Succeeded (a finished Job is done).
  it.each<[string, Record<string, unknown>, string, boolean]>([
    [
      'Running, all containers ready',
      { phase: 'Running', containerStatuses: [{ ready: true }] },
      'Running',
      true,
    ],
    ['Running, no container status yet', { phase: 'Running' }, 'Running', true],
    [
      'Running, one container not ready',
      { phase: 'Running', containerStatuses: [{ ready: true }, { ready: false }] },
      'Running',
      false,
    ],
    ['Succeeded', { phase: 'Succeeded' }, 'Succeeded', true],
    ['Pending', { phase: 'Pending', containerStatuses: [{ ready: true }] }, 'Pending', false],
    ['Failed', { phase: 'Failed' }, 'Failed', false],
    ['no phase reads as Unknown', {}, 'Unknown', false],
  ])('%s', (_, status, phase, ready) =>
    expect(one([pod({}, {}, status)], 'pods')[0]).toMatchObject({ phase, ready }),
  );

  it.each<[string, Record<string, unknown>, string]>([
    ['serviceAccountName', { serviceAccountName: 'a' }, 'a'],
    ['the deprecated serviceAccount field', { serviceAccount: 'b' }, 'b'],
    ['neither: the namespace default', {}, 'default'],
  ])('service account from %s', (_, spec, sa) =>
    expect(one([pod({}, spec)], 'pods')[0]?.serviceAccountName).toBe(sa),
  );

  // metav1.GetControllerOf: the first reference whose controller is true.
  it.each<[string, unknown, string | undefined, number]>([
    ['no owner references', undefined, undefined, 0],
    ['an owner that is not the controller', [{ kind: 'ReplicaSet', name: 'r' }], undefined, 1],
    ['controller: false', [{ kind: 'ReplicaSet', name: 'r', controller: false }], undefined, 1],
    [
      'controller given as a string is not true',
      [{ kind: 'ReplicaSet', name: 'r', controller: 'true' }],
      undefined,
      1,
    ],
    [
      'the controller among several owners',
      [
        { kind: 'Node', name: 'n' },
        { kind: 'StatefulSet', name: 's', controller: true },
        { kind: 'DaemonSet', name: 'd', controller: true },
      ],
      'StatefulSet',
      3,
    ],
  ])('ownerKind: %s', (_, refs, ownerKind, owners) => {
    const p = one([pod(refs === undefined ? {} : { ownerReferences: refs })], 'pods')[0];
    expect(p?.ownerKind).toBe(ownerKind);
    expect(p?.owners).toHaveLength(owners);
  });
  // Images in the object's order: init containers first, then containers; an entry without an image adds none.
  it('images: init containers, then containers, each image once per container that names one', () =>
    expect(
      one(
        [
          pod(
            {},
            {
              initContainers: [{ name: 'init', image: 'registry/init:1' }],
              containers: [{ name: 'none' }, { name: 'app', image: 'registry/app:2' }, 'junk'],
            },
          ),
        ],
        'pods',
      )[0]?.images,
    ).toStrictEqual(['registry/init:1', 'registry/app:2']));

  it('owner reference fields that are not strings read as empty', () =>
    expect(one([pod({ ownerReferences: [{ kind: 1 }, 'x'] })], 'pods')[0]?.owners).toStrictEqual([
      { apiVersion: '', kind: '', name: '' },
      { apiVersion: '', kind: '', name: '' },
    ]));
});

describe('PersistentVolumeClaim and PersistentVolume facts', () => {
  const pvc = (meta: Record<string, unknown>, spec: Record<string, unknown>, status?: unknown) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'app', ...meta },
    spec,
    ...(status === undefined ? {} : { status }),
  });
  it.each<[string, KubeObject, Record<string, unknown>]>([
    [
      'a bound claim',
      pvc(
        {},
        {
          accessModes: ['ReadWriteOnce', 7],
          volumeMode: 'Block',
          volumeName: 'pv1',
          storageClassName: 'gp2',
          resources: { requests: { storage: '5Gi' } },
        },
        { phase: 'Bound' },
      ),
      {
        namespace: 'app',
        name: 'data',
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Block',
        ownedByPvc: false,
        volumeName: 'pv1',
        storageClassName: 'gp2',
        requested: '5Gi',
      },
    ],
    [
      'defaults: Pending, Filesystem, nothing requested',
      pvc({}, {}),
      {
        namespace: 'app',
        name: 'data',
        phase: 'Pending',
        accessModes: [],
        volumeMode: 'Filesystem',
        ownedByPvc: false,
      },
    ],
    [
      'the class from the beta annotation',
      pvc({ annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } }, {}),
      {
        namespace: 'app',
        name: 'data',
        phase: 'Pending',
        accessModes: [],
        volumeMode: 'Filesystem',
        ownedByPvc: false,
        storageClassName: 'old',
      },
    ],
    [
      // A claim made for another claim (storage-class conversion): its controller is a PVC.
      'controlled by a PersistentVolumeClaim',
      pvc(
        { ownerReferences: [{ kind: 'PersistentVolumeClaim', name: 'src', controller: true }] },
        {},
      ),
      {
        namespace: 'app',
        name: 'data',
        phase: 'Pending',
        accessModes: [],
        volumeMode: 'Filesystem',
        ownedByPvc: true,
      },
    ],
    [
      'owned by a PersistentVolumeClaim that is not its controller',
      pvc({ ownerReferences: [{ kind: 'PersistentVolumeClaim', name: 'src' }] }, {}),
      {
        namespace: 'app',
        name: 'data',
        phase: 'Pending',
        accessModes: [],
        volumeMode: 'Filesystem',
        ownedByPvc: false,
      },
    ],
  ])('PVC: %s', (_, o, fact) => expect(one([o], 'pvcs')).toStrictEqual([fact]));

  const pv = (
    spec: Record<string, unknown>,
    meta: Record<string, unknown> = {},
    status?: unknown,
  ) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv1', ...meta },
    spec,
    ...(status === undefined ? {} : { status }),
  });
  it.each<[string, KubeObject, Record<string, unknown>]>([
    [
      'a CSI volume bound to a claim',
      pv(
        {
          csi: { driver: 'ebs.csi.aws.com' },
          capacity: { storage: '10Gi' },
          storageClassName: 'gp3',
          accessModes: ['ReadWriteOnce'],
          volumeMode: 'Block',
          claimRef: { namespace: 'app', name: 'data' },
        },
        {},
        { phase: 'Bound' },
      ),
      {
        name: 'pv1',
        phase: 'Bound',
        sourceType: 'csi',
        volumeMode: 'Block',
        accessModes: ['ReadWriteOnce'],
        capacity: '10Gi',
        storageClassName: 'gp3',
        claimRef: { namespace: 'app', name: 'data' },
        csiDriver: 'ebs.csi.aws.com',
      },
    ],
    [
      'defaults: Unknown phase, other source, Filesystem',
      pv({}),
      {
        name: 'pv1',
        phase: 'Unknown',
        sourceType: 'other',
        volumeMode: 'Filesystem',
        accessModes: [],
      },
    ],
    [
      'pvlist.go getStorageClassName: the beta annotation when spec has none',
      pv({ nfs: {} }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } }),
      {
        name: 'pv1',
        phase: 'Unknown',
        sourceType: 'nfs',
        volumeMode: 'Filesystem',
        accessModes: [],
        storageClassName: 'old',
      },
    ],
    [
      'pvlist.go getStorageClassName: the beta annotation when spec.storageClassName is empty',
      pv(
        { nfs: {}, storageClassName: '' },
        { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
      ),
      {
        name: 'pv1',
        phase: 'Unknown',
        sourceType: 'nfs',
        volumeMode: 'Filesystem',
        accessModes: [],
        storageClassName: 'old',
      },
    ],
    [
      'spec.storageClassName wins over the annotation',
      pv(
        { nfs: {}, storageClassName: 'new' },
        { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
      ),
      {
        name: 'pv1',
        phase: 'Unknown',
        sourceType: 'nfs',
        volumeMode: 'Filesystem',
        accessModes: [],
        storageClassName: 'new',
      },
    ],
    [
      'a claimRef without a namespace keeps an empty one',
      pv({ hostPath: {}, claimRef: { name: 'c' } }),
      {
        name: 'pv1',
        phase: 'Unknown',
        sourceType: 'hostPath',
        volumeMode: 'Filesystem',
        accessModes: [],
        claimRef: { namespace: '', name: 'c' },
      },
    ],
    [
      'a claimRef without a name',
      pv({ local: {}, claimRef: { namespace: 'app' } }),
      {
        name: 'pv1',
        phase: 'Unknown',
        sourceType: 'local',
        volumeMode: 'Filesystem',
        accessModes: [],
      },
    ],
  ])('PV: %s', (_, o, fact) => expect(one([o], 'pvs')).toStrictEqual([fact]));

  it.each<[string, PvSource, string]>([
    ['hostPath', { hostPath: {} }, 'hostPath'],
    ['nfs', { nfs: {} }, 'nfs'],
    ['awsElasticBlockStore', { awsElasticBlockStore: {} }, 'awsElasticBlockStore'],
    ['csi', { csi: {} }, 'csi'],
    ['glusterfs', { glusterfs: {} }, 'glusterfs'],
    ['local', { local: {} }, 'local'],
    ['cephfs is another source', { cephfs: {} }, 'other'],
  ])('PV source %s', (_, source, sourceType) =>
    expect(one([pv(source)], 'pvs')[0]?.sourceType).toBe(sourceType),
  );
});
type PvSource = Record<string, unknown>;

describe('StorageClass, ServiceAccount, SCC, RBAC', () => {
  const sc = (annotations: Record<string, unknown>, provisioner?: unknown): KubeObject => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp2', annotations },
    ...(provisioner === undefined ? {} : { provisioner }),
  });
  it.each<[string, KubeObject, Record<string, unknown>]>([
    [
      'the GA default annotation',
      sc({ 'storageclass.kubernetes.io/is-default-class': 'true' }, 'ebs.csi.aws.com'),
      { name: 'gp2', provisioner: 'ebs.csi.aws.com', isDefault: true },
    ],
    [
      'the beta default annotation',
      sc({ 'storageclass.beta.kubernetes.io/is-default-class': 'true' }, 'x'),
      { name: 'gp2', provisioner: 'x', isDefault: true },
    ],
    [
      'only "true" makes a default',
      sc({ 'storageclass.kubernetes.io/is-default-class': 'false' }, 'x'),
      { name: 'gp2', provisioner: 'x', isDefault: false },
    ],
    ['no provisioner', sc({}), { name: 'gp2', provisioner: '', isDefault: false }],
  ])('StorageClass: %s', (_, o, fact) => expect(one([o], 'storageClasses')).toStrictEqual([fact]));

  it('ServiceAccount: its key', () =>
    expect(
      one(
        [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'app' } }],
        'serviceAccounts',
      ),
    ).toStrictEqual([{ namespace: 'app', name: 'sa' }]));

  it('SCC: users and groups (strings only), the object without server fields', () => {
    const scc = {
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: { name: 'custom', uid: 'u1', resourceVersion: '9' },
      users: ['system:serviceaccount:app:db', 3],
      groups: ['system:authenticated'],
      allowPrivilegedContainer: false,
    };
    expect(one([scc], 'sccs')).toStrictEqual([
      {
        name: 'custom',
        users: ['system:serviceaccount:app:db'],
        groups: ['system:authenticated'],
        object: {
          apiVersion: 'security.openshift.io/v1',
          kind: 'SecurityContextConstraints',
          metadata: { name: 'custom' },
          users: ['system:serviceaccount:app:db', 3],
          groups: ['system:authenticated'],
          allowPrivilegedContainer: false,
        },
      },
    ]);
  });

  it('Role and ClusterRole: rules; only a Role has a namespace', () => {
    const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x'] };
    expect(
      one(
        [
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'Role',
            metadata: { name: 'r', namespace: 'app' },
            rules: [rule, { verbs: ['list'] }],
          },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'cr' },
          },
        ],
        'roles',
      ),
    ).toStrictEqual([
      { kind: 'ClusterRole', name: 'cr', rules: [] },
      {
        kind: 'Role',
        namespace: 'app',
        name: 'r',
        rules: [rule, { apiGroups: [], resources: [], verbs: ['list'], resourceNames: [] }],
      },
    ]);
  });

  it('RoleBinding and ClusterRoleBinding: roleRef (kind ClusterRole when unset) and subjects', () => {
    expect(
      one(
        [
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { name: 'rb', namespace: 'app' },
            roleRef: { kind: 'Role', name: 'r' },
            subjects: [
              { kind: 'ServiceAccount', name: 'sa', namespace: 'app' },
              { kind: 'Group', name: 'g', namespace: '' },
              { kind: 7, name: null, namespace: 'other' },
            ],
          },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: 'crb' },
            subjects: [{}],
          },
        ],
        'bindings',
      ),
    ).toStrictEqual([
      {
        kind: 'ClusterRoleBinding',
        name: 'crb',
        roleRef: { kind: 'ClusterRole', name: '' },
        subjects: [{ kind: '', name: '' }],
      },
      {
        kind: 'RoleBinding',
        namespace: 'app',
        name: 'rb',
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'ServiceAccount', name: 'sa', namespace: 'app' },
          { kind: 'Group', name: 'g' },
          // Fields that are not strings read as empty; the namespace is kept.
          { kind: '', name: '', namespace: 'other' },
        ],
      },
    ]);
  });
});

describe('network, image and cluster-wide facts', () => {
  it('NetworkPolicy keeps its spec; egress objects keep the object without server fields', () => {
    const f = factsFromObjects('c1', [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'np', namespace: 'app', uid: 'u' },
        spec: { podSelector: {} },
      },
      {
        apiVersion: 'network.openshift.io/v1',
        kind: 'EgressNetworkPolicy',
        metadata: { name: 'default', namespace: 'app', uid: 'u2' },
        spec: { egress: [] },
        status: { x: 1 },
      },
      {
        apiVersion: 'k8s.ovn.org/v1',
        kind: 'EgressFirewall',
        metadata: { name: 'default', namespace: 'web' },
        spec: { egress: [] },
      },
    ]);
    expect(f.networkPolicies).toStrictEqual([
      { namespace: 'app', name: 'np', spec: { podSelector: {} } },
    ]);
    expect(f.egressNetworkPolicies).toStrictEqual([
      {
        kind: 'EgressNetworkPolicy',
        namespace: 'app',
        name: 'default',
        object: {
          apiVersion: 'network.openshift.io/v1',
          kind: 'EgressNetworkPolicy',
          metadata: { name: 'default', namespace: 'app' },
          spec: { egress: [] },
        },
      },
    ]);
    expect(f.egressFirewalls.map((e) => [e.kind, e.namespace, e.name])).toStrictEqual([
      ['EgressFirewall', 'web', 'default'],
    ]);
  });

  // A tag is internal when one of its items points into the registry named by dockerImageRepository.
  const REG = 'image-registry.openshift-image-registry.svc:5000';
  const stream = (status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'web', namespace: 'app' },
    status,
  });
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'tags with an item in the internal registry, sorted',
      {
        dockerImageRepository: `${REG}/app/web`,
        tags: [
          { tag: 'v2', items: [{ dockerImageReference: `${REG}/app/web@sha256:2` }] },
          { tag: 'ext', items: [{ dockerImageReference: 'quay.io/x/web@sha256:1' }] },
          {
            tag: 'v1',
            items: [
              { dockerImageReference: 'quay.io/x/web@sha256:0' },
              { dockerImageReference: `${REG}/app/web@sha256:1` },
            ],
          },
        ],
      },
      ['v1', 'v2'],
    ],
    [
      'a host that only starts like the registry is another registry',
      {
        dockerImageRepository: `${REG}/app/web`,
        tags: [{ tag: 'x', items: [{ dockerImageReference: `${REG}0/app/web@sha256:2` }] }],
      },
      [],
    ],
    [
      'without dockerImageRepository nothing is known to be internal',
      { tags: [{ tag: 'x', items: [{ dockerImageReference: `${REG}/app/web@sha256:2` }] }] },
      [],
    ],
    [
      'an internal item without a tag name',
      {
        dockerImageRepository: `${REG}/app/web`,
        tags: [{ items: [{ dockerImageReference: `${REG}/app/web@sha256:2` }] }],
      },
      [''],
    ],
  ])('ImageStream: %s', (_, status, internalTags) =>
    expect(one([stream(status)], 'imageStreams')).toStrictEqual([
      { namespace: 'app', name: 'web', internalTags },
    ]),
  );

  const route = (namespace: string, name: string, host: unknown = 'r.apps'): KubeObject => ({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name, namespace },
    spec: { host },
  });
  it.each<[string, KubeObject[], string | undefined]>([
    ['OCP 4 default-route', [route('openshift-image-registry', 'default-route')], 'r.apps'],
    ['OCP 3 docker-registry', [route('default', 'docker-registry')], 'r.apps'],
    [
      'another route in the registry namespace',
      [route('openshift-image-registry', 'other')],
      undefined,
    ],
    ['default-route in another namespace', [route('default', 'default-route')], undefined],
    [
      'docker-registry in another namespace',
      [route('openshift-image-registry', 'docker-registry')],
      undefined,
    ],
    ['a host that is not a string', [route('default', 'docker-registry', 5)], undefined],
    [
      'an unrelated route read later does not clear it',
      [route('default', 'docker-registry'), route('app', 'web')],
      'r.apps',
    ],
  ])('registry route: %s', (_, objects, host) => expect(one(objects, 'registryRoute')).toBe(host));

  const cv = (status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: { name: 'version' },
    status,
  });
  it.each<[string, Record<string, unknown>, string | undefined]>([
    [
      'status.desired.version',
      { desired: { version: '4.12.3' }, history: [{ state: 'Completed', version: '4.11.0' }] },
      '4.12.3',
    ],
    [
      'else the first Completed history entry',
      {
        history: [
          { state: 'Partial', version: '4.13.0' },
          { state: 'Completed', version: '4.12.1' },
          { state: 'Completed', version: '4.11.0' },
        ],
      },
      '4.12.1',
    ],
    ['nothing known', { history: [{ state: 'Partial', version: '4.13.0' }] }, undefined],
  ])('ClusterVersion: %s', (_, status, version) =>
    expect(one([cv(status)], 'version')).toBe(version),
  );

  const network = (
    apiVersion: string,
    name: string,
    status: unknown,
    spec: unknown,
  ): KubeObject => ({
    apiVersion,
    kind: 'Network',
    metadata: { name },
    spec,
    status,
  });
  it.each<[string, KubeObject, string | undefined]>([
    [
      'status.networkType of config.openshift.io cluster',
      network(
        'config.openshift.io/v1',
        'cluster',
        { networkType: 'OVNKubernetes' },
        { networkType: 'OpenShiftSDN' },
      ),
      'OVNKubernetes',
    ],
    [
      'spec.networkType when status has none',
      network('config.openshift.io/v1', 'cluster', {}, { networkType: 'OpenShiftSDN' }),
      'OpenShiftSDN',
    ],
    [
      'the operator.openshift.io Network is another object',
      network('operator.openshift.io/v1', 'cluster', { networkType: 'OVNKubernetes' }, {}),
      undefined,
    ],
    [
      'a config Network not named cluster',
      network('config.openshift.io/v1', 'other', { networkType: 'OVNKubernetes' }, {}),
      undefined,
    ],
  ])('Network: %s', (_, o, type) => expect(one([o], 'networkType')).toBe(type));

  it('Namespace and Project: string labels and annotations; the first of a name stands for both', () => {
    const f = factsFromObjects('c1', [
      ns('app', { labels: { team: 'a', n: 1 }, annotations: { x: 'y' } }),
      {
        apiVersion: 'project.openshift.io/v1',
        kind: 'Project',
        metadata: { name: 'app', labels: { other: 'b' } },
      },
      { apiVersion: 'project.openshift.io/v1', kind: 'Project', metadata: { name: 'web' } },
    ]);
    expect(f.namespaces).toStrictEqual([
      { name: 'app', labels: { team: 'a' }, annotations: { x: 'y' } },
      { name: 'web', labels: {}, annotations: {} },
    ]);
  });
});

describe('workload pod templates (mig-controller pods/template.go ListTemplatePods)', () => {
  const vol = (claimName: string) => ({ name: claimName, persistentVolumeClaim: { claimName } });
  const workload = (
    kind: string,
    spec: Record<string, unknown>,
    apiVersion = 'apps/v1',
  ): KubeObject => ({
    apiVersion,
    kind,
    metadata: {
      name: 'w',
      namespace: 'app',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Owner', name: 'o' }],
    },
    spec,
  });
  const template = { template: { spec: { volumes: [vol('c1'), { name: 'e', emptyDir: {} }] } } };
  it.each<[string, KubeObject, boolean, string[]]>([
    ['Deployment: spec.template', workload('Deployment', template), true, ['c1']],
    ['StatefulSet', workload('StatefulSet', template), true, ['c1']],
    ['DaemonSet', workload('DaemonSet', template), true, ['c1']],
    ['ReplicaSet', workload('ReplicaSet', template), true, ['c1']],
    ['Job', workload('Job', template, 'batch/v1'), true, ['c1']],
    [
      'a Deployment without a template still has one (it is required)',
      workload('Deployment', {}),
      true,
      [],
    ],
    [
      'DeploymentConfig with a template',
      workload('DeploymentConfig', template, 'apps.openshift.io/v1'),
      true,
      ['c1'],
    ],
    [
      'DeploymentConfig without a template is skipped upstream',
      workload('DeploymentConfig', {}, 'apps.openshift.io/v1'),
      false,
      [],
    ],
    [
      'ReplicationController without a template',
      workload('ReplicationController', {}, 'v1'),
      false,
      [],
    ],
    [
      'ReplicationController with a template',
      workload('ReplicationController', template, 'v1'),
      true,
      ['c1'],
    ],
    [
      'CronJob: spec.jobTemplate.spec.template',
      workload(
        'CronJob',
        { jobTemplate: { spec: template }, ...{ template: { spec: { volumes: [vol('no')] } } } },
        'batch/v1',
      ),
      true,
      ['c1'],
    ],
    [
      'VirtualMachine: PVC and DataVolume volumes',
      workload(
        'VirtualMachine',
        {
          template: {
            spec: {
              volumes: [
                vol('c1'),
                { name: 'dv', dataVolume: { name: 'dv1' } },
                { name: 'ci', cloudInitNoCloud: {} },
              ],
            },
          },
        },
        'kubevirt.io/v1',
      ),
      true,
      ['c1', 'dv1'],
    ],
    [
      'a DataVolume volume outside a VirtualMachine is no claim',
      workload('Deployment', {
        template: { spec: { volumes: [{ name: 'dv', dataVolume: { name: 'dv1' } }] } },
      }),
      true,
      [],
    ],
  ])('%s', (_, o, hasTemplate, claimNames) =>
    expect(one([o], 'workloads')).toStrictEqual([
      {
        kind: o['kind'],
        apiVersion: o['apiVersion'],
        namespace: 'app',
        name: 'w',
        hasTemplate,
        claimNames,
        owners: [{ apiVersion: 'v1', kind: 'Owner', name: 'o' }],
      },
    ]),
  );
});

describe('FactsReader: every unreadable item is a located finding', () => {
  const read = (docs: unknown[], file = 'a.yaml') => {
    const r = new FactsReader('c1');
    r.addDocuments(docs, file, (document, items) => ({
      line: document * 100 + items.length * 10 + (items.at(-1) ?? 0),
      col: 1,
    }));
    return r.finish();
  };
  const found = (docs: unknown[]) =>
    read(docs).diagnostics.map((d) => [d.code, d.message, d.file, d.line]);
  const podOk = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app' } };
  const pvcBase = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' };
  // MP3032 (error) when the item is not an object, has no kind, or is a PVC, PV, Namespace or Project
  // (leaving it out would leave data behind); MP3033 (warning) for a malformed object of another kind.
  it.each<[string, unknown[], unknown[][]]>([
    ['a well-formed object', [podOk], []],
    ['null documents are empty sections', [null, podOk, undefined], []],
    [
      'a document that is a number',
      [5],
      [['MP3032', 'the object: a number, not a Kubernetes object', 'a.yaml', 0]],
    ],
    [
      'a document that is a string',
      ['x'],
      [['MP3032', 'the object: a string, not a Kubernetes object', 'a.yaml', 0]],
    ],
    [
      'an empty-string document',
      [''],
      [['MP3032', 'the object: an empty string, not a Kubernetes object', 'a.yaml', 0]],
    ],
    [
      'the second of two documents',
      [podOk, true],
      [['MP3032', 'document 2: a boolean, not a Kubernetes object', 'a.yaml', 100]],
    ],
    [
      'a List item that is null',
      [{ kind: 'List', items: [podOk, null] }],
      [['MP3032', 'item 2 of the List: null, not an object', 'a.yaml', 11]],
    ],
    [
      'a PodList item that is an empty list: nothing to read',
      [{ kind: 'PodList', items: [[]] }],
      [],
    ],
    [
      'a PodList item that is a number',
      [{ kind: 'PodList', items: [3] }],
      [['MP3033', 'item 1 of the List (Pod): a number, not an object', 'a.yaml', 10]],
    ],
    [
      'a PersistentVolumeClaimList item that is a string: an error',
      [{ kind: 'PersistentVolumeClaimList', items: ['x'] }],
      [
        [
          'MP3032',
          'item 1 of the List (PersistentVolumeClaim): a string, not an object',
          'a.yaml',
          10,
        ],
      ],
    ],
    [
      'nested List items in a second document',
      [
        podOk,
        [{ kind: 'List', items: [{ ...podOk, metadata: { name: 'q', namespace: 'app' } }, 'x'] }],
      ],
      [
        [
          'MP3032',
          'document 2, item 1 > item 2 of the List: a string, not an object',
          'a.yaml',
          121,
        ],
      ],
    ],
    ['items: null is an empty List', [{ kind: 'List', items: null }], []],
    ['no items is an empty List', [{ kind: 'List' }], []],
    [
      'items that are not a list',
      [{ kind: 'List', items: { a: 1 } }],
      [['MP3032', 'the object (List): items is a mapping, not a list', 'a.yaml', 0]],
    ],
    [
      'items of a typed list that are not a list',
      [{ kind: 'PodList', items: 'x' }],
      [['MP3032', 'the object (PodList): items is a string, not a list', 'a.yaml', 0]],
    ],
    ['no kind', [{ metadata: { name: 'x' } }], [['MP3032', 'the object: no kind', 'a.yaml', 0]]],
    [
      'kind is a number',
      [{ kind: 4 }],
      [['MP3032', 'the object: kind is a number, not a kind name', 'a.yaml', 0]],
    ],
    [
      'kind is empty',
      [{ kind: '' }],
      [['MP3032', 'the object: kind is an empty string, not a kind name', 'a.yaml', 0]],
    ],
    ['kind: null is no kind', [{ kind: null }], [['MP3032', 'the object: no kind', 'a.yaml', 0]]],
    ['an unknown kind is ignored, however malformed', [{ kind: 'ConfigMap', metadata: 3 }], []],
    [
      'no metadata',
      [{ ...pvcBase }],
      [['MP3032', 'the object (PersistentVolumeClaim): no metadata', 'a.yaml', 0]],
    ],
    [
      'metadata: null',
      [{ ...pvcBase, metadata: null }],
      [['MP3032', 'the object (PersistentVolumeClaim): no metadata', 'a.yaml', 0]],
    ],
    [
      'metadata is a list',
      [{ ...pvcBase, metadata: [] }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): metadata is a list, not a mapping',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'no name',
      [{ ...pvcBase, metadata: {} }],
      [['MP3032', 'the object (PersistentVolumeClaim): no metadata.name', 'a.yaml', 0]],
    ],
    [
      'name: null',
      [{ ...pvcBase, metadata: { name: null } }],
      [['MP3032', 'the object (PersistentVolumeClaim): no metadata.name', 'a.yaml', 0]],
    ],
    [
      'name is a number',
      [{ ...pvcBase, metadata: { name: 1 } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): metadata.name is a number, not a name',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'name is empty',
      [{ ...pvcBase, metadata: { name: '' } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): metadata.name is an empty string, not a name',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'a namespaced kind without a namespace',
      [{ ...pvcBase, metadata: { name: 'd' } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): no metadata.namespace (PersistentVolumeClaim is namespaced)',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'namespace: null',
      [{ ...pvcBase, metadata: { name: 'd', namespace: null } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): no metadata.namespace (PersistentVolumeClaim is namespaced)',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'namespace is empty',
      [{ ...pvcBase, metadata: { name: 'd', namespace: '' } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): metadata.namespace is an empty string, not a name',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'namespace is a mapping',
      [{ ...pvcBase, metadata: { name: 'd', namespace: {} } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): metadata.namespace is a mapping, not a name',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'a cluster-scoped kind needs no namespace',
      [{ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' } }],
      [],
    ],
    [
      'uid is a number',
      [{ ...pvcBase, metadata: { name: 'd', namespace: 'n', uid: 5 } }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): metadata.uid is a number, not a string',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'spec is a string',
      [{ ...pvcBase, metadata: { name: 'd', namespace: 'n' }, spec: 's' }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): spec is a string, not a mapping',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'status is a list',
      [{ ...pvcBase, metadata: { name: 'd', namespace: 'n' }, status: [] }],
      [
        [
          'MP3032',
          'the object (PersistentVolumeClaim): status is a list, not a mapping',
          'a.yaml',
          0,
        ],
      ],
    ],
    [
      'spec: null is no spec',
      [{ ...pvcBase, metadata: { name: 'd', namespace: 'n' }, spec: null, status: null }],
      [],
    ],
    [
      'a malformed Pod is a warning',
      [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }],
      [['MP3033', 'the object (Pod): no metadata.namespace (Pod is namespaced)', 'a.yaml', 0]],
    ],
    [
      'a malformed Namespace is an error',
      [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 7 } }],
      [['MP3032', 'the object (Namespace): metadata.name is a number, not a name', 'a.yaml', 0]],
    ],
    [
      'a malformed Project is an error',
      [{ kind: 'Project' }],
      [['MP3032', 'the object (Project): no metadata', 'a.yaml', 0]],
    ],
    [
      'a malformed PersistentVolume is an error',
      [{ kind: 'PersistentVolume', metadata: {} }],
      [['MP3032', 'the object (PersistentVolume): no metadata.name', 'a.yaml', 0]],
    ],
    [
      'a malformed StorageClass is a warning',
      [{ kind: 'StorageClass', metadata: {} }],
      [['MP3033', 'the object (StorageClass): no metadata.name', 'a.yaml', 0]],
    ],
  ])('%s', (_, docs, diagnostics) => expect(found(docs)).toStrictEqual(diagnostics));

  // A List read item by item (listItemReader) places its items as addDocuments places a List's: the item
  // path counts from 1, an item that is itself a List extends it, and the one document is not named.
  it('items read one at a time are placed as the List read whole would place them', () => {
    const items: unknown[] = [null, { kind: 'List', items: [podOk, 'x'] }, { kind: 'Pod' }];
    const whole = new FactsReader('c1');
    const locate = (document: number, path: readonly number[]) => ({
      line: document * 100 + path.length * 10 + (path.at(-1) ?? 0),
      col: 1,
    });
    whole.addDocuments([{ apiVersion: 'v1', kind: 'List', items }], 'a.json', locate);
    const oneByOne = new FactsReader('c1');
    const readItem = oneByOne.listItemReader(
      { apiVersion: 'v1', kind: 'List', items: [] },
      'a.json',
      locate,
    );
    expect(readItem).toBeDefined();
    items.forEach((item, i) => readItem?.(item, i));
    const shown = (r: FactsReader) =>
      r.finish().diagnostics.map((d) => [d.code, d.message, d.file, d.line]);
    const expected = [
      ['MP3032', 'item 1 of the List: null, not an object', 'a.json', 10],
      ['MP3032', 'item 2 > item 2 of the List: a string, not an object', 'a.json', 21],
      ['MP3033', 'item 3 of the List (Pod): no metadata', 'a.json', 12],
    ];
    expect(shown(oneByOne)).toStrictEqual(expected);
    expect(shown(whole)).toStrictEqual(expected);
  });

  // What listItemReader takes as a List, as addDocuments would walk it (facts-from-objects isList): `kind: List`, a
  // typed list of a kind read, or any `...List` (its items are a list); anything else is read whole.
  it.each([
    ['a List', { apiVersion: 'v1', kind: 'List' }, true],
    ['a typed list of a kind read', { apiVersion: 'v1', kind: 'PodList' }, true],
    ['another ...List', { apiVersion: 'example.com/v1', kind: 'WidgetList' }, true],
    ['an object', { apiVersion: 'v1', kind: 'Pod' }, false],
    ['no kind', { apiVersion: 'v1' }, false],
    ['not a mapping', ['List'], false],
    ['null', null, false],
  ])('listItemReader with %s as the envelope: %s', (_, envelope, isList) => {
    const reader = new FactsReader('c1');
    const items = [podOk];
    const readItem = reader.listItemReader(envelope, 'a.json');
    expect(readItem !== undefined).toBe(isList);
    items.forEach((item, i) => readItem?.(item, i));
    // Nothing read when it is not a List: the caller reads the file whole instead.
    expect(reader.finish().facts.pods.map((p) => p.name)).toEqual(
      isList ? [podOk.metadata.name] : [],
    );
  });

  it('Lists nested deeper than 8 are refused where the ninth begins', () => {
    let v: unknown = podOk;
    for (let i = 0; i < 9; i++) v = { kind: 'List', items: [v] };
    expect(found([v])).toStrictEqual([
      [
        'MP3032',
        'item 1 > item 1 > item 1 > item 1 > item 1 > item 1 > item 1 > item 1 of the List: Lists nested more than 8 deep',
        'a.yaml',
        80,
      ],
    ]);
    let ok: unknown = podOk;
    for (let i = 0; i < 8; i++) ok = { kind: 'List', items: [ok] };
    expect(found([ok])).toStrictEqual([]);
    expect(read([ok]).facts.pods.map((p) => p.name)).toStrictEqual(['p']);
  });

  it('kept-whole kinds are refused past 100 levels of nesting; others are not checked', () => {
    const deep = (levels: number) => {
      let v: unknown = 'leaf';
      for (let i = 0; i < levels; i++) v = { a: v };
      return v;
    };
    const np = (levels: number) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np', namespace: 'app' },
      spec: deep(levels),
    });
    // The object is level 0 and spec, the first of the nested mappings, level 1: 99 mappings end at
    // level 99, 100 reach level 100, the limit.
    expect(found([np(99)])).toStrictEqual([]);
    expect(found([np(100)])).toStrictEqual([
      ['MP3033', 'the object (NetworkPolicy): nested more than 100 levels deep', 'a.yaml', 0],
    ]);
    expect(found([{ ...podOk, spec: deep(200) }])).toStrictEqual([]);
  });
});

describe('FactsReader: typed lists from the API (kind and apiVersion left off the items)', () => {
  it('items take the list kind and apiVersion; an object without apiVersion has none', () => {
    const r = new FactsReader('c1');
    r.addDocuments(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'DeploymentList',
          items: [{ metadata: { name: 'a', namespace: 'app' } }],
        },
        { kind: 'StatefulSet', metadata: { name: 'b', namespace: 'app' } },
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [{ kind: 'DaemonSet', metadata: { name: 'c', namespace: 'app' } }],
        },
      ],
      'w.yaml',
    );
    const { facts, diagnostics } = r.finish();
    expect(diagnostics).toStrictEqual([]);
    expect(facts.workloads.map((w) => [w.kind, w.apiVersion, w.name])).toStrictEqual([
      ['DaemonSet', 'v1', 'c'],
      ['Deployment', 'apps/v1', 'a'],
      ['StatefulSet', '', 'b'],
    ]);
  });
});

describe('FactsReader: objects seen twice (same API group, kind, namespace, name)', () => {
  const pvc = (extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'app', ...meta },
    spec: { volumeName: 'pv1' },
    ...extra,
  });
  const locate = (document: number, items: readonly number[]) => ({
    line: document * 100 + (items.at(-1) ?? 0) + 1,
    col: 3,
  });
  const readFiles = (files: [string, unknown[]][]) => {
    const r = new FactsReader('c1');
    for (const [file, docs] of files) r.addDocuments(docs, file, locate);
    return r.finish();
  };
  const shown = (files: [string, unknown[]][]) =>
    readFiles(files).diagnostics.map((d) => ({
      code: d.code,
      message: d.message,
      file: d.file,
      line: d.line,
      related: d.related,
    }));

  it('the same content twice in one file is read once, with one note', () => {
    const r = readFiles([['a.yaml', [pvc(), pvc(), pvc()]]]);
    expect(r.facts.pvcs.map((p) => p.name)).toStrictEqual(['data']);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.file, d.line])).toStrictEqual([
      [
        'MP3030',
        '2 object(s) repeat objects earlier in this file with the same content (first: PersistentVolumeClaim "app/data", document 2); each is read once',
        'a.yaml',
        undefined,
      ],
    ]);
  });
  it('the same content in another file names that file', () => {
    expect(
      shown([
        ['a.yaml', [pvc()]],
        ['b.yaml', [{ kind: 'List', items: [pvc()] }]],
      ]),
    ).toStrictEqual([
      {
        code: 'MP3030',
        message:
          '1 object(s) repeat objects of a.yaml with the same content (first: PersistentVolumeClaim "app/data", item 1 of the List); each is read once',
        file: 'b.yaml',
        line: undefined,
        related: undefined,
      },
    ]);
  });
  it('a cluster-scoped repeat is labelled without a namespace; a stray namespace is ignored', () => {
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' } };
    const stray = { ...pv, metadata: { name: 'pv1', namespace: 'x' } };
    expect(shown([['a.yaml', [pv, stray]]]).map((d) => d.message)).toStrictEqual([
      '1 object(s) repeat objects earlier in this file with the same content (first: PersistentVolume "pv1", document 2); each is read once',
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    [
      'different uids are two objects under one name',
      pvc({}, { uid: 'u1' }),
      pvc({}, { uid: 'u2' }),
      'a different metadata.uid (two objects recorded under one name)',
    ],
    [
      'the first differing field is named',
      pvc(),
      pvc({ spec: { volumeName: 'pv2' } }),
      'a different volumeName: "pv2" here, "pv1" there',
    ],
    [
      'a field set on one side only',
      pvc(),
      pvc({ status: { phase: 'Bound' } }),
      'a different phase: "Bound" here, "Pending" there',
    ],
    [
      'the same uid does not hide a difference',
      pvc({}, { uid: 'u1' }),
      pvc({ spec: { volumeName: 'pv2' } }, { uid: 'u1' }),
      'a different volumeName: "pv2" here, "pv1" there',
    ],
    [
      'a field unset here',
      pvc(),
      pvc({ spec: {} }),
      'a different volumeName: unset here, "pv1" there',
    ],
    [
      'the first differing field in name order (accessModes before phase)',
      pvc(),
      pvc({
        spec: { volumeName: 'pv1', accessModes: ['ReadWriteMany'] },
        status: { phase: 'Bound' },
      }),
      'a different accessModes: ["ReadWriteMany"] here, [] there',
    ],
    [
      'a shorter list is a difference',
      pvc({ spec: { volumeName: 'pv1', accessModes: ['ReadWriteOnce', 'ReadWriteMany'] } }),
      pvc({ spec: { volumeName: 'pv1', accessModes: ['ReadWriteOnce'] } }),
      'a different accessModes: ["ReadWriteOnce"] here, ["ReadWriteOnce","ReadWriteMany"] there',
    ],
    [
      'a value of 60 characters is shown whole',
      pvc(),
      pvc({ spec: { volumeName: 'v'.repeat(58) } }),
      `a different volumeName: "${'v'.repeat(58)}" here, "pv1" there`,
    ],
    [
      'a longer value is cut to 57 characters and an ellipsis',
      pvc(),
      pvc({ spec: { volumeName: 'v'.repeat(59) } }),
      `a different volumeName: "${'v'.repeat(56)}... here, "pv1" there`,
    ],
    [
      'a uid on one side only is no conflict by itself',
      pvc({}, { uid: 'u1' }),
      pvc({ spec: { volumeName: 'pv2' } }),
      'a different volumeName: "pv2" here, "pv1" there',
    ],
  ])('conflict: %s', (_, first, second, difference) => {
    expect(shown([['a.yaml', [first, second]]])).toStrictEqual([
      {
        code: 'MP3031',
        message: `PersistentVolumeClaim "app/data" (document 2) is also in this file (document 1, line 1) with ${difference}; keep one copy`,
        file: 'a.yaml',
        line: 101,
        related: [
          {
            message: 'the other copy of PersistentVolumeClaim "app/data"',
            file: 'a.yaml',
            line: 1,
            col: 3,
          },
        ],
      },
    ]);
  });
  it('facts that are values, not records (the registry route), differ as a whole', () => {
    const route = (host: string) => ({
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'default-route', namespace: 'openshift-image-registry' },
      spec: { host },
    });
    expect(
      shown([['a.yaml', [route('a.apps'), route('b.apps')]]]).map((d) => d.message),
    ).toStrictEqual([
      'Route "openshift-image-registry/default-route" (document 2) is also in this file (document 1, line 1) with different content: "b.apps" here, "a.apps" there; keep one copy',
    ]);
  });
  it('a conflict across files names the other file, without its line', () => {
    expect(
      shown([
        ['a.yaml', [pvc()]],
        ['b.yaml', [pvc({ spec: { volumeName: 'pv2' } })]],
      ]),
    ).toStrictEqual([
      {
        code: 'MP3031',
        message:
          'PersistentVolumeClaim "app/data" (the object) is also in a.yaml (the object) with a different volumeName: "pv2" here, "pv1" there; keep one copy',
        file: 'b.yaml',
        line: 1,
        related: [
          { message: 'the other copy of PersistentVolumeClaim "app/data"', file: 'a.yaml' },
        ],
      },
    ]);
  });
  it('objects of the same kind and name in different API groups are different objects', () => {
    const net = (apiVersion: string) => ({
      apiVersion,
      kind: 'Network',
      metadata: { name: 'cluster' },
    });
    expect(
      shown([['a.yaml', [net('config.openshift.io/v1'), net('operator.openshift.io/v1')]]]),
    ).toStrictEqual([]);
    // The core group ("v1") and a group named like a version are not confused either.
    expect(
      shown([
        [
          'a.yaml',
          [
            { ...pvc(), apiVersion: 'v1' },
            { ...pvc({ spec: {} }), apiVersion: 'x/v1' },
          ],
        ],
      ]),
    ).toStrictEqual([]);
  });
  it('same name in other namespaces, or of another kind, is no duplicate', () => {
    expect(
      shown([
        [
          'a.yaml',
          [
            pvc(),
            pvc({}, { namespace: 'web' }),
            {
              apiVersion: 'v1',
              kind: 'ServiceAccount',
              metadata: { name: 'data', namespace: 'app' },
            },
          ],
        ],
      ]),
    ).toStrictEqual([]);
  });
  it('past 20 conflicts between two files, the rest are counted', () => {
    const objs = (volumeName: string) =>
      Array.from({ length: 23 }, (_, i) => pvc({ spec: { volumeName } }, { name: `d${i}` }));
    const r = readFiles([
      ['a.yaml', objs('x')],
      ['b.yaml', objs('y')],
    ]);
    expect(r.diagnostics.filter((d) => d.code === 'MP3031')).toHaveLength(21);
    expect(r.diagnostics.at(-1)).toMatchObject({
      code: 'MP3031',
      message: '3 more conflicting duplicate(s) with a.yaml are not listed',
      file: 'b.yaml',
    });
    const same = readFiles([['a.yaml', [...objs('x'), ...objs('y')]]]);
    expect(same.diagnostics.at(-1)?.message).toBe(
      '3 more conflicting duplicate(s) in this file are not listed',
    );
    const twenty = readFiles([
      ['a.yaml', objs('x').slice(0, 20)],
      ['b.yaml', objs('y').slice(0, 20)],
    ]);
    expect(twenty.diagnostics).toHaveLength(20);
  });
  it('objects from an API list (addObjects) are checked the same way, without a file', () => {
    const r2 = () => {
      const reader = new FactsReader('c1');
      reader.addObjects([pvc(), pvc({ spec: { volumeName: 'pv2' } }), { kind: 'Pod' }]);
      return reader.finish();
    };
    expect(r2().diagnostics.map((d) => [d.code, d.message, d.file])).toStrictEqual([
      [
        'MP3031',
        'PersistentVolumeClaim "app/data" (item 2 of the List) is also in the input (item 1 of the List) with a different volumeName: "pv2" here, "pv1" there; keep one copy',
        undefined,
      ],
      ['MP3033', 'item 3 of the List (Pod): no metadata', undefined],
    ]);
    expect(r2().diagnostics[0]?.related).toStrictEqual([
      { message: 'the other copy of PersistentVolumeClaim "app/data"' },
    ]);
  });
});

describe('stripServerFields: what re-creates the object', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'server-set metadata, status and last-applied go',
      {
        kind: 'X',
        metadata: {
          name: 'n',
          uid: 'u',
          resourceVersion: '1',
          generation: 2,
          creationTimestamp: 't',
          managedFields: [],
          selfLink: '/x',
          ownerReferences: [],
          labels: { a: 'b' },
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{}',
            keep: 'me',
            n: 1,
          },
        },
        spec: { s: 1 },
        status: { phase: 'x' },
      },
      {
        kind: 'X',
        metadata: { name: 'n', labels: { a: 'b' }, annotations: { keep: 'me' } },
        spec: { s: 1 },
      },
    ],
    [
      'annotations left empty are dropped',
      {
        kind: 'X',
        metadata: {
          name: 'n',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        },
      },
      { kind: 'X', metadata: { name: 'n' } },
    ],
    ['no metadata gives an empty one', { kind: 'X' }, { kind: 'X', metadata: {} }],
  ])('%s', (_, o, out) => expect(stripServerFields(o)).toStrictEqual(out));
  it('does not change its input', () => {
    const o = { kind: 'X', metadata: { name: 'n', uid: 'u', annotations: { a: 'b' } } };
    stripServerFields(o);
    expect(o).toStrictEqual({
      kind: 'X',
      metadata: { name: 'n', uid: 'u', annotations: { a: 'b' } },
    });
  });
});

describe('deeperThan and cmp', () => {
  it.each<[string, unknown, number, boolean]>([
    ['a scalar', 5, 0, false],
    ['an empty mapping is at depth 0', {}, 0, true],
    ['an empty mapping within 1', {}, 1, false],
    ['two levels within 2', { a: { b: 1 } }, 2, false],
    ['two levels past 1', { a: { b: 1 } }, 1, true],
    ['arrays count as levels', [[[]]], 2, true],
    ['arrays within their depth', [[[]]], 3, false],
    ['null children are leaves', { a: null }, 1, false],
  ])('%s', (_, v, max, deeper) => expect(deeperThan(v, max)).toBe(deeper));
  it.each<[string, string, number]>([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['B', 'a', -1],
  ])('cmp(%s, %s) = %d (code-unit order)', (a, b, r) => expect(cmp(a, b)).toBe(r));
});

describe('facts are sorted (the planner and the output depend on a stable order)', () => {
  it('by namespace then name, roles and bindings and workloads by kind first', () => {
    const f = factsFromObjects('c1', [
      ns('b'),
      ns('a'),
      pod({ name: 'z', namespace: 'a' }),
      pod({ name: 'y', namespace: 'b' }),
      pod({ name: 'x', namespace: 'b' }),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'a', namespace: 'z' },
      },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'b' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'a', namespace: 'b' },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'a', namespace: 'z' },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'z' },
      },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'a', namespace: 'a' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b', namespace: 'b' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'b' } },
    ]);
    expect(f.namespaces.map((n) => n.name)).toStrictEqual(['a', 'b']);
    expect(f.pods.map((p) => `${p.namespace}/${p.name}`)).toStrictEqual(['a/z', 'b/x', 'b/y']);
    expect(f.roles.map((r) => `${r.kind}:${r.namespace ?? ''}/${r.name}`)).toStrictEqual([
      'ClusterRole:/b',
      'Role:b/a',
      'Role:z/a',
    ]);
    expect(f.bindings.map((r) => `${r.kind}:${r.name}`)).toStrictEqual([
      'ClusterRoleBinding:z',
      'RoleBinding:a',
    ]);
    expect(f.workloads.map((w) => `${w.kind}:${w.namespace}/${w.name}`)).toStrictEqual([
      'Deployment:b/a',
      'Deployment:b/b',
      'StatefulSet:a/a',
    ]);
  });
});

describe('every list is sorted by namespace, then name', () => {
  const o = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject => ({
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });
  // Read in reverse order: b/a, a/b, a/a (namespaced) or b, a (cluster-scoped).
  const namespaced = (apiVersion: string, kind: string) => [
    o(apiVersion, kind, 'a', 'b'),
    o(apiVersion, kind, 'b', 'a'),
    o(apiVersion, kind, 'a', 'a'),
  ];
  const keys = (l: { namespace?: string; name: string }[]) =>
    l.map((x) => (x.namespace === undefined ? x.name : `${x.namespace}/${x.name}`));
  it.each<[string, KubeObject[], (f: ClusterFacts) => { namespace?: string; name: string }[]]>([
    ['PersistentVolumeClaim', namespaced('v1', 'PersistentVolumeClaim'), (f) => f.pvcs],
    ['ServiceAccount', namespaced('v1', 'ServiceAccount'), (f) => f.serviceAccounts],
    [
      'NetworkPolicy',
      namespaced('networking.k8s.io/v1', 'NetworkPolicy'),
      (f) => f.networkPolicies,
    ],
    [
      'EgressNetworkPolicy',
      namespaced('network.openshift.io/v1', 'EgressNetworkPolicy'),
      (f) => f.egressNetworkPolicies,
    ],
    ['EgressFirewall', namespaced('k8s.ovn.org/v1', 'EgressFirewall'), (f) => f.egressFirewalls],
    ['ImageStream', namespaced('image.openshift.io/v1', 'ImageStream'), (f) => f.imageStreams],
    ['RoleBinding', namespaced('rbac.authorization.k8s.io/v1', 'RoleBinding'), (f) => f.bindings],
  ])('%s', (_, objects, list) =>
    expect(keys(list(factsFromObjects('c1', objects)))).toStrictEqual(['a/a', 'a/b', 'b/a']),
  );
  it.each<[string, KubeObject[], (f: ClusterFacts) => { name: string }[]]>([
    [
      'PersistentVolume',
      [o('v1', 'PersistentVolume', 'b'), o('v1', 'PersistentVolume', 'a')],
      (f) => f.pvs,
    ],
    [
      'StorageClass',
      [o('storage.k8s.io/v1', 'StorageClass', 'b'), o('storage.k8s.io/v1', 'StorageClass', 'a')],
      (f) => f.storageClasses,
    ],
    [
      'SecurityContextConstraints',
      [
        o('security.openshift.io/v1', 'SecurityContextConstraints', 'b'),
        o('security.openshift.io/v1', 'SecurityContextConstraints', 'a'),
      ],
      (f) => f.sccs,
    ],
    ['Namespace', [o('v1', 'Namespace', 'b'), o('v1', 'Namespace', 'a')], (f) => f.namespaces],
  ])('%s', (_, objects, list) =>
    expect(list(factsFromObjects('c1', objects)).map((x) => x.name)).toStrictEqual(['a', 'b']),
  );
});

describe('mergeFacts: parts of one cluster read separately', () => {
  const part = (objects: KubeObject[], extra: Partial<ClusterFacts> = {}): ClusterFacts => ({
    ...factsFromObjects('c1', objects),
    ...extra,
  });
  it('first Namespace of a name wins; lists are joined and sorted; last singleton wins', () => {
    const m = mergeFacts('c1', [
      part([ns('b', { labels: { from: 'first' } }), pod({ name: 'q' })], {
        registryRoute: 'r1',
        version: '4.10.0',
        unreadable: ['pods'],
        workloadsListed: true,
      }),
      part([ns('b', { labels: { from: 'second' } }), ns('a'), pod({ name: 'p' })], {
        registryRoute: 'r2',
        networkType: 'OVNKubernetes',
        unreadable: ['routes', 'pods'],
      }),
    ]);
    expect(m.cluster).toBe('c1');
    expect(m.namespaces).toStrictEqual([
      { name: 'a', labels: {}, annotations: {} },
      { name: 'b', labels: { from: 'first' }, annotations: {} },
    ]);
    expect(m.pods.map((p) => p.name)).toStrictEqual(['p', 'q']);
    expect(m.registryRoute).toBe('r2');
    expect(m.version).toBe('4.10.0');
    expect(m.networkType).toBe('OVNKubernetes');
    expect(m.unreadable).toStrictEqual(['pods', 'routes']);
    expect(m.workloadsListed).toBe(true);
  });
  it.each<[string, (boolean | undefined)[], boolean | undefined]>([
    ['no part says', [undefined, undefined], undefined],
    ['all listed', [true, true], true],
    ['one part could not list', [true, false], false],
    ['a part that says nothing does not count', [undefined, false], false],
  ])('workloadsListed: %s', (_, listed, out) =>
    expect(
      mergeFacts(
        'c1',
        listed.map((w) =>
          w === undefined ? emptyFacts('c1') : { ...emptyFacts('c1'), workloadsListed: w },
        ),
      ).workloadsListed,
    ).toBe(out),
  );
  it('every list is carried over', () => {
    const all: KubeObject[] = [
      pod({}),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c', namespace: 'app' },
      },
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' } },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 's', namespace: 'app' } },
      {
        apiVersion: 'security.openshift.io/v1',
        kind: 'SecurityContextConstraints',
        metadata: { name: 's' },
      },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'b' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'n', namespace: 'app' },
      },
      {
        apiVersion: 'network.openshift.io/v1',
        kind: 'EgressNetworkPolicy',
        metadata: { name: 'e', namespace: 'app' },
      },
      {
        apiVersion: 'k8s.ovn.org/v1',
        kind: 'EgressFirewall',
        metadata: { name: 'f', namespace: 'app' },
      },
      {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'i', namespace: 'app' },
      },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'app' } },
    ];
    const m = mergeFacts('c1', [emptyFacts('c1'), part(all)]);
    const sizes = (f: ClusterFacts) =>
      [
        f.pods,
        f.pvcs,
        f.pvs,
        f.storageClasses,
        f.serviceAccounts,
        f.sccs,
        f.roles,
        f.bindings,
        f.networkPolicies,
        f.egressNetworkPolicies,
        f.egressFirewalls,
        f.imageStreams,
        f.workloads,
      ].map((l) => l.length);
    expect(sizes(m)).toStrictEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
