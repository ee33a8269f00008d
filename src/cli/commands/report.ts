import { exitCodeFor, hasErrors } from '../../diagnostics/diagnostic.js';
import { isCompiled } from '../../compile.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';
import { compileSpec } from './compile.js';
import type { SourceOptions } from '../sources.js';
import { loadSpec } from '../load-spec.js';
import { kindCommands } from '../kind-commands.js';

export interface ReportOptions extends SourceOptions {
  format: 'markdown' | 'json';
}

/** `migplan report SPEC`: the REPORT.md content (markdown) or every decision and diagnostic (json). */
export async function reportCommand(path: string, opts: ReportOptions, io: CliIO): Promise<number> {
  const loadedSpec = await loadSpec(path, io);
  const other = kindCommands(loadedSpec);
  if (other) return other.report(loadedSpec, opts, io);
  const { loaded, result, diagnostics } = await compileSpec(path, io, opts, loadedSpec);
  const diagFormat: DiagnosticFormat = 'text';
  if (!isCompiled(result) || hasErrors(diagnostics)) {
    reportDiagnostics(diagnostics, io, diagFormat, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.format === 'json') {
    const { facts: _facts, ...plan } = result.plan;
    io.stdout(JSON.stringify({ plan, diagnostics }, null, 2) + '\n');
  } else {
    io.stdout(result.report);
    reportDiagnostics(diagnostics, io, diagFormat, loaded.source);
  }
  return exitCodeFor(diagnostics);
}
