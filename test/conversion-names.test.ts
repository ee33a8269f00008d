import { describe, expect, it } from 'vitest';
import { compile, isCompiled } from '../src/compile.js';
import { loadTemplates } from '../src/io/templates.js';
import {
  conversionTargetName,
  statefulSetOf,
  statefulSetVolumeName,
  type PodOwnersAndClaims,
} from '../src/plan/rules/conversion-names.js';
import type { Spec } from '../src/spec/spec.js';
import { facts, k, specWith } from './helpers/facts.js';

const bundledTemplates = await loadTemplates();

/**
 * migtools/mig-controller @3acf3578 pkg/controller/migplan/pvlist_test.go, case by case. The upstream
 * tests run with status.suffix "abcd" (or none: GetSuffix then returns StorageConversionPVCNamePrefix,
 * "new"); getMappedNameForPVC returns `<source>:<target>`, we compare the target part.
 */

const setPod = (claim: string, set = 'set'): PodOwnersAndClaims => ({
  owners: [{ kind: 'StatefulSet', name: set }],
  claimNames: [claim],
});

describe('pvlist_test.go Test_getStatefulSetVolumeName', () => {
  it.each([
    [
      'statefulset volume with single ordinal value, no suffix in plan (GetSuffix: "new")',
      'example-set-0',
      'set',
      'new',
      'example-mig-new-set-0',
    ],
    [
      'statefulset volume with single ordinal value, suffix in plan',
      'example-set-0',
      'set',
      'abcd',
      'example-mig-abcd-set-0',
    ],
    [
      'statefulset volume with double ordinal value',
      'example-set-10',
      'set',
      'abcd',
      'example-mig-abcd-set-10',
    ],
    ['a volume with no ordinal (no set name)', 'example-set', '', 'abcd', 'example-set-mig-abcd'],
    [
      'statefulset volume with double ordinal value and an earlier -mig-defg',
      'example-mig-defg-set-10',
      'set',
      'abcd',
      'example-mig-abcd-set-10',
    ],
  ])('%s', (_name, pvc, set, suffix, want) => {
    expect(statefulSetVolumeName(pvc, set, suffix)).toBe(want);
  });
});

describe('pvlist_test.go Test_isStatefulSetVolume', () => {
  it.each([
    ['none of the pods use the volume', [] as PodOwnersAndClaims[], undefined],
    [
      'pods use the volume but are not owned by a StatefulSet',
      [{ owners: [], claimNames: ['test'] }],
      undefined,
    ],
    ['a pod owned by StatefulSet "set" uses the volume', [setPod('test')], 'set'],
  ])('%s', (_name, pods, want) => {
    expect(statefulSetOf('test', pods)).toBe(want);
  });
});

describe('pvlist_test.go Test_getMappedNameForPVC, storage-conversion plans (suffix "abcd")', () => {
  it.each([
    ['a storage conversion plan', 'test', [], 'test-mig-abcd'],
    [
      'a 252-character PVC name: cut to 247, then to 253 in all',
      'b'.repeat(252),
      [],
      `${'b'.repeat(247)}-mig-a`,
    ],
    ['a 247-character PVC name', 'b'.repeat(247), [], `${'b'.repeat(247)}-mig-a`],
    ['a statefulset volume', 'test-set-2', [setPod('test-set-2')], 'test-mig-abcd-set-2'],
    ['a -new name', 'test-new', [], 'test-mig-abcd'],
    [
      'a statefulset volume with -new',
      'test-new-set-2',
      [setPod('test-new-set-2')],
      'test-mig-abcd-set-2',
    ],
    ['an earlier -mig-vwxd name', 'test-mig-vwxd', [], 'test-mig-abcd'],
  ] as [string, string, PodOwnersAndClaims[], string][])('%s', (_name, pvc, pods, want) => {
    const got = conversionTargetName(pvc, pods, 'abcd');
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(253);
  });
});

