import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleKind } from './helpers/examples.js';
import type { MigrationPlan } from '../src/plan/types.js';
import { runCli } from './helpers/cli.js';
import { tableUnder } from './helpers/markdown.js';

// Each example carries a DECISIONS.md written by hand from its spec, its snapshots and the upstream rules.
// The compiled plan must make exactly those decisions, so a change of decision cannot ride along with a
// golden update (npm run golden:update): the table has to change in the same review.
const examplesDir = join(import.meta.dirname, '..', 'examples');
// Kind Migration only: a HostedClusterMigration has no PVs, SCC grants or policies (test/hcp.test.ts covers it);
// NetworkMigration examples (network-migration.yaml) have their own tests.
const examples = readdirSync(examplesDir)
  .filter((d) => existsSync(join(examplesDir, d, 'expected')))
  .filter((d) => exampleKind(join(examplesDir, d)) === 'Migration')
  .sort();

async function compiledPlan(example: string): Promise<MigrationPlan> {
  const r = await runCli(['report', 'migration.yaml', '--format', 'json'], {
    cwd: join(examplesDir, example),
  });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { plan: MigrationPlan }).plan;
}

const sorted = (xs: string[]) => [...xs].sort();

describe('tableUnder reads a Markdown table by its headers', () => {
  it('keys cells by header, stops at the next section and drops a "none" row', () => {
    const md = [
      '## Persistent volumes',
      '',
      '| PVC | action | why |',
      '|---|---|---|',
      '| `a/b` | copy | rule |',
      '',
      '## SCC grants',
      '| service account | SCC |',
      '|---|---|',
      '| none | |',
    ].join('\n');
    expect(tableUnder(md, 'Persistent volumes')).toEqual([
      { pvc: 'a/b', action: 'copy', why: 'rule' },
    ]);
    expect(tableUnder(md, 'SCC grants')).toEqual([]);
  });
});

describe.each(examples)('examples/%s/DECISIONS.md matches the compiled plan', (example) => {
  const md = readFileSync(join(examplesDir, example, 'DECISIONS.md'), 'utf8');

  it('persistent volumes: action, copy method, target class', async () => {
    const plans = (await compiledPlan(example)).plans;
    const actual = plans.flatMap((p) => [
      ...p.pvs.map((d) =>
        [
          `${d.namespace}/${d.pvc}`,
          d.action,
          d.action === 'skip' ? '-' : d.copyMethod,
          d.action === 'skip' ? '-' : d.targetStorageClass || '-',
        ].join(' '),
      ),
      ...p.skippedPvcs.map((s) => `${s.namespace}/${s.name} not-migrated - -`),
    ]);
    const table = tableUnder(md, 'Persistent volumes').map((r) =>
      [r['pvc'], r['action']?.replace(' ', '-'), r['copy method'], r['target class']].join(' '),
    );
    expect(sorted(actual)).toEqual(sorted(table));
  });

  it('SCC grants: service account, SCC, and whether the SCC itself is emitted', async () => {
    const plans = (await compiledPlan(example)).plans;
    const actual = plans.flatMap((p) =>
      p.sccGrants.map((g) =>
        [`${g.targetNamespace}/${g.serviceAccount}`, g.scc, g.via, g.emitScc ? 'yes' : 'no'].join(
          ' ',
        ),
      ),
    );
    const table = tableUnder(md, 'SCC grants').map((r) =>
      [r['service account'], r['scc'], r['via'], r['scc emitted']].join(' '),
    );
    expect(sorted(actual)).toEqual(sorted(table));
  });

  it('waves: which namespace lands in which wave (examples that select or split)', async () => {
    const waves = (await compiledPlan(example)).waves ?? [];
    const actual = waves.flatMap((w) => w.assignment.map((a) => `${a.namespace} ${a.wave}`));
    const table = /^## Waves$/m.test(md)
      ? tableUnder(md, 'Waves').map((r) => `${r['namespace']} ${r['wave']}`)
      : [];
    expect(sorted(actual)).toEqual(sorted(table));
  });

  it('waves: the dependency kinds that tie each namespace (a dependency column wherever there are any)', async () => {
    const rows = /^## Waves$/m.test(md) ? tableUnder(md, 'Waves') : [];
    const waves = (await compiledPlan(example)).waves ?? [];
    // An example whose waves have dependencies must say which, by hand.
    if (!rows.some((r) => r['dependency'] !== undefined)) {
      expect(waves.flatMap((w) => w.dependencies)).toEqual([]);
      return;
    }
    const rules = new Map<string, Set<string>>();
    for (const d of waves.flatMap((w) => w.dependencies))
      for (const ns of [d.from, d.to]) rules.set(ns, (rules.get(ns) ?? new Set()).add(d.rule));
    const actual = waves.flatMap((w) =>
      w.assignment.map(
        (a) => `${a.namespace} ${[...(rules.get(a.namespace) ?? ['-'])].sort().join(', ')}`,
      ),
    );
    expect(sorted(actual)).toEqual(sorted(rows.map((r) => `${r['namespace']} ${r['dependency']}`)));
  });

  it('network policies: rsync allowances and egress objects per cluster and namespace', async () => {
    const plans = (await compiledPlan(example)).plans;
    const actual = plans.flatMap((p) => [
      ...p.rsyncPolicies.map((d) =>
        [d.side === 'source' ? 'rsync-egress' : 'rsync-ingress', d.cluster, d.namespace].join(' '),
      ),
      ...p.egress.map((e) => [e.kind, e.cluster, e.namespace].join(' ')),
    ]);
    const table = tableUnder(md, 'Network policies').map((r) =>
      [r['kind'], r['cluster'], r['namespace']].join(' '),
    );
    expect(sorted(actual)).toEqual(sorted(table));
  });
});
