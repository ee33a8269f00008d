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
  plannerResources,
  type ApiResource,
} from '../../resolve/api-resources.js';
import { asApiResource, backedUpResources } from '../../resolve/discovery.js';
import { hcpMetadataOnlyKinds, hcpResources } from '../../resolve/hcp-facts.js';
import type { SpecKind } from '../../spec/kinds.js';
import type { KubeObject } from '../../resolve/facts-from-objects.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics } from '../output.js';
import { liveTimeouts } from '../sources.js';
import { cmp } from '../../util/objects.js';

/** The discovery documents of a recording (`oc get --raw` of /api, /apis and each group/version). */
export const DISCOVERY_FILE = 'api-discovery.yaml';

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
  const recorded: Recorded = new Map();
  const read = await recorders[opts.kind ?? 'Migration'](opts, io, only, recorded);
  const diagnostics: Diagnostic[] = read.diagnostics.map((d) => ({ ...d, path: [] }));
  if (!read.value || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, { format: 'text' });
    return exitCodeFor(diagnostics) || 2;
  }
  const tree = new Map<string, string>();
  for (const { resource, items, metadataOnly } of [...recorded.values()].sort((a, b) =>
    cmp(fileOf(a), fileOf(b)),
  )) {
    const key = (o: KubeObject) => {
      const m = (o['metadata'] ?? {}) as { namespace?: string; name?: string };
      return `${m.namespace ?? ''}/${m.name ?? ''}`;
    };
    const sorted = [...items].sort((a, b) => cmp(key(a), key(b)));
    // A typed CRD list says the CRDs were listed even when there are none; a metadata-only list holds
    // only names, and is never read as full objects.
    const kind = metadataOnly
      ? 'PartialObjectMetadataList'
      : resource.kind === 'CustomResourceDefinition'
        ? 'CustomResourceDefinitionList'
        : 'List';
    tree.set(
      fileOf({ resource, metadataOnly }),
      toYaml({
        apiVersion: metadataOnly ? 'meta.k8s.io/v1' : 'v1',
        kind,
        metadata: { resourceVersion: '' },
        items: sorted,
      }),
    );
  }
  const { unreadable, discovery } = read.value;
  if (discovery?.length)
    tree.set(
      DISCOVERY_FILE,
      toYaml({
        apiVersion: 'v1',
        kind: 'List',
        metadata: { resourceVersion: '' },
        items: discovery,
      }),
    );
  tree.set(
    SNAPSHOT_MARKER,
    manifestJson(
      tree,
      {
        generator: `migplan ${version}`,
        context: opts.context,
        unreadable: [...unreadable].sort(),
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

/** kind.group.yaml for full lists, kind.version.group.metadata.yaml for the compatibility inventory's names. */
function fileOf(e: { resource: ApiResource; metadataOnly?: boolean | undefined }): string {
  const r = e.resource;
  return e.metadataOnly
    ? `${r.plural}.${r.version}${r.group ? `.${r.group}` : ''}.metadata.yaml`
    : `${r.plural}${r.group ? `.${r.group}` : ''}.yaml`;
}

/** Status stays (PVC and PV phases, cluster version); managedFields are bulky bookkeeping nobody reads. */
function withoutManagedFields(o: KubeObject): KubeObject {
  const meta = { ...((o['metadata'] ?? {}) as Record<string, unknown>) };
  delete meta['managedFields'];
  return { ...o, metadata: meta };
}

/** Recorded lists by file key; `metadataOnly` marks the compatibility inventory's name-only lists. */
type Recorded = Map<string, { resource: ApiResource; items: KubeObject[]; metadataOnly?: boolean }>;
/** What a recorder read besides the lists: kinds it could not read, and the discovery documents if any. */
interface RecorderResult {
  unreadable: string[];
  discovery?: Record<string, unknown>[];
}
type Recorder = (
  opts: SnapshotOptions,
  io: CliIO,
  only: string[] | undefined,
  recorded: Recorded,
) => Promise<StageResult<RecorderResult>>;

/**
 * How each document kind's reads are recorded: a new kind is one more entry. Only a Migration reads API
 * discovery and the compatibility inventory (issue 16); the other kinds' compiles never look at them.
 */
const recorders: Record<SpecKind, Recorder> = {
  Migration: (opts, io, only, recorded) => recordLive(opts, io, only, recorded, {}),
  NetworkMigration: (opts, io, only, recorded) =>
    recordLive(opts, io, only, recorded, {
      resources: networkMigrationResources,
      required: new Set(['Network', 'ClusterVersion']),
      apiDiscovery: false,
    }),
  HostedClusterMigration: (opts, io, _only, recorded) => recordHcp(opts, io, recorded),
};

/**
 * The reads of the live source, recorded kind by kind: the Migration planner's kinds, or the kinds a
 * NetworkMigration lists (`resources`, with those it cannot do without in `required`). With API discovery
 * (a Migration), also the discovery documents and the names of every other namespaced object Velero would
 * back up (metadata only), so that a compile against any target counts the kinds that target refuses, as a
 * live compile lists them.
 */
async function recordLive(
  opts: SnapshotOptions,
  io: CliIO,
  only: string[] | undefined,
  recorded: Recorded,
  kinds: {
    resources?: readonly ApiResource[];
    required?: ReadonlySet<string>;
    apiDiscovery?: boolean;
  },
): Promise<StageResult<RecorderResult>> {
  let discovery: Record<string, unknown>[] | undefined;
  // Loaded on demand: @kubernetes/client-node takes most of a second to import.
  const { liveSource } = await import('../../resolve/from-live.js');
  const source = liveSource({
    ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
    env: io.env,
    baseDir: io.cwd,
    namespacesFor: () => only ?? [],
    ...liveTimeouts(opts),
    ...kinds,
    recordDiscovery: (_cluster, documents) => {
      discovery = documents;
    },
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
  const cluster = { role: 'both' as const, discovery: { context: opts.context } };
  const result = await source.read(opts.context, cluster);
  if (!result.value || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics };
  const diagnostics = [...result.diagnostics];
  const apis = result.value.apis;
  if (apis && source.listMetadata) {
    const planned = new Set(plannerResources.map((r) => `${r.group}/${r.version}/${r.plural}`));
    const others = backedUpResources(apis).filter(
      (r) => !planned.has(`${r.group}/${r.version}/${r.plural}`),
    );
    const namespaces = only ?? result.value.namespaces.map((n) => n.name);
    const listed = await source.listMetadata(opts.context, cluster, others, namespaces);
    pushAll(diagnostics, listed.diagnostics);
    if (!listed.value || hasErrors(diagnostics)) return { diagnostics };
    for (const l of listed.value) {
      // A list that could not be read is left out: the compile then says "not checked" for it.
      if (!l.objects) continue;
      const resource = asApiResource({ ...l, namespaced: true, verbs: [] });
      recorded.set(`${l.plural}.${l.version}.${l.group}`, {
        resource,
        metadataOnly: true,
        items: l.objects.map((o) => ({
          apiVersion: apiVersionOf(resource),
          kind: l.kind,
          metadata: { name: o.name, namespace: o.namespace },
        })),
      });
    }
  }
  return {
    value: { unreadable: result.value.unreadable, ...(discovery ? { discovery } : {}) },
    diagnostics,
  };
}

/**
 * The reads of a HostedClusterMigration compile (hcpResources, Secrets as metadata only): the same lists
 * `compile --from live` makes, so compiling the recording gives the same output.
 */
async function recordHcp(
  opts: SnapshotOptions,
  io: CliIO,
  recorded: Recorded,
): Promise<StageResult<RecorderResult>> {
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
    hcpMetadataOnlyKinds,
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
  return { value: { unreadable: [] }, diagnostics: read.diagnostics };
}
