import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSystemNamespace } from '../src/spec/scaffold.js';
import { generateTls } from './fixture/certs.js';
import { fixtureKubeconfig, startFixtureServer } from './fixture/api-server.js';
import { loadSnapshotObjects } from '../src/resolve/from-snapshot.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import { runCli } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

const examples = join(import.meta.dirname, '..', 'examples');

/** Every example whose spec reads a source and a target cluster from snapshots: the snapshot pairs to init from. */
function snapshotPairs(): { example: string; source: string; target: string }[] {
  const out: { example: string; source: string; target: string }[] = [];
  for (const example of readdirSync(examples).sort()) {
    let spec: {
      spec?: { clusters?: Record<string, { role?: string; discovery?: { snapshot?: string } }> };
    };
    try {
      spec = parse(readFileSync(join(examples, example, 'migration.yaml'), 'utf8')) as typeof spec;
    } catch {
      continue;
    }
    const clusters = Object.values(spec.spec?.clusters ?? {});
    const source = clusters.find((c) => c.role === 'source')?.discovery?.snapshot;
    const target = clusters.find((c) => c.role === 'target')?.discovery?.snapshot;
    if (source && target)
      out.push({
        example,
        source: join(examples, example, source),
        target: join(examples, example, target),
      });
  }
  return out;
}

describe('migplan init from each example snapshot', () => {
  const pairs = snapshotPairs();
  it('finds the examples with a source and a target snapshot', () => {
    expect(pairs.map((p) => p.example)).toEqual(
      expect.arrayContaining([
        'ocp3-to-ocp4-nodejs-mongo',
        'okd47-to-okd410-observability',
        'state-migration',
      ]),
    );
  });

  for (const { example, source, target } of pairs) {
    it(`${example}: writes a spec that validates with only placeholders to fill, and compiles`, async () => {
      const dir = scratchDir('migplan-init-');
      const init = await runCli(['init', '--snapshot', source, '--target-snapshot', target], {
        cwd: dir,
      });
      expect(init.code).toBe(0);
      expect(init.stderr).toMatch(
        /wrote migration\.yaml: \d+ namespace\(s\), split into waves when compiled/,
      );
      const validate = await runCli(['validate', 'migration.yaml', '--format', 'json'], {
        cwd: dir,
      });
      expect(validate.code).toBe(0);
      const findings = JSON.parse(validate.stdout) as { code: string }[];
      expect(findings.length).toBeGreaterThan(0);
      expect(new Set(findings.map((f) => f.code))).toEqual(new Set(['MP2581']));
      const compile = await runCli(['compile', 'migration.yaml', '--out', 'out'], { cwd: dir });
      expect(compile.stderr).not.toMatch(/ error MP/);
      expect(compile.code).toBe(0);
      // The spec reads the snapshots by paths relative to itself.
      const spec = parse(readFileSync(join(dir, 'migration.yaml'), 'utf8')) as {
        spec: { clusters: Record<string, { discovery: { snapshot: string } }> };
      };
      for (const c of Object.values(spec.spec.clusters))
        expect(c.discovery.snapshot).toMatch(/^\.\.\//);
    });
  }

  it('leaves out a namespace that cannot compile, and says why', async () => {
    // ocp3's legacy-batch holds a ReadWriteMany gluster volume no ocp4 class supports (MP4007).
    const dir = scratchDir('migplan-init-');
    const clusters = join(examples, 'ocp3-to-ocp4-nodejs-mongo', 'clusters');
    const r = await runCli(
      ['init', '--snapshot', join(clusters, 'ocp3'), '--target-snapshot', join(clusters, 'ocp4')],
      { cwd: dir },
    );
    expect(r.stderr).toContain(
      'warning MP6034: namespace legacy-batch is left out of the plans: MP4007',
    );
    const text = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    expect(text).toContain('#   legacy-batch: MP4007 PVC legacy-batch/reports needs ReadWriteMany');
    expect(text).toContain(
      "      select:\n        names: ['*']\n        exclude:\n          - legacy-batch\n",
    );
    // The rest compiles into waves of the one plan.
    const compiled = await runCli(['compile', 'migration.yaml', '--out', 'out'], { cwd: dir });
    expect(compiled.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'REPORT.md'), 'utf8')).toContain('apps-1');
  });

  it('never replaces an existing file', async () => {
    const dir = scratchDir('migplan-init-');
    writeFileSync(join(dir, 'migration.yaml'), 'mine\n');
    const clusters = join(examples, 'state-migration', 'clusters');
    const r = await runCli(['init', '--snapshot', join(clusters, 'dc1')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MP6032: migration.yaml already exists');
    expect(readFileSync(join(dir, 'migration.yaml'), 'utf8')).toBe('mine\n');
  });

  it('needs exactly one source: --snapshot or --context', async () => {
    for (const args of [['init'], ['init', '--snapshot', 'a', '--context', 'b']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('MP6010');
    }
  });

  it('without a target: placeholders for it, and the spec still validates', async () => {
    const dir = scratchDir('migplan-init-');
    const r = await runCli(
      ['init', '--snapshot', join(examples, 'state-migration', 'clusters', 'dc1'), '--out', '-'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    host:\n      role: target\n');
    expect(r.stdout).toContain('        context: replace-me\n');
  });

  it('reads a live cluster with --context (fixture API server) and writes the same plans as from its snapshot', async () => {
    const dc1 = join(examples, 'state-migration', 'clusters', 'dc1');
    const objects = loadSnapshotObjects(dc1, (f) => f).value as KubeObject[];
    const tls = generateTls();
    const server = await startFixtureServer({ objects, token: 't0ken', tls });
    try {
      const dir = scratchDir('migplan-init-');
      writeFileSync(
        join(dir, 'kubeconfig'),
        fixtureKubeconfig([{ name: 'dc1', url: server.url, ca: tls.ca, token: 't0ken' }]),
      );
      const live = await runCli(
        ['init', '--context', 'dc1', '--kubeconfig', 'kubeconfig', '--out', '-'],
        {
          cwd: dir,
        },
      );
      const snap = await runCli(['init', '--snapshot', dc1, '--out', '-'], { cwd: dir });
      expect(live.code).toBe(0);
      const plansOf = (t: string) => t.slice(t.indexOf('  plans:'));
      expect(plansOf(live.stdout)).toBe(plansOf(snap.stdout));
      expect(live.stdout).toContain('        context: dc1\n');
      expect(live.stdout).not.toContain('t0ken');
    } finally {
      await server.close();
    }
  });
});

describe('system namespaces are not application namespaces', () => {
  it.each([
    ['default', true],
    ['openshift', true],
    ['openshift-monitoring', true],
    ['kube-system', true],
    ['kube-public', true],
    ['openshiftapps', false],
    ['kubeflow', false],
    ['my-openshift-app', false],
  ])('%s -> %s', (name, expected) => expect(isSystemNamespace(name)).toBe(expected));
});
