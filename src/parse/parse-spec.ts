import { isAlias, isScalar, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { SpecDocument } from './types.js';
import { rangeAt } from './locate.js';
import { parseBlockYaml } from './fast-yaml.js';
import { LineIndex, treeFromYaml } from './spec-tree.js';

/** Specs are small; anything bigger is the wrong file or an attack. */
export const MAX_SPEC_BYTES = 5 * 1024 * 1024;
/** More alias references than any hand-written spec needs; refusing more stops "billion laughs" expansion. */
export const MAX_ALIASES = 100;

/** Parses spec bytes (YAML or JSON) keeping source positions. Never throws for bad input. */
export function parseSpec(bytes: Uint8Array | string, file: string): StageResult<SpecDocument> {
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
  const lineCounter = new LineCounter();
  if (isJson) {
    // YAML accepts JSON with trailing commas or comments; a .json spec must be strict JSON.
    const jsonError = strictJsonError(text, file);
    if (jsonError) return fail(jsonError);
  }
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  if (!Array.isArray(docs)) {
    // yaml returns an EmptyStream for input with no documents at all.
    return fail(diag('MP1004', 'spec is empty', { file, line: 1, col: 1 }));
  }
  const first = docs[0];
  if (first === undefined) return fail(diag('MP1004', 'spec is empty', { file, line: 1, col: 1 }));

  const diagnostics: Diagnostic[] = [];
  for (const doc of docs) {
    for (const err of doc.errors)
      diagnostics.push(syntaxDiagnostic(err, doc, text, file, lineCounter, isJson));
  }
  if (diagnostics.length > 0) return { diagnostics };
  if (docs.length > 1) {
    const second = docs[1] as Document.Parsed;
    const pos = lineCounter.linePos(second.range[0]);
    return fail(
      diag('MP1006', `found ${docs.length} documents; a spec file holds one Migration`, {
        file,
        line: pos.line,
        col: pos.col,
      }),
    );
  }

  const aliasDiag = checkAliases(first, file, lineCounter);
  if (aliasDiag) return fail(aliasDiag);

  if (first.contents === null)
    return fail(diag('MP1004', 'spec is empty', { file, line: 1, col: 1 }));
  let value: unknown;
  try {
    value = first.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const at = firstAliasPosition(first, lineCounter);
    return fail(
      diag('MP1007', `alias expansion refused: ${(err as Error).message}`, { file, ...at }),
    );
  }
  const tree = treeFromYaml(first.contents);
  const spec: SpecDocument = { file, text, tree, lineCounter, value };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    const at = rangeAt(spec, []);
    return fail(
      diag(
        'MP1005',
        `spec is ${what}; expected a mapping with apiVersion, kind, metadata and spec`,
        { file, ...at },
      ),
    );
  }
  return { value: spec, diagnostics: [] };
}

function fail(d: Diagnostic): StageResult<SpecDocument> {
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

interface YamlErrorLike {
  code: string;
  message: string;
  pos: [number, number];
}

function syntaxDiagnostic(
  err: YamlErrorLike,
  doc: Document.Parsed,
  text: string,
  file: string,
  lc: LineCounter,
  isJson: boolean,
): Diagnostic {
  let range: [number, number] = err.pos;
  let message = err.message.split('\n')[0] ?? err.message;
  if (err.code === 'DUPLICATE_KEY') {
    // yaml points at the key's first character only; the key node gives the whole key.
    const key = keyAt(doc, err.pos[0]);
    if (key?.range) range = [key.range[0], key.range[1]];
    const name = key
      ? isScalar(key)
        ? String(key.value)
        : text.slice(range[0], range[1])
      : undefined;
    message = name !== undefined ? `duplicate key ${JSON.stringify(name)}` : 'duplicate key';
  }
  const start = lc.linePos(range[0]);
  const end = lc.linePos(range[1]);
  const code =
    err.code === 'DUPLICATE_KEY' ? 'MP1002' : err.code === 'TAB_AS_INDENT' ? 'MP1003' : 'MP1001';
  const prefix = code === 'MP1001' ? (isJson ? 'JSON syntax error: ' : 'YAML syntax error: ') : '';
  const d = diag(code, prefix + message, { file, line: start.line, col: start.col });
  d.endLine = end.line;
  d.endCol = end.col;
  return d;
}

/** The mapping key that starts at `offset`, if any. */
function keyAt(
  doc: Document.Parsed,
  offset: number,
): { range?: [number, number, number] | null; value?: unknown } | undefined {
  let found: { range?: [number, number, number] | null } | undefined;
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key as { range?: [number, number, number] | null } | null;
      if (key?.range?.[0] === offset) {
        found = key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function checkAliases(doc: Document.Parsed, file: string, lc: LineCounter): Diagnostic | undefined {
  let count = 0;
  let found: Diagnostic | undefined;
  visit(doc, {
    Alias(_key, node) {
      count++;
      if (count > MAX_ALIASES && isAlias(node)) {
        const pos = lc.linePos(node.range?.[0] ?? 0);
        found = diag(
          'MP1007',
          `more than ${MAX_ALIASES} alias references; refusing to expand them`,
          {
            file,
            line: pos.line,
            col: pos.col,
          },
        );
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function strictJsonError(text: string, file: string): Diagnostic | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    const m = /position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const col = (before[before.length - 1]?.length ?? 0) + 1;
    return diag(
      'MP1001',
      `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '')}`,
      { file, line, col },
    );
  }
}

function firstAliasPosition(doc: Document.Parsed, lc: LineCounter): { line: number; col: number } {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return lc.linePos(offset);
}
