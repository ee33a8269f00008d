import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const commands = [
  'validate',
  'compile',
  'diff',
  'snapshot',
  'report',
  'init',
  'explain',
  'completion',
];

describe('help and version', () => {
  it.each(commands)('migplan %s --help ends with examples', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    const examples = r.stdout.split('\nExamples:\n')[1] ?? '';
    expect(
      examples.split('\n').filter((l) => l.startsWith(`  migplan ${command}`)).length,
    ).toBeGreaterThan(0);
  });

  it('migplan version names the spec language and the MTC/Velero/OADP releases it compiles for', async () => {
    const json = await runCli(['version', '-o', 'json']);
    expect(json.code).toBe(0);
    // By hand: OADP 1.0-1.5 bundle Velero 1.7-1.16 (oadp-operator go.mod per oadp-1.x branch).
    expect(JSON.parse(json.stdout)).toMatchObject({
      specApiVersion: 'migplan.dev/v1alpha1',
      mtc: { apiVersion: 'migration.openshift.io/v1alpha1' },
      velero: { apiVersion: 'velero.io/v1', versions: '1.7-1.16' },
      oadp: { apiVersion: 'oadp.openshift.io/v1alpha1', versions: '1.0-1.5' },
    });
    const text = await runCli(['version']);
    expect(text.stdout).toMatch(/^migplan \d+\.\d+\.\d+\nspec: {4}migplan\.dev\/v1alpha1/);
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
