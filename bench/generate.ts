import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';

export interface SyntheticSize {
  namespaces: number;
  pvcsPerNamespace: number;
  podsPerNamespace: number;
  sccGrants: number;
  /**
   * OpenShift's defaults in every namespace (ServiceAccounts builder and deployer, RoleBindings
   * system:image-pullers, system:image-builders, system:deployers and admin) and 1,000 ClusterRoleBindings.
   */
  realisticRbac?: boolean;
  /** One plan that selects every namespace and splits automatically, instead of explicit plans of 10. */
  split?: boolean;
}

export const LARGE: SyntheticSize = {
  namespaces: 500,
  pvcsPerNamespace: 10,
  podsPerNamespace: 40,
  sccGrants: 200,
};

const list = (items: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: '' },
  items,
});
const dump = (v: unknown) => jsYaml.dump(v, { lineWidth: -1, noRefs: true });
const storageClass = (name: string, provisioner: string, isDefault = false) => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: isDefault
    ? { name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }
    : { name },
  provisioner,
});
const clusterVersion = (version: string) => ({
  apiVersion: 'config.openshift.io/v1',
  kind: 'ClusterVersion',
  metadata: { name: 'version' },
  status: { desired: { version } },
});
const roleBinding = (
  namespace: string,
  name: string,
  clusterRole: string,
  subjects: unknown[],
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
  subjects,
});
const nsName = (i: number) => `app-${String(i).padStart(4, '0')}`;

/**
 * Writes a synthetic source and target cluster as `oc get -o yaml` Lists, and a spec migrating every
 * namespace in plans of 10 (MTC's namespace limit). Returns the spec path.
 */
