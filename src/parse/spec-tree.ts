import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/**
 * The shape of a parsed spec that diagnostics are located in: mappings, sequences and leaves, each with the
 * source range `yaml` gives its node (`range[0]`, `range[1]`: start and end of the value). Built from a `yaml`
 * Document, or directly by the block reader (fast-yaml.ts), which must give the same tree for the same text.
 */
export type SpecNode =
  | { kind: 'map'; range: [number, number]; entries: SpecEntry[] }
  | { kind: 'seq'; range: [number, number]; items: (SpecNode | undefined)[] }
  | { kind: 'leaf'; range: [number, number] };

export interface SpecEntry {
  /** The key as rangeAt matches it (String of a scalar key); undefined for a key that is a collection. */
  key: string | undefined;
  keyRange: [number, number] | undefined;
  value: SpecNode | undefined;
}

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

/** Line and column (1-based) of offsets in a text, as `yaml`'s LineCounter gives them. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  linePos(offset: number): { line: number; col: number } {
    let low = 0;
    let high = this.starts.length;
    // The last line starting at or before the offset.
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) <= offset) low = mid;
      else high = mid;
    }
    return { line: low + 1, col: offset - (this.starts[low] as number) + 1 };
  }
}
