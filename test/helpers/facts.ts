import { factsFromObjects, type KubeObject } from '../../src/resolve/facts-from-objects.js';
import type { ClusterFacts } from '../../src/resolve/cluster-facts.js';
import type { Spec } from '../../src/spec/spec.js';

/** Small builders for hand-made cluster state in unit tests. */
export const k = {
  ns: (name: string, annotations: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, annotations },
  }),
  sc: (name: string, provisioner: string, isDefault = false): KubeObject => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
    },
    provisioner,
  }),
  /** A bound PVC and its PV. `source` is the PV's volume source, e.g. { csi: { driver } }. */
  volume: (
    ns: string,
    name: string,
    opts: {
      sc?: string;
      size?: string;
      modes?: string[];
      volumeMode?: string;
      source?: Record<string, unknown>;
      phase?: string;
    } = {},
  ): KubeObject[] => {
    const pvName = `pv-${ns}-${name}`;
    const modes = opts.modes ?? ['ReadWriteOnce'];
    const phase = opts.phase ?? 'Bound';
    return [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, namespace: ns },
        spec: {
          accessModes: modes,
          storageClassName: opts.sc,
          volumeName: phase === 'Bound' ? pvName : undefined,
          volumeMode: opts.volumeMode ?? 'Filesystem',
          resources: { requests: { storage: opts.size ?? '1Gi' } },
        },
        status: { phase },
      },
      ...(phase === 'Bound'
        ? [
            {
              apiVersion: 'v1',
              kind: 'PersistentVolume',
              metadata: { name: pvName },
              spec: {
                accessModes: modes,
                capacity: { storage: opts.size ?? '1Gi' },
                storageClassName: opts.sc,
                claimRef: { namespace: ns, name },
                volumeMode: opts.volumeMode ?? 'Filesystem',
                ...(opts.source ?? { csi: { driver: 'x.csi.example.com' } }),
              },
              status: { phase: 'Bound' },
            },
          ]
        : []),
    ];
  },
  pod: (
    ns: string,
    name: string,
    opts: {
      sa?: string;
      claims?: string[];
      nodeSelector?: Record<string, string>;
      phase?: string;
      ready?: boolean;
    } = {},
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-rs`, controller: true },
      ],
    },
    spec: {
      serviceAccountName: opts.sa ?? 'default',
      nodeSelector: opts.nodeSelector,
      volumes: (opts.claims ?? []).map((c) => ({
        name: c,
        persistentVolumeClaim: { claimName: c },
      })),
    },
    status: {
      phase: opts.phase ?? 'Running',
      containerStatuses: [{ name: 'c', ready: opts.ready ?? true }],
    },
  }),
  sa: (ns: string, name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
  }),
  scc: (name: string, users: string[] = [], groups: string[] = []): KubeObject => ({
    apiVersion: 'security.openshift.io/v1',
    kind: 'SecurityContextConstraints',
    metadata: { name },
    users,
    groups,
    allowHostDirVolumePlugin: false,
    allowHostIPC: false,
    allowHostNetwork: false,
    allowHostPID: false,
    allowHostPorts: false,
    allowPrivilegedContainer: false,
    readOnlyRootFilesystem: false,
  }),
  clusterRole: (name: string, rules: Record<string, string[]>[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  }),
  roleBinding: (
    ns: string,
    name: string,
    role: string,
    subjects: Record<string, string>[],
  ): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { kind: 'ClusterRole', name: role },
    subjects,
  }),
  version: (v: string): KubeObject => ({
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: { name: 'version' },
    status: { desired: { version: v } },
  }),
  imageStream: (ns: string, name: string, internal: boolean): KubeObject => ({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: ns },
    status: {
      dockerImageRepository: `image-registry.openshift-image-registry.svc:5000/${ns}/${name}`,
      tags: [
        {
          tag: 'latest',
          items: [
            {
              dockerImageReference: internal
                ? `image-registry.openshift-image-registry.svc:5000/${ns}/${name}@sha256:1`
                : `quay.io/x/${name}@sha256:1`,
            },
          ],
        },
      ],
    },
  }),
  registryRoute: (host: string): KubeObject => ({
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: 'default-route', namespace: 'openshift-image-registry' },
    spec: { host },
  }),
};

export function facts(cluster: string, objects: (KubeObject | KubeObject[])[]): ClusterFacts {
  return factsFromObjects(cluster, objects.flat());
}

/** A minimal valid spec: src (remote) → dst (host), one plan over `namespaces`. */
export function specWith(
  plan: Partial<Spec['spec']['plans'][number]> = {},
  extra: Partial<Spec['spec']> = {},
): Spec {
  return {
    apiVersion: 'migplan.dev/v1alpha1',
    kind: 'Migration',
    metadata: { name: 'unit' },
    spec: {
      clusters: {
        src: { role: 'source', url: 'https://api.src:6443', tokenSecret: 'src-token' },
        dst: { role: 'target', host: true },
      },
      replicationRepository: {
        name: 's3',
        provider: 'aws',
        bucket: 'bucket',
        region: 'us-east-1',
        credentialsSecret: 'creds',
      },
      plans: [
        {
          name: 'unit-plan',
          source: 'src',
          target: 'dst',
          namespaces: ['app'],
          images: 'indirect',
          ...plan,
        },
      ],
      ...extra,
    },
  };
}
