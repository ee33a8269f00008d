import type { Manifest } from '../../render/types.js';
import { DNS1123_LABEL } from '../../spec/spec.js';
import { list, spec, str, type Obj, type World } from '../world.js';
import { OADP, VELERO, type AdmissionRule } from './rule.js';

const BACKUP = `${VELERO} pkg/controller/backup_controller.go prepareBackupRequest`;
const RESTORE = `${VELERO} pkg/controller/restore_controller.go validateAndComplete`;
const DPA_BSL = `${OADP} internal/controller/bsl.go ValidateBackupStorageLocations`;

/** The storage locations on a cluster: BackupStorageLocations, and those an OADP DPA creates (bsl.go). */
function locationsOn(w: World, cluster: string, namespace: string): { name: string; spec: Obj }[] {
  const out: { name: string; spec: Obj }[] = [];
  for (const m of w.manifests.filter((x) => x.cluster === cluster)) {
    const o = m.object;
    if ((o.metadata.namespace ?? '') !== namespace) continue;
    if (o.kind === 'BackupStorageLocation') out.push({ name: o.metadata.name, spec: spec(o) });
    if (o.kind === 'DataProtectionApplication') {
      list(spec(o)['backupLocations']).forEach((raw, i) => {
        const loc = raw as Obj;
        const cloud = loc['bucket'] as Obj | undefined;
        // A bucket (CloudStorage) location becomes a BSL too, with its `default` (and no accessMode).
        const bsl = (loc['velero'] as Obj | undefined) ?? (cloud && { default: cloud['default'] });
        // ReconcileBackupStorageLocations: the location's name, else <dpa>-<index+1>.
        if (bsl) out.push({ name: str(loc['name']) || `${o.metadata.name}-${i + 1}`, spec: bsl });
      });
    }
  }
  return out;
}

/**
 * collections.ValidateNamespaceIncludesExcludes (ValidateIncludesExcludes, then validateNamespaceName): '*' alone
 * in the includes, never in the excludes, no namespace both included and excluded, and every name valid once each
 * '*' is read as a letter ("" means no namespace and is allowed).
 */
function namespaceListErrors(o: Obj): string | undefined {
  const inc = list(spec(o)['includedNamespaces']).map(str);
  const exc = new Set(list(spec(o)['excludedNamespaces']).map(str));
  if (new Set(inc).size > 1 && inc.includes('*'))
    return "includes list must either contain '*' only, or a non-empty list of items";
  if (exc.has('*')) return "excludes list cannot contain '*'";
  const both = inc.filter((n) => exc.has(n));
  if (both.length)
    return `excludes list cannot contain an item in the includes list: ${both.join(', ')}`;
  const bad = [...inc, ...exc].filter((n) => {
    const name = n.replaceAll('*', 'x');
    return n !== '' && !(DNS1123_LABEL.test(name) && name.length <= 63);
  });
  return bad.length ? `invalid namespace names: ${bad.join(', ')}` : undefined;
}

/** restore_controller.go nonRestorableResources. */
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

