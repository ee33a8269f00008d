import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codes } from '../src/diagnostics/codes.js';
import { filesUnder } from './helpers/files.js';
import {
  diagnosticsReference,
  REFERENCE_END,
  REFERENCE_START,
  specReference,
  withReference,
} from '../src/docs/reference.js';
import schemaJson from '../schemas/migration.schema.json' with { type: 'json' };

const migrationSchema = schemaJson as Record<string, unknown>;

const root = join(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('documentation stays in sync with the code', () => {
  it('the README spec reference matches the schema (npm run gen:docs)', () => {
    const readme = read('README.md');
    expect(readme).toContain(REFERENCE_START);
    expect(readme).toContain(REFERENCE_END);
    expect(withReference(readme, specReference(migrationSchema))).toBe(readme);
  });

  it('docs/diagnostics.md lists every code (npm run gen:docs)', () => {
    expect(read('docs/diagnostics.md')).toBe(diagnosticsReference());
  });

  it('every schema property has a description', () => {
    const missing: string[] = [];
    walkSchema(migrationSchema, (n, path) => {
      for (const [key, child] of Object.entries(
        (n['properties'] as Record<string, Record<string, unknown>>) ?? {},
      )) {
        if (typeof child['description'] !== 'string' || !child['description'])
          missing.push(`${path}.${key}`);
      }
    });
    expect(missing).toEqual([]);
  });

  it('every object schema is closed (additionalProperties: false or a typed map)', () => {
    const open: string[] = [];
    walkSchema(migrationSchema, (n, path) => {
      if (n['type'] === 'object' && n['additionalProperties'] === undefined) open.push(path);
    });
    expect(open).toEqual([]);
  });

  it('generated schema files and TypeScript types are current (npm run gen:types)', async () => {
    // @ts-expect-error the generator is a plain ES module without types
    const { generate } = (await import('../scripts/gen-types.mjs')) as {
      generate: () => Promise<Record<string, string>>;
    };
    const out = await generate();
    expect(read('schemas/migration.schema.json')).toBe(out.json);
    expect(read('schemas/output.schema.json')).toBe(out.output);
    expect(read('src/spec/types.generated.ts')).toBe(out.ts);
    expect(read('src/generated/spec-validator.ts')).toBe(out.specValidator);
    expect(read('src/generated/output-validators.ts')).toBe(out.outputValidators);
    expect(read('src/generated/templates.ts')).toBe(out.templates);
    expect(read('schemas/network-migration.schema.json')).toBe(out.networkJson);
    expect(read('src/spec/network-migration.generated.ts')).toBe(out.networkTs);
    expect(read('src/generated/network-migration-validator.ts')).toBe(out.networkValidator);
  });
});

describe('every diagnostic code has a real test', () => {
  it('each code in codes.ts is asserted by a test file (golden text files and this file do not count)', () => {
    const tests = filesUnder(join(root, 'test'), /\.test\.ts$/)
      .filter((f) => f !== import.meta.filename)
      .map((f) => readFileSync(f, 'utf8'));
    const missing = Object.keys(codes).filter((code) => !tests.some((t) => assertsCode(t, code)));
    expect(missing, 'codes without a test that triggers and asserts them').toEqual([]);
  });

  it.each([
    ['expect(r.stderr).toMatch(/^x:1:1: error MP1001/m);', true],
    ["    ['MP2501', 'spec.yaml', 3, 5],", true],
    ["  { code: 'MP4006', at: 'migration.yaml:12:11' },", true],
    ['// MP1001 is reported by the parser', false],
    ["  MigCluster: 'MP7001',", true],
    ["expectCleanFailure(r, 'MP3015');", true],
    ["expect(r.stderr).toContain(\n  'error MP6008: plan holds files',", true],
    ["expectCleanFailure(\n  r,\n  2,\n  'x.yaml: error MP3035: a FIFO',", true],
    ["const note = 'MP1001';", false],
    ["      'MP1001',", true],
  ])('recognises an assertion or a table row: %s -> %s', (line, found) => {
    const code = /MP\d{4}/.exec(line)?.[0] ?? '';
    // (a row may span two lines, as prettier wraps it)
    // As a line of a file that runs its tables through it.each.
    expect(assertsCode(`it.each(rows)\n${line}`, code)).toBe(found);
  });
});

/**
 * Whether a test source asserts `code`: the code sits on a line with an expectation (expect, toMatch,
 * toContain, toEqual, toMatchObject, toBe), or in a table row (a line opening with `[` or `{`, or a line
 * holding just the quoted code) of a file that runs tables with `.each(`.
 */
function assertsCode(text: string, code: string): boolean {
  // Tables run through it.each or a for-of loop that declares a test per row.
  const table =
    /\.each\s*[(<]/.test(text) || /for \(const [^)]+ of [^)]+\)\s*\{?\s*\n?\s*it\(/.test(text);
  const asserting = /\b(expect\w*|toMatch|toContain|toEqual|toStrictEqual|toMatchObject|toBe)\b/;
  const lines = text.split('\n');
  return lines.some((line, i) => {
    if (!line.includes(code) || /^\s*(\/\/|\*)/.test(line)) return false;
    // expect(...), a matcher, or a helper named expect* that asserts (expectCleanFailure(r, 'MP3015')),
    // on this line or opening on the line before (as prettier wraps a long expected string).
    if (asserting.test(line)) return true;
    // An argument of an assertion call opened a few lines above (as prettier wraps long calls).
    for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
      const above = (lines[j] ?? '').trimEnd();
      if (asserting.test(above) && above.endsWith('(')) return true;
      if (!/[,(]$/.test(above)) break;
    }
    // Table rows: the row opens on this line, the code is a cell of its own (as prettier wraps rows), or a
    // keyed cell (`MigCluster: 'MP7001',`).
    return (
      table &&
      (/^\s*[[{]/.test(line) || new RegExp(`^\\s*(\\w+:\\s*)?['"]${code}['"],?$`).test(line))
    );
  });
}

/** Visits every subschema: properties, items, map values, if/then/else branches and $defs. */
function walkSchema(
  node: unknown,
  visit: (n: Record<string, unknown>, path: string) => void,
  path = '',
): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  visit(n, path);
  for (const [key, child] of Object.entries((n['properties'] as Record<string, unknown>) ?? {}))
    walkSchema(child, visit, `${path}.${key}`);
  for (const key of ['items', 'additionalProperties', 'then', 'else'])
    walkSchema(n[key], visit, `${path}.${key}`);
  for (const [key, def] of Object.entries((n['$defs'] as Record<string, unknown>) ?? {}))
    walkSchema(def, visit, `$defs.${key}`);
}
