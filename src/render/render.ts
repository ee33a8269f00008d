import { loadAllYaml } from '../resolve/snapshot-yaml.js';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { MigrationPlan, PlanDecision } from '../plan/types.js';
import {
  migClusterName,
  defaults,
  mtcNamespace,
  namespacePairs,
  type MigrationStep,
} from '../spec/spec.js';
import { checkManifest } from './check.js';
import { veleroJobs } from './velero.js';
import type { TemplateName, Templates } from './templates.js';
import type { KubeManifest, Manifest } from './types.js';
import { pushAll } from '../util/arrays.js';
import { cmp } from '../util/objects.js';
import { migrationName } from '../spec/spec.js';

const NS = defaults.migrationNamespace;
const LABELS = { 'app.kubernetes.io/managed-by': 'migplan' };

export interface Job {
  template: TemplateName;
  context: Record<string, unknown>;
  cluster: string;
  group: Manifest['group'];
  migration?: Manifest['migration'];
  comment?: string;
}

/** Renders every object of the plan through its template, parsing each document back before it is used. */
export function render(mp: MigrationPlan, templates: Templates): StageResult<Manifest[]> {
  const diagnostics: Diagnostic[] = [];
  const jobs: Job[] = [];
  if (mp.spec.spec.engine === 'velero') {
    // Velero has no plan object to close: a closed wave's Backup/Restore pair is simply not emitted.
    const open = { ...mp, plans: mp.plans.filter((p) => !p.closed) };
    const velero = veleroJobs(open);
    pushAll(diagnostics, velero.diagnostics);
    pushAll(
      jobs,
      open.plans.flatMap((p) => targetAccessJobs(p)),
    );
    pushAll(jobs, velero.jobs);
  } else {
    pushAll(jobs, controllerJobs(mp));
    pushAll(jobs, clusterJobs(mp));
    pushAll(jobs, storageJobs(mp));
    pushAll(
      jobs,
      mp.plans.flatMap((p) => planJobs(mp, p)),
    );
  }
  const manifests: Manifest[] = [];
  const seen = new Set<string>();
  for (const job of jobs) {
    const text = templates[job.template]({ namespace: NS, labels: LABELS, ...job.context });
    const checked = parseBack(text, job.template);
    if (!checked.value) {
      pushAll(diagnostics, checked.diagnostics);
      continue;
    }
    // Plans on the same target can need the same cluster-scoped object (a ClusterRole, an SCC): emit it once.
    const key = [
      job.cluster,
      checked.value.apiVersion,
      checked.value.kind,
      checked.value.metadata.namespace ?? '',
      checked.value.metadata.name,
    ].join('/');
    if (seen.has(key)) continue;
    seen.add(key);
    const m: Manifest = { cluster: job.cluster, group: job.group, object: checked.value };
    if (job.migration) m.migration = job.migration;
    if (job.comment) m.comment = job.comment;
    manifests.push(m);
  }
  return diagnostics.length ? { diagnostics } : { value: manifests, diagnostics };
}

/** A template bug must never reach users as broken YAML. */
function parseBack(text: string, template: string): StageResult<KubeManifest> {
  let value: unknown;
  try {
    // JSON is YAML: JSON-shaped templates (the big MigPlan) must be strict JSON; the rest are read as
    // snapshots are (the fast block reader, js-yaml for what it declines).
    value = text.trimStart().startsWith('{') ? JSON.parse(text) : loadOne(text);
  } catch (err) {
    return {
      diagnostics: [
        diag(
          'MP5001',
          `template ${template} produced invalid YAML: ${(err as Error).message.split('\n')[0] ?? ''}`,
        ),
      ],
    };
  }
  const o = value as Partial<KubeManifest> | null;
  if (
    !o ||
    typeof o !== 'object' ||
    typeof o.apiVersion !== 'string' ||
    typeof o.kind !== 'string' ||
    typeof o.metadata?.name !== 'string' ||
    !o.metadata.name
  ) {
    return {
      diagnostics: [
        diag(
          'MP5002',
          `template ${template} produced an object without apiVersion, kind and metadata.name`,
        ),
      ],
    };
  }
  const problems = checkManifest(o as KubeManifest, template);
  return problems.length
    ? { diagnostics: problems }
    : { value: o as KubeManifest, diagnostics: [] };
}

