import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { controlPlaneNamespace, type HostedClusterMigration } from '../../spec/hcp.js';
import { DNS1123_LABEL } from '../../spec/spec.js';

export type HcpRule = (spec: HostedClusterMigration) => Diagnostic[];

/** restore and move need a target; a backup must not name one (it would never be read). */
const checkPurposeClusters: HcpRule = (spec) => {
  const { purpose, clusters } = spec.spec;
  if (purpose !== 'backup' && !clusters.target)
    return [
      diag(
        'MP2700',
        `purpose ${purpose} recreates the hosted cluster on a target management cluster; spec.clusters.target is missing`,
        { path: ['spec', 'clusters'] },
      ),
    ];
  if (purpose === 'backup' && clusters.target)
    return [
      diag('MP2701', 'purpose backup reads and changes only the source; the target is unused', {
        path: ['spec', 'clusters', 'target'],
      }),
    ];
  return [];
};

/** etcd-snapshot uploads to spec.storage; oadp writes to its BackupStorageLocation and takes no storage. */
const checkStorageForMethod: HcpRule = (spec) => {
  const { method, storage, oadp } = spec.spec;
  const out: Diagnostic[] = [];
  if (method === 'etcd-snapshot' && !storage)
    out.push(
      diag(
        'MP2702',
        'method etcd-snapshot uploads the snapshot to spec.storage, which is missing',
        {
          path: ['spec'],
        },
      ),
    );
  if (method === 'etcd-snapshot' && oadp)
    out.push(diag('MP2702', 'spec.oadp applies to method oadp only', { path: ['spec', 'oadp'] }));
  if (method === 'oadp' && storage)
    out.push(
      diag(
        'MP2702',
        'method oadp writes to the BackupStorageLocation named in spec.oadp; spec.storage is not used',
        { path: ['spec', 'storage'] },
      ),
    );
  return out;
};

/** The same discovery on both sides is one management cluster: a move there would delete the only copy. */
const checkDistinctClusters: HcpRule = (spec) => {
  const { source, target } = spec.spec.clusters;
  if (!target) return [];
  const same = (k: 'context' | 'snapshot') =>
    source.discovery[k] !== undefined &&
    source.discovery[k] === target.discovery[k] &&
    source.discovery.kubeconfig === target.discovery.kubeconfig;
  if (!same('context') && !same('snapshot')) return [];
  if (spec.spec.purpose === 'move')
    return [
      diag(
        'MP2703',
        'source and target name the same management cluster; a move would tear down the copy it just restored',
        { path: ['spec', 'clusters', 'target', 'discovery'] },
      ),
    ];
  if (spec.spec.method === 'etcd-snapshot')
    return [
      diag(
        'MP2705',
        'an etcd-snapshot restore recreates the HostedCluster, which still exists on this management cluster',
        { path: ['spec', 'clusters', 'target', 'discovery'] },
      ),
    ];
  return [];
};

/** The control-plane namespace <ns>-<name> must itself be a valid namespace name. */
const checkControlPlaneNamespace: HcpRule = (spec) => {
  const { namespace, name } = spec.spec.hostedCluster;
  const cp = controlPlaneNamespace(namespace, name);
  if (cp.length <= 63 && DNS1123_LABEL.test(cp)) return [];
  return [
    diag(
      'MP2704',
      `the control-plane namespace would be "${cp}" (${cp.length} characters); a namespace name has at most 63`,
      { path: ['spec', 'hostedCluster', 'name'] },
    ),
  ];
};

export const hcpRules: readonly HcpRule[] = [
  checkPurposeClusters,
  checkStorageForMethod,
  checkDistinctClusters,
  checkControlPlaneNamespace,
];
