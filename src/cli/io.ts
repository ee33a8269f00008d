import { readRegularFile, readStreamAtMost } from '../io/read-bounded.js';

/** Everything the CLI touches in the outside world, injectable for tests. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads stdin, stopping after `maxBytes` + 1 bytes so an endless stream is refused, not buffered. */
  readStdin: (maxBytes: number) => Promise<Buffer>;
  /** Whether stderr is a terminal (progress, coloured diagnostics). */
  isTTY: boolean;
  /** Whether stdout is a terminal (coloured diff). */
  stdoutIsTTY?: boolean;
  /** --no-color: no colour whatever the environment says. */
  noColor?: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  // A reader that stops early (`| head`, `| grep -q`) closes the pipe: stop quietly, as cat and git do,
  // instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readStdin: (maxBytes) => readStreamAtMost(process.stdin, maxBytes),
    isTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

export type ReadResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; message: string; tooLarge?: { size?: number }; notRegular?: true };

/**
 * Reads a spec file, bounded by bytes as it streams; refuses directories, FIFOs, devices and sockets before
 * reading any (a FIFO would block, /dev/zero never ends). Errors say what failed in words (permission denied,
 * read-only file system, ...), never a bare errno.
 */
export function readSpecBytes(path: string, maxBytes: number, display = path): ReadResult {
  const read = readRegularFile(path, maxBytes);
  if (read.ok) return read;
  switch (read.reason) {
    case 'too-large':
      return {
        ok: false,
        message: `${display} is too large`,
        tooLarge: read.size === undefined ? {} : { size: read.size },
      };
    case 'not-regular':
      if (read.what === 'a directory')
        return {
          ok: false,
          message: `${display} is a directory; pass the spec file (e.g. ${display}/migration.yaml)`,
        };
      return {
        ok: false,
        notRegular: true,
        message: `${display} is ${read.what}, not a regular file; pass a spec file, or - to read the spec from stdin`,
      };
    case 'errno':
      return { ok: false, message: `cannot read ${display}: ${read.words}` };
  }
}
