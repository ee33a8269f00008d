import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/render/types.js';
import { admissionRules, verify } from '../src/verify/verify.js';
import { World } from '../src/verify/world.js';
import { migrationType } from '../src/verify/rules/mtc-model.js';
import {
  ctx,
  hook,
  mig as obj,
  migration,
  mtcObjects,
  NS,
  on,
  ref,
  type O,
} from './helpers/mtc-objects.js';

/**
 * The admission check, rule by rule. Each row is written by hand from the upstream function named in
 * the rule (migtools/mig-controller @3acf3578, vmware-tanzu/velero, openshift/oadp-operator): one object
 * set the controller accepts and one it refuses with the named condition.
 */

const {
  remote,
  storage,
  pv,
  plan,
  conversion,
  world: base,
} = mtcObjects({
  url: (name) => `https://api.${name}:6443`,
  bucket: 'b',
  claim: { accessModes: ['ReadWriteOnce'] },
});

const conditions = (ms: Manifest[]) =>
  verify(ms, ctx).map((d) => /(?:condition|phase) (\S+):/.exec(d.message)?.[1] ?? d.message);

interface Row {
  condition: string;
  kind: string;
  /** Why the upstream rule fires on `bad`, with the function it is read from. */
  why: string;
  good: Manifest[];
  bad: Manifest[];
}

const velero = (kind: string, name: string, spec: O, cluster = 'src') =>
  on(
    {
      apiVersion: 'velero.io/v1',
      kind,
      metadata: { name, namespace: 'velero' },
      spec,
    },
    { cluster },
  );
const bsl = (spec: O = {}, cluster = 'src') =>
  velero(
    'BackupStorageLocation',
    'repo',
    {
      provider: 'aws',
      objectStorage: { bucket: 'b', prefix: 'velero' },
      default: true,
      accessMode: 'ReadWrite',
      ...spec,
    },
    cluster,
  );
const dpa = (spec: O) =>
  on({
    apiVersion: 'oadp.openshift.io/v1alpha1',
    kind: 'DataProtectionApplication',
    metadata: { name: 'migplan', namespace: 'openshift-adp' },
    spec: {
      configuration: { velero: { defaultPlugins: ['openshift', 'aws'] } },
      backupLocations: [
        {
          name: 'repo',
          velero: {
            provider: 'aws',
            default: true,
            objectStorage: { bucket: 'b', prefix: 'velero' },
            config: { region: 'us-east-1' },
            credential: { name: 'creds', key: 'cloud' },
          },
        },
      ],
      ...spec,
    },
  });

