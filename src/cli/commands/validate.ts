import { exitCodeFor } from '../../diagnostics/diagnostic.js';
import type { CliIO } from '../io.js';
import { loadSpec } from '../load-spec.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';

export interface ValidateOptions {
  format: DiagnosticFormat;
}

/** `migplan validate SPEC`: schema and semantic checks, no cluster access. */
export async function validateCommand(
  path: string,
  opts: ValidateOptions,
  io: CliIO,
): Promise<number> {
  const loaded = await loadSpec(path, io);
  reportDiagnostics(loaded.diagnostics, io, opts.format, loaded.source);
  const code = exitCodeFor(loaded.diagnostics);
  if (code === 0 && opts.format === 'text')
    io.stderr(`${path === '-' ? '<stdin>' : path}: valid\n`);
  return code;
}
