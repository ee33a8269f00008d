import { open } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { describeErrno } from '../../io/read-bounded.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import type { ClusterSource } from '../../resolve/cluster-source.js';
import { snapshotSource } from '../../resolve/from-snapshot.js';
import { clusterKey, scaffoldSpec, type ScaffoldCluster } from '../../spec/scaffold.js';
import { sanitizeText } from '../../diagnostics/sanitize.js';
import type { CliIO } from '../io.js';
import { loadSpec } from '../load-spec.js';
import { reportDiagnostics } from '../output.js';
import { liveTimeouts, type SourceOptions } from '../sources.js';

export interface InitOptions extends Pick<SourceOptions, 'kubeconfig' | 'requestTimeout' | 'timeout'> {
  snapshot?: string;
  context?: string;
  targetSnapshot?: string;
  targetContext?: string;
  out: string;
  name?: string;
}

/**
 * `migplan init`: a commented spec that moves every application namespace of a cluster, grouped into plans
 * within MTC's limits, written to a file that must not exist yet (never overwritten). The written spec is then
 * validated like any other, so the placeholders to fill in are listed with their lines.
 */
export async function initCommand(opts: InitOptions, io: CliIO): Promise<number> {
  const usage = initUsage(opts);
  if (usage.length) {
    await reportDiagnostics(usage, io, { format: 'text' });
    return 2;
  }
  const outPath = opts.out === '-' ? undefined : resolve(io.cwd, opts.out);
  const specDir = outPath ? dirname(outPath) : io.cwd;
  const source = await readCluster(opts.snapshot, opts.context, 'source', specDir, io, opts);
  if (!source.value) return report(source.diagnostics, io);
  const target =
    opts.targetSnapshot !== undefined || opts.targetContext !== undefined
      ? await readCluster(opts.targetSnapshot, opts.targetContext, 'target', specDir, io, opts)
      : undefined;
  if (target && !target.value) return report(target.diagnostics, io);
  const notes = [...source.diagnostics, ...(target?.diagnostics ?? [])].filter(
    (d) => d.severity !== 'info',
  );
  const uncounted = (['pods', 'persistentvolumeclaims'] as const).filter((k) =>
    source.value?.facts.unreadable.includes(k),
  );
  if (uncounted.length)
    notes.push(
      diag(
        'MP6033',
        `${uncounted.join(' and ')} of the source could not be read: plans are grouped by namespace count only; check their pods and PVs against MTC's limits`,
      ),
    );
  const migrationName = opts.name ?? `${source.value.name}-migration`;
  const scaffold = scaffoldSpec({
    migrationName,
    source: source.value,
    ...(target?.value ? { target: target.value } : {}),
  });
  if (outPath === undefined) io.stdout(scaffold.text);
  else {
    const written = await writeNewFile(outPath, scaffold.text, opts.out);
    if (written.length) return report([...notes, ...written], io);
  }
  // Read back through the same loader validate uses: what it says is what the user must fill in.
  const check = outPath
    ? await loadSpec(opts.out, io)
    : { diagnostics: [] as Diagnostic[], source: undefined };
  await reportDiagnostics([...notes, ...check.diagnostics], io, { format: 'text' }, check.source);
  if (outPath)
    io.stderr(
      `wrote ${sanitizeText(opts.out)}: ${scaffold.namespaces} namespace(s) in ${scaffold.plans} plan(s)\n`,
    );
  return exitCodeFor(check.diagnostics);
}

function initUsage(opts: InitOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  if ((opts.snapshot === undefined) === (opts.context === undefined))
    out.push(
      diag('MP6010', 'give the source cluster as exactly one of --snapshot DIR or --context NAME'),
    );
  if (opts.targetSnapshot !== undefined && opts.targetContext !== undefined)
    out.push(diag('MP6010', 'give the target as one of --target-snapshot DIR or --target-context NAME'));
  const live = opts.context !== undefined || opts.targetContext !== undefined;
  if (!live && (opts.kubeconfig !== undefined || opts.requestTimeout !== undefined || opts.timeout !== undefined))
    out.push(
      diag(
        'MP6010',
        '--kubeconfig, --request-timeout and --timeout apply to --context or --target-context; every cluster is read from a snapshot',
      ),
    );
  return out;
}

async function report(ds: Diagnostic[], io: CliIO): Promise<number> {
  await reportDiagnostics(ds, io, { format: 'text' });
  return exitCodeFor(ds) || 2;
}

async function readCluster(
  snapshot: string | undefined,
  context: string | undefined,
  fallback: 'source' | 'target',
  specDir: string,
  io: CliIO,
  opts: InitOptions,
): Promise<{ value?: ScaffoldCluster; diagnostics: Diagnostic[] }> {
  let source: ClusterSource;
  let name: string;
  let discovery: ScaffoldCluster['discovery'];
  if (snapshot !== undefined) {
    const dir = resolve(io.cwd, snapshot);
    name = clusterKey(basename(dir), fallback);
    source = snapshotSource(io.cwd);
    discovery = { snapshot: relative(specDir, dir).split('\\').join('/') || '.' };
  } else {
    name = clusterKey(context ?? '', fallback);
    discovery = { context: context ?? '' };
    const { liveSource } = await import('../../resolve/from-live.js');
    source = liveSource({
      ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
      env: io.env,
      baseDir: io.cwd,
      namespacesFor: () => [],
      ...liveTimeouts(opts),
    });
  }
  const read = await source.read(name, {
    role: fallback,
    discovery: snapshot !== undefined ? { snapshot: resolve(io.cwd, snapshot) } : { context: context ?? '' },
  });
  const diagnostics = read.diagnostics.map((d) => ({ ...d, path: [] }));
  if (!read.value || hasErrors(diagnostics)) return { diagnostics };
  const facts: ClusterFacts = read.value;
  return { value: { name, facts, discovery }, diagnostics };
}

/** Creates the file; an existing one (or a link where it would go) is never replaced. */
async function writeNewFile(path: string, text: string, shown: string): Promise<Diagnostic[]> {
  try {
    const handle = await open(path, 'wx', 0o644);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return [];
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (typeof e.code !== 'string') throw err;
    if (e.code === 'EEXIST')
      return [
        diag(
          'MP6032',
          `${sanitizeText(shown)} already exists; migplan init never replaces a file (choose another --out, or remove it yourself)`,
        ),
      ];
    return [diag('MP6031', `cannot write ${sanitizeText(shown)}: ${describeErrno(err).words}`)];
  }
}
