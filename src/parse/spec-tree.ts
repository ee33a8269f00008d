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
