import type { NetworkMigration } from './network-migration.generated.js';

export type * from './network-migration.generated.js';
export type NetworkMigrationSpec = NetworkMigration;

/** OVN-Kubernetes' defaults for what a NetworkMigration may leave out (openshift/api operator/v1 types_network.go). */
export const networkDefaults = {
  mode: 'offline',
  /** ovnKubernetesConfig.genevePort default. */
  genevePort: 6081,
  /** openshiftSDNConfig.vxlanPort default. */
  vxlanPort: 4789,
} as const;