function loadOne(text: string): unknown {
  const docs = loadAllYaml(text);
  // What js-yaml's load says of a stream with more than one document.
  if (docs.length > 1) throw new Error('expected a single document in the stream, but found more');
  return docs[0];
}

export { migClusterName };

function hostOf(mp: MigrationPlan): string {
  return mp.hostCluster ?? mp.spec.spec.plans[0]?.target ?? '';
}

function clusterJobs(mp: MigrationPlan): Job[] {
  const used = new Set(mp.plans.flatMap((p) => [p.source, p.target]));
  return Object.keys(mp.spec.spec.clusters)
    .sort()
    .filter((k) => used.has(k) && mp.spec.spec.clusters[k]?.host !== true)
    .map((k) => {
      const c = mp.spec.spec.clusters[k];
      return {
        template: 'mtc/migcluster' as const,
        cluster: hostOf(mp),
        group: 'clusters' as const,
        context: {
          name: migClusterName(mp.spec, k),
          url: c?.url ?? '',
          tokenSecret: c?.tokenSecret ?? '',
          secretNamespace: defaults.secretNamespace,
          exposedRegistryPath: c?.exposedRegistryPath ?? null,
          insecure: c?.insecure ?? false,
          caBundle: c?.caBundle?.replace(/\s+/g, '') ?? null,
        },
      };
    });
}

function storageJobs(mp: MigrationPlan): Job[] {
  const repo = mp.spec.spec.replicationRepository;
  if (!repo || !mp.plans.some((p) => p.type !== 'storage-class-conversion')) return [];
  const creds = { name: repo.credentialsSecret, namespace: defaults.secretNamespace };
  const config: Record<string, unknown> = { credsSecretRef: creds };
  if (repo.provider === 'aws') {
    Object.assign(
      config,
      compact({
        awsBucketName: repo.bucket,
        awsRegion: repo.region,
        awsS3Url: repo.endpoint,
        awsPublicUrl: repo.publicUrl,
        // mig-controller derives path-style from awsS3Url, but the CRD field documents intent for readers.
        awsS3ForcePathStyle: repo.endpoint !== undefined ? true : undefined,
        awsKmsKeyId: repo.kmsKeyId,
        awsSignatureVersion: repo.signatureVersion,
        insecure: repo.insecure,
        s3CustomCABundle: repo.caBundle?.replace(/\s+/g, ''),
      }),
    );
  } else if (repo.provider === 'azure') {
    Object.assign(
      config,
      compact({
        azureResourceGroup: repo.resourceGroup,
        azureStorageAccount: repo.storageAccount,
        azureStorageContainer: repo.bucket,
      }),
    );
  } else {
    Object.assign(config, { gcpBucket: repo.bucket });
  }
  // A snapshot provider only where a PV is copied by snapshot: with volumeSnapshotProvider set,
  // migstorage/validation.go validateVolumeSnapshotStorage runs the provider's Validate for the snapshot role,
  // and cloudprovider/azure.go requires an API timeout there (InvalidVolumeSnapshotSettings otherwise).
  const snapshots = mp.plans.some(
    (p) =>
      p.type !== 'storage-class-conversion' &&
      p.pvs.some((d) => d.action === 'copy' && d.copyMethod === 'snapshot'),
  );
  let snapshot: Record<string, unknown> | null = null;
  if (snapshots) {
    snapshot = { credsSecretRef: creds };
    if (repo.provider === 'aws' && repo.region) snapshot['awsRegion'] = repo.region;
    if (repo.provider === 'azure') {
      if (repo.resourceGroup) snapshot['azureResourceGroup'] = repo.resourceGroup;
      // velero-plugin-for-microsoft-azure's own default for the VolumeSnapshotLocation apiTimeout.
      snapshot['azureApiTimeout'] = AZURE_API_TIMEOUT;
    }
  }
  return [
    {
      template: 'mtc/migstorage',
      cluster: hostOf(mp),
      group: 'storage',
      context: {
        name: repo.name,
        provider: repo.provider,
        backupStorageConfig: config,
        volumeSnapshotConfig: snapshot,
      },
    },
  ];
}

