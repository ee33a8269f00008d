import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { isAscii } from 'node:buffer';

export type BoundedRead =
  | { ok: true; bytes: Buffer }
  /** `size` when the file said how big it is; absent when the limit was hit while reading. */
  | { ok: false; reason: 'too-large'; limit: number; size?: number }
  | { ok: false; reason: 'not-regular'; what: string }
  | { ok: false; reason: 'errno'; code: string; words: string };

/** Clear words for the errno codes a read can fail with; never "no such file" for a permission problem. */
export function describeErrno(err: unknown): { code: string; words: string } {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : 'EIO';
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a parent of this path is not a directory',
    ELOOP: 'too many levels of symbolic links (a link loop?)',
    EISDIR: 'is a directory',
    ENAMETOOLONG: 'path too long',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files',
    EIO: 'input/output error',
    ENXIO: 'no such device or address',
    ENODEV: 'no such device',
    EAGAIN: 'no data available without waiting',
  };
  return { code, words: words[code] ?? code };
}

/** What a non-regular file is, in words, for "X is a FIFO, not a regular file". */
export function fileTypeWords(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  if (s.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * A buffer handed from one read to the next: reading many large files one after another then allocates one
 * buffer, not one per file that lingers until collected (issue 14, peak RSS). The bytes a read returns are a view
 * of it, valid until the next read with the same scratch.
 */
export interface ReadScratch {
  buffer?: Buffer;
}

/**
 * Reads a regular file, at most `maxBytes` of it, counting bytes as they arrive (the size stat reports is only a
 * hint: /proc files say 0, a growing file says less than it will be). Anything but a regular file (FIFO,
 * /dev/zero, socket, directory) is refused without reading it. O_NONBLOCK keeps a FIFO swapped in after the check
 * from blocking the open; fstat on the open descriptor decides, so there is no check-then-use race.
 *
 * Synchronous: every caller waits for the bytes before it can go on, and a read handed to libuv's thread pool
 * left the main thread idle for longer than the read itself (issue 14: a 500-namespace compile 26 ms faster,
 * a 50-namespace one 18 ms, in interleaved pairs).
 */
export function readRegularFile(
  path: string,
  maxBytes: number,
  scratch?: ReadScratch,
): BoundedRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const s = fstatSync(fd);
    if (!s.isFile()) return { ok: false, reason: 'not-regular', what: fileTypeWords(s) };
    if (s.size > maxBytes) return { ok: false, reason: 'too-large', limit: maxBytes, size: s.size };
    return readAtMost(fd, maxBytes, s.size, scratch);
  } catch (err) {
    return { ok: false, reason: 'errno', ...describeErrno(err) };
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the read's outcome stands
  }
}

function readAtMost(
  fd: number,
  maxBytes: number,
  sizeHint: number,
  scratch: ReadScratch | undefined,
): BoundedRead {
  // One read into a buffer of the stated size (+1 to notice growth) is the common case; grow only if needed.
  const wanted = Math.min(maxBytes, sizeHint) + 1;
  let buf: Buffer;
  if (scratch?.buffer && scratch.buffer.length >= wanted)
    // Never more of it than this read's limit allows (+1 to notice the limit is passed).
    buf = scratch.buffer.subarray(0, Math.min(scratch.buffer.length, maxBytes + 1));
  else {
    buf = Buffer.allocUnsafe(wanted);
    if (scratch) scratch.buffer = buf;
  }
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (length > maxBytes) return { ok: false, reason: 'too-large', limit: maxBytes };
      const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(64 * 1024, length * 2)));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
      if (scratch) scratch.buffer = buf;
    }
    const bytesRead = readSync(fd, buf, length, buf.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (length > maxBytes) return { ok: false, reason: 'too-large', limit: maxBytes };
  return { ok: true, bytes: buf.subarray(0, length) };
}

/** Reads a stream (stdin) up to `maxBytes` + 1 bytes and stops there, so an endless stream cannot fill memory. */
export async function readStreamAtMost(
  stream: AsyncIterable<Buffer | string>,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    chunks.push(chunk);
    total += chunk.length;
    // Leaving the loop destroys the stream: nothing more is read.
    if (total > maxBytes) break;
  }
  return Buffer.concat(chunks, Math.min(total, maxBytes + 1));
}

/**
 * UTF-8 text of read bytes. Snapshots and API server responses are almost always plain ASCII, and ASCII decodes
 * as Latin-1 to the same string at a copy's cost, where the UTF-8 decoder costs a large compile tens of
 * milliseconds (issue 14).
 */
export function decodeUtf8(bytes: Buffer): string {
  return utf8Ranges(bytes)(0, bytes.length);
}

/**
 * The decoder of ranges of `bytes` as UTF-8 text, by decodeUtf8's rule, with the bytes checked for ASCII once.
 * Ranges must start and end on character boundaries (any ASCII byte is one).
 */
export function utf8Ranges(bytes: Buffer): (start: number, end: number) => string {
  const encoding = isAscii(bytes) ? 'latin1' : 'utf8';
  return (start, end) => bytes.toString(encoding, start, end);
}
