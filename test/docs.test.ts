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
import { migrationSchema } from '../src/validate/schema.js';

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
  });
});

describe('every diagnostic code is exercised by a test or a golden file', () => {
  const corpus = [join(root, 'test'), join(root, 'examples')]
    .flatMap((dir) => filesUnder(dir, /\.(ts|txt|md|yaml)$/))
    .map((f) => readFileSync(f, 'utf8'));
  const text = corpus.join('\n').replace(readFileSync(join(import.meta.filename), 'utf8'), '');
  for (const code of Object.keys(codes)) {
    it(code, () =>
      expect(text.includes(code), `${code} appears in no test or golden file`).toBe(true),
    );
  }
});

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
