/** Output files an object lands in, in apply order (overview section 5). */
export const fileGroups = {
  controller: { rank: 0, file: '00-controller.yaml' },
  clusters: { rank: 10, file: '10-clusters.yaml' },
  storage: { rank: 20, file: '20-storage.yaml' },
  access: { rank: 30, file: '30-access.yaml' },
  network: { rank: 40, file: '40-network.yaml' },
  hooks: { rank: 45, file: '45-hooks.yaml' },
  plans: { rank: 50, file: '50-plans.yaml' },
} as const;

export type FileGroup = keyof typeof fileGroups;

export type KubeManifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
};

/** One rendered object and where it goes. */
export interface Manifest {
  /** Cluster (spec key) the object is applied to. */
  cluster: string;
  group: FileGroup | 'migration';
  /** For MigMigrations: the step's position in the plan's sequence and its file stem. */
  migration?: { plan: string; step: string; order: number; file: string };
  object: KubeManifest;
  /** Why this object exists, printed as a comment above it. */
  comment?: string;
}
