import type { NetworkMigrationSpec } from '../spec/network-migration.js';
import type { SpecKind } from '../spec/kinds.js';
import type { CliIO } from './io.js';
import type { LoadedSpec } from './load-spec.js';
import type { CompileOptions } from './commands/compile.js';
import type { DiffOptions } from './commands/diff.js';
import type { ReportOptions } from './commands/report.js';
import type { LoadedHcp } from './commands/hcp.js';

type Loaded<K extends SpecKind, S> = LoadedSpec & { typed: { kind: K; spec: S } };

/** compile, report and diff of a document kind other than Migration (whose pipeline is the commands' own). */
interface KindCommands {
  compile(path: string, loaded: LoadedSpec, opts: CompileOptions, io: CliIO): Promise<number>;
  report(loaded: LoadedSpec, opts: ReportOptions, io: CliIO): Promise<number>;
  diff(loaded: LoadedSpec, opts: DiffOptions, io: CliIO): Promise<number>;
}

const networkMigration: KindCommands = {
  compile: async (path, loaded, opts, io) =>
    (await import('./commands/network-migration.js')).networkCompileCommand(
      path,
      loaded as Loaded<'NetworkMigration', NetworkMigrationSpec>,
      opts,
      io,
    ),
  report: async (loaded, opts, io) =>
    (await import('./commands/network-migration.js')).networkReportCommand(
      loaded as Loaded<'NetworkMigration', NetworkMigrationSpec>,
      opts,
      io,
    ),
  diff: async (loaded, opts, io) =>
    (await import('./commands/network-migration.js')).networkDiffCommand(
      loaded as Loaded<'NetworkMigration', NetworkMigrationSpec>,
      opts,
      io,
    ),
};

const hostedClusterMigration: KindCommands = {
  compile: async (path, loaded, opts, io) =>
    (await import('./commands/hcp.js')).hcpCompileCommand(path, loaded as LoadedHcp, opts, io),
  report: async (loaded, opts, io) =>
    (await import('./commands/hcp.js')).hcpReportCommand(loaded as LoadedHcp, opts, io),
  diff: async (loaded, opts, io) =>
    (await import('./commands/hcp.js')).hcpDiffCommand(loaded as LoadedHcp, opts, io),
};

/** The pipeline per kind: a new kind is one more entry. */
const byKind: Partial<Record<SpecKind, KindCommands>> = {
  NetworkMigration: networkMigration,
  HostedClusterMigration: hostedClusterMigration,
};

/** The commands of a loaded spec's kind, unless it is a Migration (or did not validate). */
export const kindCommands = (loaded: LoadedSpec): KindCommands | undefined =>
  loaded.typed ? byKind[loaded.typed.kind] : undefined;