/** The Azure snapshot API timeout written into MigStorage (the plugin's default, 2 minutes). */
export const AZURE_API_TIMEOUT = '2m0s';

/** The object without its undefined values, in its key order (a loop: this runs for every PV of every plan). */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** SCC grants and network objects, with the destination namespaces they need: the same for both engines. */
function targetAccessJobs(p: PlanDecision): Job[] {
  const jobs: Job[] = [...accessJobs(p), ...networkJobs(p)];
  pushAll(jobs, namespaceJobs(p, jobs));
  return jobs;
}

function planJobs(mp: MigrationPlan, p: PlanDecision): Job[] {
  const host = hostOf(mp);
  // A closed wave is its MigPlan only: nothing of it is to be created or run.
  const jobs: Job[] = p.closed
    ? []
    : [
        ...accessJobs(p),
        ...hookJobs(p, host),
        ...networkJobs(p, mp.spec.spec.controller?.rsyncEndpointType ?? 'Route'),
      ];
  if (!p.closed) pushAll(jobs, namespaceJobs(p, jobs));
  // The persistentVolumes entries exactly as mig-controller writes them, so it keeps our selections,
  // in its order: PersistentVolumes.EndPvStaging (migplan_types.go) sorts the list by PV name.
  const byPvName = [...p.pvs].sort((a, b) => cmp(a.pvName, b.pvName));
  const pvs = byPvName.map((d) => ({
    name: d.pvName,
    capacity: d.capacity,
    storageClass: d.sourceStorageClass,
    // MTC always offers all three copy methods (pvlist.go); the actions depend on the volume.
    supported: { actions: d.supportedActions, copyMethods: ['filesystem', 'block', 'snapshot'] },
    selection: compact({
      action: d.action,
      copyMethod: d.copyMethod,
      storageClass: d.targetStorageClass,
      accessMode: d.accessMode,
      verify: d.copyMethod === 'filesystem' ? d.verify : undefined,
    }),
    pvc: {
      namespace: d.namespace,
      name: d.targetPvc ? `${d.pvc}:${d.targetPvc}` : d.pvc,
      accessModes: d.accessModes,
      volumeMode: d.volumeMode,
      // omitempty in mig-controller's PVC type: false and "" are never written back.
      hasReference: d.hasReference || undefined,
      ownerType: d.ownerType || undefined,
    },
  }));
  jobs.push({
    template: 'mtc/migplan',
    cluster: host,
    group: 'plans',
    comment: `plan ${p.plan.name}: ${p.namespaces.length} namespace(s), ${p.pvs.length} PV(s)`,
    context: {
      name: p.plan.name,
      sourceCluster: migClusterName(mp.spec, p.source),
      targetCluster: migClusterName(mp.spec, p.target),
      storage:
        p.type === 'storage-class-conversion'
          ? null
          : (mp.spec.spec.replicationRepository?.name ?? null),
      namespaces: namespacePairs(p.plan).map(mtcNamespace),
      indirectImageMigration: p.indirectImageMigration,
      indirectVolumeMigration: p.indirectVolumeMigration,
      hooks: p.hooks.map((h) => ({
        name: h.migHookName,
        phase: h.phase,
        executionNamespace: h.executionNamespace,
        serviceAccount: h.serviceAccount,
      })),
      persistentVolumes: pvs,
      closed: p.closed ?? false,
    },
  });
  p.migrations.forEach((m, order) => {
    jobs.push({
      template: 'mtc/migmigration',
      cluster: host,
      group: 'migration',
      migration: { plan: p.plan.name, step: m.name, order, file: '' },
      context: {
        name: migrationName(p.plan.name, m.name),
        plan: p.plan.name,
        ...migrationFlags(p, m),
        verify: m.verify ?? false,
        keepAnnotations: m.keepAnnotations ?? false,
        runAsRoot: m.runAsRoot ?? false,
      },
    });
  });
  return jobs;
}