const veleroRules: AdmissionRule[] = [
  {
    kind: 'BackupStorageLocation',
    condition: 'Unavailable',
    category: 'phase',
    upstream: `${VELERO} pkg/apis/velero/v1/backupstoragelocation_types.go (provider, objectStorage.bucket required)`,
    check: (o) => {
      const s = spec(o);
      if (!str(s['provider'])) return 'spec.provider is empty';
      return str((s['objectStorage'] as Obj | undefined)?.['bucket'])
        ? undefined
        : 'spec.objectStorage.bucket is empty';
    },
  },
  {
    kind: 'VolumeSnapshotLocation',
    condition: 'Unavailable',
    category: 'phase',
    upstream: `${VELERO} pkg/apis/velero/v1/volume_snapshot_location_type.go (provider required)`,
    check: (o) => (str(spec(o)['provider']) ? undefined : 'spec.provider is empty'),
  },
  {
    kind: 'Backup',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: BACKUP,
    check: (o, w, m: Manifest) => {
      const name = str(spec(o)['storageLocation']);
      const here = locationsOn(w, m.cluster, o.metadata.namespace ?? '');
      // No storageLocation: the BSL marked default, else the server's --default-backup-storage-location ("default").
      const loc = name
        ? here.find((l) => l.name === name)
        : (here.find((l) => l.spec['default'] === true) ?? here.find((l) => l.name === 'default'));
      if (!loc)
        return `the backup storage location ${name || '(default)'} does not exist on ${m.cluster} in ${o.metadata.namespace ?? ''}`;
      return str(loc.spec['accessMode']) === 'ReadOnly'
        ? `backup storage location ${loc.name} is in read-only mode on ${m.cluster}`
        : undefined;
    },
  },
  {
    kind: 'Backup',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: `${BACKUP} (Invalid included/excluded namespace lists)`,
    check: (o) => namespaceListErrors(o),
  },
  {
    kind: 'Backup',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: `${BACKUP} (old and new resource filters mixed)`,
    check: (o) => {
      const s = spec(o);
      // oldAndNewFilterParametersUsedTogether: non-empty old lists, or includeClusterResources set at all.
      const old = ['includedResources', 'excludedResources', 'includeClusterResources'].filter(
        (k) =>
          k === 'includeClusterResources'
            ? s[k] !== undefined && s[k] !== null
            : list(s[k]).length > 0,
      );
      const scoped = [
        'includedClusterScopedResources',
        'excludedClusterScopedResources',
        'includedNamespaceScopedResources',
        'excludedNamespaceScopedResources',
      ].filter((k) => list(s[k]).length > 0);
      return old.length && scoped.length
        ? `${old.join(', ')} cannot be used with ${scoped.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'Restore',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: `${RESTORE} (a backup or a schedule, not both)`,
    check: (o) => {
      const s = spec(o);
      return Boolean(str(s['backupName'])) === Boolean(str(s['scheduleName']))
        ? 'either a backup or schedule must be specified as a source for the restore, but not both'
        : undefined;
    },
  },
  {
    kind: 'Restore',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: `${RESTORE} (Error retrieving backup)`,
    check: (o, w) => {
      const name = str(spec(o)['backupName']);
      return !name || w.ofKind('Backup').some((b) => b.metadata.name === name)
        ? undefined
        : `backup ${name} is not emitted, so it will not be in the bucket`;
    },
  },
  {
    kind: 'Restore',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: `${RESTORE} (Invalid included/excluded namespace lists)`,
    check: (o) => namespaceListErrors(o),
  },
  {
    kind: 'Restore',
    condition: 'FailedValidation',
    category: 'phase',
    upstream: `${RESTORE} (Invalid ExistingResourcePolicy, non-restorable resources)`,
    check: (o) => {
      const s = spec(o);
      const policy = str(s['existingResourcePolicy']);
      if (policy && !['none', 'update'].includes(policy)) {
        return `invalid existingResourcePolicy ${policy}`;
      }
      const bad = list(s['includedResources'])
        .map(str)
        .filter((r) => NON_RESTORABLE.includes(r));
      return bad.length ? `${bad.join(', ')} are non-restorable resources` : undefined;
    },
  },
];

const dpaRules: AdmissionRule[] = [
  {
    kind: 'DataProtectionApplication',
    condition: 'Reconciled=False',
    category: 'Error',
    upstream: `${OADP} internal/controller/validator.go ValidateDataProtectionCR`,
    check: (o) => {
      const s = spec(o);
      const velero = (s['configuration'] as Obj | undefined)?.['velero'] as Obj | undefined;
      if (!velero) return 'DPA CR Velero configuration cannot be nil';
      const locations = list(s['backupLocations']).length;
      if (velero['noDefaultBackupLocation'] !== true) {
        return locations === 0 ? 'no backupstoragelocations configured' : undefined;
      }
      if (locations !== 0)
        return 'DPA CR Velero configuration cannot have backup locations if noDefaultBackupLocation is set';
      return s['backupImages'] !== false
        ? 'backupImages needs to be set to false when noDefaultBackupLocation is set'
        : undefined;
    },
  },
  {
    kind: 'DataProtectionApplication',
    condition: 'Reconciled=False',
    category: 'Error',
    upstream: DPA_BSL,
    check: (o) => {
      const s = spec(o);
      const backupImages = s['backupImages'] !== false;
      let defaults = 0;
      for (const raw of list(s['backupLocations'])) {
        const loc = raw as Obj;
        const cloud = loc['bucket'] as Obj | undefined;
        if (!loc['velero'] === !cloud) {
          return 'a backup location must have exactly one of velero and bucket configuration';
        }
        if (cloud) {
          // A bucket (CloudStorage) location: prefix, a credential, and it counts towards the one default.
          if (!str(cloud['prefix']) && backupImages) {
            return 'BackupLocation must have cloud storage prefix when backupImages is not set to false';
          }
          const credential = cloud['credential'] as Obj | undefined;
          if (!credential || !str(credential['name']) || !str(credential['key'])) {
            return 'must provide a valid credential secret name and key';
          }
          if (cloud['default'] === true) defaults++;
          else if (str(loc['name']) === 'default')
            return "Storage location named 'default' must be set as default";
          continue;
        }
        const velero = loc['velero'] as Obj;
        const objectStorage = (velero['objectStorage'] as Obj | undefined) ?? {};
        if (!str(objectStorage['prefix']) && backupImages) {
          return 'BackupLocation must have velero prefix when backupImages is not set to false';
        }
        // registry.go getSecretNameAndKey: without a credential the plugin's default Secret and key are used.
        const credential = velero['credential'] as Obj | undefined;
        if (credential && (!str(credential['name']) || !str(credential['key']))) {
          return 'must provide a valid credential secret name and key';
        }
        if (velero['default'] === true) defaults++;
        else if (str(loc['name']) === 'default')
          return "Storage location named 'default' must be set as default";
        const provider = str(velero['provider']).replace(/^velero\.io\//, '');
        if (!['aws', 'azure', 'gcp'].includes(provider)) return `invalid provider "${provider}"`;
        if (!str(objectStorage['bucket']))
          return `bucket name for ${provider} backupstoragelocation cannot be empty`;
        const config = (velero['config'] as Obj | undefined) ?? {};
        // validateAWSBackupStorageLocation: with s3ForcePathStyle the region cannot be discovered.
        if (
          provider === 'aws' &&
          !str(config['region']) &&
          str(config['s3ForcePathStyle']) === 'true'
        ) {
          return 'region for AWS backupstoragelocation not automatically discoverable';
        }
        if (
          provider === 'azure' &&
          (!str(config['resourceGroup']) || !str(config['storageAccount']))
        ) {
          return 'resourceGroup and storageAccount for Azure backupstoragelocation config cannot be empty';
        }
      }
      if (defaults > 1) return 'Only one Storage Location be set as default';
      const velero = ((s['configuration'] as Obj | undefined)?.['velero'] as Obj | undefined) ?? {};
      return defaults === 0 && velero['noDefaultBackupLocation'] !== true
        ? 'no default backupstoragelocations configured'
        : undefined;
    },
  },
];

export const veleroAdmissionRules: readonly AdmissionRule[] = [...veleroRules, ...dpaRules];
