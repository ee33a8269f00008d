import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { HcpFacts, HostedClusterFact, NodePoolFact } from '../../resolve/hcp-facts.js';
import type { HostedClusterMigration } from '../../spec/hcp.js';

/** What every pre-flight rule sees. */
export interface PreflightContext {
  spec: HostedClusterMigration;
  hc: HostedClusterFact;
  nodePools: NodePoolFact[];
  controlPlaneNamespace: string;
  source: HcpFacts;
  target?: HcpFacts;
}

type Rule = (c: PreflightContext) => Diagnostic[];

/** major.minor of a version, as numbers; undefined for text that is not one. */
export function minorOf(version: string | undefined): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const compareMinor = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

/** Compares x.y.z versions numerically (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const at = (...path: (string | number)[]) => ({ path });

/**
 * The release must be one the HyperShift operator can run at all. Port of the creation-time rules of
 * openshift/hypershift support/supportedversion/version.go IsValidReleaseVersion: no release before 4.8, and
 * OpenShiftSDN only up to 4.10 (a restore creates the HostedCluster, so there is no current version).
 */
const releaseValid: Rule = ({ hc }) => {
  const minor = minorOf(hc.version);
  if (!minor) return [];
  if (compareMinor(minor, [4, 8]) < 0)
    return [
      diag(
        'MP4314',
        `${hc.name} runs ${hc.version}; HyperShift supports no release before 4.8`,
        at('spec', 'hostedCluster'),
      ),
    ];
  if (hc.networkType === 'OpenShiftSDN' && compareMinor(minor, [4, 10]) > 0)
    return [
      diag(
        'MP4314',
        `${hc.name} runs ${hc.version} with OpenShiftSDN; HyperShift creates OpenShiftSDN hosted clusters only up to 4.10`,
        at('spec', 'hostedCluster'),
      ),
    ];
  return [];
};

/** The target operator's supported-versions ConfigMap must list the hosted cluster's minor version. */
const targetSupportsRelease: Rule = ({ hc, target }) => {
  if (!target) return [];
  const minor = minorOf(hc.version);
  const supported = target.supportedVersions?.versions;
  if (!supported || !minor)
    return [
      diag(
        'MP4302',
        `cannot check that the target HyperShift operator supports ${hc.name}'s release: ${!supported ? `${target.cluster} has no ConfigMap hypershift/supported-versions` : 'the release version is unknown'}`,
        at('spec', 'clusters', 'target'),
      ),
    ];
  const wanted = `${minor[0]}.${minor[1]}`;
  if (supported.includes(wanted)) return [];
  return [
    diag(
      'MP4301',
      `${hc.name} runs ${hc.version}; the HyperShift operator on ${target.cluster} supports ${[...supported].sort((a, b) => compareVersions(b, a)).join(', ')}`,
      at('spec', 'clusters', 'target'),
    ),
  ];
};

/** [inferred] An older target operator's CRD prunes fields a newer source operator wrote. */
const operatorNotOlder: Rule = ({ source, target }) => {
  if (!target) return [];
  const s = source.supportedVersions?.serverVersion ?? source.operator?.version;
  const t = target.supportedVersions?.serverVersion ?? target.operator?.version;
  const sv = s?.replace(/^v/, '');
  const tv = t?.replace(/^v/, '');
  if (!sv || !tv)
    return [
      diag(
        'MP4315',
        `the HyperShift operator version of ${!sv ? source.cluster : target.cluster} is unknown; the target operator may be older than the source`,
        at('spec', 'clusters', !sv ? 'source' : 'target'),
      ),
    ];
  if (compareVersions(tv, sv) >= 0) return [];
  return [
    diag(
      'MP4303',
      `the HyperShift operator on ${target.cluster} is ${tv}, older than ${sv} on ${source.cluster}`,
      at('spec', 'clusters', 'target'),
    ),
  ];
};

/**
 * The documented move stays on one platform, and on AWS in one region (seed-B §4.2, HS aws/disaster-recovery.md):
 * the snapshot bucket, the IAM roles and the nodes are in that region.
 */
