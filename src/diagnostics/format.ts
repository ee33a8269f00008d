import { formatPath, type Diagnostic } from './diagnostic.js';

export interface FormatOptions {
  color: boolean;
  /** Source text per file, for code frames. */
  sources?: ReadonlyMap<string, string>;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `file:line:col: severity CODE: message`, a code frame with carets, then the hint. */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ` : '';
  const sevColor = d.severity === 'error' ? '31;1' : d.severity === 'warning' ? '33;1' : '36;1';
  const pathNote = d.path.length ? ` (at ${formatPath(d.path)})` : '';
  const lines = [
    `${paint(opts.color, '1', where)}${paint(opts.color, sevColor, `${d.severity} ${d.code}`)}: ${d.message}${pathNote}`,
  ];
  const text = d.file ? opts.sources?.get(d.file) : undefined;
  if (text !== undefined && d.line !== undefined) {
    const src = text.split(/\r?\n/)[d.line - 1];
    if (src !== undefined) {
      const col = Math.max(1, d.col ?? 1);
      const width =
        d.endLine === d.line && d.endCol !== undefined && d.endCol > col ? d.endCol - col : 1;
      // Tabs shown as one space keep carets aligned; URL passwords are never echoed to a log.
      const shown = src
        .replace(/\t/g, ' ')
        .replace(/([a-z][a-z0-9+.-]*:\/\/)[^@\s/]*@/gi, '$1***@');
      lines.push(`  ${String(d.line).padStart(4)} | ${shown}`);
      lines.push(
        `       | ${' '.repeat(col - 1)}${paint(opts.color, sevColor, '^'.repeat(Math.min(width, Math.max(1, shown.length - col + 1))))}`,
      );
    }
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

export function formatDiagnostics(ds: readonly Diagnostic[], opts: FormatOptions): string {
  if (ds.length === 0) return '';
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of ds) counts[d.severity]++;
  const summary = `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`;
  return ds.map((d) => formatDiagnostic(d, opts)).join('\n') + `\n${summary}\n`;
}
