import { resolve } from 'node:path';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { OutputTree } from '../emit/layout.js';
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
import { version } from '../version.js';
import { byKey } from '../util/objects.js';

/** A file or folder migplan reads, which no --out may hold or lie inside. */
export interface InputPath {
  what: string;
  path: string;
  isDir: boolean;
}

/** The paths a spec names (snapshots, kubeconfigs, playbooks), as written in it. */
export function specPaths(spec: Spec | undefined): InputPath[] {
  const out: InputPath[] = [];
  for (const [name, c] of Object.entries(spec?.spec.clusters ?? {}).sort(byKey)) {
    const d = c?.discovery;
    if (d?.snapshot !== undefined)
      out.push({ what: `the snapshot of cluster ${name}`, path: d.snapshot, isDir: true });
    if (d?.kubeconfig !== undefined)
      out.push({ what: `the kubeconfig of cluster ${name}`, path: d.kubeconfig, isDir: false });
  }
  for (const p of spec?.spec.plans ?? [])
    for (const h of p.hooks ?? [])
      if (h.playbook !== undefined)
        out.push({ what: 'a hook playbook', path: h.playbook, isDir: false });
  return out;
}

/** Everything a compile of `spec` reads from disk, as absolute paths. */
export function specInputs(
  specPath: string | undefined,
  spec: Spec | undefined,
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

/** The --argocd setting a directory was compiled with (manifest.json), for runs that do not give the option. */
export async function recordedArgocd(dir: string, marker: string): Promise<boolean | undefined> {
  const v = (await recordedOptions(dir, marker))?.['argocd'];
  return typeof v === 'boolean' ? v : undefined;
}