const rows: Row[] = [
  // migcluster/validation.go validateURL / validateSaSecret
  {
    kind: 'MigCluster',
    condition: 'InvalidURL',
    why: 'validateURL: non-host cluster without an http(s) URL',
    good: base(),
    bad: [on(remote('src', { url: 'api.src:6443' })), on(storage())],
  },
  {
    kind: 'MigCluster',
    condition: 'InvalidSaSecretRef',
    why: 'validateSaSecret: RefSet(serviceAccountSecretRef) false',
    good: base(),
    bad: [on(remote('src', { serviceAccountSecretRef: { name: 'x' } })), on(storage())],
  },
  // migstorage/validation.go and cloudprovider/*.go Validate
  {
    kind: 'MigStorage',
    condition: 'InvalidBackupStorageProvider',
    why: 'validateBackupStorage: provider not aws|gcp|azure',
    good: base(),
    bad: [on(remote('src')), on(storage({ backupStorageProvider: 'minio' }))],
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidBackupStorageCredsSecretRef',
    why: 'validateBackupStorage: credsSecretRef not set',
    good: base(),
    bad: [on(remote('src')), on(storage({ backupStorageConfig: { awsBucketName: 'b' } }))],
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidBackupStorageSettings',
    why: 'AWSProvider.Validate: Bucket empty, SignatureVersion not "", "1" or "4"',
    good: base(),
    bad: [
      on(remote('src')),
      on(storage({ backupStorageConfig: { credsSecretRef: ref('c'), awsSignatureVersion: '2' } })),
    ],
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidVolumeSnapshotProvider',
    why: 'validateVolumeSnapshotStorage: provider set but unknown',
    good: base(),
    bad: [on(remote('src')), on(storage({ volumeSnapshotProvider: 'ceph' }))],
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidVolumeSnapshotCredsSecretRef',
    why: 'validateVolumeSnapshotStorage: provider set, credsSecretRef not',
    good: base(),
    bad: [
      on(remote('src')),
      on(storage({ volumeSnapshotProvider: 'aws', volumeSnapshotConfig: {} })),
    ],
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidVolumeSnapshotSettings',
    why: 'AzureProvider.Validate (VolumeSnapshot role): APITimeout empty',
    good: [
      on(remote('src')),
      on(
        storage({
          backupStorageProvider: 'azure',
          backupStorageConfig: {
            credsSecretRef: ref('c'),
            azureResourceGroup: 'rg',
            azureStorageAccount: 'sa',
            azureStorageContainer: 'c',
          },
          volumeSnapshotProvider: 'azure',
          volumeSnapshotConfig: {
            credsSecretRef: ref('c'),
            azureResourceGroup: 'rg',
            azureApiTimeout: '2m0s',
          },
        }),
      ),
    ],
    bad: [
      on(remote('src')),
      on(
        storage({
          backupStorageProvider: 'azure',
          backupStorageConfig: {
            credsSecretRef: ref('c'),
            azureResourceGroup: 'rg',
            azureStorageAccount: 'sa',
            azureStorageContainer: 'c',
          },
          volumeSnapshotProvider: 'azure',
          volumeSnapshotConfig: { credsSecretRef: ref('c'), azureResourceGroup: 'rg' },
        }),
      ),
    ],
  },
  // migplan/validation.go
  {
    kind: 'MigPlan',
    condition: 'InvalidSourceClusterRef',
    why: 'validateSourceCluster: MigCluster not found',
    good: base(plan()),
    bad: base(plan({ srcMigClusterRef: ref('nowhere') })),
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidDestinationClusterRef',
    why: 'validateDestinationCluster: ref not set',
    good: base(plan()),
    bad: base(plan({ destMigClusterRef: { name: 'host' } })),
  },
  {
    kind: 'MigPlan',
    condition: 'SourceClusterNoRegistryPath',
    why: 'validateSourceCluster: direct images, remote source without exposedRegistryPath',
    good: base(
      plan({ indirectImageMigration: false }),
      on(remote('src', { exposedRegistryPath: 'registry.apps.src' })),
    ).slice(1),
    bad: base(plan({ indirectImageMigration: false })),
  },
  {
    kind: 'MigPlan',
    condition: 'DestinationClusterNoRegistryPath',
    why: 'validateDestinationCluster: direct images, remote destination without exposedRegistryPath',
    good: base(
      plan({
        srcMigClusterRef: ref('host'),
        destMigClusterRef: ref('dst'),
        indirectImageMigration: false,
      }),
      remote('dst', { exposedRegistryPath: 'https://registry.apps.dst/' }),
    ),
    bad: base(
      plan({
        srcMigClusterRef: ref('host'),
        destMigClusterRef: ref('dst'),
        indirectImageMigration: false,
      }),
      remote('dst'),
    ),
  },
  {
    kind: 'MigPlan',
    condition: 'IntraClusterMigration',
    why: 'validatePossibleMigrationTypes: indirect volume migration within one cluster',
    good: base(conversion()),
    bad: base(conversion({ indirectVolumeMigration: true, migStorageRef: ref('s3') })),
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidStorageRef',
    why: 'validateStorage: an indirect flag makes it a namespace migration, which needs migStorageRef (NotSet)',
    good: base(conversion()),
    bad: base(conversion({ indirectImageMigration: true })),
  },
  {
    kind: 'MigPlan',
    condition: 'NamespaceListEmpty',
    why: 'validateNamespaces: count == 0',
    good: base(plan()),
    bad: base(plan({ namespaces: [], persistentVolumes: [] })),
  },
  {
    kind: 'MigPlan',
    condition: 'NamespaceLimitExceeded',
    why: 'validateNamespaces: count > Settings.Plan.NsLimit (10)',
    good: base(
      plan({ namespaces: Array.from({ length: 10 }, (_, i) => `n${i}`), persistentVolumes: [] }),
    ),
    bad: base(
      plan({ namespaces: Array.from({ length: 11 }, (_, i) => `n${i}`), persistentVolumes: [] }),
    ),
  },
  {
    kind: 'MigPlan',
    condition: 'DuplicateNamespaceOnSourceCluster',
    why: 'validateSourceNamespaces: listDuplicateNamespaces',
    good: base(plan({ namespaces: ['app', 'db'] })),
    bad: base(plan({ namespaces: ['app', 'app:other'] })),
  },
  {
    kind: 'MigPlan',
    condition: 'DuplicateNamespaceOnDestinationCluster',
    why: 'validateDestinationNamespaces: listDuplicateNamespaces',
    good: base(plan({ namespaces: ['app', 'db:data'] })),
    bad: base(plan({ namespaces: ['app', 'db:app'] })),
  },
  {
    kind: 'MigPlan',
    condition: 'NamespaceNotDNSCompliant',
    why: 'validateDestinationNamespaces: IsDNS1123Label',
    good: base(plan({ namespaces: ['app:new-app'] })),
    bad: base(plan({ namespaces: ['app:New_App'] })),
  },
  {
    kind: 'MigPlan',
    condition: 'PlanConflict',
    why: 'HasConflict: same cluster ref and a shared namespace',
    good: base(plan(), plan({ namespaces: ['other'], persistentVolumes: [] }, 'q')),
    bad: base(plan(), plan({ persistentVolumes: [] }, 'q')),
  },
  {
    kind: 'MigPlan',
    condition: 'PvInvalidAction',
    why: 'validatePvSelections: selection.action not in supported.actions',
    good: base(plan()),
    bad: base(plan({ persistentVolumes: [pv('app', 'data', { action: 'move' })] })),
  },
  {
    kind: 'MigPlan',
    condition: 'PvNoCopyMethodSelection',
    why: 'validatePvSelections: copy without copyMethod',
    good: base(plan()),
    bad: base(plan({ persistentVolumes: [pv('app', 'data', { copyMethod: '' })] })),
  },
  {
    kind: 'MigPlan',
    condition: 'PvInvalidCopyMethod',
    why: 'validatePvSelections: copyMethod not in supported.copyMethods',
    good: base(plan()),
    bad: base(plan({ persistentVolumes: [pv('app', 'data', {}, { copyMethods: ['snapshot'] })] })),
  },
  {
    kind: 'MigPlan',
    condition: 'PvInvalidAccessMode',
    why: 'validatePvSelections: accessMode not in validAccessModes',
    good: base(plan({ persistentVolumes: [pv('app', 'data', { accessMode: 'ReadWriteMany' })] })),
    bad: base(plan({ persistentVolumes: [pv('app', 'data', { accessMode: 'ReadWriteOncePod' })] })),
  },
  {
    kind: 'MigPlan',
    condition: 'StorageClassConversionUnavailable',
    why: 'validatePvSelections: skippedVolumes == len(list) in a storage-conversion plan',
    good: base(conversion()),
    bad: base(conversion({ persistentVolumes: [pv('app', 'data', { action: 'skip' })] })),
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidHookRef',
    why: 'validateHooks: MigHook not found',
    good: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreBackup',
            serviceAccount: 'sa',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
    bad: base(
      plan({
        hooks: [
          {
            reference: ref('gone'),
            phase: 'PreBackup',
            serviceAccount: 'sa',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidHookSAName',
    why: 'validateHooks: serviceAccount not a DNS-1123 subdomain',
    good: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreBackup',
            serviceAccount: 'sa.x',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
    bad: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreBackup',
            serviceAccount: 'SA',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidHookNSName',
    why: 'validateHooks: executionNamespace not a DNS-1123 label',
    good: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreBackup',
            serviceAccount: 'sa',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
    bad: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreBackup',
            serviceAccount: 'sa',
            executionNamespace: 'a.b',
          },
        ],
      }),
      hook(),
    ),
  },
  {
    kind: 'MigPlan',
    condition: 'HookPhaseUnknown',
    why: 'validateHooks: phase outside the four',
    good: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PostRestore',
            serviceAccount: 'sa',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
    bad: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreStage',
            serviceAccount: 'sa',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
  },
  {
    kind: 'MigPlan',
    condition: 'HookPhaseDuplicate',
    why: 'validateHooks: two hooks in one phase',
    good: base(
      plan({
        hooks: [
          {
            reference: ref('h'),
            phase: 'PreBackup',
            serviceAccount: 'sa',
            executionNamespace: 'app',
          },
        ],
      }),
      hook(),
    ),
    bad: base(
      plan({
        hooks: [1, 2].map(() => ({
          reference: ref('h'),
          phase: 'PreBackup',
          serviceAccount: 'sa',
          executionNamespace: 'app',
        })),
      }),
      hook(),
    ),
  },
  // directvolumemigration/validation.go validatePVCs
  {
    kind: 'MigPlan',
    condition: 'PVCsNotFoundOnSourceCluster',
    why: 'validatePVCs: a DVM PVC outside the source namespaces',
    good: base(plan()),
    bad: base(plan({ persistentVolumes: [pv('elsewhere', 'data')] })),
  },
  // migmigration/validation.go
  {
    kind: 'MigMigration',
    condition: 'InvalidPlanRef',
    why: 'validatePlan: MigPlan not found',
    good: base(plan(), migration('m', { stage: true })),
    bad: base(plan(), migration('m', { stage: true }, 0, 'gone')),
  },
  {
    kind: 'MigMigration',
    condition: 'PlanClosed',
    why: 'validatePlan: plan.Spec.Closed',
    good: base(plan(), migration('m', { stage: false })),
    bad: base(plan({ closed: true }), migration('m', { stage: false })),
  },
  {
    kind: 'MigMigration',
    condition: 'InvalidSpec',
    why: 'validateMigrationType: booleansCoexist(stage, migrateState)',
    good: base(plan(), migration('m', { stage: true })),
    bad: base(plan(), migration('m', { stage: true, migrateState: true })),
  },
  {
    kind: 'MigMigration',
    condition: 'Failed',
    why: 'validateMigrationType: intra-cluster, source and destination namespaces overlap, neither migrateState nor rollback',
    good: base(conversion(), migration('m', { stage: false, migrateState: true })),
    bad: base(conversion(), migration('m', { stage: false, rollback: false })),
  },
  {
    kind: 'MigMigration',
    condition: 'ConflictingPVCMappings',
    why: 'validateMigrationType: intra-cluster, a destination PVC is also a source PVC',
    good: base(
      plan({
        srcMigClusterRef: ref('host'),
        indirectImageMigration: false,
        namespaces: ['app:app2'],
      }),
      migration('m', { stage: false, migrateState: true }),
    ),
    bad: base(
      plan({
        srcMigClusterRef: ref('host'),
        indirectImageMigration: false,
        namespaces: ['app:app2', 'app2:app3'],
        persistentVolumes: [pv('app', 'data'), pv('app2', 'data')],
      }),
      migration('m', { stage: false, migrateState: true }),
    ),
  },
  {
    kind: 'MigMigration',
    condition: 'HasFinalMigration',
    why: 'validateFinalMigration: a stage after a final migration without a rollback between',
    good: base(
      plan(),
      migration('a', { stage: false }, 0),
      migration('r', { stage: false, rollback: true }, 1),
      migration('b', { stage: true }, 2),
    ),
    bad: base(plan(), migration('a', { stage: false }, 0), migration('b', { stage: true }, 1)),
  },
  // mighook/validation.go
  {
    kind: 'MigHook',
    condition: 'InvalidImage',
    why: 'validateImage: ReferenceRegexp',
    good: base(hook()),
    bad: base(hook({ image: 'Quay.io/UPPER/case:' })),
  },
  {
    kind: 'MigHook',
    condition: 'InvalidTargetCluster',
    why: 'validateTargetCluster: not source|destination',
    good: base(hook({ targetCluster: 'destination' })),
    bad: base(hook({ targetCluster: 'host' })),
  },
  {
    kind: 'MigHook',
    condition: 'InvalidPlaybookData',
    why: 'validatePlaybookData: base64.StdEncoding fails',
    good: base(hook({ custom: false, playbook: 'LSBob3N0czogYWxs' })),
    bad: base(hook({ custom: false, playbook: 'not base64!' })),
  },
  {
    kind: 'MigHook',
    condition: 'InvalidCustomHook',
    why: 'validateCustom: custom with a playbook',
    good: base(hook()),
    bad: base(hook({ playbook: 'LSBob3N0czogYWxs' })),
  },
  {
    kind: 'MigHook',
    condition: 'InvalidAnsibleHook',
    why: 'validateCustom: not custom and no playbook',
    good: base(hook({ custom: false, playbook: 'LSBob3N0czogYWxs' })),
    bad: base(hook({ custom: false })),
  },
];

