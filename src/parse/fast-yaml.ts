import type { SpecEntry, SpecNode } from './spec-tree.js';

/**
 * A reader for the block YAML specs are written in: block mappings and sequences (a sequence may sit at its
 * key's indentation), `- key: value` items, one-line plain, single- and double-quoted scalars, `{}` and `[]`,
 * comments, a leading `---`. It returns exactly the value and the source tree `yaml` (YAML 1.2, core schema,
 * unique keys, strict) gives for the same text, or undefined for anything else: anchors, aliases, tags, block
 * and multi-line scalars, flow collections with content, empty values, duplicate or non-string keys, tabs,
 * numbers other than plain decimals, several documents, anything `yaml` might reject. Then the caller parses
 * the text with `yaml`, which also words every error. A differential property test holds the two to the same
 * result; `yaml`'s cold parse is most of a large spec's load time (issue 14: ~100 ms for 24 KB).
 */
export function parseBlockYaml(text: string): { value: unknown; tree: SpecNode } | undefined {
  // Characters whose handling differs in detail (tabs, carriage returns, a byte-order mark, controls, the
  // characters YAML does not allow unescaped) are `yaml`'s to handle.
  if (OUTSIDE_CHARS.test(text)) return undefined;
  try {
    return new BlockReader(text).document();
  } catch (err) {
    if (err instanceof Outside) return undefined;
    throw err;
  }
}

class Outside extends Error {}

