import jsYaml from 'js-yaml';

/**
 * A fast reader for the block YAML that `oc get -o yaml` (go-yaml) and js-yaml's dump write: block mappings and
 * sequences (indented or not), plain, quoted and literal scalars, `{}`/`[]` and one-line JSON flow values,
 * comments and `---` separators. Anything else (anchors, tags, other flow collections, folded scalars, tabs in
 * indentation, odd indentation, ...) throws OutsideSubset and the caller parses the text with js-yaml instead.
 * Where it returns, it returns exactly what js-yaml's `loadAll` with CORE_SCHEMA and `json: true` returns (a
 * differential property test holds it to that); it is about twice as fast on large Lists, and snapshot parsing
 * is most of a large compile.
 */
export class OutsideSubset extends Error {}

// js-yaml's own null/bool/int/float types, in CORE_SCHEMA's order (js-yaml lib/schema/json.js: implicit
// [null, bool, int, float]; core.js adds none), so plain scalars resolve exactly as it does. `types` is js-yaml's
// public export "in case user wants to create custom schema"; @types/js-yaml does not declare it.
const { types } = jsYaml as unknown as {
  types: Record<'null' | 'bool' | 'int' | 'float', jsYaml.Type>;
};
const implicitTypes: readonly jsYaml.Type[] = [types.null, types.bool, types.int, types.float];

// js-yaml's own test for scalar text (quoted scalars only refuse C0 controls); run only on scalars that hold a
// character outside printable ASCII, which kubectl output rarely has.
const NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

const CACHE_LIMIT = 1 << 16;
// js-yaml refuses nesting beyond 100 nodes (its maxDepth); anything near that is declined to let it say so.
const MAX_DEPTH = 64;

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Every document in `text`; throws OutsideSubset when the text needs the full parser. */
export function loadAllBulk(text: string): unknown[] {
  return bulkReader(text).documents();
}

/**
 * loadAllBulk, except that the items of a top-level mapping's `items` block sequence (a List's, as `oc get -o
 * yaml` writes it) go to `each` one at a time, as soon as each is read, and that mapping holds `items: []`.
 * A List of 20,000 Pods is then never in memory at once: each item can be read and dropped (issue 14: the
 * collector copied the whole parsed file again and again while facts were taken from it). Items already given
 * to `each` stay given when the text turns out to be outside the subset further on (OutsideSubset); a second
 * top-level `items` key is outside it here.
 */
export function loadAllBulkStreamingItems(text: string, each: (item: unknown) => void): unknown[] {
  return bulkReader(text, each).documents();
}

/**
 * The `kind` and `apiVersion` of a one-document YAML file whose document is a List (its kind ends in `List`),
 * read from their own lines at the document's top level, without reading the rest; undefined otherwise, or when
 * the text is JSON, holds a document separator, or those lines are outside the subset. go-yaml writes a List's
 * keys sorted, so `kind` comes after the items: a reader that needs it for each item takes it from here first,
 * and checks it against the document once that is read (a line can only look like a top-level key).
 */
