import { lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  diag,
  exitCodeFor,
  sortDiagnostics,
  type Diagnostic,
  type Severity,
} from '../diagnostics/diagnostic.js';
import { toGithubCommands, toSarif } from '../diagnostics/ci-formats.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { sanitizeDiagnostic, sanitizeText } from '../diagnostics/sanitize.js';
import { describeErrno, fileTypeWords, readRegularFile } from '../io/read-bounded.js';
import { version } from '../version.js';
import { pushAll } from '../util/arrays.js';
import type { CliIO } from './io.js';

export type DiagnosticFormat = 'text' | 'json' | 'sarif' | 'github';
export const DIAGNOSTIC_FORMATS: readonly DiagnosticFormat[] = ['text', 'json', 'sarif', 'github'];

/** The diagnostic flags every command that reports findings shares. */
export interface DiagnosticFlags {
  format: DiagnosticFormat;
  /** --diagnostics-file: diagnostics go to this file (in --format), never into a results stream. */
  diagnosticsFile?: string;
  /** --min-severity: findings below it are not printed (they still count for the exit code). */
  minSeverity?: Severity;
  /** --strict: warnings fail the run (exit 1). */
  strict?: boolean;
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Whether to colour a stream: --no-color wins, then FORCE_COLOR (set and not 0/false: on), then NO_COLOR (set and
 * not empty: off, no-color.org), then whether the stream is a terminal. Node's own tty.getColorDepth gives
 * FORCE_COLOR the same precedence over NO_COLOR.
 */
export function useColor(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  if (io.noColor) return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (io.env['NO_COLOR']) return false;
  return stream === 'stdout' ? Boolean(io.stdoutIsTTY) : io.isTTY;
}

/** Exit code under --strict: warnings fail the run like errors of the plan would (1). */
export function strictExit(
  ds: readonly Diagnostic[],
  flags: Pick<DiagnosticFlags, 'strict'>,
): 0 | 1 {
  return flags.strict && ds.some((d) => d.severity === 'warning') ? 1 : 0;
}

/**
 * Prints diagnostics: text to stderr; json, sarif and github to `machineTo` (stdout for validate, stderr for
 * commands whose stdout carries results), or everything to --diagnostics-file. `source` gives the text of the
 * files code frames quote. Returns the findings of writing the file (refused, unwritable), already printed.
 */
export async function reportDiagnostics(
  ds: readonly Diagnostic[],
  io: CliIO,
  flags: DiagnosticFlags,
  source?: { file: string; text: string } | readonly { file: string; text: string }[],
  machineTo: 'stdout' | 'stderr' = 'stdout',
  /** Anchors location-less findings in SARIF (the spec file). */
  fallbackFile?: string,
): Promise<Diagnostic[]> {
  const min = rank[flags.minSeverity ?? 'info'];
  const sorted = sortDiagnostics(ds).filter((d) => rank[d.severity] >= min);
  const toFile = flags.diagnosticsFile !== undefined;
  const rendered = renderDiagnostics(sorted, flags.format, {
    color: !toFile && useColor(io, flags.format === 'text' ? 'stderr' : machineTo),
    source,
    ...(fallbackFile !== undefined ? { fallbackFile } : {}),
  });
  if (flags.diagnosticsFile !== undefined) {
    const failed = await writeDiagnosticsFile(io, flags.diagnosticsFile, rendered);
    if (failed.length) io.stderr(formatDiagnostics(failed, { color: useColor(io, 'stderr') }));
    return failed;
  }
  if (!rendered) return [];
  if (flags.format === 'text') io.stderr(rendered);
  else (machineTo === 'stdout' ? io.stdout : io.stderr)(rendered);
  return [];
}

/**
 * The findings of a compile run, collected in `all` and printed once, at the end or when it fails (the exit code of
 * a failure is at least 1). Findings of writing --diagnostics-file (refused, unwritable) exit 2 like other I/O
 * problems. Every kind's compile reports through it.
 */
export function compileReporter(
  all: Diagnostic[],
  io: CliIO,
  flags: DiagnosticFlags,
  source: Parameters<typeof reportDiagnostics>[3],
  path: string,
): { report: () => Promise<number>; fail: (ds?: Diagnostic[]) => Promise<number> } {
  const specFile = path === '-' ? undefined : path;
  const report = async () =>
    exitCodeFor(await reportDiagnostics(all, io, flags, source, 'stderr', specFile));
  const fail = async (ds: Diagnostic[] = []) => {
    pushAll(all, ds);
    const written = await report();
    return Math.max(exitCodeFor(all) || 1, written);
  };
  return { report, fail };
}

function renderDiagnostics(
  sorted: readonly Diagnostic[],
  format: DiagnosticFormat,
  opts: {
    color: boolean;
    source: Parameters<typeof reportDiagnostics>[3];
    fallbackFile?: string;
  },
): string {
  switch (format) {
    case 'json':
      // The same masking and escaping as the text format: JSON escapes C0 only, and a consumer may print
      // a message raw (jq -r).
      return JSON.stringify(sorted.map(sanitizeDiagnostic), null, 2) + '\n';
    case 'sarif':
      return (
        JSON.stringify(
          toSarif(sorted, {
            toolVersion: version,
            ...(opts.fallbackFile !== undefined ? { fallbackFile: opts.fallbackFile } : {}),
          }),
          null,
          2,
        ) + '\n'
      );
    case 'github':
      return toGithubCommands(sorted);
    case 'text': {
      const sources = new Map<string, string>();
      const given = opts.source;
      for (const s of given === undefined ? [] : 'file' in given ? [given] : given)
        sources.set(s.file, s.text);
      return formatDiagnostics(sorted, { color: opts.color, sources });
    }
  }
}

/** A diagnostics file from an earlier run is a few MiB at most; anything bigger is not ours. */
const MAX_OWNED_DIAGNOSTICS_BYTES = 64 * 1048576;

/**
 * Writes the diagnostics file with temp + rename, so a reader never sees half a SARIF log. An existing file is
 * replaced only when migplan wrote it (a SARIF log whose tool is migplan, a JSON list of MP diagnostics, workflow
 * commands, or text ending in the summary line): `--diagnostics-file` pointed at a source file by mistake must
 * not destroy it.
 */
async function writeDiagnosticsFile(
  io: CliIO,
  path: string,
  content: string,
): Promise<Diagnostic[]> {
  const file = resolve(io.cwd, path);
  const shown = sanitizeText(path);
  try {
    const existing = await lstat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (existing) {
      if (!existing.isFile())
        return [
          diag(
            'MP6030',
            `--diagnostics-file ${shown} is ${fileTypeWords(existing)}; migplan writes only regular files it wrote itself`,
          ),
        ];
      const read = readRegularFile(file, MAX_OWNED_DIAGNOSTICS_BYTES);
      if (!read.ok || !writtenByMigplan(read.bytes.toString('utf8')))
        return [
          diag(
            'MP6030',
            `--diagnostics-file ${shown} exists and is not a diagnostics file migplan wrote; it is left as it is`,
          ),
        ];
    }
    const tmp = join(dirname(file), `.${basename(file)}.migplan-tmp`);
    try {
      const handle = await open(tmp, 'w', 0o644);
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    return [];
  } catch (err) {
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    return [
      diag('MP6031', `cannot write --diagnostics-file ${shown}: ${describeErrno(err).words}`),
    ];
  }
}

const SUMMARY_LINE = /^\d+ error\(s\), \d+ warning\(s\), \d+ info$/;

/** Recognises every format reportDiagnostics writes, so a rerun may replace its own earlier file. */
export function writtenByMigplan(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return true;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return false;
    }
    if (Array.isArray(value))
      return value.every(
        (d) =>
          typeof d === 'object' &&
          d !== null &&
          /^MP\d{4}$/.test(String((d as { code?: unknown }).code)),
      );
    const runs = (value as { runs?: unknown }).runs;
    return (
      Array.isArray(runs) &&
      runs.length > 0 &&
      runs.every(
        (r) => (r as { tool?: { driver?: { name?: unknown } } })?.tool?.driver?.name === 'migplan',
      )
    );
  }
  const lines = trimmed.split('\n');
  if (lines.every((l) => /^::(error|warning|notice) [^\n]*::/.test(l))) return true;
  return SUMMARY_LINE.test(lines[lines.length - 1]!);
}
