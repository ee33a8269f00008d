import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PLAYBOOK_BYTES } from '../src/cli/playbooks.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

const example = join(import.meta.dirname, '..', 'examples', 'ocp3-to-ocp4-nodejs-mongo');
const playbookLine = '          playbook: hooks/post-restore.yml\n';

/** A copy of the hooks example whose hook names `playbook`; `prepare` adds files to the copy. */
function scratchWith(playbook: string, prepare: (dir: string) => void = () => {}): string {
  const dir = scratchDir('migplan-playbook-');
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true, force: true });
  const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8');
  expect(spec).toContain(playbookLine);
  writeFileSync(
    join(dir, 'migration.yaml'),
    spec.replace(playbookLine, `          playbook: ${JSON.stringify(playbook)}\n`),
  );
  prepare(dir);
  return dir;
}

/** The playbook line of the spec, where every playbook diagnostic is located. */
const at = (code: string) =>
  new RegExp(
    `^migration\\.yaml:50:21: error ${code}: .*\\(at spec\\.plans\\[0\\]\\.hooks\\[0\\]\\.playbook\\)$`,
    'm',
  );

function expectRefused(r: CliRun, code: string, forbidden: string[] = []): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(at(code));
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
  expect(r.stderr).not.toContain('MP9000');
  for (const f of forbidden) expect(r.stderr).not.toContain(f);
}

/** validate and compile refuse it alike, compile writes nothing. */
async function expectBothRefuse(dir: string, code: string, forbidden: string[] = []) {
  const validate = await runCli(['validate', 'migration.yaml'], { cwd: dir });
  expectRefused(validate, code, forbidden);
  const compile = await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
  expectRefused(compile, code, forbidden);
  expect(existsSync(join(dir, 'plan'))).toBe(false);
  return validate;
}

describe('hook playbooks: only text files inside the spec folder are embedded', () => {
  it('an absolute path outside the folder is refused without being read', async () => {
    const dir = scratchWith('/etc/shadow');
    const r = await expectBothRefuse(dir, 'MP2534');
    expect(r.stderr).toContain(`playbook "/etc/shadow" is outside the spec's folder (at `);
  });

  it('a ../ path out of the folder is refused', async () => {
    const dir = scratchWith('../../../../etc/passwd');
    await expectBothRefuse(dir, 'MP2534');
  });

  it('a symlink out of the folder is refused after resolving it', async () => {
    const elsewhere = scratchDir('migplan-elsewhere-');
    writeFileSync(join(elsewhere, 'id_rsa'), 'PRIVATE-KEY-MATERIAL\n');
    const dir = scratchWith('hooks/linked.yml', (d) =>
      symlinkSync(join(elsewhere, 'id_rsa'), join(d, 'hooks', 'linked.yml')),
    );
    const r = await expectBothRefuse(dir, 'MP2534', ['PRIVATE-KEY-MATERIAL']);
    expect(r.stderr).toContain('is a symlink to');
  });

  it('a symlinked folder out of the tree is refused too', async () => {
    const elsewhere = scratchDir('migplan-elsewhere-');
    writeFileSync(join(elsewhere, 'play.yml'), '- hosts: localhost\n');
    const dir = scratchWith('shared/play.yml', (d) => symlinkSync(elsewhere, join(d, 'shared')));
    await expectBothRefuse(dir, 'MP2534');
  });

  it('a symlink that stays inside the folder is followed', async () => {
    const dir = scratchWith('hooks/current.yml', (d) =>
      symlinkSync('post-restore.yml', join(d, 'hooks', 'current.yml')),
    );
    const r = await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
    expect(r.stderr).not.toMatch(/ error MP/);
    expect(r.code).toBe(0);
    const hooks = readFileSync(join(dir, 'plan', '45-hooks.yaml'), 'utf8');
    expect(hooks).toContain(
      readFileSync(join(dir, 'hooks', 'post-restore.yml')).toString('base64'),
    );
  });

  it('a directory, a FIFO and a device are not regular files (and a FIFO does not hang)', async () => {
    const asDir = scratchWith('hooks');
    const r = await expectBothRefuse(asDir, 'MP2535');
    expect(r.stderr).toContain('is a directory, not a regular file');
    const fifo = scratchWith('hooks/pipe.yml', (d) =>
      execFileSync('mkfifo', [join(d, 'hooks', 'pipe.yml')]),
    );
    // A FIFO that was opened for reading would block here until the test timeout.
    const f = await expectBothRefuse(fifo, 'MP2535');
    expect(f.stderr).toContain('is a FIFO');
  });

  it('binary content (a NUL byte, invalid UTF-8) is refused', async () => {
    const nul = scratchWith('hooks/tool.bin', (d) =>
      writeFileSync(
        join(d, 'hooks', 'tool.bin'),
        Buffer.from('- hosts: all\n  x: \u0000\u0001', 'latin1'),
      ),
    );
    const r = await expectBothRefuse(nul, 'MP2536');
    expect(r.stderr).toContain('NUL byte at line 2, byte 6');
    const latin1 = scratchWith('hooks/latin1.yml', (d) =>
      writeFileSync(join(d, 'hooks', 'latin1.yml'), Buffer.from('- name: caf\u00e9\n', 'latin1')),
    );
    const l = await expectBothRefuse(latin1, 'MP2536');
    expect(l.stderr).toContain('invalid UTF-8 at line 1, byte 12');
  });

  it('a file over the limit is refused without reading it; one at the limit is embedded', async () => {
    const huge = scratchWith('hooks/huge.yml', (d) => {
      writeFileSync(join(d, 'hooks', 'huge.yml'), '');
      truncateSync(join(d, 'hooks', 'huge.yml'), 20 * 1024 * 1024);
    });
    // The size in the message comes from stat, before any byte is read.
    const r = await expectBothRefuse(huge, 'MP2537');
    expect(r.stderr).toContain('is 20480 KiB; the limit is 256 KiB');
    const atLimit = scratchWith('hooks/big.yml', (d) =>
      writeFileSync(
        join(d, 'hooks', 'big.yml'),
        `# ${'x'.repeat(MAX_PLAYBOOK_BYTES - 4)}\n- hosts: localhost\n`.slice(
          0,
          MAX_PLAYBOOK_BYTES,
        ),
      ),
    );
    const ok = await runCli(['validate', 'migration.yaml'], { cwd: atLimit });
    expect(ok.stderr).toBe('migration.yaml: valid\n');
    expect(ok.code).toBe(0);
  });

  it('a missing playbook is an error at validate time, located at the field', async () => {
    const dir = scratchWith('hooks/missing.yml');
    const r = await expectBothRefuse(dir, 'MP3005');
    expect(r.stderr).toContain('playbook "hooks/missing.yml" does not exist');
  });

  it('with - (stdin) the folder is the working directory, and the message says so', async () => {
    const dir = scratchWith('../outside.yml');
    const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const r = await runCli(['validate', '-'], { cwd: sub, stdin: spec });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<stdin>:50:21: error MP2534: /m);
    expect(r.stderr).toContain(
      `outside the working directory ${sub} (the spec is read from stdin, so its folder is the working directory)`,
    );
  });

  it('the example playbook still validates and compiles', async () => {
    const dir = scratchWith('hooks/post-restore.yml');
    const r = await runCli(['validate', 'migration.yaml'], { cwd: dir });
    expect(r.stderr).toBe('migration.yaml: valid\n');
    expect(r.code).toBe(0);
  });
});
