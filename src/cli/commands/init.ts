import { open } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { describeErrno } from '../../io/read-bounded.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import type { ClusterSource } from '../../resolve/cluster-source.js';
import { snapshotSource } from '../../resolve/from-snapshot.js';
import {
  applicationNamespaces,
  clusterKey,
  scaffoldSpec,
  type ScaffoldCluster,
  type ScaffoldInput,
} from '../../spec/scaffold.js';
import { compile } from '../../compile.js';
import { loadTemplates } from '../../io/templates.js';
import { parseSpec } from '../../parse/parse-spec.js';
import { validate } from '../../validate/validate.js';
import { version } from '../../version.js';
import { sanitizeText } from '../../diagnostics/sanitize.js';
import type { CliIO } from '../io.js';
import { loadSpec } from '../load-spec.js';
import { reportDiagnostics } from '../output.js';
import { liveTimeouts, type SourceOptions } from '../sources.js';

export interface InitOptions extends Pick<
  SourceOptions,
  'kubeconfig' | 'requestTimeout' | 'timeout'
> {
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
  const migrationName = opts.name ?? `${source.value.name}-migration`;
  const input = {
    migrationName,
    source: source.value,
    ...(target?.value ? { target: target.value } : {}),
  };
  // With both clusters known, namespaces that cannot compile (no storage class for a volume, ...) are left
  // out and named with the reason, so the spec compiles once the placeholders are filled in.
  const leftOut = target?.value ? await namespacesThatFail(input) : new Map<string, string>();
  const scaffold = scaffoldSpec({ ...input, leftOut });
  for (const [ns, why] of leftOut)
    notes.push(diag('MP6034', `namespace ${ns} is left out of the plans: ${why}`));
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
      `wrote ${sanitizeText(opts.out)}: ${scaffold.namespaces} namespace(s), split into waves when compiled\n`,
    );
  return exitCodeFor(check.diagnostics);
}

/**
 * Compiles the scaffold against the facts already read (no second read of the clusters). When it fails, each
 * namespace is compiled in a plan of its own: those that fail alone are left out with their first error, so one
 * namespace with a volume no target class can take does not keep the others from compiling.
 */
async function namespacesThatFail(input: ScaffoldInput): Promise<Map<string, string>> {
  const facts = new Map<string, ClusterFacts>([
    [input.source.name, input.source.facts],
    ...(input.target ? ([['host', input.target.facts]] as const) : []),
  ]);
  const memory: ClusterSource = {
    kind: 'snapshot',
    read: (name) => {
      const f = facts.get(name);
      return Promise.resolve(f ? { value: f, diagnostics: [] } : { diagnostics: [] });
    },
  };
  const templates = await loadTemplates();
  const errorsOf = async (only?: string): Promise<Diagnostic[]> => {
    const namespaces = applicationNamespaces(input.source.facts)
      .map((n) => n.name)
      .filter((n) => only === undefined || n === only);
    const leftOut = new Map(
      applicationNamespaces(input.source.facts)
        .filter((n) => !namespaces.includes(n.name))
        .map((n) => [n.name, '']),
    );
    const text = scaffoldSpec({ ...input, leftOut }).text;
    const parsed = await parseSpec(text, 'init');
    const validated = parsed.value ? validate(parsed.value) : undefined;
    if (!validated?.value) return [...parsed.diagnostics, ...(validated?.diagnostics ?? [])];
    const result = await compile({
      spec: validated.value,
      specText: text,
      source: memory,
      templates,
      version,
    });
    return result.diagnostics.filter((d) => d.severity === 'error');
  };
  const out = new Map<string, string>();
  if ((await errorsOf()).length === 0) return out;
  for (const ns of applicationNamespaces(input.source.facts)) {
    const errors = await errorsOf(ns.name);
    if (errors.length) out.set(ns.name, `${errors[0]!.code} ${errors[0]!.message}`);
  }
  return out;
}

function initUsage(opts: InitOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  if ((opts.snapshot === undefined) === (opts.context === undefined))
    out.push(
      diag('MP6010', 'give the source cluster as exactly one of --snapshot DIR or --context NAME'),
    );
  if (opts.targetSnapshot !== undefined && opts.targetContext !== undefined)
    out.push(
      diag('MP6010', 'give the target as one of --target-snapshot DIR or --target-context NAME'),
    );
  const live = opts.context !== undefined || opts.targetContext !== undefined;
  if (
    !live &&
    (opts.kubeconfig !== undefined ||
      opts.requestTimeout !== undefined ||
      opts.timeout !== undefined)
  )
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
    discovery:
      snapshot !== undefined ? { snapshot: resolve(io.cwd, snapshot) } : { context: context ?? '' },
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
