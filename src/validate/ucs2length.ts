/**
 * The length of a string in Unicode code points, as JSON Schema's minLength/maxLength count it: the rule of
 * ajv's runtime/ucs2length (a surrogate pair is one character, a lone surrogate is one too). The generated
 * validators call this instead of requiring ajv's CommonJS helper at run time, which started Node's CommonJS
 * loader and read ajv's package.json on every `validate` (issue 14).
 */
export function ucs2length(text: string): number {
  // UTF-16 code units, less one for each high surrogate followed by a low one (an indexed loop: a string
  // iterator allocates per step, and the output's schema check measures every name it writes).
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length--;
      i++;
    }
  }
  return length;
}
