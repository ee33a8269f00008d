import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseLock } from '../src/plan/waves/lock.js';
import { runCli } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

// A split plan the lock records but the spec no longer splits (renamed or removed): its waves' MigPlans may
// still be open on the cluster, where they conflict with any other plan of the same namespaces
// (mig-controller MigPlan.HasConflict skips only closed plans). migplan says so, once, and names them.

const example = join(import.meta.dirname, '..', 'examples', 'waves-many-namespaces');
let dir = '';
beforeEach(() => {
  dir = scratchDir('migplan-lock-gone-');
  cpSync(join(example, 'clusters'), join(dir, 'clusters'), { recursive: true });
  cpSync(join(example, 'migration.yaml'), join(dir, 'migration.yaml'));
});

const cli = (...argv: string[]) => runCli(argv, { cwd: dir });
const lockedPlans = () => {
  const r = parseLock(readFileSync(join(dir, 'migration.lock.yaml'), 'utf8'));
  if (!r.ok) throw new Error(r.why);
  return r.lock.plans;
};

describe('a split plan that leaves the spec (MP4110)', () => {
  it('renamed: the old name leaves the lock, with a warning at spec.plans naming its open waves', async () => {
    expect((await cli('compile', 'migration.yaml')).code).toBe(0);
    const waves = lockedPlans().find((p) => p.name === 'tenants')?.waves ?? [];
    expect(waves.length).toBeGreaterThan(1);
    const text = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    const doc = parseDocument(text);
    doc.setIn(['spec', 'plans', 0, 'name'], 'people');
    writeFileSync(join(dir, 'migration.yaml'), doc.toString());
    // spec.plans is the key `plans:` under spec; the finding points at its value, the first plan item.
    const lines = doc.toString().split('\n');
    const line = lines.findIndex((l) => /^ {2}plans:/.test(l)) + 2;

    const r = await cli('compile', 'migration.yaml');
    expect(r.code, r.stderr).toBe(0);
    const found = r.stderr.split('\n').filter((l) => l.includes('MP4110'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^migration\\.yaml:${line}:\\d+: warning MP4110`));
    for (const w of waves) expect(found[0]).toContain(`tenants-${w.number}`);
    expect(lockedPlans().map((p) => p.name)).toEqual(['people']);

    // Said once: the next compile has nothing left to say.
    const again = await cli('compile', 'migration.yaml');
    expect(again.stderr).not.toContain('MP4110');
  });
});
