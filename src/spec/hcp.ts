import type { HostedClusterMigration, ManagementCluster } from './hcp-types.generated.js';

export type * from './hcp-types.generated.js';

/** The roles of the management clusters of a HostedClusterMigration (keys of spec.clusters). */
export type MgmtRole = 'source' | 'target';

/** Defaults of the HostedClusterMigration kind, used when the spec leaves a field out. */
export const hcpDefaults = {
  storagePrefix: 'hcp-backups',
  oadpNamespace: 'openshift-adp',
  backupStorageLocation: 'default',
  backupTtl: '2h30m0s',
  operatorNamespace: 'hypershift',
} as const;

/**
 * The control-plane namespace HyperShift creates for a HostedCluster: `<namespace>-<name>` with dots in the
 * name turned into dashes (hypershift-operator/controllers/manifests/manifests.go HostedControlPlaneNamespace).
 */
export function controlPlaneNamespace(namespace: string, name: string): string {
  return `${namespace}-${name.replace(/\./g, '-')}`;
}

/** Which management clusters a purpose reads: a backup only the source, restore and move both. */
export function rolesFor(spec: HostedClusterMigration): MgmtRole[] {
  return spec.spec.purpose === 'backup' ? ['source'] : ['source', 'target'];
}

export function clusterOf(
  spec: HostedClusterMigration,
  role: MgmtRole,
): ManagementCluster | undefined {
  return spec.spec.clusters[role];
}

/** The --context the report's commands use for a management cluster. */
export function contextOf(spec: HostedClusterMigration, role: MgmtRole): string {
  return spec.spec.clusters[role]?.discovery.context ?? role;
}