const veleroRows: (Row & { rule: string })[] = [
  {
    rule: 'BackupStorageLocation provider/bucket',
    kind: 'BackupStorageLocation',
    condition: 'Unavailable',
    why: 'velero BSL: bucket required',
    good: [bsl()],
    bad: [bsl({ objectStorage: { bucket: '' } })],
  },
  {
    rule: 'VolumeSnapshotLocation provider',
    kind: 'VolumeSnapshotLocation',
    condition: 'Unavailable',
    why: 'velero VSL: provider required',
    good: [velero('VolumeSnapshotLocation', 'repo', { provider: 'aws' })],
    bad: [velero('VolumeSnapshotLocation', 'repo', {})],
  },
  {
    rule: 'Backup storage location',
    kind: 'Backup',
    condition: 'FailedValidation',
    why: 'prepareBackupRequest: BSL read-only',
    good: [bsl(), velero('Backup', 'b', { storageLocation: 'repo' })],
    bad: [bsl({ accessMode: 'ReadOnly' }), velero('Backup', 'b', { storageLocation: 'repo' })],
  },
  {
    rule: 'Backup namespace lists',
    kind: 'Backup',
    condition: 'FailedValidation',
    why: 'ValidateNamespaceIncludesExcludes: a namespace both included and excluded',
    good: [bsl(), velero('Backup', 'b', { storageLocation: 'repo', includedNamespaces: ['a'] })],
    bad: [
      bsl(),
      velero('Backup', 'b', {
        storageLocation: 'repo',
        includedNamespaces: ['a'],
        excludedNamespaces: ['a'],
      }),
    ],
  },
  {
    rule: 'Backup old and new filters',
    kind: 'Backup',
    condition: 'FailedValidation',
    why: 'prepareBackupRequest: includeClusterResources mixed with scoped filters',
    good: [
      bsl(),
      velero('Backup', 'b', {
        storageLocation: 'repo',
        includedClusterScopedResources: ['persistentvolumes'],
      }),
    ],
    bad: [
      bsl(),
      velero('Backup', 'b', {
        storageLocation: 'repo',
        includeClusterResources: false,
        includedClusterScopedResources: ['persistentvolumes'],
      }),
    ],
  },
  {
    rule: 'Restore source',
    kind: 'Restore',
    condition: 'FailedValidation',
    why: 'validateAndComplete: backup xor schedule',
    good: [bsl(), velero('Backup', 'b', {}), velero('Restore', 'r', { backupName: 'b' }, 'dst')],
    bad: [velero('Restore', 'r', {}, 'dst')],
  },
  {
    rule: 'Restore backup exists',
    kind: 'Restore',
    condition: 'FailedValidation',
    why: 'validateAndComplete: Error retrieving backup',
    good: [bsl(), velero('Backup', 'b', {}), velero('Restore', 'r', { backupName: 'b' }, 'dst')],
    bad: [velero('Restore', 'r', { backupName: 'gone' }, 'dst')],
  },
  {
    rule: 'Restore policy',
    kind: 'Restore',
    condition: 'FailedValidation',
    why: 'validateAndComplete: Invalid ExistingResourcePolicy',
    good: [
      bsl(),
      velero('Backup', 'b', {}),
      velero('Restore', 'r', { backupName: 'b', existingResourcePolicy: 'update' }, 'dst'),
    ],
    bad: [
      velero('Backup', 'b', {}),
      velero('Restore', 'r', { backupName: 'b', existingResourcePolicy: 'replace' }, 'dst'),
    ],
  },
  {
    rule: 'DPA velero config',
    kind: 'DataProtectionApplication',
    condition: 'Reconciled=False',
    why: 'ValidateDataProtectionCR: no backup locations',
    good: [dpa({})],
    bad: [dpa({ backupLocations: [] })],
  },
  {
    rule: 'DPA BSL',
    kind: 'DataProtectionApplication',
    condition: 'Reconciled=False',
    why: 'ValidateBackupStorageLocations: no default location',
    good: [dpa({})],
    bad: [
      dpa({
        backupLocations: [
          {
            name: 'repo',
            velero: {
              provider: 'aws',
              objectStorage: { bucket: 'b', prefix: 'velero' },
              config: { region: 'r' },
              credential: { name: 'c', key: 'cloud' },
            },
          },
        ],
      }),
    ],
  },
];

