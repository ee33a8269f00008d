import { maskCredentials, sanitizeText } from '../diagnostics/sanitize.js';
import { program } from './command-table.js';
import { fastParse, type FastParse } from './fast-argv.js';
import type { CliIO } from './io.js';

/** Parses argv, runs one command, and returns its exit code. The only caller of process is bin/. */
export async function run(argv: readonly string[], cliIO: CliIO): Promise<number> {
  // --no-color is a program option; commands read it from io.
  const io: CliIO = { ...cliIO };
  let parsed: FastParse | undefined;
  return reportingInternalErrors(
    io,
    () => parsed?.debug ?? argv.includes('--debug'),
    async () => {
      parsed = fastParse(argv, program);
      // Help, --version, usage errors and whatever else the fast parser is not sure of: commander, loaded now.
      if (!parsed) return (await import('./main.js')).runCommander(argv, io);
      if (parsed.noColor) io.noColor = true;
      return parsed.command.action(io, parsed.args, parsed.opts);
    },
  );
}

/** Runs a command; an exception out of it is a migplan bug: MP9000, with the stack under --debug. */
export async function reportingInternalErrors(
  io: CliIO,
  debug: () => boolean,
  command: () => Promise<number>,
): Promise<number> {
  try {
    return await command();
  } catch (err) {
    const e = err as Error;
    // An error's message can quote the input; it goes through the same masking and escaping.
    io.stderr(`migplan: internal error MP9000: ${sanitizeText(e.message)}\n`);
    if (debug()) io.stderr(`${maskCredentials(e.stack ?? '')}\n`);
    else io.stderr('  hint: this is a migplan bug; rerun with --debug and report it\n');
    return 2;
  }
}
