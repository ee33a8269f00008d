import { expect } from 'vitest';
import type { Manifest } from '../src/render/types.js';
import type { O } from './helpers/mtc-objects.js';
import { fired, rowsOf, type VerifyRow } from './helpers/verify-fired.js';

/**
 * The Velero/OADP half of the admission check (src/verify/rules/velero.ts), row by row. Expected values are read
 * off the upstream code named in each row:
 *   vmware-tanzu/velero pkg/apis/velero/v1 (BackupStorageLocation, VolumeSnapshotLocation required fields);
 *   pkg/controller/backup_controller.go prepareBackupRequest (storage location lookup, read-only, namespace lists,
 *     oldAndNewFilterParametersUsedTogether); pkg/util/collections/includes_excludes.go
 *     ValidateNamespaceIncludesExcludes, ValidateIncludesExcludes, validateNamespaceName (Velero < 1.18: "*" read
 *     as a letter, "" allowed); pkg/controller/restore_controller.go validateAndComplete (backupXorScheduleProvided,
 *     nonRestorableResources, ExistingResourcePolicy, Error retrieving backup);
 *   openshift/oadp-operator internal/controller/validator.go ValidateDataProtectionCR, bsl.go
 *     ValidateBackupStorageLocations, ensureBackupLocationHasVeleroOrCloudStorage, ensurePrefixWhenBackupImages,
 *     ensureSecretDataExists, validate{AWS,Azure,GCP}BackupStorageLocation, ReconcileBackupStorageLocations (names),
 *     registry.go getSecretNameAndKey (default Secret when no credential).
 */

const velero = (
  kind: string,
  name: string,
  spec: O,
  cluster = 'src',
  namespace = 'velero',
): Manifest => ({
  cluster,
  group: 'plans',
  object: {
    apiVersion: 'velero.io/v1',
    kind,
    metadata: { name, namespace },
    spec,
  },
});
const bsl = (spec: O = {}, name = 'repo', cluster = 'src', namespace = 'velero') =>
  velero(
    'BackupStorageLocation',
    name,
    { provider: 'aws', objectStorage: { bucket: 'b', prefix: 'velero' }, ...spec },
    cluster,
    namespace,
  );
const backup = (spec: O = {}, cluster = 'src', namespace = 'velero') =>
  velero('Backup', 'b', spec, cluster, namespace);
const restore = (spec: O = {}) => velero('Restore', 'r', { backupName: 'b', ...spec }, 'dst');

/** A valid OADP velero location: aws, default, bucket and prefix, a region, a credential. */
const loc = (velero: O = {}, name: string | null = 'repo') => ({
  ...(name === null ? {} : { name }),
  velero: {
    provider: 'aws',
    default: true,
    objectStorage: { bucket: 'b', prefix: 'velero' },
    config: { region: 'us-east-1' },
    credential: { name: 'cloud-credentials', key: 'cloud' },
    ...velero,
  },
});
/** A valid OADP bucket (CloudStorage) location. */
const cloudLoc = (bucket: O = {}, name = 'cs') => ({
  name,
  bucket: {
    cloudStorageRef: { name: 'bucket-cr' },
    prefix: 'velero',
    credential: { name: 'cloud-credentials', key: 'cloud' },
    default: true,
    ...bucket,
  },
});
const dpa = (spec: O = {}, cluster = 'src'): Manifest => ({
  cluster,
  group: 'plans',
  object: {
    apiVersion: 'oadp.openshift.io/v1alpha1',
    kind: 'DataProtectionApplication',
    metadata: { name: 'migplan', namespace: 'openshift-adp' },
    spec: {
      configuration: { velero: { defaultPlugins: ['openshift', 'aws'] } },
      backupLocations: [loc()],
      ...spec,
    },
  },
});

