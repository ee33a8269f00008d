import { resolve } from 'node:path';
import {
  compileNetworkMigration,
  type NetworkCompileResult,
} from '../../compile-network-migration.js';
import { diag, exitCodeFor, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { diffFiles, formatFileStat } from '../../diff/files.js';
import { colorizeDiff } from '../../diff/diff.js';
import { PLAN_MARKER } from '../../emit/layout.js';
import type { NetworkMigrationSpec } from '../../spec/network-migration.js';
import { cniLiveSource, cniSnapshotSource } from '../../resolve/from-network-migration.js';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import { pushAll } from '../../util/arrays.js';
import type { CliIO } from '../io.js';
import type { LoadedSpec } from '../load-spec.js';
import { reportDiagnostics, strictExit, useColor } from '../output.js';
import { checkOutputDir, readOutputDir, writeOutputDir, type InputPath } from '../out-dir.js';
import { liveTimeouts, type SourceOptions } from '../sources.js';
import type { CompileOptions } from './compile.js';
import type { DiffOptions } from './diff.js';
import type { ReportOptions } from './report.js';

/** Compiles a loaded NetworkMigration from its snapshot, or live (--from live, or when it has only a context). */
async function compileLoaded(
  loaded: LoadedSpec,
  spec: NetworkMigrationSpec,
  io: CliIO,
  opts: SourceOptions,
): Promise<{ result?: NetworkCompileResult; diagnostics: Diagnostic[] }> {
  const discovery = spec.spec.cluster.discovery;
  const from = opts.from ?? (discovery.snapshot !== undefined ? 'snapshot' : 'live');
  const at = { path: ['spec', 'cluster', 'discovery'] };
  if (
    from === 'snapshot' &&
    (opts.kubeconfig !== undefined ||
      opts.timeout !== undefined ||
      opts.requestTimeout !== undefined) &&
    !opts.kubeconfigUsedElsewhere
  )
    return {
      diagnostics: [
        diag(
          'MP6010',
          '--kubeconfig and the timeouts read a live cluster, but the cluster is read from its snapshot; add --from live or drop them',
        ),
      ],
    };
  if (from === 'live' && discovery.context === undefined)
    return {
      diagnostics: [
        diag(
          'MP3003',
          `cluster "${spec.spec.cluster.name}" has no discovery.context; --from live cannot read it`,
          at,
        ),
      ],
    };
  const source =
    from === 'snapshot'
      ? cniSnapshotSource(loaded.baseDir, io.cwd)
      : cniLiveSource({
          ...(opts.kubeconfig !== undefined
            ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) }
            : {}),
          env: io.env,
          baseDir: loaded.baseDir,
          ...liveTimeouts(opts),
        });
  const result = await compileNetworkMigration({
    spec,
    specText: loaded.doc?.text ?? '',
    source,
    version,
  });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics].map((d) =>
    d.file !== undefined || d.path.length === 0 || !loaded.doc ? d : locate(d, loaded.doc),
  );
  return { result, diagnostics };
}

/** The paths a NetworkMigration reads, which no --out may hold. */
function inputs(
  path: string,
  loaded: LoadedSpec,
  spec: NetworkMigrationSpec,
  io: CliIO,
  kubeconfig?: string,
): InputPath[] {
  const d = spec.spec.cluster.discovery;
  return [
    ...(path === '-' ? [] : [{ what: 'the spec', path: resolve(io.cwd, path), isDir: false }]),
    ...(kubeconfig !== undefined
      ? [{ what: 'the kubeconfig', path: resolve(io.cwd, kubeconfig), isDir: false }]
      : []),
    ...(d.snapshot !== undefined
      ? [
          {
            what: `the snapshot of cluster ${spec.spec.cluster.name}`,
            path: resolve(loaded.baseDir, d.snapshot),
            isDir: true,
          },
        ]
      : []),
    ...(d.kubeconfig !== undefined
      ? [
          {
            what: `the kubeconfig of cluster ${spec.spec.cluster.name}`,
            path: resolve(loaded.baseDir, d.kubeconfig),
            isDir: false,
          },
        ]
      : []),
  ];
}

