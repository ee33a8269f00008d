import { parseArgs } from 'node:util';
import { programFlags, type CommandDef, type OptionDef, type ProgramDef } from './command-table.js';

// Parses well-formed argv from the command table without commander (issue 14: its load was ~20 ms of
// `migplan validate`). It never reports an error: whatever it is not sure commander would read the same way
// gives undefined, and the caller hands argv to commander, which prints its usual message.

export interface FastParse {
  command: CommandDef;
  /** As commander passes them to the action: one per declared argument, defaults applied. */
  args: (string | undefined)[];
  /** As commander's opts(): camelCased names, defaults applied. */
  opts: Record<string, unknown>;
  debug: boolean;
  noColor: boolean;
}

interface Flag {
  def: OptionDef;
  /** parseArgs' name for it: the long flag without its dashes. */
  key: string;
  short?: string;
  takesValue: boolean;
  /** commander's attributeName(). */
  attribute: string;
  negate: boolean;
}

/** The flags forms commander and parseArgs read alike; anything else (optional or variadic values) is undefined. */
function flag(def: OptionDef): Flag | undefined {
  const m = /^(?:-([a-zA-Z]), )?--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)( <[^<>]+>)?$/.exec(def.flags);
  if (!m) return undefined;
  const key = m[2] as string;
  const negate = key.startsWith('no-');
  if (negate && m[3]) return undefined;
  const attribute = key
    .replace(/^no-/, '')
    .replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return { def, key, ...(m[1] ? { short: m[1] } : {}), takesValue: !!m[3], attribute, negate };
}

/** Option values before any argv is read, as commander's addOption() sets them, in declaration order. */
function defaults(flags: readonly Flag[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  flags.forEach((f, i) => {
    // --no-x defaults x to true unless a --x was declared before it.
    const positive = f.negate && flags.slice(0, i).some((p) => p.key === f.key.slice(3));
    if (f.negate && !positive) values[f.attribute] = f.def.default ?? true;
    else if (!f.negate && f.def.default !== undefined) values[f.attribute] = f.def.default;
  });
  return values;
}

export function fastParse(argv: readonly string[], table: ProgramDef): FastParse | undefined {
  const programFlagList = table.options.map(flag);
  // Before the command only program options are read, and only flags that take no value (as --debug) are sure.
  if (programFlagList.some((f) => f === undefined || f.takesValue)) return undefined;
  const programList = programFlagList as Flag[];
  const programValues = defaults(programList);
  const programFlag = (a: string | undefined) =>
    programList.find((f) => a === `--${f.key}` || (f.short && a === `-${f.short}`));
  let at = 0;
  for (let f = programFlag(argv[0]); f; f = programFlag(argv[++at]))
    programValues[f.attribute] = !f.negate;
  const command = table.commands.find((c) => c.name === argv[at]);
  if (!command) return undefined;

  const commandFlagList = command.options.map(flag);
  if (commandFlagList.some((f) => f === undefined)) return undefined;
  const commandList = commandFlagList as Flag[];
  // commander reads program options (and --help, --version) anywhere after the command too: a command flag of
  // the same name would be read differently.
  const all = [...programList, ...commandList];
  const version = flag({ flags: table.versionFlags, description: '' });
  if (!version) return undefined;
  const names = ['help', '-h'];
  for (const f of [version, ...all]) {
    names.push(f.key);
    if (f.short) names.push(`-${f.short}`);
  }
  if (new Set(names).size !== names.length) return undefined;
  const byKey = new Map(all.map((f) => [f.key, f]));
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const f of all)
    config[f.key] = {
      type: f.takesValue ? 'string' : 'boolean',
      ...(f.short ? { short: f.short } : {}),
    };

  let tokens;
  try {
    // strict: unknown options (--help, -h, --version among them), a value on a flag, a value that looks like
    // an option (`--out --debug`, which commander would read as --debug) all throw.
    ({ tokens } = parseArgs({
      args: argv.slice(at + 1),
      options: config,
      strict: true,
      allowPositionals: true,
      tokens: true,
    }));
  } catch {
    return undefined;
  }

  const opts = defaults(commandList);
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') return undefined;
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    const f = byKey.get(t.name);
    if (!f) return undefined;
    const into = programList.includes(f) ? programValues : opts;
    if (!f.takesValue) {
      into[f.attribute] = !f.negate;
      continue;
    }
    if (t.value === undefined) return undefined;
    if (f.def.choices && !f.def.choices.includes(t.value)) return undefined;
    let value: unknown = t.value;
    if (f.def.argParser)
      try {
        value = f.def.argParser(t.value);
      } catch {
        return undefined;
      }
    into[f.attribute] = value;
  }
  if (commandList.some((f) => f.def.required && opts[f.attribute] === undefined)) return undefined;

  // <name> is required, [name] optional; variadic ones (name...) are not read here.
  if (command.arguments.some((a) => !/^(<[\w-]+>|\[[\w-]+\])$/.test(a.name))) return undefined;
  if (positionals.length > command.arguments.length) return undefined;
  const args: (string | undefined)[] = [];
  for (const [i, a] of command.arguments.entries()) {
    const value = positionals[i];
    if (value === undefined) {
      if (a.name.startsWith('<')) return undefined;
      args.push(a.default);
    } else if (a.choices && !a.choices.includes(value)) return undefined;
    else args.push(value);
  }
  return { command, args, opts, ...programFlags(programValues) };
}
