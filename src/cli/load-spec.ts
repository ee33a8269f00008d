import { dirname, resolve } from 'node:path';
import { diag, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_SPEC_BYTES, parseSpec } from '../parse/parse-spec.js';
import type { SpecDocument } from '../parse/types.js';
import type { Spec } from '../spec/spec.js';
import { validateDocument } from '../validate/validate.js';
import type { TypedSpec } from '../spec/kinds.js';
import { describeErrno } from '../io/read-bounded.js';
import { readSpecBytes, type CliIO } from './io.js';

export interface LoadedSpec {
  /** The validated Migration; undefined for other kinds (see typed). */
  spec?: Spec;
  /** The validated spec of any kind, tagged with its kind. */
  typed?: TypedSpec;
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
  const tooLarge = (size?: number): LoadedSpec => {
    const limit = `${MAX_SPEC_BYTES / 1048576} MiB`;
    const message =
      size === undefined
        ? `spec is larger than ${limit}; stopped reading there`
        : `spec is ${(size / 1048576).toFixed(1)} MiB; the limit is ${limit}`;
    return {
      baseDir,
      diagnostics: [
        diag('MP1008', message, {
          file: display,
          line: 1,
          col: 1,
        }),
      ],
    };
  };
  if (path === '-') {
    try {
      bytes = await io.readStdin(MAX_SPEC_BYTES);
    } catch (err) {
      // An errno (stdin redirected from a directory, a closed descriptor) is an I/O problem; anything else is a bug.
      if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
      return {
        baseDir,
        diagnostics: [diag('MP1010', `cannot read <stdin>: ${describeErrno(err).words}`)],
      };
    }
    if (bytes.byteLength > MAX_SPEC_BYTES) return tooLarge();
  } else {
    const read = readSpecBytes(resolve(io.cwd, path), MAX_SPEC_BYTES, display);
    if (!read.ok) {
      if (read.tooLarge) return tooLarge(read.tooLarge.size);
      return {
        baseDir,
        diagnostics: [diag(read.notRegular ? 'MP1013' : 'MP1010', read.message)],
      };
    }
    bytes = read.bytes;
  }
  const parsed = await parseSpec(bytes, display);
  if (!parsed.value) {
    const text = Buffer.from(bytes).toString('utf8');
    return { baseDir, diagnostics: parsed.diagnostics, source: { file: display, text } };
  }
  const validated = await validateDocument(parsed.value);
  const source = { file: display, text: parsed.value.text };
  const result: LoadedSpec = {
    baseDir,
    doc: parsed.value,
    source,
    diagnostics: [...parsed.diagnostics, ...validated.diagnostics],
  };
  if (validated.value && !hasErrors(result.diagnostics)) {
    result.typed = validated.value;
    if (validated.value.kind === 'Migration') result.spec = validated.value.spec;
  }
  return result;
}
