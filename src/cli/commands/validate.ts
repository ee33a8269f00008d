import { exitCodeFor } from '../../diagnostics/diagnostic.js';
import { pushAll } from '../../util/arrays.js';
import { sanitizeText } from '../../diagnostics/sanitize.js';
import type { CliIO } from '../io.js';
import { loadSpec } from '../load-spec.js';
import { reportDiagnostics, type DiagnosticFormat } from '../output.js';
import { readPlaybooks } from '../playbooks.js';

export interface ValidateOptions {
  format: DiagnosticFormat;
}

/**
 * `migplan validate SPEC`: schema and semantic checks, no cluster access. The files the spec embeds
 * (hook playbooks) are checked the way compile reads them, so a spec validate accepts compiles.
 */
export async function validateCommand(
  path: string,
  opts: ValidateOptions,
  io: CliIO,
): Promise<number> {
  const loaded = await loadSpec(path, io);
  const diagnostics = [...loaded.diagnostics];
  if (loaded.spec?.kind === 'Migration')
    pushAll(diagnostics, (await readPlaybooks(loaded.spec, loaded)).diagnostics);
  reportDiagnostics(diagnostics, io, opts.format, loaded.source);
  const code = exitCodeFor(diagnostics);
  if (code === 0 && opts.format === 'text')
    io.stderr(`${path === '-' ? '<stdin>' : sanitizeText(path)}: valid\n`);
  return code;
}
