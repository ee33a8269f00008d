import { resolve } from 'node:path';
import { pushAll } from '../../util/arrays.js';
import { compile, isCompiled, type CompileResult } from '../../compile.js';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { orderForApply } from '../../emit/order.js';
import { documentStream, provenanceHeader, canonicalize } from '../../emit/serialize.js';
import { PLAN_MARKER } from '../../emit/layout.js';
import { loadTemplates } from '../../io/templates.js';
import { chooseSource, type SourceOptions } from '../sources.js';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import type { CliIO } from '../io.js';
import { loadSpec, type LoadedSpec } from '../load-spec.js';
import { readPlaybooks } from '../playbooks.js';
import { compileReporter, reportDiagnostics, strictExit, type DiagnosticFlags } from '../output.js';
import { checkOrWriteOutputDir, recordedArgocd, specInputs, stdinPathsNote } from '../out-dir.js';
import { closest } from '../../validate/suggest.js';
import { kindCommands } from '../kind-commands.js';
import {
  checkLockFile,
  lockLocation,
  lockText,
  readLockFile,
  writeLockFile,
  type LockFile,
} from '../lock-file.js';

export interface CompileOptions extends SourceOptions, DiagnosticFlags {
  argocd?: boolean;
  out?: string;
  /** stdout format; yaml unless given. */
  output?: 'yaml' | 'json';
  migration?: string;
  cluster?: string;
  check?: boolean;
  /** Assign the open waves afresh instead of keeping the lock file. */
  rebalance?: boolean;
}

/** Loads, validates and compiles a spec; shared by compile and report. */
export async function compileSpec(
  path: string,
  io: CliIO,
  opts: SourceOptions & { argocd?: boolean; rebalance?: boolean } = {},
  preloaded?: LoadedSpec,
): Promise<{
  loaded: LoadedSpec;
  result?: CompileResult;
  diagnostics: Diagnostic[];
  /** The lock file beside the spec, as read (split plans of a spec read from a path only). */
  lockFile?: LockFile;
}> {
  const loaded = preloaded ?? (await loadSpec(path, io));
  if (!loaded.spec || !loaded.doc) return { loaded, diagnostics: loaded.diagnostics };
  if (path === '-') pushAll(loaded.diagnostics, stdinPathsNote(loaded.spec, io.cwd));
  // The wave lock (docs/waves.md): read for split plans of a spec with a folder; a spec from stdin has none.
  let lockFile: LockFile | undefined;
  if (loaded.spec.spec.plans.some((p) => p.split !== undefined)) {
    if (path === '-')
      loaded.diagnostics.push(
        diag(
          'MP6044',
          'the spec came from stdin: no lock file is read or written, so its waves are assigned afresh',
        ),
      );
    else {
      const read = await readLockFile(lockLocation(resolve(io.cwd, path), path));
      if (!read.value) return { loaded, diagnostics: [...loaded.diagnostics, ...read.diagnostics] };
      lockFile = read.value;
    }
  }
  const playbooks = await readPlaybooks(loaded.spec, loaded);
  if (hasErrors(playbooks.diagnostics)) {
    const all = [...loaded.diagnostics, ...playbooks.diagnostics];
    return { loaded, diagnostics: all.map((d) => locateInSpec(d, loaded)) };
  }
  const chosen = await chooseSource(loaded.spec, loaded.baseDir, io, opts);
  if (!chosen.source) {
    const all = [...loaded.diagnostics, ...chosen.diagnostics];
    return { loaded, diagnostics: all.map((d) => locateInSpec(d, loaded)) };
  }
  const result = await compile({
    spec: loaded.spec,
    specText: loaded.doc.text,
    source: chosen.source,
    templates: await loadTemplates(),
    version,
    playbooks: playbooks.value,
    argocd: opts.argocd ?? false,
    ...(lockFile?.lock ? { lock: lockFile.lock } : {}),
    ...(opts.rebalance ? { rebalance: true } : {}),
  });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics].map((d) =>
    locateInSpec(d, loaded),
  );
  return { loaded, result, diagnostics, ...(lockFile ? { lockFile } : {}) };
}

