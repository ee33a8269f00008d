import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { runCli } from './helpers/cli.js';
import { readTreeSync } from './helpers/golden.js';
import { scratchDir } from './helpers/tmp.js';

const example = join(import.meta.dirname, '..', 'examples', 'okd47-to-okd410-observability');

function scratchCopy(): string {
  const dir = scratchDir('migplan-cli-');
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true, force: true });
  return dir;
}

describe('migplan compile', () => {
  it('prints the host setup stream in apply order, without migrations', async () => {
    const r = await runCli(['compile', 'migration.yaml'], { cwd: example });
    expect(r.code).toBe(0);
    const kinds = [...r.stdout.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    expect(kinds).toEqual([
      'MigrationController',
      'MigCluster',
      'MigStorage',
      'Namespace',
      'Namespace',
      'SecurityContextConstraints',
      'ClusterRole',
      'RoleBinding',
      'RoleBinding',
      'EgressFirewall',
      'MigPlan',
    ]);
    expect(r.stdout).not.toContain('MigMigration');
    expect(r.stdout).toMatch(/^# .*sha256 [0-9a-f]{64}/m);
  });

  it('never emits credentials: secrets are referenced by name only', async () => {
    const r = await runCli(['compile', 'migration.yaml'], { cwd: example });
    expect(r.stdout).not.toMatch(/^kind: Secret$/m);
    expect(r.stdout).not.toMatch(/saToken|aws-secret-access-key/);
  });

  it('-o json prints a List', async () => {
    const r = await runCli(['compile', 'migration.yaml', '-o', 'json'], { cwd: example });
    const list = JSON.parse(r.stdout) as { kind: string; items: { kind: string }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.kind)).toContain('MigPlan');
  });

  it('--migration prints just that migration; an unknown name exits 2 and lists the real ones', async () => {
    const ok = await runCli(['compile', 'migration.yaml', '--migration', 'observability-cutover'], {
      cwd: example,
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout.match(/^kind: /gm)).toHaveLength(1);
    expect(ok.stdout).toContain('name: observability-cutover');
    const bad = await runCli(['compile', 'migration.yaml', '--migration', 'nope'], {
      cwd: example,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error MP6002');
    expect(bad.stderr).toContain('observability-stage-1, observability-cutover');
  });

  it('--out writes the tree, --check passes on it and fails on a stale copy', async () => {
    const dir = scratchCopy();
    expect((await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir })).code).toBe(
      0,
    );
    expect(existsSync(join(dir, 'plan', 'migrations', 'observability', '02-cutover.yaml'))).toBe(
      true,
    );
    expect(
      (await runCli(['compile', 'migration.yaml', '--out', 'plan', '--check'], { cwd: dir })).code,
    ).toBe(0);
    writeFileSync(join(dir, 'plan', '50-plans.yaml'), 'edited by hand\n');
    const stale = await runCli(['compile', 'migration.yaml', '--out', 'plan', '--check'], {
      cwd: dir,
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('MP6003');
    expect(stale.stderr).toContain('50-plans.yaml differs');
    expect(readFileSync(join(dir, 'plan', '50-plans.yaml'), 'utf8')).toBe('edited by hand\n');
  });

  it('a failing compile leaves the previous --out directory untouched', async () => {
    const dir = scratchCopy();
    await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
    const before = readTreeSync(join(dir, 'plan'));
    const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8').replace(
      '- cert-manager',
      '- cert-managerr',
    );
    writeFileSync(join(dir, 'migration.yaml'), spec);
    const r = await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MP4001');
    expect(readTreeSync(join(dir, 'plan'))).toEqual(before);
  });

  it('an --out path that cannot be created exits 2 with a clear message', async () => {
    const dir = scratchCopy();
    // A regular file as the parent fails for every user, root included.
    const r = await runCli(['compile', 'migration.yaml', '--out', 'migration.yaml/plan'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MP6001: cannot write migration.yaml/plan');
    expect(r.stdout).toBe('');
  });

  it('a missing snapshot directory exits 2 and names it', async () => {
    const dir = scratchCopy();
    rmSync(join(dir, 'clusters', 'okd410'), { recursive: true });
    const r = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MP3001');
    expect(r.stderr).toContain('clusters/okd410');
    expect(r.stdout).toBe('');
  });

  it('a cluster without a snapshot cannot be compiled offline: exit 2', async () => {
    const dir = scratchCopy();
    const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8').replace(
      '        snapshot: clusters/okd47\n',
      '',
    );
    writeFileSync(join(dir, 'migration.yaml'), spec);
    const r = await runCli(['compile', 'migration.yaml', '--from', 'snapshot'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /migration\.yaml:\d+:\d+: error MP3003: cluster "okd47" has no discovery\.snapshot/,
    );
  });

  it('a malformed snapshot file gives a located diagnostic', async () => {
    const dir = scratchCopy();
    writeFileSync(
      join(dir, 'clusters', 'okd47', 'broken.yaml'),
      'items:\n  - kind: Pod\n   bad: indent\n',
    );
    const r = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/clusters\/okd47\/broken\.yaml:3:\d+: error MP3002/);
  });

  it('reads a missing hook playbook as a located error', async () => {
    const dir = scratchCopy();
    const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8').replace(
      '      migrations:',
      '      hooks:\n        - name: warm\n          phase: PostRestore\n          cluster: destination\n          executionNamespace: opensearch\n          serviceAccount: runner\n          playbook: missing.yml\n      migrations:',
    );
    writeFileSync(join(dir, 'migration.yaml'), spec);
    const r = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /migration\.yaml:57:21: error MP3005: playbook "missing\.yml" does not exist/,
    );
  });
});

describe('migplan report', () => {
  it('prints markdown with a summary table first', async () => {
    const r = await runCli(['report', 'migration.yaml'], { cwd: example });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 6).join('\n')).toContain('| plan | source → target |');
    expect(r.stdout).toContain('oc create secret generic okd47-migration-token');
  });
  it('--format json gives every decision with its reason', async () => {
    const r = await runCli(['report', 'migration.yaml', '--format', 'json'], { cwd: example });
    const out = JSON.parse(r.stdout) as {
      plan: { plans: { pvs: { reasons: { storageClass: { rule: string } } }[] }[] };
    };
    expect(out.plan.plans[0]?.pvs[0]?.reasons.storageClass.rule).toBe('same-provisioner');
  });
});

