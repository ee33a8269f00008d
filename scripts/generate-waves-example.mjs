// Writes the cluster snapshots of examples/waves-many-namespaces: a source cluster with ~50 tenant
// namespaces (and the platform's own), with at least one dependency of each kind the wave split reads.
// Deterministic; run `node scripts/generate-waves-example.mjs` after editing, then `npm run golden:update`.
// Each object is one JSON line inside an `oc get`-style List, which keeps the files small and diffable.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples', 'waves-many-namespaces');
const REGISTRY = 'image-registry.openshift-image-registry.svc:5000';
const created = '2025-01-06T08:00:00Z';

const list = (items) =>
  `apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ''\nitems:\n${items.map((o) => `- ${JSON.stringify(o)}\n`).join('')}`;

const meta = (name, namespace, extra = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  creationTimestamp: created,
  ...extra,
});

const namespace = (name, labels = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: meta(name, undefined, {
    labels: { 'kubernetes.io/metadata.name': name, ...labels },
    annotations: {
      'openshift.io/sa.scc.mcs': 's0:c26,c10',
      'openshift.io/sa.scc.supplemental-groups': '1000670000/10000',
      'openshift.io/sa.scc.uid-range': '1000670000/10000',
    },
  }),
  status: { phase: 'Active' },
});

