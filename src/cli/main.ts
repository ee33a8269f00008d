import { Command, CommanderError, Option } from 'commander';
import { maskCredentials, sanitizeText } from '../diagnostics/sanitize.js';
import { version } from '../version.js';
// Commands are imported when they run: `validate` must not pay for handlebars, diff or the live client.
import type { CompileOptions } from './commands/compile.js';
import type { ReportOptions } from './commands/report.js';
import type { DiffOptions } from './commands/diff.js';
import type { SnapshotOptions } from './commands/snapshot.js';
import type { CliIO } from './io.js';
import { parseDuration } from './duration.js';

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
      .choices(['text', 'json'])
      .default('text');

  program
    .command('validate')
    .description('check a spec against the schema and semantic rules (no cluster access)')
    .argument('<spec>', 'migration spec file (YAML or JSON), or - for stdin')
    .addOption(formatOption())
    .action(async (spec: string, opts: { format: 'text' | 'json' }) => {
      const { validateCommand } = await import('./commands/validate.js');
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
    .addOption(formatOption())
    .action(async (spec: string, opts: CompileOptions) => {
      const { compileCommand } = await import('./commands/compile.js');
      exitCode = await compileCommand(spec, opts, io);
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
    .action(async (spec: string, opts: DiffOptions) => {
      const { diffCommand } = await import('./commands/diff.js');
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
    .addOption(
      new Option(
        '--kind <kind>',
        'record what a spec of this kind reads (HostedClusterMigration: the HyperShift kinds of a management cluster)',
      )
        .choices(['Migration', 'HostedClusterMigration'])
        .default('Migration'),
    )
    .option('--quiet', 'no progress display')
    .addOption(requestTimeoutOption())
    .addOption(timeoutOption())
    .action(async (opts: SnapshotOptions) => {
      const { snapshotCommand } = await import('./commands/snapshot.js');
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
      const { reportCommand } = await import('./commands/report.js');
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
