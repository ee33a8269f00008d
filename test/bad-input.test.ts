import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { compareFile } from './helpers/golden.js';
import { scratchDir } from './helpers/tmp.js';

const badDir = join(import.meta.dirname, 'bad');
const cases = readdirSync(badDir)
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.errors.txt'))
  .sort();

/** TypeScript-style error baselines: each bad spec's stderr and exit code are checked in beside it. */
describe('bad specs give located diagnostics, exit 1, nothing on stdout, no stack trace', () => {
  for (const file of cases) {
    it(file, async () => {
      const r = await runCli(['validate', file], { cwd: badDir });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(r.stderr).toMatch(
        new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+: error MP\\d{4}: `, 'm'),
      );
      expect(
        compareFile(join(badDir, 'baselines', `${file}.errors.txt`), `exit ${r.code}\n${r.stderr}`),
      ).toBe('');
    });
  }

  it('a missing file and a directory exit 2 with a clear message', async () => {
    const missing = await runCli(['validate', 'no-such-spec.yaml'], { cwd: badDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error MP1010: cannot read');
    expect(missing.stderr).toContain('no such file');
    const dir = await runCli(['validate', '.'], { cwd: badDir });
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('is a directory');
  });

  it('refuses a spec over 5 MiB before parsing it', async () => {
    const tmp = scratchDir('migplan-big-');
    writeFileSync(
      join(tmp, 'big.yaml'),
      `apiVersion: migplan.dev/v1alpha1\nx: "${'a'.repeat(6 * 1024 * 1024)}"\n`,
    );
    const r = await runCli(['validate', 'big.yaml'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^big\.yaml:1:1: error MP1008: spec is 6\.0 MiB; the limit is 5 MiB/m);
  });

  it('reads the spec from stdin with -', async () => {
    const r = await runCli(['validate', '-'], {
      stdin: readFileSync(join(badDir, 'wrong-kind.yaml'), 'utf8'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:2:7: error MP1012/m);
  });

  it('--format json prints the diagnostics as JSON on stdout', async () => {
    const r = await runCli(['validate', 'tabs.yaml', '--format', 'json'], { cwd: badDir });
    expect(r.code).toBe(1);
    const ds = JSON.parse(r.stdout) as {
      code: string;
      line: number;
      col: number;
      file: string;
      hint: string;
    }[];
    expect(ds[0]).toMatchObject({ code: 'MP1003', file: 'tabs.yaml', line: 4, col: 1 });
    expect(ds[0]?.hint).toBeTruthy();
  });
});
