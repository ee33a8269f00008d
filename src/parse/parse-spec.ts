import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { SpecDocument } from './types.js';
import { parseBlockYaml } from './fast-yaml.js';
import { LineIndex } from './spec-tree.js';

/** Specs are small; anything bigger is the wrong file or an attack. */
export const MAX_SPEC_BYTES = 5 * 1024 * 1024;
/** More alias references than any hand-written spec needs; refusing more stops "billion laughs" expansion. */
export const MAX_ALIASES = 100;

/**
 * Parses spec bytes (YAML or JSON) keeping source positions. Never throws for bad input. `yaml` is loaded only
 * for a spec the fast reader declines: validating a block-YAML spec never loads it (issue 14, start-up).
 */
export async function parseSpec(
  bytes: Uint8Array | string,
  file: string,
): Promise<StageResult<SpecDocument>> {
  const started = startParse(bytes, file);
  if (!('needsYaml' in started)) return started;
  const { parseWithYaml } = await import('./parse-spec-yaml.js');
  return parseWithYaml(started.needsYaml.text, file, started.needsYaml.isJson);
}

/**
 * What every spec gets before a parser: the size and encoding checks, then the fast reader. The result, or
 * the text `yaml` must parse.
 */
export function startParse(
  bytes: Uint8Array | string,
  file: string,
): StageResult<SpecDocument> | { needsYaml: { text: string; isJson: boolean } } {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > MAX_SPEC_BYTES) {
    return fail(
      diag(
        'MP1008',
        `spec is ${(size / 1048576).toFixed(1)} MiB; the limit is ${MAX_SPEC_BYTES / 1048576} MiB`,
        {
          file,
          line: 1,
          col: 1,
        },
      ),
    );
  }
  const text = typeof bytes === 'string' ? bytes : decodeText(bytes);
  if (text === undefined || text.includes('\u0000')) {
    const at = firstBinaryPosition(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    return fail(diag('MP1009', 'spec contains binary data, not UTF-8 text', { file, ...at }));
  }
  const isJson = file.toLowerCase().endsWith('.json');
  // The common block-YAML spec is read by the fast reader, which gives what yaml gives or declines.
  const fast = isJson ? undefined : parseBlockYaml(text);
  if (fast)
    return {
      value: { file, text, tree: fast.tree, lineCounter: new LineIndex(text), value: fast.value },
      diagnostics: [],
    };
  return { needsYaml: { text, isJson } };
}

export function fail(d: Diagnostic): StageResult<SpecDocument> {
  return { diagnostics: [d] };
}

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function firstBinaryPosition(bytes: Uint8Array): { line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0 || b >= 0x80 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) {
      // A valid multi-byte UTF-8 sequence is text; only stop at bytes that cannot start or continue one.
      if (b >= 0x80 && decodeText(bytes.subarray(i, Math.min(bytes.length, i + 4))) !== undefined) {
        col++;
        continue;
      }
      return { line, col };
    }
    if (b === 0x0a) {
      line++;
      col = 1;
    } else col++;
  }
  return { line, col };
}