/** Options that only mean something for a Migration (MTC steps, clusters, Argo CD waves). */
function unsupported(opts: {
  migration?: string;
  cluster?: string;
  argocd?: boolean;
}): Diagnostic[] {
  const flags = [
    ...(opts.migration !== undefined ? ['--migration'] : []),
    ...(opts.cluster !== undefined ? ['--cluster'] : []),
    ...(opts.argocd !== undefined ? [opts.argocd ? '--argocd' : '--no-argocd'] : []),
  ];
  return flags.length
    ? [
        diag(
          'MP6010',
          `${flags.join(' and ')} apply to a Migration; a NetworkMigration has one cluster and ordered steps (compile --out writes one file per step)`,
        ),
      ]
    : [];
}

/** `migplan compile` of a NetworkMigration: every step's objects on stdout, or the --out tree (--check compares). */
export async function networkCompileCommand(
  path: string,
  loaded: LoadedSpec & { typed: { kind: 'NetworkMigration'; spec: NetworkMigrationSpec } },
  opts: CompileOptions,
  io: CliIO,
): Promise<number> {
  const usage = unsupported(opts);
  if (usage.length) {
    await reportDiagnostics(usage, io, { format: 'text' });
    return 2;
  }
  const spec = loaded.typed.spec;
  const { result, diagnostics } = await compileLoaded(loaded, spec, io, opts);
  const all = [...diagnostics];
  const specFile = path === '-' ? undefined : path;
  const report = async () =>
    exitCodeFor(await reportDiagnostics(all, io, opts, loaded.source, 'stderr', specFile));
  const fail = async (ds: Diagnostic[] = []) => {
    pushAll(all, ds);
    const written = await report();
    return Math.max(exitCodeFor(all) || 1, written);
  };
  // --strict: a warning fails the run before anything is emitted, as for a Migration.
  if (!result?.tree || !result.stdout || hasErrors(all) || strictExit(all, opts)) return fail();
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
        inputs(path, loaded, spec, io, opts.kubeconfig),
      );
      pushAll(all, written);
      if (hasErrors(written)) return fail();
    }
  } else if (opts.output === 'json') {
    const objects = (result.plan?.steps ?? []).flatMap((s) => s.objects);
    io.stdout(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2) + '\n');
  } else io.stdout(result.stdout);
  const written = await report();
  return Math.max(exitCodeFor(all), strictExit(all, opts), written);
}

/** `migplan report` of a NetworkMigration: REPORT.md, or the plan and findings as JSON. */
export async function networkReportCommand(
  loaded: LoadedSpec & { typed: { kind: 'NetworkMigration'; spec: NetworkMigrationSpec } },
  opts: ReportOptions,
  io: CliIO,
): Promise<number> {
  const { result, diagnostics } = await compileLoaded(loaded, loaded.typed.spec, io, opts);
  const flags = { ...opts, format: 'text' as const };
  if (!result?.plan || !result.report || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.format === 'json') {
    const { facts: _facts, ...plan } = result.plan;
    io.stdout(JSON.stringify({ plan, diagnostics }, null, 2) + '\n');
  } else {
    io.stdout(result.report);
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
  }
  return Math.max(exitCodeFor(diagnostics), strictExit(diagnostics, opts));
}

/** `migplan diff` of a NetworkMigration against an --out directory, file by file (steps repeat objects). */
export async function networkDiffCommand(
  loaded: LoadedSpec & { typed: { kind: 'NetworkMigration'; spec: NetworkMigrationSpec } },
  opts: DiffOptions,
  io: CliIO,
): Promise<number> {
  const report = async (ds: readonly Diagnostic[]) =>
    exitCodeFor(await reportDiagnostics(ds, io, opts, loaded.source, 'stderr'));
  if (opts.against === 'live' || opts.argocd !== undefined) {
    await report([
      diag(
        'MP6010',
        opts.against === 'live'
          ? '--against live compares setup objects with a cluster; a NetworkMigration changes the cluster step by step, so compare with a directory written by compile --out'
          : '--argocd applies to a Migration, not a NetworkMigration',
      ),
    ]);
    return 2;
  }
  const { result, diagnostics } = await compileLoaded(loaded, loaded.typed.spec, io, opts);
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
  const changes = diffFiles(current.value.files, result.tree, PLAN_MARKER);
  if (changes.length) {
    const text = opts.stat ? formatFileStat(changes) : changes.map((c) => c.patch).join('');
    io.stdout(useColor(io, 'stdout') ? colorizeDiff(text) : text);
  } else if (opts.stat) io.stdout('No changes.\n');
  const shown = [...diagnostics.filter((d) => d.severity !== 'info'), ...notes];
  const written = await report(shown);
  return Math.max(changes.length && !opts.exitZero ? 1 : 0, strictExit(shown, opts), written);
}