describe('usage and internal errors', () => {
  it('unknown commands and options exit 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['compile', 'x.yaml', '--from', 'carrier-pigeon'])).code).toBe(2);
    expect((await runCli(['validate'])).code).toBe(2);
  });
  it('--help and --version exit 0', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('a bug is reported as MP9000 without a stack trace (stack only with --debug)', async () => {
    const io = (debug: boolean) => {
      let err = '';
      return {
        io: {
          stdout: () => {},
          stderr: (s: string) => void (err += s),
          readStdin: () => Promise.reject(new Error('boom')),
          isTTY: false,
          cwd: '/',
          env: {},
        },
        err: () => err,
        argv: [...(debug ? ['--debug'] : []), 'validate', '-'],
      };
    };
    const plain = io(false);
    expect(await run(plain.argv, plain.io)).toBe(2);
    expect(plain.err()).toContain('internal error MP9000: boom');
    expect(plain.err()).not.toMatch(/\n\s+at /);
    const debug = io(true);
    await run(debug.argv, debug.io);
    expect(debug.err()).toMatch(/\n\s+at /);
  });
  it('colours diagnostics only on a terminal', async () => {
    const bad = join(import.meta.dirname, 'bad');
    expect((await runCli(['validate', 'tabs.yaml'], { cwd: bad, isTTY: true })).stderr).toContain(
      '\u001b[',
    );
    expect((await runCli(['validate', 'tabs.yaml'], { cwd: bad })).stderr).not.toContain('\u001b[');
  });
});
