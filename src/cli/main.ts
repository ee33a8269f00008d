import { Command, CommanderError, Option } from 'commander';
import { maskCredentials, sanitizeText } from '../diagnostics/sanitize.js';
import { version } from '../version.js';
import { compileCommand, type CompileOptions } from './commands/compile.js';
import { reportCommand, type ReportOptions } from './commands/report.js';
import { diffCommand, type DiffOptions } from './commands/diff.js';
import { snapshotCommand, type SnapshotOptions } from './commands/snapshot.js';
import { validateCommand } from './commands/validate.js';
import type { CliIO } from './io.js';

/** Parses argv, runs one command, and returns its exit code. The only caller of process is bin/. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  let debug = false;
  const program = new Command('migplan')
    .description(
      'Compile a declarative migration spec into ordered MTC, NetworkPolicy and Velero manifests.',
    )
    .version(version, '--version')
    .option('--debug', 'print stack traces of internal errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run migplan --help for usage)');
  program.hook('preAction', (cmd) => {
    debug = Boolean(cmd.opts()['debug']);
  });
  const sourceOption = () =>
    new Option(
      '--from <source>',
      'where cluster state comes from (default: snapshot when every cluster has one)',
    ).choices(['snapshot', 'live']);
  const formatOption = () =>
    new Option('--format <format>', 'diagnostic output format')
      .choices(['text', 'json'])
      .default('text');

  program
    .command('validate')
    .description('check a spec against the schema and semantic rules (no cluster access)')
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .addOption(formatOption())
    .action(async (spec: string, opts: { format: 'text' | 'json' }) => {
      exitCode = await validateCommand(spec, opts, io);
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
    .option(
      '--out <dir>',
      'write the full output tree (setup files, migrations/, kustomization.yaml, REPORT.md)',
    )
    .option(
      '--check',
      'with --out: exit 1 if the directory is not what compile would write; writes nothing',
    )
    .addOption(
      new Option('-o, --output <format>', 'stdout format')
        .choices(['yaml', 'json'])
        .default('yaml'),
    )
    .option('--migration <name>', 'print only this MigMigration (<plan>-<step>)')
    .option('--cluster <name>', 'print the setup objects for this cluster instead of the host')
    .option('--argocd', 'add argocd.argoproj.io/sync-wave annotations that encode the apply order')
    .addOption(formatOption())
    .action(async (spec: string, opts: CompileOptions) => {
      exitCode = await compileCommand(spec, opts, io);
    });

  program
    .command('diff')
    .description(
      'show what compile would change in an --out directory, object by object (exit 1 when different)',
    )
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .requiredOption('--against <dir>', 'directory written by compile --out')
    .option('--stat', 'one line per changed object and a closing Plan: line')
    .option('--exit-zero', 'exit 0 even when there are differences (report-only CI jobs)')
    .option('--argocd', 'compare with output compiled with --argocd')
    .addOption(sourceOption())
    .option('--kubeconfig <file>', 'kubeconfig for --from live and --against live')
    .option('--quiet', 'no progress display')
    .addOption(formatOption())
    .action(async (spec: string, opts: DiffOptions) => {
      exitCode = await diffCommand(spec, opts, io);
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
    .option('--quiet', 'no progress display')
    .action(async (opts: SnapshotOptions) => {
      exitCode = await snapshotCommand(opts, io);
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
    .action(async (spec: string, opts: ReportOptions) => {
      exitCode = await reportCommand(spec, opts, io);
    });

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
