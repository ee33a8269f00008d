import type { Spec } from './spec.js';
import type { NetworkMigrationSpec } from './network-migration.js';
import type { HostedClusterMigration } from './hcp.js';

/** Every document kind of the spec language (apiVersion migplan.dev/v1alpha1). */
export const specKinds = ['Migration', 'NetworkMigration', 'HostedClusterMigration'] as const;
export type SpecKind = (typeof specKinds)[number];

/** A validated spec, tagged with its kind so commands pick the pipeline with one lookup. */
export type TypedSpec =
  | { kind: 'Migration'; spec: Spec }
  | { kind: 'NetworkMigration'; spec: NetworkMigrationSpec }
  | { kind: 'HostedClusterMigration'; spec: HostedClusterMigration };

export const isSpecKind = (k: unknown): k is SpecKind =>
  typeof k === 'string' && (specKinds as readonly string[]).includes(k);
