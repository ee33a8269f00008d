import { lstat, mkdir, open, readdir, realpath, rename, rmdir, unlink } from 'node:fs/promises';
import { describeErrno, readRegularFile } from '../io/read-bounded.js';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { OutputTree } from './layout.js';
import { parseManifest, safeRelative, sha256, type OwnedManifest } from './manifest.js';

/**
 * Output directories migplan owns (`compile --out`, `snapshot --out`).
 *
 * Ownership is recorded, never guessed: a directory is migplan's when its marker (manifest.json for a plan,
 * .migplan-manifest.json for a snapshot) says so, and then only the files the marker lists are migplan's.
 * Files a user added survive every compile; a file a user put where migplan must write is a refusal.
 *
 * Node has no atomic directory swap, so a write is a journal (the files about to change), each file through a
 * temp file + rename, the marker last as the commit record, then the journal is removed. A journal on disk means
 * a write was interrupted: --check and diff refuse the tree, and the next write counts the journal's files as
 * its own and finishes the job.
 */

export const JOURNAL = '.migplan-journal.json';
const TMP_SUFFIX = '.migplan-tmp';
/** A compiled file is kilobytes; anything this large in an output tree was not written by migplan. */
export const MAX_OUTPUT_FILE_BYTES = 64 * 1024 * 1024;

interface Target {
  /** The directory as the user named it, for messages. */
  display: string;
  /** Absolute path (symlinks of the directory itself resolved). */
  dir: string;
  marker: string;
}

/** What a directory holds, as far as ownership goes. */
interface Inspection {
  exists: boolean;
  /** Files migplan may replace or delete: the marker's list, the journal's list, the marker and journal. */
  owned: Set<string>;
  manifest?: OwnedManifest;
  journal?: string[];
}

