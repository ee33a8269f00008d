import { describe, expect, it } from 'vitest';
import type { KubeManifest } from '../src/render/types.js';
import { verify } from '../src/verify/verify.js';
import {
  ctx,
  hook,
  mig,
  migration,
  mtcObjects,
  NS,
  on,
  planHook,
  ref,
  type O,
} from './helpers/mtc-objects.js';
import { fired, rowsOf, type VerifyRow } from './helpers/verify-fired.js';

/**
 * The MTC half of the admission check (src/verify/rules/mtc.ts, mtc-model.ts, world.ts, verify.ts), row by row.
 * Every expected value is read off the upstream rule named in the row, migtools/mig-controller @3acf3578:
 *   migcluster/validation.go validateURL, validateSaSecret;
 *   migstorage/validation.go validateBackupStorage, validateVolumeSnapshotStorage; cloudprovider/{aws,azure,gcp}.go Validate;
 *   migplan/validation.go validateSourceCluster, validateDestinationCluster, validatePossibleMigrationTypes,
 *     validateStorage, validateNamespaces, validateSourceNamespaces, validateDestinationNamespaces, validateConflict,
 *     validatePvSelections, validateHooks; apis/migration/v1alpha1 migplan_types.go (IsIntraCluster, HasConflict,
 *     GetNamespaceMapping), migcluster_types.go GetRegistryPath, model.go ListPlans;
 *   migmigration/validation.go validatePlan, validateMigrationType, validateFinalMigration;
 *   mighook/validation.go + regexp.go; directvolumemigration/validation.go validatePVCs.
 * A row lists every condition the objects would get (`want`), unless `some` says the port reports more than the
 * controller, which stops at its first finding; then only the listed ones are required.
 */

const MTC = 'migtools/mig-controller@3acf3578 ';

const { remote, storage, pv, plan, conversion, world } = mtcObjects();

/** The code of each MTC controller (docs/diagnostics.md MP7001-MP7005). */
const CODE: Record<string, string> = {
  MigCluster: 'MP7001',
  MigStorage: 'MP7002',
  MigPlan: 'MP7003',
  MigMigration: 'MP7004',
  MigHook: 'MP7005',
};

/** Category and upstream function of each condition, from the controller source. */
const CONDITION: Record<string, [category: string, upstream: string]> = {
  'MigCluster/InvalidURL': ['Critical', 'pkg/controller/migcluster/validation.go validateURL'],
  'MigCluster/InvalidSaSecretRef': [
    'Critical',
    'pkg/controller/migcluster/validation.go validateSaSecret',
  ],
  'MigStorage/InvalidBackupStorageProvider': [
    'Critical',
    'pkg/controller/migstorage/validation.go validateBackupStorage',
  ],
  'MigStorage/InvalidBackupStorageCredsSecretRef': [
    'Critical',
    'pkg/controller/migstorage/validation.go validateBackupStorage',
  ],
  'MigStorage/InvalidBackupStorageSettings': [
    'Critical',
    'pkg/cloudprovider/{aws,azure,gcp}.go Validate (BackupStorage role)',
  ],
  'MigStorage/InvalidVolumeSnapshotProvider': [
    'Critical',
    'pkg/controller/migstorage/validation.go validateVolumeSnapshotStorage',
  ],
  'MigStorage/InvalidVolumeSnapshotCredsSecretRef': [
    'Critical',
    'pkg/controller/migstorage/validation.go validateVolumeSnapshotStorage',
  ],
  'MigStorage/InvalidVolumeSnapshotSettings': [
    'Critical',
    'pkg/cloudprovider/{aws,azure,gcp}.go Validate (VolumeSnapshot role)',
  ],
  'MigPlan/InvalidSourceClusterRef': [
    'Critical',
    'pkg/controller/migplan/validation.go validateSourceCluster',
  ],
  'MigPlan/InvalidDestinationClusterRef': [
    'Critical',
    'pkg/controller/migplan/validation.go validateDestinationCluster',
  ],
  'MigPlan/SourceClusterNoRegistryPath': [
    'Critical',
    'pkg/controller/migplan/validation.go validateSourceCluster, setMigrationType',
  ],
  'MigPlan/DestinationClusterNoRegistryPath': [
    'Critical',
    'pkg/controller/migplan/validation.go validateDestinationCluster, setMigrationType',
  ],
  'MigPlan/IntraClusterMigration': [
    'Critical',
    'pkg/controller/migplan/validation.go validatePossibleMigrationTypes',
  ],
  'MigPlan/InvalidStorageRef': ['Critical', 'pkg/controller/migplan/validation.go validateStorage'],
  'MigPlan/NamespaceListEmpty': [
    'Critical',
    'pkg/controller/migplan/validation.go validateNamespaces',
  ],
  'MigPlan/NamespaceLimitExceeded': [
    'Critical',
    'pkg/controller/migplan/validation.go validateNamespaces',
  ],
  'MigPlan/DuplicateNamespaceOnSourceCluster': [
    'Critical',
    'pkg/controller/migplan/validation.go validateSourceNamespaces, listDuplicateNamespaces',
  ],
  'MigPlan/DuplicateNamespaceOnDestinationCluster': [
    'Critical',
    'pkg/controller/migplan/validation.go validateDestinationNamespaces, listDuplicateNamespaces',
  ],
  'MigPlan/NamespaceNotDNSCompliant': [
    'Critical',
    'pkg/controller/migplan/validation.go validateDestinationNamespaces (validation.IsDNS1123Label)',
  ],
  'MigPlan/PlanConflict': [
    'Error',
    'pkg/apis/migration/v1alpha1/migplan_types.go HasConflict (validateConflict)',
  ],
  'MigPlan/PvInvalidAction': ['Error', 'pkg/controller/migplan/validation.go validatePvSelections'],
  'MigPlan/PvNoCopyMethodSelection': [
    'Error',
    'pkg/controller/migplan/validation.go validatePvSelections',
  ],
  'MigPlan/PvInvalidCopyMethod': [
    'Error',
    'pkg/controller/migplan/validation.go validatePvSelections',
  ],
  'MigPlan/PvInvalidAccessMode': [
    'Error',
    'pkg/controller/migplan/validation.go validatePvSelections (validAccessModes)',
  ],
  'MigPlan/StorageClassConversionUnavailable': [
    'Critical',
    'pkg/controller/migplan/validation.go validatePvSelections (storage class conversion specific validations)',
  ],
  'MigPlan/InvalidHookRef': ['Critical', 'pkg/controller/migplan/validation.go validateHooks'],
  'MigPlan/InvalidHookSAName': [
    'Critical',
    'pkg/controller/migplan/validation.go validateHooks (validation.IsDNS1123Subdomain)',
  ],
  'MigPlan/InvalidHookNSName': [
    'Critical',
    'pkg/controller/migplan/validation.go validateHooks (validation.IsDNS1123Label)',
  ],
  'MigPlan/HookPhaseUnknown': ['Critical', 'pkg/controller/migplan/validation.go validateHooks'],
  'MigPlan/HookPhaseDuplicate': ['Critical', 'pkg/controller/migplan/validation.go validateHooks'],
  'MigPlan/PVCsNotFoundOnSourceCluster': [
    'Critical',
    'pkg/controller/directvolumemigration/validation.go validatePVCs',
  ],
  'MigMigration/InvalidPlanRef': [
    'Critical',
    'pkg/controller/migmigration/validation.go validatePlan',
  ],
  'MigMigration/PlanClosed': ['Critical', 'pkg/controller/migmigration/validation.go validatePlan'],
  'MigMigration/InvalidSpec': [
    'Critical',
    'pkg/controller/migmigration/validation.go validateMigrationType',
  ],
  'MigMigration/Failed': [
    'Critical',
    'pkg/controller/migmigration/validation.go validateMigrationType (intra-cluster namespace conflict)',
  ],
  'MigMigration/ConflictingPVCMappings': [
    'Critical',
    'pkg/controller/migmigration/validation.go validateMigrationType (intra-cluster PVC mappings)',
  ],
  'MigMigration/HasFinalMigration': [
    'Critical',
    'pkg/controller/migmigration/validation.go validateFinalMigration',
  ],
  'MigHook/InvalidImage': [
    'Critical',
    'pkg/controller/mighook/validation.go validateImage (regexp.go ReferenceRegexp)',
  ],
  'MigHook/InvalidTargetCluster': [
    'Critical',
    'pkg/controller/mighook/validation.go validateTargetCluster',
  ],
  'MigHook/InvalidPlaybookData': [
    'Critical',
    'pkg/controller/mighook/validation.go validatePlaybookData',
  ],
  'MigHook/InvalidCustomHook': ['Critical', 'pkg/controller/mighook/validation.go validateCustom'],
  'MigHook/InvalidAnsibleHook': ['Critical', 'pkg/controller/mighook/validation.go validateCustom'],
};

