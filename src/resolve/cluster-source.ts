import type { StageResult } from '../diagnostics/diagnostic.js';
import type { Cluster } from '../spec/spec.js';
import type { ClusterFacts } from './cluster-facts.js';

/** Where cluster state comes from. Snapshot and live readers implement it; the planner never knows which. */
export interface ClusterSource {
  readonly kind: 'snapshot' | 'live';
  read(name: string, cluster: Cluster): Promise<StageResult<ClusterFacts>>;
}
