/**
 * Where and why a text is not JSON, found by a small validating scanner rather than from JSON.parse's message:
 * V8's message quotes the text around the error ("Unexpected token 's', ..."token": sha256~abc"...") and, for
 * that form, gives no position at all. The reason here is generic and never holds input. Run only after
 * JSON.parse has failed; linear, with an explicit stack (any nesting depth is safe).
 */
export function jsonSyntaxError(text: string): { offset: number; reason: string } {
  const n = text.length;
  const ARRAY = 0;
  const OBJECT = 1;
  const stack: number[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const isDigit = (c: number) => c >= 48 && c <= 57;
  /** Scans a string starting at its opening quote; returns a reason on failure, with `i` at the problem. */
  const scanString = (): string | undefined => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c < 0x20) return 'control character in a string';
      if (c === 92) {
        const e = text[i + 1];
        if (e === undefined) break;
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'invalid \\u escape';
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) return 'invalid escape in a string';
        i += 2;
        continue;
      }
      i++;
    }
    i = start; // point at the string that never ends, not at the end of the file
    return 'unterminated string';
  };
  const scanNumber = (): string | undefined => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return 'invalid number';
    if (text[i] === '.') {
      i++;
      if (!isDigit(text.charCodeAt(i))) return 'invalid number';
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit(text.charCodeAt(i))) return 'invalid number';
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return undefined;
  };
  const fail = (reason: string) => ({ offset: Math.min(i, n), reason });

  // States: a value is expected; a value or the end of an empty container; a key; after a value.
  let state: 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'after' = 'value';
  for (;;) {
    skipSpace();
    if (i >= n) {
      if (state === 'after' && stack.length === 0) return fail('not valid JSON');
      return fail('unexpected end of input');
    }
    const c = text[i] as string;
    switch (state) {
      case 'valueOrEnd':
      case 'keyOrEnd':
        if (c === (state === 'valueOrEnd' ? ']' : '}')) {
          stack.pop();
          i++;
          state = 'after';
        } else state = state === 'valueOrEnd' ? 'value' : 'key';
        continue;
      case 'key': {
        if (c !== '"') return fail('expected a property name in double quotes');
        const bad = scanString();
        if (bad) return fail(bad);
        skipSpace();
        if (text[i] !== ':') return fail("expected ':' after a property name");
        i++;
        state = 'value';
        continue;
      }
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return fail('unexpected text after the JSON value');
        if (c === ',') {
          i++;
          state = top === ARRAY ? 'value' : 'key';
        } else if (c === (top === ARRAY ? ']' : '}')) {
          stack.pop();
          i++;
        } else return fail(top === ARRAY ? "expected ',' or ']'" : "expected ',' or '}'");
        continue;
      }
      case 'value': {
        if (c === '{' || c === '[') {
          stack.push(c === '[' ? ARRAY : OBJECT);
          i++;
          state = c === '[' ? 'valueOrEnd' : 'keyOrEnd';
          continue;
        }
        let bad: string | undefined;
        if (c === '"') bad = scanString();
        else if (c === '-' || isDigit(c.charCodeAt(0))) bad = scanNumber();
        else {
          const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
          if (word === undefined) return fail('unexpected character');
          i += word.length;
        }
        if (bad) return fail(bad);
        state = 'after';
        continue;
      }
    }
  }
}
