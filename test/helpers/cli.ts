import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user in `cwd` would. */
export async function runCli(
  argv: string[],
  opts: {
    cwd?: string;
    stdin?: string;
    isTTY?: boolean;
    stdoutIsTTY?: boolean;
    env?: Record<string, string>;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: () => Promise.resolve(Buffer.from(opts.stdin ?? '')),
    isTTY: opts.isTTY ?? false,
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
