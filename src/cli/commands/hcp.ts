import { resolve } from 'node:path';
import { compileHcp, type HcpCompileResult } from '../../compile-hcp.js';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import {
  colorizeDiff,
  diffObjects,
  formatStat,
  objectsOfTree,
  type KeyedObject,
} from '../../diff/diff.js';
import { PLAN_MARKER, type OutputTree } from '../../emit/layout.js';
import type { HostedClusterMigration } from '../../spec/hcp.js';
import { pushAll } from '../../util/arrays.js';
import { isAbsolute } from 'node:path';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import { chooseHcpSource } from '../hcp-sources.js';
import type { CliIO } from '../io.js';
import type { LoadedSpec } from '../load-spec.js';
import {
  checkOutputDir,
  readOutputDir,
  specInputs,
  specPaths,
  writeOutputDir,
} from '../out-dir.js';
import { reportDiagnostics, strictExit, useColor } from '../output.js';
import type { SourceOptions } from '../sources.js';
import type { CompileOptions } from './compile.js';
import type { DiffOptions } from './diff.js';
import type { ReportOptions } from './report.js';

/**
 * The HostedClusterMigration pipeline behind compile, report and diff (registered in kind-commands.ts).
 */

/** A loaded spec that validated as a HostedClusterMigration. */
export type LoadedHcp = LoadedSpec & {
  typed: { kind: 'HostedClusterMigration'; spec: HostedClusterMigration };
};

/** Reads the management clusters (snapshot or live) and compiles; diagnostics are located in the spec. */
export async function compileHcpSpec(
  path: string,
  loaded: LoadedHcp,
  io: CliIO,
  opts: SourceOptions,
): Promise<{ result?: HcpCompileResult; diagnostics: Diagnostic[] }> {
  const spec = loaded.typed.spec;
  const inSpec = (ds: readonly Diagnostic[]) =>
    ds.map((d) =>
      d.file !== undefined || d.path.length === 0 || !loaded.doc ? d : locate(d, loaded.doc),
    );
  const first = [...loaded.diagnostics, ...(path === '-' ? stdinPathsNote(spec, io.cwd) : [])];
  const chosen = await chooseHcpSource(spec, loaded.baseDir, io, opts);
  if (!chosen.source) return { diagnostics: inSpec([...first, ...chosen.diagnostics]) };
  const result = await compileHcp({
    spec,
    specText: loaded.doc?.text ?? '',
    source: chosen.source,
    version,
  });
  return { result, diagnostics: inSpec([...first, ...result.diagnostics]) };
}

/** Says where relative paths of a spec read from stdin resolve: nothing else would tell the user. */
function stdinPathsNote(spec: HostedClusterMigration, cwd: string): Diagnostic[] {
  const relative = specPaths(spec)
    .map((i) => i.path)
    .filter((p) => !isAbsolute(p));
  if (relative.length === 0) return [];
  return [
    diag(
      'MP6013',
      `the spec came from stdin, so its relative paths (${[...new Set(relative)].sort().join(', ')}) resolve against the working directory ${cwd}`,
    ),
  ];
}

/** Options of `compile` that select Migration output; for a HostedClusterMigration they are usage errors. */
export function hcpCompileUsage(opts: CompileOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const no = (flag: string) =>
    out.push(
      diag(
        'MP6010',
        `${flag} applies to kind Migration; a HostedClusterMigration has no such output`,
      ),
    );
  if (opts.migration !== undefined) no('--migration');
  if (opts.cluster !== undefined) no('--cluster');
  if (opts.argocd === true) no('--argocd');
  return out;
}

