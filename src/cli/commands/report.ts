import { exitCodeFor, hasErrors } from '../../diagnostics/diagnostic.js';
import { isCompiled } from '../../compile.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';
import { compileSpec, isHcpResult } from './compile.js';
import type { SourceOptions } from '../sources.js';

export interface ReportOptions extends SourceOptions {
  format: 'markdown' | 'json';
}

/** `migplan report SPEC`: the REPORT.md content (markdown) or every decision and diagnostic (json). */
export async function reportCommand(path: string, opts: ReportOptions, io: CliIO): Promise<number> {
  const { loaded, result, diagnostics } = await compileSpec(path, io, opts);
  if (isHcpResult(result)) {
    const { hcpReportOutput } = await import('./hcp.js');
    return hcpReportOutput(opts.format, io, loaded, result, diagnostics);
  }
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