async function lstatOrUndefined(path: string) {
  return lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** A file error of our own, with words that fileError passes through. */
const refusal = (code: string, words: string) => Object.assign(new Error(words), { code });

/**
 * Reads an output file with the shared bounded reader; a symbolic link is refused, not followed (a link in an
 * output tree was not written by migplan and could point anywhere).
 */
async function readBounded(path: string, maxBytes: number): Promise<string> {
  if ((await lstat(path)).isSymbolicLink())
    throw refusal('ELINK', 'is a symbolic link (migplan does not follow links in its output)');
  const read = readRegularFile(path, maxBytes);
  if (read.ok) return read.bytes.toString('utf8');
  if (read.reason === 'errno') throw refusal(read.code, read.words);
  if (read.reason === 'not-regular')
    throw refusal('ENOTREG', `is ${read.what}, not a regular file`);
  throw refusal('EFBIG', `is larger than ${maxBytes} bytes`);
}

async function inspect(target: Target): Promise<StageResult<Inspection>> {
  const { dir, display, marker } = target;
  const s = await lstatOrUndefined(dir);
  if (!s) return { value: { exists: false, owned: new Set() }, diagnostics: [] };
  if (!s.isDirectory())
    return {
      diagnostics: [
        diag('MP6007', `${display} exists and is not a directory; migplan will not replace it`),
      ],
    };
  const entries = await readdir(dir);
  if (entries.length === 0) return { value: { exists: true, owned: new Set() }, diagnostics: [] };
  const owned = new Set<string>();
  let manifest: OwnedManifest | undefined;
  let journal: string[] | undefined;
  if (entries.includes(marker)) {
    manifest = parseManifest(await readBounded(join(dir, marker), MAX_OUTPUT_FILE_BYTES));
    if (manifest) {
      owned.add(marker);
      for (const f of manifest.files) owned.add(f.path);
    }
  }
  if (entries.includes(JOURNAL)) {
    const parsed = parseJournal(await readBounded(join(dir, JOURNAL), MAX_OUTPUT_FILE_BYTES));
    if (parsed) {
      journal = parsed;
      owned.add(JOURNAL);
      owned.add(marker);
      for (const p of parsed) owned.add(p);
    }
  }
  if (!manifest && !journal) {
    const shown = entries.sort().slice(0, 5).join(', ');
    return {
      diagnostics: [
        diag(
          'MP6005',
          `${display} is not empty and was not written by migplan (no ${marker}); it holds ${shown}${entries.length > 5 ? ', …' : ''}`,
        ),
      ],
    };
  }
  return {
    value: {
      exists: true,
      owned,
      ...(manifest ? { manifest } : {}),
      ...(journal ? { journal } : {}),
    },
    diagnostics: [],
  };
}

function parseJournal(text: string): string[] | undefined {
  try {
    const j = JSON.parse(text) as { generator?: unknown; files?: unknown };
    if (typeof j.generator !== 'string' || !j.generator.startsWith('migplan ')) return undefined;
    if (!Array.isArray(j.files)) return undefined;
    const files = j.files.filter((p): p is string => typeof p === 'string' && safeRelative(p));
    return files.length === j.files.length ? files : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `inner` is `outer` or lies below it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of the deepest existing ancestor, with the rest appended (the path need not exist). */
export async function realPathOf(path: string): Promise<string> {
  const abs = resolve(path);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return [await realpath(cur), ...rest.reverse()].reduce((a, b) => join(a, b));
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      rest.push(cur.slice(parent.length).replace(/^[/\\]/, ''));
      cur = parent;
    }
  }
}

/**
 * Refuses an output directory that holds or lies inside what migplan reads (the spec's folder, snapshots,
 * playbooks, kubeconfigs): replacing files there would destroy the inputs, and a plan written into a snapshot
 * directory would be read back as cluster objects.
 */
export async function checkNotInputs(
  display: string,
  dir: string,
  inputs: readonly { what: string; path: string; isDir: boolean }[],
): Promise<Diagnostic[]> {
  const out = await realPathOf(dir);
  const found: Diagnostic[] = [];
  for (const input of inputs) {
    const real = await realPathOf(input.path);
    if (isWithin(real, out))
      found.push(
        diag(
          'MP6006',
          `--out ${display} would hold ${input.what} (${input.path}); migplan never writes over its inputs`,
        ),
      );
    else if (input.isDir && isWithin(out, real))
      found.push(
        diag(
          'MP6006',
          `--out ${display} lies inside ${input.what} (${input.path}); its files would be read back as input`,
        ),
      );
  }
  return found;
}

export interface WriteHooks {
  /** Called before every file-system step; tests throw from it to simulate a kill at that step. */
  beforeStep?: (step: string) => void;
}

export interface WriteResult {
  /** Set when an interrupted earlier write was found and finished. */
  repaired: boolean;
  /** Files in the directory that migplan did not write and left alone. */
  kept: string[];
}

/**
 * Writes `tree` into `dir` (tree includes the marker). Refuses directories migplan does not own, and files
 * in the way that it did not write; replaces and deletes only owned files; keeps everything else.
 */
export async function writeOwnedTree(
  display: string,
  dirPath: string,
  tree: OutputTree,
  marker: string,
  generator: string,
  hooks: WriteHooks = {},
): Promise<StageResult<WriteResult>> {
  const dir = await realPathOf(dirPath);
  const target: Target = { display, dir, marker };
  const inspected = await inspect(target);
  if (!inspected.value) return { diagnostics: inspected.diagnostics };
  const { owned, journal } = inspected.value;
  const step = (label: string) => hooks.beforeStep?.(label);

  // Every path we will write must be ours or free, and its folders real folders inside dir.
  const blocked: string[] = [];
  const wanted = [...tree.keys()].sort();
  for (const rel of wanted) {
    const problem = await pathProblem(dir, rel, owned);
    if (problem) blocked.push(`${rel} (${problem})`);
  }
  if (blocked.length)
    return {
      diagnostics: [
        diag(
          'MP6008',
          `${display} holds files migplan did not write where it must write: ${blocked.slice(0, 5).join(', ')}${blocked.length > 5 ? ', …' : ''}`,
        ),
      ],
    };

  const stale = [...owned].filter((p) => !tree.has(p) && p !== JOURNAL && p !== marker).sort();
  step('mkdir');
  await mkdir(dir, { recursive: true });
  // The journal names everything this write may touch, so an interruption leaves nothing unaccounted for.
  const touched = [...new Set([...wanted, ...stale, ...(journal ?? [])])].sort();
  await writeFileAtomically(
    dir,
    JOURNAL,
    JSON.stringify({ generator, files: touched }, null, 2) + '\n',
    step,
  );
  // Temp files an interrupted write left behind are ours by name.
  for (const rel of touched.concat(marker, JOURNAL))
    await removeIfPresent(dir, rel + TMP_SUFFIX, step);
  for (const rel of wanted) {
    if (rel === marker) continue;
    await writeFileAtomically(dir, rel, tree.get(rel) ?? '', step);
  }
  for (const rel of stale) {
    await removeIfPresent(dir, rel, step);
    await removeEmptyParents(dir, rel, step);
  }
  // The marker last: until it is written, the journal says the tree is incomplete.
  await writeFileAtomically(dir, marker, tree.get(marker) ?? '', step);
  step(`unlink ${JOURNAL}`);
  await unlink(join(dir, JOURNAL));

  const kept = (await listFiles(dir)).filter((p) => !tree.has(p)).sort();
  return { value: { repaired: journal !== undefined, kept }, diagnostics: [] };
}

/** Why `rel` cannot be written: a file in the way that migplan did not write, or a folder that is not one. */
async function pathProblem(dir: string, rel: string, owned: ReadonlySet<string>): Promise<string> {
  const segs = rel.split('/');
  let cur = dir;
  for (const [i, seg] of segs.entries()) {
    cur = join(cur, seg);
    const s = await lstatOrUndefined(cur);
    if (!s) return '';
    const last = i === segs.length - 1;
    if (!last) {
      if (s.isSymbolicLink()) return `${segs.slice(0, i + 1).join('/')} is a symbolic link`;
      if (!s.isDirectory()) return `${segs.slice(0, i + 1).join('/')} is not a folder`;
    } else {
      if (s.isDirectory()) return 'a folder';
      if (!owned.has(rel)) return 'not written by migplan';
    }
  }
  return '';
}

async function writeFileAtomically(
  dir: string,
  rel: string,
  content: string,
  step: (label: string) => void,
): Promise<void> {
  const file = join(dir, rel);
  const parent = dirname(file);
  if (parent !== dir) {
    step(`mkdir ${dirname(rel)}`);
    await mkdir(parent, { recursive: true });
  }
  const tmp = file + TMP_SUFFIX;
  step(`write ${rel}`);
  const handle = await open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(content);
    // Durable before the rename makes it visible: a power cut must not leave an empty file under the real name.
    await handle.sync();
  } finally {
    await handle.close();
  }
  step(`rename ${rel}`);
  await rename(tmp, file);
}