/**
 * The MigMigration flags of a step. Only a full plan runs Stage/Final migrations: for an intra-cluster or
 * PVC-mapped plan mig-controller refuses them (migmigration/validation.go validateMigrationType: "Stage/Final
 * are not possible", and InvalidSpec when PVCs are mapped, which a conversion plan's always are), and
 * task.go isStorageConversionMigration needs migrateState or rollback. So in state and conversion plans every
 * step but a rollback is a state migration, and the cutover quiesces unless the spec says otherwise.
 */
export function migrationFlags(
  p: Pick<PlanDecision, 'type'>,
  m: MigrationStep,
): { stage: boolean; migrateState: boolean; rollback: boolean; quiescePods: boolean } {
  const rollback = m.type === 'rollback';
  if (p.type === 'full') {
    return {
      stage: m.type === 'stage',
      migrateState: false,
      rollback,
      quiescePods: m.quiescePods ?? false,
    };
  }
  return {
    stage: false,
    migrateState: !rollback,
    rollback,
    quiescePods: m.quiescePods ?? m.type === 'cutover',
  };
}

function accessJobs(p: PlanDecision): Job[] {
  const jobs: Job[] = [];
  const byBinding = new Map<
    string,
    {
      namespace: string;
      clusterRole: string;
      scc: string;
      subjects: { name: string; namespace: string }[];
      why: string[];
    }
  >();
  for (const g of p.sccGrants) {
    const key = `${g.targetNamespace}/${g.scc}`;
    const b = byBinding.get(key) ?? {
      namespace: g.targetNamespace,
      clusterRole: g.clusterRole,
      scc: g.scc,
      subjects: [],
      why: [],
    };
    b.subjects.push({ name: g.serviceAccount, namespace: g.targetNamespace });
    b.why.push(`${g.namespace}/${g.serviceAccount}: ${g.viaDetail}`);
    byBinding.set(key, b);
  }
  // A ClusterRole or SCC shared by several grants is pushed each time; render() keeps the first of each object.
  for (const g of p.sccGrants) {
    if (g.emitScc) {
      jobs.push({
        template: 'access/scc',
        cluster: p.target,
        group: 'access',
        comment: `custom SCC ${g.scc} is missing on the target; emitted without users and groups`,
        context: { object: g.sccObject },
      });
    }
    if (g.emitClusterRole) {
      jobs.push({
        template: 'access/clusterrole-scc',
        cluster: p.target,
        group: 'access',
        context: { name: g.clusterRole, scc: g.scc },
      });
    }
  }
  for (const b of [...byBinding.values()]) {
    jobs.push({
      template: 'access/rolebinding',
      cluster: p.target,
      group: 'access',
      comment: `grants SCC ${b.scc}: ${b.why.join('; ')}`,
      context: {
        name: `migplan-scc-${b.scc}`,
        namespace: b.namespace,
        annotations: { 'migplan.dev/reason': b.why.join('; ') },
        clusterRole: b.clusterRole,
        subjects: b.subjects.sort((x, y) => (x.name < y.name ? -1 : 1)),
      },
    });
  }
  return jobs;
}