export function generateLargeCluster(
  dir: string,
  size: SyntheticSize = LARGE,
  format: 'yaml' | 'json' = 'yaml',
): string {
  // `oc get -o yaml` or `oc get -o json`: the snapshot reader takes either, by extension.
  const write = (folder: string, name: string, value: unknown) =>
    writeFileSync(
      join(folder, `${name}.${format}`),
      format === 'json' ? JSON.stringify(value, null, 4) : dump(value),
    );
  const src = join(dir, 'clusters', 'src');
  const dst = join(dir, 'clusters', 'dst');
  mkdirSync(src, { recursive: true });
  mkdirSync(dst, { recursive: true });
  const namespaces = [];
  const pvcs = [];
  const pvs = [];
  const pods = [];
  const sas = [];
  const defaultBindings: unknown[] = [];
  for (let n = 0; n < size.namespaces; n++) {
    const ns = nsName(n);
    namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        annotations: { 'openshift.io/sa.scc.uid-range': `${1000000000 + n * 10000}/10000` },
        labels: { 'kubernetes.io/metadata.name': ns },
      },
      status: { phase: 'Active' },
    });
    sas.push(
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: ns } },
    );
    if (size.realisticRbac) {
      sas.push(
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: ns } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'deployer', namespace: ns } },
      );
      defaultBindings.push(
        roleBinding(ns, 'system:image-pullers', 'system:image-puller', [
          { kind: 'Group', name: `system:serviceaccounts:${ns}` },
        ]),
        roleBinding(ns, 'system:image-builders', 'system:image-builder', [
          { kind: 'ServiceAccount', name: 'builder', namespace: ns },
        ]),
        roleBinding(ns, 'system:deployers', 'system:deployer', [
          { kind: 'ServiceAccount', name: 'deployer', namespace: ns },
        ]),
        roleBinding(ns, 'admin', 'admin', [{ kind: 'User', name: `owner-${n}` }]),
      );
    }
    for (let c = 0; c < size.pvcsPerNamespace; c++) {
      const claim = `data-${c}`;
      const pv = `pvc-${n.toString(16).padStart(8, '0')}-${c.toString(16).padStart(4, '0')}-4000-8000-000000000000`;
      const sc = c % 3 === 0 ? 'nfs-client' : 'rook-ceph-block';
      pvcs.push({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claim, namespace: ns, uid: `${ns}-${claim}` },
        spec: {
          accessModes: [c % 3 === 0 ? 'ReadWriteMany' : 'ReadWriteOnce'],
          resources: { requests: { storage: `${1 + (c % 20)}Gi` } },
          storageClassName: sc,
          volumeMode: 'Filesystem',
          volumeName: pv,
        },
        status: { phase: 'Bound' },
      });
      pvs.push({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pv },
        spec: {
          accessModes: [c % 3 === 0 ? 'ReadWriteMany' : 'ReadWriteOnce'],
          capacity: { storage: `${1 + (c % 20)}Gi` },
          claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: claim },
          storageClassName: sc,
          volumeMode: 'Filesystem',
          ...(c % 3 === 0
            ? { nfs: { server: 'nfs.example.com', path: `/exports/${ns}/${claim}` } }
            : { csi: { driver: 'rook-ceph.rbd.csi.ceph.com', volumeHandle: pv } }),
        },
        status: { phase: 'Bound' },
      });
    }
    for (let p = 0; p < size.podsPerNamespace; p++) {
      const claim =
        p < size.pvcsPerNamespace
          ? [{ name: 'data', persistentVolumeClaim: { claimName: `data-${p}` } }]
          : [];
      // About 300 bytes per pod, like the 6 MB / 20,000-pod List the design's measurements used.
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `web-${p}-x7k2p`,
          namespace: ns,
          ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5f7d8c9b6', controller: true }],
        },
        spec: { serviceAccountName: p % 2 ? 'app' : 'default', volumes: claim },
        status: { phase: 'Running' },
      });
    }
  }
  const scc = (name: string, users: string[]) => ({
    apiVersion: 'security.openshift.io/v1',
    kind: 'SecurityContextConstraints',
    metadata: { name },
    users,
    groups: [],
    allowHostDirVolumePlugin: false,
    allowHostIPC: false,
    allowHostNetwork: false,
    allowHostPID: false,
    allowHostPorts: false,
    allowPrivilegedContainer: false,
    readOnlyRootFilesystem: false,
    priority: null,
    runAsUser: { type: 'RunAsAny' },
    seLinuxContext: { type: 'MustRunAs' },
  });
  const grants = Array.from({ length: size.sccGrants }, (_, i) =>
    nsName((i * 7) % size.namespaces),
  );
  const half = Math.floor(grants.length / 2);
  const rbac = grants.slice(half).flatMap((ns, i) => [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `scc-nonroot-${i}`, namespace: ns },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:openshift:scc:nonroot',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: ns }],
    },
  ]);
  // Cluster-wide bindings of users, groups and operators' ServiceAccounts, as a long-lived cluster collects them.
  const clusterBindings = size.realisticRbac
    ? Array.from({ length: 1000 }, (_, i) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `crb-${i}` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: i % 3 ? 'view' : 'cluster-reader',
        },
        subjects: [
          i % 3 === 0
            ? { kind: 'Group', name: `team-${i}` }
            : i % 3 === 1
              ? { kind: 'User', name: `user-${i}` }
              : { kind: 'ServiceAccount', name: `operator-${i}`, namespace: 'openshift-operators' },
        ],
      }))
    : [];
  const sccs = [
    scc(
      'anyuid',
      grants.slice(0, half).map((ns) => `system:serviceaccount:${ns}:app`),
    ),
    scc('nonroot', []),
    scc('restricted', []),
    scc('privileged', ['system:admin']),
  ];
  write(src, 'namespaces', list(namespaces));
  write(src, 'pvcs', list(pvcs));
  write(src, 'pvs', list(pvs));
  write(src, 'pods', list(pods));
  write(src, 'rbac', list([...sas, ...sccs, ...rbac, ...defaultBindings, ...clusterBindings]));
  write(
    src,
    'storage',
    list([
      storageClass('rook-ceph-block', 'rook-ceph.rbd.csi.ceph.com', true),
      storageClass('nfs-client', 'k8s-sigs.io/nfs-subdir-external-provisioner'),
      clusterVersion('4.10.3'),
    ]),
  );
  write(
    dst,
    'cluster',
    list([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-migration' } },
      storageClass('ocs-storagecluster-ceph-rbd', 'openshift-storage.rbd.csi.ceph.com', true),
      storageClass('ocs-storagecluster-cephfs', 'openshift-storage.cephfs.csi.ceph.com'),
      clusterVersion('4.14.3'),
      scc('anyuid', []),
      scc('nonroot', []),
      scc('restricted', []),
      scc('privileged', []),
    ]),
  );
  const plans = [];
  for (let p = 0; p * 10 < size.namespaces; p++) {
    plans.push({
      name: `wave-${String(p + 1).padStart(2, '0')}`,
      source: 'src',
      target: 'dst',
      images: 'indirect',
      namespaces: Array.from({ length: Math.min(10, size.namespaces - p * 10) }, (_, i) =>
        nsName(p * 10 + i),
      ),
      migrations: [
        { name: 'stage-1', type: 'stage' },
        { name: 'cutover', type: 'cutover', quiescePods: true },
      ],
    });
  }
  const split = {
    name: 'wave',
    source: 'src',
    target: 'dst',
    images: 'indirect',
    select: { names: ['app-*'] },
    split: { mode: 'auto' },
    migrations: plans[0]?.migrations ?? [],
  };
  const spec = {
    apiVersion: 'migplan.dev/v1alpha1',
    kind: 'Migration',
    metadata: { name: 'synthetic-large' },
    spec: {
      clusters: {
        src: {
          role: 'source',
          url: 'https://api.src.example.com:6443',
          tokenSecret: 'src-token',
          discovery: { snapshot: 'clusters/src' },
        },
        dst: { role: 'target', host: true, discovery: { snapshot: 'clusters/dst' } },
      },
      replicationRepository: {
        name: 's3',
        provider: 'aws',
        bucket: 'bench-bucket',
        region: 'us-east-1',
        credentialsSecret: 's3-creds',
      },
      controller: { podLimit: 500 },
      plans: size.split ? [split] : plans,
    },
  };
  const specPath = join(dir, 'migration.yaml');
  writeFileSync(specPath, dump(spec));
  return specPath;
}
