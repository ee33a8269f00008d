/**
 * The length of a string in Unicode code points, as JSON Schema's minLength/maxLength count it: the rule of
 * ajv's runtime/ucs2length (a surrogate pair is one character, a lone surrogate is one too). The generated
 * validators call this instead of requiring ajv's CommonJS helper at run time, which started Node's CommonJS
 * loader and read ajv's package.json on every `validate` (issue 14).
 */
export function ucs2length(text: string): number {
  let length = 0;
  // A string's iterator yields code points, and each lone surrogate on its own.
  for (const _ of text) length++;
  return length;
}
