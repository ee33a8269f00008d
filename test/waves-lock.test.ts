import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { LOCK_HEADER, lockFileName, parseLock, renderLock } from '../src/plan/waves/lock.js';
import { runCli } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

// The wave lock file through the CLI (docs/waves.md, "Lock file"): written beside the spec by compile only,
// kept between compiles, checked by --check, never written for stdin or by validate/report, and never
// replacing a file migplan did not write.

const example = join(import.meta.dirname, '..', 'examples', 'waves-many-namespaces');
let dir = '';
const LOCK = 'migration.lock.yaml';

beforeEach(() => {
  dir = scratchDir('migplan-lock-');
  cpSync(join(example, 'clusters'), join(dir, 'clusters'), { recursive: true });
  cpSync(join(example, 'migration.yaml'), join(dir, 'migration.yaml'));
});

const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
const lockText = () => readFileSync(join(dir, LOCK), 'utf8');
const lockWaves = () => {
  const r = parseLock(lockText());
  if (!r.ok) throw new Error(r.why);
  return new Map(r.lock.plans[0]?.waves.map((w) => [w.number, w]));
};
/** Edits the example's single plan in place. */
function editPlan(edit: (plan: Record<string, unknown>) => void) {
  const doc = parseDocument(readFileSync(join(dir, 'migration.yaml'), 'utf8'));
  const plan = (doc.toJS() as { spec: { plans: Record<string, unknown>[] } }).spec.plans[0] ?? {};
  edit(plan);
  doc.setIn(['spec', 'plans', 0], doc.createNode(plan));
  writeFileSync(join(dir, 'migration.yaml'), doc.toString());
}
const exclude = (...globs: string[]) =>
  editPlan((p) => {
    (p['select'] as { exclude: string[] }).exclude = ['*-scratch', ...globs];
  });

describe('lock file name', () => {
  it.each([
    ['migration.yaml', 'migration.lock.yaml'],
    ['tenants.yml', 'tenants.lock.yml'],
    ['spec.json', 'spec.json.lock.yaml'],
    ['plan', 'plan.lock.yaml'],
  ])('%s -> %s', (spec, lock) => expect(lockFileName(spec)).toBe(lock));
});