describe('pvlist_test.go Test_getMappedNameForPVC, plans that are not conversions', () => {
  const templates = bundledTemplates;
  const pvcNames = async (spec: Spec) => {
    const r = await compile({
      spec,
      specText: JSON.stringify(spec),
      templates,
      version: 'test',
      source: {
        kind: 'snapshot',
        read: (name) =>
          Promise.resolve({
            value: facts(name, [
              k.ns('test'),
              k.sc('gp3-csi', 'ebs.csi.aws.com', true),
              ...(name === 'src' ? k.volume('test', 'test', { sc: 'gp3-csi' }) : []),
            ]),
            diagnostics: [],
          }),
      },
    });
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const plan = r.manifests?.find((m) => m.object.kind === 'MigPlan')?.object as unknown as {
      spec: { persistentVolumes: { pvc: { name: string } }[] };
    };
    return {
      names: plan.spec.persistentVolumes.map((pv) => pv.pvc.name),
      predicted: r.plan?.plans[0]?.pvs.map((d) => d.conversionTargetPvc),
    };
  };
  it('not a conversion: the original PVC name, and no predicted new name', async () => {
    const r = await pvcNames(specWith({ namespaces: ['test'] }));
    expect(r).toEqual({ names: ['test'], predicted: [undefined] });
  });
  it('not a conversion, with an existing mapping: "test:existing-name"', async () => {
    const r = await pvcNames(
      specWith({
        namespaces: ['test'],
        type: 'state',
        images: 'none',
        volumes: { overrides: [{ pvc: 'test/test', renameTo: 'existing-name' }] },
        migrations: [{ name: 'state', type: 'state' }],
      }),
    );
    expect(r.names).toEqual(['test:existing-name']);
  });
});

describe('the report and the --out tree for a conversion', () => {
  it('predicts each new name with the suffix left open, and emits the ignoreDifferences the MigPlan needs', async () => {
    const spec = specWith({
      type: 'storage-class-conversion',
      target: 'src',
      images: 'none',
      namespaces: ['db'],
      volumes: { transfer: 'direct', storageClassMap: { gp2: 'gp3-csi' } },
      migrations: [{ name: 'convert', type: 'cutover' }],
    });
    spec.spec.clusters = { src: { role: 'both', host: true } };
    delete spec.spec.replicationRepository;
    const pod = {
      ...k.pod('db', 'pg-0', { claims: ['data-pg-0'] }),
      metadata: {
        name: 'pg-0',
        namespace: 'db',
        ownerReferences: [{ kind: 'StatefulSet', name: 'pg', controller: true }],
      },
    };
    const r = await compile({
      spec,
      specText: JSON.stringify(spec),
      templates: bundledTemplates,
      version: 'test',
      source: {
        kind: 'snapshot',
        read: () =>
          Promise.resolve({
            value: facts('src', [
              k.ns('db'),
              k.sc('gp2', 'kubernetes.io/aws-ebs', true),
              k.sc('gp3-csi', 'ebs.csi.aws.com'),
              k.volume('db', 'data-pg-0', { sc: 'gp2' }),
              k.volume('db', 'scratch-new', { sc: 'gp2' }),
              pod,
            ]),
            diagnostics: [],
          }),
      },
    });
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.report).toContain('| db/data-pg-0 → data-mig-????-pg-0 |');
    expect(r.report).toContain('| db/scratch-new → scratch-mig-???? |');
    expect(r.tree?.get('argocd/ignore-differences.yaml')).toContain(
      [
        'ignoreDifferences:',
        '  - group: migration.openshift.io',
        '    kind: MigPlan',
        '    name: unit-plan',
        '    namespace: openshift-migration',
        '    jqPathExpressions:',
        '      - ".spec.persistentVolumes[].pvc.name"',
      ].join('\n'),
    );
    expect(r.tree?.get('manifest.json')).toContain('argocd/ignore-differences.yaml');
  });
});

describe('persistentVolumes in the order mig-controller writes them back', () => {
  it("sorted by PV name (migplan_types.go PersistentVolumes.EndPvStaging), not by the plan's namespace order", async () => {
    const spec = specWith({ namespaces: ['web', 'app'] });
    const r = await compile({
      spec,
      specText: JSON.stringify(spec),
      templates: bundledTemplates,
      version: 'test',
      source: {
        kind: 'snapshot',
        read: (name) =>
          Promise.resolve({
            value: facts(name, [
              k.ns('web'),
              k.ns('app'),
              k.sc('gp3-csi', 'ebs.csi.aws.com', true),
              ...(name === 'src'
                ? [
                    ...k.volume('web', 'data', { sc: 'gp3-csi' }),
                    ...k.volume('app', 'data', { sc: 'gp3-csi' }),
                  ]
                : []),
            ]),
            diagnostics: [],
          }),
      },
    });
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const plan = r.manifests?.find((m) => m.object.kind === 'MigPlan')?.object as unknown as {
      spec: { persistentVolumes: { name: string }[] };
    };
    expect(plan.spec.persistentVolumes.map((pv) => pv.name)).toEqual([
      'pv-app-data',
      'pv-web-data',
    ]);
  });
});