export function yamlListHead(text: string): { kind: string; apiVersion: unknown } | undefined {
  if (/^\s*[{[]/.test(text) || text.includes('\n---')) return undefined;
  const kind = topLevelValue(text, 'kind');
  if (typeof kind !== 'string' || !kind.endsWith('List')) return undefined;
  return { kind, apiVersion: topLevelValue(text, 'apiVersion') };
}

/** The value on the first line that starts with `key:`, read as a one-key document; undefined when none. */
function topLevelValue(text: string, key: string): unknown {
  const prefix = `${key}:`;
  const at = text.startsWith(prefix) ? 0 : text.indexOf(`\n${prefix}`) + 1;
  if (at === 0 && !text.startsWith(prefix)) return undefined;
  const end = text.indexOf('\n', at);
  try {
    const [doc] = loadAllBulk(text.slice(at, end < 0 ? text.length : end));
    return (doc as Record<string, unknown>)[key];
  } catch {
    return undefined; // outside the subset: the caller reads the file whole
  }
}

function bulkReader(text: string, each?: (item: unknown) => void): BulkReader {
  // NUL, carriage returns and a byte-order mark are js-yaml's to handle.
  if (text.indexOf('\0') >= 0 || text.indexOf('\r') >= 0 || text.charCodeAt(0) === 0xfeff)
    throw new OutsideSubset('character outside the subset');
  return new BulkReader(text, each);
}

/** Thrown when aliases would expand a document by more collections than the caller allows. */
export class TooManyAliases extends Error {
  constructor(
    readonly limit: number,
    /** 1-based line of the first alias, when one could be found in the text. */
    readonly line: number | undefined,
  ) {
    super(`aliases expand to more than ${limit} extra collections`);
  }
}

export interface LoadOptions {
  /**
   * Refuse documents whose aliases, expanded, add more than this many collections. js-yaml shares one object per
   * anchor, so parsing a "billion laughs" bomb is quick but every later walk of the result (and every write of
   * it) is exponential. Counting a repeat reference is not enough (50 doublings are 100 aliases and 2^50
   * nodes), so the expanded size is computed over the shared graph, each collection once.
   */
  maxAliasExpansion?: number;
}

/**
 * js-yaml's `loadAll` (CORE schema, `json: true`), by the fastest route that gives the same result: JSON.parse
 * for a JSON document (`oc get -o json` output is YAML too), this module's reader for block YAML, and js-yaml
 * itself for anything those decline. Throws js-yaml's error (with its mark) when the text is not YAML, and
 * TooManyAliases past `maxAliasExpansion` (only js-yaml reads anchors, so only its result is measured).
 */
export function loadAllYaml(text: string, opts: LoadOptions = {}): unknown[] {
  if (/^\s*[{[]/.test(text)) {
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      // Not JSON after all (YAML flow style, or malformed): the YAML readers decide.
    }
  }
  try {
    return loadAllBulk(text);
  } catch {
    // Outside the subset (OutsideSubset), malformed, or nested too deep for this reader: js-yaml decides, and
    // locates any error.
  }
  // CORE_SCHEMA: no timestamp or binary types, so dates stay strings as the API serves them.
  const docs = jsYaml.loadAll(text, null, { schema: jsYaml.CORE_SCHEMA, json: true });
  const limit = opts.maxAliasExpansion;
  if (limit !== undefined && text.includes('*') && aliasExpansion(docs) > limit)
    throw new TooManyAliases(limit, firstAliasLine(text));
  return docs;
}

/**
 * How many more collections the value has with its shared (aliased) ones expanded than without: the tree size
 * minus the number of distinct collections, computed bottom-up over the shared graph with an explicit stack
 * (js-yaml anchors cannot refer to themselves, so the graph has no cycles). A bomb's size is a large float
 * (or Infinity), never a walk of the expansion.
 */
function aliasExpansion(root: unknown): number {
  const size = new Map<object, number>();
  const stack: [object, boolean][] = [];
  const children = (v: object): object[] =>
    (Array.isArray(v) ? (v as unknown[]) : Object.values(v)).filter(
      (c): c is object => c !== null && typeof c === 'object',
    );
  if (root !== null && typeof root === 'object') stack.push([root, false]);
  while (stack.length > 0) {
    const [v, childrenDone] = stack.pop() as [object, boolean];
    if (size.has(v)) continue;
    if (!childrenDone) {
      stack.push([v, true]);
      for (const c of children(v)) if (!size.has(c)) stack.push([c, false]);
      continue;
    }
    let total = 1;
    for (const c of children(v)) total += size.get(c) ?? 1;
    size.set(v, total);
  }
  const expanded = root !== null && typeof root === 'object' ? (size.get(root) ?? 0) : 0;
  return expanded - size.size;
}

/** The line of the first `*alias` token, roughly (a `*` after a space, `[`, `{`, `,` or `-`). */
function firstAliasLine(text: string): number | undefined {
  const m = /(^|[\s[{,-])\*[^\s,[\]{}]+/m.exec(text);
  if (!m) return undefined;
  const at = m.index + (m[1] ?? '').length;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A plain scalar's first character decides whether it can be anything but a string (null, bool, number). */
function mayBeTyped(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    c === 45 || // -
    c === 43 || // +
    c === 46 || // .
    c === 126 || // ~
    c === 110 || // n
    c === 78 || // N
    c === 116 || // t
    c === 84 || // T
    c === 102 || // f
    c === 70 // F
  );
}

function resolvePlain(s: string): unknown {
  if (!mayBeTyped(s.charCodeAt(0))) return s;
  for (const type of implicitTypes) if (type.resolve(s)) return type.construct(s);
  return s;
}

/** Indicators that cannot start a plain scalar (`-`, `?` and `:` only when followed by a space). */
function isIndicator(c: number): boolean {
  return (
    c === 44 || // ,
    c === 91 || // [
    c === 93 || // ]
    c === 123 || // {
    c === 125 || // }
    c === HASH ||
    c === 38 || // &
    c === 42 || // *
    c === 33 || // !
    c === 124 || // |
    c === 62 || // >
    c === 39 || // '
    c === 34 || // "
    c === 37 || // %
    c === 64 || // @
    c === 96 // `
  );
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** What was read from a piece of text, found by the text's hash and confirmed against the text itself. */
class TextCache<V> {
  private readonly entries = new Map<number, { raw: string; value: V }>();

  /** The value read from `text.slice(start, end)` before, if it is cached (values are never undefined). */
  get(text: string, hash: number, start: number, end: number): V | undefined {
    const e = this.entries.get(hash);
    return e !== undefined && e.raw.length === end - start && text.startsWith(e.raw, start)
      ? e.value
      : undefined;
  }

  set(hash: number, raw: string, value: V): void {
    // Bounded: a snapshot of unique values (UIDs, names) should not grow a second copy of itself.
    if (this.entries.size < CACHE_LIMIT) this.entries.set(hash, { raw, value });
  }
}

/**
 * A cursor over lines. `ind` is the column of `cs`: for a physical line, its indentation; after `- ` it is
 * moved onto the item's content, so compact nested nodes (`- key: v`) parse like nodes on their own line.
 */
class BulkReader {
  private readonly t: string;
  private readonly n: number;
  private ls = 0; // line start
  private le = 0; // line end (index of \n, or n)
  private cs = 0; // content start
  private ind = 0; // column of cs
  private eof = false;
  private docStart = false; // the current line is `---`
  private sawComment = false; // skipToContent passed a comment line
  private suspect = false; // the last scanned key or plain line holds a character outside printable ASCII
  private depth = 0; // collections open around the current node
  private keyHash = 0; // hash of the plain key keyColon last found
  private valueHash = 0; // hash of the text plainLine last returned
  // Values repeat too (kinds, phases, namespaces, class names); the resolved value is kept with its text.
  private readonly values = new TextCache<unknown>();
  // Keys repeat (a List of 20,000 Pods has a few dozen distinct keys): reusing one internalized string per key
  // spares a slice and V8's string-table lookup on every property store.
  private readonly keys = new TextCache<string>();

  private outside(why: string): never {
    let line = 1;
    for (let i = this.t.indexOf('\n'); i >= 0 && i < this.ls; i = this.t.indexOf('\n', i + 1))
      line++;
    throw new OutsideSubset(`${why} (line ${line})`);
  }

  private topItemsRead = false; // the top-level mapping's `items` went to `each`

  constructor(
    text: string,
    /** Takes the items of a top-level mapping's `items` block sequence instead of that sequence. */
    private readonly each?: (item: unknown) => void,
  ) {
    this.t = text;
    this.n = text.length;
  }

  documents(): unknown[] {
    const docs: unknown[] = [];
    this.setLine(0);
    this.skipToContent();
    if (this.eof) this.outside('no document');
    for (let first = true; ; first = false) {
      if (this.docStart) {
        this.nextContent();
        if (this.eof || this.docStart) this.outside('empty document');
      } else if (!first) this.outside('content after the document');
      docs.push(this.node(-1));
      if (this.eof) return docs;
    }
  }

  private setLine(start: number): void {
    if (start >= this.n) {
      this.eof = true;
      this.ls = this.le = this.cs = this.n;
      this.ind = 0;
      return;
    }
    const t = this.t;
    let le = t.indexOf('\n', start);
    if (le < 0) le = this.n;
    let cs = start;
    while (cs < le && t.charCodeAt(cs) === SPACE) cs++;
    this.ls = start;
    this.le = le;
    this.cs = cs;
    this.ind = cs - start;
  }

  /** From the current line, skips blank and comment lines; flags `---` and refuses other markers. */
  private skipToContent(): void {
    const t = this.t;
    this.docStart = false;
    this.sawComment = false;
    while (!this.eof) {
      const cs = this.cs;
      if (cs === this.le) {
        this.setLine(this.le + 1);
        continue;
      }
      const c = t.charCodeAt(cs);
      if (c === HASH) {
        this.sawComment = true;
        this.setLine(this.le + 1);
        continue;
      }
      if (c === TAB) this.outside('tab in indentation');
      if (this.ind === 0 && (c === DASH || c === 46) && this.isMarker(cs)) {
        if (c === DASH && this.le === cs + 3) this.docStart = true;
        else this.outside('document marker');
      }
      return;
    }
  }

  /** `---` or `...` at `at`, whatever follows (js-yaml reads even `---a` as a marker). */
  private isMarker(at: number): boolean {
    const t = this.t;
    const c = t.charCodeAt(at);
    return (c === DASH || c === 46) && t.charCodeAt(at + 1) === c && t.charCodeAt(at + 2) === c;
  }

  private nextContent(): void {
    this.setLine(this.le + 1);
    this.skipToContent();
  }

  /** After an empty value; comments there make js-yaml's choice of parent depend on its quirks, so decline. */
  private nextEmptyValueLine(p: number): void {
    if (p < this.le) this.outside('comment after an empty value');
    this.nextContent();
    if (this.sawComment) this.outside('comment after an empty value');
  }

  private endsNode(): boolean {
    return this.eof || this.docStart;
  }

  /** A node whose first line is the current one; it must be indented more than `parent`. */
  private node(parent: number): unknown {
    if (this.atItem()) return this.sequence(this.ind);
    const colon = this.keyColon();
    if (colon >= 0) return this.mapping(this.ind, colon);
    // Snapshots hold objects and Lists; js-yaml's indentation rules for top-level scalars are its own.
    if (parent < 0) this.outside('scalar document');
    return this.inlineValue(this.cs, parent);
  }

  private skipSpaces(p: number): number {
    while (p < this.le && this.t.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** The current line is a sequence item: `-` then a space or the line end. */
  private atItem(): boolean {
    return this.t.charCodeAt(this.cs) === DASH && this.isSeparated(this.cs + 1);
  }

  /** `-`, `?` or `:` at `p` followed by a space or the line end: an indicator, not the start of a scalar. */
  private separatedIndicatorAt(p: number): boolean {
    const c = this.t.charCodeAt(p);
    return (c === DASH || c === 63 || c === COLON) && this.isSeparated(p + 1);
  }

  /** Whether position `at` is a space, a line end or the end of text. */
  private isSeparated(at: number): boolean {
    if (at >= this.le) return true;
    const c = this.t.charCodeAt(at);
    return c === SPACE;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.outside('nesting too deep');
  }

  /** A block sequence; with `each`, its items go there and the array returned stays empty. */
  private sequence(indent: number, each?: (item: unknown) => void): unknown[] {
    const t = this.t;
    const items: unknown[] = [];
    this.enter();
    for (;;) {
      const p = this.skipSpaces(this.cs + 1);
      if (p < this.le && t.charCodeAt(p) === TAB) this.outside('tab after an item indicator');
      let item: unknown = null;
      if (p === this.le || t.charCodeAt(p) === HASH) {
        this.nextEmptyValueLine(p);
        if (!this.endsNode() && this.ind > indent) item = this.node(indent);
        else if (!this.endsNode() && this.ind < indent) this.outside('empty item before a dedent'); // js-yaml moves the next `- ` into this sequence
      } else {
        this.ind += p - this.cs;
        this.cs = p;
        item = this.node(indent);
      }
      if (each) each(item);
      else items.push(item);
      if (this.endsNode() || this.ind < indent) break;
      if (this.ind > indent) this.outside('bad indentation in a sequence');
      if (!this.atItem()) break;
    }
    this.depth--;
    return items;
  }

  private mapping(indent: number, firstColon: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.enter();
    for (let colon = firstColon; ; colon = this.keyColon()) {
      if (colon < 0) this.outside('expected a mapping key');
      const key = this.key(colon);
      // depth 1: the document's own mapping, where a List keeps its items.
      const streamed = key === 'items' && this.depth === 1 ? this.each : undefined;
      if (streamed && this.topItemsRead) this.outside('items twice'); // js-yaml keeps the last
      out[key] = this.valueAfter(colon + 1, indent, streamed);
      if (this.endsNode() || this.ind < indent) break;
      if (this.ind > indent) this.outside('bad indentation in a mapping');
    }
    this.depth--;
    return out;
  }

  /** The position of the `:` ending a key on the current line, or -1 when the line holds no key. */
  private keyColon(): number {
    const t = this.t;
    const le = this.le;
    let p = this.cs;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) {
      const closed = this.quotedEndOnLine(p);
      if (closed < 0) return -1;
      p = this.skipSpaces(closed);
      return t.charCodeAt(p) === COLON && this.isSeparated(p + 1) ? p : -1;
    }
    if (isIndicator(c) || this.separatedIndicatorAt(p)) return -1;
    this.suspect = false;
    let h = 0;
    for (; p < le; p++) {
      const ch = t.charCodeAt(p);
      if (ch === COLON) {
        if (this.isSeparated(p + 1)) {
          this.keyHash = h;
          return p;
        }
      } else if (ch === HASH) {
        const before = t.charCodeAt(p - 1);
        if (before === SPACE || before === TAB) return -1;
      } else if (ch < 32 || ch > 126) this.suspect = true;
      h = (Math.imul(h, 31) + ch) | 0;
    }
    return -1;
  }

  /** After a quoted scalar opening at `open` on this line: the index past its closing quote, or -1. */
  private quotedEndOnLine(open: number): number {
    const t = this.t;
    const q = t.charCodeAt(open);
    for (let p = open + 1; p < this.le; p++) {
      const ch = t.charCodeAt(p);
      if (q === 34 && ch === 92) p++;
      else if (ch === q) {
        if (q === 39 && t.charCodeAt(p + 1) === 39) p++;
        else return p + 1;
      }
    }
    return -1;
  }

  private key(colon: number): string {
    const t = this.t;
    const c = t.charCodeAt(this.cs);
    if (c === 34 || c === 39) {
      const key = this.quoted(this.cs, -1, true);
      // A quoted `<<` is never a merge key; `__proto__` is js-yaml's to define as an own property.
      if (key === '__proto__') this.outside('special key');
      return key;
    }
    const cached = this.keys.get(t, this.keyHash, this.cs, colon);
    if (cached !== undefined) return cached;
    let end = colon;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    if (end - this.cs > 1024) this.outside('long key');
    const raw = t.slice(this.cs, end);
    if (raw.indexOf('\t') >= 0) this.outside('tab in a key');
    if (this.suspect && NON_PRINTABLE.test(raw)) this.outside('non-printable character');
    const key = String(resolvePlain(raw));
    if (key === '__proto__' || key === '<<') this.outside('special key'); // `<<` may be a merge key
    // Object.keys returns the internalized copy of the key.
    const internal = Object.keys({ [key]: 0 })[0] ?? key;
    this.keys.set(this.keyHash, t.slice(this.cs, colon), internal);
    return internal;
  }

  /**
   * The value after a key's `:` at `p`; leaves the cursor on the next content line. With `each`, the items of a
   * block sequence go there (see sequence).
   */
  private valueAfter(p: number, indent: number, each?: (item: unknown) => void): unknown {
    const t = this.t;
    p = this.skipSpaces(p);
    if (p < this.le && t.charCodeAt(p) === TAB) this.outside('tab after a key');
    if (p === this.le || t.charCodeAt(p) === HASH) {
      this.nextEmptyValueLine(p);
      if (this.endsNode()) return null;
      const nested = this.ind > indent;
      if ((nested || this.ind === indent) && this.atItem()) {
        if (each) this.topItemsRead = true;
        return this.sequence(this.ind, each);
      }
      if (nested) return this.node(indent);
      return null;
    }
    return this.inlineValue(p, indent);
  }

  /** A scalar or empty collection starting at `p` on the current line, inside a node indented by `parent`. */
  private inlineValue(p: number, parent: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === 34 || c === 39) return this.quoted(p, parent, false);
    if (c === 124) return this.literal(p, parent);
    if (c === 123 || c === 91) return this.flow(p, c === 123 ? 125 : 93);
    if (isIndicator(c) || this.separatedIndicatorAt(p)) this.outside('indicator');
    return this.plain(p, parent);
  }

  /**
   * `{}`, `[]`, or a flow collection that is one line of JSON (what JSON writers and our templates' `json` helper
   * write): JSON is YAML, and JSON.parse reads it exactly as js-yaml does, only faster. Anything else declines.
   */
  private flow(p: number, close: number): unknown {
    const t = this.t;
    let value: unknown;
    if (t.charCodeAt(p + 1) === close) {
      this.restOfLineEmpty(p + 2);
      value = close === 125 ? {} : [];
    } else {
      let end = this.le;
      while (t.charCodeAt(end - 1) === SPACE) end--;
      if (t.charCodeAt(end - 1) !== close) this.outside('flow collection');
      let brackets = 0; // at least its nesting depth
      for (let i = p; i < end; i++) {
        const ch = t.charCodeAt(i);
        if (ch === 123 || ch === 91) brackets++;
      }
      if (this.depth + brackets > MAX_DEPTH) this.outside('nesting too deep');
      try {
        value = JSON.parse(t.slice(p, end));
      } catch {
        this.outside('flow collection that is not JSON');
      }
    }
    this.nextContent();
    return value;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private restOfLineEmpty(p: number): void {
    const end = this.skipSpaces(p);
    if (end === this.le) return;
    if (this.t.charCodeAt(end) === HASH && end > p) return;
    this.outside('content after a value');
  }

  /** One line of a plain scalar from `p`: [end of text, trimmed]; refuses `: ` and tabs. */
  private plainLine(p: number): number {
    const t = this.t;
    const le = this.le;
    let end = p;
    let h = 0;
    let hashToEnd = 0;
    for (let i = p; i < le; i++) {
      const ch = t.charCodeAt(i);
      h = (Math.imul(h, 31) + ch) | 0;
      if (ch === SPACE) continue;
      if (ch === HASH) {
        if (t.charCodeAt(i - 1) === SPACE) break;
      } else if (ch === COLON) {
        if (this.isSeparated(i + 1)) this.outside('": " in a plain scalar');
      } else if (ch === TAB) this.outside('tab in a plain scalar');
      else if (ch < 32 || ch > 126) this.suspect = true;
      end = i + 1;
      hashToEnd = h;
    }
    this.valueHash = hashToEnd;
    return end;
  }

  private plain(p: number, parent: number): unknown {
    const t = this.t;
    this.suspect = false;
    const end = this.plainLine(p);
    const hash = this.valueHash;
    let text: string | undefined; // set once a continuation line joins the first
    // A comment ends the scalar; otherwise more-indented lines continue it, folded.
    let commented = false;
    for (let i = end; i < this.le; i++) {
      if (t.charCodeAt(i) === HASH) {
        commented = true;
        break;
      }
    }
    this.setLine(this.le + 1);
    if (!commented) {
      let blanks = 0;
      while (!this.eof) {
        if (this.cs === this.le) {
          blanks++;
          this.setLine(this.le + 1);
          continue;
        }
        if (this.ind <= parent) break;
        const c = t.charCodeAt(this.cs);
        if (c === HASH) break;
        // Indicators may start a continuation line (only the first line is restricted), but not a tab.
        if (c === TAB || parent < 0) this.outside('continuation line');
        const lineEnd = this.plainLine(this.cs);
        if (lineEnd < this.le) this.outside('comment in a continuation');
        text =
          (text ?? t.slice(p, end)) +
          (blanks > 0 ? '\n'.repeat(blanks) : ' ') +
          t.slice(this.cs, lineEnd);
        blanks = 0;
        this.setLine(this.le + 1);
      }
    }
    this.skipToContent();
    if (text !== undefined) {
      if (this.suspect && NON_PRINTABLE.test(text)) this.outside('non-printable character');
      return resolvePlain(text);
    }
    const cached = this.values.get(t, hash, p, end);
    if (cached !== undefined) return cached;
    const raw = t.slice(p, end);
    if (this.suspect && NON_PRINTABLE.test(raw)) this.outside('non-printable character');
    const value = resolvePlain(raw);
    this.values.set(hash, raw, value);
    return value;
  }

  /**
   * A single- or double-quoted scalar opening at `p`. As a key it must close on its line; as a value it may fold
   * over lines indented more than `parent`, and only spaces or a comment may follow it.
   */
  private quoted(p: number, parent: number, asKey: boolean): string {
    const t = this.t;
    const double = t.charCodeAt(p) === 34;
    let out = '';
    let i = p + 1;
    let seg = i;
    for (;;) {
      if (i >= this.le) {
        if (asKey || i >= this.n) this.outside('unterminated quoted scalar');
        let raw = t.slice(seg, i);
        let trim = raw.length;
        while (trim > 0 && (raw.charCodeAt(trim - 1) === SPACE || raw.charCodeAt(trim - 1) === TAB))
          trim--;
        raw = raw.slice(0, trim);
        out += raw;
        let blanks = 0;
        this.setLine(this.le + 1);
        for (;;) {
          if (this.eof) this.outside('unterminated quoted scalar');
          let q = this.cs;
          while (q < this.le && (t.charCodeAt(q) === TAB || t.charCodeAt(q) === SPACE)) q++;
          if (q === this.le) {
            blanks++;
            this.setLine(this.le + 1);
            continue;
          }
          if (this.ind <= parent || parent < 0) this.outside('quoted continuation indentation');
          i = seg = q;
          break;
        }
        out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
        continue;
      }
      const ch = t.charCodeAt(i);
      if (ch < 32 && ch !== TAB) this.outside('control character in a quoted scalar');
      if (double) {
        if (ch === 34) break;
        if (ch === 92) {
          out += t.slice(seg, i);
          const e = t[i + 1];
          if (e === undefined || i + 1 >= this.le) this.outside('escaped line break');
          const simple = SIMPLE_ESCAPES[e];
          if (simple !== undefined) {
            out += simple;
            i += 2;
          } else {
            const len = HEX_ESCAPE_LENGTH[e];
            if (len === undefined) this.outside('unknown escape');
            const hex = t.slice(i + 2, i + 2 + len);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.outside('bad hex escape');
            const code = parseInt(hex, 16);
            if (code > 0x10ffff) this.outside('bad code point');
            out += String.fromCodePoint(code);
            i += 2 + len;
          }
          seg = i;
          continue;
        }
      } else if (ch === 39) {
        if (t.charCodeAt(i + 1) === 39) {
          out += t.slice(seg, i + 1);
          i += 2;
          seg = i;
          continue;
        }
        break;
      }
      i++;
    }
    out += t.slice(seg, i);
    if (!asKey) {
      this.restOfLineEmpty(i + 1);
      this.nextContent();
    }
    return out;
  }

  /** A literal block scalar (`|`, `|-`, `|+`) whose header is at `p`. */
  private literal(p: number, parent: number): string {
    const t = this.t;
    let chomp = 0; // 0 clip, -1 strip, 1 keep
    let h = p + 1;
    const m = t.charCodeAt(h);
    if (m === DASH) {
      chomp = -1;
      h++;
    } else if (m === 43) {
      chomp = 1;
      h++;
    }
    if (this.skipSpaces(h) !== this.le) this.outside('block scalar header');
    this.setLine(this.le + 1);
    // Leading blank lines, then the first content line fixes the indentation.
    let blanks = 0;
    let widestBlank = 0;
    while (!this.eof && this.cs === this.le) {
      blanks++;
      widestBlank = Math.max(widestBlank, this.ind);
      this.setLine(this.le + 1);
    }
    const indent = this.ind;
    if (this.eof || indent <= parent || indent === 0 || widestBlank > indent)
      this.outside('block scalar indentation');
    if (t.charCodeAt(this.cs) === TAB) this.outside('tab in a block scalar');
    let body = '\n'.repeat(blanks);
    blanks = 0;
    let first = true;
    while (!this.eof) {
      if (this.cs === this.le) {
        if (this.ind > indent) this.outside('spaces on a blank line in a block scalar');
        blanks++;
        this.setLine(this.le + 1);
        continue;
      }
      if (this.ind < indent) break;
      body += (first ? '' : '\n') + '\n'.repeat(blanks) + t.slice(this.ls + indent, this.le);
      first = false;
      blanks = 0;
      this.setLine(this.le + 1);
    }
    if (this.ind > parent && !this.eof && this.cs !== this.le) {
      // A line less indented than the block but more than its parent.
      this.outside('block scalar dedent');
    }
    if (NON_PRINTABLE.test(body)) this.outside('non-printable character');
    this.skipToContent();
    if (chomp === -1) return body;
    if (chomp === 0) return body + '\n';
    return body + '\n' + '\n'.repeat(blanks);
  }
}
