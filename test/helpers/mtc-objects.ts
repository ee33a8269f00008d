import type { KubeManifest, Manifest } from '../../src/render/types.js';
import type { VerifyContext } from '../../src/verify/verify.js';

/**
 * Builders of the MTC objects the admission-check tests feed to verify() (test/verify.test.ts,
 * test/verify-mtc.rows.table.test.ts): MigCluster, MigStorage, MigPlan, MigMigration, MigHook, each placed on
 * a cluster of the plan.
 */

export const NS = 'openshift-migration';
export const ctx: VerifyContext = {
  migrationNamespace: NS,
  hostMigCluster: 'host',
  namespaceLimit: 10,
};

export type O = Record<string, unknown>;

/** A migration.openshift.io object; no spec when `spec` is undefined, cluster-scoped when `namespace` is null. */
export const mig = (
  kind: string,
  name: string,
  spec: O | undefined,
  namespace: string | null = NS,
) =>
  ({
    apiVersion: 'migration.openshift.io/v1alpha1',
    kind,
    metadata: namespace === null ? { name } : { name, namespace },
    ...(spec === undefined ? {} : { spec }),
  }) as KubeManifest;

/** An object on the host cluster in the plans group, unless `extra` says otherwise. */
export const on = (object: KubeManifest, extra: Partial<Manifest> = {}): Manifest => ({
  cluster: 'host',
  group: 'plans',
  object,
  ...extra,
});

export const ref = (name: string, namespace = NS) => ({ name, namespace });

/** A MigMigration of plan `planName`, in the migration group at `order`. */
export const migration = (name: string, spec: O, order = 0, planName = 'p'): Manifest =>
  on(mig('MigMigration', name, { migPlanRef: ref(planName), ...spec }), {
    group: 'migration',
    migration: { plan: planName, step: name, order, file: '' },
  });

/** A custom-image MigHook run on the source cluster. */
export const hook = (spec: O = {}, name = 'h') =>
  mig('MigHook', name, {
    custom: true,
    image: 'quay.io/konveyor/hook-runner:latest',
    targetCluster: 'source',
    ...spec,
  });

/** An entry of MigPlan spec.hooks naming MigHook h. */
export const planHook = (h: O = {}) => ({
  reference: ref('h'),
  phase: 'PreBackup',
  serviceAccount: 'sa',
  executionNamespace: 'app',
  ...h,
});

/** What the builders of mtcObjects() put in an object when the caller does not say. */
export interface MtcDefaults {
  /** spec.url of a remote MigCluster. */
  url?: (cluster: string) => string;
  /** awsBucketName of the default MigStorage. */
  bucket?: string;
  /** Fields of each PV's pvc besides namespace and name. */
  claim?: O;
}

/** The builders whose defaults a test file chooses (see MtcDefaults). */
export function mtcObjects({
  url = (name) => `https://api.${name}.example.com:6443`,
  bucket = 'bucket',
  claim = {},
}: MtcDefaults = {}) {
  /** A remote MigCluster (isHostCluster false) with a URL, a token Secret and a registry route unless overridden. */
  const remote = (name: string, spec: O = {}) =>
    mig('MigCluster', name, {
      isHostCluster: false,
      url: url(name),
      serviceAccountSecretRef: { name: `${name}-token`, namespace: 'openshift-config' },
      ...spec,
    });
  const storage = (spec: O = {}, name = 's3') =>
    mig('MigStorage', name, {
      backupStorageProvider: 'aws',
      backupStorageConfig: { credsSecretRef: ref('creds'), awsBucketName: bucket },
      ...spec,
    });
  /** A PV of MigPlan spec.persistentVolumes; `pvc` may be "name:mapped-name"; no `supported` when it is null. */
  const pv = (ns: string, pvc: string, selection: O = {}, supported: O | null = {}) => ({
    name: `pv-${ns}-${pvc.split(':')[0]}`,
    ...(supported === null
      ? {}
      : {
          supported: {
            actions: ['skip', 'copy'],
            copyMethods: ['filesystem', 'block', 'snapshot'],
            ...supported,
          },
        }),
    selection: { action: 'copy', copyMethod: 'filesystem', storageClass: 'gp3', ...selection },
    pvc: { namespace: ns, name: pvc, ...claim },
  });
  /** Cross-cluster src -> host, indirect images, storage s3: a namespace migration the controller accepts. */
  const plan = (spec: O = {}, name = 'p') =>
    mig('MigPlan', name, {
      srcMigClusterRef: ref('src'),
      destMigClusterRef: ref('host'),
      migStorageRef: ref('s3'),
      namespaces: ['app'],
      indirectImageMigration: true,
      indirectVolumeMigration: false,
      persistentVolumes: [pv('app', 'data')],
      ...spec,
    });
  /** Intra-cluster on the host, no namespace mapped, no flags, no storage: a storage conversion. */
  const conversion = (spec: O = {}, name = 'p') =>
    plan(
      {
        srcMigClusterRef: ref('host'),
        migStorageRef: undefined,
        indirectImageMigration: false,
        ...spec,
      },
      name,
    );
  /** The remote source cluster and the storage every plan row uses, then the given objects (on host unless placed). */
  const world = (...objects: (KubeManifest | Manifest)[]): Manifest[] => [
    on(remote('src')),
    on(storage()),
    ...objects.map((o) => ('object' in o ? (o as Manifest) : on(o))),
  ];
  return { remote, storage, pv, plan, conversion, world };
}
