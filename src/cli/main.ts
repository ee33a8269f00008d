import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../version.js';
import {
  program as commandTable,
  programFlags,
  type OptionDef,
  type ProgramDef,
} from './command-table.js';
import { InvalidValueError } from './duration.js';
import type { CliIO } from './io.js';
import { reportingInternalErrors } from './run.js';

// The commander program, built from the command table: for the argv run() leaves to it (help, --version, usage
// errors) and for completion scripts. Loaded only then, so `migplan validate x.yaml` does not pay for commander
// (issue 14). run is re-exported for the callers that import it from here.
export { run } from './run.js';

/** run() with commander: the same exit codes, and commander's messages for help and usage errors. */
export async function runCommander(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  let debug = false;
  const program = buildProgram(
    io,
    (code) => (exitCode = code),
    () => (debug = true),
  );
  return reportingInternalErrors(
    io,
    () => debug,
    async () => {
      try {
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
      } catch (err) {
        // --help and --version exit 0; every other commander error is a usage error.
        if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
        throw err;
      }
    },
  );
}

/** Examples shown at the end of a command's --help. */
const examples = (lines: readonly string[]) =>
  `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

function option(def: OptionDef): Option {
  const o = new Option(def.flags, def.description);
  if (def.choices) o.choices(def.choices);
  if (def.default !== undefined) o.default(def.default);
  const parse = def.argParser;
  if (parse)
    o.argParser((value: string) => {
      try {
        return parse(value);
      } catch (err) {
        if (err instanceof InvalidValueError) throw new InvalidArgumentError(err.message);
        throw err;
      }
    });
  if (def.required) o.makeOptionMandatory();
  if (def.hidden) o.hideHelp();
  return o;
}

/** The commander program of the command table; `completion` reads it too, so scripts never drift from the flags. */
export function buildProgram(
  io: CliIO,
  setExit: (code: number) => void,
  setDebug: () => void,
  table: ProgramDef = commandTable,
): Command {
  const program = new Command(table.name)
    .description(table.description)
    .version(version, table.versionFlags)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(table.helpAfterError);
  for (const def of table.options) program.addOption(option(def));
  program.hook('preAction', (cmd) => {
    const flags = programFlags(cmd.opts());
    if (flags.debug) setDebug();
    if (flags.noColor) io.noColor = true;
  });
  for (const def of table.commands) {
    const cmd = program.command(def.name, { hidden: def.hidden === true });
    if (def.description !== undefined) cmd.description(def.description);
    for (const a of def.arguments) {
      const arg = new Argument(a.name, a.description);
      if (a.default !== undefined) arg.default(a.default);
      if (a.choices) arg.choices(a.choices);
      cmd.addArgument(arg);
    }
    for (const o of def.options) cmd.addOption(option(o));
    if (def.examples) cmd.addHelpText('after', examples(def.examples));
    // commander passes the declared arguments, then opts() and the command.
    cmd.action(async (...params: unknown[]) => {
      const args = params.slice(0, def.arguments.length) as (string | undefined)[];
      const opts = params[def.arguments.length] as Record<string, unknown>;
      setExit(await def.action(io, args, opts));
    });
  }
  return program;
}
