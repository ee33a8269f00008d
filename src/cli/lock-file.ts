import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { sanitizeText } from '../diagnostics/sanitize.js';
import { describeErrno, readRegularFile } from '../io/read-bounded.js';
import { lockFileName, parseLock, renderLock, type WaveLock } from '../plan/waves/lock.js';

/** A lock file is a few hundred bytes per wave; anything larger was not written by migplan. */
export const MAX_LOCK_BYTES = 16 * 1048576;

/** The lock file of a spec path, as read before a compile. */
export interface LockFile {
  /** Absolute path. */
  path: string;
  /** As the user would name it (beside the spec as they gave it), for messages. */
  display: string;
  /** The text read; undefined when there is no lock file yet. */
  text?: string;
  lock?: WaveLock;
}

/** Where the lock of `specPath` (absolute) lives, and how to name it for the user (`specDisplay` as given). */
export function lockLocation(specPath: string, specDisplay: string): LockFile {
  const path = join(dirname(specPath), lockFileName(basename(specPath)));
  const shown = join(dirname(specDisplay), lockFileName(basename(specDisplay)));
  return { path, display: sanitizeText(shown) };
}

const lstatOrUndefined = (path: string) =>
  lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });

/**
 * Reads the lock file beside the spec, if any. A file there that migplan did not write (no header) or that is
 * no longer the shape it wrote is refused, never guessed at: compiling on with it ignored would reshuffle waves
 * that may have run.
 */
export async function readLockFile(
  where: LockFile,
): Promise<{ value?: LockFile; diagnostics: Diagnostic[] }> {
  const { path, display } = where;
  try {
    const s = await lstatOrUndefined(path);
    if (!s) return { value: where, diagnostics: [] };
    if (s.isSymbolicLink())
      return {
        diagnostics: [
          diag(
            'MP6040',
            `${display} is a symbolic link; migplan reads and writes its lock file only as a regular file`,
          ),
        ],
      };
    const read = readRegularFile(path, MAX_LOCK_BYTES);
    if (!read.ok)
      return {
        diagnostics: [
          read.reason === 'errno'
            ? diag('MP6043', `cannot read ${display}: ${read.words}`)
            : diag(
                'MP6040',
                `${display} is ${read.reason === 'not-regular' ? read.what : `larger than ${MAX_LOCK_BYTES} bytes`}; it is not a lock file migplan wrote`,
              ),
        ],
      };
    const text = read.bytes.toString('utf8');
    const parsed = parseLock(text);
    if (!parsed.ok)
      return {
        diagnostics: [
          parsed.reason === 'not-ours'
            ? diag(
                'MP6040',
                `${display} was not written by migplan (${parsed.why}); it is neither read nor replaced`,
              )
            : diag('MP6041', `${display} is not a lock file as migplan writes it: ${parsed.why}`),
        ],
      };
    return { value: { ...where, text, lock: parsed.lock }, diagnostics: [] };
  } catch (err) {
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    return { diagnostics: [diag('MP6043', `cannot read ${display}: ${describeErrno(err).words}`)] };
  }
}

/** What `compile` writes to the lock file: the new assignment, as text. */
export const lockText = (lock: WaveLock, specPath: string): string =>
  renderLock(lock, basename(specPath));

/**
 * Writes the lock file when its text changes: temp file, fsync, rename, so a reader (or a kill) never sees half
 * a lock. The file in place is checked again just before: it must still be absent or one migplan wrote.
 */
export async function writeLockFile(where: LockFile, text: string): Promise<Diagnostic[]> {
  if (where.text === text) return [];
  const again = await readLockFile({ path: where.path, display: where.display });
  if (!again.value) return again.diagnostics;
  if (again.value.text === text) return [];
  const tmp = join(dirname(where.path), `.${basename(where.path)}.migplan-tmp`);
  try {
    const handle = await open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, where.path);
    return [];
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    return [diag('MP6043', `cannot write ${where.display}: ${describeErrno(err).words}`)];
  }
}

/** compile --check: the lock file must already say what compile would write. */
export function checkLockFile(where: LockFile, text: string): Diagnostic[] {
  if (where.text === text) return [];
  return [
    diag(
      'MP6042',
      where.text === undefined
        ? `${where.display} does not exist: compile would write it (the waves' assignment, to commit)`
        : `${where.display} is not what compile would write: the waves' assignment changed`,
    ),
  ];
}
