import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import { defaults, type Cluster, type Plan } from '../../spec/spec.js';
import type { ImageDecision, NamespaceDecision } from '../types.js';

/**
 * Direct image migration from a non-host source needs its registry route (MTC SourceClusterNoRegistryPath,
 * Critical); we say so at compile time and name the route the snapshot shows.
 */
export function resolveImages(
  plan: Plan,
  planIndex: number,
  namespaces: readonly NamespaceDecision[],
  sourceName: string,
  sourceCluster: Cluster,
  source: ClusterFacts,
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
            ? 'not migrated'
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
    } else if (internal.length > 0 || source.imageStreams.some((s) => migrated.has(s.namespace))) {
      const route = source.registryRoute;
      diagnostics.push(
        diag(
          'MP4011',
          `direct image migration from non-host cluster "${sourceName}" needs exposedRegistryPath (MTC would report SourceClusterNoRegistryPath)`,
          {
            path,
            hint: route
              ? `Set spec.clusters.${sourceName}.exposedRegistryPath: ${route} (the registry route on ${sourceName}), or images: indirect.`
              : `Expose the registry on ${sourceName} and set exposedRegistryPath, or use images: indirect.`,
          },
        ),
      );
    } else {
      diagnostics.push(
        diag(
          'MP4011',
          `direct image migration from non-host cluster "${sourceName}" needs exposedRegistryPath even without ImageStreams (MTC blocks the plan)`,
          {
            path,
            severity: 'error',
          },
        ),
      );
    }
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
