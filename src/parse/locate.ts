import type { SpecNode } from './spec-tree.js';
import type { SourceRange, SpecDocument } from './types.js';

/**
 * Finds the source range of the node at `path`. With `key: true` it points at the mapping key of the
 * last segment (for unknown fields). A path that does not exist resolves to its nearest existing ancestor.
 */
export function rangeAt(
  spec: SpecDocument,
  path: readonly (string | number)[],
  opts: { key?: boolean } = {},
): SourceRange {
  let node: SpecNode | undefined = spec.tree;
  let best: [number, number] | undefined = node?.range;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const isLast = i === path.length - 1;
    if (node?.kind === 'map') {
      const entry = node.entries.find((e) => e.key === String(seg));
      if (!entry) break;
      if (isLast && opts.key) {
        best = entry.keyRange ?? best;
        break;
      }
      node = entry.value;
      best = node?.range ?? entry.keyRange ?? best;
    } else if (node?.kind === 'seq' && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) break;
      best = node.range;
    } else break;
  }
  const [start, end] = best ?? [0, 0];
  const a = spec.lineCounter.linePos(start);
  const b = spec.lineCounter.linePos(Math.max(start, end));
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

/** Parses a JSON pointer (ajv instancePath) into path segments, numbers for array indexes. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** The text of one source line, for code frames. */
export function sourceLine(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  return lines[line - 1];
}
