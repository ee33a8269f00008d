import { resolve } from 'node:path';
import { compile, isCompiled, type CompileResult } from '../../compile.js';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { orderForApply } from '../../emit/order.js';
import { documentStream, provenanceHeader, canonicalize } from '../../emit/serialize.js';
import { readTree, writeTreeAtomically } from '../../emit/write-dir.js';
import { loadTemplates } from '../../io/templates.js';
import { chooseSource, type SourceOptions } from '../sources.js';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import type { CliIO } from '../io.js';
import { loadSpec, type LoadedSpec } from '../load-spec.js';
import { readPlaybooks } from '../playbooks.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';

export interface CompileOptions extends SourceOptions {
  argocd?: boolean;
  out?: string;
  output: 'yaml' | 'json';
  migration?: string;
  cluster?: string;
  check?: boolean;
  format: DiagnosticFormat;
}

/** Loads, validates and compiles a spec; shared by compile and report. */
export async function compileSpec(
  path: string,
  io: CliIO,
  opts: SourceOptions & { argocd?: boolean } = {},
): Promise<{ loaded: LoadedSpec; result?: CompileResult; diagnostics: Diagnostic[] }> {
  const loaded = await loadSpec(path, io);
  if (!loaded.spec || !loaded.doc) return { loaded, diagnostics: loaded.diagnostics };
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
    templates: loadTemplates(),
    version,
    playbooks: playbooks.value,
    argocd: opts.argocd ?? false,
  });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics].map((d) =>
    locateInSpec(d, loaded),
  );
  return { loaded, result, diagnostics };
}

/** `migplan compile SPEC`: the setup stream on stdout, one migration, or the whole --out tree. */
export async function compileCommand(
  path: string,
  opts: CompileOptions,
  io: CliIO,
): Promise<number> {
  const { loaded, result, diagnostics } = await compileSpec(path, io, opts);
  const all = [...diagnostics];
  const fail = (d: Diagnostic) => {
    all.push(d);
    reportDiagnostics(all, io, opts.format, loaded.source);
    return exitCodeFor(all);
  };
  if (!isCompiled(result) || hasErrors(all)) {
    reportDiagnostics(all, io, opts.format, loaded.source);
    return exitCodeFor(all) || 1;
  }
  const header = (what: string) => provenanceHeader(result.specHash ?? '', version, what);
  if (opts.migration !== undefined) {
    // A step's actions: one MigMigration, or a Velero Backup and its Restore (same name, in apply order).
    const actions = orderForApply(result.manifests.filter((x) => x.group === 'migration'));
    const chosen = actions.filter((x) => x.object.metadata.name === opts.migration);
    if (chosen.length === 0) {
      const names = [...new Set(actions.map((x) => x.object.metadata.name))];
      return fail(
        diag(
          'MP6002',
          `no migration named "${opts.migration}"; migrations: ${names.join(', ') || 'none'}`,
        ),
      );
    }
    const where = [...new Set(chosen.map((x) => x.cluster))].join(' then ');
    emit(
      io,
      opts.output,
      chosen.map((x) => x.object),
      documentStream(
        header(
          `Migration ${opts.migration} (${chosen.map((x) => x.object.kind).join(' + ')} on ${where}): applying it starts moving data.`,
        ),
        chosen,
      ),
    );
  } else if (opts.out !== undefined) {
    const dir = resolve(io.cwd, opts.out);
    if (opts.check) {
      const current = await readTree(dir);
      const stale = diffTrees(current, result.tree);
      if (stale.length)
        return fail(
          diag(
            'MP6003',
            `${opts.out} is not what compile would write: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}`,
          ),
        );
    } else {
      try {
        await writeTreeAtomically(dir, result.tree);
      } catch (err) {
        return fail(diag('MP6001', `cannot write ${opts.out}: ${(err as Error).message}`));
      }
    }
  } else {
    const cluster = opts.cluster ?? result.hostCluster ?? '';
    const setup = orderForApply(
      result.manifests.filter((m) => m.group !== 'migration' && m.cluster === cluster),
    );
    const stream =
      cluster === result.hostCluster
        ? (result.stdout ?? '')
        : documentStream(header(`Setup objects for cluster ${cluster}, in apply order.`), setup);
    emit(
      io,
      opts.output,
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
    if (elsewhere.length && opts.format === 'text')
      io.stderr(
        `note: setup objects for ${elsewhere.join(', ')} are not shown; use --cluster NAME or --out DIR\n`,
      );
  }
  reportDiagnostics(all, io, opts.format, loaded.source);
  return exitCodeFor(all);
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

export function diffTrees(
  current: ReadonlyMap<string, string>,
  wanted: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  for (const [path, content] of wanted) {
    if (!current.has(path)) out.push(`${path} missing`);
    else if (current.get(path) !== content) out.push(`${path} differs`);
  }
  for (const path of current.keys()) if (!wanted.has(path)) out.push(`${path} extra`);
  return out.sort();
}

function locateInSpec(d: Diagnostic, loaded: LoadedSpec): Diagnostic {
  if (d.file !== undefined || d.path.length === 0 || !loaded.doc) return d;
  return locate(d, loaded.doc);
}