function hookJobs(p: PlanDecision, host: string): Job[] {
  const jobs: Job[] = [];
  for (const h of p.hooks) {
    jobs.push({
      template: 'mtc/mighook',
      cluster: host,
      group: 'hooks',
      context: {
        name: h.migHookName,
        custom: h.custom,
        image: h.image,
        playbook: h.playbook ?? null,
        targetCluster: h.cluster,
        activeDeadlineSeconds: h.activeDeadlineSeconds,
      },
    });
    if (h.emitServiceAccount) {
      const cluster = h.cluster === 'source' ? p.source : p.target;
      jobs.push({
        template: 'access/serviceaccount',
        cluster,
        group: 'hooks',
        comment: `service account for hook ${h.name}`,
        context: { name: h.serviceAccount, namespace: h.executionNamespace },
      });
      jobs.push({
        template: 'access/hook-rolebinding',
        cluster,
        group: 'hooks',
        comment: `lets hook ${h.name} edit objects in ${h.executionNamespace}`,
        context: {
          name: `migplan-hook-${h.name}`,
          namespace: h.executionNamespace,
          serviceAccount: h.serviceAccount,
        },
      });
    }
  }
  return jobs;
}

/**
 * Only the MigrationController knobs the spec sets; the operator reconciles the rest. Each goes where the
 * controller reads it: the limits, rsync groups and proxy are read by the host's controller, while
 * rsync_endpoint_type is read from the destination cluster's migration-cluster-config ConfigMap
 * (mig-controller directvolumemigration/migrate.go getEndpointType), which the MTC operator on that cluster
 * renders from its own MigrationController.
 */
function controllerJobs(mp: MigrationPlan): Job[] {
  const c = mp.spec.spec.controller;
  if (!c) return [];
  const host = hostOf(mp);
  // mig-operator defaults/main.yml keeps these as strings ("10"), and GIDs comma-separated.
  const hostSettings = compact({
    mig_namespace_limit: c.namespaceLimit !== undefined ? String(c.namespaceLimit) : undefined,
    mig_pod_limit: c.podLimit !== undefined ? String(c.podLimit) : undefined,
    mig_pv_limit: c.pvLimit !== undefined ? String(c.pvLimit) : undefined,
    src_supplemental_groups: c.sourceSupplementalGroups?.join(','),
    target_supplemental_groups: c.targetSupplementalGroups?.join(','),
    // Only a credential-free URL is written; fromEnv/fromSecret are applied by the report's oc patch.
    stunnel_tcp_proxy: c.stunnelTcpProxy?.url,
    // Applies to every plan of this MTC host (the report says so); only set on explicit opt-in.
    disable_image_migration: c.disableImageMigration === true ? true : undefined,
  });
  const byCluster = new Map<string, Record<string, unknown>>();
  if (Object.keys(hostSettings).length) byCluster.set(host, hostSettings);
  if (c.rsyncEndpointType !== undefined) {
    const destinations = new Set(
      mp.plans.filter((p) => p.indirectVolumeMigration === false).map((p) => p.target),
    );
    for (const d of [...destinations].sort())
      byCluster.set(d, { ...(byCluster.get(d) ?? {}), rsync_endpoint_type: c.rsyncEndpointType });
  }
  return [...byCluster.entries()].map(([cluster, settings]) => ({
    template: 'mtc/migrationcontroller' as const,
    cluster,
    group: 'controller' as const,
    comment:
      cluster === host
        ? 'only the settings this migration depends on; the MTC operator reconciles the rest'
        : "rsync_endpoint_type is read from this destination cluster's migration-cluster-config",
    context: { settings },
  }));
}

const DNS_EGRESS = {
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
    { protocol: 'UDP', port: 5353 },
    { protocol: 'TCP', port: 5353 },
  ],
};

/**
 * The rsync traffic each DVM endpoint type makes (mig-controller directvolumemigration/rsync.go
 * ensureRsyncEndpoints, getServiceType; the stunnel server listens on 6443): a Route is reached on the
 * router's 443 and forwarded from the ingress routers to 6443; a ClusterIP Service is reached on 6443 from
 * the source namespace's rsync pods; a NodePort Service on a node port (30000-32767) from outside the cluster.
 */