const platformAndRegion: Rule = ({ spec, hc, target }) => {
  const out: Diagnostic[] = [];
  if (!target) return out;
  const tp = target.platform;
  if (!tp) return out;
  if (hc.platformType && hc.platformType !== 'None' && tp.type !== hc.platformType)
    out.push(
      diag(
        'MP4304',
        `${hc.name} runs on ${hc.platformType}; ${target.cluster} runs on ${tp.type}`,
        at('spec', 'clusters', 'target'),
      ),
    );
  else if (hc.platformType === 'AWS' && hc.region && tp.region && tp.region !== hc.region)
    out.push(
      diag(
        'MP4304',
        `${hc.name} is in AWS region ${hc.region}; ${target.cluster} is in ${tp.region}`,
        at('spec', 'clusters', 'target'),
      ),
    );
  if (
    spec.spec.method === 'etcd-snapshot' &&
    spec.spec.storage &&
    hc.region &&
    spec.spec.storage.region !== hc.region
  )
    out.push(
      diag(
        'MP4304',
        `the snapshot bucket is in ${spec.spec.storage.region}; ${hc.name} and its nodes are in ${hc.region}`,
        at('spec', 'storage', 'region'),
      ),
    );
  return out;
};

/**
 * A move keeps the API URL only when the APIServer is published under a fixed hostname (HS
 * disaster-recovery/prerequisites.md), and external-dns on both operators moves the records (seed-B §4.2).
 */
const externalDns: Rule = ({ spec, hc, source, target }) => {
  if (spec.spec.purpose === 'backup') return [];
  const out: Diagnostic[] = [];
  const api = hc.services.find((s) => s.service === 'APIServer');
  if (!api?.hostname)
    out.push(
      diag(
        'MP4305',
        `${hc.name} publishes APIServer${api?.type ? ` as ${api.type}` : ''} without a hostname; restored elsewhere, its API URL would change and its nodes could not reach it`,
        at('spec', 'hostedCluster'),
      ),
    );
  const published = hc.services.filter((s) => s.hostname !== undefined);
  if (!published.length) return out;
  const clusters = spec.spec.purpose === 'move' ? [source, target] : [target];
  for (const c of clusters) {
    if (!c) continue;
    if (!c.externalDns) {
      out.push(
        diag(
          'MP4306',
          `${c.cluster} runs no external-dns for the HyperShift operator (Deployment hypershift/external-dns); the records of ${published.map((s) => s.hostname).join(', ')} would not move`,
          at('spec', 'clusters', c === source ? 'source' : 'target'),
        ),
      );
      continue;
    }
    const filters = c.externalDns.domainFilters;
    for (const s of published) {
      const host = s.hostname as string;
      if (filters.length && !filters.some((d) => host === d || host.endsWith(`.${d}`)))
        out.push(
          diag(
            'MP4318',
            `${s.service} hostname ${host} is outside the external-dns domain filter of ${c.cluster} (${filters.join(', ')})`,
            at('spec', 'clusters', c === source ? 'source' : 'target'),
          ),
        );
    }
  }
  return out;
};

/** The etcd-snapshot method snapshots the managed etcd pod. */
const managedEtcd: Rule = ({ spec, hc }) =>
  spec.spec.method === 'etcd-snapshot' && hc.etcdManagementType !== 'Managed'
    ? [
        diag(
          'MP4307',
          `${hc.name} has etcd managementType ${hc.etcdManagementType ?? '(unset)'}; the etcd-snapshot method needs Managed`,
          at('spec', 'method'),
        ),
      ]
    : [];

/** The Secrets the HostedCluster names must exist on the source (named, never read). */
const referencedSecrets: Rule = ({ hc, source }) =>
  hc.secretRefs
    .filter((r) => !source.secrets.some((s) => s.namespace === hc.namespace && s.name === r.name))
    .map((r) =>
      diag(
        'MP4308',
        `${r.field} of ${hc.name} names Secret ${hc.namespace}/${r.name}, which ${source.cluster} does not have`,
        at('spec', 'hostedCluster'),
      ),
    );

/** The restore creates the HostedCluster: a copy already there would keep its own etcd (restoreSnapshotURL applies at creation). */
const targetCollision: Rule = ({ spec, hc, target, controlPlaneNamespace }) => {
  if (!target || (spec.spec.method === 'oadp' && spec.spec.purpose === 'restore')) return [];
  const out: Diagnostic[] = [];
  if (target.hostedClusters.some((h) => h.name === hc.name))
    out.push(
      diag(
        'MP4309',
        `${target.cluster} already has HostedCluster ${hc.namespace}/${hc.name}`,
        at('spec', 'clusters', 'target'),
      ),
    );
  if (target.namespaces.includes(controlPlaneNamespace))
    out.push(
      diag(
        'MP4309',
        `${target.cluster} already has the control-plane namespace ${controlPlaneNamespace}`,
        at('spec', 'clusters', 'target'),
      ),
    );
  return out;
};

