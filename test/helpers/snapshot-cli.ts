import { runCli, type CliRun } from './cli.js';

/**
 * `migplan snapshot --context <context> --kubeconfig kubeconfig --out <out> [...extra]` run in `dir`, the folder
 * of a served live example (test/helpers/live-example.ts), whose kubeconfig names the contexts.
 */
export const snapshotCli = (
  dir: string,
  context: string,
  out: string,
  ...extra: string[]
): Promise<CliRun> =>
  runCli(['snapshot', '--context', context, '--kubeconfig', 'kubeconfig', '--out', out, ...extra], {
    cwd: dir,
  });