describe('lock file format', () => {
  it('is written with a header, names quoted, one a line; reads back', () => {
    const text = renderLock(
      {
        plans: [{ name: 'p', waves: [{ number: 2, namespaces: ['no', 'b'], closed: true }] }],
      },
      'migration.yaml',
    );
    expect(text.startsWith(LOCK_HEADER)).toBe(true);
    expect(text).toContain('          - "b"\n          - "no"\n');
    expect(parseLock(text)).toEqual({
      ok: true,
      lock: {
        plans: [{ name: 'p', waves: [{ number: 2, namespaces: ['b', 'no'], closed: true }] }],
      },
    });
  });

  const head = `${LOCK_HEADER} x\napiVersion: migplan.dev/v1alpha1\nkind: WaveLock\n`;
  it.each([
    ['no header', 'plans: []\n', 'not-ours'],
    ['a merge conflict', `${head}<<<<<<< HEAD\nplans: []\n`, 'malformed'],
    ['another kind', `${LOCK_HEADER} x\napiVersion: v1\nkind: ConfigMap\n`, 'malformed'],
    ['plans not a list', `${head}plans: {}\n`, 'malformed'],
    [
      'a wave number twice',
      `${head}plans:\n  - name: p\n    waves:\n      - {number: 1, namespaces: []}\n      - {number: 1, namespaces: []}\n`,
      'malformed',
    ],
    [
      'a namespace in two open waves',
      `${head}plans:\n  - name: p\n    waves:\n      - {number: 1, namespaces: [a]}\n      - {number: 2, namespaces: [a]}\n`,
      'malformed',
    ],
    [
      'a wave number 0',
      `${head}plans:\n  - name: p\n    waves:\n      - {number: 0, namespaces: []}\n`,
      'malformed',
    ],
  ])('refuses %s', (_, text, reason) => {
    const r = parseLock(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it('a namespace in a closed wave and an open one is history, not a conflict', () => {
    const r = parseLock(
      `${head}plans:\n  - name: p\n    waves:\n      - {number: 1, closed: true, namespaces: [a]}\n      - {number: 2, namespaces: [a]}\n`,
    );
    expect(r.ok).toBe(true);
  });
});

describe('compile and the lock file', () => {
  it('compile writes the lock beside the spec; compiling again keeps it byte for byte and --check passes', async () => {
    const first = await cli('compile', 'migration.yaml', '--out', 'out');
    expect(first.code, first.stderr).toBe(0);
    const text = lockText();
    expect(text.startsWith(LOCK_HEADER)).toBe(true);
    expect(text).toContain('of migration.yaml');
    expect([...lockWaves().keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await cli('compile', 'migration.yaml', '--out', 'out')).code).toBe(0);
    expect(lockText()).toBe(text);
    const check = await cli('compile', 'migration.yaml', '--out', 'out', '--check');
    expect(check.code, check.stderr).toBe(0);
  });

  it('--check fails when the lock file is missing or would change, and writes nothing', async () => {
    expect((await cli('compile', 'migration.yaml', '--out', 'out')).code).toBe(0);
    rmSync(join(dir, LOCK));
    const missing = await cli('compile', 'migration.yaml', '--out', 'out', '--check');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('MP6042');
    expect(existsSync(join(dir, LOCK))).toBe(false);
    expect((await cli('compile', 'migration.yaml', '--out', 'out')).code).toBe(0);
    const before = lockText();
    exclude('app-21');
    const stale = await cli('compile', 'migration.yaml', '--out', 'out', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('MP6042');
    expect(lockText()).toBe(before);
  });

  it('adding one namespace changes only the wave it lands in; removing it again changes only that wave', async () => {
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    const before = lockWaves();
    editPlan((p) => {
      (p['select'] as { exclude: string[] }).exclude = [];
    });
    const added = await cli('compile', 'migration.yaml');
    expect(added.code, added.stderr).toBe(0);
    const after = lockWaves();
    const changed = [...after.keys()].filter(
      (n) => JSON.stringify(after.get(n)) !== JSON.stringify(before.get(n)),
    );
    expect(changed).toHaveLength(1);
    expect(after.get(changed[0] ?? 0)?.namespaces).toContain('perf-scratch');
    exclude();
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    expect(lockWaves()).toEqual(before);
  });

  it('a wave whose namespaces all leave is closed: its MigPlan stays with spec.closed and no migration', async () => {
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    const wave4 = lockWaves().get(4)?.namespaces ?? [];
    expect(wave4.length).toBeGreaterThan(0);
    exclude(...wave4);
    const r = await cli('compile', 'migration.yaml', '--out', 'out');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('MP4108');
    expect(lockWaves().get(4)).toEqual({ number: 4, namespaces: wave4, closed: true });
    const plans = readFileSync(join(dir, 'out', '50-plans.yaml'), 'utf8');
    const doc = plans.split('\n---\n').find((d) => d.includes('name: tenants-4\n')) ?? '';
    expect(doc).toContain('closed: true');
    expect(existsSync(join(dir, 'out', 'migrations', 'tenants-4'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'migrations', 'tenants-5'))).toBe(true);
    // Closed stays closed, and its number is never reused.
    expect((await cli('compile', 'migration.yaml', '--rebalance')).code).toBe(0);
    expect(lockWaves().get(4)?.closed).toBe(true);
  });

  it('split.done freezes a wave: its namespaces stay even when the selection drops them, nothing joins it', async () => {
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    const wave1 = lockWaves().get(1);
    editPlan((p) => {
      (p['split'] as Record<string, unknown>)['done'] = [1];
      (p['select'] as { exclude: string[] }).exclude = ['*-scratch', wave1?.namespaces[0] ?? ''];
    });
    const r = await cli('compile', 'migration.yaml', '--rebalance');
    expect(r.code, r.stderr).toBe(0);
    expect(lockWaves().get(1)).toEqual(wave1);
    const report = await cli('report', 'migration.yaml', '--format', 'json');
    const waves = (
      JSON.parse(report.stdout) as {
        plan: { waves: { waves: { number: number; state: string }[] }[] };
      }
    ).plan.waves[0]?.waves;
    expect(waves?.find((w) => w.number === 1)?.state).toBe('done');
  });

  it('MP4107: a done wave whose namespace needs one still to move is a warning; the done wave stays', async () => {
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    const waves = lockWaves();
    const waveOf = (ns: string) =>
      [...waves.values()].find((w) => w.namespaces.includes(ns))?.number;
    // ledger-api needs ledger-core (ExternalName): mark ledger-api's wave done but not ledger-core's.
    const api = waveOf('ledger-api') ?? 0;
    expect(waveOf('ledger-core')).toBeLessThan(api);
    editPlan((p) => {
      (p['split'] as Record<string, unknown>)['done'] = [api];
    });
    const r = await cli('compile', 'migration.yaml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('MP4107');
    expect(r.stderr).toContain('ledger-api needs ledger-core');
    expect(lockWaves().get(api)).toEqual(waves.get(api));
  });

  it('MP6043: a lock file that cannot be written fails the compile, and prints nothing on stdout', async () => {
    mkdirSync(join(dir, `.${LOCK}.migplan-tmp`));
    const r = await cli('compile', 'migration.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MP6043');
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('MP4106: split.done names a wave the lock does not record (or there is no lock)', async () => {
    editPlan((p) => {
      (p['split'] as Record<string, unknown>)['done'] = [1];
    });
    const r = await cli('compile', 'migration.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MP4106');
    expect(r.stderr).toContain('no lock file');
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('a spec from stdin reads and writes no lock (MP6044); validate and report never write one', async () => {
    const stdin = await runCli(['compile', '-'], {
      cwd: dir,
      stdin: readFileSync(join(dir, 'migration.yaml'), 'utf8'),
    });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stderr).toContain('MP6044');
    expect((await cli('validate', 'migration.yaml')).code).toBe(0);
    expect((await cli('report', 'migration.yaml')).code).toBe(0);
    expect(existsSync(join(dir, LOCK))).toBe(false);
  });

  it('MP6040: a file migplan did not write is neither read nor replaced; MP6041: a damaged lock is refused', async () => {
    writeFileSync(join(dir, LOCK), 'my: notes\n');
    const foreign = await cli('compile', 'migration.yaml');
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('MP6040');
    expect(foreign.stdout).toBe('');
    expect(lockText()).toBe('my: notes\n');
    rmSync(join(dir, LOCK));
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    writeFileSync(join(dir, LOCK), lockText().replace('plans:', '<<<<<<< HEAD\nplans:'));
    const damaged = await cli('compile', 'migration.yaml');
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain('MP6041');
  });
});
