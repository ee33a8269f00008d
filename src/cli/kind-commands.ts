import type { SpecKind } from '../spec/kinds.js';
import type { CliIO } from './io.js';
import type { KindCompileResult, KindPipeline } from './kind-runner.js';
import type { LoadedSpec } from './load-spec.js';
import type { CompileOptions } from './commands/compile.js';
import type { DiffOptions } from './commands/diff.js';
import type { ReportOptions } from './commands/report.js';

/** compile, report and diff of a document kind other than Migration (whose pipeline is the commands' own). */
interface KindCommands {
  compile(path: string, loaded: LoadedSpec, opts: CompileOptions, io: CliIO): Promise<number>;
  report(path: string, loaded: LoadedSpec, opts: ReportOptions, io: CliIO): Promise<number>;
  diff(path: string, loaded: LoadedSpec, opts: DiffOptions, io: CliIO): Promise<number>;
}

/** The shared runner (kind-runner.ts) over a kind's pipeline, both loaded only when a command runs. */
const runnerOf = <R extends KindCompileResult>(
  pipeline: () => Promise<KindPipeline<R>>,
): KindCommands => ({
  compile: async (path, loaded, opts, io) =>
    (await import('./kind-runner.js')).runKindCompile(await pipeline(), path, loaded, opts, io),
  report: async (path, loaded, opts, io) =>
    (await import('./kind-runner.js')).runKindReport(await pipeline(), path, loaded, opts, io),
  diff: async (path, loaded, opts, io) =>
    (await import('./kind-runner.js')).runKindDiff(await pipeline(), path, loaded, opts, io),
});

/** The pipeline per kind: a new kind is one more entry. */
const byKind: Partial<Record<SpecKind, KindCommands>> = {
  NetworkMigration: runnerOf(
    async () => (await import('./commands/network-migration.js')).networkPipeline,
  ),
  HostedClusterMigration: runnerOf(async () => (await import('./commands/hcp.js')).hcpPipeline),
};

/** The commands of a loaded spec's kind, unless it is a Migration (or did not validate). */
export const kindCommands = (loaded: LoadedSpec): KindCommands | undefined =>
  loaded.typed ? byKind[loaded.typed.kind] : undefined;