export function rsyncTraffic(
  endpoint: 'Route' | 'ClusterIP' | 'NodePort',
  sourceNamespace: string,
): { ingress: unknown[]; egress: unknown[] } {
  const stunnel = [{ protocol: 'TCP', port: 6443 }];
  if (endpoint === 'ClusterIP') {
    return {
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': sourceNamespace },
              },
            },
          ],
          ports: stunnel,
        },
      ],
      egress: [{ ports: stunnel }, DNS_EGRESS],
    };
  }
  if (endpoint === 'NodePort') {
    return {
      // Node-port traffic arrives from node addresses after SNAT: it cannot be narrowed to a namespace.
      ingress: [{ ports: stunnel }],
      egress: [{ ports: [{ protocol: 'TCP', port: 30000, endPort: 32767 }] }, DNS_EGRESS],
    };
  }
  return {
    ingress: [
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } },
          },
        ],
        ports: stunnel,
      },
    ],
    egress: [{ ports: [{ protocol: 'TCP', port: 443 }] }, DNS_EGRESS],
  };
}

function networkJobs(
  p: PlanDecision,
  endpoint: 'Route' | 'ClusterIP' | 'NodePort' = 'Route',
): Job[] {
  const jobs: Job[] = [];
  for (const r of p.rsyncPolicies) {
    const sourceNamespace =
      r.side === 'source'
        ? r.namespace
        : (p.namespaces.find((n) => n.target === r.namespace)?.source ?? r.namespace);
    const traffic = rsyncTraffic(endpoint, sourceNamespace);
    jobs.push({
      template: r.side === 'source' ? 'network/rsync-egress' : 'network/rsync-ingress',
      cluster: r.cluster,
      group: 'network',
      comment: r.reason.detail,
      context: {
        namespace: r.namespace,
        annotations: { 'migplan.dev/reason': r.reason.detail },
        ...traffic,
      },
    });
  }
  for (const e of p.egress) {
    const meta = (e.object['metadata'] ?? {}) as Record<string, unknown>;
    const labels = { ...((meta['labels'] as Record<string, string> | undefined) ?? {}), ...LABELS };
    jobs.push({
      template: 'network/egress',
      cluster: e.cluster,
      group: 'network',
      comment: e.reason.detail,
      context: { object: { ...e.object, metadata: { ...meta, labels } } },
    });
  }
  return jobs;
}

/**
 * Destination namespaces that objects are applied into but that do not exist yet, created the way MTC
 * would create them (the source's labels and annotations, so the UID ranges match and no
 * ConflictingPermissions arises).
 */
function namespaceJobs(p: PlanDecision, jobs: readonly Job[]): Job[] {
  const needed = new Set(jobs.filter((j) => j.cluster === p.target).map(jobNamespace));
  return p.namespaces
    .filter((n) => !n.existsOnTarget && needed.has(n.target) && p.source !== p.target)
    .map((n) => {
      const { 'kubernetes.io/metadata.name': _name, ...labels } = n.labels;
      return {
        template: 'access/namespace' as const,
        cluster: p.target,
        group: 'access' as const,
        comment: `created ahead of the migration for the objects below, with ${n.source}'s labels and annotations as MTC would`,
        context: {
          name: n.target,
          namespaceLabels: { ...labels, ...LABELS },
          annotations: n.annotations,
        },
      };
    });
}

/** The namespace an object will be applied into, from its template context. */
function jobNamespace(j: Job): string | undefined {
  if (typeof j.context['namespace'] === 'string') return j.context['namespace'];
  const object = j.context['object'] as { metadata?: { namespace?: unknown } } | undefined;
  return typeof object?.metadata?.namespace === 'string' ? object.metadata.namespace : undefined;
}
