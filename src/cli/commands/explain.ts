import schema from '../../../schemas/migration.schema.json' with { type: 'json' };
import { exitCodeFor } from '../../diagnostics/diagnostic.js';
import { explain } from '../../docs/explain.js';
import type { CliIO } from '../io.js';
import { reportDiagnostics } from '../output.js';

/** `migplan explain [PATH] [--recursive]`: a field of the spec, described from the schema. */
export async function explainCommand(
  path: string,
  opts: { recursive?: boolean },
  io: CliIO,
): Promise<number> {
  const result = explain(schema, path, {
    kind: 'Migration',
    ...(opts.recursive ? { recursive: true } : {}),
  });
  if (result.value === undefined) {
    await reportDiagnostics(result.diagnostics, io, { format: 'text' });
    return exitCodeFor(result.diagnostics) || 2;
  }
  io.stdout(result.value);
  return 0;
}
