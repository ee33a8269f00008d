import { readFile, stat } from 'node:fs/promises';

/** Everything the CLI touches in the outside world, injectable for tests. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<Buffer>;
  isTTY: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

export type ReadResult =
  { ok: true; bytes: Buffer } | { ok: false; message: string; tooLarge?: number };

/** Reads a file, refusing directories and anything too large to be a spec before loading it. */
export async function readSpecBytes(path: string, maxBytes: number): Promise<ReadResult> {
  try {
    const s = await stat(path);
    if (s.isDirectory())
      return {
        ok: false,
        message: `${path} is a directory; pass the spec file (e.g. ${path}/migration.yaml)`,
      };
    if (s.size > maxBytes) return { ok: false, message: `${path} is too large`, tooLarge: s.size };
    return { ok: true, bytes: await readFile(path) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return { ok: false, message: `cannot read ${path}: ${why}` };
  }
}