// eslint-disable-next-line no-control-regex
const OUTSIDE_CHARS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Characters that cannot start a plain scalar (c-indicator), but `-`, `?`, `:` followed by a non-space. */
const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`']);

/** Where a plain scalar in a flow sequence ends (or turns into something this reader leaves to yaml). */
const FLOW_STOP = new Set([...',[]{}']);

/** yaml's core schema (yaml dist/schema/core, common/null.js): the resolutions of a plain scalar. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
/** Resolutions this reader leaves to yaml: octal and hexadecimal integers, infinities and NaN. */
const OTHER_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

function resolvePlain(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT.test(s)) {
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new Outside();
    return n;
  }
  if (FLOAT.test(s) || FLOAT_EXP.test(s)) return parseFloat(s);
  if (OTHER_NUMBER.test(s)) throw new Outside();
  return s;
}

interface Line {
  start: number;
  /** Offset of the line's end (its newline, or the end of the text). */
  end: number;
  indent: number;
  /** Blank or only a comment. */
  empty: boolean;
}

interface Built {
  node: SpecNode;
  value: unknown;
  /** `yaml`'s range[2]: where the node ends with what trails it. */
  nodeEnd: number;
}

/** Collections nested deeper than this are left to yaml. */
const MAX_DEPTH = 64;

/** Most characters of a key yaml accepts in strict mode (implicit keys of at most 1024 characters). */
const MAX_KEY = 1024;

class BlockReader {
  private readonly lines: Line[] = [];
  private li = 0;
  /** Collections open: a spec nests a handful; deeper nesting is yaml's (and never our stack's) to handle. */
  private depth = 0;

  constructor(private readonly text: string) {
    for (let start = 0; start <= text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      const empty = i === end || text.charCodeAt(i) === 35; // '#'
      this.lines.push({ start, end, indent: i - start, empty });
      start = end + 1;
    }
  }

  document(): { value: unknown; tree: SpecNode } {
    this.skipEmpty();
    const first = this.lines[this.li];
    if (!first) throw new Outside();
    const head = this.text.slice(first.start + first.indent, first.end);
    if (head.startsWith('%')) throw new Outside();
    if (head.startsWith('---')) {
      // A document start marker alone (or with a comment) on its line.
      if (first.indent !== 0 || !/^---(?: +#.*| *)$/.test(head)) throw new Outside();
      this.li++;
      this.skipEmpty();
    }
    const line = this.lines[this.li];
    if (!line) throw new Outside();
    const root = this.block(line.indent);
    this.skipEmpty();
    // A document end marker, another document, or a line the block did not take: yaml's to judge.
    if (this.li < this.lines.length) throw new Outside();
    if (root.node.kind !== 'map') throw new Outside();
    return { value: root.value, tree: root.node };
  }

  private skipEmpty(): void {
    while (this.li < this.lines.length && (this.lines[this.li] as Line).empty) this.li++;
  }

  /**
   * A collection's range[2] in yaml: where the next content starts when a comment as deep as the
   * collection's `indent` comes before it (the comments, blank lines and indentation up to it are then the
   * collection's), else the end of its value. Comments that end the document are left to yaml.
   */
  private collectionEnd(valueEnd: number, indent: number): number {
    // The blank and comment lines between the end of the collection's value (its last value may have taken
    // deeper comments already) and the current line.
    let k = this.li;
    while (
      k > 0 &&
      (this.lines[k - 1] as Line).empty &&
      (this.lines[k - 1] as Line).start >= valueEnd
    )
      k--;
    let deepComment = false;
    for (; k < this.lines.length; k++) {
      const l = this.lines[k] as Line;
      if (!l.empty) return deepComment ? l.start + l.indent : valueEnd;
      if (l.start + l.indent < l.end) {
        if (l.indent >= indent) deepComment = true;
      }
    }
    if (deepComment) throw new Outside();
    return valueEnd;
  }

  private at(offset: number): number {
    return this.text.charCodeAt(offset);
  }

  private isSeqItem(line: Line): boolean {
    const p = line.start + line.indent;
    return this.at(p) === 45 && (p + 1 === line.end || this.at(p + 1) === 32); // '-'
  }

  /** The block node whose first line is the current one, at `indent`. */
  private block(indent: number): Built {
    const line = this.lines[this.li] as Line;
    if (line.indent !== indent) throw new Outside();
    return this.isSeqItem(line) ? this.sequence(indent) : this.mapping(indent, line.start + indent);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new Outside();
  }

  /**
   * A block mapping whose keys sit at column `indent`; the first key starts at `firstKey` on the current line
   * (after `- ` for a mapping in a sequence item).
   */
  private mapping(indent: number, firstKey: number): Built {
    this.enter();
    const entries: SpecEntry[] = [];
    const value: Record<string, unknown> = {};
    let keyAt = firstKey;
    let lastEnd = 0;
    for (;;) {
      const line = this.lines[this.li] as Line;
      const key = this.key(keyAt, line.end);
      if (!key) throw new Outside();
      if (Object.prototype.hasOwnProperty.call(value, key.text)) throw new Outside();
      let built: Built;
      const rest = this.skipSpaces(key.end + 1, line.end);
      if (rest === line.end || this.at(rest) === 35) {
        // The value is on the lines below: deeper, or a sequence at the key's own indentation.
        this.li++;
        this.skipEmpty();
        const next = this.lines[this.li];
        if (!next) throw new Outside();
        if (next.indent > indent) built = this.block(next.indent);
        else if (next.indent === indent && this.isSeqItem(next)) built = this.sequence(indent);
        else throw new Outside(); // an empty value
      } else {
        built = this.inline(rest, line, indent);
        this.li++;
      }
      entries.push({ key: key.text, keyRange: [keyAt, key.end], value: built.node });
      // yaml's toJS (nodes/addPairToJSMap): an inherited name becomes an own property.
      if (key.text in value)
        Object.defineProperty(value, key.text, {
          value: built.value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      else value[key.text] = built.value;
      lastEnd = built.nodeEnd;
      this.skipEmpty();
      const next = this.lines[this.li];
      if (!next || next.indent < indent) break;
      if (next.indent > indent || this.isSeqItem(next)) throw new Outside();
      keyAt = next.start + indent;
    }
    this.depth--;
    return {
      node: { kind: 'map', range: [firstKey, lastEnd], entries },
      value,
      nodeEnd: this.collectionEnd(lastEnd, indent),
    };
  }

  /** A block sequence whose dashes sit at column `indent`, from the current line. */
  private sequence(indent: number): Built {
    this.enter();
    const items: SpecNode[] = [];
    const value: unknown[] = [];
    const first = (this.lines[this.li] as Line).start + indent;
    let lastEnd = 0;
    for (;;) {
      const line = this.lines[this.li] as Line;
      const dash = line.start + indent;
      const p = this.skipSpaces(dash + 1, line.end);
      let built: Built;
      if (p === line.end || this.at(p) === 35) {
        this.li++;
        this.skipEmpty();
        const next = this.lines[this.li];
        if (!next || next.indent <= indent) throw new Outside(); // an empty item
        built = this.block(next.indent);
      } else if (this.at(p) === 45 && (p + 1 === line.end || this.at(p + 1) === 32)) {
        throw new Outside(); // `- - x`
      } else if (this.key(p, line.end)) {
        built = this.mapping(p - line.start, p);
      } else {
        built = this.inline(p, line, indent);
        this.li++;
      }
      items.push(built.node);
      value.push(built.value);
      lastEnd = built.nodeEnd;
      this.skipEmpty();
      const next = this.lines[this.li];
      // A line at this indentation that is no item ends the sequence: the next key of the mapping that holds
      // it at the key's own indentation (its caller checks that is what it is).
      if (!next || next.indent < indent || (next.indent === indent && !this.isSeqItem(next))) break;
      if (next.indent > indent) throw new Outside();
    }
    this.depth--;
    return {
      node: { kind: 'seq', range: [first, lastEnd], items },
      value,
      nodeEnd: this.collectionEnd(lastEnd, indent),
    };
  }

  /**
   * The first `c` in [from, end), or -1. Searches stay within their line: a search of the whole text from
   * each line would make reading quadratic in the spec's size.
   */
  private find(c: number, from: number, end: number): number {
    for (let i = from; i < end; i++) if (this.at(i) === c) return i;
    return -1;
  }

  /** Where ` #` (a comment after content) starts in [from, end), or -1. */
  private commentAt(from: number, end: number): number {
    for (let i = from + 1; i < end; i++)
      if (this.at(i) === 35 && this.at(i - 1) === 32) return i - 1;
    return -1;
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.at(i) === 32) i++;
    return i;
  }

  /** An implicit key at `p` followed by `:` and a space or the line's end; undefined when there is none. */
  private key(p: number, end: number): { text: string; end: number } | undefined {
    const c = this.text[p];
    let text: string;
    let keyEnd: number;
    if (c === '"' || c === "'") {
      const q = this.quoted(p, end);
      if (!q) return undefined;
      text = q.value;
      keyEnd = q.end;
    } else {
      if (!this.plainStart(p, end)) return undefined;
      // The first `: ` or final `:`, before any comment.
      let i = p;
      for (;;) {
        i = this.find(58, i, end);
        if (i < 0) return undefined;
        const after = i + 1 === end ? 32 : this.at(i + 1);
        if (after === 32) break;
        i++;
      }
      if (this.commentAt(p, i) >= 0) return undefined;
      keyEnd = i;
      text = this.text.slice(p, keyEnd);
      // A space before the colon, or a key that resolves to something else than this string: yaml's.
      if (text.endsWith(' ') || resolvePlain(text) !== text) throw new Outside();
    }
    // A quoted scalar that is not followed by its colon is a value (or `"key" : x`, which the caller declines).
    if (this.at(keyEnd) !== 58) return undefined;
    if (keyEnd + 1 < end && this.at(keyEnd + 1) !== 32) throw new Outside();
    if (keyEnd - p > MAX_KEY || text === '<<' || text === '__proto__') throw new Outside();
    return { text, end: keyEnd };
  }

  private plainStart(p: number, end: number): boolean {
    const c = this.text[p] as string;
    if (INDICATORS.has(c)) return false;
    if (c === '-' || c === '?' || c === ':') return p + 1 < end && this.at(p + 1) !== 32;
    return true;
  }

  /** A quoted scalar on one line from `p`; undefined when it does not close there. */
  private quoted(p: number, end: number): { value: string; end: number } | undefined {
    if (this.at(p) === 34) {
      let j = p + 1;
      for (; j < end; j++) {
        const c = this.at(j);
        if (c === 92) j++;
        else if (c === 34) break;
      }
      if (j >= end) return undefined;
      let value: unknown;
      try {
        // The escapes JSON has mean the same in YAML; any other escape is yaml's to read.
        value = JSON.parse(this.text.slice(p, j + 1));
      } catch {
        throw new Outside();
      }
      return { value: value as string, end: j + 1 };
    }
    let j = p + 1;
    for (;;) {
      j = this.find(39, j, end);
      if (j < 0) return undefined;
      if (this.at(j + 1) === 39) j += 2;
      else break;
    }
    return { value: this.text.slice(p + 1, j).replace(/''/g, "'"), end: j + 1 };
  }

  /**
   * A scalar, `{}` or `[]` from `p` to the end of the line, which must be all of the value; `parentIndent` is
   * the column of its key or dash.
   */
  private inline(p: number, line: Line, parentIndent: number): Built {
    const c = this.text[p] as string;
    let valueEnd: number;
    let value: unknown;
    let node: SpecNode;
    if (c === '"' || c === "'") {
      const q = this.quoted(p, line.end);
      if (!q) throw new Outside(); // continues on the next line
      valueEnd = q.end;
      value = q.value;
      this.lineTail(valueEnd, line);
      node = { kind: 'leaf', range: [p, valueEnd] };
    } else if (c === '[' && this.text[p + 1] !== ']') {
      const flow = this.flowSequence(p, line);
      valueEnd = flow.end;
      value = flow.value;
      node = { kind: 'seq', range: [p, valueEnd], items: flow.items };
    } else if (c === '{' || c === '[') {
      if (this.text[p + 1] !== (c === '{' ? '}' : ']')) throw new Outside();
      valueEnd = p + 2;
      this.lineTail(valueEnd, line);
      value = c === '{' ? {} : [];
      node =
        c === '{'
          ? { kind: 'map', range: [p, valueEnd], entries: [] }
          : { kind: 'seq', range: [p, valueEnd], items: [] };
    } else {
      if (!this.plainStart(p, line.end)) throw new Outside();
      const hash = this.commentAt(p, line.end);
      let end = hash >= 0 ? hash : line.end;
      while (end > p && this.at(end - 1) === 32) end--;
      const s = this.text.slice(p, end);
      // `a: b: c` is a nested mapping yaml refuses in a compact value; a trailing `:` is a key.
      if (s.includes(': ') || s.endsWith(':')) throw new Outside();
      valueEnd = end;
      value = resolvePlain(s);
      node = { kind: 'leaf', range: [p, valueEnd] };
    }
    // Continuation lines (a multi-line scalar) are deeper than the value's key or dash: yaml's.
    const next = this.peekContent();
    if (next && next.indent > line.indent && !this.isContinuationFree(line, next))
      throw new Outside();
    return { node, value, nodeEnd: this.leafEnd(line, parentIndent) };
  }

  /**
   * yaml's range[2] of a one-line value: its line, and the comment lines after it that are deeper than its key
   * or dash (blank lines between them included), up to the first comment that is not.
   */
  private leafEnd(line: Line, parentIndent: number): number {
    let end = line.end;
    for (let k = this.li + 1; k < this.lines.length; k++) {
      const l = this.lines[k] as Line;
      if (!l.empty) break;
      if (l.start + l.indent === l.end) continue; // blank
      if (l.indent <= parentIndent) break;
      end = l.end;
    }
    return end < this.text.length ? end + 1 : end;
  }

  /**
   * A one-line flow sequence of scalars from `p` (its `[`): `[a, "b", 'c d', 1]`. Nested collections, pairs
   * (`a: b`), empty or trailing entries and comments inside it are yaml's.
   */
  private flowSequence(
    p: number,
    line: Line,
  ): { value: unknown[]; items: SpecNode[]; end: number } {
    const value: unknown[] = [];
    const items: SpecNode[] = [];
    let i = this.skipSpaces(p + 1, line.end);
    for (;;) {
      const c = this.text[i];
      let end: number;
      if (c === '"' || c === "'") {
        const q = this.quoted(i, line.end);
        if (!q) throw new Outside();
        value.push(q.value);
        end = q.end;
      } else {
        if (i >= line.end || !this.plainStart(i, line.end)) throw new Outside();
        // In a flow collection `-`, `?` and `:` start a plain scalar only before a character it may hold.
        if ('-?:'.includes(c as string) && FLOW_STOP.has(this.text[i + 1] as string))
          throw new Outside();
        let j = i;
        while (j < line.end && !FLOW_STOP.has(this.text[j] as string)) j++;
        end = j;
        while (end > i && this.at(end - 1) === 32) end--;
        const s = this.text.slice(i, end);
        if (s.includes(' #') || s.includes(': ') || s.endsWith(':')) throw new Outside();
        value.push(resolvePlain(s));
      }
      items.push({ kind: 'leaf', range: [i, end] });
      i = this.skipSpaces(end, line.end);
      if (this.text[i] === ']') break;
      if (this.text[i] !== ',') throw new Outside();
      i = this.skipSpaces(i + 1, line.end);
      if (this.text[i] === ']' || this.text[i] === ',') throw new Outside();
    }
    this.lineTail(i + 1, line);
    return { value, items, end: i + 1 };
  }

  /** After a quoted scalar or `{}`/`[]`: spaces, then nothing or a comment. */
  private lineTail(i: number, line: Line): void {
    const j = this.skipSpaces(i, line.end);
    if (j === line.end) return;
    if (this.at(j) === 35 && j > i) return;
    throw new Outside();
  }

  private peekContent(): Line | undefined {
    for (let k = this.li + 1; k < this.lines.length; k++) {
      const l = this.lines[k] as Line;
      if (!l.empty) return l;
    }
    return undefined;
  }

  /**
   * Whether a deeper line after a one-line value starts something else than its continuation: only a
   * sequence item's mapping continues on deeper lines (`- a: 1` then `  b: 2`), and the item's mapping reads
   * those itself; anything deeper after a value is a continuation (or an error) for yaml to read.
   */
  private isContinuationFree(line: Line, next: Line): boolean {
    const content = line.start + line.indent;
    // `- key: value` puts the mapping's keys at the key's column, deeper than the dash.
    if (!this.isSeqItem(line)) return false;
    const keyColumn = this.skipSpaces(content + 1, line.end) - line.start;
    return next.indent === keyColumn && this.key(keyColumn + line.start, line.end) !== undefined;
  }
}
