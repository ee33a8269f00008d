import { resolve } from 'node:path';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { sanitizeDiagnostic } from '../diagnostics/sanitize.js';
import { colorizeDiff } from '../diff/diff.js';
import { PLAN_MARKER, type OutputTree } from '../emit/layout.js';
import { pushAll } from '../util/arrays.js';
import type { CliIO } from './io.js';
import type { LoadedSpec } from './load-spec.js';
import { checkOrWriteOutputDir, readOutputDir, type InputPath } from './out-dir.js';
import { compileReporter, reportDiagnostics, strictExit, useColor } from './output.js';
import type { SourceOptions } from './sources.js';
import type { CompileOptions } from './commands/compile.js';
import type { DiffOptions } from './commands/diff.js';
import type { ReportOptions } from './commands/report.js';

/**
 * compile, report and diff of a document kind with ordered steps (NetworkMigration, HostedClusterMigration): one
 * runner, so every such kind honours --out/--check, -o json, --strict, --min-severity, --format and
 * --diagnostics-file the way `compile`, `report` and `diff` do for a Migration. A kind gives what differs.
 */

/** What a kind's compile yields: the --out tree, the stdout stream, REPORT.md and the plan of steps. */
export interface KindCompileResult {
  tree?: OutputTree;
  stdout?: string;
  report?: string;
  plan?: { steps: readonly { objects: readonly unknown[] }[] };
}

/** One change `diff` found: the patch, and the same changes as a --stat summary. */
export interface KindChanges {
  patches: string[];
  stat: string;
}

export interface KindPipeline<R extends KindCompileResult = KindCompileResult> {
  /** compile flags this kind has no use for: usage errors (MP6010), reported before any cluster is read. */
  compileUsage(opts: CompileOptions): Diagnostic[];
  /** diff flags this kind has no use for (--against live, --argocd). */
  diffUsage(opts: DiffOptions): Diagnostic[];
  /** Reads the clusters (snapshot or live) and compiles; diagnostics are located in the spec. */
  compile(
    path: string,
    loaded: LoadedSpec,
    io: CliIO,
    opts: SourceOptions,
  ): Promise<{ result?: R; diagnostics: Diagnostic[] }>;
  /** The paths the spec reads, which no --out may hold. */
  inputs(path: string, loaded: LoadedSpec, io: CliIO, kubeconfig?: string): InputPath[];
  /** report --format json: the plan, without what is only raw input. */
  planJson(plan: NonNullable<R['plan']>): unknown;
  /** diff: the changes from the tree read from --against (file names under `prefix`) to the compiled one. */
  changes(
    before: OutputTree,
    after: OutputTree,
    prefix: string,
  ): { value?: KindChanges; diagnostics: Diagnostic[] };
}

/** `migplan compile`: every step's objects on stdout (YAML, or a List with -o json), or the --out tree. */
export async function runKindCompile<R extends KindCompileResult>(
  kind: KindPipeline<R>,
  path: string,
  loaded: LoadedSpec,
  opts: CompileOptions,
  io: CliIO,
): Promise<number> {
  const usage = kind.compileUsage(opts);
  if (usage.length) {
    await reportDiagnostics(usage, io, { format: 'text' });
    return 2;
  }
  const { result, diagnostics } = await kind.compile(path, loaded, io, opts);
  const all = [...diagnostics];
  const { report, fail } = compileReporter(all, io, opts, loaded.source, path);
  // --strict: a warning fails the run before anything is emitted, as for a Migration.
  if (!result?.tree || result.stdout === undefined || hasErrors(all) || strictExit(all, opts))
    return fail();
  if (opts.out !== undefined) {
    const out = await checkOrWriteOutputDir(
      opts.out,
      resolve(io.cwd, opts.out),
      result.tree,
      opts.check,
      () => kind.inputs(path, loaded, io, opts.kubeconfig),
    );
    if (out.failed) return fail(out.diagnostics);
    pushAll(all, out.diagnostics);
  } else if (opts.output === 'json') {
    const items = (result.plan?.steps ?? []).flatMap((s) => s.objects);
    io.stdout(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2) + '\n');
  } else io.stdout(result.stdout);
  const written = await report();
  return Math.max(exitCodeFor(all), strictExit(all, opts), written);
}

/** `migplan report`: REPORT.md, or the plan and findings as JSON; findings go to stderr as text. */
export async function runKindReport<R extends KindCompileResult>(
  kind: KindPipeline<R>,
  path: string,
  loaded: LoadedSpec,
  opts: ReportOptions,
  io: CliIO,
): Promise<number> {
  const { result, diagnostics } = await kind.compile(path, loaded, io, opts);
  const flags = { ...opts, format: 'text' as const };
  if (!result?.plan || result.report === undefined || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.format === 'json') {
    // Diagnostics quote the input (snapshot files, the spec): masked and escaped as in every other format.
    io.stdout(
      JSON.stringify(
        { plan: kind.planJson(result.plan), diagnostics: diagnostics.map(sanitizeDiagnostic) },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(result.report);
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
  }
  return Math.max(exitCodeFor(diagnostics), strictExit(diagnostics, opts));
}

/**
 * `migplan diff --against DIR`: what compile would change in a directory it wrote. Exit codes as for a Migration:
 * 0 identical, 1 different, 2 errors.
 */
export async function runKindDiff<R extends KindCompileResult>(
  kind: KindPipeline<R>,
  path: string,
  loaded: LoadedSpec,
  opts: DiffOptions,
  io: CliIO,
): Promise<number> {
  const specFile = path === '-' ? undefined : path;
  const report = async (ds: readonly Diagnostic[]) =>
    exitCodeFor(await reportDiagnostics(ds, io, opts, loaded.source, 'stderr', specFile));
  const usage = kind.diffUsage(opts);
  if (usage.length) {
    await report(usage);
    return 2;
  }
  const { result, diagnostics } = await kind.compile(path, loaded, io, opts);
  if (!result?.tree || hasErrors(diagnostics)) {
    return Math.max(exitCodeFor(diagnostics) || 1, await report(diagnostics));
  }
  const current = await readOutputDir(opts.against, resolve(io.cwd, opts.against), PLAN_MARKER);
  if (!current.value || current.value === 'absent') {
    await report(
      current.value === 'absent'
        ? [diag('MP6004', `${opts.against} does not exist: nothing was compiled there`)]
        : current.diagnostics,
    );
    return 2;
  }
  const notes = current.value.edited.map((file) =>
    diag('MP6012', `${opts.against}/${file} was edited since it was compiled (manifest.json)`, {
      file: `${opts.against}/${file}`,
    }),
  );
  const changes = kind.changes(
    current.value.files,
    result.tree,
    `${opts.against.replace(/\/+$/, '')}/`,
  );
  if (!changes.value) {
    await report(changes.diagnostics);
    return 2;
  }
  const { patches, stat } = changes.value;
  if (patches.length) {
    const text = opts.stat ? stat : patches.join('');
    io.stdout(useColor(io, 'stdout') ? colorizeDiff(text) : text);
  } else if (opts.stat) io.stdout('No changes.\n');
  const shown = [...diagnostics.filter((d) => d.severity !== 'info'), ...notes];
  const written = await report(shown);
  return Math.max(patches.length && !opts.exitZero ? 1 : 0, strictExit(shown, opts), written);
}