const pod = (ns, name, { image = `quay.io/example/${name}:1.0`, claims = [] } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta(`${name}-7d9f8-x2k4p`, ns, {
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-7d9f8`, controller: true },
    ],
  }),
  spec: {
    serviceAccountName: 'default',
    containers: [{ name, image }],
    volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
  },
  status: { phase: 'Running', containerStatuses: [{ name, ready: true }] },
});

const volume = (ns, name, size) => {
  const pv = `pvc-${ns}-${name}`;
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(name, ns),
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
        storageClassName: 'gp3-csi',
        volumeMode: 'Filesystem',
        volumeName: pv,
      },
      status: { phase: 'Bound', capacity: { storage: size } },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: meta(pv),
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: size },
        claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name },
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: `vol-${ns}-${name}` },
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'gp3-csi',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    },
  ];
};

const deployment = (ns, name, claims = []) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, ns),
  spec: {
    template: {
      spec: {
        containers: [{ name, image: `quay.io/example/${name}:1.0` }],
        volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
      },
    },
  },
});

const storageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: meta('gp3-csi', undefined, {
    annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
  }),
  provisioner: 'ebs.csi.aws.com',
  volumeBindingMode: 'WaitForFirstConsumer',
};

const cluster = (version) => [
  {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: meta('version'),
    status: { desired: { version }, history: [{ state: 'Completed', version }] },
  },
  {
    apiVersion: 'config.openshift.io/v1',
    kind: 'Network',
    metadata: meta('cluster'),
    spec: { networkType: 'OVNKubernetes' },
    status: { networkType: 'OVNKubernetes' },
  },
];

// --- the source cluster -------------------------------------------------------------------------------------
const migrate = { migrate: '2026-q4' };
const tenants = [];
// 40 ordinary applications: app-01 .. app-40, pods and data varying so waves need balancing.
for (let i = 1; i <= 40; i++) {
  const name = `app-${String(i).padStart(2, '0')}`;
  const pods = 1 + ((i * 7) % 5);
  const gi = [0, 5, 20, 50, 80][(i * 3) % 5];
  tenants.push({ name, labels: { ...migrate, team: `team-${(i % 4) + 1}` }, pods, data: gi });
}
// The shop: api needs db (RoleBinding in shop-db grants shop-api's SA), db admits traffic from the api
// (NetworkPolicy namespaceSelector), web is on its own.
tenants.push(
  { name: 'shop-web', labels: { ...migrate, team: 'shop' }, pods: 3, data: 0 },
  { name: 'shop-api', labels: { ...migrate, team: 'shop', 'shop/tier': 'api' }, pods: 4, data: 0 },
  { name: 'shop-db', labels: { ...migrate, team: 'shop' }, pods: 1, data: 100 },
  // Builds ImageStreams that app-12 and app-13 run from the internal registry.
  { name: 'builds', labels: { ...migrate, team: 'platform' }, pods: 0, data: 0 },
  // ledger-api reaches ledger-core through an ExternalName Service.
  { name: 'ledger-api', labels: { ...migrate, team: 'ledger' }, pods: 2, data: 0 },
  { name: 'ledger-core', labels: { ...migrate, team: 'ledger' }, pods: 2, data: 30 },
  // A cycle: each grants the other's service account.
  { name: 'cyc-a', labels: { ...migrate, team: 'cyc' }, pods: 1, data: 0 },
  { name: 'cyc-b', labels: { ...migrate, team: 'cyc' }, pods: 1, data: 0 },
  // Labelled, but excluded: by the sandbox tier (matchExpressions) and by name (exclude glob).
  { name: 'app-sandbox', labels: { ...migrate, tier: 'sandbox' }, pods: 1, data: 0 },
  { name: 'perf-scratch', labels: { ...migrate }, pods: 1, data: 0 },
);
const others = [
  // Not labelled: stays. legacy-tools is granted access by app-20, which is not a dependency (not selected).
  { name: 'legacy-tools', labels: {}, pods: 1, data: 0 },
  // System namespaces carry the label too (someone labelled everything): never selected by labels.
  {
    name: 'openshift-monitoring',
    labels: { ...migrate, 'openshift.io/cluster-monitoring': 'true' },
  },
  { name: 'kube-system', labels: { ...migrate } },
  { name: 'default', labels: { ...migrate } },
  { name: 'openshift', labels: {} },
];

const nsObjects = [...tenants, ...others].map((t) => namespace(t.name, t.labels));
const podObjects = [];
const storage = [storageClass];
const workloads = [];
for (const t of tenants) {
  const claims = t.data ? ['data'] : [];
  if (t.data) storage.push(...volume(t.name, 'data', `${t.data}Gi`));
  for (let p = 0; p < t.pods; p++) {
    const name = p === 0 ? 'main' : `worker-${p}`;
    const image =
      (t.name === 'app-12' || t.name === 'app-13') && p === 0
        ? `${REGISTRY}/builds/base@sha256:4f2d6c1e0b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c`
        : undefined;
    podObjects.push(
      pod(t.name, name, { ...(image ? { image } : {}), claims: p === 0 ? claims : [] }),
    );
  }
  if (t.pods) workloads.push(deployment(t.name, 'main', claims));
}
for (const o of others.filter((x) => x.pods)) podObjects.push(pod(o.name, 'main'));

const roleBinding = (ns, name, role, subjects) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta(name, ns),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});
const sa = (ns, name) => ({ kind: 'ServiceAccount', name, namespace: ns });
const rbac = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta('view'),
    rules: [{ apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['get', 'list'] }],
  },
  roleBinding('shop-db', 'api-reads-db-config', 'view', [sa('shop-api', 'default')]),
  roleBinding('cyc-a', 'b-reads-a', 'view', [sa('cyc-b', 'default')]),
  roleBinding('cyc-b', 'a-reads-b', 'view', [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts:cyc-a' },
  ]),
  roleBinding('app-20', 'tools-read', 'view', [sa('legacy-tools', 'default')]),
  // Every namespace's own: not a dependency.
  ...tenants.map((t) => roleBinding(t.name, 'admin', 'admin', [sa(t.name, 'default')])),
  ...tenants.map((t) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta('default', t.name),
  })),
];

const networkPolicy = (ns, name, spec) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta(name, ns),
  spec: { podSelector: {}, policyTypes: ['Ingress'], ...spec },
});
const network = [
  networkPolicy('shop-db', 'allow-from-shop-api', {
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'shop/tier': 'api' } } }] }],
  }),
  // Admits every namespace: not a dependency (it would tie everything together).
  networkPolicy('app-05', 'allow-all-namespaces', {
    ingress: [{ from: [{ namespaceSelector: {} }] }],
  }),
  // Admits the monitoring stack, which is not migrated: not a dependency either.
  networkPolicy('app-06', 'allow-monitoring', {
    ingress: [
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'openshift-monitoring' },
            },
          },
        ],
      },
    ],
  }),
];

const images = [
  {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: meta('base', 'builds'),
    status: {
      dockerImageRepository: `${REGISTRY}/builds/base`,
      tags: [
        {
          tag: '1.0',
          items: [
            {
              dockerImageReference: `${REGISTRY}/builds/base@sha256:4f2d6c1e0b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c`,
            },
          ],
        },
      ],
    },
  },
];

const services = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('ledger', 'ledger-api'),
    spec: { type: 'ExternalName', externalName: 'ledger.ledger-core.svc.cluster.local' },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('ledger', 'ledger-core'),
    spec: { type: 'ClusterIP', ports: [{ port: 8080 }], selector: { app: 'ledger' } },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('payments', 'shop-api'),
    // Outside the cluster: not a dependency.
    spec: { type: 'ExternalName', externalName: 'payments.example.com' },
  },
];

const write = (dir, file, items) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), list(items));
};
const src = join(example, 'clusters', 'dc-old');
write(src, 'cluster.yaml', cluster('4.14.20'));
write(src, 'namespaces.yaml', nsObjects);
write(src, 'pods.yaml', podObjects);
write(src, 'storage.yaml', storage);
write(src, 'workloads.yaml', workloads);
write(src, 'rbac.yaml', rbac);
write(src, 'network.yaml', [...network, ...services]);
write(src, 'images.yaml', images);

// --- the target cluster: empty of tenants ---------------------------------------------------------------------
const dst = join(example, 'clusters', 'dc-new');
write(dst, 'cluster.yaml', cluster('4.16.8'));
write(
  dst,
  'namespaces.yaml',
  ['default', 'kube-system', 'openshift', 'openshift-migration'].map((n) => namespace(n)),
);
write(dst, 'storage.yaml', [storageClass]);
write(dst, 'workloads.yaml', []);

// Built-in SCCs as OCP 4 ships them, from the storage-class-conversion example's recording.
const scc = join(root, 'examples', 'storage-class-conversion', 'clusters', 'ocp4', 'security.yaml');
copyFileSync(scc, join(src, 'security.yaml'));
copyFileSync(scc, join(dst, 'security.yaml'));
// API discovery of an OCP 4 cluster serving every kind recorded here (the other examples' recording), so the
// target compatibility check (issue 16) compares the kinds and finds nothing to say.
const apis = join(
  root,
  'examples',
  'storage-class-conversion',
  'clusters',
  'ocp4',
  'api-discovery.yaml',
);
copyFileSync(apis, join(src, 'api-discovery.yaml'));
copyFileSync(apis, join(dst, 'api-discovery.yaml'));