/** storageClassName is immutable: the target must have the class the etcd volume uses. */
const etcdStorageClass: Rule = ({ hc, target }) =>
  target && hc.etcdStorageClass && !target.storageClasses.includes(hc.etcdStorageClass)
    ? [
        diag(
          'MP4310',
          `${hc.name}'s etcd volume uses StorageClass ${hc.etcdStorageClass}, which ${target.cluster} does not have (it has ${target.storageClasses.join(', ') || 'none'})`,
          at('spec', 'clusters', 'target'),
        ),
      ]
    : [];

/** [inferred] A KMS key must be reachable from the restored control plane. */
const kmsEncryption: Rule = ({ hc }) =>
  hc.secretEncryptionType === 'kms'
    ? [
        diag(
          'MP4311',
          `${hc.name} encrypts secrets with KMS; the key must be reachable after the restore`,
          at('spec', 'hostedCluster'),
        ),
      ]
    : [];

/**
 * OADP: the hypershift plugin on each side that takes part, and the named BackupStorageLocation (HS
 * backup-and-restore-oadp(-1-5).md: defaultPlugins `hypershift` on 1.5+, customPlugins before).
 */
const oadpReady: Rule = ({ spec, source, target }) => {
  if (spec.spec.method !== 'oadp') return [];
  const bsl = spec.spec.oadp?.backupStorageLocation ?? 'default';
  const out: Diagnostic[] = [];
  const sides: [HcpFacts | undefined, 'source' | 'target'][] =
    spec.spec.purpose === 'backup'
      ? [[source, 'source']]
      : spec.spec.purpose === 'restore'
        ? [[target, 'target']]
        : [
            [source, 'source'],
            [target, 'target'],
          ];
  for (const [c, role] of sides) {
    if (!c) continue;
    const plugin = c.oadp?.dpas.some(
      (d) =>
        d.defaultPlugins.includes('hypershift') ||
        d.customPlugins.some((p) => p.includes('hypershift')),
    );
    if (!plugin)
      out.push(
        diag(
          'MP4312',
          `${c.cluster} has no DataProtectionApplication with the hypershift plugin`,
          at('spec', 'clusters', role),
        ),
      );
    if (!c.oadp?.bsls.some((b) => b.name === bsl))
      out.push(
        diag('MP4312', `${c.cluster} has no BackupStorageLocation ${bsl}`, at('spec', 'oadp')),
      );
  }
  return out;
};

/** HS OADP 1.5 doc: KubeVirt and Azure restore on the same management cluster only. */
const oadpPlatform: Rule = ({ spec, hc }) =>
  spec.spec.method === 'oadp' &&
  spec.spec.purpose !== 'backup' &&
  (hc.platformType === 'KubeVirt' || hc.platformType === 'Azure')
    ? [
        diag(
          'MP4313',
          `${hc.name} runs on ${hc.platformType}; OADP restores it on its own management cluster only`,
          at('spec', 'method'),
        ),
      ]
    : [];

/** The teardown never deletes the HC namespace; say so when other hosted clusters live there. */
const sharedNamespace: Rule = ({ spec, hc, source }) => {
  const others = source.hostedClusters.filter((h) => h.name !== hc.name).map((h) => h.name);
  return spec.spec.purpose === 'move' && others.length
    ? [
        diag(
          'MP4316',
          `namespace ${hc.namespace} on ${source.cluster} also holds ${others.join(', ')}; it is kept`,
          at('spec', 'hostedCluster', 'namespace'),
        ),
      ]
    : [];
};

const noNodePools: Rule = ({ hc, nodePools }) =>
  nodePools.length === 0
    ? [diag('MP4317', `${hc.name} has no NodePools`, at('spec', 'hostedCluster'))]
    : [];

/** The pre-flight rules, in report order. Each code's hint is the fix. */
export const preflightRules: readonly Rule[] = [
  releaseValid,
  targetSupportsRelease,
  operatorNotOlder,
  platformAndRegion,
  externalDns,
  managedEtcd,
  referencedSecrets,
  targetCollision,
  etcdStorageClass,
  kmsEncryption,
  oadpReady,
  oadpPlatform,
  sharedNamespace,
  noNodePools,
];

export function preflight(c: PreflightContext): Diagnostic[] {
  return preflightRules.flatMap((r) => r(c));
}
