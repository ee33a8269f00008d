import { exitCodeFor } from '../../diagnostics/diagnostic.js';
import { pushAll } from '../../util/arrays.js';
import { sanitizeText } from '../../diagnostics/sanitize.js';
import type { CliIO } from '../io.js';
import { loadSpec } from '../load-spec.js';
import { reportDiagnostics, strictExit, type DiagnosticFlags } from '../output.js';
import { readPlaybooks } from '../playbooks.js';

export type ValidateOptions = DiagnosticFlags;

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
  if (loaded.spec) pushAll(diagnostics, (await readPlaybooks(loaded.spec, loaded)).diagnostics);
  const written = await reportDiagnostics(
    diagnostics,
    io,
    opts,
    loaded.source,
    'stdout',
    path === '-' ? undefined : path,
  );
  const code = Math.max(
    exitCodeFor(diagnostics),
    strictExit(diagnostics, opts),
    exitCodeFor(written),
  );
  if (code === 0 && opts.format === 'text' && opts.diagnosticsFile === undefined)
    io.stderr(`${path === '-' ? '<stdin>' : sanitizeText(path)}: valid\n`);
  return code;
}
