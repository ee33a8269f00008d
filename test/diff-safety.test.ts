import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectsOfTree, redactSecrets } from '../src/diff/diff.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { terminalControl } from './helpers/terminal.js';
import { scratchDir } from './helpers/tmp.js';

const example = join(import.meta.dirname, '..', 'examples', 'okd47-to-okd410-observability');

async function compiledCopy(): Promise<string> {
  const dir = scratchDir('migplan-diff-safety-');
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true, force: true });
  expect((await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir })).code).toBe(0);
  return dir;
}

/** Adds a file to the compiled tree as if compile had written it (listed in manifest.json with its hash). */
function writeListed(dir: string, rel: string, content: string): void {
  writeFileSync(join(dir, 'plan', rel), content);
  const path = join(dir, 'plan', 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    files: { path: string; sha256: string }[];
  };
  manifest.files.push({ path: rel, sha256: createHash('sha256').update(content).digest('hex') });
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
const secretValues = ['c2VjcmV0LXRva2Vu', 'hunter2', 'TopS3cretPass', 'QXBwbGllZFRva2Vu'];

/** A List holding a Secret (with a last-applied annotation) and a List nested in it holding another. */
const secretList = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata:
      name: migration-token
      namespace: openshift-config
      annotations:
        ${lastApplied}: '{"apiVersion":"v1","kind":"Secret","data":{"saToken":"QXBwbGllZFRva2Vu"},"stringData":{"password":"TopS3cretPass"},"metadata":{"name":"migration-token"}}'
    data:
      saToken: c2VjcmV0LXRva2Vu
  - apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Secret
        metadata:
          name: s3
        stringData:
          password: hunter2
`;

/** A top-level Secret whose last-applied annotation holds its values. */
const appliedSecret = `apiVersion: v1
kind: Secret
metadata:
  name: applied
  namespace: openshift-config
  annotations:
    ${lastApplied}: |
      {"apiVersion":"v1","data":{"saToken":"QXBwbGllZFRva2Vu"},"kind":"Secret","metadata":{"name":"applied"}}
data:
  saToken: c2VjcmV0LXRva2Vu
`;

function expectNoSecret(r: CliRun): void {
  for (const v of secretValues) {
    expect(r.stdout).not.toContain(v);
    expect(r.stderr).not.toContain(v);
  }
}

describe('diff --against DIR never prints Secret values', () => {
  it('a Secret inside a List (at any depth) and its last-applied annotation are redacted', async () => {
    const dir = await compiledCopy();
    writeListed(dir, '05-secrets.yaml', secretList);
    writeListed(dir, '06-applied.yaml', appliedSecret);
    const full = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(full.code).toBe(1);
    expect(full.stdout).toContain('List');
    expect(full.stdout).toContain('<redacted>');
    expect(full.stdout).toContain('migration-token');
    expectNoSecret(full);
    const stat = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
      cwd: dir,
    });
    expect(stat.code).toBe(1);
    expect(stat.stdout).toMatch(/Plan: 0 to add, 0 to change, 2 to remove\.\n$/);
    expectNoSecret(stat);
  });

  it('redactSecrets masks data, stringData and last-applied values, keeping the rest', () => {
    const out = redactSecrets({
      kind: 'List',
      items: [
        {
          kind: 'Secret',
          metadata: {
            name: 'a',
            annotations: {
              [lastApplied]: JSON.stringify({
                kind: 'Secret',
                metadata: { name: 'a' },
                data: { k: 'QXBwbGllZFRva2Vu' },
              }),
              other: 'kept',
            },
          },
          data: { k: 'c2VjcmV0LXRva2Vu' },
        },
        { kind: 'ConfigMap', data: { k: 'visible' } },
        null,
      ],
    });
    const text = JSON.stringify(out);
    for (const v of secretValues) expect(text).not.toContain(v);
    expect(text).toContain('visible');
    expect(text).toContain('kept');
    const item = (out['items'] as Record<string, Record<string, Record<string, string>>>[])[0];
    expect(JSON.parse(item?.['metadata']?.['annotations']?.[lastApplied] ?? '')).toEqual({
      kind: 'Secret',
      metadata: { name: 'a' },
      data: { k: '<redacted>' },
    });
  });

  it('control characters in a compared object are escaped in the patch', async () => {
    const dir = await compiledCopy();
    writeListed(
      dir,
      '07-cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x\\e[2J"\ndata:\n  a: "\\u202eevil\\x9b31m\\x7f"\n',
    );
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ConfigMap');
    expect(r.stdout).not.toMatch(terminalControl);
    const stat = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
      cwd: dir,
    });
    expect(stat.stdout).not.toMatch(terminalControl);
  });

  it('a last-applied annotation that is not JSON is redacted whole', () => {
    const out = redactSecrets({
      kind: 'Secret',
      metadata: { annotations: { [lastApplied]: '{"data":{"k":"hunter2"' } },
    });
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });
});

describe('diff --against DIR: a file it cannot read is an error, never "to add"', () => {
  const cases: { name: string; file: string; content: string | Buffer; line: number }[] = [
    {
      name: 'a duplicate key',
      file: '50-plans.yaml',
      content: 'apiVersion: migration.openshift.io/v1alpha1\nkind: MigPlan\nkind: MigPlan\n',
      line: 3,
    },
    {
      name: 'a syntax error',
      file: '20-storage.yaml',
      content: 'apiVersion: v1\nkind: [MigStorage\nmetadata:\n  name: x\n',
      line: 3,
    },
    {
      name: 'binary content',
      file: '10-clusters.yaml',
      content: Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x0a, 0x00, 0xff, 0xfe, 0x1b, 0x5b]),
      line: 2,
    },
    {
      name: 'a document that is not an object',
      file: '30-access.yaml',
      content: '---\njust a string\n',
      line: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = await compiledCopy();
      writeFileSync(join(dir, 'plan', c.file), c.content);
      const r = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        new RegExp(`^plan/${c.file.replace('.', '\\.')}:${c.line}:\\d+: error MP3050: `, 'm'),
      );
      expect(r.stderr).not.toContain('to add');
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      expect(r.stderr).not.toMatch(terminalControl);
      const stat = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
        cwd: dir,
      });
      expect(stat.code).toBe(2);
      expect(stat.stdout).toBe('');
    });
  }

  it('objectsOfTree reports the file and line instead of dropping it', () => {
    const tree = new Map([
      ['ok.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n'],
      ['bad.yaml', 'apiVersion: v1\nkind: Namespace\nkind: Namespace\n'],
    ]);
    const r = objectsOfTree(tree, 'host');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'MP3050', file: 'bad.yaml', line: 3 });
    expect([...(r.value?.keys() ?? [])]).toEqual(['host/v1/Namespace//a']);
  });

  it("objectsOfTree skips the files of a tree that hold no objects (kustomize's, Argo CD's ignoreDifferences)", () => {
    const tree = new Map([
      ['ok.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n'],
      ['kustomization.yaml', 'resources:\n  - ok.yaml\n'],
      // What compile --out writes there: entries for an Application's spec.ignoreDifferences.
      ['argocd/ignore-differences.yaml', 'ignoreDifferences:\n  - group: migration.openshift.io\n'],
      ['argocd/other.yaml', 'ignoreDifferences: []\n'],
    ]);
    const r = objectsOfTree(tree, 'host');
    expect([...(r.value?.keys() ?? [])]).toEqual(['host/v1/Namespace//a']);
    // Only the file migplan writes there is skipped: any other file without a kind is still an error.
    expect(r.diagnostics.map((d) => d.file)).toEqual(['argocd/other.yaml']);
  });

  it('an unchanged tree is still equal after the stricter read', async () => {
    const dir = await compiledCopy();
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'plan', '50-plans.yaml'), 'utf8')).toContain('kind: MigPlan');
  });
});
