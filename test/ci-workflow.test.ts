import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

const root = join(import.meta.dirname, '..');
interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
const workflow = parse(readFileSync(join(root, 'examples', 'ci', 'migplan.yml'), 'utf8')) as {
  jobs: { plan: { steps: Step[] } };
};
const steps = workflow.jobs.plan.steps;

/** A repository laid out as the workflow expects, from an example: spec, snapshots and compiled output. */
async function repository(): Promise<string> {
  const repo = scratchDir('migplan-ci-repo-');
  cpSync(join(root, 'examples', 'okd47-to-okd410-observability'), join(repo, 'migration'), {
    recursive: true,
  });
  const compiled = await runCli(
    ['compile', 'migration/migration.yaml', '--out', 'migration/compiled'],
    {
      cwd: repo,
    },
  );
  expect(compiled.code).toBe(0);
  return repo;
}

/** Runs one `migplan ...` step the way the runner's shell would: words split, `> file` redirected. */
async function runStep(step: Step, cwd: string) {
  const [command, redirect] = (step.run ?? '').split(' > ');
  const [bin, ...args] = command!.trim().split(/\s+/);
  expect(bin).toBe('migplan');
  const r = await runCli(args, { cwd });
  if (redirect) writeFileSync(join(cwd, redirect.trim()), r.stdout);
  return r;
}

const migplanSteps = steps.filter((s) => s.run?.startsWith('migplan '));

describe('examples/ci/migplan.yml', () => {
  it('has the steps the README describes, and uploads SARIF even when a check failed', () => {
    expect(migplanSteps.map((s) => s.run?.split(' ')[1])).toEqual([
      'validate',
      'compile',
      'report',
    ]);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.['sarif_file']).toBe('migplan.sarif');
  });

  it('on an unchanged repository every step passes and the SARIF log has no results', async () => {
    const repo = await repository();
    for (const step of migplanSteps) {
      const r = await runStep(step, repo);
      expect(r.code, `${step.name}: ${r.stderr}`).toBe(0);
    }
    const sarif = JSON.parse(readFileSync(join(repo, 'migplan.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    // Warnings of the example are findings too; no error is among them.
    expect(sarif.runs[0]!.results.every((r) => (r as { level: string }).level !== 'error')).toBe(
      true,
    );
    expect(readFileSync(join(repo, 'report.md'), 'utf8')).toMatch(/^# /);
  });

  it('a pull request that edits the spec without recompiling fails the check, located in the SARIF log', async () => {
    const repo = await repository();
    const spec = join(repo, 'migration', 'migration.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace('quiescePods: false', 'quiescePods: true'),
    );
    const [validate, compile] = migplanSteps;
    expect((await runStep(validate!, repo)).code).toBe(0);
    const check = await runStep(compile!, repo);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('');
    const results = (
      JSON.parse(readFileSync(join(repo, 'migplan.sarif'), 'utf8')) as {
        runs: {
          results: {
            ruleId: string;
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }[];
        }[];
      }
    ).runs[0]!.results;
    const stale = results.find((r) => r.ruleId === 'MP6003');
    expect(stale?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'migration/migration.yaml',
    );
  });

  it('a bad spec annotates its line with a workflow command', async () => {
    const repo = await repository();
    const spec = join(repo, 'migration', 'migration.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('engine: mtc', 'engine: mtcc'));
    const r = await runStep(migplanSteps[0]!, repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=migration\/migration\.yaml,line=\d+,col=\d+,title=MP2004 /m,
    );
  });
});
