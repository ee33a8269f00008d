import { resolve } from 'node:path';
import { diag, exitCodeFor, hasErrors } from '../../diagnostics/diagnostic.js';
import {
  diffObjects,
  formatStat,
  keyedObjects,
  objectKey,
  objectsOfTree,
  projectOnto,
  type ObjectChange,
} from '../../diff/diff.js';
import { emittedResources } from '../../resolve/api-resources.js';
import type { Manifest } from '../../render/types.js';
import type { StageResult } from '../../diagnostics/diagnostic.js';
import type { LoadedSpec } from '../load-spec.js';
import { readTree } from '../../emit/write-dir.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';
import { compileSpec } from './compile.js';
import type { SourceOptions } from '../sources.js';
import { pushAll } from '../../util/arrays.js';

export interface DiffOptions extends SourceOptions {
  against: string;
  stat?: boolean;
  exitZero?: boolean;
  argocd?: boolean;
  format: DiagnosticFormat;
}

/**
 * `migplan diff SPEC --against DIR`: what compile would change, object by object. Exit codes follow
 * `kubectl diff`: 0 identical, 1 different, 2 errors (terraform and helm-diff use 2 for changes).
 */
export async function diffCommand(path: string, opts: DiffOptions, io: CliIO): Promise<number> {
  const { loaded, result, diagnostics } = await compileSpec(path, io, opts);
  if (!result?.tree || hasErrors(diagnostics)) {
    reportDiagnostics(diagnostics, io, opts.format, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  const host = result.hostCluster ?? '';
  let changes;
  if (opts.against === 'live') {
    const live = await liveChanges(result.manifests ?? [], loaded, io, opts);
    if (!live.value) {
      reportDiagnostics(live.diagnostics, io, opts.format, loaded.source);
      return exitCodeFor(live.diagnostics) || 2;
    }
    changes = live.value;
  } else {
    const dir = resolve(io.cwd, opts.against);
    const current = await readTree(dir);
    if (current.size === 0) {
      reportDiagnostics(
        [diag('MP6004', `${opts.against} holds no compiled output to compare with`)],
        io,
        opts.format,
      );
      return 2;
    }
    changes = diffObjects(objectsOfTree(current, host), objectsOfTree(result.tree, host));
  }
  if (changes.length)
    io.stdout(opts.stat ? formatStat(changes) : changes.map((c) => c.patch).join(''));
  reportDiagnostics(
    diagnostics.filter((d) => d.severity !== 'info'),
    io,
    opts.format,
    loaded.source,
  );
  return changes.length && !opts.exitZero ? 1 : 0;
}

/**
 * What `oc apply` would change on the clusters: each setup object is read back by name and seen through
 * the fields we manage (server-set and controller-filled fields are ignored). Migrations are actions and
 * are not compared.
 */
async function liveChanges(
  manifests: readonly Manifest[],
  loaded: LoadedSpec,
  io: CliIO,
  opts: DiffOptions,
): Promise<StageResult<ObjectChange[]>> {
  const spec = loaded.spec;
  if (!spec) return { diagnostics: [] };
  const setup = manifests.filter((m) => m.group !== 'migration');
  const clusters = [...new Set(setup.map((m) => m.cluster))].sort();
  const liveOpts = {
    ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
    env: io.env,
    baseDir: loaded.baseDir,
    namespacesFor: () => [],
  };
  const changes: ObjectChange[] = [];
  for (const cluster of clusters) {
    const mine = setup.filter((m) => m.cluster === cluster);
    const refs = mine.flatMap((m) => {
      const [group, version] = m.object.apiVersion.includes('/')
        ? m.object.apiVersion.split('/')
        : ['', m.object.apiVersion];
      const resource = emittedResources.find(
        (r) => r.kind === m.object.kind && r.group === group && r.version === version,
      );
      return resource
        ? [
            {
              resource,
              name: m.object.metadata.name,
              ...(m.object.metadata.namespace ? { namespace: m.object.metadata.namespace } : {}),
            },
          ]
        : [];
    });
    const { fetchObjects } = await import('../../resolve/from-live.js');
    const fetched = await fetchObjects(
      cluster,
      spec.spec.clusters[cluster] ?? { role: 'both' },
      liveOpts,
      refs,
    );
    if (!fetched.value) return { diagnostics: fetched.diagnostics };
    const live = new Map(fetched.value.map((o) => [objectKey(o, cluster), o]));
    const projected = mine.flatMap((m) => {
      const found = live.get(objectKey(m.object, cluster));
      return found ? [projectOnto(found, m.object)] : [];
    });
    const wanted = keyedObjects(
      mine.map((m) => m.object),
      cluster,
    );
    pushAll(changes, diffObjects(keyedObjects(projected, cluster), wanted));
  }
  return { value: changes, diagnostics: [] };
}