/** One diagnostic code per controller (src/diagnostics/codes.ts MP7001-MP7008). */
const codeFor: Record<string, string> = {
  MigCluster: 'MP7001',
  MigStorage: 'MP7002',
  MigPlan: 'MP7003',
  MigMigration: 'MP7004',
  MigHook: 'MP7005',
  BackupStorageLocation: 'MP7006',
  VolumeSnapshotLocation: 'MP7006',
  Backup: 'MP7007',
  Restore: 'MP7007',
  DataProtectionApplication: 'MP7008',
};

describe('admission check: one row per upstream condition (good is accepted, bad gets the condition)', () => {
  it.each([...rows, ...veleroRows])(
    '$kind $condition is an error with its controller code',
    (row) => {
      const ds = verify(row.bad, ctx).filter((d) => d.message.includes(` ${row.condition}:`));
      expect(ds.length).toBeGreaterThan(0);
      for (const d of ds) {
        expect(d.code).toBe(codeFor[row.kind]);
        expect(d.severity).toBe('error');
      }
    },
  );
  it.each(rows)('$kind $condition — $why', (row) => {
    expect(conditions(row.good)).toEqual([]);
    expect(conditions(row.bad)).toContain(row.condition);
  });
  it.each(veleroRows)('$kind $rule — $why', (row) => {
    expect(conditions(row.good)).toEqual([]);
    expect(conditions(row.bad)).toContain(row.condition);
  });
  it('every ported rule has a row', () => {
    const covered = new Set([...rows, ...veleroRows].map((r) => `${r.kind}/${r.condition}`));
    const missing = admissionRules.filter((r) => !covered.has(`${r.kind}/${r.condition}`));
    expect(missing.map((r) => `${r.kind}/${r.condition}`)).toEqual([]);
  });
});

