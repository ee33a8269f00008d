import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { MigrationPlan, PlanDecision } from '../plan/types.js';
import { namespacePairs, type ReplicationRepository, type Spec } from '../spec/spec.js';
import { atLeast, veleroNamespace, veleroVersionOf } from '../spec/velero.js';
import type { Job } from './render.js';
import { pushAll } from '../util/arrays.js';
import { byKey } from '../util/objects.js';
import { migrationName } from '../spec/spec.js';

/**
 * The Velero engine: storage locations (or an OADP DataProtectionApplication) on both clusters, the
 * change-storage-class ConfigMap on the target, and Backups (source) / Restores (target) as actions.
 */
export function veleroJobs(mp: MigrationPlan): { jobs: Job[]; diagnostics: Diagnostic[] } {
  const spec = mp.spec;
  const repo = spec.spec.replicationRepository;
  const jobs: Job[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!repo) return { jobs, diagnostics };
  const ns = veleroNamespace(spec);
  const oadp = spec.spec.velero?.install === 'oadp';
  const sources = new Set(mp.plans.map((p) => p.source));
  const clusters = [...new Set(mp.plans.flatMap((p) => [p.source, p.target]))].sort();
  const snapshots = mp.plans.some((p) =>
    p.pvs.some((d) => d.action === 'copy' && d.copyMethod === 'snapshot'),
  );
  for (const cluster of clusters) {
    const writes = sources.has(cluster);
    const plansHere = mp.plans.filter((p) => p.source === cluster || p.target === cluster);
    const location = storageLocation(repo, oadp);
    const common = {
      veleroNamespace: ns,
      provider: repo.provider,
      credentialName: repo.credentialsSecret,
      credentialKey: spec.spec.velero?.credentialKey ?? 'cloud',
      ...location,
    };
    // The target only reads: a restore can then never write to the backups.
    const accessMode = writes ? 'ReadWrite' : 'ReadOnly';
    if (oadp) {
      const fs = plansHere.some((p) =>
        p.pvs.some((d) => d.action === 'copy' && d.copyMethod !== 'snapshot'),
      );
      const plugins = ['openshift', repo.provider, ...(snapshots ? ['csi'] : [])];
      jobs.push({
        template: 'velero/dataprotectionapplication',
        cluster,
        group: 'storage',
        comment: `OADP on ${cluster}: backup location ${repo.name} (${accessMode})`,
        context: {
          ...common,
          name: 'migplan',
          bslName: repo.name,
          accessMode,
          plugins,
          nodeAgent: fs,
          snapshotConfig: snapshots ? snapshotConfig(repo) : null,
          backupImages: plansHere.some((p) => p.images.internalImageStreams.length > 0),
        },
      });
    } else {
      jobs.push({
        template: 'velero/backupstoragelocation',
        cluster,
        group: 'storage',
        comment: `${accessMode} on ${cluster}`,
        context: { ...common, name: repo.name, accessMode },
      });
      if (snapshots)
        jobs.push({
          template: 'velero/volumesnapshotlocation',
          cluster,
          group: 'storage',
          context: { ...common, name: repo.name, config: snapshotConfig(repo) },
        });
    }
  }
  // Exactly one change-storage-class ConfigMap per Velero namespace: two break every PV/PVC restore.
  for (const target of [...new Set(mp.plans.map((p) => p.target))].sort()) {
    const data: Record<string, string> = {};
    for (const p of mp.plans.filter((x) => x.target === target)) {
      for (const d of p.pvs.filter(
        (x) => x.action === 'copy' && x.targetStorageClass && x.sourceStorageClass,
      )) {
        const existing = data[d.sourceStorageClass];
        if (existing !== undefined && existing !== d.targetStorageClass) {
          diagnostics.push(
            diag(
              'MP4029',
              `PVs of class ${d.sourceStorageClass} go to both ${existing} and ${d.targetStorageClass} on ${target}; the change-storage-class ConfigMap maps a class once`,
              { path: ['spec', 'plans', p.index, 'volumes', 'storageClassMap'] },
            ),
          );
          continue;
        }
        if (d.sourceStorageClass !== d.targetStorageClass)
          data[d.sourceStorageClass] = d.targetStorageClass;
      }
    }
    if (Object.keys(data).length) {
      const sorted = Object.fromEntries(Object.entries(data).sort(byKey));
      jobs.push({
        template: 'velero/configmap-change-storage-class',
        cluster: target,
        group: 'storage',
        comment: 'the storage-class decisions of every plan into this cluster',
        context: { veleroNamespace: ns, data: sorted },
      });
    }
  }
  for (const p of mp.plans) {
    pushAll(jobs, actionJobs(spec, p, ns, repo.name, snapshots));
    for (const h of p.hooks)
      diagnostics.push(
        diag(
          'MP4030',
          `hook "${h.name}" (${h.custom ? 'image' : 'Ansible'}) has no Velero equivalent; run it yourself around the ${h.phase} point`,
          { path: ['spec', 'plans', p.index, 'hooks'] },
        ),
      );
  }
  return { jobs, diagnostics };
}

