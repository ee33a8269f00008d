import { resolve } from 'node:path';
import { pushAll } from '../../util/arrays.js';
import {
  diag,
  exitCodeFor,
  hasErrors,
  type Diagnostic,
  type StageResult,
} from '../../diagnostics/diagnostic.js';
import { manifestJson, SNAPSHOT_MARKER } from '../../emit/manifest.js';
import { version } from '../../version.js';
import { writeOutputDir } from '../out-dir.js';
import { toYaml } from '../../emit/serialize.js';
import {
  apiVersionOf,
  networkMigrationResources,
  type ApiResource,
} from '../../resolve/api-resources.js';
import { hcpResources } from '../../resolve/hcp-facts.js';
import type { SpecKind } from '../../spec/kinds.js';
import type { KubeObject } from '../../resolve/facts-from-objects.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics } from '../output.js';
import { liveTimeouts } from '../sources.js';
import { cmp } from '../../util/objects.js';

export interface SnapshotOptions {
  context: string;
  kubeconfig?: string;
  namespaces?: string;
  out: string;
  quiet?: boolean;
  requestTimeout?: number;
  timeout?: number;
  /** The document kind the recording is for: it decides which kinds are listed. */
  kind?: SpecKind;
}

/**
 * `migplan snapshot`: records exactly what resolution reads, as `oc get -o yaml` Lists (one file per
 * kind), so `compile --from snapshot` gives the same output as compiling live. Secrets are never read.
 */
export async function snapshotCommand(opts: SnapshotOptions, io: CliIO): Promise<number> {
  const only = opts.namespaces
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (only !== undefined && only.length === 0) {
    // An empty list would record no namespaced object at all: a snapshot that plans nothing.
    await reportDiagnostics(
      [
        diag(
          'MP6010',
          '--namespaces names no namespace; give a comma-separated list, or drop it to record all',
        ),
      ],
      io,
      { format: 'text' },
    );
    return 2;
  }
  const recorded = new Map<string, { resource: ApiResource; items: KubeObject[] }>();
  const read = await recorders[opts.kind ?? 'Migration'](opts, io, only, recorded);
  const diagnostics: Diagnostic[] = read.diagnostics.map((d) => ({ ...d, path: [] }));
  if (!read.value || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, { format: 'text' });
    return exitCodeFor(diagnostics) || 2;
  }
  const tree = new Map<string, string>();
  for (const { resource, items } of [...recorded.values()].sort((a, b) =>
    cmp(a.resource.plural, b.resource.plural),
  )) {
    const key = (o: KubeObject) => {
      const m = (o['metadata'] ?? {}) as { namespace?: string; name?: string };
      return `${m.namespace ?? ''}/${m.name ?? ''}`;
    };
    const sorted = [...items].sort((a, b) => cmp(key(a), key(b)));
    const file = `${resource.plural}${resource.group ? `.${resource.group}` : ''}.yaml`;
    tree.set(
      file,
      toYaml({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: sorted }),
    );
  }
  tree.set(
    SNAPSHOT_MARKER,
    manifestJson(
      tree,
      {
        generator: `migplan ${version}`,
        context: opts.context,
        unreadable: [...read.value].sort(),
      },
      SNAPSHOT_MARKER,
    ),
  );
  const kubeconfig = opts.kubeconfig !== undefined ? resolve(io.cwd, opts.kubeconfig) : undefined;
  const written = await writeOutputDir(
    opts.out,
    resolve(io.cwd, opts.out),
    tree,
    SNAPSHOT_MARKER,
    kubeconfig !== undefined ? [{ what: 'the kubeconfig', path: kubeconfig, isDir: false }] : [],
  );
  pushAll(diagnostics, written);
  await reportDiagnostics(diagnostics, io, { format: 'text' });
  if (hasErrors(written)) return exitCodeFor(written);
  if (!opts.quiet)
    io.stderr(
      `recorded ${[...recorded.values()].reduce((n, r) => n + r.items.length, 0)} objects of ${recorded.size} kinds into ${opts.out}\n`,
    );
  return 0;
}

