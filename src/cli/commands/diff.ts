import { resolve } from 'node:path';
import { diag, exitCodeFor, hasErrors } from '../../diagnostics/diagnostic.js';
import { diffObjects, formatStat, objectsOfTree } from '../../diff/diff.js';
import { readTree } from '../../emit/write-dir.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';
import { compileSpec } from './compile.js';
import type { SourceOptions } from '../sources.js';

export interface DiffOptions extends SourceOptions {
  against: string;
  stat?: boolean;
  exitZero?: boolean;
  argocd?: boolean;
  format: DiagnosticFormat;
}

/**
 * `migplan diff SPEC --against DIR`: what compile would change, object by object. Exit codes follow
 * `kubectl diff`: 0 identical, 1 different, 2 errors (terraform and helm-diff use 2 for changes).
 */
export async function diffCommand(path: string, opts: DiffOptions, io: CliIO): Promise<number> {
  const { loaded, result, diagnostics } = await compileSpec(path, io, opts);
  if (!result?.tree || hasErrors(diagnostics)) {
    reportDiagnostics(diagnostics, io, opts.format, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.against === 'live') {
    const d = diag(
      'MP6004',
      'diff --against live needs live cluster access, which this build does not have yet; compare with a directory',
    );
    reportDiagnostics([d], io, opts.format);
    return 2;
  }
  const dir = resolve(io.cwd, opts.against);
  const current = await readTree(dir);
  if (current.size === 0) {
    reportDiagnostics(
      [diag('MP6004', `${opts.against} holds no compiled output to compare with`)],
      io,
      opts.format,
    );
    return 2;
  }
  const host = result.hostCluster ?? '';
  const changes = diffObjects(objectsOfTree(current, host), objectsOfTree(result.tree, host));
  if (changes.length)
    io.stdout(opts.stat ? formatStat(changes) : changes.map((c) => c.patch).join(''));
  reportDiagnostics(
    diagnostics.filter((d) => d.severity !== 'info'),
    io,
    opts.format,
    loaded.source,
  );
  return changes.length && !opts.exitZero ? 1 : 0;
}
