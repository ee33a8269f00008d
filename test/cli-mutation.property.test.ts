import {
  cpSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runCli } from './helpers/cli.js';
import { codes, type CodeInfo } from '../src/diagnostics/codes.js';
import { scratchDir } from './helpers/tmp.js';

// A corrupted spec or snapshot must end in a clean compile or in error diagnostics with the documented exit
// code (1, or 2 when a file cannot be read), never in a stack trace: users see what is wrong, whatever the bytes.
describe('the CLI on corrupted inputs', () => {
  const example = 'examples/storage-class-conversion';
  const dir = scratchDir('migplan-mutation-');
  cpSync(example, dir, { recursive: true });
  const files = [
    'migration.yaml',
    ...readdirSync(join(dir, 'clusters', 'ocp4')).map((f) => join('clusters', 'ocp4', f)),
  ];
  const originals = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

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

// Any directory a user may type for --out, --against or a snapshot root: migplan never changes or deletes a
// file it did not write, exits with a documented code, and an --out it accepted is complete (--check passes).
describe('the CLI on any directory argument (issue 11)', () => {
  const example = 'examples/okd47-to-okd410-observability';
  const candidates = [
    '.',
    '..',
    'clusters',
    'clusters/okd47',
    'clusters/okd47/inner',
    'migration.yaml',
    'notes',
    'notes/sub',
    'plan',
    'plan/migrations',
    'fresh/deeper',
    'link-to-notes',
    'link-to-plan',
    '/',
  ];

  function sandbox(): string {
    const root = scratchDir('migplan-dirs-');
    const dir = join(root, 'work');
    cpSync(example, dir, { recursive: true });
    rmSync(join(dir, 'expected'), { recursive: true, force: true });
    mkdirSync(join(dir, 'notes', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'notes', 'runbook.md'), 'ours\n');
    writeFileSync(join(dir, 'notes', 'sub', 'deep.yaml'), 'a: 1\n');
    symlinkSync(join(dir, 'notes'), join(dir, 'link-to-notes'));
    symlinkSync(join(dir, 'plan'), join(dir, 'link-to-plan'));
    return dir;
  }

  /** Files migplan did not write, with their content (plan/'s listed files are migplan's). */
  function userFiles(dir: string): Map<string, string> {
    const owned = new Set<string>();
    try {
      const m = JSON.parse(readFileSync(join(dir, 'plan', 'manifest.json'), 'utf8')) as {
        files: { path: string }[];
      };
      for (const f of m.files) owned.add(`plan/${f.path}`);
      owned.add('plan/manifest.json');
    } catch {
      // no plan yet
    }
    const out = new Map<string, string>();
    for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      const full = join(dir, rel);
      const s = lstatSync(full);
      if (s.isFile() && !owned.has(rel)) out.set(rel, readFileSync(full, 'utf8'));
    }
    return out;
  }

  it('never loses a user file, exits 0/1/2 without a stack trace, and accepted output is complete', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...candidates),
        fc.constantFrom('out', 'check', 'against', 'snapshot-root'),
        fc.boolean(),
        async (target, mode, compiledBefore) => {
          const dir = sandbox();
          if (compiledBefore) {
            const first = await runCli(['compile', 'migration.yaml', '--out', 'plan'], {
              cwd: dir,
            });
            expect(first.code).toBe(0);
          }
          const before = userFiles(dir);
          let args: string[];
          if (mode === 'snapshot-root') {
            const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8');
            writeFileSync(
              join(dir, 'migration.yaml'),
              spec.replace('snapshot: clusters/okd47', `snapshot: ${JSON.stringify(target)}`),
            );
            before.set('migration.yaml', readFileSync(join(dir, 'migration.yaml'), 'utf8'));
            args = ['compile', 'migration.yaml'];
          } else if (mode === 'against') args = ['diff', 'migration.yaml', '--against', target];
          else
            args = [
              'compile',
              'migration.yaml',
              '--out',
              target,
              ...(mode === 'check' ? ['--check'] : []),
            ];
          const r = await runCli(args, { cwd: dir });
          expect([0, 1, 2], `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
          expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
          expect(r.stderr).not.toMatch(/MP9000|TypeError|ReferenceError|RangeError/);
          if (r.code !== 0) expect(r.stderr).toMatch(/error MP\d{4}/);
          const after = userFiles(dir);
          for (const [rel, text] of before)
            expect(after.get(rel), `${rel} after ${args.join(' ')}`).toBe(text);
          if (mode === 'out' && r.code === 0) {
            const check = await runCli(['compile', 'migration.yaml', '--out', target, '--check'], {
              cwd: dir,
            });
            expect(check.code, check.stderr).toBe(0);
          }
          rmSync(join(dir, '..'), { recursive: true, force: true });
        },
      ),
      { numRuns: Number(process.env['CLI_RUNS'] ?? 30) },
    );
    // 30 compiles into fresh sandboxes: ~15 s on a quiet machine, over a minute on a loaded one.
  }, 240_000);
});