describe('the deliberately broken object', () => {
  it('a MigPlan with an indirect flag and no storage is refused with InvalidStorageRef (migplan/validation.go validateStorage)', () => {
    const ds = verify(base(conversion({ indirectImageMigration: true })).slice(1), ctx);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.code).toBe('MP7003');
    expect(ds[0]?.severity).toBe('error');
    expect(ds[0]?.message).toContain('Critical condition InvalidStorageRef');
    expect(ds[0]?.message).toContain('pkg/controller/migplan/validation.go validateStorage');
  });
});

/**
 * migtools/mig-controller @3acf3578 pkg/controller/migmigration/validation_test.go
 * TestReconcileMigMigration_validateMigrationType, each case as written upstream (plans with no namespaces
 * and no PVs unless the case adds them; cluster "test-cluster" is both sides, so every plan is intra-cluster).
 */
describe('upstream migmigration/validation_test.go validateMigrationType cases', () => {
  const cluster = on(remote('test-cluster', { url: 'http://test-api.com:6444' }));
  const upstreamPlan = (ns: string[], pvcs: string[], src = 'test-cluster', dst = 'test-cluster') =>
    on(
      obj('MigPlan', 'migplan', {
        srcMigClusterRef: ref(src),
        destMigClusterRef: ref(dst),
        namespaces: ns,
        persistentVolumes: pvcs.map((p) => {
          const [n = '', name = ''] = p.split('/');
          return {
            name: `pv-${name}`,
            supported: { actions: ['copy'], copyMethods: ['filesystem'] },
            selection: { action: 'copy', copyMethod: 'filesystem' },
            pvc: { namespace: n, name },
          };
        }),
      }),
    );
  const only = (ms: Manifest[]) =>
    verify(ms, ctx)
      .filter((d) => d.code === 'MP7004')
      .map((d) => /condition (\S+):/.exec(d.message)?.[1]);
  const mig = (spec: O) => migration('m', spec, 0, 'migplan');
  it.each([
    ['only stage set to false: no critical condition', upstreamPlan([], []), { stage: false }, []],
    ['only stage set to true: no critical condition', upstreamPlan([], []), { stage: true }, []],
    [
      'stage false & rollback true: no critical condition',
      upstreamPlan([], []),
      { stage: false, rollback: true },
      [],
    ],
    [
      'stage false & migrateState true: no critical condition',
      upstreamPlan([], []),
      { stage: false, migrateState: true },
      [],
    ],
    [
      'stage & migrateState true: critical',
      upstreamPlan([], []),
      { stage: true, migrateState: true },
      ['InvalidSpec'],
    ],
    [
      'stage & rollback true: critical',
      upstreamPlan([], []),
      { stage: true, rollback: true },
      ['InvalidSpec'],
    ],
    [
      'stage & rollback & migrateState true: critical',
      upstreamPlan([], []),
      { stage: true, rollback: true, migrateState: true },
      ['InvalidSpec'],
    ],
    [
      'intra-cluster with no conflicting PVCs: no critical condition',
      upstreamPlan(
        ['ns-00:ns-00', 'ns-01:ns-01'],
        ['ns-00/pv-00:pv-01', 'ns-00/pv-02:pv-03', 'ns-01/pv-01:pv-02'],
      ),
      { migrateState: true },
      [],
    ],
    [
      'intra-cluster with conflicting PVCs: critical',
      upstreamPlan(['ns-00:ns-00'], ['ns-00/pv-00:pv-02', 'ns-00/pv-01:pv-02']),
      { migrateState: true },
      ['ConflictingPVCMappings'],
    ],
    [
      'intra-cluster final with conflicting namespaces: critical',
      upstreamPlan(['ns-00:ns-00', 'ns-01:ns-01'], []),
      { migrateState: false },
      ['Failed'],
    ],
  ] as const)('%s', (_name, p, spec, want) => {
    expect(only([cluster, p, mig(spec)])).toEqual(want);
  });
});

