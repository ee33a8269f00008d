import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from '../../spec/spec.js';
import { asRef, bool, list, spec, str, type Obj } from '../world.js';
import {
  destinationNamespaces,
  hasMappedPvc,
  hasRegistryPath,
  isIntraCluster,
  migrationType,
  namespaceMapping,
  planOf,
  pvEntries,
  sourceNamespaces,
  type PvEntry,
} from './mtc-model.js';
import { MTC, type AdmissionRule } from './rule.js';

const PLAN = `${MTC} pkg/controller/migplan/validation.go`;
const MIGRATION = `${MTC} pkg/controller/migmigration/validation.go`;

/**
 * A Go duration (time.ParseDuration); cloudprovider Validate checks snapshotCreationTimeout with it. Micro signs
 * escaped: the CLI bundles stay ASCII, which the loader reads as one-byte text.
 */
export const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/**
 * The image reference grammar mighook/regexp.go ReferenceRegexp ports from docker/distribution:
 * [domain[:port]/]component(/component)*[:tag][@digest].
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?`;
export const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?` +
    '(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

const duplicates = (xs: readonly string[]): string[] =>
  [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))].sort();

const joinRef = (v: unknown): string => {
  const r = v as { name?: unknown; namespace?: unknown } | undefined;
  return `${str(r?.namespace)}/${str(r?.name)}`;
};

/** The provider fields cloudprovider/{aws,azure,gcp}.go Validate requires for the BackupStorage role. */
function backupStorageFieldErrors(provider: string, c: Obj): string[] {
  const out: string[] = [];
  if (provider === 'aws') {
    if (!str(c['awsBucketName'])) out.push('Bucket');
    if (!['', '1', '4'].includes(str(c['awsSignatureVersion']))) out.push('SignatureVersion');
    for (const [key, field] of [
      ['awsS3Url', 'S3URL'],
      ['awsPublicUrl', 'PublicURL'],
    ] as const) {
      // url.Parse(u).Scheme is what precedes the first ':', lower-cased (Go net/url getScheme + ToLower).
      if (str(c[key]) && !/^https?:/i.test(str(c[key]))) out.push(field);
    }
  } else if (provider === 'azure') {
    if (!str(c['azureResourceGroup'])) out.push('ResourceGroup');
    if (!str(c['azureStorageAccount'])) out.push('StorageAccount');
    if (!str(c['azureStorageContainer'])) out.push('StorageContainer');
  } else if (provider === 'gcp') {
    if (!str(c['gcpBucket'])) out.push('Bucket');
  }
  return out;
}

/** The fields cloudprovider/*.go Validate requires for the VolumeSnapshot role. */
function volumeSnapshotFieldErrors(provider: string, c: Obj): string[] {
  const out: string[] = [];
  if (provider === 'azure') {
    if (!str(c['azureResourceGroup'])) out.push('ResourceGroup');
    if (!str(c['azureApiTimeout'])) out.push('APITimeout');
  }
  const timeout = str(c['snapshotCreationTimeout']);
  if (timeout && !GO_DURATION.test(timeout)) out.push('SnapshotCreationTimeout');
  return out;
}

const PROVIDERS = ['aws', 'azure', 'gcp'];

const migClusterRules: AdmissionRule[] = [
  {
    kind: 'MigCluster',
    condition: 'InvalidURL',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/migcluster/validation.go validateURL`,
    check: (o) => {
      const s = spec(o);
      if (bool(s['isHostCluster'])) return undefined;
      const url = str(s['url']);
      if (!url) return 'spec.url is required for a non-host cluster';
      // url.Parse(url).Scheme (what precedes the first ':', lower-cased) must be http or https.
      return /^https?:/i.test(url) ? undefined : `url ${url} is not http(s)`;
    },
  },
  {
    kind: 'MigCluster',
    condition: 'InvalidSaSecretRef',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/migcluster/validation.go validateSaSecret`,
    check: (o) =>
      !bool(spec(o)['isHostCluster']) && !asRef(spec(o)['serviceAccountSecretRef'])
        ? 'serviceAccountSecretRef must name a Secret (name and namespace)'
        : undefined,
  },
];

