import { Argument, Command, CommanderError, Option } from 'commander';
import { maskCredentials, sanitizeText } from '../diagnostics/sanitize.js';
import { version } from '../version.js';
// Commands are imported when they run: `validate` must not pay for handlebars, diff or the live client.
import type { CompileOptions } from './commands/compile.js';
import type { ValidateOptions } from './commands/validate.js';
import { DIAGNOSTIC_FORMATS } from './output.js';
import type { ReportOptions } from './commands/report.js';
import type { DiffOptions } from './commands/diff.js';
import type { SnapshotOptions } from './commands/snapshot.js';
import type { InitOptions } from './commands/init.js';
import type { CliIO } from './io.js';
import { parseDuration } from './duration.js';
import { specKinds } from '../spec/kinds.js';

/** Parses argv, runs one command, and returns its exit code. The only caller of process is bin/. */
export async function run(argv: readonly string[], cliIO: CliIO): Promise<number> {
  let exitCode = 0;
  let debug = false;
  // --no-color is a program option; commands read it from io.
  const io: CliIO = { ...cliIO };
  const program = buildProgram(
    io,
    (code) => (exitCode = code),
    () => (debug = true),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    const e = err as Error;
    // An error's message can quote the input; it goes through the same masking and escaping.
    io.stderr(`migplan: internal error MP9000: ${sanitizeText(e.message)}\n`);
    if (debug) io.stderr(`${maskCredentials(e.stack ?? '')}\n`);
    else io.stderr('  hint: this is a migplan bug; rerun with --debug and report it\n');
    return 2;
  }
}

/** Examples shown at the end of a command's --help. */
const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

