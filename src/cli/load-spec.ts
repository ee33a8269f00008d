import { dirname, resolve } from 'node:path';
import { diag, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_SPEC_BYTES, parseSpec } from '../parse/parse-spec.js';
import type { SpecDocument } from '../parse/types.js';
import type { Spec } from '../spec/spec.js';
import { validate } from '../validate/validate.js';
import { readSpecBytes, type CliIO } from './io.js';

export interface LoadedSpec {
  spec?: Spec;
  doc?: SpecDocument;
  /** The spec text, for code frames even when parsing failed. */
  source?: { file: string; text: string };
  /** Directory relative paths in the spec resolve against (cwd for stdin). */
  baseDir: string;
  /** The spec came from stdin, so baseDir is the working directory (messages say so). */
  fromStdin?: boolean;
  diagnostics: Diagnostic[];
}

/** Reads, parses and validates a spec path (or `-` for stdin). */
export async function loadSpec(path: string, io: CliIO): Promise<LoadedSpec> {
  const display = path === '-' ? '<stdin>' : path;
  const baseDir = path === '-' ? io.cwd : dirname(resolve(io.cwd, path));
  const result = await loadSpecAt(path, display, baseDir, io);
  if (path === '-') result.fromStdin = true;
  return result;
}

async function loadSpecAt(
  path: string,
  display: string,
  baseDir: string,
  io: CliIO,
): Promise<LoadedSpec> {
  let bytes: Uint8Array;
  if (path === '-') {
    bytes = await io.readStdin();
  } else {
    const read = await readSpecBytes(resolve(io.cwd, path), MAX_SPEC_BYTES);
    if (!read.ok) {
      if (read.tooLarge !== undefined) {
        const mib = (read.tooLarge / 1048576).toFixed(1);
        return {
          baseDir,
          diagnostics: [
            diag('MP1008', `spec is ${mib} MiB; the limit is ${MAX_SPEC_BYTES / 1048576} MiB`, {
              file: display,
              line: 1,
              col: 1,
            }),
          ],
        };
      }
      return { baseDir, diagnostics: [diag('MP1010', read.message)] };
    }
    bytes = read.bytes;
  }
  const parsed = parseSpec(bytes, display);
  if (!parsed.value) {
    const text = Buffer.from(bytes).toString('utf8');
    return { baseDir, diagnostics: parsed.diagnostics, source: { file: display, text } };
  }
  const validated = validate(parsed.value);
  const source = { file: display, text: parsed.value.text };
  const result: LoadedSpec = {
    baseDir,
    doc: parsed.value,
    source,
    diagnostics: [...parsed.diagnostics, ...validated.diagnostics],
  };
  if (validated.value && !hasErrors(result.diagnostics)) result.spec = validated.value;
  return result;
}
