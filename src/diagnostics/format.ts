import { formatPath, type Diagnostic } from './diagnostic.js';
import { sanitizeText } from './sanitize.js';

export interface FormatOptions {
  color: boolean;
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * `file:line:col: severity CODE: message`, a code frame with carets, then the hint. Everything that can
 * quote the input (file name, message, path, source line, hint) goes through sanitizeText: credentials are
 * masked and control characters escaped, so a hostile spec cannot drive the terminal or leak into a log.
 */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions): string {
  const where = d.file
    ? `${sanitizeText(d.file)}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: `
    : '';
  const sevColor = d.severity === 'error' ? '31;1' : d.severity === 'warning' ? '33;1' : '36;1';
  const pathNote = d.path.length ? ` (at ${sanitizeText(formatPath(d.path))})` : '';
  const lines = [
    `${paint(opts.color, '1', where)}${paint(opts.color, sevColor, `${d.severity} ${d.code}`)}: ${sanitizeText(d.message)}${pathNote}`,
  ];
  const text = d.file ? opts.sources?.get(d.file) : undefined;
  if (text !== undefined && d.line !== undefined) {
    const src = text.split(/\r?\n/)[d.line - 1];
    if (src !== undefined) {
      const col = Math.max(1, d.col ?? 1);
      const width =
        d.endLine === d.line && d.endCol !== undefined && d.endCol > col ? d.endCol - col : 1;
      // Tabs shown as one space keep carets aligned; escapes and masks change widths, so the caret is
      // placed under the shown form of the text before it.
      const show = (s: string) => sanitizeText(s.replace(/\t/g, ' '));
      const shown = show(src);
      const caretCol = show(src.slice(0, col - 1)).length + 1;
      const caretWidth = show(src.slice(col - 1, col - 1 + width)).length;
      lines.push(`  ${String(d.line).padStart(4)} | ${shown}`);
      lines.push(
        `       | ${' '.repeat(caretCol - 1)}${paint(opts.color, sevColor, '^'.repeat(Math.max(1, Math.min(caretWidth, shown.length - caretCol + 1))))}`,
      );
    }
  }
  if (d.hint) lines.push(`  hint: ${sanitizeText(d.hint)}`);
  return lines.join('\n');
}

export function formatDiagnostics(ds: readonly Diagnostic[], opts: FormatOptions): string {
  if (ds.length === 0) return '';
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of ds) counts[d.severity]++;
  const summary = `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`;
  return ds.map((d) => formatDiagnostic(d, opts)).join('\n') + `\n${summary}\n`;
}