async function removeIfPresent(
  dir: string,
  rel: string,
  step: (label: string) => void,
): Promise<void> {
  const file = join(dir, rel);
  const s = await lstatOrUndefined(file);
  if (!s || s.isDirectory()) return;
  step(`unlink ${rel}`);
  await unlink(file);
}

/** Removes folders a deleted file leaves empty (never dir itself, never a folder with anything left in it). */
async function removeEmptyParents(
  dir: string,
  rel: string,
  step: (label: string) => void,
): Promise<void> {
  let parent = dirname(rel);
  while (parent !== '.' && parent !== '') {
    const full = join(dir, parent);
    const entries = await readdir(full).catch(() => undefined);
    if (!entries || entries.length > 0) return;
    step(`rmdir ${parent}`);
    await rmdir(full);
    parent = dirname(parent);
  }
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const f of await listFiles(dir, r)) out.push(f);
    else out.push(r);
  }
  return out;
}

export interface OwnedTree {
  /** The marker's files that exist, with their content (the marker included). */
  files: OutputTree;
  manifest: OwnedManifest;
  /** Listed files whose content no longer matches the marker's hash (edited since). */
  edited: string[];
  /** Listed files that are gone. */
  missing: string[];
}

/**
 * Reads back a directory migplan wrote, for --check and diff: only the files its marker lists. A directory
 * without a marker, with a journal (an interrupted write) or with a listed file that cannot be read as one
 * (symbolic link, not a regular file, too large) is refused.
 */