/** Code, category/phase and upstream file of each kind (docs/diagnostics.md MP7006-MP7008). */
const KIND: Record<string, [code: string, category: string, condition: string, upstream: string]> =
  {
    BackupStorageLocation: [
      'MP7006',
      'phase',
      'Unavailable',
      'vmware-tanzu/velero pkg/apis/velero/v1/backupstoragelocation_types.go',
    ],
    VolumeSnapshotLocation: [
      'MP7006',
      'phase',
      'Unavailable',
      'vmware-tanzu/velero pkg/apis/velero/v1/volume_snapshot_location_type.go',
    ],
    Backup: [
      'MP7007',
      'phase',
      'FailedValidation',
      'vmware-tanzu/velero pkg/controller/backup_controller.go prepareBackupRequest',
    ],
    Restore: [
      'MP7007',
      'phase',
      'FailedValidation',
      'vmware-tanzu/velero pkg/controller/restore_controller.go validateAndComplete',
    ],
    DataProtectionApplication: [
      'MP7008',
      'Error',
      'Reconciled=False',
      'openshift/oadp-operator internal/controller/',
    ],
  };

/** [object, the upstream function (or part of the cited rule), fragments the message must name]. */
type Want = [object: string, rule: string, ...says: string[]];
/** `some`: the operator stops at its first error. */
type Row = VerifyRow<Want>;

const BSL = 'BackupStorageLocation velero/repo';
const B = 'Backup velero/b';
const BA = 'Backup openshift-adp/b';
const R = 'Restore velero/r';
const D = 'DataProtectionApplication openshift-adp/migplan';
const CR = 'validator.go ValidateDataProtectionCR';
const LOCS = 'bsl.go ValidateBackupStorageLocations';

function check(row: Row): void {
  const got = fired(row.objects);
  for (const f of got) {
    const kind = f.object.split(' ')[0] ?? '';
    const [code, category, condition, upstream] = KIND[kind] ?? ['?', '?', '?', '?'];
    expect([f.code, f.category, f.condition], f.object).toEqual([code, category, condition]);
    expect(f.upstream.startsWith(upstream), f.upstream).toBe(true);
    expect(f.cluster).toBe(
      row.objects.find(
        (m) =>
          `${m.object.kind} ${m.object.metadata.namespace}/${m.object.metadata.name}` === f.object,
      )?.cluster,
    );
  }
  if (!row.some) expect(got.map((f) => f.object).sort()).toEqual(row.want.map(([o]) => o).sort());
  for (const [object, rule, ...says] of row.want) {
    const match = got.filter(
      (f) =>
        f.object === object && f.upstream.includes(rule) && says.every((s) => f.why.includes(s)),
    );
    expect(match.length, `${object} [${rule}] ${says.join(' | ')}: ${JSON.stringify(got)}`).toBe(1);
  }
}

const rows = rowsOf(check);

