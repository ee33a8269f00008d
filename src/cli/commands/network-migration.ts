import { resolve } from 'node:path';
import {
  compileNetworkMigration,
  type NetworkCompileResult,
} from '../../compile-network-migration.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { diffFiles, formatFileStat } from '../../diff/files.js';
import { PLAN_MARKER } from '../../emit/layout.js';
import type { NetworkMigrationSpec } from '../../spec/network-migration.js';
import { cniLiveSource, cniSnapshotSource } from '../../resolve/from-network-migration.js';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import type { CliIO } from '../io.js';
import type { KindPipeline } from '../kind-runner.js';
import type { LoadedSpec } from '../load-spec.js';
import type { InputPath } from '../out-dir.js';
import { liveTimeouts, type SourceOptions } from '../sources.js';
import type { DiffOptions } from './diff.js';

/** Compiles a loaded NetworkMigration from its snapshot, or live (--from live, or when it has only a context). */
async function compileLoaded(
  loaded: LoadedSpec,
  spec: NetworkMigrationSpec,
  io: CliIO,
  opts: SourceOptions,
): Promise<{ result?: NetworkCompileResult; diagnostics: Diagnostic[] }> {
  const discovery = spec.spec.cluster.discovery;
  const from = opts.from ?? (discovery.snapshot !== undefined ? 'snapshot' : 'live');
  const at = { path: ['spec', 'cluster', 'discovery'] };
  if (
    from === 'snapshot' &&
    (opts.kubeconfig !== undefined ||
      opts.timeout !== undefined ||
      opts.requestTimeout !== undefined) &&
    !opts.kubeconfigUsedElsewhere
  )
    return {
      diagnostics: [
        diag(
          'MP6010',
          '--kubeconfig and the timeouts read a live cluster, but the cluster is read from its snapshot; add --from live or drop them',
        ),
      ],
    };
  if (from === 'live' && discovery.context === undefined)
    return {
      diagnostics: [
        diag(
          'MP3003',
          `cluster "${spec.spec.cluster.name}" has no discovery.context; --from live cannot read it`,
          at,
        ),
      ],
    };
  const source =
    from === 'snapshot'
      ? cniSnapshotSource(loaded.baseDir, io.cwd)
      : cniLiveSource({
          ...(opts.kubeconfig !== undefined
            ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) }
            : {}),
          env: io.env,
          baseDir: loaded.baseDir,
          ...liveTimeouts(opts),
        });
  const result = await compileNetworkMigration({
    spec,
    specText: loaded.doc?.text ?? '',
    source,
    version,
  });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics].map((d) =>
    d.file !== undefined || d.path.length === 0 || !loaded.doc ? d : locate(d, loaded.doc),
  );
  return { result, diagnostics };
}

/** The paths a NetworkMigration reads, which no --out may hold. */
function inputs(
  path: string,
  loaded: LoadedSpec,
  spec: NetworkMigrationSpec,
  io: CliIO,
  kubeconfig?: string,
): InputPath[] {
  const d = spec.spec.cluster.discovery;
  return [
    ...(path === '-' ? [] : [{ what: 'the spec', path: resolve(io.cwd, path), isDir: false }]),
    ...(kubeconfig !== undefined
      ? [{ what: 'the kubeconfig', path: resolve(io.cwd, kubeconfig), isDir: false }]
      : []),
    ...(d.snapshot !== undefined
      ? [
          {
            what: `the snapshot of cluster ${spec.spec.cluster.name}`,
            path: resolve(loaded.baseDir, d.snapshot),
            isDir: true,
          },
        ]
      : []),
    ...(d.kubeconfig !== undefined
      ? [
          {
            what: `the kubeconfig of cluster ${spec.spec.cluster.name}`,
            path: resolve(loaded.baseDir, d.kubeconfig),
            isDir: false,
          },
        ]
      : []),
  ];
}

/** Options that only mean something for a Migration (MTC steps, clusters, Argo CD waves). */
function unsupported(opts: {
  migration?: string;
  cluster?: string;
  argocd?: boolean;
}): Diagnostic[] {
  const flags = [
    ...(opts.migration !== undefined ? ['--migration'] : []),
    ...(opts.cluster !== undefined ? ['--cluster'] : []),
    ...(opts.argocd !== undefined ? [opts.argocd ? '--argocd' : '--no-argocd'] : []),
  ];
  return flags.length
    ? [
        diag(
          'MP6010',
          `${flags.join(' and ')} apply to a Migration; a NetworkMigration has one cluster and ordered steps (compile --out writes one file per step)`,
        ),
      ]
    : [];
}

type LoadedNetwork = LoadedSpec & {
  typed: { kind: 'NetworkMigration'; spec: NetworkMigrationSpec };
};

/** Options of `diff` a NetworkMigration has no use for. */
function diffUsage(opts: DiffOptions): Diagnostic[] {
  if (opts.against === 'live' || opts.argocd !== undefined)
    return [
      diag(
        'MP6010',
        opts.against === 'live'
          ? '--against live compares setup objects with a cluster; a NetworkMigration changes the cluster step by step, so compare with a directory written by compile --out'
          : '--argocd applies to a Migration, not a NetworkMigration',
      ),
    ];
  return [];
}

/** The NetworkMigration pipeline behind compile, report and diff (kind-runner.ts runs it). */
export const networkPipeline: KindPipeline<NetworkCompileResult> = {
  compileUsage: unsupported,
  diffUsage,
  compile: (_path, loaded, io, opts) =>
    compileLoaded(loaded, (loaded as LoadedNetwork).typed.spec, io, opts),
  inputs: (path, loaded, io, kubeconfig) =>
    inputs(path, loaded, (loaded as LoadedNetwork).typed.spec, io, kubeconfig),
  planJson: ({ facts: _facts, ...plan }) => plan,
  // File by file: steps repeat objects.
  changes: (before, after) => {
    const changes = diffFiles(before, after, PLAN_MARKER);
    return {
      value: { patches: changes.map((c) => c.patch), stat: formatFileStat(changes) },
      diagnostics: [],
    };
  },
};