export async function readOwnedTree(
  display: string,
  dirPath: string,
  marker: string,
): Promise<StageResult<OwnedTree | 'absent'>> {
  const dir = resolve(dirPath);
  const s = await lstatOrUndefined(dir).catch(() => undefined);
  if (!s) return { value: 'absent', diagnostics: [] };
  const real = s.isSymbolicLink() ? await realPathOf(dir) : dir;
  const rs = await lstatOrUndefined(real);
  if (!rs?.isDirectory()) return { diagnostics: [diag('MP6007', `${display} is not a directory`)] };
  const entries = await readdir(real).catch(() => [] as string[]);
  if (entries.includes(JOURNAL))
    return {
      diagnostics: [
        diag(
          'MP6009',
          `${display} is half-written: an earlier write was interrupted (${JOURNAL} is there)`,
        ),
      ],
    };
  if (!entries.includes(marker))
    return {
      diagnostics: [
        diag(
          'MP6004',
          entries.length === 0
            ? `${display} is empty: it holds no compiled output`
            : `${display} has no ${marker}: it is not a complete output of migplan`,
        ),
      ],
    };
  const markerText = await readListed(real, display, marker);
  if (markerText === undefined)
    return { diagnostics: [diag('MP6004', `${display}/${marker} vanished while being read`)] };
  if (typeof markerText !== 'string') return { diagnostics: [markerText] };
  const manifest = parseManifest(markerText);
  if (!manifest)
    return {
      diagnostics: [
        diag('MP6004', `${display}/${marker} is not a manifest migplan wrote (malformed)`),
      ],
    };
  const files: OutputTree = new Map([[marker, markerText]]);
  const edited: string[] = [];
  const missing: string[] = [];
  const problems: Diagnostic[] = [];
  for (const f of manifest.files) {
    const text = await readListed(real, display, f.path);
    if (text === undefined) missing.push(f.path);
    else if (typeof text !== 'string') problems.push(text);
    else {
      files.set(f.path, text);
      if (sha256(text) !== f.sha256) edited.push(f.path);
    }
  }
  if (problems.length) return { diagnostics: problems };
  return { value: { files, manifest, edited, missing }, diagnostics: [] };
}

/** A listed file's text, undefined when absent, or the diagnostic that refuses it. */
async function readListed(
  dir: string,
  display: string,
  rel: string,
): Promise<string | undefined | Diagnostic> {
  const file = join(dir, rel);
  const where = `${display}/${rel}`;
  try {
    const parent = await realPathOf(dirname(file));
    if (!isWithin(parent, dir))
      return diag('MP6011', `${where} is outside ${display} (a folder on its path is a link)`, {
        file: where,
      });
    return await readBounded(file, MAX_OUTPUT_FILE_BYTES);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return undefined;
    return diag('MP6011', `cannot read ${where}: ${fileError(e)}`, { file: where });
  }
}

/** Plain words for the errors file reads and writes meet (the shared errno table, and our own refusals). */
export function fileError(e: NodeJS.ErrnoException): string {
  return ['ELINK', 'ENOTREG', 'EFBIG'].includes(e.code ?? '') ? e.message : describeErrno(e).words;
}

/** The options a directory's marker records, whatever state the directory is in (undefined when none). */
export async function recordedOptions(
  dirPath: string,
  marker: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const text = await readBounded(join(resolve(dirPath), marker), MAX_OUTPUT_FILE_BYTES);
    return parseManifest(text)?.options;
  } catch {
    return undefined;
  }
}
