import { exitCodeFor, hasErrors } from '../../diagnostics/diagnostic.js';
import { isCompiled } from '../../compile.js';
import { sanitizeDiagnostic } from '../../diagnostics/sanitize.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics, strictExit, type DiagnosticFlags } from '../output.js';
import { compileSpec } from './compile.js';
import type { SourceOptions } from '../sources.js';
import { loadSpec } from '../load-spec.js';
import { kindCommands } from '../kind-commands.js';

export interface ReportOptions
  extends SourceOptions, Pick<DiagnosticFlags, 'strict' | 'minSeverity'> {
  format: 'markdown' | 'json';
}

/** `migplan report SPEC`: the REPORT.md content (markdown) or every decision and diagnostic (json). */
export async function reportCommand(path: string, opts: ReportOptions, io: CliIO): Promise<number> {
  const loadedSpec = await loadSpec(path, io);
  const other = kindCommands(loadedSpec);
  if (other) return other.report(loadedSpec, opts, io);
  const { loaded, result, diagnostics } = await compileSpec(path, io, opts, loadedSpec);
  // The report is the result on stdout; findings go to stderr as text.
  const flags: DiagnosticFlags = { ...opts, format: 'text' };
  if (!isCompiled(result) || hasErrors(diagnostics)) {
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
    return exitCodeFor(diagnostics) || 1;
  }
  if (opts.format === 'json') {
    const { facts: _facts, ...plan } = result.plan;
    // Diagnostics quote the input (snapshot files, the spec): masked and escaped as in every other format.
    io.stdout(
      JSON.stringify({ plan, diagnostics: diagnostics.map(sanitizeDiagnostic) }, null, 2) + '\n',
    );
  } else {
    io.stdout(result.report);
    await reportDiagnostics(diagnostics, io, flags, loaded.source);
  }
  return Math.max(exitCodeFor(diagnostics), strictExit(diagnostics, opts));
}
