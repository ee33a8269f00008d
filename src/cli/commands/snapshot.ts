import { resolve } from 'node:path';
import { pushAll } from '../../util/arrays.js';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
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
import type { SpecKind } from '../../spec/kinds.js';

/** The discovery documents of a recording (`oc get --raw` of /api, /apis and each group/version). */
export const DISCOVERY_FILE = 'api-discovery.yaml';
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

/** What each document kind reads: a new kind is one more entry (undefined: the Migration planner's kinds). */
const recordedKinds: Record<
  SpecKind,
  { resources?: readonly ApiResource[]; required?: ReadonlySet<string>; apiDiscovery?: boolean }
> = {
  Migration: {},
  // No API discovery: the target compatibility check (issue 16) is the Migration planner's only.
  NetworkMigration: {
    resources: networkMigrationResources,
    required: new Set(['Network', 'ClusterVersion']),
    apiDiscovery: false,
  },
};

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
  const recorded = new Map<
    string,
    { resource: ApiResource; items: KubeObject[]; metadataOnly?: boolean }
  >();
  let discovery: Record<string, unknown>[] = [];
  // Loaded on demand: @kubernetes/client-node takes most of a second to import.
  const { liveSource } = await import('../../resolve/from-live.js');
  const source = liveSource({
    ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
    env: io.env,
    baseDir: io.cwd,
    namespacesFor: () => only ?? [],
    ...liveTimeouts(opts),
    recordDiscovery: (_cluster, documents) => {
      discovery = documents;
    },
    ...recordedKinds[opts.kind ?? 'Migration'],
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
  const diagnostics: Diagnostic[] = result.diagnostics.map((d) => ({ ...d, path: [] }));
  if (!result.value || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, { format: 'text' });
    return exitCodeFor(diagnostics) || 2;
  }
  // The names of every other namespaced object Velero would back up (metadata only), so that a compile
  // against any target can count the kinds that target refuses, as a live compile lists them.
  const apis = result.value.apis;
  if (apis && source.listMetadata) {
    const planned = new Set(plannerResources.map((r) => `${r.group}/${r.version}/${r.plural}`));
    const others = backedUpResources(apis).filter(
      (r) => !planned.has(`${r.group}/${r.version}/${r.plural}`),
    );
    const namespaces = only ?? result.value.namespaces.map((n) => n.name);
    const listed = await source.listMetadata(opts.context, cluster, others, namespaces);
    pushAll(
      diagnostics,
      listed.diagnostics.map((d) => ({ ...d, path: [] })),
    );
    if (!listed.value || hasErrors(diagnostics)) {
      await reportDiagnostics(diagnostics, io, { format: 'text' });
      return exitCodeFor(diagnostics) || 2;
    }
    for (const l of listed.value) {
      // A list that could not be read is left out: the compile then says "not checked" for it.
      if (!l.objects) continue;
      const resource = { ...asApiResource({ ...l, namespaced: true, verbs: [] }) };
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
  const tree = new Map<string, string>();
  for (const { resource, items, metadataOnly } of [...recorded.values()].sort((a, b) =>
    cmp(fileOf(a), fileOf(b)),
  )) {
    const key = (o: KubeObject) => {
      const m = (o['metadata'] ?? {}) as { namespace?: string; name?: string };
      return `${m.namespace ?? ''}/${m.name ?? ''}`;
    };
    const sorted = [...items].sort((a, b) => cmp(key(a), key(b)));
    const file = fileOf({ resource, metadataOnly });
    // A typed CRD list says the CRDs were listed even when there are none; a metadata-only list holds
    // only names, and is never read as full objects.
    const kind = metadataOnly
      ? 'PartialObjectMetadataList'
      : resource.kind === 'CustomResourceDefinition'
        ? 'CustomResourceDefinitionList'
        : 'List';
    tree.set(
      file,
      toYaml({
        apiVersion: metadataOnly ? 'meta.k8s.io/v1' : 'v1',
        kind,
        metadata: { resourceVersion: '' },
        items: sorted,
      }),
    );
  }
  if (discovery.length)
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
        unreadable: [...result.value.unreadable].sort(),
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

/** kind.group.yaml for full lists, kind.version.group.metadata.yaml for metadata-only ones. */
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
