import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Spec } from '../spec/spec.js';
import { locate } from '../validate/validate.js';
import type { LoadedSpec } from './load-spec.js';

/**
 * The largest playbook migplan embeds. A MigHook carries its playbook base64-encoded inside the object
 * (mig-controller api/v1alpha1/mighook_types.go, MigHookSpec.Playbook), and etcd refuses requests over
 * ~1.5 MiB (--max-request-bytes), so 256 KiB (~342 KiB encoded) leaves room for several hooks' worth of
 * real playbooks while refusing a mistaken binary.
 */
export const MAX_PLAYBOOK_BYTES = 256 * 1024;

const chunkBytes = 64 * 1024;

export type PlaybookRead =
  { ok: true; base64: string } | { ok: false; code: DiagnosticCode; why: string };

/**
 * Reads the hook playbooks a spec references, once per path, for both `validate` and `compile`. Each must
 * resolve inside the spec's folder after symlinks, be a regular UTF-8 text file and be at most
 * MAX_PLAYBOOK_BYTES; anything else is an error located at the hook's playbook field.
 */
export async function readPlaybooks(
  spec: Spec,
  loaded: Pick<LoadedSpec, 'baseDir' | 'doc' | 'fromStdin'>,
): Promise<{ value: Map<string, string>; diagnostics: Diagnostic[] }> {
  const value = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const reads = new Map<string, PlaybookRead>();
  for (const [i, p] of spec.spec.plans.entries()) {
    for (const [j, h] of (p.hooks ?? []).entries()) {
      if (h.playbook === undefined) continue;
      let read = reads.get(h.playbook);
      if (!read) {
        read = await readPlaybook(h.playbook, loaded.baseDir, loaded.fromStdin === true);
        reads.set(h.playbook, read);
      }
      if (read.ok) {
        value.set(h.playbook, read.base64);
        continue;
      }
      const d = diag(read.code, `playbook ${JSON.stringify(h.playbook)} ${read.why}`, {
        path: ['spec', 'plans', i, 'hooks', j, 'playbook'],
      });
      diagnostics.push(loaded.doc ? locate(d, loaded.doc) : d);
    }
  }
  return { value, diagnostics };
}

/**
 * One playbook: refused by its path before anything is opened when it points outside the spec's folder,
 * then checked again after symlinks, then read bounded (a growing file or a FIFO cannot make it read
 * more than the limit or wait forever).
 */
export async function readPlaybook(
  playbook: string,
  baseDir: string,
  fromStdin: boolean,
): Promise<PlaybookRead> {
  const folder = fromStdin
    ? `the working directory ${baseDir} (the spec is read from stdin, so its folder is the working directory)`
    : "the spec's folder";
  const outside: PlaybookRead = { ok: false, code: 'MP2534', why: `is outside ${folder}` };
  const wanted = resolve(baseDir, playbook);
  if (!isInside(baseDir, wanted)) return outside;
  let real: string;
  try {
    const realBase = await realpath(baseDir);
    real = await realpath(wanted);
    if (!isInside(realBase, real))
      return { ...outside, why: `is a symlink to ${real}, outside ${folder}` };
  } catch (err) {
    return unreadable(err);
  }
  try {
    // lstat first: opening a device or FIFO can block or have side effects, so only regular files are opened.
    const kind = describeKind(await lstat(real));
    if (kind) return { ok: false, code: 'MP2535', why: `is ${kind}, not a regular file` };
    const handle = await open(
      real,
      constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
    );
    try {
      const st = await handle.stat();
      const kindNow = describeKind(st);
      if (kindNow) return { ok: false, code: 'MP2535', why: `is ${kindNow}, not a regular file` };
      if (st.size > MAX_PLAYBOOK_BYTES) return tooLarge(st.size);
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.alloc(chunkBytes);
        const { bytesRead } = await handle.read(buf, 0, chunkBytes, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > MAX_PLAYBOOK_BYTES) return tooLarge(total, true);
        chunks.push(buf.subarray(0, bytesRead));
      }
      const bytes = Buffer.concat(chunks, total);
      const binary = binaryAt(bytes);
      if (binary)
        return {
          ok: false,
          code: 'MP2536',
          why: `is not UTF-8 text (${binary}); a playbook is Ansible YAML`,
        };
      return { ok: true, base64: bytes.toString('base64') };
    } finally {
      await handle.close();
    }
  } catch (err) {
    return unreadable(err);
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function describeKind(st: {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isBlockDevice(): boolean;
  isCharacterDevice(): boolean;
  isSymbolicLink(): boolean;
}): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symlink';
  return 'not a file';
}

function tooLarge(size: number, atLeast = false): PlaybookRead {
  const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`;
  return {
    ok: false,
    code: 'MP2537',
    why: `is ${atLeast ? 'over ' : ''}${atLeast ? kib(MAX_PLAYBOOK_BYTES) : kib(size)}; the limit is ${kib(MAX_PLAYBOOK_BYTES)}`,
  };
}

function unreadable(err: unknown): PlaybookRead {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOENT'
      ? 'does not exist'
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'cannot be read: permission denied'
        : e.code === 'ELOOP'
          ? 'cannot be read: too many levels of symlinks'
          : `cannot be read: ${e.code ?? e.message}`;
  return { ok: false, code: 'MP3005', why };
}

/** Where the bytes stop being text: a NUL, or a byte sequence that is not UTF-8. */
function binaryAt(bytes: Buffer): string | undefined {
  const nul = bytes.indexOf(0);
  let bad = -1;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    bad = firstInvalidUtf8(bytes);
  }
  if (nul >= 0 && (bad < 0 || nul < bad)) return `NUL byte at ${position(bytes, nul)}`;
  if (bad >= 0) return `invalid UTF-8 at ${position(bytes, bad)}`;
  return undefined;
}

function firstInvalidUtf8(bytes: Buffer): number {
  // The decoder does not say where it failed; fed one byte at a time it throws at the first bad one.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let k = 0; k < bytes.length; k++) {
    try {
      decoder.decode(bytes.subarray(k, k + 1), { stream: true });
    } catch {
      return sequenceStart(bytes, k);
    }
  }
  return bytes.length; // a sequence cut off at the end
}

/** The decoder fails where a sequence turns out broken; point at the lead byte that started it. */
function sequenceStart(bytes: Buffer, k: number): number {
  let lead = k - 1;
  while (lead >= 0 && k - lead < 4 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  const b = lead >= 0 ? (bytes[lead] as number) : 0;
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead >= 0 && length > 1 && k - lead < length ? lead : k;
}

function position(bytes: Buffer, offset: number): string {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < before.length; k++)
    if (before[k] === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  return `line ${line}, byte ${offset - lineStart + 1}`;
}
