import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Document,
  type Node,
} from 'yaml';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { rangeAt } from './locate.js';
import { fail, MAX_ALIASES, startParse } from './parse-spec.js';
import type { SpecNode } from './spec-tree.js';
import type { SpecDocument } from './types.js';

/** The tree of a `yaml` node: what rangeAt reads of it, nothing else. */
export function treeFromYaml(node: unknown): SpecNode | undefined {
  const range = rangeOf(node);
  if (isMap(node)) {
    return {
      kind: 'map',
      range: range ?? [0, 0],
      entries: node.items.filter(isPair).map((p) => ({
        key: isScalar(p.key) ? String(p.key.value) : undefined,
        keyRange: rangeOf(p.key),
        value: treeFromYaml(p.value),
      })),
    };
  }
  if (isSeq(node))
    return { kind: 'seq', range: range ?? [0, 0], items: node.items.map((i) => treeFromYaml(i)) };
  if (isScalar(node) || isAlias(node)) return range ? { kind: 'leaf', range } : undefined;
  return undefined;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as Node | undefined | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** parseSpec without awaiting: for callers that cannot wait (tests of rules), `yaml` loaded with this module. */
export function parseSpecSync(bytes: Uint8Array | string, file: string): StageResult<SpecDocument> {
  const started = startParse(bytes, file);
  return 'needsYaml' in started
    ? parseWithYaml(started.needsYaml.text, file, started.needsYaml.isJson)
    : started;
}

/**
 * A spec the fast reader declined, parsed with `yaml` (YAML 1.2 core, unique keys, strict), which also words
 * every syntax error; its Document becomes the same node tree the fast reader builds.
 */
export function parseWithYaml(
  text: string,
  file: string,
  isJson: boolean,
): StageResult<SpecDocument> {
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
