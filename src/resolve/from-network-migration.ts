import { relative, resolve as resolvePath } from 'node:path';
import { diag, hasErrors, type StageResult } from '../diagnostics/diagnostic.js';
import type { NetworkMigrationSpec } from '../spec/network-migration.js';
import { networkMigrationResources, type ApiResource } from './api-resources.js';
import { cniFactsFromObjects, type CniFacts } from './cni-facts.js';
import type { KubeObject } from './facts-from-objects.js';
import { readSnapshotObjects } from './from-snapshot.js';
import type { LiveOptions } from './from-live.js';

/** Where a NetworkMigration's cluster state comes from; both readers end in cniFactsFromObjects. */
export interface CniSource {
  readonly kind: 'snapshot' | 'live';
  read(spec: NetworkMigrationSpec): Promise<StageResult<CniFacts>>;
}

/** Kinds without which the live read stops: the procedure is chosen from them. */
const REQUIRED: ReadonlySet<string> = new Set(['Network', 'ClusterVersion']);

/** Reads spec.cluster.discovery.snapshot, relative to the spec's folder. */
export function cniSnapshotSource(baseDir: string, displayBase = baseDir): CniSource {
  return {
    kind: 'snapshot',
    read: (spec) => Promise.resolve(readCniSnapshot(spec, baseDir, displayBase)),
  };
}

function readCniSnapshot(
  spec: NetworkMigrationSpec,
  baseDir: string,
  displayBase: string,
): StageResult<CniFacts> {
  const c = spec.spec.cluster;
  if (c.discovery.snapshot === undefined)
    return {
      diagnostics: [
        diag(
          'MP3003',
          `cluster "${c.name}" has no discovery.snapshot; --from snapshot cannot read it`,
          {
            path: ['spec', 'cluster', 'discovery'],
          },
        ),
      ],
    };
  const display = (file: string) => relative(displayBase, file) || file;
  const read = readSnapshotObjects(resolvePath(baseDir, c.discovery.snapshot), display, [baseDir]);
  if (!read.value) return { diagnostics: read.diagnostics };
  const facts = cniFactsFromObjects(c.name, read.value.objects, read.value.unreadable);
  return { ...facts, diagnostics: [...read.diagnostics, ...facts.diagnostics] };
}

/**
 * Reads spec.cluster.discovery.context with the live reader (paging, retries, bounds) listing the network kinds;
 * each kind's complete list is kept as raw objects and read by the same cniFactsFromObjects as a snapshot.
 */
export function cniLiveSource(opts: Omit<LiveOptions, 'namespacesFor' | 'record'>): CniSource {
  return {
    kind: 'live',
    async read(spec) {
      const c = spec.spec.cluster;
      const lists = new Map<ApiResource, KubeObject[]>();
      const { liveSource } = await import('./from-live.js');
      const result = await liveSource({
        ...opts,
        resources: networkMigrationResources,
        required: REQUIRED,
        namespacesFor: () => [],
        record: (_cluster, resource, items) => lists.set(resource, items),
      }).read(c.name, { role: 'both', discovery: c.discovery });
      const diagnostics = result.diagnostics.map((d) =>
        d.path.length && d.path[1] === 'clusters'
          ? { ...d, path: ['spec', 'cluster', 'discovery'] }
          : d,
      );
      if (!result.value || hasErrors(diagnostics)) return { diagnostics };
      // A fixed kind order, never completion order, so the facts never depend on timing.
      const objects = networkMigrationResources.flatMap((r) => lists.get(r) ?? []);
      const facts = cniFactsFromObjects(c.name, objects, result.value.unreadable);
      return { ...facts, diagnostics: [...diagnostics, ...facts.diagnostics] };
    },
  };
}