/**
 * migtools/mig-controller @3acf3578 pkg/controller/migplan/validation_test.go
 * TestReconcileMigPlan_validatePossibleMigrationTypes: the cases without existing migrations.
 */
describe('upstream migplan/validation_test.go validatePossibleMigrationTypes cases', () => {
  const cluster = on(remote('test-cluster', { url: 'http://test-api.com:6444' }));
  const intra = (namespaces: string[]) =>
    on(
      obj('MigPlan', 'migplan', {
        srcMigClusterRef: ref('test-cluster'),
        destMigClusterRef: ref('test-cluster'),
        namespaces,
      }),
    );
  it.each([
    [
      'intra-cluster, some namespaces mapped & some unmapped: critical',
      ['ns-00:ns-00', 'ns-01:ns-02'],
      'namespace-conflict',
    ],
    [
      'intra-cluster, zero mapped namespaces: storage conversion',
      ['ns-00', 'ns-01'],
      'storage-conversion',
    ],
    [
      'intra-cluster, all namespaces mapped: state migration',
      ['ns-00:ns-01', 'ns-02:ns-03'],
      'state',
    ],
  ] as const)('%s', (_name, namespaces, want) => {
    const plan = intra([...namespaces]);
    const world = new World([cluster, plan], ctx);
    const got = migrationType(plan.object, world);
    const critical = conditions([cluster, plan]).includes('IntraClusterMigration');
    if (want === 'namespace-conflict') {
      expect(got).toBe('unknown');
      expect(critical).toBe(true);
    } else {
      expect(got).toBe(want);
      expect(critical).toBe(false);
    }
  });
});

