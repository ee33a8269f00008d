import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { compareTree, readTreeSync } from './helpers/golden.js';
import { compileSpec } from '../src/cli/commands/compile.js';
import { compileHcpSpec, type LoadedHcp } from '../src/cli/commands/hcp.js';
import type { CliIO } from '../src/cli/io.js';
import { loadSpec } from '../src/cli/load-spec.js';
import { lockText } from '../src/cli/lock-file.js';
import { lockFileName } from '../src/plan/waves/lock.js';

const examplesDir = join(import.meta.dirname, '..', 'examples');
const examples = readdirSync(examplesDir)
  .filter((d) => d !== 'invalid' && existsSync(join(examplesDir, d, 'migration.yaml')))
  .sort();
const invalid = existsSync(join(examplesDir, 'invalid'))
  ? readdirSync(join(examplesDir, 'invalid'))
      .filter((d) => existsSync(join(examplesDir, 'invalid', d, 'migration.yaml')))
      .sort()
  : [];

function quietIO(cwd: string): CliIO {
  return {
    stdout: () => {},
    stderr: () => {},
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    isTTY: false,
    cwd,
    env: {},
  };
}

/** Compiles an example's migration.yaml with the pipeline of its kind (Migration or HostedClusterMigration). */
async function compileExample(dir: string) {
  const io = quietIO(dir);
  const loaded = await loadSpec('migration.yaml', io);
  if (loaded.typed?.kind === 'HostedClusterMigration')
    return compileHcpSpec('migration.yaml', loaded as LoadedHcp, io, {});
  return compileSpec('migration.yaml', io, {}, loaded);
}

describe('golden output of every example', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(3));

  for (const name of examples) {
    it(`${name}: the full --out tree, stdout and diagnostics match expected/`, async () => {
      const dir = join(examplesDir, name);
      const compiled = await compileExample(dir);
      expect(compiled.result?.tree, JSON.stringify(compiled.diagnostics, null, 2)).toBeDefined();
      const tree = new Map(compiled.result?.tree ?? []);
      const cli = await runCli(['compile', 'migration.yaml'], { cwd: dir });
      expect(cli.code).toBe(0);
      tree.set('stdout.yaml', cli.stdout);
      tree.set('diagnostics.txt', cli.stderr);
      expect(compareTree(join(dir, 'expected'), tree)).toBe('');
    });

    it(`${name}: the committed wave lock file is what compile writes (split plans only)`, async () => {
      const dir = join(examplesDir, name);
      const compiled = await compileExample(dir);
      const result = compiled.result;
      const lock = result && 'lock' in result ? result.lock : undefined;
      const file = join(dir, lockFileName('migration.yaml'));
      if (!lock) {
        expect(existsSync(file)).toBe(false);
        return;
      }
      expect(readFileSync(file, 'utf8')).toBe(lockText(lock, 'migration.yaml'));
    });

    it(`${name}: compiling twice gives identical bytes`, async () => {
      const dir = join(examplesDir, name);
      const a = await compileExample(dir);
      const b = await compileExample(dir);
      expect([...(a.result?.tree ?? [])]).toEqual([...(b.result?.tree ?? [])]);
    });
  }

  for (const name of invalid) {
    it(`invalid/${name}: fails with the expected located diagnostics`, async () => {
      const dir = join(examplesDir, 'invalid', name);
      const cli = await runCli(['compile', 'migration.yaml'], { cwd: dir });
      expect(cli.code).toBe(1);
      expect(cli.stdout).toBe('');
      const tree = new Map([['diagnostics.txt', cli.stderr]]);
      expect(compareTree(join(dir, 'expected'), tree)).toBe('');
    });
  }

  it('goldens exist for every example (no example silently untested)', () => {
    for (const name of examples)
      expect(readTreeSync(join(examplesDir, name, 'expected')).size).toBeGreaterThan(3);
  });
});
