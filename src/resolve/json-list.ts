/**
 * A JSON List (`oc get -o json`: `{"apiVersion": "v1", "items": [...], "kind": "List", ...}`) split into its
 * envelope and the text of each item, so each item can be parsed, read and dropped in turn. Parsing the whole
 * file at once keeps every object of it alive while facts are extracted, and the collector copies that tree
 * again and again (issue 14: most of a large compile's GC time).
 */
export interface JsonListSplit {
  /** The file's text with the items array emptied (`"items": []`): the List's own fields. */
  envelope: string;
  /** Each item's text, as [start, end) offsets into the file's text. */
  items: [number, number][];
}

/**
 * Splits a top-level JSON object with one `items` array, or says undefined when the text is anything else (an
 * array, no items, `items` twice or not an array, a key with escapes, a structure it cannot follow): the caller
 * then parses the text whole. Only the structure is followed here; the envelope and every item are parsed with
 * JSON.parse afterwards, which rejects what this scan lets through, so a text that JSON.parse refuses never
 * yields facts: each piece sits in a value position of the whole, so the whole parses exactly when every piece
 * does, and to the same values.
 */
export function splitJsonList(text: string): JsonListSplit | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(text, i + 1);
  let found: { start: number; end: number; items: [number, number][] } | undefined;
  if (text.charCodeAt(i) === CLOSE_BRACE) return undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return undefined;
    const key = text.slice(i + 1, keyEnd - 1);
    // A key spelled with escapes might read as "items": not followed, the whole text is parsed instead.
    if (key.includes('\\')) return undefined;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1);
    if (key === 'items') {
      // JSON.parse keeps the last of repeated keys; not followed either.
      if (found || text.charCodeAt(i) !== OPEN_BRACKET) return undefined;
      const start = i;
      const items: [number, number][] = [];
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) !== CLOSE_BRACKET) {
        for (;;) {
          const end = skipValue(text, i);
          if (end < 0) return undefined;
          items.push([i, end]);
          i = skipSpace(text, end);
          const c = text.charCodeAt(i);
          if (c === CLOSE_BRACKET) break;
          if (c !== COMMA) return undefined;
          i = skipSpace(text, i + 1);
        }
      }
      found = { start, end: i + 1, items };
      i = i + 1;
    } else {
      i = skipValue(text, i);
      if (i < 0) return undefined;
    }
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  if (skipSpace(text, i + 1) !== text.length || !found) return undefined;
  return {
    envelope: `${text.slice(0, found.start)}[]${text.slice(found.end)}`,
    items: found.items,
  };
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
/** A whole string (escapes included) or a bracket; an unterminated string matches no further. */
const TOKEN = /"(?:[^"\\]|\\[^])*"|[{}[\]]/g;

/** Past JSON whitespace (space, tab, line feed, carriage return). */
function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Past the string starting at `i` (a quote), or -1 when it does not end. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; ;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    // The quote is escaped when an odd number of backslashes precede it.
    let k = q - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/**
 * Past one value starting at `i`: a string, an object or array (brackets matched outside strings), or a bare
 * word (number, true, false, null) up to the next delimiter. -1 when it does not end or starts with a delimiter.
 */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    // One native search per token, strings (skipped whole) or brackets, allocating nothing (test, not exec):
    // several times faster than a loop over every character. A match ending in a quote is a string.
    TOKEN.lastIndex = i;
    while (TOKEN.test(text)) {
      const j = TOKEN.lastIndex - 1;
      const d = text.charCodeAt(j);
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d !== QUOTE && --depth === 0) return j + 1;
    }
    return -1;
  }
  let j = i;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === COLON) break;
    if (d === 32 || d === 10 || d === 13 || d === 9 || d === QUOTE) break;
    if (d === OPEN_BRACE || d === OPEN_BRACKET) break;
  }
  return j === i ? -1 : j;
}
