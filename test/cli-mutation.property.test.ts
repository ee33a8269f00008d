import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runCli } from './helpers/cli.js';

// A corrupted spec or snapshot must end in located diagnostics and exit 1 (or a clean compile), never in a
// stack trace: users see what is wrong and where, whatever the bytes.
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

  it('compiles or reports, with exit 0 or 1 and no stack trace', async () => {
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
            expect([0, 1]).toContain(r.code);
            expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
            expect(r.stderr).not.toMatch(/TypeError|ReferenceError|RangeError/);
            if (r.code === 1) expect(r.stderr).toMatch(/error MP\d{4}/);
          } finally {
            writeFileSync(join(dir, file), originals.get(file) ?? '');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