/** `compile` of a HostedClusterMigration: the step objects on stdout, or the --out tree (--check compares it). */
export async function hcpCompileCommand(
  path: string,
  loaded: LoadedHcp,
  opts: CompileOptions,
  io: CliIO,
): Promise<number> {
  const { result, diagnostics } = await compileHcpSpec(path, loaded, io, opts);
  const all = [...diagnostics];
  const specFile = path === '-' ? undefined : path;
  // Findings of writing --diagnostics-file (refused, unwritable) exit 2 like other I/O problems.
  const report = async () =>
    exitCodeFor(await reportDiagnostics(all, io, opts, loaded.source, 'stderr', specFile));
  const fail = async (ds: Diagnostic[] = []) => {
    pushAll(all, ds);
    const written = await report();
    return Math.max(exitCodeFor(all) || 1, written);
  };
  pushAll(all, hcpCompileUsage(opts));
  // --strict: a warning fails the run before anything is emitted, as for a Migration.
  if (!result?.tree || hasErrors(all) || strictExit(all, opts)) return fail();
  if (opts.out !== undefined) {
    const outDir = resolve(io.cwd, opts.out);
    if (opts.check) {
      const stale = await checkOutputDir(opts.out, outDir, result.tree);
      if (stale.length) return fail(stale);
    } else {
      const written = await writeOutputDir(
        opts.out,
        outDir,
        result.tree,
        PLAN_MARKER,
        specInputs(
          path === '-' ? undefined : resolve(io.cwd, path),
          loaded.typed.spec,
          loaded.baseDir,
          opts.kubeconfig !== undefined ? resolve(io.cwd, opts.kubeconfig) : undefined,
        ),
      );
      pushAll(all, written);
      if (hasErrors(written)) return fail();
    }
  } else if (opts.output === 'json') {
    const items = (result.plan?.steps ?? []).flatMap((s) => s.objects);
    io.stdout(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2) + '\n');
  } else io.stdout(result.stdout ?? '');
  const written = await report();
  return Math.max(exitCodeFor(all), strictExit(all, opts), written);
}

/** `report` of a HostedClusterMigration: REPORT.md, or the plan (without the raw objects) as JSON. */
export async function hcpReportCommand(
  loaded: LoadedHcp,
  opts: ReportOptions,
  io: CliIO,
): Promise<number> {
  const { result, diagnostics } = await compileHcpSpec('', loaded, io, opts);
  // The report is the result on stdout; findings go to stderr as text.
  const flags = { ...opts, format: 'text' as const };
  if (!result?.plan || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.format === 'json') {
    const { source: _s, target: _t, hostedCluster, nodePools, ...plan } = result.plan;
    const { object: _o, ...hc } = hostedCluster;
    io.stdout(
      JSON.stringify(
        {
          plan: {
            ...plan,
            hostedCluster: hc,
            nodePools: nodePools.map(({ object: _n, ...np }) => np),
          },
          diagnostics,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(result.report ?? '');
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
  }
  return Math.max(exitCodeFor(diagnostics), strictExit(diagnostics, opts));
}

/** Objects of a tree keyed by file as well: the same object appears in several steps (pause, restore, rollback). */
function objectsByFile(
  tree: OutputTree,
  prefix = '',
): { value?: Map<string, KeyedObject>; diagnostics: Diagnostic[] } {
  const out = new Map<string, KeyedObject>();
  const diagnostics: Diagnostic[] = [];
  for (const [path, content] of tree) {
    if (!path.endsWith('.yaml')) continue;
    const r = objectsOfTree(new Map([[path, content]]), path, prefix);
    pushAll(diagnostics, r.diagnostics);
    for (const [k, v] of r.value ?? []) out.set(k, v);
  }
  return hasErrors(diagnostics) ? { diagnostics } : { value: out, diagnostics };
}

/** `diff --against DIR` of a HostedClusterMigration: object by object, per step file. */
export async function hcpDiffCommand(
  loaded: LoadedHcp,
  opts: DiffOptions,
  io: CliIO,
): Promise<number> {
  const report = async (ds: readonly Diagnostic[]) =>
    exitCodeFor(await reportDiagnostics(ds, io, opts, loaded.source, 'stderr'));
  if (opts.against === 'live') {
    await report([
      diag(
        'MP6010',
        '--against live compares setup objects of kind Migration; the steps of a HostedClusterMigration change the clusters one by one: compare with an --out directory',
      ),
    ]);
    return 2;
  }
  const { result, diagnostics } = await compileHcpSpec('', loaded, io, opts);
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
  const before = objectsByFile(current.value.files, `${opts.against.replace(/\/+$/, '')}/`);
  if (!before.value) {
    await report(before.diagnostics);
    return 2;
  }
  const changes = diffObjects(before.value, objectsByFile(result.tree).value ?? new Map());
  if (changes.length) {
    const text = opts.stat ? formatStat(changes) : changes.map((c) => c.patch).join('');
    io.stdout(useColor(io, 'stdout') ? colorizeDiff(text) : text);
  } else if (opts.stat) io.stdout('No changes.\n');
  const shown = [...diagnostics.filter((d) => d.severity !== 'info'), ...notes];
  const written = await report(shown);
  return Math.max(changes.length && !opts.exitZero ? 1 : 0, strictExit(shown, opts), written);
}
