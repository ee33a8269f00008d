import { resolve } from 'node:path';
import { compileHcp, type HcpCompileResult } from '../../compile-hcp.js';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { diffObjects, formatStat, objectsOfTree, type KeyedObject } from '../../diff/diff.js';
import { PLAN_MARKER, type OutputTree } from '../../emit/layout.js';
import type { HostedClusterMigration } from '../../spec/hcp.js';
import { pushAll } from '../../util/arrays.js';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import { chooseHcpSource } from '../hcp-sources.js';
import type { CliIO } from '../io.js';
import type { LoadedSpec } from '../load-spec.js';
import { readOutputDir, specInputs, writeOutputDir } from '../out-dir.js';
import { reportDiagnostics } from '../output.js';
import type { SourceOptions } from '../sources.js';
import type { CompileOptions } from './compile.js';
import type { DiffOptions } from './diff.js';

/**
 * The HostedClusterMigration pipeline behind compile, report and diff (the commands dispatch on the spec's kind).
 */

export async function compileHcpSpec(
  loaded: LoadedSpec & { spec: HostedClusterMigration },
  io: CliIO,
  opts: SourceOptions,
): Promise<{ loaded: LoadedSpec; result?: HcpCompileResult; diagnostics: Diagnostic[] }> {
  const inSpec = (ds: readonly Diagnostic[]) =>
    ds.map((d) =>
      d.file !== undefined || d.path.length === 0 || !loaded.doc ? d : locate(d, loaded.doc),
    );
  const chosen = await chooseHcpSource(loaded.spec, loaded.baseDir, io, opts);
  if (!chosen.source)
    return { loaded, diagnostics: inSpec([...loaded.diagnostics, ...chosen.diagnostics]) };
  const result = await compileHcp({
    spec: loaded.spec,
    specText: loaded.doc?.text ?? '',
    source: chosen.source,
    version,
  });
  return { loaded, result, diagnostics: inSpec([...loaded.diagnostics, ...result.diagnostics]) };
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
export async function hcpCompileOutput(
  path: string,
  opts: CompileOptions,
  io: CliIO,
  loaded: LoadedSpec,
  result: HcpCompileResult,
  diagnostics: Diagnostic[],
): Promise<number> {
  const all = [...diagnostics];
  const fail = (ds: Diagnostic[] = []) => {
    pushAll(all, ds);
    reportDiagnostics(all, io, opts.format, loaded.source, 'stderr');
    return exitCodeFor(all) || 1;
  };
  pushAll(all, hcpCompileUsage(opts));
  if (!result.tree || hasErrors(all)) return fail();
  if (opts.out !== undefined) {
    const outDir = resolve(io.cwd, opts.out);
    if (opts.check) {
      const current = await readOutputDir(opts.out, outDir, PLAN_MARKER);
      if (!current.value) return fail(current.diagnostics);
      if (current.value === 'absent')
        return fail([diag('MP6003', `${opts.out} does not exist: nothing was compiled there`)]);
      const { diffTrees } = await import('./compile.js');
      const stale = diffTrees(current.value.files, result.tree);
      if (stale.length)
        return fail([
          diag(
            'MP6003',
            `${opts.out} is not what compile would write: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}`,
          ),
        ]);
    } else {
      const written = await writeOutputDir(
        opts.out,
        outDir,
        result.tree,
        PLAN_MARKER,
        specInputs(
          path === '-' ? undefined : resolve(io.cwd, path),
          loaded.spec,
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
  reportDiagnostics(all, io, opts.format, loaded.source, 'stderr');
  return exitCodeFor(all);
}

/** `report` of a HostedClusterMigration: REPORT.md, or the plan (without the raw objects) as JSON. */
export function hcpReportOutput(
  format: 'markdown' | 'json',
  io: CliIO,
  loaded: LoadedSpec,
  result: HcpCompileResult,
  diagnostics: Diagnostic[],
): number {
  if (!result.plan || hasErrors(diagnostics)) {
    reportDiagnostics(diagnostics, io, 'text', loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (format === 'json') {
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
    reportDiagnostics(diagnostics, io, 'text', loaded.source);
  }
  return exitCodeFor(diagnostics);
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
export async function hcpDiff(
  opts: DiffOptions,
  io: CliIO,
  loaded: LoadedSpec,
  result: HcpCompileResult,
  diagnostics: Diagnostic[],
): Promise<number> {
  const report = (ds: readonly Diagnostic[]) =>
    reportDiagnostics(ds, io, opts.format, loaded.source, 'stderr');
  if (!result.tree || hasErrors(diagnostics)) {
    report(diagnostics);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.against === 'live') {
    report([
      diag(
        'MP6010',
        '--against live compares setup objects of kind Migration; the steps of a HostedClusterMigration change the clusters one by one: compare with an --out directory',
      ),
    ]);
    return 2;
  }
  const current = await readOutputDir(opts.against, resolve(io.cwd, opts.against), PLAN_MARKER);
  if (!current.value || current.value === 'absent') {
    report(
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
    report(before.diagnostics);
    return 2;
  }
  const changes = diffObjects(before.value, objectsByFile(result.tree).value ?? new Map());
  if (changes.length)
    io.stdout(opts.stat ? formatStat(changes) : changes.map((c) => c.patch).join(''));
  else if (opts.stat) io.stdout('No changes.\n');
  report([...diagnostics.filter((d) => d.severity !== 'info'), ...notes]);
  return changes.length && !opts.exitZero ? 1 : 0;
}
