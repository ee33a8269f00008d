// The commands, arguments and options of the CLI as data, without commander: main.ts builds the commander program
// (help, errors, completion) from this table, and fast-argv.ts parses well-formed argv with it, so `migplan
// validate x.yaml` starts without loading commander (issue 14).
// Commands are imported when they run: `validate` must not pay for handlebars, diff or the live client.
import type { CompileOptions } from './commands/compile.js';
import type { ValidateOptions } from './commands/validate.js';
import type { ReportOptions } from './commands/report.js';
import type { DiffOptions } from './commands/diff.js';
import type { SnapshotOptions } from './commands/snapshot.js';
import type { InitOptions } from './commands/init.js';
import type { CliIO } from './io.js';
import { DIAGNOSTIC_FORMATS } from './output.js';
import { parseDuration } from './duration.js';
import { specKinds } from '../spec/kinds.js';

export interface OptionDef {
  /** As commander takes them: `--name`, `-n, --name <value>` or `--no-name`. */
  flags: string;
  description: string;
  /** Either choices or argParser, not both. */
  choices?: readonly string[];
  /** Throws an InvalidValueError (duration.ts) for a value it refuses; commander reports it as a usage error. */
  argParser?: (value: string) => unknown;
  default?: unknown;
  /** Mandatory (commander's requiredOption). */
  required?: boolean;
  hidden?: boolean;
}

export interface ArgumentDef {
  /** `<name>` required or `[name]` optional, as commander takes them. */
  name: string;
  description?: string;
  default?: string;
  choices?: readonly string[];
}

export interface CommandDef {
  name: string;
  description?: string;
  hidden?: boolean;
  arguments: readonly ArgumentDef[];
  options: readonly OptionDef[];
  /** Shown at the end of the command's --help. */
  examples?: readonly string[];
  /** Runs the command with its arguments (an optional one not given is its default) and options; the exit code. */
  action(
    io: CliIO,
    args: readonly (string | undefined)[],
    opts: Record<string, unknown>,
  ): Promise<number>;
}

export interface ProgramDef {
  name: string;
  description: string;
  versionFlags: string;
  options: readonly OptionDef[];
  helpAfterError: string;
  commands: readonly CommandDef[];
}

/** What the program options ask of a run, from their values as commander stores them. */
export function programFlags(opts: Record<string, unknown>): { debug: boolean; noColor: boolean } {
  return { debug: opts['debug'] === true, noColor: opts['color'] === false };
}

const specArgument: ArgumentDef = {
  name: '<spec>',
  description: 'migration spec file (YAML or JSON), or - for stdin',
};
const sourceOption: OptionDef = {
  flags: '--from <source>',
  description: 'where cluster state comes from (default: snapshot when every cluster has one)',
  choices: ['snapshot', 'live'],
};
// Like kubectl's --request-timeout; --timeout bounds the whole read of each cluster.
const requestTimeoutOption: OptionDef = {
  flags: '--request-timeout <duration>',
  description:
    'give up on a single cluster request after this long, e.g. 30s or 1m (default 30s; connect and TLS handshake: at most 10s)',
  argParser: parseDuration,
};
const timeoutOption: OptionDef = {
  flags: '--timeout <duration>',
  description: 'give up reading a cluster after this long, retries included (default 10m)',
  argParser: parseDuration,
};
const formatOption: OptionDef = {
  flags: '--format <format>',
  description: 'diagnostic output format',
  choices: DIAGNOSTIC_FORMATS,
  default: 'text',
};
// The diagnostic flags validate, compile and diff share.
const diagnosticsFileOption = (instead: string): OptionDef => ({
  flags: '--diagnostics-file <file>',
  description: `write diagnostics to this file (in --format) instead of ${instead}; replaces only a file migplan wrote`,
});
const minSeverityOption: OptionDef = {
  flags: '--min-severity <level>',
  description: 'print only findings at or above this level',
  choices: ['info', 'warning', 'error'],
  default: 'info',
};
const quietOption: OptionDef = { flags: '--quiet', description: 'no progress display' };
const strictCompileOption: OptionDef = {
  flags: '--strict',
  description: 'warnings fail the run (exit 1); compile then emits nothing',
};

