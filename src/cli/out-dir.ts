import { resolve } from 'node:path';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { PLAN_MARKER, type OutputTree } from '../emit/layout.js';
import {
  checkNotInputs,
  fileError,
  readOwnedTree,
  recordedOptions,
  writeOwnedTree,
  type OwnedTree,
  type WriteHooks,
} from '../emit/write-dir.js';
import type { Spec } from '../spec/spec.js';
import type { HostedClusterMigration } from '../spec/hcp.js';
import { version } from '../version.js';
import { byKey } from '../util/objects.js';

/** The kinds whose inputs are named under spec.clusters (a NetworkMigration lists its own). */
type ClusterSpec = Spec | HostedClusterMigration;

/** A file or folder migplan reads, which no --out may hold or lie inside. */
export interface InputPath {
  what: string;
  path: string;
  isDir: boolean;
}

/** The paths a spec names (snapshots, kubeconfigs, playbooks), as written in it. */
export function specPaths(spec: ClusterSpec | undefined): InputPath[] {
  const out: InputPath[] = [];
  const clusters: Record<
    string,
    { discovery?: { snapshot?: string; kubeconfig?: string } } | undefined
  > = spec?.spec.clusters ?? {};
  for (const [name, c] of Object.entries(clusters).sort(byKey)) {
    const d = c?.discovery;
    if (d?.snapshot !== undefined)
      out.push({ what: `the snapshot of cluster ${name}`, path: d.snapshot, isDir: true });
    if (d?.kubeconfig !== undefined)
      out.push({ what: `the kubeconfig of cluster ${name}`, path: d.kubeconfig, isDir: false });
  }
  if (spec?.kind === 'HostedClusterMigration' && spec.spec.hostedCluster.kubeconfig !== undefined)
    out.push({
      what: 'the kubeconfig of the hosted cluster',
      path: spec.spec.hostedCluster.kubeconfig,
      isDir: false,
    });
  for (const p of spec?.kind === 'Migration' ? spec.spec.plans : [])
    for (const h of p.hooks ?? [])
      if (h.playbook !== undefined)
        out.push({ what: 'a hook playbook', path: h.playbook, isDir: false });
  return out;
}

/** Everything a compile of `spec` reads from disk, as absolute paths. */
export function specInputs(
  specPath: string | undefined,
  spec: ClusterSpec | undefined,
  baseDir: string,
  kubeconfig: string | undefined,
): InputPath[] {
  const out: InputPath[] = [];
  if (specPath !== undefined) out.push({ what: 'the spec', path: specPath, isDir: false });
  if (kubeconfig !== undefined)
    out.push({ what: 'the kubeconfig', path: kubeconfig, isDir: false });
  for (const i of specPaths(spec)) out.push({ ...i, path: resolve(baseDir, i.path) });
  return out;
}

/**
 * Writes an output tree into a directory migplan owns (see emit/write-dir.ts), after refusing one that holds
 * or lies inside the inputs. I/O failures come back as located diagnostics, never as exceptions.
 */
export async function writeOutputDir(
  display: string,
  dir: string,
  tree: OutputTree,
  marker: string,
  inputs: readonly InputPath[],
  hooks: WriteHooks = {},
): Promise<Diagnostic[]> {
  try {
    const clash = await checkNotInputs(display, dir, inputs);
    if (clash.length) return clash;
    const written = await writeOwnedTree(display, dir, tree, marker, `migplan ${version}`, hooks);
    if (!written.value) return written.diagnostics;
    const notes: Diagnostic[] = [];
    if (written.value.repaired)
      notes.push(diag('MP6016', `${display}: an interrupted earlier write was finished`));
    if (written.value.kept.length)
      notes.push(
        diag(
          'MP6015',
          `${display} holds files migplan did not write; kept: ${written.value.kept.slice(0, 10).join(', ')}${written.value.kept.length > 10 ? ', …' : ''}`,
        ),
      );
    return notes;
  } catch (err) {
    return [diag('MP6001', `cannot write ${display}: ${fileError(err as NodeJS.ErrnoException)}`)];
  }
}

/** Reads back an output directory for --check and diff; I/O failures become diagnostics. */
export async function readOutputDir(
  display: string,
  dir: string,
  marker: string,
): Promise<StageResult<OwnedTree | 'absent'>> {
  try {
    return await readOwnedTree(display, dir, marker);
  } catch (err) {
    return {
      diagnostics: [
        diag('MP6011', `cannot read ${display}: ${fileError(err as NodeJS.ErrnoException)}`),
      ],
    };
  }
}

/** The files of `current` that are missing from, differ from or are extra to `wanted`, sorted. */
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

/**
 * `compile --out DIR --check`, for every document kind: the directory must hold exactly what compile would write.
 * Returns nothing when it does; otherwise why not (unreadable or refused, absent, or the stale files).
 */
export async function checkOutputDir(
  display: string,
  dir: string,
  tree: OutputTree,
  marker: string = PLAN_MARKER,
): Promise<Diagnostic[]> {
  const current = await readOutputDir(display, dir, marker);
  if (!current.value) return current.diagnostics;
  if (current.value === 'absent')
    return [diag('MP6003', `${display} does not exist: nothing was compiled there`)];
  const stale = diffTrees(current.value.files, tree);
  if (stale.length === 0) return [];
  return [
    diag(
      'MP6003',
      `${display} is not what compile would write: ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ', …' : ''}`,
    ),
  ];
}

/** The --argocd setting a directory was compiled with (manifest.json), for runs that do not give the option. */
export async function recordedArgocd(dir: string, marker: string): Promise<boolean | undefined> {
  const v = (await recordedOptions(dir, marker))?.['argocd'];
  return typeof v === 'boolean' ? v : undefined;
}
