import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { sanitizeDiagnostic } from '../diagnostics/sanitize.js';
import type { CliIO } from './io.js';

export type DiagnosticFormat = 'text' | 'json';

/**
 * Prints diagnostics to stderr (text) or as JSON where `jsonTo` says (stdout for validate, stderr for commands
 * whose stdout carries results). `source` gives the text of the files code frames quote (the spec, or the
 * files of a compared directory).
 */
export function reportDiagnostics(
  ds: readonly Diagnostic[],
  io: CliIO,
  format: DiagnosticFormat,
  source?: { file: string; text: string } | readonly { file: string; text: string }[],
  /** Where JSON goes: stdout for validate; stderr for commands whose stdout carries results. */
  jsonTo: 'stdout' | 'stderr' = 'stdout',
): void {
  const sorted = sortDiagnostics(ds);
  if (format === 'json') {
    // The same masking and escaping as the text format: JSON escapes C0 only, and a consumer may print
    // a message raw (jq -r).
    (jsonTo === 'stdout' ? io.stdout : io.stderr)(
      JSON.stringify(sorted.map(sanitizeDiagnostic), null, 2) + '\n',
    );
    return;
  }
  const sources = new Map<string, string>();
  for (const s of source === undefined ? [] : 'file' in source ? [source] : source)
    sources.set(s.file, s.text);
  const text = formatDiagnostics(sorted, { color: io.isTTY && !io.env['NO_COLOR'], sources });
  if (text) io.stderr(text);
}