export const program: ProgramDef = {
  name: 'migplan',
  description:
    'Compile a declarative migration spec into ordered MTC, NetworkPolicy and Velero manifests.',
  versionFlags: '--version',
  options: [
    { flags: '--debug', description: 'print stack traces of internal errors' },
    {
      flags: '--no-color',
      description: 'no colour in diagnostics and diff output (also NO_COLOR=1)',
    },
  ],
  helpAfterError: '(run migplan --help for usage)',
  commands: [
    {
      name: 'validate',
      description: 'check a spec against the schema and semantic rules (no cluster access)',
      arguments: [specArgument],
      options: [
        formatOption,
        diagnosticsFileOption('stdout (text: stderr)'),
        { flags: '--strict', description: 'warnings fail the run (exit 1)' },
        minSeverityOption,
      ],
      examples: [
        'migplan validate migration.yaml',
        'migplan validate migration.yaml --format sarif > migplan.sarif',
        'migplan validate migration.yaml --format github --strict   # annotations in a GitHub Actions job',
      ],
      action: async (io, [spec], opts) => {
        const { validateCommand } = await import('./commands/validate.js');
        return validateCommand(spec as string, opts as unknown as ValidateOptions, io);
      },
    },
    {
      name: 'compile',
      description:
        'compile a spec into ordered MTC manifests (setup objects on stdout, or a directory with --out)',
      arguments: [specArgument],
      options: [
        sourceOption,
        {
          flags: '--kubeconfig <file>',
          description: 'kubeconfig for --from live (default: KUBECONFIG, then ~/.kube/config)',
        },
        quietOption,
        requestTimeoutOption,
        timeoutOption,
        {
          flags: '--out <dir>',
          description:
            'write the full output tree (setup files, migrations/, kustomization.yaml, REPORT.md)',
        },
        {
          flags: '--check',
          description:
            'with --out: exit 1 if the directory is not what compile would write; writes nothing',
        },
        {
          flags: '-o, --output <format>',
          description: 'stdout format (default: yaml)',
          choices: ['yaml', 'json'],
        },
        {
          flags: '--migration <name>',
          description: 'print only this MigMigration (<plan>-<step>)',
        },
        {
          flags: '--cluster <name>',
          description: 'print the setup objects for this cluster instead of the host',
        },
        {
          flags: '--argocd',
          description:
            'add argocd.argoproj.io/sync-wave annotations that encode the apply order (an --out tree remembers it)',
        },
        {
          flags: '--no-argocd',
          description: 'no sync-wave annotations, even where the --out tree was compiled with them',
        },
        {
          flags: '--rebalance',
          description:
            'assign the waves of split plans afresh instead of keeping the lock file (<spec>.lock.yaml); done waves stay',
        },
        formatOption,
        diagnosticsFileOption('stderr'),
        strictCompileOption,
        minSeverityOption,
      ],
      examples: [
        'migplan compile migration.yaml | oc apply -f -',
        'migplan compile migration.yaml --out compiled/',
        'migplan compile migration.yaml --out compiled/ --check --format sarif --diagnostics-file migplan.sarif',
        'migplan compile migration.yaml --migration observability-cutover | oc apply -f -',
        'migplan compile migration.yaml --out compiled/ --rebalance',
      ],
      action: async (io, [spec], opts) => {
        const { compileCommand } = await import('./commands/compile.js');
        return compileCommand(spec as string, opts as unknown as CompileOptions, io);
      },
    },
    {
      name: 'diff',
      description:
        'show what compile would change in an --out directory, object by object (exit 1 when different)',
      arguments: [specArgument],
      options: [
        {
          flags: '--against <dir|live>',
          description:
            'a directory written by compile --out, or "live" to compare with the objects on the clusters',
          required: true,
        },
        {
          flags: '--stat',
          description:
            'one line per changed object and a closing Plan: line (No changes. when none)',
        },
        {
          flags: '--exit-zero',
          description: 'exit 0 even when there are differences (report-only CI jobs)',
        },
        {
          flags: '--argocd',
          description: 'compile with --argocd (default: what the directory was compiled with)',
        },
        {
          flags: '--no-argocd',
          description: 'compile without --argocd, whatever the directory was compiled with',
        },
        sourceOption,
        {
          flags: '--kubeconfig <file>',
          description: 'kubeconfig for --from live and --against live',
        },
        quietOption,
        requestTimeoutOption,
        timeoutOption,
        formatOption,
        diagnosticsFileOption('stderr'),
        strictCompileOption,
        minSeverityOption,
      ],
      examples: [
        'migplan diff migration.yaml --against compiled/',
        'migplan diff migration.yaml --against compiled/ --stat --exit-zero',
        'migplan diff migration.yaml --against live --kubeconfig ~/.kube/config',
      ],
      action: async (io, [spec], opts) => {
        const { diffCommand } = await import('./commands/diff.js');
        return diffCommand(spec as string, opts as unknown as DiffOptions, io);
      },
    },
    {
      name: 'snapshot',
      description:
        'record what resolution needs from a live cluster, for offline compiles (Secrets are never read)',
      arguments: [],
      options: [
        {
          flags: '--context <name>',
          description: 'kubeconfig context of the cluster',
          required: true,
        },
        {
          flags: '--out <dir>',
          description: 'directory to write (replaced atomically)',
          required: true,
        },
        {
          flags: '--kubeconfig <file>',
          description: 'kubeconfig (default: KUBECONFIG, then ~/.kube/config)',
        },
        {
          flags: '--namespaces <list>',
          description: 'comma-separated namespaces to keep namespaced objects of (default: all)',
        },
        {
          flags: '--kind <kind>',
          description: 'the spec kind the recording is for (it decides what is listed)',
          choices: specKinds,
          default: 'Migration',
        },
        quietOption,
        requestTimeoutOption,
        timeoutOption,
      ],
      examples: [
        'migplan snapshot --context okd47-admin --out clusters/okd47',
        'migplan snapshot --context ocp4-admin --out clusters/ocp4 --namespaces app1,app2',
      ],
      action: async (io, _args, opts) => {
        const { snapshotCommand } = await import('./commands/snapshot.js');
        return snapshotCommand(opts as unknown as SnapshotOptions, io);
      },
    },
    {
      name: 'report',
      description: 'print the migration report: every decision, warning and manual step',
      arguments: [specArgument],
      options: [
        {
          flags: '--format <format>',
          description: 'report format',
          choices: ['markdown', 'json'],
          default: 'markdown',
        },
        { flags: '--strict', description: 'warnings fail the run (exit 1)' },
        minSeverityOption,
      ],
      examples: [
        'migplan report migration.yaml > REPORT.md',
        'migplan report migration.yaml --format json | jq .plan.plans',
      ],
      action: async (io, [spec], opts) => {
        const { reportCommand } = await import('./commands/report.js');
        return reportCommand(spec as string, opts as unknown as ReportOptions, io);
      },
    },
    {
      name: 'init',
      description:
        'write a commented spec that moves every application namespace of a cluster, in plans within MTC limits',
      arguments: [],
      options: [
        {
          flags: '--snapshot <dir>',
          description: 'read the source cluster from this snapshot directory',
        },
        {
          flags: '--context <name>',
          description: 'read the source cluster live from this kubeconfig context',
        },
        {
          flags: '--target-snapshot <dir>',
          description: 'the target (MTC host) cluster from a snapshot directory',
        },
        {
          flags: '--target-context <name>',
          description: 'the target (MTC host) cluster from a kubeconfig context',
        },
        {
          flags: '--out <file>',
          description: 'spec file to create (never replaced); - for stdout',
          default: 'migration.yaml',
        },
        {
          flags: '--name <name>',
          description: 'metadata.name of the migration (default <source>-migration)',
        },
        {
          flags: '--kubeconfig <file>',
          description: 'kubeconfig for --context (default: KUBECONFIG, then ~/.kube/config)',
        },
        requestTimeoutOption,
        timeoutOption,
      ],
      examples: [
        'migplan init --snapshot clusters/ocp3 --target-snapshot clusters/ocp4',
        'migplan init --context ocp3-admin --target-context ocp4-admin --out ocp3-to-ocp4.yaml',
      ],
      action: async (io, _args, opts) => {
        const { initCommand } = await import('./commands/init.js');
        return initCommand(opts as unknown as InitOptions, io);
      },
    },
    {
      name: 'explain',
      description:
        'describe a field of the spec, like kubectl explain (type, default, allowed values, example)',
      arguments: [
        {
          name: '[path]',
          description: 'dotted field path, e.g. spec.plans.volumes (list items are transparent)',
          default: '',
        },
      ],
      options: [{ flags: '--recursive', description: 'print every field below the path' }],
      examples: [
        'migplan explain spec.plans.volumes',
        'migplan explain spec.clusters.<name>.discovery',
        'migplan explain spec --recursive',
      ],
      action: async (io, [path], opts) => {
        const { explainCommand } = await import('./commands/explain.js');
        return explainCommand(path as string, opts, io);
      },
    },
    {
      name: 'completion',
      description: 'print a shell completion script (bash, zsh or fish)',
      arguments: [{ name: '<shell>', description: 'the shell', choices: ['bash', 'zsh', 'fish'] }],
      options: [],
      examples: [
        'source <(migplan completion bash)',
        'migplan completion zsh > "${fpath[1]}/_migplan"',
        'migplan completion fish > ~/.config/fish/completions/migplan.fish',
      ],
      action: async (io, [shell]) => {
        // The script is generated from the commander tree, so this command loads commander.
        const [{ completionScript }, { buildProgram }] = await Promise.all([
          import('./completion.js'),
          import('./main.js'),
        ]);
        const tree = buildProgram(
          io,
          () => undefined,
          () => undefined,
        );
        io.stdout(completionScript(shell as 'bash' | 'zsh' | 'fish', tree));
        return 0;
      },
    },
    {
      // Called by the completion scripts for names only a spec knows; prints nothing on any error.
      name: '__complete',
      hidden: true,
      arguments: [{ name: '<what>' }, { name: '[spec]' }],
      options: [],
      action: async (io, [what, spec]) => {
        const { completeNames } = await import('./completion.js');
        io.stdout(await completeNames(what as string, spec, io));
        return 0;
      },
    },
    {
      name: 'version',
      description:
        'print the version, the spec language version and the supported MTC, Velero and OADP ranges',
      arguments: [],
      options: [{ flags: '-o, --output <format>', description: 'text or json', default: 'text' }],
      action: async (io, _args, opts) => {
        const { versionText } = await import('./version-info.js');
        io.stdout(versionText(opts['output'] === 'json' ? 'json' : 'text'));
        return 0;
      },
    },
  ],
};
