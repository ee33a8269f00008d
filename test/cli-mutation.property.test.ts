import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runCli } from './helpers/cli.js';
import { codes, type CodeInfo } from '../src/diagnostics/codes.js';

// A corrupted spec or snapshot must end in a clean compile or in error diagnostics with the documented exit
// code (1, or 2 when a file cannot be read), never in a stack trace: users see what is wrong, whatever the bytes.
describe('the CLI on corrupted inputs', () => {
  const example = 'examples/storage-class-conversion';
  const dir = mkdtempSync(join(tmpdir(), 'migplan-mutation-'));
  cpSync(example, dir, { recursive: true });
  const files = [
    'migration.yaml',
    ...readdirSync(join(dir, 'clusters', 'ocp4')).map((f) => join('clusters', 'ocp4', f)),
  ];
  const originals = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles or reports, with the documented exit code and no stack trace', async () => {
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat(6),
      insert: fc.constantFrom(
        '',
        ' ',
        '\n',
        '- ',
        ': ',
        '#',
        "'",
        '"',
        '{',
        '[',
        '\t',
        'null',
        '  ',
        '\x00',
        '&a',
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat(files.length - 1),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        async (which, edits) => {
          const file = files[which] as string;
          let text = originals.get(file) ?? '';
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          writeFileSync(join(dir, file), text);
          try {
            const r = await runCli(['compile', 'migration.yaml', '--out', 'out'], { cwd: dir });
            expect([0, 1, 2]).toContain(r.code);
            expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
            expect(r.stderr).not.toMatch(/TypeError|ReferenceError|RangeError/);
            // The documented exit codes: 1 for a blocking finding, 2 only for an unreadable file (exit-2 codes).
            const errors = [...r.stderr.matchAll(/error (MP\d{4})/g)].map((m) => m[1] as string);
            if (r.code !== 0) expect(errors.length).toBeGreaterThan(0);
            const catalogue: Readonly<Record<string, CodeInfo>> = codes;
            const unreadable = errors.some((c) => catalogue[c]?.exit === 2);
            if (r.code === 2) expect(unreadable).toBe(true);
            if (r.code === 1) expect(unreadable).toBe(false);
          } finally {
            writeFileSync(join(dir, file), originals.get(file) ?? '');
          }
        },
      ),
      { numRuns: Number(process.env['CLI_RUNS'] ?? 150) },
    );
  });
});
