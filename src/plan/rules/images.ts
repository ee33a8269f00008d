import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import { defaults, type Cluster, type Plan } from '../../spec/spec.js';
import type { ImageDecision, NamespaceDecision } from '../types.js';

/**
 * Direct image migration needs the registry route of every non-host side (MTC Source/DestinationClusterNoRegistryPath,
 * Critical); we say so at compile time and name the route the snapshot shows.
 */
export function resolveImages(
  plan: Plan,
  planIndex: number,
  namespaces: readonly NamespaceDecision[],
  sourceName: string,
  sourceCluster: Cluster,
  source: ClusterFacts,
  targetName: string,
  targetCluster: Cluster,
  target: ClusterFacts,
  disableImageMigration = false,
): { images: ImageDecision; diagnostics: Diagnostic[] } {
  const mode = plan.images ?? defaults.images;
  const migrated = new Set(namespaces.map((n) => n.source));
  const internal = source.imageStreams
    .filter((s) => migrated.has(s.namespace) && s.internalTags.length > 0)
    .map((s) => ({ namespace: s.namespace, name: s.name, tags: s.internalTags }));
  const diagnostics: Diagnostic[] = [];
  const path = ['spec', 'plans', planIndex, 'images'];
  const images: ImageDecision = {
    mode,
    internalImageStreams: internal,
    reason: {
      rule: 'plan',
      detail:
        mode === 'indirect'
          ? 'through the replication repository'
          : mode === 'none'
            ? (plan.type ?? defaults.planType) === 'full'
              ? 'not migrated (disable_image_migration is set on the MTC host, for every plan)'
              : 'not migrated (state and storage-class-conversion plans never migrate images)'
            : 'direct',
    },
  };
  const stateOnly = (plan.type ?? defaults.planType) !== 'full';
  if (mode === 'direct' && !stateOnly) {
    if (sourceCluster.host === true) {
      images.reason = {
        rule: 'host-internal-registry',
        detail: 'the host cluster uses its internal registry path',
      };
    } else if (sourceCluster.exposedRegistryPath) {
      images.registryPath = sourceCluster.exposedRegistryPath;
      images.reason = {
        rule: 'registry-route',
        detail: `images copied from route ${sourceCluster.exposedRegistryPath}`,
      };
    }
    // mig-controller checks both ends the same way (migplan/validation.go validateSourceCluster and
    // validateDestinationCluster, MigCluster.GetRegistryPath): a non-host MigCluster without
    // exposedRegistryPath blocks a direct-image plan, whether or not there are ImageStreams to copy.
    const sides = [
      ['source', sourceName, sourceCluster, source, 'SourceClusterNoRegistryPath'],
      ['destination', targetName, targetCluster, target, 'DestinationClusterNoRegistryPath'],
    ] as const;
    for (const [side, name, cluster, facts, condition] of sides) {
      if (cluster.host === true || cluster.exposedRegistryPath) continue;
      const route = facts.registryRoute;
      diagnostics.push(
        diag(
          'MP4011',
          `direct image migration with non-host ${side} cluster "${name}" needs exposedRegistryPath (MTC would report ${condition})`,
          {
            path,
            hint: route
              ? `Set spec.clusters.${name}.exposedRegistryPath: ${route} (the registry route on ${name}), or images: indirect.`
              : `Expose the registry on ${name} and set spec.clusters.${name}.exposedRegistryPath, or use images: indirect.`,
          },
        ),
      );
    }
  }
  // indirectImageMigration (what images: none renders) still migrates every ImageStream: mig-controller
  // skips images only when image migration is disabled controller-wide (migplan_types.go
  // IsImageMigrationDisabled: disable_image_migration / disable_image_copy). Refuse what cannot be honoured.
  if (mode === 'none' && !stateOnly && !disableImageMigration) {
    diagnostics.push(
      diag(
        'MP4033',
        `images: none on full plan "${plan.name}" would still migrate ${internal.length ? `${internal.length} ImageStream(s)` : "the namespaces' ImageStreams"} indirectly`,
        { path },
      ),
    );
  }
  if (mode === 'none' && internal.length > 0 && !stateOnly) {
    diagnostics.push(
      diag(
        'MP4016',
        `${internal.length} ImageStream(s) hold images in ${sourceName}'s internal registry (${internal.map((s) => `${s.namespace}/${s.name}`).join(', ')}) and will not be migrated`,
        { path },
      ),
    );
  }
  return { images, diagnostics };
}
