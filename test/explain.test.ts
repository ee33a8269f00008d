import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import schema from '../schemas/migration.schema.json' with { type: 'json' };
import { explain, explainablePaths, type SchemaNode } from '../src/docs/explain.js';
import { runCli } from './helpers/cli.js';

const root = schema as SchemaNode;
const paths = explainablePaths(root);

describe('migplan explain covers every schema path', () => {
  it('walks the whole schema (every property, map value and list item field)', () => {
    // Spot checks that the walk reaches into $refs, maps and list items.
    for (const p of [
      'spec.clusters.<name>.discovery.snapshot',
      'spec.plans.volumes.overrides.pvc',
      'spec.plans.hooks.playbook',
      'spec.plans.namespaces.from',
      'spec.controller.stunnelTcpProxy.fromSecret.key',
    ])
      expect(paths).toContain(p);
    expect(paths.length).toBeGreaterThan(80);
  });

  // One test over all paths (not one per path): the count of tests should say how many behaviours are checked.
  it('every path is located, described, and has an example that is YAML', () => {
    const problems: string[] = [];
    for (const path of paths) {
      const out = explain(root, path, { kind: 'Migration' });
      const text = out.value ?? '';
      const example = text.split('EXAMPLE:\n')[1]?.split('\n\n')[0] ?? '';
      if (out.diagnostics.length) problems.push(`${path}: ${out.diagnostics[0]?.message}`);
      else if (!text.includes(`FIELD:    ${path} <`)) problems.push(`${path}: no FIELD line`);
      else if (text.includes('(no description)')) problems.push(`${path}: no description`);
      else if (example.trim() === '') problems.push(`${path}: no example`);
      else
        try {
          parse(example.replace(/^ {4}/gm, '').replace(/<name>:/g, 'name:'));
        } catch (err) {
          problems.push(`${path}: example is not YAML: ${(err as Error).message}`);
        }
    }
    expect(problems).toEqual([]);
  });
});

/** Written by hand from schemas/migration.schema.json, as kubectl explain would show each. */
describe('explain output, field by field', () => {
  it.each([
    [
      'spec.plans.volumes.transfer',
      '<string>',
      'DEFAULT:  "direct"',
      'ALLOWED VALUES: "direct", "indirect"',
    ],
    [
      'spec.clusters.okd47.role',
      '<string>',
      'REQUIRED: yes',
      'ALLOWED VALUES: "source", "target", "both"',
    ],
    ['spec.plans.namespaces', '<[](string | NamespaceMapping)>', 'REQUIRED: no', '      - <value>'],
    ['spec.clusters', '<map[string]Cluster>', 'REQUIRED: yes', '  <name>\t<Cluster>'],
    ['spec.plans.migrations', '<[]MigrationStep>', 'REQUIRED: no', '  name\t<string> -required-'],
    ['spec.controller.namespaceLimit', '<integer>', 'CONSTRAINTS: minimum 1', 'namespaceLimit: 1'],
  ])('%s', (path, type, a, b) => {
    const text = explain(root, path, { kind: 'Migration' }).value ?? '';
    expect(text.split('\n')[1]).toBe(`FIELD:    ${path.replace('okd47', '<name>')} ${type}`);
    expect(text).toContain(a);
    expect(text).toContain(b);
  });

  it('--recursive prints the subtree, one field per line', () => {
    const text = explain(root, 'spec.clusters', { kind: 'Migration', recursive: true }).value ?? '';
    expect(text).toContain('    discovery\t<object>\n      context\t<string>\n');
    expect(text).not.toContain('DESCRIPTION:\n    Base64'); // field lines only below FIELDS
  });

  it('an unknown field is a usage error with a suggestion (exit 2)', async () => {
    const r = await runCli(['explain', 'spec.plan']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error MP2580: spec has no field "plan" (did you mean "plans"?)');
    const ok = await runCli(['explain', 'spec.plans.volumes']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('FIELD:    spec.plans.volumes <Volumes>');
  });

  it('with no path it describes the document', async () => {
    const r = await runCli(['explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND: {5}Migration\n\nDESCRIPTION:\n/);
    expect(r.stdout).toContain('  apiVersion\t<string> -required-');
  });
});
