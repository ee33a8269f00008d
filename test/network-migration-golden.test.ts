import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetworkMigrationPlan } from '../src/plan/cni/types.js';
import { runCli } from './helpers/cli.js';
import { compareTree, readTreeSync } from './helpers/golden.js';
import { tableUnder } from './helpers/markdown.js';
import { scratchDir } from './helpers/tmp.js';

const examplesDir = join(import.meta.dirname, '..', 'examples');
/** NetworkMigration examples: examples/sdn-to-ovn-* with a network-migration.yaml. */
export const networkExamples = readdirSync(examplesDir)
  .filter(
    (d) =>
      d.startsWith('sdn-to-ovn-') && existsSync(join(examplesDir, d, 'network-migration.yaml')),
  )
  .sort();

describe('golden output of every NetworkMigration example', () => {
  it('has an example below 4.12 (migplan converts) and one at 4.12+ (the operator converts)', () =>
    expect(networkExamples.length).toBeGreaterThanOrEqual(2));

  for (const name of networkExamples) {
    it(`${name}: the --out tree, stdout and diagnostics match expected/`, async () => {
      const dir = join(examplesDir, name);
      const out = scratchDir('migplan-cni-golden-');
      const written = await runCli(['compile', 'network-migration.yaml', '--out', out], {
        cwd: dir,
      });
      expect(written.code, written.stderr).toBe(0);
      const tree = readTreeSync(out);
      const cli = await runCli(['compile', 'network-migration.yaml'], { cwd: dir });
      expect(cli.code).toBe(0);
      // The admission check ran (verifyNetworkMigration) and no OVN or operator rule would fire.
      expect(cli.stderr).not.toMatch(/MP70\d\d/);
      tree.set('stdout.yaml', cli.stdout);
      tree.set('diagnostics.txt', cli.stderr);
      expect(compareTree(join(dir, 'expected'), tree)).toBe('');
      // --check accepts what compile wrote, and compiling twice gives the same bytes.
      const check = await runCli(['compile', 'network-migration.yaml', '--out', out, '--check'], {
        cwd: dir,
      });
      expect(check.code, check.stderr).toBe(0);
    });
  }
});

async function compiledPlan(example: string): Promise<NetworkMigrationPlan> {
  const r = await runCli(['report', 'network-migration.yaml', '--format', 'json'], {
    cwd: join(examplesDir, example),
  });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { plan: NetworkMigrationPlan }).plan;
}

// DECISIONS.md of each example is written by hand from its snapshot and the reference tables (who converts
// what on that version, and the step order of its procedure); a change of decision cannot ride on a golden update.
describe.each(networkExamples)('examples/%s/DECISIONS.md matches the compiled plan', (example) => {
  const md = readFileSync(join(examplesDir, example, 'DECISIONS.md'), 'utf8');

  it('conversions: feature, from, to and who converts it', async () => {
    const plan = await compiledPlan(example);
    const actual = plan.conversions.map((c) => [c.feature, c.from, c.to, c.by].join(' | '));
    const table = tableUnder(md, 'Conversions').map((r) =>
      [r['feature'], r['from'], r['to'], r['by']].join(' | '),
    );
    expect(actual.sort()).toEqual(table.sort());
  });

  it('steps: order, name and the file each applies', async () => {
    const plan = await compiledPlan(example);
    const actual = [
      ...plan.steps.map((s) =>
        ['forward', s.nn, s.name, s.objects.length ? 'yes' : 'no'].join(' '),
      ),
      ...plan.rollback.map((s) =>
        ['rollback', s.nn, s.name, s.objects.length ? 'yes' : 'no'].join(' '),
      ),
    ];
    const table = tableUnder(md, 'Steps').map((r) =>
      [r['sequence'], Number(r['#']), r['step'], r['applies objects']].join(' '),
    );
    expect(actual).toEqual(table);
  });
});
