import { diag, hasErrors, type StageResult } from '../../diagnostics/diagnostic.js';
import type { KubeObject } from '../../resolve/facts-from-objects.js';
import type { HcpFacts } from '../../resolve/hcp-facts.js';
import { controlPlaneNamespace, type HostedClusterMigration } from '../../spec/hcp.js';
import { preflight } from './preflight.js';
import { buildSteps, secretsOfHc } from './steps.js';
import type { HcpPlan } from './types.js';

export interface HcpPlanned {
  plan: HcpPlan;
  /** Objects of the rollback files, by step number. */
  rollbacks: Map<number, KubeObject[]>;
}

/** Finds the hosted cluster in the source facts, runs the pre-flight rules, and orders the steps. */
export function planHcp(
  spec: HostedClusterMigration,
  source: HcpFacts,
  target: HcpFacts | undefined,
): StageResult<HcpPlanned> {
  const { namespace, name } = spec.spec.hostedCluster;
  const hc = source.hostedClusters.find((h) => h.name === name);
  if (!hc)
    return {
      diagnostics: [
        diag(
          'MP4300',
          `${source.cluster} has no HostedCluster ${namespace}/${name}${source.hostedClusters.length ? `; it has ${source.hostedClusters.map((h) => h.name).join(', ')}` : ''}`,
          { path: ['spec', 'hostedCluster', 'name'] },
        ),
      ],
    };
  const nodePools = source.nodePools.filter((np) => np.clusterName === name);
  const cp = controlPlaneNamespace(namespace, name);
  const ctx = {
    spec,
    hc,
    nodePools,
    controlPlaneNamespace: cp,
    source,
    ...(target ? { target } : {}),
  };
  const diagnostics = preflight(ctx);
  if (hasErrors(diagnostics)) return { diagnostics };
  const backupDir = `hcp-backup-${namespace}-${name}`;
  const { steps, rollbacks } = buildSteps({
    spec,
    hc,
    nodePools,
    cpNamespace: cp,
    source,
    ...(target ? { target } : {}),
    backupDir,
  });
  const secretsToCopy =
    spec.spec.method === 'etcd-snapshot'
      ? secretsOfHc(hc, source).map((s) => ({
          namespace,
          name: s,
          why:
            hc.secretRefs
              .filter((r) => r.name === s)
              .map((r) => r.field)
              .join(', ') || `named after ${name}`,
        }))
      : [];
  const runtimeChecks = [
    'The hosted API is reachable only after the restore; everything inside the hosted cluster (nodes, ClusterOperators, OVN) is checked then.',
    'The presigned URL expires (3600 s): create it right before the HostedCluster step.',
    'DNS propagation of the service hostnames after external-dns on the target publishes them.',
    'The object storage credentials (AWS CLI profile) and the bucket policy are used only when the commands run.',
    'The Secret values: migplan names the Secrets and compares hashes of the encryption key; it never reads them.',
  ];
  return {
    value: {
      plan: {
        name: spec.metadata.name,
        purpose: spec.spec.purpose,
        method: spec.spec.method,
        hostedCluster: hc,
        nodePools,
        controlPlaneNamespace: cp,
        source,
        ...(target ? { target } : {}),
        steps,
        secretsToCopy,
        runtimeChecks,
        backupDir,
      },
      rollbacks,
    },
    diagnostics,
  };
}