// ---------------------------------------------------------------------------------------------------------------
rows('BackupStorageLocation and VolumeSnapshotLocation: velero v1 types', [
  {
    name: 'a BSL without a provider',
    cite: 'BackupStorageLocationSpec.Provider required',
    objects: [bsl({ provider: '' })],
    want: [[BSL, 'provider, objectStorage.bucket required', 'spec.provider']],
  },
  {
    name: 'a BSL without objectStorage',
    cite: 'BackupStorageLocationSpec.StorageType.ObjectStorage.Bucket required',
    objects: [bsl({ objectStorage: undefined })],
    want: [[BSL, 'backupstoragelocation_types.go', 'spec.objectStorage.bucket']],
  },
  {
    name: 'a VSL with a provider',
    cite: 'VolumeSnapshotLocationSpec.Provider required',
    objects: [velero('VolumeSnapshotLocation', 'vsl', { provider: 'velero.io/aws' })],
    want: [],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
rows('Backup storage location: backup_controller.go prepareBackupRequest', [
  {
    name: 'the named BSL exists on the same cluster and namespace',
    cite: 'kbClient.Get(request.Namespace, Spec.StorageLocation)',
    objects: [bsl({ accessMode: 'ReadWrite' }), backup({ storageLocation: 'repo' })],
    want: [],
  },
  {
    name: 'the named BSL is on another cluster',
    cite: 'kbClient.Get on the cluster the Backup is created on: NotFound',
    objects: [bsl({}, 'repo', 'dst'), backup({ storageLocation: 'repo' })],
    want: [[B, 'prepareBackupRequest', 'repo', 'src']],
  },
  {
    name: 'the named BSL is in another namespace',
    cite: 'kbClient.Get(ObjectKey{Namespace: request.Namespace, ...}): NotFound',
    objects: [bsl({}, 'repo', 'src', 'openshift-adp'), backup({ storageLocation: 'repo' })],
    want: [[B, 'prepareBackupRequest', 'repo', 'velero']],
  },
  {
    name: 'no storageLocation: the BSL marked default',
    cite: 'StorageLocation == "": the listed BSL with Spec.Default',
    objects: [bsl({ default: false }, 'other'), bsl({ default: true }), backup()],
    want: [],
  },
  {
    name: 'no storageLocation and no default BSL: the server default, named "default"',
    cite: 'StorageLocation = b.defaultBackupLocation (--default-backup-storage-location, default "default")',
    objects: [bsl({ default: false }, 'default'), backup()],
    want: [],
  },
  {
    name: 'no storageLocation, no default BSL and none named "default"',
    cite: 'the server default "default" does not exist',
    objects: [bsl({ default: false }), backup()],
    want: [[B, 'prepareBackupRequest', '(default)']],
  },
  {
    name: 'the default BSL is read-only',
    cite: '"backup can\'t be created because backup storage location %s is currently in read-only mode"',
    objects: [bsl({ default: true, accessMode: 'ReadOnly' }), backup()],
    want: [[B, 'prepareBackupRequest', 'repo', 'read-only']],
  },
  {
    name: 'a DPA location without a name is <dpa>-<index+1>',
    cite: 'ReconcileBackupStorageLocations: bslName = fmt.Sprintf("%s-%d", dpa name, i+1)',
    objects: [
      dpa({ backupLocations: [loc({}, 'first'), loc({ default: false }, null)] }),
      backup({ storageLocation: 'migplan-2' }, 'src', 'openshift-adp'),
    ],
    want: [],
  },
  {
    name: 'the first DPA location is <dpa>-1, not <dpa>-2',
    cite: 'ReconcileBackupStorageLocations: i+1',
    objects: [
      dpa({ backupLocations: [loc({}, null)] }),
      backup({ storageLocation: 'migplan-2' }, 'src', 'openshift-adp'),
    ],
    want: [[BA, 'prepareBackupRequest', 'migplan-2']],
  },
  {
    name: 'a DPA location with a name keeps it; the default one is found without storageLocation',
    cite: 'ReconcileBackupStorageLocations: bslSpec.Name; BSL Spec.Default from the location',
    objects: [dpa(), backup({}, 'src', 'openshift-adp')],
    want: [],
  },
  {
    name: 'a read-only DPA location',
    cite: 'updateBSLFromSpec copies accessMode; prepareBackupRequest read-only',
    objects: [
      dpa({ backupLocations: [loc({ accessMode: 'ReadOnly' })] }),
      backup({ storageLocation: 'repo' }, 'src', 'openshift-adp'),
    ],
    want: [[BA, 'prepareBackupRequest', 'read-only']],
  },
  {
    name: 'a DPA bucket (CloudStorage) location is a BSL too, and can be the default',
    cite: 'ReconcileBackupStorageLocations: CloudStorage -> BSL with Spec.Default = CloudStorage.Default',
    objects: [dpa({ backupLocations: [cloudLoc()] }), backup({}, 'src', 'openshift-adp')],
    want: [],
  },
  {
    name: 'a DPA on another cluster creates no BSL here',
    cite: 'the DPA reconciles BSLs in its own namespace on its own cluster',
    objects: [dpa({}, 'dst'), backup({ storageLocation: 'repo' }, 'src', 'openshift-adp')],
    want: [[BA, 'prepareBackupRequest', 'repo']],
  },
]);

// ---------------------------------------------------------------------------------------------------------------
const withNs = (kind: 'Backup' | 'Restore', spec: O): Manifest[] =>
  kind === 'Backup'
    ? [bsl(), backup({ storageLocation: 'repo', ...spec })]
    : [backup({ storageLocation: 'repo' }), bsl(), restore(spec)];
const nsRow = (
  kind: 'Backup' | 'Restore',
  name: string,
  cite: string,
  spec: O,
  says?: string[],
): Row => ({
  name: `${kind}: ${name}`,
  cite,
  objects: withNs(kind, spec),
  want: says
    ? [[kind === 'Backup' ? B : R, 'Invalid included/excluded namespace lists', ...says]]
    : [],
});

rows('namespace lists: collections.ValidateNamespaceIncludesExcludes', [
  ...(['Backup', 'Restore'] as const).flatMap((kind) => [
    nsRow(kind, 'a glob is a valid name', 'validateNamespaceName: "*" read as "x"', {
      includedNamespaces: ['team-*'],
      excludedNamespaces: ['team-*-tmp'],
    }),
    nsRow(kind, '"*" alone', 'ValidateIncludesExcludes', { includedNamespaces: ['*'] }),
    nsRow(kind, 'an empty name means no namespace', 'validateNamespaceName: ns == "" -> nil', {
      includedNamespaces: [''],
    }),
    nsRow(
      kind,
      '"*" with another namespace',
      'ValidateIncludesExcludes: "includes list must either contain \'*\' only, or a non-empty list of items"',
      { includedNamespaces: ['*', 'app'] },
      ["'*' only"],
    ),
    nsRow(
      kind,
      '"*" excluded',
      'ValidateIncludesExcludes: "excludes list cannot contain \'*\'"',
      { excludedNamespaces: ['*'] },
      ["excludes list cannot contain '*'"],
    ),
    nsRow(
      kind,
      'one namespace both included and excluded',
      'ValidateIncludesExcludes: "excludes list cannot contain an item in the includes list: %v"',
      { includedNamespaces: ['shop', 'blog'], excludedNamespaces: ['shop'] },
      ['includes list', 'shop'],
    ),
    nsRow(
      kind,
      'an upper-case namespace',
      'validateNamespaceName: ValidateNamespaceName (DNS-1123 label)',
      { includedNamespaces: ['Shop'] },
      ['Shop'],
    ),
    nsRow(
      kind,
      'an excluded namespace with "_"',
      'validateNamespaceName',
      { excludedNamespaces: ['my_ns'] },
      ['my_ns'],
    ),
    nsRow(kind, 'a 63-character namespace', 'DNS-1123 label: 63', {
      includedNamespaces: ['n'.repeat(63)],
    }),
    nsRow(
      kind,
      'a 64-character namespace',
      'DNS-1123 label: more than 63',
      { includedNamespaces: ['n'.repeat(64)] },
      ['n'.repeat(64)],
    ),
  ]),
]);

// ---------------------------------------------------------------------------------------------------------------
const filters = (name: string, cite: string, spec: O, says?: string[]): Row => ({
  name,
  cite,
  objects: [bsl(), backup({ storageLocation: 'repo', ...spec })],
  want: says ? [[B, 'old and new resource filters mixed', ...says]] : [],
});

rows('Backup resource filters: oldAndNewFilterParametersUsedTogether', [
  filters('an empty includedResources is not an old filter', 'len(IncludedResources) > 0', {
    includedResources: [],
    includedClusterScopedResources: ['persistentvolumes'],
  }),
  filters('a null includeClusterResources is not set', 'IncludeClusterResources != nil', {
    includeClusterResources: null,
    excludedNamespaceScopedResources: ['secrets'],
  }),
  filters('empty new filters are not new filters', 'len(...ScopedResources) > 0', {
    includeClusterResources: true,
    includedClusterScopedResources: [],
    excludedClusterScopedResources: [],
    includedNamespaceScopedResources: [],
    excludedNamespaceScopedResources: [],
  }),
  filters('old filters alone', 'haveNewResourceFilterParameters false', {
    includedResources: ['pods'],
    excludedResources: ['secrets'],
  }),
  filters(
    'excludedResources with excludedNamespaceScopedResources',
    'old && new -> "They cannot be used together"',
    { excludedResources: ['secrets'], excludedNamespaceScopedResources: ['pods'] },
    ['excludedResources', 'excludedNamespaceScopedResources'],
  ),
  filters(
    'includedResources with excludedClusterScopedResources',
    'old && new',
    { includedResources: ['pods'], excludedClusterScopedResources: ['nodes'] },
    ['includedResources', 'excludedClusterScopedResources'],
  ),
  filters(
    'includeClusterResources false with includedNamespaceScopedResources',
    'IncludeClusterResources != nil (false is set)',
    { includeClusterResources: false, includedNamespaceScopedResources: ['configmaps'] },
    ['includeClusterResources', 'includedNamespaceScopedResources'],
  ),
]);

// ---------------------------------------------------------------------------------------------------------------
const NON_RESTORABLE = [
  'nodes',
  'events',
  'events.events.k8s.io',
  'backups.velero.io',
  'restores.velero.io',
  'resticrepositories.velero.io',
  'csinodes.storage.k8s.io',
  'volumeattachments.storage.k8s.io',
  'backuprepositories.velero.io',
];
const restoreRow = (name: string, cite: string, spec: O, want: Want[] = []): Row => ({
  name,
  cite,
  objects: [backup({ storageLocation: 'repo' }), bsl(), restore(spec)],
  want,
});

rows('Restore: restore_controller.go validateAndComplete', [
  restoreRow('from a schedule only', 'backupXorScheduleProvided: ScheduleName alone', {
    backupName: '',
    scheduleName: 'nightly',
  }),
  restoreRow(
    'from a backup and a schedule',
    'backupXorScheduleProvided: "Either a backup or schedule must be specified as a source for the restore, but not both"',
    { scheduleName: 'nightly' },
    [[R, 'a backup or a schedule', 'not both']],
  ),
  restoreRow('existingResourcePolicy none', 'IsResourcePolicyValid: none | update', {
    existingResourcePolicy: 'none',
  }),
  restoreRow(
    'existingResourcePolicy in the wrong case',
    'validateAndComplete: "Invalid ExistingResourcePolicy: %s"',
    { existingResourcePolicy: 'Update' },
    [[R, 'Invalid ExistingResourcePolicy', 'Update']],
  ),
  restoreRow(
    'every non-restorable resource is named, and only those',
    'nonRestorableResources: "%v are non-restorable resources"',
    { includedResources: ['nodes', 'pods', ...NON_RESTORABLE.slice(1), 'node'] },
    [[R, 'non-restorable resources', `${NON_RESTORABLE.join(', ')} are non-restorable`]],
  ),
  restoreRow(
    'a backup that is not emitted',
    'validateAndComplete: "Error retrieving backup"',
    { backupName: 'yesterday' },
    [[R, 'Error retrieving backup', 'yesterday']],
  ),
]);

// ---------------------------------------------------------------------------------------------------------------
const dpaRow = (name: string, cite: string, spec: O, want: Want[] = [], some?: true): Row => ({
  name,
  cite,
  objects: [dpa(spec)],
  want,
  ...(some ? { some } : {}),
});

rows('DataProtectionApplication: validator.go ValidateDataProtectionCR', [
  dpaRow(
    'no configuration',
    'Spec.Configuration == nil -> "DPA CR Velero configuration cannot be nil"',
    {
      configuration: undefined,
    },
    [[D, CR, 'Velero configuration cannot be nil']],
  ),
  dpaRow(
    'configuration without velero',
    'Spec.Configuration.Velero == nil',
    { configuration: {} },
    [[D, CR, 'Velero configuration cannot be nil']],
  ),
  dpaRow(
    'noDefaultBackupLocation, no locations, backupImages false',
    'NoDefaultBackupLocation: no locations and !BackupImages()',
    {
      configuration: { velero: { noDefaultBackupLocation: true } },
      backupLocations: [],
      backupImages: false,
    },
  ),
  dpaRow(
    'noDefaultBackupLocation with backupImages unset',
    '"backupImages needs to be set to false when noDefaultBackupLocation is set" (BackupImages() is true when nil)',
    { configuration: { velero: { noDefaultBackupLocation: true } }, backupLocations: [] },
    [[D, CR, 'backupImages needs to be set to false']],
  ),
  dpaRow(
    'noDefaultBackupLocation with a location',
    '"DPA CR Velero configuration cannot have backup locations if noDefaultBackupLocation is set"',
    {
      configuration: { velero: { noDefaultBackupLocation: true } },
      backupLocations: [loc({ default: false })],
      backupImages: false,
    },
    [[D, CR, 'cannot have backup locations']],
  ),
  dpaRow(
    'no locations and no noDefaultBackupLocation',
    '"no backupstoragelocations configured" (returned before ValidateBackupStorageLocations)',
    { backupLocations: undefined },
    [[D, CR, 'no backupstoragelocations configured']],
    true,
  ),
]);

rows('DataProtectionApplication: bsl.go ValidateBackupStorageLocations', [
  dpaRow(
    'a location with neither velero nor bucket',
    'ensureBackupLocationHasVeleroOrCloudStorage',
    { backupLocations: [{ name: 'x' }] },
    [[D, LOCS, 'velero and bucket']],
  ),
  dpaRow(
    'a location with both velero and bucket',
    'ensureBackupLocationHasVeleroOrCloudStorage: "cannot have both"',
    { backupLocations: [{ ...loc(), bucket: cloudLoc().bucket }] },
    [[D, LOCS, 'velero and bucket']],
  ),
  dpaRow(
    'no velero prefix while backupImages is unset',
    'ensurePrefixWhenBackupImages: "BackupLocation must have velero prefix when backupImages is not set to false"',
    { backupLocations: [loc({ objectStorage: { bucket: 'b' } })] },
    [[D, LOCS, 'velero prefix']],
  ),
  dpaRow(
    'no velero prefix with backupImages false',
    'ensurePrefixWhenBackupImages: r.dpa.BackupImages()',
    {
      backupLocations: [loc({ objectStorage: { bucket: 'b' } })],
      backupImages: false,
    },
  ),
  dpaRow(
    'no credential: the plugin default Secret is used',
    'getSecretNameAndKey: PluginSpecificFields[plugin].SecretName / PluginSecretKey',
    { backupLocations: [loc({ credential: undefined })] },
  ),
  dpaRow(
    'a credential without a key',
    'getSecretNameAndKey: "secret key specified for location cannot be empty"',
    { backupLocations: [loc({ credential: { name: 'c' } })] },
    [[D, LOCS, 'credential secret name and key']],
  ),
  dpaRow(
    'a credential without a name',
    'getSecretNameAndKey: "secret name specified for location cannot be empty"',
    { backupLocations: [loc({ credential: { key: 'cloud' } })] },
    [[D, LOCS, 'credential secret name and key']],
  ),
  dpaRow(
    'two default locations',
    '"Only one Storage Location be set as default"',
    { backupLocations: [loc(), loc({}, 'second')] },
    [[D, LOCS, 'Only one Storage Location be set as default']],
  ),
  dpaRow(
    'a location named default that is not the default',
    '"Storage location named \'default\' must be set as default"',
    { backupLocations: [loc(), loc({ default: false }, 'default')] },
    [[D, LOCS, "named 'default' must be set as default"]],
  ),
  dpaRow('a location named default that is the default', 'numDefaultLocations++', {
    backupLocations: [loc({}, 'default')],
  }),
  dpaRow(
    'no default location',
    '"no default backupstoragelocations configured"',
    { backupLocations: [loc({ default: false })] },
    [[D, LOCS, 'no default backupstoragelocations']],
  ),
  dpaRow('provider velero.io/gcp', 'switch provider: GCPProvider, "velero.io/gcp"', {
    backupLocations: [loc({ provider: 'velero.io/gcp', config: {} })],
  }),
  dpaRow(
    'provider azure with resource group and storage account',
    'validateAzureBackupStorageLocation',
    {
      backupLocations: [
        loc({ provider: 'azure', config: { resourceGroup: 'rg', storageAccount: 'sa' } }),
      ],
    },
  ),
  dpaRow(
    'provider azure without a storage account',
    'validateAzureBackupStorageLocation: "storageAccount for Azure backupstoragelocation config cannot be empty"',
    { backupLocations: [loc({ provider: 'azure', config: { resourceGroup: 'rg' } })] },
    [[D, LOCS, 'storageAccount']],
  ),
  dpaRow(
    'provider azure without a resource group',
    'validateAzureBackupStorageLocation: "resourceGroup for Azure backupstoragelocation config cannot be empty"',
    { backupLocations: [loc({ provider: 'azure', config: { storageAccount: 'sa' } })] },
    [[D, LOCS, 'resourceGroup']],
  ),
  dpaRow(
    'an unknown provider',
    'switch provider default: "invalid provider"',
    { backupLocations: [loc({ provider: 'minio' })] },
    [[D, LOCS, 'invalid provider', 'minio']],
  ),
  dpaRow(
    'no provider',
    '"no provider specified for one of the backupstoragelocations configured"',
    { backupLocations: [loc({ provider: '' })] },
    [[D, LOCS, 'provider']],
  ),
  dpaRow(
    'an empty bucket',
    'validateGCPBackupStorageLocation: "bucket name for GCP backupstoragelocation cannot be empty"',
    {
      backupLocations: [loc({ provider: 'gcp', objectStorage: { bucket: '', prefix: 'velero' } })],
    },
    [[D, LOCS, 'bucket name', 'gcp']],
  ),
  dpaRow(
    's3ForcePathStyle without a region',
    'validateAWSBackupStorageLocation: region not discoverable when s3ForcePathStyle == "true"',
    { backupLocations: [loc({ config: { s3ForcePathStyle: 'true' } })] },
    [[D, LOCS, 'region']],
  ),
  dpaRow('s3ForcePathStyle with a region', 'validateAWSBackupStorageLocation', {
    backupLocations: [loc({ config: { s3ForcePathStyle: 'true', region: 'us-east-1' } })],
  }),
  dpaRow('gcp ignores s3ForcePathStyle', 'validateGCPBackupStorageLocation checks no region', {
    backupLocations: [loc({ provider: 'gcp', config: { s3ForcePathStyle: 'true' } })],
  }),
  dpaRow('s3ForcePathStyle false without a region', 'validateAWSBackupStorageLocation', {
    backupLocations: [loc({ config: { s3ForcePathStyle: 'false' } })],
  }),
  dpaRow(
    'a bucket (CloudStorage) location as the one default',
    'ValidateBackupStorageLocations: CloudStorage.Default counts',
    {
      backupLocations: [cloudLoc(), loc({ default: false })],
    },
  ),
  dpaRow(
    'a bucket location and a velero location both default',
    'numDefaultLocations > 1',
    { backupLocations: [cloudLoc(), loc()] },
    [[D, LOCS, 'Only one Storage Location']],
  ),
  dpaRow(
    'a bucket location without a prefix',
    'ensurePrefixWhenBackupImages: "BackupLocation must have cloud storage prefix when backupImages is not set to false"',
    { backupLocations: [cloudLoc({ prefix: '' })] },
    [[D, LOCS, 'cloud storage prefix']],
  ),
  dpaRow('a bucket location without a prefix, backupImages false', 'ensurePrefixWhenBackupImages', {
    backupLocations: [cloudLoc({ prefix: '' })],
    backupImages: false,
  }),
  dpaRow(
    'a bucket location without a credential',
    'ensureSecretDataExists: CloudStorage.Credential == nil -> "must provide a valid credential secret"',
    { backupLocations: [cloudLoc({ credential: undefined })] },
    [[D, LOCS, 'credential secret']],
  ),
  dpaRow(
    'a bucket location whose credential has no key',
    'ensureSecretDataExists: "must provide a valid credential secret key"',
    { backupLocations: [cloudLoc({ credential: { name: 'c' } })] },
    [[D, LOCS, 'credential secret']],
  ),
  dpaRow(
    'a bucket location named default that is not the default',
    '"Storage location named \'default\' must be set as default"',
    { backupLocations: [loc(), cloudLoc({ default: false }, 'default')] },
    [[D, LOCS, "named 'default'"]],
  ),
]);
