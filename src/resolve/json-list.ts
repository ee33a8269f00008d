/**
 * A JSON List (`oc get -o json`: `{"apiVersion": "v1", "items": [...], "kind": "List", ...}`) split into its
 * envelope and the bytes of each item, so each item can be decoded, parsed, read and dropped in turn. Parsing
 * the whole file at once keeps every object of it alive while facts are extracted, and the collector copies
 * that tree again and again; decoding the whole file into one string costs a copy of it and its page faults
 * (issue 14: most of a large compile's GC time, and a fifth of its peak memory). The split works on the UTF-8
 * bytes: every byte JSON's structure is made of is ASCII, and no byte of a multi-byte UTF-8 sequence is.
 */
export interface JsonListSplit {
  /** The file's text with the items array emptied (`"items": []`): the List's own fields. */
  envelope: string;
  /**
   * Each item's bytes as [start, end) offsets into the file's bytes, flat: item i is
   * [bounds[2i], bounds[2i + 1]), so a List of 20,000 pods allocates no pair per item.
   */
  bounds: number[];
  /** Some item ends were found from the indentation (see itemEnd), not by following the item's bytes. */
  guessed: boolean;
}

/**
 * Splits a top-level JSON object with one `items` array, or says undefined when the text is anything else (an
 * array, no items, `items` twice or not an array, a key with escapes, a structure it cannot follow): the caller
 * then parses the text whole. Only the structure is followed here; the envelope and every item are parsed with
 * JSON.parse afterwards, which rejects what this scan lets through, so a text that JSON.parse refuses never
 * yields facts: each piece sits in a value position of the whole, so the whole parses exactly when every piece
 * does, and to the same values. With `guess`, item ends may come from the indentation (itemEnd): then a piece
 * that does not parse may only mean a wrong guess, and `splitJsonList(bytes, false)` says which.
 */
export function splitJsonList(bytes: Uint8Array, guess = true): JsonListSplit | undefined {
  // A guess that leads the scan astray (a piece followed by neither `,` nor `]`) is not the last word.
  return (guess ? split(bytes, true) : undefined) ?? split(bytes, false);
}

function split(bytes: Uint8Array, guess: boolean): JsonListSplit | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let guessed = false;
  // After a search that found no closing line (it ran to the end of the file), every later item is followed
  // byte by byte: one such search per item would make the split quadratic. A guess that runs past its item
  // needs no such stop: the scan goes on from where that guess ended.
  let guessing = guess;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_BRACE) return undefined;
  i = skipSpace(bytes, i + 1);
  let found: { start: number; end: number; bounds: number[] } | undefined;
  if (bytes[i] === CLOSE_BRACE) return undefined;
  for (;;) {
    if (bytes[i] !== QUOTE) return undefined;
    const keyEnd = skipString(bytes, i);
    if (keyEnd < 0) return undefined;
    // A key spelled with escapes might read as "items": not followed, the whole text is parsed instead.
    if (bytes.subarray(i + 1, keyEnd - 1).includes(BACKSLASH)) return undefined;
    const isItems =
      keyEnd - i === ITEMS.length + 2 && ITEMS.every((b, k) => bytes[i + 1 + k] === b);
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== COLON) return undefined;
    i = skipSpace(bytes, i + 1);
    if (isItems) {
      // JSON.parse keeps the last of repeated keys; not followed either.
      if (found || bytes[i] !== OPEN_BRACKET) return undefined;
      const start = i;
      const bounds: number[] = [];
      i = skipSpace(bytes, i + 1);
      if (bytes[i] !== CLOSE_BRACKET) {
        for (;;) {
          const guessedEnd = guessing ? itemEnd(view, i) : NOT_GUESSED;
          if (guessedEnd === SEARCH_FAILED) guessing = false;
          else if (guessedEnd >= 0) guessed = true;
          const end = guessedEnd >= 0 ? guessedEnd : skipValue(bytes, i);
          if (end < 0) return undefined;
          bounds.push(i, end);
          i = skipSpace(bytes, end);
          const c = bytes[i];
          if (c === CLOSE_BRACKET) break;
          if (c !== COMMA) return undefined;
          i = skipSpace(bytes, i + 1);
        }
      }
      found = { start, end: i + 1, bounds };
      i = i + 1;
    } else {
      i = skipValue(bytes, i);
      if (i < 0) return undefined;
    }
    i = skipSpace(bytes, i);
    const c = bytes[i];
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) return undefined;
    i = skipSpace(bytes, i + 1);
  }
  if (skipSpace(bytes, i + 1) !== bytes.length || !found) return undefined;
  return {
    envelope: `${utf8(bytes, 0, found.start)}[]${utf8(bytes, found.end, bytes.length)}`,
    bounds: found.bounds,
    guessed,
  };
}