/** The command tree; `completion` reads it too, so scripts never drift from the flags. */
export function buildProgram(
  io: CliIO,
  setExit: (code: number) => void,
  setDebug: () => void,
): Command {
  const program = new Command('migplan')
    .description(
      'Compile a declarative migration spec into ordered MTC, NetworkPolicy and Velero manifests.',
    )
    .version(version, '--version')
    .option('--debug', 'print stack traces of internal errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run migplan --help for usage)');
  program.option('--no-color', 'no colour in diagnostics and diff output (also NO_COLOR=1)');
  program.hook('preAction', (cmd) => {
    const opts = cmd.opts();
    if (opts['debug']) setDebug();
    if (opts['color'] === false) io.noColor = true;
  });
  const sourceOption = () =>
    new Option(
      '--from <source>',
      'where cluster state comes from (default: snapshot when every cluster has one)',
    ).choices(['snapshot', 'live']);
  // Like kubectl's --request-timeout; --timeout bounds the whole read of each cluster.
  const requestTimeoutOption = () =>
    new Option(
      '--request-timeout <duration>',
      'give up on a single cluster request after this long, e.g. 30s or 1m (default 30s; connect and TLS handshake: at most 10s)',
    ).argParser(parseDuration);
  const timeoutOption = () =>
    new Option(
      '--timeout <duration>',
      'give up reading a cluster after this long, retries included (default 10m)',
    ).argParser(parseDuration);
  const formatOption = () =>
    new Option('--format <format>', 'diagnostic output format')
      .choices([...DIAGNOSTIC_FORMATS])
      .default('text');
  // The diagnostic flags validate, compile and diff share.
  const diagnosticsFileOption = (instead: string) =>
    new Option(
      '--diagnostics-file <file>',
      `write diagnostics to this file (in --format) instead of ${instead}; replaces only a file migplan wrote`,
    );
  const minSeverityOption = () =>
    new Option('--min-severity <level>', 'print only findings at or above this level')
      .choices(['info', 'warning', 'error'])
      .default('info');

  program
    .command('validate')
    .description('check a spec against the schema and semantic rules (no cluster access)')
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .addOption(formatOption())
    .addOption(diagnosticsFileOption('stdout (text: stderr)'))
    .option('--strict', 'warnings fail the run (exit 1)')
    .addOption(minSeverityOption())
    .addHelpText(
      'after',
      examples([
        'migplan validate migration.yaml',
        'migplan validate migration.yaml --format sarif > migplan.sarif',
        'migplan validate migration.yaml --format github --strict   # annotations in a GitHub Actions job',
      ]),
    )
    .action(async (spec: string, opts: ValidateOptions) => {
      const { validateCommand } = await import('./commands/validate.js');
      setExit(await validateCommand(spec, opts, io));
    });

  program
    .command('compile')
    .description(
      'compile a spec into ordered MTC manifests (setup objects on stdout, or a directory with --out)',
    )
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .addOption(sourceOption())
    .option(
      '--kubeconfig <file>',
      'kubeconfig for --from live (default: KUBECONFIG, then ~/.kube/config)',
    )
    .option('--quiet', 'no progress display')
    .addOption(requestTimeoutOption())
    .addOption(timeoutOption())
    .option(
      '--out <dir>',
      'write the full output tree (setup files, migrations/, kustomization.yaml, REPORT.md)',
    )
    .option(
      '--check',
      'with --out: exit 1 if the directory is not what compile would write; writes nothing',
    )
    .addOption(
      new Option('-o, --output <format>', 'stdout format (default: yaml)').choices([
        'yaml',
        'json',
      ]),
    )
    .option('--migration <name>', 'print only this MigMigration (<plan>-<step>)')
    .option('--cluster <name>', 'print the setup objects for this cluster instead of the host')
    .option(
      '--argocd',
      'add argocd.argoproj.io/sync-wave annotations that encode the apply order (an --out tree remembers it)',
    )
    .option(
      '--no-argocd',
      'no sync-wave annotations, even where the --out tree was compiled with them',
    )
    .option(
      '--rebalance',
      'assign the waves of split plans afresh instead of keeping the lock file (<spec>.lock.yaml); done waves stay',
    )
    .addOption(formatOption())
    .addOption(diagnosticsFileOption('stderr'))
    .option('--strict', 'warnings fail the run (exit 1); compile then emits nothing')
    .addOption(minSeverityOption())
    .addHelpText(
      'after',
      examples([
        'migplan compile migration.yaml | oc apply -f -',
        'migplan compile migration.yaml --out compiled/',
        'migplan compile migration.yaml --out compiled/ --check --format sarif --diagnostics-file migplan.sarif',
        'migplan compile migration.yaml --migration observability-cutover | oc apply -f -',
        'migplan compile migration.yaml --out compiled/ --rebalance',
      ]),
    )
    .action(async (spec: string, opts: CompileOptions) => {
      const { compileCommand } = await import('./commands/compile.js');
      setExit(await compileCommand(spec, opts, io));
    });

  program
    .command('diff')
    .description(
      'show what compile would change in an --out directory, object by object (exit 1 when different)',
    )
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .requiredOption(
      '--against <dir|live>',
      'a directory written by compile --out, or "live" to compare with the objects on the clusters',
    )
    .option(
      '--stat',
      'one line per changed object and a closing Plan: line (No changes. when none)',
    )
    .option('--exit-zero', 'exit 0 even when there are differences (report-only CI jobs)')
    .option('--argocd', 'compile with --argocd (default: what the directory was compiled with)')
    .option('--no-argocd', 'compile without --argocd, whatever the directory was compiled with')
    .addOption(sourceOption())
    .option('--kubeconfig <file>', 'kubeconfig for --from live and --against live')
    .option('--quiet', 'no progress display')
    .addOption(requestTimeoutOption())
    .addOption(timeoutOption())
    .addOption(formatOption())
    .addOption(diagnosticsFileOption('stderr'))
    .option('--strict', 'warnings fail the run (exit 1); compile then emits nothing')
    .addOption(minSeverityOption())
    .addHelpText(
      'after',
      examples([
        'migplan diff migration.yaml --against compiled/',
        'migplan diff migration.yaml --against compiled/ --stat --exit-zero',
        'migplan diff migration.yaml --against live --kubeconfig ~/.kube/config',
      ]),
    )
    .action(async (spec: string, opts: DiffOptions) => {
      const { diffCommand } = await import('./commands/diff.js');
      setExit(await diffCommand(spec, opts, io));
    });

  program
    .command('snapshot')
    .description(
      'record what resolution needs from a live cluster, for offline compiles (Secrets are never read)',
    )
    .requiredOption('--context <name>', 'kubeconfig context of the cluster')
    .requiredOption('--out <dir>', 'directory to write (replaced atomically)')
    .option('--kubeconfig <file>', 'kubeconfig (default: KUBECONFIG, then ~/.kube/config)')
    .option(
      '--namespaces <list>',
      'comma-separated namespaces to keep namespaced objects of (default: all)',
    )
    .addOption(
      new Option('--kind <kind>', 'the spec kind the recording is for (it decides what is listed)')
        .choices([...specKinds])
        .default('Migration'),
    )
    .option('--quiet', 'no progress display')
    .addOption(requestTimeoutOption())
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      examples([
        'migplan snapshot --context okd47-admin --out clusters/okd47',
        'migplan snapshot --context ocp4-admin --out clusters/ocp4 --namespaces app1,app2',
      ]),
    )
    .action(async (opts: SnapshotOptions) => {
      const { snapshotCommand } = await import('./commands/snapshot.js');
      setExit(await snapshotCommand(opts, io));
    });

  program
    .command('report')
    .description('print the migration report: every decision, warning and manual step')
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .addOption(
      new Option('--format <format>', 'report format')
        .choices(['markdown', 'json'])
        .default('markdown'),
    )
    .option('--strict', 'warnings fail the run (exit 1)')
    .addOption(minSeverityOption())
    .addHelpText(
      'after',
      examples([
        'migplan report migration.yaml > REPORT.md',
        'migplan report migration.yaml --format json | jq .plan.plans',
      ]),
    )
    .action(async (spec: string, opts: ReportOptions) => {
      const { reportCommand } = await import('./commands/report.js');
      setExit(await reportCommand(spec, opts, io));
    });

  program
    .command('init')
    .description(
      'write a commented spec that moves every application namespace of a cluster, in plans within MTC limits',
    )
    .option('--snapshot <dir>', 'read the source cluster from this snapshot directory')
    .option('--context <name>', 'read the source cluster live from this kubeconfig context')
    .option('--target-snapshot <dir>', 'the target (MTC host) cluster from a snapshot directory')
    .option('--target-context <name>', 'the target (MTC host) cluster from a kubeconfig context')
    .option('--out <file>', 'spec file to create (never replaced); - for stdout', 'migration.yaml')
    .option('--name <name>', 'metadata.name of the migration (default <source>-migration)')
    .option(
      '--kubeconfig <file>',
      'kubeconfig for --context (default: KUBECONFIG, then ~/.kube/config)',
    )
    .addOption(requestTimeoutOption())
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      examples([
        'migplan init --snapshot clusters/ocp3 --target-snapshot clusters/ocp4',
        'migplan init --context ocp3-admin --target-context ocp4-admin --out ocp3-to-ocp4.yaml',
      ]),
    )
    .action(async (opts: InitOptions) => {
      const { initCommand } = await import('./commands/init.js');
      setExit(await initCommand(opts, io));
    });

  program
    .command('explain')
    .description(
      'describe a field of the spec, like kubectl explain (type, default, allowed values, example)',
    )
    .argument(
      '[path]',
      'dotted field path, e.g. spec.plans.volumes (list items are transparent)',
      '',
    )
    .option('--recursive', 'print every field below the path')
    .addHelpText(
      'after',
      examples([
        'migplan explain spec.plans.volumes',
        'migplan explain spec.clusters.<name>.discovery',
        'migplan explain spec --recursive',
      ]),
    )
    .action(async (path: string, opts: { recursive?: boolean }) => {
      const { explainCommand } = await import('./commands/explain.js');
      setExit(await explainCommand(path, opts, io));
    });

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      examples([
        'source <(migplan completion bash)',
        'migplan completion zsh > "${fpath[1]}/_migplan"',
        'migplan completion fish > ~/.config/fish/completions/migplan.fish',
      ]),
    )
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { completionScript } = await import('./completion.js');
      io.stdout(completionScript(shell, program));
      setExit(0);
    });

  // Called by the completion scripts for names only a spec knows; prints nothing on any error.
  program
    .command('__complete', { hidden: true })
    .argument('<what>')
    .argument('[spec]')
    .action(async (what: string, spec: string | undefined) => {
      const { completeNames } = await import('./completion.js');
      io.stdout(await completeNames(what, spec, io));
      setExit(0);
    });

  program
    .command('version')
    .description(
      'print the version, the spec language version and the supported MTC, Velero and OADP ranges',
    )
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (opts: { output: string }) => {
      const { versionText } = await import('./version-info.js');
      io.stdout(versionText(opts.output === 'json' ? 'json' : 'text'));
      setExit(0);
    });
  return program;
}
