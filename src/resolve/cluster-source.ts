import type { StageResult } from '../diagnostics/diagnostic.js';
import type { Cluster } from '../spec/spec.js';
import type { ClusterFacts, InventoryList, ServedResource } from './cluster-facts.js';

/** Where cluster state comes from. Snapshot and live readers implement it; the planner never knows which. */
export interface ClusterSource {
  readonly kind: 'snapshot' | 'live';
  read(name: string, cluster: Cluster): Promise<StageResult<ClusterFacts>>;
  /**
   * The objects (namespace and name only) of these resources in these namespaces, one list per resource;
   * a list that could not be read says why instead. Called after read(), with the kinds found incompatible.
   */
  listMetadata?(
    name: string,
    cluster: Cluster,
    resources: readonly ServedResource[],
    namespaces: readonly string[],
  ): Promise<StageResult<InventoryList[]>>;
}