const MAX_GUESSED_INDENT = 32;

/**
 * Where the object starting at `i` ends, when it opens a line of pretty-printed JSON (`oc get -o json`,
 * JSON.stringify with an indent) and its members start on the next: past the first later line that holds only
 * the same indentation and `}`, found by jumping from `}` to `}` (a native byte search) instead of walking every
 * byte of the item, which costs twice as much. NOT_GUESSED when the item does not open a line indented with
 * spaces; SEARCH_FAILED when no such line follows.
 *
 * A guess, never trusted: a line starts outside any string (JSON strings hold no raw line feed), so where the
 * indentation misleads (a file re-indented by hand), the piece is a proper prefix of the object, or runs past
 * its end into the next one: never one JSON value, so JSON.parse refuses it, and the caller splits again with
 * guess = false. When every piece parses, the pieces and the commas between them make a valid array in the
 * items' place, and the whole text parses to the envelope with those items, as for an exact split.
 */
function itemEnd(view: Buffer, i: number): number {
  // A printer that indents puts a line break after the brace of an object with members (`{}` stays whole).
  if (view[i] !== OPEN_BRACE || (view[i + 1] !== LINE_FEED && view[i + 1] !== CARRIAGE_RETURN))
    return NOT_GUESSED;
  let column = 0;
  while (view[i - column - 1] === SPACE) column++;
  if (view[i - column - 1] !== LINE_FEED || column > MAX_GUESSED_INDENT) return NOT_GUESSED;
  // From brace to brace (memchr), each checked for a line of its own at the opening column.
  for (let at = view.indexOf(CLOSE_BRACE, i + 1); at >= 0; at = view.indexOf(CLOSE_BRACE, at + 1)) {
    if (view[at - column - 1] !== LINE_FEED) continue;
    let k = 1;
    while (k <= column && view[at - k] === SPACE) k++;
    if (k > column) return at + 1;
  }
  return SEARCH_FAILED;
}

/** itemEnd: the item does not open a line of pretty-printed JSON. */
const NOT_GUESSED = -1;
/** itemEnd: no closing line after the item's start. */
const SEARCH_FAILED = -2;

const utf8 = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');

const ITEMS = [...Buffer.from('items')];
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const SPACE = 32;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

const PLAIN = 0;
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
/** What each byte is to skipValue's bracket matching. */
const ROLE = new Uint8Array(256);
ROLE[QUOTE] = STRING;
ROLE[OPEN_BRACE] = ROLE[OPEN_BRACKET] = OPEN;
ROLE[CLOSE_BRACE] = ROLE[CLOSE_BRACKET] = CLOSE;

/** Past JSON whitespace (space, tab, line feed, carriage return). */
function skipSpace(bytes: Uint8Array, i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Past the string starting at `i` (a quote), or -1 when it does not end. */
function skipString(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  for (let j = i + 1; j < n; j++) {
    const c = bytes[j];
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  return -1;
}

/**
 * Past one value starting at `i`: a string, an object or array (brackets matched outside strings), or a bare
 * word (number, true, false, null) up to the next delimiter. -1 when it does not end or starts with a delimiter.
 */
function skipValue(bytes: Uint8Array, i: number): number {
  const c = bytes[i];
  if (c === QUOTE) return skipString(bytes, i);
  const n = bytes.length;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    // One pass over the bytes, strings skipped whole, allocating nothing; a table lookup sends the bytes that
    // are not structure (most of them) round the tightest loop.
    let depth = 0;
    let j = i;
    while (j < n) {
      const role = ROLE[bytes[j] as number];
      if (role === PLAIN) {
        j++;
        continue;
      }
      if (role === STRING) {
        j = skipString(bytes, j);
        if (j < 0) return -1;
        continue;
      }
      if (role === OPEN) depth++;
      else if (--depth === 0) return j + 1;
      j++;
    }
    return -1;
  }
  let j = i;
  for (; j < n; j++) {
    const d = bytes[j];
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === COLON) break;
    if (d === 32 || d === 10 || d === 13 || d === 9 || d === QUOTE) break;
    if (d === OPEN_BRACE || d === OPEN_BRACKET) break;
  }
  return j === i ? -1 : j;
}
