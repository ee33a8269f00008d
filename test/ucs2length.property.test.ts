import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ucs2length } from '../src/validate/ucs2length.js';

// The rule the generated validators replaced: ajv's own run-time helper (ajv/dist/runtime/ucs2length.js).
const ajvUcs2length = (
  createRequire(import.meta.url)('ajv/dist/runtime/ucs2length') as {
    default: (s: string) => number;
  }
).default;

describe('ucs2length: code points, as minLength/maxLength count them', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 1],
    ['日本', 2],
    ['😀', 1], // a surrogate pair is one character
    ['a😀b', 3],
    ['\ud83d', 1], // a lone high surrogate
    ['\ude00', 1], // a lone low surrogate
    ['\ude00\ud83d', 2], // low then high: no pair
    ['\ud83d\ud83d\ude00', 2], // a lone high surrogate, then a pair
  ])('%j has %i', (text, length) => {
    expect(ucs2length(text)).toBe(length);
  });

  it("agrees with ajv's helper on any UTF-16 text, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(ucs2length(a)).toBe(ajvUcs2length(a));
        expect(ucs2length(b + a)).toBe(ajvUcs2length(b + a));
      }),
      { numRuns: 2000 },
    );
  });

  it('the generated validators call it and require nothing at run time', async () => {
    const { readFileSync } = await import('node:fs');
    for (const f of ['spec-validator', 'output-validators', 'network-migration-validator']) {
      const code = readFileSync(new URL(`../src/generated/${f}.ts`, import.meta.url), 'utf8');
      expect(code).not.toContain('require(');
      expect(code).toContain("import { ucs2length } from '../validate/ucs2length.js';");
    }
  });
});
