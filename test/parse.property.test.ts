import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { rangeAt } from '../src/parse/locate.js';
import { validate } from '../src/validate/validate.js';
import { stringify } from 'yaml';

describe('parser properties', () => {
  it('never throws on arbitrary text or bytes, and every diagnostic is inside the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
        ),
        (input) => {
          const text = typeof input === 'string' ? input : input.toString('latin1');
          const lines = text.split('\n').length + 1;
          const r = parseSpecSync(input, 'x.yaml');
          for (const d of r.diagnostics) {
            expect(d.code).toMatch(/^MP1\d{3}$/);
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(lines);
          }
          if (r.value) validate(r.value); // must not throw either
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary YAML-shaped values, and schema errors point into the file', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const text = stringify({
          apiVersion: 'migplan.dev/v1alpha1',
          kind: 'Migration',
          metadata: { name: 'x' },
          spec: v,
        });
        const parsed = parseSpecSync(text, 'x.yaml');
        if (!parsed.value) return;
        const lines = text.split('\n').length;
        for (const d of validate(parsed.value).diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('locates every path of a generated mapping at the line where its key was written', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 12 }),
        (keys) => {
          const text = keys.map((key, i) => `${key}: ${i}`).join('\n') + '\n';
          const parsed = parseSpecSync(text, 'x.yaml');
          expect(parsed.value).toBeDefined();
          keys.forEach((key, i) => {
            expect(rangeAt(parsed.value!, [key]).line).toBe(i + 1);
            expect(rangeAt(parsed.value!, [key], { key: true })).toMatchObject({
              line: i + 1,
              col: 1,
            });
          });
        },
      ),
    );
  });
});