const migStorageRules: AdmissionRule[] = [
  {
    kind: 'MigStorage',
    condition: 'InvalidBackupStorageProvider',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/migstorage/validation.go validateBackupStorage`,
    check: (o) => {
      const p = str(spec(o)['backupStorageProvider']);
      return PROVIDERS.includes(p)
        ? undefined
        : `backupStorageProvider "${p}" is not aws, gcp or azure`;
    },
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidBackupStorageCredsSecretRef',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/migstorage/validation.go validateBackupStorage`,
    check: (o) =>
      asRef((spec(o)['backupStorageConfig'] as Obj | undefined)?.['credsSecretRef'])
        ? undefined
        : 'backupStorageConfig.credsSecretRef must name a Secret',
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidBackupStorageSettings',
    category: 'Critical',
    upstream: `${MTC} pkg/cloudprovider/{aws,azure,gcp}.go Validate (BackupStorage role)`,
    check: (o) => {
      const s = spec(o);
      const fields = backupStorageFieldErrors(
        str(s['backupStorageProvider']),
        (s['backupStorageConfig'] as Obj | undefined) ?? {},
      );
      return fields.length
        ? `backupStorageConfig lacks or has invalid ${fields.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidVolumeSnapshotProvider',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/migstorage/validation.go validateVolumeSnapshotStorage`,
    check: (o) => {
      const p = str(spec(o)['volumeSnapshotProvider']);
      return p === '' || PROVIDERS.includes(p)
        ? undefined
        : `volumeSnapshotProvider "${p}" is not aws, gcp or azure`;
    },
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidVolumeSnapshotCredsSecretRef',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/migstorage/validation.go validateVolumeSnapshotStorage`,
    check: (o) => {
      const s = spec(o);
      if (!str(s['volumeSnapshotProvider'])) return undefined;
      return asRef((s['volumeSnapshotConfig'] as Obj | undefined)?.['credsSecretRef'])
        ? undefined
        : 'volumeSnapshotConfig.credsSecretRef must name a Secret';
    },
  },
  {
    kind: 'MigStorage',
    condition: 'InvalidVolumeSnapshotSettings',
    category: 'Critical',
    upstream: `${MTC} pkg/cloudprovider/{aws,azure,gcp}.go Validate (VolumeSnapshot role)`,
    check: (o) => {
      const s = spec(o);
      const p = str(s['volumeSnapshotProvider']);
      // Without a volumeSnapshotProvider the controller runs no Validate for the snapshot role.
      if (!p) return undefined;
      const fields = volumeSnapshotFieldErrors(
        p,
        (s['volumeSnapshotConfig'] as Obj | undefined) ?? {},
      );
      return fields.length
        ? `volumeSnapshotConfig lacks or has invalid ${fields.join(', ')}`
        : undefined;
    },
  },
];

const clusterRefRule = (side: 'src' | 'dest', condition: string, fn: string): AdmissionRule => ({
  kind: 'MigPlan',
  condition,
  category: 'Critical',
  upstream: `${PLAN} ${fn}`,
  check: (o, w) => {
    const ref = spec(o)[`${side}MigClusterRef`];
    if (!asRef(ref)) return `${side}MigClusterRef is not set`;
    return w.migCluster(ref)
      ? undefined
      : `MigCluster ${joinRef(ref)} is neither emitted nor the operator's host MigCluster`;
  },
});

const registryPathRule = (side: 'src' | 'dest', condition: string, fn: string): AdmissionRule => ({
  kind: 'MigPlan',
  condition,
  category: 'Critical',
  upstream: `${PLAN} ${fn}, setMigrationType`,
  check: (o, w) => {
    if (bool(spec(o)['indirectImageMigration'])) return undefined;
    const cluster = w.migCluster(spec(o)[`${side}MigClusterRef`]);
    if (!cluster || hasRegistryPath(cluster)) return undefined;
    // State and storage-conversion plans migrate no images: setMigrationType deletes the condition.
    const type = migrationType(o, w);
    if (type === 'state' || type === 'storage-conversion') return undefined;
    return `direct image migration is selected and MigCluster ${joinRef(spec(o)[`${side}MigClusterRef`])} has no exposedRegistryPath`;
  },
});

/**
 * validatePvSelections: an entry whose action is not supported is reported as PvInvalidAction and `continue`d, so
 * only the others are counted as skipped or checked as copies.
 */
const actionSupported = (pv: PvEntry): boolean =>
  (pv.supported.actions.length ? pv.supported.actions : ['']).includes(pv.selection.action);
const validCopy = (pv: PvEntry): boolean => actionSupported(pv) && pv.selection.action === 'copy';

const migPlanRules: AdmissionRule[] = [
  clusterRefRule('src', 'InvalidSourceClusterRef', 'validateSourceCluster'),
  clusterRefRule('dest', 'InvalidDestinationClusterRef', 'validateDestinationCluster'),
  registryPathRule('src', 'SourceClusterNoRegistryPath', 'validateSourceCluster'),
  registryPathRule('dest', 'DestinationClusterNoRegistryPath', 'validateDestinationCluster'),
  {
    kind: 'MigPlan',
    condition: 'IntraClusterMigration',
    category: 'Critical',
    upstream: `${PLAN} validatePossibleMigrationTypes`,
    check: (o, w) => {
      if (!isIntraCluster(o, w)) return undefined;
      if (bool(spec(o)['indirectVolumeMigration'])) {
        return 'indirect volume migration cannot be used in intra-cluster migrations';
      }
      if (bool(spec(o)['indirectImageMigration'])) return undefined;
      const mapping = namespaceMapping(o);
      const mapped = mapping.filter(([a, b]) => a !== b).length;
      return mapped > 0 && mapped < mapping.length
        ? 'an intra-cluster plan maps either all or none of its namespaces (ConflictingNamespaces)'
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidStorageRef',
    category: 'Critical',
    upstream: `${PLAN} validateStorage`,
    check: (o, w) => {
      if (migrationType(o, w) === 'storage-conversion') return undefined;
      const ref = spec(o)['migStorageRef'];
      if (!asRef(ref)) {
        const flags = ['indirectImageMigration', 'indirectVolumeMigration'].filter((f) =>
          bool(spec(o)[f]),
        );
        return flags.length
          ? `spec.migStorageRef is not set, and ${flags.join(' and ')} make it a namespace migration that needs one (NotSet)`
          : 'spec.migStorageRef is not set and this is not a storage-conversion plan (NotSet)';
      }
      return w.find('MigStorage', asRef(ref)?.namespace, asRef(ref)?.name)
        ? undefined
        : `MigStorage ${joinRef(ref)} is not emitted (NotFound)`;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'NamespaceListEmpty',
    category: 'Critical',
    upstream: `${PLAN} validateNamespaces`,
    check: (o) =>
      list(spec(o)['namespaces']).length === 0 ? 'spec.namespaces is empty' : undefined,
  },
  {
    kind: 'MigPlan',
    condition: 'NamespaceLimitExceeded',
    category: 'Critical',
    upstream: `${PLAN} validateNamespaces`,
    check: (o, w) => {
      const n = list(spec(o)['namespaces']).length;
      return n > w.ctx.namespaceLimit
        ? `${n} namespaces exceed the namespace limit ${w.ctx.namespaceLimit}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'DuplicateNamespaceOnSourceCluster',
    category: 'Critical',
    upstream: `${PLAN} validateSourceNamespaces, listDuplicateNamespaces`,
    check: (o) => {
      const d = duplicates(sourceNamespaces(o));
      return d.length ? `source namespaces listed twice: ${d.join(', ')}` : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'DuplicateNamespaceOnDestinationCluster',
    category: 'Critical',
    upstream: `${PLAN} validateDestinationNamespaces, listDuplicateNamespaces`,
    check: (o) => {
      const d = duplicates(destinationNamespaces(o));
      return d.length ? `destination namespaces listed twice: ${d.join(', ')}` : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'NamespaceNotDNSCompliant',
    category: 'Critical',
    upstream: `${PLAN} validateDestinationNamespaces (validation.IsDNS1123Label)`,
    check: (o) => {
      const bad = destinationNamespaces(o).filter((n) => !DNS1123_LABEL.test(n) || n.length > 63);
      return bad.length
        ? `destination namespaces are not DNS-1123 labels: ${bad.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'PlanConflict',
    category: 'Error',
    upstream: `${MTC} pkg/apis/migration/v1alpha1/migplan_types.go HasConflict (validateConflict)`,
    check: (o, w) => {
      const refs = (p: Obj) =>
        [spec(p)['srcMigClusterRef'], spec(p)['destMigClusterRef']].map(joinRef);
      const mine = refs(o);
      const names = new Set(list(spec(o)['namespaces']).map(str));
      // Plans found through the namespaces they list (an index), not by comparing every pair of plans.
      const sharing = new Set([...names].flatMap((n) => w.plansListing(n)));
      const others = [...sharing]
        // migapi.ListPlans (model.go) lists open plans only (ClosedIndexField false).
        .filter((p) => p !== o && !bool(spec(p)['closed']) && refs(p).some((r) => mine.includes(r)))
        .sort((a, b) => w.orderInKind(a) - w.orderInKind(b))
        .map((p) => p.metadata.name);
      return others.length
        ? `shares clusters and namespaces with plan(s) ${others.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'PvInvalidAction',
    category: 'Error',
    upstream: `${PLAN} validatePvSelections`,
    check: (o, w) => {
      const bad = pvEntries(o, w)
        .filter((pv) => !actionSupported(pv))
        .map((pv) => pv.name);
      return bad.length
        ? `PVs whose action is not among supported.actions: ${bad.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'PvNoCopyMethodSelection',
    category: 'Error',
    upstream: `${PLAN} validatePvSelections`,
    check: (o, w) => {
      const bad = pvEntries(o, w)
        .filter((pv) => validCopy(pv) && !pv.selection.copyMethod)
        .map((pv) => pv.name);
      return bad.length ? `copied PVs without selection.copyMethod: ${bad.join(', ')}` : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'PvInvalidCopyMethod',
    category: 'Error',
    upstream: `${PLAN} validatePvSelections`,
    check: (o, w) => {
      const bad = pvEntries(o, w)
        .filter(
          (pv) =>
            validCopy(pv) &&
            pv.selection.copyMethod !== '' &&
            !pv.supported.copyMethods.includes(pv.selection.copyMethod),
        )
        .map((pv) => pv.name);
      return bad.length
        ? `copied PVs whose copyMethod is not supported: ${bad.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'PvInvalidAccessMode',
    category: 'Error',
    upstream: `${PLAN} validatePvSelections (validAccessModes)`,
    check: (o, w) => {
      const valid = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'auto'];
      const bad = pvEntries(o, w)
        .filter(
          // Checked only for a copy with a storage class chosen (no class: PvNoStorageClassSelection, a warning).
          (pv) =>
            validCopy(pv) &&
            pv.selection.storageClass !== '' &&
            pv.selection.accessMode !== '' &&
            !valid.includes(pv.selection.accessMode),
        )
        .map((pv) => pv.name);
      return bad.length ? `PVs with an invalid accessMode: ${bad.join(', ')}` : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'StorageClassConversionUnavailable',
    category: 'Critical',
    upstream: `${PLAN} validatePvSelections (storage class conversion specific validations)`,
    check: (o, w) => {
      if (migrationType(o, w) !== 'storage-conversion') return undefined;
      const pvs = pvEntries(o, w);
      return pvs.every((pv) => actionSupported(pv) && pv.selection.action === 'skip')
        ? 'at least one PVC must be selected for storage class conversion; every PV is skipped'
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidHookRef',
    category: 'Critical',
    upstream: `${PLAN} validateHooks`,
    check: (o, w) => {
      const missing = list(spec(o)['hooks'])
        .map((h) => (h as Obj)['reference'])
        .filter((r) => !w.find('MigHook', asRef(r)?.namespace, asRef(r)?.name))
        .map(joinRef);
      return missing.length
        ? `referenced MigHooks are not emitted: ${missing.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidHookSAName',
    category: 'Critical',
    upstream: `${PLAN} validateHooks (validation.IsDNS1123Subdomain)`,
    check: (o) => {
      const bad = list(spec(o)['hooks'])
        .map((h) => str((h as Obj)['serviceAccount']))
        .filter((sa) => !DNS1123_SUBDOMAIN.test(sa) || sa.length > 253);
      return bad.length
        ? `hook serviceAccount is not a DNS-1123 subdomain: ${bad.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'InvalidHookNSName',
    category: 'Critical',
    upstream: `${PLAN} validateHooks (validation.IsDNS1123Label)`,
    check: (o) => {
      const bad = list(spec(o)['hooks'])
        .map((h) => str((h as Obj)['executionNamespace']))
        .filter((ns) => !DNS1123_LABEL.test(ns) || ns.length > 63);
      return bad.length
        ? `hook executionNamespace is not a DNS-1123 label: ${bad.join(', ')}`
        : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'HookPhaseUnknown',
    category: 'Critical',
    upstream: `${PLAN} validateHooks`,
    check: (o) => {
      const bad = list(spec(o)['hooks'])
        .map((h) => str((h as Obj)['phase']))
        .filter((p) => !['PreBackup', 'PostBackup', 'PreRestore', 'PostRestore'].includes(p));
      return bad.length ? `unknown hook phase(s): ${bad.join(', ')}` : undefined;
    },
  },
  {
    kind: 'MigPlan',
    condition: 'HookPhaseDuplicate',
    category: 'Critical',
    upstream: `${PLAN} validateHooks`,
    check: (o) => {
      const d = duplicates(list(spec(o)['hooks']).map((h) => str((h as Obj)['phase'])));
      return d.length ? `more than one hook in phase(s) ${d.join(', ')}` : undefined;
    },
  },
];

/** The flags of a MigMigration: stage, migrateState, rollback. */
const flags = (o: Obj) => ({
  stage: bool(spec(o)['stage']),
  migrateState: bool(spec(o)['migrateState']),
  rollback: bool(spec(o)['rollback']),
});

const migMigrationRules: AdmissionRule[] = [
  {
    kind: 'MigMigration',
    condition: 'InvalidPlanRef',
    category: 'Critical',
    upstream: `${MIGRATION} validatePlan`,
    check: (o, w) => {
      const ref = spec(o)['migPlanRef'];
      if (!asRef(ref)) return 'migPlanRef is not set (NotSet)';
      return planOf(o, w) ? undefined : `MigPlan ${joinRef(ref)} is not emitted (NotFound)`;
    },
  },
  {
    kind: 'MigMigration',
    condition: 'PlanClosed',
    category: 'Critical',
    upstream: `${MIGRATION} validatePlan`,
    check: (o, w) =>
      bool(spec(planOf(o, w) ?? {})['closed']) ? 'the MigPlan is closed' : undefined,
  },
  {
    kind: 'MigMigration',
    condition: 'InvalidSpec',
    category: 'Critical',
    upstream: `${MIGRATION} validateMigrationType (booleansCoexist)`,
    check: (o) => {
      const f = flags(o);
      return [f.stage, f.migrateState, f.rollback].filter(Boolean).length > 1
        ? 'only one of stage, migrateState and rollback can be set'
        : undefined;
    },
  },
  {
    kind: 'MigMigration',
    condition: 'InvalidSpec',
    category: 'Critical',
    upstream: `${MIGRATION} validateMigrationType (mapped PVCs)`,
    check: (o, w) => {
      const f = flags(o);
      const plan = planOf(o, w);
      if (!plan || f.migrateState || f.rollback) return undefined;
      return hasMappedPvc(plan, w)
        ? 'the plan maps PVCs to other names (a storage conversion always does): Stage/Final migrations are not possible, only migrateState or rollback'
        : undefined;
    },
  },
  {
    kind: 'MigMigration',
    condition: 'Failed',
    category: 'Critical',
    upstream: `${MIGRATION} validateMigrationType (intra-cluster namespace conflict)`,
    check: (o, w) => {
      const f = flags(o);
      const plan = planOf(o, w);
      if (!plan || f.migrateState || f.rollback || !isIntraCluster(plan, w)) return undefined;
      const dest = new Set(destinationNamespaces(plan));
      const overlap = sourceNamespaces(plan).filter((n) => dest.has(n));
      return overlap.length
        ? `intra-cluster plan with source and destination namespace(s) ${overlap.join(', ')}: Stage/Final are not possible`
        : undefined;
    },
  },
  {
    kind: 'MigMigration',
    condition: 'ConflictingPVCMappings',
    category: 'Critical',
    upstream: `${MIGRATION} validateMigrationType (intra-cluster PVC mappings)`,
    check: (o, w) => {
      const plan = planOf(o, w);
      if (!plan || !isIntraCluster(plan, w)) return undefined;
      const ns = new Map(namespaceMapping(plan));
      const conversion = migrationType(plan, w) === 'storage-conversion';
      const pvs = pvEntries(plan, w);
      const src = pvs.map((pv) => `${pv.pvc.namespace}/${pv.pvc.source}`);
      // A conversion plan's targets get the controller's "-mig-<suffix>" names (pvlist.go getMappedNameForPVC).
      const dest = pvs.map(
        (pv) =>
          `${ns.get(pv.pvc.namespace) ?? ''}/${conversion && pv.pvc.source === pv.pvc.target ? `${pv.pvc.source}-mig-xxxx` : pv.pvc.target}`,
      );
      const conflicts = src.filter((s) => dest.includes(s));
      if (conflicts.length) return `source PVCs are also destination PVCs: ${conflicts.join(', ')}`;
      return new Set(src).size !== new Set(dest).size
        ? 'two source PVCs map to the same destination PVC'
        : undefined;
    },
  },
  {
    kind: 'MigMigration',
    condition: 'HasFinalMigration',
    category: 'Critical',
    upstream: `${MIGRATION} validateFinalMigration`,
    check: (o, w, m) => {
      const planRef = asRef(spec(o)['migPlanRef']);
      const order = m.migration?.order ?? 0;
      if (!planRef || flags(o).rollback) return undefined;
      // The plan's earlier migrations, newest first, as validateFinalMigration walks them (each assumed to succeed).
      const earlier = w.manifests
        .filter((x) => x.object.kind === 'MigMigration' && x.migration && x.migration.order < order)
        .filter(
          (x) => joinRef(spec(x.object)['migPlanRef']) === `${planRef.namespace}/${planRef.name}`,
        )
        .sort((a, b) => (b.migration?.order ?? 0) - (a.migration?.order ?? 0));
      for (const x of earlier) {
        const f = flags(x.object);
        if (f.stage || f.migrateState || bool(spec(x.object)['canceled'])) continue;
        if (f.rollback) return undefined;
        return `a final migration (${x.object.metadata.name}) of the plan ran before it`;
      }
      return undefined;
    },
  },
];

const HOOK = `${MTC} pkg/controller/mighook/validation.go`;

const migHookRules: AdmissionRule[] = [
  {
    kind: 'MigHook',
    condition: 'InvalidImage',
    category: 'Critical',
    upstream: `${HOOK} validateImage (regexp.go ReferenceRegexp)`,
    check: (o) =>
      IMAGE_REFERENCE.test(str(spec(o)['image']))
        ? undefined
        : `image "${str(spec(o)['image'])}" is not an image reference`,
  },
  {
    kind: 'MigHook',
    condition: 'InvalidTargetCluster',
    category: 'Critical',
    upstream: `${HOOK} validateTargetCluster`,
    check: (o) =>
      ['source', 'destination'].includes(str(spec(o)['targetCluster']))
        ? undefined
        : 'targetCluster must be source or destination',
  },
  {
    kind: 'MigHook',
    condition: 'InvalidPlaybookData',
    category: 'Critical',
    upstream: `${HOOK} validatePlaybookData`,
    check: (o) => {
      // base64.StdEncoding.DecodeString skips '\r' and '\n' (encoding/base64: "New line characters are ignored").
      const p = str(spec(o)['playbook']).replace(/[\r\n]/g, '');
      return p === '' || /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(p)
        ? undefined
        : 'playbook is not standard base64';
    },
  },
  {
    kind: 'MigHook',
    condition: 'InvalidCustomHook',
    category: 'Critical',
    upstream: `${HOOK} validateCustom`,
    check: (o) =>
      bool(spec(o)['custom']) && str(spec(o)['playbook'])
        ? 'a custom hook has a playbook'
        : undefined,
  },
  {
    kind: 'MigHook',
    condition: 'InvalidAnsibleHook',
    category: 'Critical',
    upstream: `${HOOK} validateCustom`,
    check: (o) =>
      !bool(spec(o)['custom']) && !str(spec(o)['playbook'])
        ? 'an Ansible hook has no playbook'
        : undefined,
  },
];

/**
 * The DirectVolumeMigration that migmigration/dvm.go builds from the plan's copied filesystem/block PVs:
 * its PVCs are looked up in the source namespaces (directvolumemigration/validation.go validatePVCs).
 */
const dvmRules: AdmissionRule[] = [
  {
    kind: 'MigPlan',
    condition: 'PVCsNotFoundOnSourceCluster',
    category: 'Critical',
    upstream: `${MTC} pkg/controller/directvolumemigration/validation.go validatePVCs`,
    check: (o, w) => {
      if (bool(spec(o)['indirectVolumeMigration'])) return undefined;
      const namespaces = new Set(sourceNamespaces(o));
      const bad = pvEntries(o, w)
        .filter((pv) => pv.selection.action === 'copy' && pv.selection.copyMethod !== 'snapshot')
        .filter((pv) => !namespaces.has(pv.pvc.namespace))
        .map((pv) => `${pv.pvc.namespace}/${pv.pvc.source}`);
      return bad.length
        ? `DVM PVCs outside the plan's source namespaces: ${bad.join(', ')}`
        : undefined;
    },
  },
];

/**
 * migplan_controller.go Reconcile returns after handleClosed when spec.closed is true: a closed plan is never
 * validated (it only gets the Closed condition), and no migration of it runs (PlanClosed).
 */
const whenOpen = (rule: AdmissionRule): AdmissionRule => ({
  ...rule,
  check: (o, w, m) => (bool(spec(o)['closed']) ? undefined : rule.check(o, w, m)),
});

export const mtcRules: readonly AdmissionRule[] = [
  ...migClusterRules,
  ...migStorageRules,
  ...migPlanRules.map(whenOpen),
  ...migMigrationRules,
  ...migHookRules,
  ...dvmRules.map(whenOpen),
];
