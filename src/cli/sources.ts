import { resolve } from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ClusterSource } from '../resolve/cluster-source.js';
import { snapshotSource } from '../resolve/from-snapshot.js';
import { namespacePairs, type Spec } from '../spec/spec.js';
import type { CliIO } from './io.js';

export interface SourceOptions {
  from?: 'snapshot' | 'live';
  kubeconfig?: string;
  quiet?: boolean;
  /** --kubeconfig and the timeouts serve something besides reading the clusters (diff --against live). */
  kubeconfigUsedElsewhere?: boolean;
  /** --request-timeout in ms: a single request (connect, TLS, response headers, body gaps). */
  requestTimeout?: number;
  /** --timeout in ms: the whole read of one cluster. */
  timeout?: number;
}

/** The live reader's timeouts from the CLI flags (their defaults live with the reader). */
export function liveTimeouts(opts: Pick<SourceOptions, 'requestTimeout' | 'timeout'>): {
  requestTimeoutMs?: number;
  deadlineMs?: number;
} {
  return {
    ...(opts.requestTimeout !== undefined ? { requestTimeoutMs: opts.requestTimeout } : {}),
    ...(opts.timeout !== undefined ? { deadlineMs: opts.timeout } : {}),
  };
}

/**
 * Where cluster state comes from: snapshots when every cluster has one (or --from snapshot), else live.
 * The live reader (and @kubernetes/client-node, ~0.7 s to load) is imported only when a cluster is read live.
 */
export async function chooseSource(
  spec: Spec,
  baseDir: string,
  io: CliIO,
  opts: SourceOptions,
): Promise<{ source?: ClusterSource; diagnostics: Diagnostic[] }> {
  const used = [...new Set(spec.spec.plans.flatMap((p) => [p.source, p.target]))];
  const allSnapshots = used.every((c) => spec.spec.clusters[c]?.discovery?.snapshot !== undefined);
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
    return { source: snapshotSource(baseDir, io.cwd), diagnostics: [] };
  }
  const missing = used
    .filter((c) => spec.spec.clusters[c]?.discovery?.context === undefined)
    .sort();
  if (missing.length) {
    return {
      diagnostics: missing.map((c) =>
        diag('MP3003', `cluster "${c}" has neither discovery.snapshot nor discovery.context`, {
          path: ['spec', 'clusters', c, 'discovery'],
        }),
      ),
    };
  }
  const showProgress = io.isTTY && !opts.quiet;
  const { liveSource } = await import('../resolve/from-live.js');
  return {
    diagnostics: [],
    source: liveSource({
      ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
      env: io.env,
      baseDir,
      namespacesFor: (cluster) => planNamespaces(spec, cluster),
      ...liveTimeouts(opts),
      ...(showProgress
        ? {
            progress: (cluster: string, done: number, total: number, objects: number) =>
              io.stderr(
                `\r\u001b[2K${cluster}: ${done}/${total} kinds, ${objects} objects${done === total ? '\n' : ''}`,
              ),
          }
        : {}),
    }),
  };
}

/** Namespaces the plans use on a cluster, for the per-namespace fallback after a 403. */
export function planNamespaces(spec: Spec, cluster: string): string[] {
  const out = new Set<string>();
  for (const p of spec.spec.plans) {
    for (const pair of namespacePairs(p)) {
      if (p.source === cluster) out.add(pair.source);
      if (p.target === cluster) out.add(pair.target);
    }
    for (const h of p.hooks ?? []) {
      if ((h.cluster === 'source' ? p.source : p.target) === cluster) out.add(h.executionNamespace);
    }
  }
  return [...out].sort();
}