/** Status stays (PVC and PV phases, cluster version); managedFields are bulky bookkeeping nobody reads. */
function withoutManagedFields(o: KubeObject): KubeObject {
  const meta = { ...((o['metadata'] ?? {}) as Record<string, unknown>) };
  delete meta['managedFields'];
  return { ...o, metadata: meta };
}

type Recorded = Map<string, { resource: ApiResource; items: KubeObject[] }>;
type Recorder = (
  opts: SnapshotOptions,
  io: CliIO,
  only: string[] | undefined,
  recorded: Recorded,
) => Promise<StageResult<string[]>>;

/** How each document kind's reads are recorded: a new kind is one more entry. */
const recorders: Record<SpecKind, Recorder> = {
  Migration: (opts, io, only, recorded) => recordLive(opts, io, only, recorded, {}),
  NetworkMigration: (opts, io, only, recorded) =>
    recordLive(opts, io, only, recorded, {
      resources: networkMigrationResources,
      required: new Set(['Network', 'ClusterVersion']),
    }),
  HostedClusterMigration: (opts, io, _only, recorded) => recordHcp(opts, io, recorded),
};

/**
 * The reads of the live source, recorded kind by kind: the Migration planner's kinds, or the kinds a
 * NetworkMigration lists (`resources`, with those it cannot do without in `required`).
 */
async function recordLive(
  opts: SnapshotOptions,
  io: CliIO,
  only: string[] | undefined,
  recorded: Recorded,
  kinds: { resources?: readonly ApiResource[]; required?: ReadonlySet<string> },
): Promise<StageResult<string[]>> {
  // Loaded on demand: @kubernetes/client-node takes most of a second to import.
  const { liveSource } = await import('../../resolve/from-live.js');
  const source = liveSource({
    ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
    env: io.env,
    baseDir: io.cwd,
    namespacesFor: () => only ?? [],
    ...liveTimeouts(opts),
    ...kinds,
    record: (_cluster, resource, items) => {
      const entry = recorded.get(resource.plural) ?? { resource, items: [] };
      for (const o of items) {
        const ns = (o['metadata'] as { namespace?: string } | undefined)?.namespace;
        if (only && resource.namespaced && ns !== undefined && !only.includes(ns)) continue;
        entry.items.push(withoutManagedFields(o));
      }
      recorded.set(resource.plural, entry);
    },
    ...(io.isTTY && !opts.quiet
      ? {
          progress: (c: string, d: number, t: number, n: number) =>
            io.stderr(`\r\u001b[2K${c}: ${d}/${t} kinds, ${n} objects${d === t ? '\n' : ''}`),
        }
      : {}),
  });
  const result = await source.read(opts.context, {
    role: 'both',
    discovery: { context: opts.context },
  });
  return result.value
    ? { value: result.value.unreadable, diagnostics: result.diagnostics }
    : { diagnostics: result.diagnostics };
}

/**
 * The reads of a HostedClusterMigration compile (hcpResources, Secrets as metadata only): the same lists
 * `compile --from live` makes, so compiling the recording gives the same output.
 */
async function recordHcp(
  opts: SnapshotOptions,
  io: CliIO,
  recorded: Recorded,
): Promise<StageResult<string[]>> {
  const { listObjects } = await import('../../resolve/from-live.js');
  const read = await listObjects(
    opts.context,
    { role: 'both', discovery: { context: opts.context } },
    {
      ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
      env: io.env,
      baseDir: io.cwd,
      ...liveTimeouts(opts),
    },
    hcpResources,
  );
  if (!read.value) return { diagnostics: read.diagnostics };
  for (const o of read.value) {
    const resource = hcpResources.find(
      (r) => r.kind === o['kind'] && apiVersionOf(r) === o['apiVersion'],
    );
    if (!resource) continue;
    const entry = recorded.get(resource.plural) ?? { resource, items: [] };
    entry.items.push(withoutManagedFields(o));
    recorded.set(resource.plural, entry);
  }
  return { value: [], diagnostics: read.diagnostics };
}
