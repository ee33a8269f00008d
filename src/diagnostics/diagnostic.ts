import { codes, type CodeInfo, type DiagnosticCode } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';
export type SpecPath = readonly (string | number)[];

/** The one diagnostic shape every stage reports. Positions are 1-based, like yaml's LinePos. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  hint?: string;
  /** Path in the spec, e.g. ['spec', 'plans', 0, 'namespaces', 2]. */
  path: SpecPath;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endCol?: number;
  related?: readonly { message: string; file?: string; line?: number; col?: number }[];
}

/** What every stage returns: a value (absent when the stage could not produce one) and its findings. */
export interface StageResult<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export interface DiagnosticInit {
  path?: SpecPath;
  hint?: string;
  severity?: Severity;
  file?: string;
  line?: number;
  col?: number;
}

/** Builds a diagnostic from the catalogue; the catalogue's hint and severity apply unless overridden. */
export function diag(code: DiagnosticCode, message: string, init: DiagnosticInit = {}): Diagnostic {
  const info: CodeInfo = codes[code];
  const d: Diagnostic = {
    code,
    severity: init.severity ?? info.severity,
    message,
    hint: init.hint ?? info.hint,
    path: init.path ?? [],
  };
  if (init.file !== undefined) d.file = init.file;
  if (init.line !== undefined) d.line = init.line;
  if (init.col !== undefined) d.col = init.col;
  return d;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean =>
  ds.some((d) => d.severity === 'error');

/** Exit code for a set of findings: 2 for usage/I-O/cluster errors, 1 for other errors, else 0. */
export function exitCodeFor(ds: readonly Diagnostic[]): 0 | 1 | 2 {
  const errors = ds.filter((d) => d.severity === 'error');
  if (errors.some((d) => (codes[d.code] as CodeInfo).exit === 2)) return 2;
  return errors.length > 0 ? 1 : 0;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts by file, position, code and message, and drops exact duplicates, so output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) =>
    [
      d.file ?? '',
      String(d.line ?? 0).padStart(8, '0'),
      String(d.col ?? 0).padStart(8, '0'),
      d.code,
      d.message,
    ].join('\u0000');
  const seen = new Set<string>();
  return [...ds]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return ka < kb ? -1 : 1;
      return severityRank[a.severity] - severityRank[b.severity];
    })
    .filter((d) => {
      const k = key(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** Renders a spec path the way users read it: spec.plans[0].namespaces[2]. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
