import { resolve } from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ObjectSource } from '../compile-hcp.js';
import { readClusterSnapshotObjects } from '../resolve/from-snapshot.js';
import { hcpMetadataOnlyKinds, hcpResources } from '../resolve/hcp-facts.js';
import { rolesFor, type HostedClusterMigration } from '../spec/hcp.js';
import type { CliIO } from './io.js';
import { liveTimeouts, type SourceOptions } from './sources.js';

/**
 * Where a HostedClusterMigration's management clusters are read from: snapshots when every cluster it reads has
 * one (or --from snapshot), else live through the contexts. The same choice as chooseSource for a Migration.
 */
export async function chooseHcpSource(
  spec: HostedClusterMigration,
  baseDir: string,
  io: CliIO,
  opts: SourceOptions,
): Promise<{ source?: ObjectSource; diagnostics: Diagnostic[] }> {
  const roles = rolesFor(spec);
  const allSnapshots = roles.every((r) => spec.spec.clusters[r]?.discovery.snapshot !== undefined);
  const from = opts.from ?? (allSnapshots ? 'snapshot' : 'live');
  if (from === 'snapshot') {
    const liveOnly = [
      ...(opts.kubeconfig !== undefined ? ['--kubeconfig'] : []),
      ...(opts.requestTimeout !== undefined ? ['--request-timeout'] : []),
      ...(opts.timeout !== undefined ? ['--timeout'] : []),
    ];
    if (liveOnly.length && !opts.kubeconfigUsedElsewhere)
      return {
        diagnostics: [
          diag(
            'MP6010',
            `${liveOnly.join(' and ')} ${liveOnly.length > 1 ? 'are' : 'is'} given but every cluster is read from its snapshot; add --from live to read the clusters, or drop ${liveOnly.length > 1 ? 'them' : 'it'}`,
          ),
        ],
      };
    return {
      diagnostics: [],
      source: {
        kind: 'snapshot',
        read: (role, cluster) =>
          Promise.resolve(
            readClusterSnapshotObjects(baseDir, io.cwd, role, cluster.discovery.snapshot),
          ),
      },
    };
  }
  const missing = roles.filter((r) => spec.spec.clusters[r]?.discovery.context === undefined);
  if (missing.length)
    return {
      diagnostics: missing.map((r) =>
        diag('MP3003', `cluster "${r}" has neither discovery.snapshot nor discovery.context`, {
          path: ['spec', 'clusters', r, 'discovery'],
        }),
      ),
    };
  const { listObjects } = await import('../resolve/from-live.js');
  const live = {
    ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
    env: io.env,
    baseDir,
    ...liveTimeouts(opts),
  };
  return {
    diagnostics: [],
    source: {
      kind: 'live',
      read: (role, cluster) =>
        listObjects(
          role,
          { role: role, discovery: cluster.discovery },
          live,
          hcpResources,
          hcpMetadataOnlyKinds,
        ),
    },
  };
}
