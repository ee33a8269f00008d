import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { plan } from '../src/plan/plan.js';
import { render } from '../src/render/render.js';
import { loadTemplates } from '../src/io/templates.js';
import { facts, k, specWith } from './helpers/facts.js';

const bundledTemplates = await loadTemplates();

const examples = join(import.meta.dirname, '..', 'examples');
type Obj = {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
};

async function compileObjects(cwd: string, spec: string, stdin?: string): Promise<Obj[]> {
  const out: Obj[] = [];
  const setup = await runCli(['compile', spec, '-o', 'json'], { cwd, ...(stdin ? { stdin } : {}) });
  expect(setup.code, setup.stderr).toBe(0);
  out.push(...(JSON.parse(setup.stdout) as { items: Obj[] }).items);
  return out;
}

describe('engine parity: MTC and Velero migrate the same things', () => {
  it('the OKD example compiled both ways: same namespaces, PVs and storage-class decisions', async () => {
    const dir = join(examples, 'okd47-to-okd410-observability');
    const mtcSpec = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    const veleroSpec = mtcSpec
      .replace('  engine: mtc\n', '  engine: velero\n')
      .replace('      role: source\n', '      role: source\n      veleroVersion: "1.14"\n')
      .replace('      role: target\n', '      role: target\n      veleroVersion: "1.14"\n');
    const mtc = await compileObjects(dir, '-', mtcSpec);
    const migplan = mtc.find((o) => o.kind === 'MigPlan') as Obj;
    const tree = await runCli(['compile', '-', '--migration', 'observability-cutover'], {
      cwd: dir,
      stdin: veleroSpec,
    });
    expect(tree.code, tree.stderr).toBe(0);
    const restore = jsYaml
      .loadAll(tree.stdout)
      .find((d) => (d as Obj | null)?.kind === 'Restore') as Obj;
    // Namespaces: MTC's src[:dest] entries equal Velero's includedNamespaces plus namespaceMapping.
    const mtcNamespaces = (migplan.spec['namespaces'] as string[]).map((n) => n.split(':'));
    expect(restore.spec['includedNamespaces']).toEqual(mtcNamespaces.map((p) => p[0]));
    expect(restore.spec['namespaceMapping']).toEqual(
      Object.fromEntries(mtcNamespaces.filter((p) => p.length === 2)),
    );
    // Storage classes: every copied PV's MTC target class is what the change-storage-class ConfigMap says.
    const veleroSetup = await compileObjects(dir, '-', veleroSpec);
    const configMap = veleroSetup.find((o) => o.kind === 'ConfigMap') as Obj;
    const pvs = migplan.spec['persistentVolumes'] as {
      storageClass: string;
      selection: { action: string; storageClass: string };
    }[];
    for (const pv of pvs.filter((x) => x.selection.action === 'copy'))
      expect(configMap.data?.[pv.storageClass]).toBe(pv.selection.storageClass);
    // PVs: the same ones are skipped (reported) and copied.
    const report = JSON.parse(
      (await runCli(['report', '-', '--format', 'json'], { cwd: dir, stdin: veleroSpec })).stdout,
    ) as { plan: { plans: { pvs: { pvName: string; action: string }[] }[] } };
    expect(report.plan.plans[0]?.pvs.map((p) => `${p.pvName}:${p.action}`).sort()).toEqual(
      pvs.map((p) => `${(p as unknown as { name: string }).name}:${p.selection.action}`).sort(),
    );
  });
});

describe('Velero versions and limits', () => {
  const veleroSpec = (clusters: Record<string, string>, extra: Record<string, unknown> = {}) =>
    specWith(
      { images: 'direct', migrations: [{ name: 'cutover', type: 'cutover' }] },
      {
        engine: 'velero',
        ...extra,
        clusters: {
          src: { role: 'source', ...(clusters['src'] ? { veleroVersion: clusters['src'] } : {}) },
          dst: { role: 'target', ...(clusters['dst'] ? { veleroVersion: clusters['dst'] } : {}) },
        },
      },
    );
  const src = facts('src', [
    k.ns('app'),
    k.sc('gp2', 'kubernetes.io/aws-ebs', true),
    ...k.volume('app', 'data', { sc: 'gp2', source: { awsElasticBlockStore: { volumeID: 'v' } } }),
  ]);
  const dst = facts('dst', [
    k.ns('default'),
    k.sc('gp3-csi', 'ebs.csi.aws.com', true),
    k.sc('cephfs', 'openshift-storage.cephfs.csi.ceph.com'),
  ]);

  it('emits defaultVolumesToRestic before Velero 1.10 and defaultVolumesToFsBackup from 1.10', () => {
    for (const [version, field] of [
      ['1.9', 'defaultVolumesToRestic'],
      ['1.10', 'defaultVolumesToFsBackup'],
    ] as const) {
      const mp = plan({
        spec: veleroSpec({ src: version, dst: '1.11' }),
        facts: { src, dst },
      }).value!;
      const backup = render(mp, bundledTemplates).value?.find((m) => m.object.kind === 'Backup');
      expect((backup?.object['spec'] as Record<string, unknown>)[field]).toBe(true);
    }
  });

  it('one class mapped two ways cannot be expressed in the ConfigMap (MP4029)', () => {
    const spec = veleroSpec({ src: '1.14', dst: '1.14' });
    spec.spec.plans[0].volumes = { overrides: [{ pvc: 'app/data2', storageClass: 'cephfs' }] };
    const both = facts('src', [
      k.ns('app'),
      k.sc('gp2', 'kubernetes.io/aws-ebs', true),
      ...k.volume('app', 'data', {
        sc: 'gp2',
        source: { awsElasticBlockStore: { volumeID: 'v' } },
      }),
      ...k.volume('app', 'data2', {
        sc: 'gp2',
        source: { awsElasticBlockStore: { volumeID: 'w' } },
      }),
    ]);
    const mp = plan({ spec, facts: { src: both, dst } }).value!;
    expect(render(mp, bundledTemplates).diagnostics.map((d) => d.code)).toContain('MP4029');
  });

  it('hooks have no Velero equivalent and say so (MP4030)', () => {
    const spec = veleroSpec({ src: '1.14', dst: '1.14' });
    spec.spec.plans[0].hooks = [
      {
        name: 'warm',
        phase: 'PostRestore',
        cluster: 'destination',
        executionNamespace: 'app',
        serviceAccount: 'runner',
        image: 'quay.io/x/y:1',
      },
    ];
    const mp = plan({ spec, facts: { src, dst } }).value!;
    expect(render(mp, bundledTemplates).diagnostics.map((d) => d.code)).toContain('MP4030');
  });
});