/** [object ("<Kind> <ns>/<name>"), condition, fragments the message must name (items, fields, reasons)]. */
type Want = [object: string, condition: string, ...says: string[]];

/** `some`: the controller stops at its first finding. */
interface Row extends VerifyRow<Want> {
  /** mig_namespace_limit in force, when not the default 10. */
  limit?: number;
}

const P = `MigPlan ${NS}/p`;
const M = (name = 'm') => `MigMigration ${NS}/${name}`;
const S = `MigStorage ${NS}/s3`;
const H = `MigHook ${NS}/h`;
const C = (name: string) => `MigCluster ${NS}/${name}`;

function check(row: Row): void {
  const got = fired(row.objects, { ...ctx, namespaceLimit: row.limit ?? ctx.namespaceLimit });
  for (const f of got) {
    const kind = f.object.split(' ')[0] ?? '';
    expect(f.code, f.object).toBe(CODE[kind]);
    const [category, upstream] = CONDITION[`${kind}/${f.condition}`] ?? ['?', '?'];
    expect(f.category, `${kind}/${f.condition}`).toBe(category);
    expect(f.upstream.startsWith(MTC), f.upstream).toBe(true);
    expect(f.upstream, `${kind}/${f.condition}`).toContain(upstream);
    // A message names what is wrong; a field the object lacks is never printed as "undefined".
    expect(f.why).not.toContain('undefined');
    expect(f.cluster).toBe(
      row.objects.find((m) => `${m.object.kind} ${NS}/${m.object.metadata.name}` === f.object)
        ?.cluster ?? 'host',
    );
  }
  const pairs = got.map((f) => `${f.object} ${f.condition}`).sort();
  const wanted = row.want.map(([o, c]) => `${o} ${c}`).sort();
  if (row.some) expect(pairs).toEqual(expect.arrayContaining(wanted));
  else expect(pairs).toEqual(wanted);
  for (const [object, condition, ...says] of row.want) {
    const whys = got
      .filter((f) => f.object === object && f.condition === condition)
      .map((f) => f.why);
    for (const s of says)
      expect(
        whys.some((w) => w.includes(s)),
        `${condition}: ${s}`,
      ).toBe(true);
  }
}

const rows = rowsOf(check);

