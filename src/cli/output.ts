import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { CliIO } from './io.js';

export type DiagnosticFormat = 'text' | 'json';

/** Prints diagnostics to stderr (text) or as JSON (for editors and CI) where `jsonTo` says. */
export function reportDiagnostics(
  ds: readonly Diagnostic[],
  io: CliIO,
  format: DiagnosticFormat,
  source?: { file: string; text: string },
  /** Where JSON goes: stdout for validate; stderr for commands whose stdout carries results. */
  jsonTo: 'stdout' | 'stderr' = 'stdout',
): void {
  const sorted = sortDiagnostics(ds);
  if (format === 'json') {
    (jsonTo === 'stdout' ? io.stdout : io.stderr)(JSON.stringify(sorted, null, 2) + '\n');
    return;
  }
  const sources = new Map<string, string>();
  if (source) sources.set(source.file, source.text);
  const text = formatDiagnostics(sorted, { color: io.isTTY && !io.env['NO_COLOR'], sources });
  if (text) io.stderr(text);
}