function storageLocation(
  repo: ReplicationRepository,
  oadp: boolean,
): { objectStorage: Record<string, string>; config: Record<string, string> | null } {
  const objectStorage: Record<string, string> = { bucket: repo.bucket };
  // OADP needs a prefix while backupImages is on; plain Velero is happy without one.
  const prefix = repo.prefix ?? (oadp ? 'velero' : undefined);
  if (prefix) objectStorage['prefix'] = prefix;
  if (repo.caBundle) objectStorage['caCert'] = repo.caBundle.replace(/\s+/g, '');
  const config: Record<string, string> = {};
  if (repo.provider === 'aws') {
    // Only keys velero-plugin-for-aws accepts, and every value a string.
    if (repo.region) config['region'] = repo.region;
    if (repo.endpoint) {
      config['s3Url'] = repo.endpoint;
      config['s3ForcePathStyle'] = 'true';
    }
    if (repo.publicUrl) config['publicUrl'] = repo.publicUrl;
    if (repo.insecure) config['insecureSkipTLSVerify'] = 'true';
    if (repo.kmsKeyId) config['kmsKeyId'] = repo.kmsKeyId;
    if (repo.signatureVersion) config['signatureVersion'] = repo.signatureVersion;
  } else if (repo.provider === 'azure') {
    if (repo.resourceGroup) config['resourceGroup'] = repo.resourceGroup;
    if (repo.storageAccount) config['storageAccount'] = repo.storageAccount;
  }
  return { objectStorage, config: Object.keys(config).length ? config : null };
}

function snapshotConfig(repo: ReplicationRepository): Record<string, string> {
  if (repo.provider === 'aws') return { region: repo.region ?? 'us-east-1' };
  if (repo.provider === 'azure') return { resourceGroup: repo.resourceGroup ?? '' };
  return {};
}

function actionJobs(
  spec: Spec,
  p: PlanDecision,
  ns: string,
  location: string,
  snapshots: boolean,
): Job[] {
  const jobs: Job[] = [];
  const sourceVersion = veleroVersionOf(spec, spec.spec.clusters[p.source]);
  const targetVersion = veleroVersionOf(spec, spec.spec.clusters[p.target]);
  const pairs = namespacePairs(p.plan);
  const stateOnly = p.type === 'state';
  const copiesFs = p.pvs.some((d) => d.action === 'copy' && d.copyMethod !== 'snapshot');
  const fsBackupField = copiesFs
    ? sourceVersion && atLeast(sourceVersion, 10)
      ? 'defaultVolumesToFsBackup'
      : 'defaultVolumesToRestic'
    : null;
  // includeClusterResources stays unset, as MTC leaves it (mig-controller migmigration/backup.go buildBackup): true would back up and
  // restore every cluster-scoped object of the source (CRDs, ClusterRoleBindings, other namespaces' PVs).
  // Unset, a namespace-filtered backup takes the PVs of its PVCs through Velero's PVC backup item action,
  // and the SCC grants this plan needs are emitted as objects of their own.
  const mapping = Object.fromEntries(
    pairs.filter((x) => x.source !== x.target).map((x) => [x.source, x.target]),
  );
  let order = 0;
  for (const m of p.migrations) {
    const name = migrationName(p.plan.name, m.name);
    jobs.push({
      template: 'velero/backup',
      cluster: p.source,
      group: 'migration',
      migration: { plan: p.plan.name, step: `${m.name}-backup`, order: order++, file: '' },
      comment: `${m.type === 'stage' ? 'stage: copies data to the bucket ahead of the cutover' : 'the backup the restore reads'}; apply on ${p.source}`,
      context: {
        name,
        veleroNamespace: ns,
        includedNamespaces: pairs.map((x) => x.source),
        includedResources: stateOnly ? ['persistentvolumeclaims', 'persistentvolumes'] : null,
        storageLocation: location,
        volumeSnapshotLocations: snapshots ? [location] : null,
        snapshotVolumes: p.pvs.some((d) => d.action === 'copy' && d.copyMethod === 'snapshot'),
        fsBackupField,
        ttl: spec.spec.velero?.ttl ?? '720h0m0s',
      },
    });
    if (m.type === 'stage') continue;
    const policy =
      targetVersion && atLeast(targetVersion, 9)
        ? (spec.spec.velero?.existingResourcePolicy ?? 'none')
        : null;
    jobs.push({
      template: 'velero/restore',
      cluster: p.target,
      group: 'migration',
      migration: { plan: p.plan.name, step: `${m.name}-restore`, order: order++, file: '' },
      comment: `restores backup ${name}; apply on ${p.target} once the backup is Completed`,
      context: {
        name,
        veleroNamespace: ns,
        backupName: name,
        includedNamespaces: pairs.map((x) => x.source),
        namespaceMapping: Object.keys(mapping).length ? mapping : null,
        existingResourcePolicy: policy,
      },
    });
  }
  return jobs;
}
