import { resolve } from 'node:path';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import {
  colorizeDiff,
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
import { loadSpec, type LoadedSpec } from '../load-spec.js';
import { kindCommands } from '../kind-commands.js';
import { PLAN_MARKER } from '../../emit/layout.js';
import { readOutputDir, recordedArgocd } from '../out-dir.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics, strictExit, useColor, type DiagnosticFlags } from '../output.js';
import { compileSpec, machineFormatUsage } from './compile.js';
import { liveTimeouts, type SourceOptions } from '../sources.js';
import { pushAll } from '../../util/arrays.js';

export interface DiffOptions extends SourceOptions, DiagnosticFlags {
  against: string;
  stat?: boolean;
  exitZero?: boolean;
  argocd?: boolean;
}

/**
 * `migplan diff SPEC --against DIR`: what compile would change, object by object. Exit codes follow
 * `kubectl diff`: 0 identical, 1 different, 2 errors (terraform and helm-diff use 2 for changes).
 */
export async function diffCommand(path: string, opts: DiffOptions, io: CliIO): Promise<number> {
  const usage = machineFormatUsage(opts);
  if (usage.length) {
    await reportDiagnostics(usage, io, { format: 'text' });
    return 2;
  }
  const loadedSpec = await loadSpec(path, io);
  const other = kindCommands(loadedSpec);
  if (other) return other.diff(loadedSpec, opts, io);
  const againstDir = opts.against === 'live' ? undefined : resolve(io.cwd, opts.against);
  // Compare with what the directory was compiled with (manifest.json), unless the flag says otherwise.
  const argocd =
    opts.argocd ??
    (againstDir !== undefined ? await recordedArgocd(againstDir, PLAN_MARKER) : undefined);
  const { loaded, result, diagnostics } = await compileSpec(
    path,
    io,
    {
      ...opts,
      ...(argocd !== undefined ? { argocd } : {}),
      kubeconfigUsedElsewhere: opts.against === 'live',
    },
    loadedSpec,
  );
  const specFile = path === '-' ? undefined : path;
  // The findings of writing --diagnostics-file (exit 2) count like any other.
  const report = async (
    ds: readonly Diagnostic[],
    sources: Parameters<typeof reportDiagnostics>[3] = loaded.source,
  ) => exitCodeFor(await reportDiagnostics(ds, io, opts, sources, 'stderr', specFile));
  if (!result?.tree || hasErrors(diagnostics)) {
    return Math.max(exitCodeFor(diagnostics) || 1, await report(diagnostics));
  }
  const host = result.hostCluster ?? '';
  const notes: Diagnostic[] = [];
  let changes;
  if (opts.against === 'live') {
    const live = await liveChanges(result.manifests ?? [], loaded, io, opts);
    if (!live.value) {
      await report(live.diagnostics);
      return exitCodeFor(live.diagnostics) || 2;
    }
    changes = live.value;
  } else {
    const current = await readOutputDir(opts.against, againstDir ?? '', PLAN_MARKER);
    const refused =
      current.value === 'absent'
        ? [diag('MP6004', `${opts.against} does not exist: nothing was compiled there`)]
        : current.diagnostics;
    if (!current.value || current.value === 'absent') {
      await report(refused);
      return 2;
    }
    for (const file of current.value.edited)
      notes.push(
        diag('MP6012', `${opts.against}/${file} was edited since it was compiled (manifest.json)`, {
          file: `${opts.against}/${file}`,
        }),
      );
    const prefix = `${opts.against.replace(/\/+$/, '')}/`;
    const files = current.value.files;
    const before = objectsOfTree(files, host, prefix);
    if (!before.value || hasErrors(before.diagnostics)) {
      const sources = [...files]
        .filter(([rel]) => before.diagnostics.some((d) => d.file === prefix + rel))
        .map(([rel, text]) => ({ file: prefix + rel, text }));
      await report(before.diagnostics, sources);
      return exitCodeFor(before.diagnostics) || 2;
    }
    changes = diffObjects(before.value, objectsOfTree(result.tree, host).value ?? new Map());
  }
  if (changes.length) {
    const text = opts.stat ? formatStat(changes) : changes.map((c) => c.patch).join('');
    io.stdout(useColor(io, 'stdout') ? colorizeDiff(text) : text);
  }
  // terraform's wording: a clean diff says so instead of printing nothing.
  else if (opts.stat) io.stdout('No changes.\n');
  const shown = [...diagnostics.filter((d) => d.severity !== 'info'), ...notes];
  const written = await report(shown);
  return Math.max(changes.length && !opts.exitZero ? 1 : 0, strictExit(shown, opts), written);
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
    ...liveTimeouts(opts),
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