/** Flags that contradict each other or would be ignored: usage errors, never silently dropped. */
export function compileUsage(opts: CompileOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const conflict = (message: string) => out.push(diag('MP6010', message));
  if (opts.check && opts.out === undefined)
    conflict(
      '--check compares an --out directory; give --out DIR (a CI step without it would always pass)',
    );
  if (opts.out !== undefined) {
    if (opts.migration !== undefined)
      conflict('--migration prints one migration on stdout; --out writes every migration: use one');
    if (opts.cluster !== undefined)
      conflict('--cluster selects what stdout shows; --out writes every cluster: use one');
    if (opts.output !== undefined)
      conflict('-o/--output sets the stdout format; --out writes YAML files: use one');
  }
  if (opts.migration !== undefined && opts.cluster !== undefined)
    conflict('--migration prints a migration on the cluster it runs on; --cluster does not apply');
  if (opts.migration !== undefined && opts.argocd !== undefined)
    conflict('--argocd annotates setup objects; migrations printed by --migration carry none');
  pushAll(out, machineFormatUsage(opts));
  return out;
}

/** `migplan compile SPEC`: the setup stream on stdout, one migration, or the whole --out tree. */
export async function compileCommand(
  path: string,
  opts: CompileOptions,
  io: CliIO,
): Promise<number> {
  const usage = compileUsage(opts);
  if (usage.length) {
    await reportDiagnostics(usage, io, { format: 'text' });
    return 2;
  }
  const loadedSpec = await loadSpec(path, io);
  const other = kindCommands(loadedSpec);
  if (other) return other.compile(path, loadedSpec, opts, io);
  const outDir = opts.out !== undefined ? resolve(io.cwd, opts.out) : undefined;
  // A tree compiled with --argocd stays so (manifest.json records it) unless the flag says otherwise.
  const argocd =
    opts.argocd ?? (outDir !== undefined ? await recordedArgocd(outDir, PLAN_MARKER) : undefined);
  const { loaded, result, diagnostics, lockFile } = await compileSpec(
    path,
    io,
    { ...opts, ...(argocd !== undefined ? { argocd } : {}) },
    loadedSpec,
  );
  const all = [...diagnostics];
  const { report, fail } = compileReporter(all, io, opts, loaded.source, path);
  // Under --strict a warning fails the run before anything is emitted: `compile --strict | oc apply -f -`
  // must not apply a plan the run rejects.
  if (!isCompiled(result) || hasErrors(all) || strictExit(all, opts)) return fail();
  // The lock file: --check compares it like the tree; otherwise it is written after the output below.
  const lock = lockFile && result.lock ? lockText(result.lock, path) : undefined;
  if (opts.check && lockFile && lock !== undefined) {
    const stale = checkLockFile(lockFile, lock);
    if (stale.length) return await fail(stale);
  }
  const saveLock = async () =>
    !opts.check && lockFile && lock !== undefined ? writeLockFile(lockFile, lock) : [];
  const header = (what: string) => provenanceHeader(result.specHash ?? '', version, what);
  if (opts.migration !== undefined) {
    // A step's actions: one MigMigration, or a Velero Backup and its Restore (same name, in apply order).
    const actions = orderForApply(result.manifests.filter((x) => x.group === 'migration'));
    const chosen = actions.filter((x) => x.object.metadata.name === opts.migration);
    if (chosen.length === 0) {
      const names = [...new Set(actions.map((x) => x.object.metadata.name))];
      return await fail([
        diag(
          'MP6002',
          `no migration named "${opts.migration}"; migrations: ${names.join(', ') || 'none'}`,
        ),
      ]);
    }
    const where = [...new Set(chosen.map((x) => x.cluster))].join(' then ');
    // Before stdout: what is printed must match the lock that is kept.
    const failed = await saveLock();
    if (failed.length) return await fail(failed);
    emit(
      io,
      opts.output ?? 'yaml',
      chosen.map((x) => x.object),
      documentStream(
        header(
          `Migration ${opts.migration} (${chosen.map((x) => x.object.kind).join(' + ')} on ${where}): applying it starts moving data.`,
        ),
        chosen,
      ),
    );
  } else if (outDir !== undefined && opts.out !== undefined) {
    const out = await checkOrWriteOutputDir(opts.out, outDir, result.tree, opts.check, () =>
      specInputs(
        path === '-' ? undefined : resolve(io.cwd, path),
        loaded.spec,
        loaded.baseDir,
        opts.kubeconfig !== undefined ? resolve(io.cwd, opts.kubeconfig) : undefined,
      ),
    );
    if (out.failed) return await fail(out.diagnostics);
    pushAll(all, out.diagnostics);
  } else {
    const clusters = Object.keys(loaded.spec?.spec.clusters ?? {});
    if (opts.cluster !== undefined && !clusters.includes(opts.cluster)) {
      const near = closest(opts.cluster, clusters);
      return await fail([
        diag(
          'MP6014',
          `--cluster ${opts.cluster}: no such cluster${near ? ` (did you mean "${near}"?)` : ''}; clusters: ${clusters.sort().join(', ')}`,
        ),
      ]);
    }
    const cluster = opts.cluster ?? result.hostCluster ?? '';
    const setup = orderForApply(
      result.manifests.filter((m) => m.group !== 'migration' && m.cluster === cluster),
    );
    const failed = await saveLock();
    if (failed.length) return await fail(failed);
    const stream =
      cluster === result.hostCluster
        ? (result.stdout ?? '')
        : documentStream(header(`Setup objects for cluster ${cluster}, in apply order.`), setup);
    emit(
      io,
      opts.output ?? 'yaml',
      setup.map((m) => m.object),
      stream,
    );
    const elsewhere = [
      ...new Set(
        result.manifests
          .filter((m) => m.group !== 'migration' && m.cluster !== cluster)
          .map((m) => m.cluster),
      ),
    ].sort();
    if (elsewhere.length && opts.format === 'text' && opts.diagnosticsFile === undefined)
      io.stderr(
        `note: setup objects for ${elsewhere.join(', ')} are not shown; use --cluster NAME or --out DIR\n`,
      );
  }
  if (outDir !== undefined && !opts.check) {
    // After the tree: a refused or failed --out leaves the lock as it was.
    const failed = await saveLock();
    if (failed.length) return await fail(failed);
  }
  const written = await report();
  return Math.max(exitCodeFor(all), strictExit(all, opts), written);
}

/**
 * SARIF is a file format and JSON is one document: on stdout they would mix with the manifests. Workflow
 * commands (github) are lines the runner picks out of either stream, so stderr is fine for them.
 */
export function machineFormatUsage(opts: DiagnosticFlags): Diagnostic[] {
  if (opts.format === 'sarif' && opts.diagnosticsFile === undefined)
    return [
      diag(
        'MP6010',
        '--format sarif writes a SARIF log: give --diagnostics-file FILE (e.g. migplan.sarif); stdout carries the results',
      ),
    ];
  return [];
}

function emit(
  io: CliIO,
  output: 'yaml' | 'json',
  objects: Record<string, unknown>[],
  yamlStream: string,
): void {
  if (output === 'json') {
    io.stdout(
      JSON.stringify(
        { apiVersion: 'v1', kind: 'List', items: objects.map((o) => canonicalize(o, false)) },
        null,
        2,
      ) + '\n',
    );
  } else io.stdout(yamlStream);
}

function locateInSpec(d: Diagnostic, loaded: LoadedSpec): Diagnostic {
  if (d.file !== undefined || d.path.length === 0 || !loaded.doc) return d;
  return locate(d, loaded.doc);
}
