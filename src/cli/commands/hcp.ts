import { resolve } from 'node:path';
import { compileHcp, type HcpCompileResult } from '../../compile-hcp.js';
import { diag, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { diffObjects, formatStat, objectsOfTree, type KeyedObject } from '../../diff/diff.js';
import type { OutputTree } from '../../emit/layout.js';
import type { HostedClusterMigration } from '../../spec/hcp.js';
import { pushAll } from '../../util/arrays.js';
import { locate } from '../../validate/validate.js';
import { version } from '../../version.js';
import { chooseHcpSource } from '../hcp-sources.js';
import type { CliIO } from '../io.js';
import type { KindPipeline } from '../kind-runner.js';
import type { LoadedSpec } from '../load-spec.js';
import { specInputs, stdinPathsNote } from '../out-dir.js';
import type { SourceOptions } from '../sources.js';
import type { CompileOptions } from './compile.js';
import type { DiffOptions } from './diff.js';

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
  // Ignored flags are usage errors too (README, CLI contract): --no-argocd as much as --argocd.
  if (opts.argocd !== undefined) no(opts.argocd ? '--argocd' : '--no-argocd');
  return out;
}

/** Options of `diff` a HostedClusterMigration has no use for. */
function hcpDiffUsage(opts: DiffOptions): Diagnostic[] {
  if (opts.against === 'live')
    return [
      diag(
        'MP6010',
        '--against live compares setup objects of kind Migration; the steps of a HostedClusterMigration change the clusters one by one: compare with an --out directory',
      ),
    ];
  if (opts.argocd !== undefined)
    return [
      diag(
        'MP6010',
        `${opts.argocd ? '--argocd' : '--no-argocd'} applies to kind Migration; a HostedClusterMigration has no such output`,
      ),
    ];
  return [];
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

/** The HostedClusterMigration pipeline behind compile, report and diff (kind-runner.ts runs it). */
export const hcpPipeline: KindPipeline<HcpCompileResult> = {
  compileUsage: hcpCompileUsage,
  diffUsage: hcpDiffUsage,
  compile: (path, loaded, io, opts) => compileHcpSpec(path, loaded as LoadedHcp, io, opts),
  inputs: (path, loaded, io, kubeconfig) =>
    specInputs(
      path === '-' ? undefined : resolve(io.cwd, path),
      (loaded as LoadedHcp).typed.spec,
      loaded.baseDir,
      kubeconfig !== undefined ? resolve(io.cwd, kubeconfig) : undefined,
    ),
  // The plan without the raw recordings and objects: those are the --out files.
  planJson: ({ source: _s, target: _t, hostedCluster, nodePools, ...plan }) => {
    const { object: _o, ...hc } = hostedCluster;
    return {
      ...plan,
      hostedCluster: hc,
      nodePools: nodePools.map(({ object: _n, ...np }) => np),
    };
  },
  // Object by object, per step file.
  changes: (before, after, prefix) => {
    const old = objectsByFile(before, prefix);
    if (!old.value) return { diagnostics: old.diagnostics };
    const changes = diffObjects(old.value, objectsByFile(after).value ?? new Map());
    return {
      value: { patches: changes.map((c) => c.patch), stat: formatStat(changes) },
      diagnostics: [],
    };
  },
};