// ---------------------------------------------------------------------------------------------------------------
rows('MigCluster: migcluster/validation.go', [
  {
    name: 'the host MigCluster needs neither URL nor token Secret',
    cite: 'validateURL, validateSaSecret: "Not needed." when IsHostCluster',
    objects: [on(mig('MigCluster', 'host2', { isHostCluster: true }))],
    want: [],
  },
  {
    name: 'a MigCluster without spec is a remote cluster without URL or Secret',
    cite: 'validateURL NotSet ("The `spec.URL` is required for non-host cluster."), validateSaSecret NotSet',
    objects: [on(mig('MigCluster', 'bare', undefined))],
    want: [
      [C('bare'), 'InvalidURL', 'spec.url'],
      [C('bare'), 'InvalidSaSecretRef', 'serviceAccountSecretRef'],
    ],
  },
  {
    name: 'http is an accepted scheme',
    cite: 'validateURL: u.Scheme != "http" && u.Scheme != "https"',
    objects: [on(remote('a', { url: 'http://api.a:6443' }))],
    want: [],
  },
  {
    name: 'the scheme is compared after url.Parse lower-cases it',
    cite: 'validateURL: url.Parse (net/url lower-cases Scheme)',
    objects: [on(remote('a', { url: 'HTTPS://API.A:6443' }))],
    want: [],
  },
  {
    name: 'ftp is refused',
    cite: 'validateURL InvalidScheme',
    objects: [on(remote('a', { url: 'ftp://api.a:6443' }))],
    want: [[C('a'), 'InvalidURL', 'ftp://api.a:6443']],
  },
  {
    name: 'a scheme that only ends in https is refused',
    cite: 'validateURL InvalidScheme (scheme "xhttps")',
    objects: [on(remote('a', { url: 'xhttps://api.a:6443' }))],
    want: [[C('a'), 'InvalidURL']],
  },
  {
    name: 'a URL without a host still has an http(s) scheme (connecting is a later check)',
    cite: 'validateURL checks the scheme only; TestConnectFailed is a runtime condition',
    objects: [on(remote('a', { url: 'https:///api' }))],
    want: [],
  },
  {
    name: 'serviceAccountSecretRef with an empty name is not set',
    cite: 'validateSaSecret: migref.RefSet needs Namespace != "" and Name != ""',
    objects: [
      on(remote('a', { serviceAccountSecretRef: { name: '', namespace: 'openshift-config' } })),
    ],
    want: [[C('a'), 'InvalidSaSecretRef']],
  },
  {
    name: 'serviceAccountSecretRef with an empty namespace is not set',
    cite: 'validateSaSecret: migref.RefSet',
    objects: [on(remote('a', { serviceAccountSecretRef: { name: 'tok', namespace: '' } }))],
    want: [[C('a'), 'InvalidSaSecretRef']],
  },
  {
    name: 'a null serviceAccountSecretRef is not set',
    cite: 'validateSaSecret: migref.RefSet(nil) is false',
    objects: [on(remote('a', { serviceAccountSecretRef: null }))],
    want: [[C('a'), 'InvalidSaSecretRef']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
const awsConfig = (c: O = {}) => ({ credsSecretRef: ref('creds'), awsBucketName: 'bucket', ...c });
const azureConfig = (c: O = {}) => ({
  credsSecretRef: ref('creds'),
  azureResourceGroup: 'rg',
  azureStorageAccount: 'acct',
  azureStorageContainer: 'velero',
  ...c,
});
const store = (spec: O) => on(storage(spec));

rows('MigStorage: migstorage/validation.go and cloudprovider Validate', [
  {
    name: 'gcp with a bucket is accepted',
    cite: 'validateBackupStorage (aws|gcp|azure); GCPProvider.Validate BackupStorage: Bucket',
    objects: [
      store({
        backupStorageProvider: 'gcp',
        backupStorageConfig: { credsSecretRef: ref('c'), gcpBucket: 'b' },
      }),
    ],
    want: [],
  },
  {
    name: 'gcp without a bucket lacks Bucket',
    cite: 'GCPProvider.Validate BackupStorage: p.Bucket == "" -> "Bucket"',
    objects: [
      store({ backupStorageProvider: 'gcp', backupStorageConfig: { credsSecretRef: ref('c') } }),
    ],
    want: [[S, 'InvalidBackupStorageSettings', 'Bucket']],
  },
  {
    name: 'azure with resource group, account and container is accepted',
    cite: 'AzureProvider.Validate BackupStorage',
    objects: [store({ backupStorageProvider: 'azure', backupStorageConfig: azureConfig() })],
    want: [],
  },
  {
    name: 'azure lacking all three names them in Validate order',
    cite: 'AzureProvider.Validate: ResourceGroup, then StorageAccount, StorageContainer',
    objects: [
      store({ backupStorageProvider: 'azure', backupStorageConfig: { credsSecretRef: ref('c') } }),
    ],
    want: [[S, 'InvalidBackupStorageSettings', 'ResourceGroup, StorageAccount, StorageContainer']],
  },
  {
    name: 'azure lacking only the container',
    cite: 'AzureProvider.Validate BackupStorage: StorageContainer',
    objects: [
      store({
        backupStorageProvider: 'azure',
        backupStorageConfig: azureConfig({ azureStorageContainer: '' }),
      }),
    ],
    want: [[S, 'InvalidBackupStorageSettings', 'invalid StorageContainer']],
  },
  {
    name: 'azure lacking only the account',
    cite: 'AzureProvider.Validate BackupStorage: StorageAccount',
    objects: [
      store({
        backupStorageProvider: 'azure',
        backupStorageConfig: azureConfig({ azureStorageAccount: '' }),
      }),
    ],
    want: [[S, 'InvalidBackupStorageSettings', 'invalid StorageAccount']],
  },
  {
    name: 'an empty provider is refused',
    cite: 'validateBackupStorage NotSet: "The `spec.BackupStorageProvider` must be: (aws|gcp|azure)."',
    objects: [store({ backupStorageProvider: '' })],
    want: [[S, 'InvalidBackupStorageProvider', '""']],
  },
  {
    name: 'an unknown provider is refused, and no provider fields are checked',
    cite: 'validateBackupStorage NotSupported (GetBackupStorageProvider nil)',
    objects: [
      store({ backupStorageProvider: 'minio', backupStorageConfig: { credsSecretRef: ref('c') } }),
    ],
    want: [[S, 'InvalidBackupStorageProvider', 'minio']],
  },
  {
    name: 'no backupStorageConfig at all: credsSecretRef not set',
    cite: 'validateBackupStorage: !migref.RefSet(settings.CredsSecretRef)',
    objects: [store({ backupStorageConfig: undefined })],
    want: [[S, 'InvalidBackupStorageCredsSecretRef', 'credsSecretRef']],
    some: true,
  },
  {
    name: 'awsSignatureVersion "1" is accepted',
    cite: 'AWSProvider.Validate: SignatureVersion "" | "1" | "4"',
    objects: [store({ backupStorageConfig: awsConfig({ awsSignatureVersion: '1' }) })],
    want: [],
  },
  {
    name: 'awsSignatureVersion "4" is accepted',
    cite: 'AWSProvider.Validate: SignatureVersion "" | "1" | "4"',
    objects: [store({ backupStorageConfig: awsConfig({ awsSignatureVersion: '4' }) })],
    want: [],
  },
  {
    name: 'an http S3 endpoint and an https public URL are accepted',
    cite: 'AWSProvider.Validate: S3URL, PublicURL scheme http|https',
    objects: [
      store({
        backupStorageConfig: awsConfig({
          awsS3Url: 'http://minio.minio.svc:9000',
          awsPublicUrl: 'https://s3.example.com',
        }),
      }),
    ],
    want: [],
  },
  {
    name: 'upper-case schemes are accepted (url.Parse lower-cases them)',
    cite: 'AWSProvider.Validate: url.Parse(p.S3URL).Scheme',
    objects: [store({ backupStorageConfig: awsConfig({ awsS3Url: 'HTTPS://s3.example.com' }) })],
    want: [],
  },
  {
    name: 'an S3 endpoint without a scheme is refused',
    cite: 'AWSProvider.Validate: S3URL',
    objects: [store({ backupStorageConfig: awsConfig({ awsS3Url: 's3.example.com' }) })],
    want: [[S, 'InvalidBackupStorageSettings', 'invalid S3URL']],
  },
  {
    name: 'a public URL with another scheme is refused',
    cite: 'AWSProvider.Validate: PublicURL',
    objects: [store({ backupStorageConfig: awsConfig({ awsPublicUrl: 'ftp://s3.example.com' }) })],
    want: [[S, 'InvalidBackupStorageSettings', 'invalid PublicURL']],
  },
  {
    name: 'every AWS field wrong, in Validate order',
    cite: 'AWSProvider.Validate BackupStorage: Bucket, SignatureVersion, S3URL, PublicURL',
    objects: [
      store({
        backupStorageConfig: {
          credsSecretRef: ref('c'),
          awsSignatureVersion: '2',
          awsS3Url: 'minio:9000',
          awsPublicUrl: 'minio',
        },
      }),
    ],
    want: [[S, 'InvalidBackupStorageSettings', 'Bucket, SignatureVersion, S3URL, PublicURL']],
  },
  {
    name: 'volumeSnapshotProvider gcp and azure are known providers',
    cite: 'validateVolumeSnapshotStorage (aws|gcp|azure)',
    objects: [
      store({
        volumeSnapshotProvider: 'gcp',
        volumeSnapshotConfig: { credsSecretRef: ref('c'), snapshotCreationTimeout: '10m' },
      }),
      on(
        storage(
          {
            volumeSnapshotProvider: 'azure',
            volumeSnapshotConfig: {
              credsSecretRef: ref('c'),
              azureResourceGroup: 'rg',
              azureApiTimeout: '2m0s',
            },
          },
          'az',
        ),
      ),
    ],
    want: [],
  },
  {
    name: 'no volumeSnapshotProvider: the snapshot role is not validated at all',
    cite: 'validateVolumeSnapshotStorage: returns when VolumeSnapshotProvider == ""',
    objects: [store({ volumeSnapshotConfig: { snapshotCreationTimeout: 'soon' } })],
    want: [],
  },
  {
    name: 'a volumeSnapshotProvider without volumeSnapshotConfig has no credsSecretRef',
    cite: 'validateVolumeSnapshotStorage: !migref.RefSet(settings.CredsSecretRef)',
    objects: [store({ volumeSnapshotProvider: 'aws' })],
    want: [[S, 'InvalidVolumeSnapshotCredsSecretRef', 'volumeSnapshotConfig.credsSecretRef']],
  },
  {
    name: 'snapshotCreationTimeout that time.ParseDuration refuses (no unit)',
    cite: 'AWSProvider.Validate VolumeSnapshot: time.ParseDuration("10") fails',
    objects: [
      store({
        volumeSnapshotProvider: 'aws',
        volumeSnapshotConfig: { credsSecretRef: ref('c'), snapshotCreationTimeout: '10' },
      }),
    ],
    want: [[S, 'InvalidVolumeSnapshotSettings', 'SnapshotCreationTimeout']],
  },
  ...['10mx', 'x10m'].map((t): Row => ({
    name: `snapshotCreationTimeout ${t} is not a Go duration`,
    cite: 'cloudprovider Validate VolumeSnapshot: time.ParseDuration fails (unknown unit / no number)',
    objects: [
      store({
        volumeSnapshotProvider: 'aws',
        volumeSnapshotConfig: { credsSecretRef: ref('c'), snapshotCreationTimeout: t },
      }),
    ],
    want: [[S, 'InvalidVolumeSnapshotSettings', 'SnapshotCreationTimeout']],
  })),
  {
    name: 'snapshotCreationTimeout in days is not a Go duration',
    cite: 'GCPProvider.Validate VolumeSnapshot: time.ParseDuration("1d") fails',
    objects: [
      store({
        volumeSnapshotProvider: 'gcp',
        volumeSnapshotConfig: { credsSecretRef: ref('c'), snapshotCreationTimeout: '1d' },
      }),
    ],
    want: [[S, 'InvalidVolumeSnapshotSettings', 'SnapshotCreationTimeout']],
  },
  ...[
    '0',
    '1h30m',
    '1.5h',
    '.5s',
    '1.s',
    '300ms',
    '2us',
    '5\u00b5s',
    '5\u03bcs',
    '100ns',
    '-5s',
    '+5s',
  ].map((t): Row => ({
    name: `snapshotCreationTimeout ${t} is a Go duration`,
    cite: 'cloudprovider Validate VolumeSnapshot: time.ParseDuration',
    objects: [
      store({
        volumeSnapshotProvider: 'aws',
        volumeSnapshotConfig: { credsSecretRef: ref('c'), snapshotCreationTimeout: t },
      }),
    ],
    want: [],
  })),
  {
    name: 'azure snapshots need a resource group and an API timeout',
    cite: 'AzureProvider.Validate: ResourceGroup (any role), APITimeout (VolumeSnapshot)',
    objects: [
      store({
        backupStorageProvider: 'azure',
        backupStorageConfig: azureConfig(),
        volumeSnapshotProvider: 'azure',
        volumeSnapshotConfig: { credsSecretRef: ref('c') },
      }),
    ],
    want: [[S, 'InvalidVolumeSnapshotSettings', 'ResourceGroup, APITimeout']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
rows(
  'MigPlan cluster and storage references: validateSourceCluster, validateDestinationCluster, validateStorage',
  [
    {
      name: 'a null srcMigClusterRef is not set',
      cite: 'validateSourceCluster NotSet',
      objects: world(plan({ srcMigClusterRef: null })),
      want: [[P, 'InvalidSourceClusterRef', 'srcMigClusterRef']],
    },
    {
      name: 'the host MigCluster name in another namespace is not the host MigCluster',
      cite: 'validateSourceCluster NotFound (GetCluster by namespace and name)',
      objects: world(
        plan({ srcMigClusterRef: ref('host', 'default'), indirectImageMigration: false }),
      ),
      want: [[P, 'InvalidSourceClusterRef', 'default/host']],
    },
    {
      name: 'a destination ref with an empty name is not set',
      cite: 'validateDestinationCluster NotSet (migref.RefSet)',
      objects: world(plan({ destMigClusterRef: { name: '', namespace: NS } })),
      want: [[P, 'InvalidDestinationClusterRef', 'destMigClusterRef']],
    },
    {
      name: 'a destination ref to a MigCluster nobody emits',
      cite: 'validateDestinationCluster NotFound',
      objects: world(plan({ destMigClusterRef: ref('dst') })),
      want: [[P, 'InvalidDestinationClusterRef', `${NS}/dst`]],
    },
    {
      name: 'no migStorageRef on a namespace migration',
      cite: 'validateStorage NotSet: !isStorageConversionPlan && !RefSet',
      objects: [
        on(remote('src', { exposedRegistryPath: 'registry.apps.src' })),
        on(plan({ migStorageRef: undefined, indirectImageMigration: false })),
      ],
      want: [[P, 'InvalidStorageRef', 'NotSet']],
    },
    {
      name: 'a migStorageRef in another namespace is not found',
      cite: 'validateStorage NotFound (GetStorage by namespace and name)',
      objects: world(plan({ migStorageRef: ref('s3', 'default') })),
      want: [[P, 'InvalidStorageRef', 'default/s3', 'NotFound']],
    },
    {
      name: 'indirectVolumeMigration alone makes a namespace migration that needs storage',
      cite: 'validatePossibleMigrationTypes (indirect -> NamespaceMigrationPlan), validateStorage NotSet',
      objects: [
        on(remote('src', { exposedRegistryPath: 'registry.apps.src' })),
        on(
          plan({
            migStorageRef: undefined,
            indirectImageMigration: false,
            indirectVolumeMigration: true,
          }),
        ),
      ],
      want: [[P, 'InvalidStorageRef', 'indirectVolumeMigration make it a namespace migration']],
    },
    {
      name: 'both indirect flags are named',
      cite: 'validatePossibleMigrationTypes, validateStorage NotSet',
      objects: world(
        plan({
          migStorageRef: undefined,
          indirectImageMigration: true,
          indirectVolumeMigration: true,
        }),
      ),
      want: [[P, 'InvalidStorageRef', 'indirectImageMigration and indirectVolumeMigration']],
    },
    {
      name: 'an intra-cluster state migration (all namespaces mapped) still needs storage',
      cite: 'validateStorage: only isStorageConversionPlan is exempt',
      objects: world(conversion({ namespaces: ['app:app2'], persistentVolumes: [] })),
      want: [[P, 'InvalidStorageRef']],
    },
  ],
);

// ---------------------------------------------------------------------------------------------------------------
const direct = (spec: O = {}) => plan({ indirectImageMigration: false, ...spec });
const srcWith = (spec: O) => on(remote('src', spec));

rows(
  'MigPlan registry path: validateSourceCluster / validateDestinationCluster "No Registry Path"',
  [
    {
      name: 'exposedRegistryPath with a scheme and a trailing slash is a path',
      cite: 'GetRegistryPath: split on "//" into two, TrimRight "/"',
      objects: [
        srcWith({ exposedRegistryPath: 'https://registry.apps.src/' }),
        on(storage()),
        on(direct()),
      ],
      want: [],
    },
    {
      name: 'exposedRegistryPath of a bare scheme leaves no path',
      cite: 'GetRegistryPath: "https://" splits into ["https:", ""] -> ""',
      objects: [srcWith({ exposedRegistryPath: 'https://' }), on(storage()), on(direct())],
      want: [[P, 'SourceClusterNoRegistryPath', `MigCluster ${NS}/src`]],
    },
    {
      name: 'exposedRegistryPath of only slashes leaves no path',
      cite: 'GetRegistryPath: TrimRight("/", "/") == ""',
      objects: [srcWith({ exposedRegistryPath: '/' }), on(storage()), on(direct())],
      want: [[P, 'SourceClusterNoRegistryPath']],
    },
    {
      name: 'exposedRegistryPath of four slashes is kept whole, and trims to nothing',
      cite: 'GetRegistryPath: Split("////", "//") has 3 parts -> TrimRight("////", "/") == ""',
      objects: [srcWith({ exposedRegistryPath: '////' }), on(storage()), on(direct())],
      want: [[P, 'SourceClusterNoRegistryPath']],
    },
    {
      name: 'exposedRegistryPath with "//" twice is kept whole',
      cite: 'GetRegistryPath: len(splitPath) != 2 -> TrimRight(ExposedRegistryPath, "/")',
      objects: [
        srcWith({ exposedRegistryPath: 'https://registry.apps.src//' }),
        on(storage()),
        on(direct()),
      ],
      want: [],
    },
    {
      name: 'exposedRegistryPath ending in "//" leaves no path',
      cite: 'GetRegistryPath: "registry//" splits into ["registry", ""] -> ""',
      objects: [
        srcWith({ exposedRegistryPath: 'registry.apps.src//' }),
        on(storage()),
        on(direct()),
      ],
      want: [[P, 'SourceClusterNoRegistryPath']],
    },
    {
      name: 'an unresolved source cluster gets no registry condition',
      cite: 'validateSourceCluster returns at NotFound, before the registry path',
      objects: world(direct({ srcMigClusterRef: ref('gone') })),
      want: [[P, 'InvalidSourceClusterRef']],
    },
    {
      name: 'an intra-cluster storage conversion on a remote cluster without registry: no registry condition',
      cite: 'setMigrationType(StorageConversionPlan) removes the NoRegistryPath conditions',
      objects: world(conversion({ srcMigClusterRef: ref('src'), destMigClusterRef: ref('src') })),
      want: [],
    },
    {
      name: 'an intra-cluster state migration (all mapped) on a remote cluster: no registry condition',
      cite: 'setMigrationType(StateMigrationPlan)',
      objects: world(
        plan({
          srcMigClusterRef: ref('src'),
          destMigClusterRef: ref('src'),
          indirectImageMigration: false,
          namespaces: ['app:app2'],
        }),
      ),
      want: [],
    },
    {
      name: 'a cross-cluster plan with a mapped PVC is a state migration: no registry condition',
      cite: 'validatePossibleMigrationTypes: PVC.GetSourceName() != GetTargetName() -> StateMigrationPlan',
      objects: world(direct({ persistentVolumes: [pv('app', 'data:data2')] })),
      want: [],
    },
    {
      name: 'an intra-cluster plan with some namespaces mapped has no type: registry conditions stay',
      cite: 'validatePossibleMigrationTypes ConflictingNamespaces (no setMigrationType)',
      objects: world(
        plan({
          srcMigClusterRef: ref('src'),
          destMigClusterRef: ref('src'),
          indirectImageMigration: false,
          namespaces: ['app', 'db:db2'],
          persistentVolumes: [],
        }),
      ),
      want: [
        [P, 'SourceClusterNoRegistryPath', `${NS}/src`],
        [P, 'DestinationClusterNoRegistryPath', `${NS}/src`],
        [P, 'IntraClusterMigration', 'ConflictingNamespaces'],
      ],
    },
  ],
);

// ---------------------------------------------------------------------------------------------------------------
/** Two remote MigClusters with registry routes, so only the URLs decide. */
const two = (a: O, b: O) => [
  on(remote('a', { exposedRegistryPath: 'registry.apps.a', ...a })),
  on(remote('b', { exposedRegistryPath: 'registry.apps.b', ...b })),
  on(storage()),
];
const between = (spec: O = {}) =>
  plan({
    srcMigClusterRef: ref('a'),
    destMigClusterRef: ref('b'),
    indirectImageMigration: false,
    ...spec,
  });
/** a and b at these URLs, and a plan between them that maps one of its two namespaces. */
const mixedBetween = (a: string, b: string) => [
  ...two({ url: a }, { url: b }),
  on(between({ namespaces: ['app', 'db:db2'], persistentVolumes: [] })),
];

rows('MigPlan intra-cluster: IsIntraCluster (url.Parse Host) and validatePossibleMigrationTypes', [
  {
    name: 'two MigClusters whose URLs have the same host are one cluster',
    cite: 'IsIntraCluster: sourceUrl.Host == destUrl.Host (path and query ignored)',
    objects: mixedBetween('https://api.one:6443', 'https://api.one:6443/apis?x=1'),
    want: [[P, 'IntraClusterMigration', 'ConflictingNamespaces']],
  },
  {
    name: 'a fragment is not part of the host',
    cite: 'IsIntraCluster: url.Parse Host',
    objects: mixedBetween('https://api.one:6443', 'https://api.one:6443#frag'),
    want: [[P, 'IntraClusterMigration', 'ConflictingNamespaces']],
  },
  {
    name: 'the same host on another port is another cluster',
    cite: 'IsIntraCluster: Host includes the port',
    objects: mixedBetween('https://api.one:6443', 'https://api.one:6444'),
    want: [],
  },
  {
    name: 'indirectImageMigration on an intra-cluster plan with mixed mapping: no condition',
    cite: 'validatePossibleMigrationTypes: indirect modes return before ConflictingNamespaces; only IVM is Critical',
    objects: world(
      conversion({
        indirectImageMigration: true,
        migStorageRef: ref('s3'),
        namespaces: ['app', 'db:db2'],
        persistentVolumes: [],
      }),
    ),
    want: [],
  },
  {
    name: 'indirectVolumeMigration on an intra-cluster plan makes it a namespace migration that needs storage',
    cite: 'validatePossibleMigrationTypes: IVM -> NamespaceMigrationPlan and Critical; validateStorage NotSet',
    objects: world(conversion({ indirectVolumeMigration: true })),
    want: [
      [P, 'IntraClusterMigration'],
      [P, 'InvalidStorageRef', 'indirectVolumeMigration'],
    ],
  },
  {
    name: 'indirectVolumeMigration on an intra-cluster plan',
    cite: 'validatePossibleMigrationTypes: "Indirect volume migration mode cannot be used in intra-cluster migrations."',
    objects: world(conversion({ indirectVolumeMigration: true, migStorageRef: ref('s3') })),
    want: [[P, 'IntraClusterMigration', 'ndirect volume migration']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
rows(
  'MigPlan namespaces: validateNamespaces, validateSourceNamespaces, validateDestinationNamespaces',
  [
    {
      name: 'a plan with no namespaces field',
      cite: 'validateNamespaces: len(plan.Spec.Namespaces) == 0',
      objects: world(plan({ namespaces: undefined, persistentVolumes: [] })),
      want: [[P, 'NamespaceListEmpty', 'spec.namespaces']],
    },
    {
      name: 'three namespaces over a limit of two',
      cite: 'validateNamespaces: count > Settings.Plan.NsLimit ("Namespace limit: %d exceeded, found:%d.")',
      objects: world(plan({ namespaces: ['a', 'b', 'c'], persistentVolumes: [] })),
      limit: 2,
      want: [[P, 'NamespaceLimitExceeded', '3', '2']],
    },
    {
      name: 'two namespaces at a limit of two',
      cite: 'validateNamespaces: count > limit, not >=',
      objects: world(plan({ namespaces: ['a', 'b'], persistentVolumes: [] })),
      limit: 2,
      want: [],
    },
    {
      name: 'duplicates after splitting on ":" on both sides, each named',
      cite: 'listDuplicateNamespaces(GetSourceNamespaces / GetDestinationNamespaces)',
      objects: world(
        plan({
          namespaces: ['beta', 'alpha', 'beta:gamma', 'alpha:delta', 'x:delta'],
          persistentVolumes: [],
        }),
      ),
      want: [
        [P, 'DuplicateNamespaceOnSourceCluster', 'alpha', 'beta'],
        [P, 'DuplicateNamespaceOnDestinationCluster', 'delta'],
      ],
    },
    {
      name: 'a source namespace that is not a label is not checked',
      cite: 'validateDestinationNamespaces: only destination names are IsDNS1123Label-checked',
      objects: world(plan({ namespaces: ['Old_App:new-app'], persistentVolumes: [] })),
      want: [],
    },
    {
      name: 'a 63-character destination is a label',
      cite: 'validation.IsDNS1123Label: at most 63 characters',
      objects: world(plan({ namespaces: [`app:${'a'.repeat(63)}`], persistentVolumes: [] })),
      want: [],
    },
    {
      name: 'a 64-character destination is not',
      cite: 'validation.IsDNS1123Label: DNS1123LabelMaxLength 63',
      objects: world(plan({ namespaces: [`app:${'a'.repeat(64)}`], persistentVolumes: [] })),
      want: [[P, 'NamespaceNotDNSCompliant', 'a'.repeat(64)]],
    },
    {
      name: 'a destination starting with "-" is not a label',
      cite: 'validation.IsDNS1123Label: [a-z0-9]([-a-z0-9]*[a-z0-9])?',
      objects: world(plan({ namespaces: ['app:-app'], persistentVolumes: [] })),
      want: [[P, 'NamespaceNotDNSCompliant', '-app']],
    },
  ],
);

// ---------------------------------------------------------------------------------------------------------------
rows('MigPlan PlanConflict: validateConflict over ListPlans, HasConflict', [
  {
    name: 'a closed plan is not listed, so it conflicts with nobody',
    cite: 'model.go ListPlans: MatchingFields{ClosedIndexField: "false"}',
    objects: world(plan(), plan({ closed: true, persistentVolumes: [] }, 'old')),
    want: [],
  },
  {
    name: 'the conflicting plans are named, in list order',
    cite: 'validateConflict: "The migration plan is in conflict with []." Items = names',
    objects: world(
      plan({ namespaces: ['a'], persistentVolumes: [] }, 'p1'),
      plan({ namespaces: ['b'], persistentVolumes: [] }, 'p2'),
      plan({ namespaces: ['b', 'a'], persistentVolumes: [] }, 'p3'),
    ),
    want: [
      [`MigPlan ${NS}/p1`, 'PlanConflict', 'p3'],
      [`MigPlan ${NS}/p2`, 'PlanConflict', 'p3'],
      [`MigPlan ${NS}/p3`, 'PlanConflict', 'p1, p2'],
    ],
  },
  {
    name: '"a" and "a:b" are different entries',
    cite: 'HasConflict compares the raw spec.namespaces strings',
    objects: world(plan({ namespaces: ['app:app2'], persistentVolumes: [] }, 'q'), plan()),
    want: [],
  },
  {
    name: 'a shared destination cluster is enough',
    cite: 'HasConflict: RefEquals(r.Dest, plan.Dest)',
    objects: world(plan({ srcMigClusterRef: ref('other') }, 'q'), on(remote('other')), plan()),
    want: [
      [`MigPlan ${NS}/q`, 'PlanConflict', 'p'],
      [P, 'PlanConflict', 'q'],
    ],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
const pvs = (...list: O[]) => world(plan({ persistentVolumes: list }));

rows('MigPlan persistentVolumes: validatePvSelections', [
  {
    name: 'no supported actions: only the empty action is valid',
    cite: 'validatePvSelections: len(Supported.Actions) == 0 -> actions[""] = true',
    objects: pvs(pv('app', 'data', { action: '' }, { actions: [] })),
    want: [],
  },
  {
    name: 'no supported field: copy is an invalid action, and nothing else is checked',
    cite: 'validatePvSelections: invalidAction, then `continue`',
    objects: pvs({ ...pv('app', 'data', { copyMethod: '' }), supported: undefined }),
    want: [[P, 'PvInvalidAction', 'pv-app-data']],
  },
  {
    name: 'copy when only skip is supported: PvInvalidAction only, no copy-method or access-mode check',
    cite: 'validatePvSelections: `continue` after invalidAction',
    objects: pvs(
      pv('app', 'data', { copyMethod: 'rsync', accessMode: 'RWO' }, { actions: ['skip'] }),
    ),
    want: [[P, 'PvInvalidAction', 'pv-app-data']],
  },
  {
    name: 'skip with no copyMethod and an unknown accessMode: not a copy, not checked',
    cite: "validatePvSelections: \"Don't report StorageClass, AccessMode, CopyMethod errors if Action != 'copy'\"",
    objects: pvs(pv('app', 'data', { action: 'skip', copyMethod: 'rsync', accessMode: 'RWO' })),
    want: [],
  },
  {
    name: 'copy without a copyMethod is only PvNoCopyMethodSelection',
    cite: 'validatePvSelections: CopyMethod == "" -> missingCopyMethod (else branch not taken)',
    objects: pvs(pv('app', 'data', { copyMethod: '' }, { copyMethods: ['snapshot'] })),
    want: [[P, 'PvNoCopyMethodSelection', 'pv-app-data']],
  },
  {
    name: 'copy with a copyMethod not supported',
    cite: 'validatePvSelections: copyMethods[pv.Selection.CopyMethod] not found',
    objects: pvs(pv('app', 'data', { copyMethod: 'block' }, { copyMethods: ['filesystem'] })),
    want: [[P, 'PvInvalidCopyMethod', 'pv-app-data']],
  },
  ...['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'auto'].map((mode): Row => ({
    name: `accessMode ${mode} is valid`,
    cite: 'validatePvSelections: validAccessModes',
    objects: pvs(pv('app', 'data', { accessMode: mode })),
    want: [],
  })),
  {
    name: 'an abbreviated accessMode is invalid',
    cite: 'validatePvSelections: !containsAccessMode(validAccessModes, ...)',
    objects: pvs(pv('app', 'data', { accessMode: 'RWO' })),
    want: [[P, 'PvInvalidAccessMode', 'pv-app-data']],
  },
  {
    name: 'no storage class selected: the access mode is not checked',
    cite: 'validatePvSelections: StorageClass == "" -> missingStorageClass (Warn) instead of the access-mode checks',
    objects: pvs(pv('app', 'data', { storageClass: '', accessMode: 'RWO' })),
    want: [],
  },
  {
    name: 'only the bad entries are named',
    cite: 'validatePvSelections: Items = the failing pv.Name',
    objects: pvs(
      pv('app', 'good'),
      pv('app', 'bad', { accessMode: 'Everything' }),
      pv('app', 'skipped', { action: 'skip', accessMode: 'Everything' }),
    ),
    want: [[P, 'PvInvalidAccessMode', ': pv-app-bad']],
  },
  {
    name: 'a storage conversion with one PV copied and one skipped',
    cite: 'validatePvSelections: skippedVolumes (1) != len(list) (2)',
    objects: world(
      conversion({ persistentVolumes: [pv('app', 'a', { action: 'skip' }), pv('app', 'b')] }),
    ),
    want: [],
  },
  {
    name: 'a storage conversion without PVs',
    cite: 'validatePvSelections: skippedVolumes 0 == len(list) 0',
    objects: world(conversion({ persistentVolumes: [] })),
    want: [[P, 'StorageClassConversionUnavailable', 'PVC']],
  },
  {
    name: 'a namespace migration with every PV skipped is fine',
    cite: 'validatePvSelections: the check is under isStorageConversionPlan',
    objects: pvs(pv('app', 'data', { action: 'skip' })),
    want: [],
  },
  {
    name: 'a skip that is not supported does not count as skipped',
    cite: 'validatePvSelections: an invalid action `continue`s before skippedVolumes += 1',
    objects: world(
      conversion({
        persistentVolumes: [pv('app', 'data', { action: 'skip' }, { actions: ['copy'] })],
      }),
    ),
    want: [[P, 'PvInvalidAction', 'pv-app-data']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
const hooked = (...hooks: O[]) => world(plan({ hooks }), hook());

rows('MigPlan hooks: validateHooks', [
  {
    name: 'one hook in each of the four phases',
    cite: 'validateHooks: PreBackup, PostBackup, PreRestore, PostRestore',
    objects: hooked(
      planHook({ phase: 'PreBackup' }),
      planHook({ phase: 'PostBackup' }),
      planHook({ phase: 'PreRestore' }),
      planHook({ phase: 'PostRestore' }),
    ),
    want: [],
  },
  {
    name: 'two hooks in PreRestore',
    cite: 'validateHooks: preRestoreCount > 1 -> HookPhaseDuplicate',
    objects: hooked(planHook({ phase: 'PreRestore' }), planHook({ phase: 'PreRestore' })),
    want: [[P, 'HookPhaseDuplicate', 'PreRestore']],
  },
  {
    name: 'a phase in the wrong case is unknown',
    cite: 'validateHooks: switch hook.Phase, default -> HookPhaseUnknown',
    objects: hooked(planHook({ phase: 'prebackup' })),
    want: [[P, 'HookPhaseUnknown', 'prebackup']],
  },
  {
    name: 'a hook reference in another namespace is not found',
    cite: 'validateHooks: r.Get(Reference.Namespace, Reference.Name) IsNotFound',
    objects: hooked(planHook({ reference: ref('h', 'default') })),
    want: [[P, 'InvalidHookRef', 'default/h']],
  },
  {
    name: 'a hook without a reference is not found',
    cite: 'migplans CRD: hooks[].reference is required; without one no MigHook is found',
    objects: hooked(planHook({ reference: undefined })),
    want: [[P, 'InvalidHookRef']],
  },
  {
    name: 'a 253-character serviceAccount is a subdomain',
    cite: 'validation.IsDNS1123Subdomain: DNS1123SubdomainMaxLength 253',
    objects: hooked(planHook({ serviceAccount: `${'a'.repeat(61)}.`.repeat(4) + 'b'.repeat(5) })),
    want: [],
  },
  {
    name: 'a 254-character serviceAccount is not',
    cite: 'validation.IsDNS1123Subdomain: len > 253',
    objects: hooked(planHook({ serviceAccount: `${'a'.repeat(61)}.`.repeat(4) + 'b'.repeat(6) })),
    want: [[P, 'InvalidHookSAName']],
  },
  {
    name: 'an empty serviceAccount is not a subdomain',
    cite: 'validation.IsDNS1123Subdomain("")',
    objects: hooked(planHook({ serviceAccount: '' })),
    want: [[P, 'InvalidHookSAName']],
  },
  {
    name: 'a 63-character executionNamespace is a label',
    cite: 'validation.IsDNS1123Label: 63',
    objects: hooked(planHook({ executionNamespace: 'n'.repeat(63) })),
    want: [],
  },
  {
    name: 'a 64-character executionNamespace is not',
    cite: 'validation.IsDNS1123Label: len > 63',
    objects: hooked(planHook({ executionNamespace: 'n'.repeat(64) })),
    want: [[P, 'InvalidHookNSName', 'n'.repeat(64)]],
  },
  {
    name: 'an empty executionNamespace is not a label',
    cite: 'validation.IsDNS1123Label("")',
    objects: hooked(planHook({ executionNamespace: '' })),
    want: [[P, 'InvalidHookNSName']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
rows('MigPlan direct volume migration: directvolumemigration/validation.go validatePVCs', [
  {
    name: 'indirect volume migration runs no DVM',
    cite: 'migmigration task.go: a DirectVolumeMigration only for direct volume migration (!IndirectVolumeMigration)',
    objects: world(
      plan({ indirectVolumeMigration: true, persistentVolumes: [pv('elsewhere', 'data')] }),
    ),
    want: [],
  },
  {
    name: 'snapshot copies and skipped PVs are not DVM PVCs',
    cite: 'migmigration dvm.go: only action copy with copyMethod filesystem or block goes to the DVM',
    objects: world(
      plan({
        persistentVolumes: [
          pv('elsewhere', 'snap', { copyMethod: 'snapshot' }),
          pv('elsewhere', 'skip', { action: 'skip' }),
        ],
      }),
    ),
    want: [],
  },
  {
    name: 'a block copy outside the source namespaces',
    cite: 'validatePVCs: the PVC is looked up in its namespace, which the plan does not migrate',
    objects: world(plan({ persistentVolumes: [pv('elsewhere', 'blk', { copyMethod: 'block' })] })),
    want: [[P, 'PVCsNotFoundOnSourceCluster', 'elsewhere/blk']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
rows('MigMigration: migmigration/validation.go validatePlan, validateMigrationType', [
  {
    name: 'migPlanRef without a namespace is not set',
    cite: 'validatePlan NotSet (migref.RefSet)',
    objects: world(
      plan(),
      on(mig('MigMigration', 'm', { migPlanRef: { name: 'p' }, stage: true })),
    ),
    want: [[M(), 'InvalidPlanRef', 'NotSet']],
  },
  {
    name: 'migPlanRef to a plan nobody emits: not found, and no plan-based condition',
    cite: 'validatePlan NotFound returns a nil plan; validateMigrationType and validateFinalMigration return on nil',
    objects: world(plan(), migration('m', { stage: false }, 0, 'gone')),
    want: [[M(), 'InvalidPlanRef', `${NS}/gone`, 'NotFound']],
  },
  {
    name: 'a closed plan',
    cite: 'validatePlan: plan.Spec.Closed -> PlanClosed',
    objects: world(plan({ closed: true }), migration('m', { stage: true })),
    want: [[M(), 'PlanClosed']],
  },
  {
    name: 'stage and rollback together',
    cite: 'validateMigrationType: booleansCoexist(Stage, MigrateState, Rollback)',
    objects: world(plan(), migration('m', { stage: true, rollback: true })),
    want: [[M(), 'InvalidSpec', 'only one of stage, migrateState and rollback']],
  },
  {
    name: 'migrateState and rollback together',
    cite: 'validateMigrationType: booleansCoexist',
    objects: world(plan(), migration('m', { stage: false, migrateState: true, rollback: true })),
    want: [[M(), 'InvalidSpec', 'only one of stage, migrateState and rollback']],
  },
  {
    name: 'a final migration of a plan with a mapped PVC',
    cite: 'validateMigrationType: !MigrateState && !Rollback && PVC source != target',
    objects: world(
      plan({ persistentVolumes: [pv('app', 'data:data2')] }),
      migration('m', { stage: false }),
    ),
    want: [[M(), 'InvalidSpec', 'maps PVCs']],
  },
  {
    name: 'a state migration of a plan with a mapped PVC',
    cite: 'validateMigrationType: the PVC-mapping check is skipped for MigrateState',
    objects: world(
      plan({ persistentVolumes: [pv('app', 'data:data2')] }),
      migration('m', { stage: false, migrateState: true }),
    ),
    want: [],
  },
  {
    name: 'a rollback of a plan with a mapped PVC',
    cite: 'validateMigrationType: the PVC-mapping check is skipped for Rollback',
    objects: world(
      plan({ persistentVolumes: [pv('app', 'data:data2')] }),
      migration('m', { stage: false, rollback: true }),
    ),
    want: [],
  },
  {
    name: 'a stage of a storage conversion without PVs maps no PVC, but its namespaces overlap',
    cite: 'validateMigrationType: no PVC to map; intra-cluster source and destination namespaces intersect -> Failed',
    objects: world(conversion({ persistentVolumes: [] }), migration('m', { stage: true })),
    want: [
      [P, 'StorageClassConversionUnavailable'],
      [M(), 'Failed', 'app'],
    ],
  },
  {
    name: 'a rollback of a storage conversion: the namespace overlap does not matter',
    cite: 'validateMigrationType: Failed only when !MigrateState && !Rollback',
    objects: world(
      conversion({ persistentVolumes: [] }),
      migration('m', { stage: false, rollback: true }),
    ),
    want: [[P, 'StorageClassConversionUnavailable']],
  },
  {
    name: 'an intra-cluster swap of two namespaces: a stage is refused',
    cite: 'validateMigrationType: srcNses ∩ destNses = {a, b}',
    objects: world(
      conversion({ namespaces: ['a:b', 'b:a'], persistentVolumes: [], migStorageRef: ref('s3') }),
      migration('m', { stage: true }),
    ),
    want: [[M(), 'Failed', 'a, b']],
  },
  {
    name: 'an intra-cluster plan to new namespaces: a stage is possible',
    cite: 'validateMigrationType: no intersection',
    objects: world(
      conversion({ namespaces: ['a:b'], persistentVolumes: [], migStorageRef: ref('s3') }),
      migration('m', { stage: true }),
    ),
    want: [],
  },
  {
    name: 'a cross-cluster plan keeping its namespaces: a final migration is fine',
    cite: 'validateMigrationType: the namespace check runs only when IsIntraCluster',
    objects: world(plan(), migration('m', { stage: false })),
    want: [],
  },
  {
    name: 'a storage conversion: the controller maps each PVC to <name>-mig-<suffix>, so no PVC conflicts',
    cite: 'validateMigrationType PVC sets with pvlist.go getMappedNameForPVC',
    objects: world(conversion(), migration('m', { stage: false, migrateState: true })),
    want: [],
  },
  {
    name: 'two PVCs mapped to one destination PVC',
    cite: 'validateMigrationType: toSet(srcPVCs).Cardinality() != toSet(destPVCs).Cardinality()',
    objects: world(
      conversion({
        namespaces: ['app:app2'],
        migStorageRef: ref('s3'),
        persistentVolumes: [pv('app', 'a:x'), pv('app', 'b:x')],
      }),
      migration('m', { stage: false, migrateState: true }),
    ),
    want: [[M(), 'ConflictingPVCMappings']],
  },
  {
    name: 'PVCs of a cross-cluster plan are never compared',
    cite: 'validateMigrationType: the PVC checks run only when IsIntraCluster',
    objects: world(
      plan({ persistentVolumes: [pv('app', 'a:x'), pv('app', 'b:x')] }),
      migration('m', { stage: false, migrateState: true }),
    ),
    want: [],
  },
]);

rows('MigMigration: validateFinalMigration', [
  {
    name: 'a canceled final migration does not count',
    cite: 'validateFinalMigration: skips m.Spec.Canceled',
    objects: world(
      plan(),
      migration('a', { stage: false, canceled: true }, 0),
      migration('b', { stage: true }, 1),
    ),
    want: [],
  },
  {
    name: 'a final migration of another plan does not count',
    cite: 'validateFinalMigration: plan.ListMigrations (this plan only)',
    objects: world(
      plan(),
      plan({ namespaces: ['other'], persistentVolumes: [] }, 'q'),
      migration('a', { stage: false }, 0, 'q'),
      migration('b', { stage: true }, 1),
    ),
    want: [],
  },
  {
    name: 'stage and state migrations before a final do not count',
    cite: 'validateFinalMigration: skips Stage and MigrateState migrations',
    objects: world(
      plan(),
      migration('s', { stage: true }, 0),
      migration('t', { stage: false, migrateState: true }, 1),
      migration('f', { stage: false }, 2),
    ),
    want: [],
  },
  {
    name: 'a second final migration after a final',
    cite: 'validateFinalMigration: newest non-stage migration Succeeded -> HasFinalMigration',
    objects: world(
      plan(),
      migration('a', { stage: false }, 0),
      migration('b', { stage: false }, 1),
    ),
    want: [[M('b'), 'HasFinalMigration', '(a)']],
  },
  {
    name: 'a final, a rollback, a final, then a stage: the newest final counts',
    cite: 'validateFinalMigration: newest first; the first non-stage decides',
    objects: world(
      plan(),
      migration('a', { stage: false }, 0),
      migration('r', { stage: false, rollback: true }, 1),
      migration('c', { stage: false }, 2),
      migration('d', { stage: true }, 3),
    ),
    want: [[M('d'), 'HasFinalMigration', '(c)']],
  },
  {
    name: 'a rollback after a final is always allowed',
    cite: 'validateFinalMigration: "Allow perform Rollback on finished Plan."',
    objects: world(
      plan(),
      migration('a', { stage: false }, 0),
      migration('r', { stage: false, rollback: true }, 1),
    ),
    want: [],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
const hookRow = (name: string, cite: string, spec: O, want: Want[] = []): Row => ({
  name,
  cite,
  objects: [on(hook(spec))],
  want,
});
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

rows('MigHook: mighook/validation.go', [
  ...[
    'quay.io/konveyor/hook-runner:latest',
    'hook-runner',
    `localhost:5000/team/app@${DIGEST}`,
    'Registry.Example.COM:443/a__b/c.d-e:v1.0_rc',
    'team/a--b',
    `app:${'t'.repeat(128)}`,
    `app@sha256+b64:${'a'.repeat(32)}`,
  ].map((image) =>
    hookRow(`image ${image.slice(0, 40)} matches`, 'validateImage: ReferenceRegexp', { image }),
  ),
  ...[
    ['', 'no name component'],
    ['team/App', 'upper case in a path component (a first one may be a domain)'],
    ['app:', 'empty tag'],
    [`app:${'t'.repeat(129)}`, 'tag longer than 128'],
    ['app@sha256:abc', 'digest shorter than 32 hex digits'],
    ['team/app/', 'empty last component'],
    ['app:-tag', 'tag starting with "-"'],
  ].map(([image = '', why]) =>
    hookRow(
      `image "${image.slice(0, 20)}": ${why}`,
      'validateImage: ReferenceRegexp does not match',
      { image },
      [[H, 'InvalidImage', `"${image}"`]],
    ),
  ),
  hookRow('targetCluster destination', 'validateTargetCluster', { targetCluster: 'destination' }),
  hookRow(
    'targetCluster in the wrong case',
    'validateTargetCluster: != "source" && != "destination"',
    { targetCluster: 'Source' },
    [[H, 'InvalidTargetCluster', 'source or destination']],
  ),
  hookRow('no targetCluster', 'validateTargetCluster', { targetCluster: undefined }, [
    [H, 'InvalidTargetCluster'],
  ]),
  ...['YQ==', 'YWI=', 'YWJj', 'LS0t\nLSBo\r\nb3N0', 'YWJj\n'].map((playbook) =>
    hookRow(
      `playbook ${JSON.stringify(playbook)} is standard base64`,
      'validatePlaybookData: base64.StdEncoding.DecodeString (padding required; \\r and \\n ignored)',
      { custom: false, playbook },
    ),
  ),
  ...['YQ', 'Y===', 'a-_b', 'YW Jj'].map((playbook) =>
    hookRow(
      `playbook ${JSON.stringify(playbook)} is not`,
      'validatePlaybookData: DecodeString fails',
      { custom: false, playbook },
      [[H, 'InvalidPlaybookData', 'base64']],
    ),
  ),
  hookRow('a custom hook without a playbook', 'validateCustom', { custom: true, playbook: '' }),
  hookRow(
    'custom unset counts as false: an Ansible hook with a playbook',
    'validateCustom: !Custom && Playbook != ""',
    { custom: undefined, playbook: 'YWJj' },
  ),
  hookRow(
    'a custom hook with a playbook',
    'validateCustom: "An Ansible Playbook must not be specified when spec.custom is true."',
    { custom: true, playbook: 'YWJj' },
    [[H, 'InvalidCustomHook', 'playbook']],
  ),
  hookRow(
    'an Ansible hook without a playbook',
    'validateCustom: "An Ansible Playbook must be specified when spec.custom is false."',
    { custom: false, playbook: '' },
    [[H, 'InvalidAnsibleHook', 'playbook']],
  ),
]);

// ---------------------------------------------------------------------------------------------------------------
describe('the diagnostic itself (verify.ts)', () => {
  it('names a cluster-scoped object without a namespace, the cluster it is applied to, and the spec path', () => {
    const m = on(mig('MigCluster', 'lost', { isHostCluster: false }, null), { cluster: 'east' });
    const ds = verify([m], ctx, (x) => ['spec', 'clusters', x.object.metadata.name]);
    expect(ds.map((d) => [d.code, d.severity, d.path])).toEqual([
      ['MP7001', 'error', ['spec', 'clusters', 'lost']],
      ['MP7001', 'error', ['spec', 'clusters', 'lost']],
    ]);
    expect(ds.map((d) => d.message.slice(0, d.message.indexOf(':')))).toEqual([
      'MigCluster lost on east would get Critical condition InvalidURL',
      'MigCluster lost on east would get Critical condition InvalidSaSecretRef',
    ]);
  });
  it('without a locate function the path is empty', () => {
    expect(verify([on(mig('MigCluster', 'x', undefined))], ctx).map((d) => d.path)).toEqual([
      [],
      [],
    ]);
  });
  it('objects of kinds no controller validates get no diagnostic', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: NS },
    } as KubeManifest;
    expect(verify([on(secret)], ctx)).toEqual([]);
  });
});