/**
 * migtools/mig-controller @3acf3578 pkg/apis/migration/v1alpha1/migplan_types_test.go
 * TestMigPlan_HasConflict, case by case, through the PlanConflict rule (validateConflict). The plan under
 * test is src -> dest in namespace "default" over ns-1; the upstream test has these two cases, both false.
 */
describe('upstream migplan_types_test.go TestMigPlan_HasConflict cases', () => {
  const at = (name: string, namespace: string) => ({ name, namespace });
  const plan = (name: string, spec: O) =>
    on({
      apiVersion: 'migration.openshift.io/v1alpha1',
      kind: 'MigPlan',
      metadata: { name, namespace: NS },
      spec: { migStorageRef: ref('s3'), indirectImageMigration: true, ...spec },
    });
  const r = plan('r', {
    srcMigClusterRef: at('src', 'default'),
    destMigClusterRef: at('dest', 'default'),
    namespaces: ['ns-1'],
    persistentVolumes: [pv('ns-1', 'pv1'), pv('ns-1', 'pv2', { action: 'skip' })],
  });
  const conflictOfR = (other: Manifest) =>
    verify([r, other], ctx).some(
      (d) => d.message.startsWith(`MigPlan ${NS}/r `) && d.message.includes('PlanConflict'),
    );
  it.each([
    [
      'Different refs',
      { srcMigClusterRef: at('src', 'other'), destMigClusterRef: at('dest', 'other') },
      false,
    ],
    [
      'Different namespaces',
      {
        srcMigClusterRef: at('src', 'default'),
        destMigClusterRef: at('dest', 'default'),
        namespaces: ['ns-2'],
      },
      false,
    ],
    // The true side HasConflict implements: a shared ref (here r's destination is the other's source).
    [
      'shared ref, same namespace (not an upstream case)',
      {
        srcMigClusterRef: at('dest', 'default'),
        destMigClusterRef: at('x', 'default'),
        namespaces: ['ns-1'],
      },
      true,
    ],
  ] as const)('%s', (_name, spec, want) => {
    expect(conflictOfR(plan('other', { ...spec }))).toBe(want);
  });
});
