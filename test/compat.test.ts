import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { toYaml } from '../src/emit/serialize.js';
import { describe, expect, it } from 'vitest';
import { checkCompatibility, incompatibleResources } from '../src/plan/rules/compat.js';
import { kubernetesMinor } from '../src/plan/rules/api-lifecycle.js';
import {
  emptyFacts,
  type ClusterFacts,
  type InventoryList,
  type OlmFact,
  type ServedApis,
} from '../src/resolve/cluster-facts.js';
import { backedUpResources, discoveryDocuments, servedApisFrom } from '../src/resolve/discovery.js';
import { factsFromObjects } from '../src/resolve/facts-from-objects.js';
import { runCli } from './helpers/cli.js';
import { compileWithFacts } from './helpers/compile-facts.js';
import { examplesDir } from './helpers/live-example.js';
import { facts, k, specWith } from './helpers/facts.js';
import { scratchDir } from './helpers/tmp.js';

const ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Discovery from `group/version: plural=Kind ...` lines; the first version of a group is preferred. */
function apis(lines: Record<string, string>): ServedApis {
  const groups = new Map<string, string[]>();
  const resources: ServedApis['resources'] = [];
  for (const [gv, list] of Object.entries(lines)) {
    const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
    const versions = groups.get(group ?? '') ?? [];
    versions.push(version ?? '');
    groups.set(group ?? '', versions);
    for (const entry of list.split(' ').filter(Boolean)) {
      const [plural, rest] = entry.split('=') as [string, string];
      const [kind, flags] = rest.split(':') as [string, string | undefined];
      resources.push({
        group: group ?? '',
        version: version ?? '',
        plural,
        kind,
        namespaced: flags !== 'cluster',
        verbs: flags === 'readonly' ? ['get', 'list', 'watch'] : ALL,
      });
    }
  }
  return {
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions,
      preferredVersion: versions[0] as string,
    })),
    resources,
    unread: [],
  };
}

const inv = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  objects: string[] | { unreadable: string },
): InventoryList => ({
  group,
  version,
  kind,
  plural,
  ...(Array.isArray(objects)
    ? {
        objects: objects.map((o) => {
          const [namespace, name] = o.split('/') as [string, string];
          return { namespace, name };
        }),
      }
    : objects),
});

function cluster(name: string, init: Partial<ClusterFacts>): ClusterFacts {
  return { ...emptyFacts(name), ...init };
}

const run = (source: ClusterFacts, target: ClusterFacts, namespaces = ['app']) =>
  checkCompatibility({ planName: 'p', index: 0, namespaces, source, target, engine: 'mtc' });

const codesOf = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => d.code);

describe('which source resources the target would refuse (the GVK comparison)', () => {
  // [case, source discovery, target discovery, expected incompatible group/version/plural]
  it.each<[string, Record<string, string>, Record<string, string>, string[]]>([
    [
      'a group/version the target does not serve',
      { 'extensions/v1beta1': 'ingresses=Ingress' },
      { 'networking.k8s.io/v1': 'ingresses=Ingress' },
      ['extensions/v1beta1/ingresses'],
    ],
    [
      'cohabiting resources count once, at apps (extensions sorts last, as in Velero)',
      { 'apps/v1': 'deployments=Deployment', 'extensions/v1beta1': 'deployments=Deployment' },
      { 'apps/v1': 'deployments=Deployment' },
      [],
    ],
    [
      'the group preferred version is what Velero backs up; other versions do not matter',
      { 'batch/v1': 'jobs=Job cronjobs=CronJob', 'batch/v1beta1': 'cronjobs=CronJob' },
      { 'batch/v1': 'jobs=Job cronjobs=CronJob' },
      [],
    ],
    [
      'a resource the preferred version lacks is backed up at the next version that serves it',
      { 'batch/v1': 'jobs=Job', 'batch/v1beta1': 'cronjobs=CronJob' },
      { 'batch/v1': 'jobs=Job cronjobs=CronJob' },
      ['batch/v1beta1/cronjobs'],
    ],
    [
      'a version the target serves but does not prefer still restores (MTC compares preferred only)',
      { 'example.com/v1beta1': 'widgets=Widget' },
      { 'example.com/v1': 'widgets=Widget', 'example.com/v1beta1': 'widgets=Widget' },
      [],
    ],
    [
      'events are never restored (Velero nonRestorableResources)',
      { v1: 'events=Event', 'events.k8s.io/v1beta1': 'events=Event' },
      { v1: 'pods=Pod' },
      [],
    ],
    [
      'PVCs, PVs and ImageStreams move outside the Velero backup (MTC ExcludedInitialResources)',
      {
        v1: 'persistentvolumeclaims=PersistentVolumeClaim',
        'image.openshift.io/v1': 'imagestreams=ImageStream',
      },
      { v1: 'pods=Pod' },
      [],
    ],
    [
      'a read-only resource (no create/delete) is not backed up',
      { 'metrics.k8s.io/v1beta1': 'pods=PodMetrics:readonly' },
      { v1: 'pods=Pod' },
      [],
    ],
    [
      'cluster-scoped resources are not part of a namespace migration',
      { 'example.com/v1': 'gadgets=Gadget:cluster' },
      { v1: 'pods=Pod' },
      [],
    ],
  ])('%s', (_name, src, dst, expected) => {
    const found = incompatibleResources(
      cluster('src', { apis: apis(src) }),
      cluster('dst', { apis: apis(dst) }),
    ).map((r) => `${r.group}/${r.version}/${r.plural}`);
    expect(found).toEqual(expected);
  });

  it('nothing is compared when either discovery is unknown', () => {
    const src = cluster('src', { apis: apis({ 'extensions/v1beta1': 'ingresses=Ingress' }) });
    expect(incompatibleResources(src, cluster('dst', {}))).toEqual([]);
    expect(incompatibleResources(cluster('dst', {}), src)).toEqual([]);
  });
});

describe('target compatibility findings (hand-written table)', () => {
  const ocp311 = apis({
    v1: 'pods=Pod',
    'extensions/v1beta1': 'ingresses=Ingress',
    'cache.example.com/v1alpha1': 'memcacheds=Memcached',
    'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig',
  });
  const ocp414 = apis({
    v1: 'pods=Pod',
    'networking.k8s.io/v1': 'ingresses=Ingress',
    'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig',
  });
  const operator: OlmFact[] = [
    {
      kind: 'Subscription',
      namespace: 'operators',
      name: 'memcached',
      packageName: 'memcached-operator',
      channel: 'alpha',
      catalogSource: 'community-operators',
      installedCsv: 'memcached-operator.v0.0.1',
      ownedCrds: [],
    },
    {
      kind: 'ClusterServiceVersion',
      namespace: 'operators',
      name: 'memcached-operator.v0.0.1',
      ownedCrds: ['memcacheds.cache.example.com'],
    },
  ];
  const source = (init: Partial<ClusterFacts> = {}) =>
    cluster('ocp311', {
      apis: ocp311,
      crds: ['memcacheds.cache.example.com'],
      inventory: [
        inv('extensions', 'v1beta1', 'ingresses', 'Ingress', ['app/a', 'app/b', 'other/c']),
        inv('cache.example.com', 'v1alpha1', 'memcacheds', 'Memcached', ['app/m']),
      ],
      ...init,
    });
  const lists = (ingresses: string[], memcacheds: string[]) => [
    inv('extensions', 'v1beta1', 'ingresses', 'Ingress', ingresses),
    inv('cache.example.com', 'v1alpha1', 'memcacheds', 'Memcached', memcacheds),
  ];
  const target = (init: Partial<ClusterFacts> = {}) =>
    cluster('ocp414', { apis: ocp414, crds: [], version: '4.14.3', ...init });

  // [case, source, target, expected codes, words every message of the first code must hold]
  it.each<[string, () => ClusterFacts, () => ClusterFacts, string[], string[]]>([
    [
      'a kind the target serves only elsewhere: error naming kind, count, namespaces and what it serves',
      () => source({ inventory: [source().inventory?.[0] as InventoryList] }),
      () => target({ crds: ['memcacheds.cache.example.com'] }),
      ['MP4150', 'MP4151'],
      [],
    ],
    [
      'a custom resource whose CRD the target lacks: error with the CRD and the owning operator',
      () => source({ olm: operator, inventory: lists([], ['app/m']) }),
      () => target(),
      ['MP4152'],
      [
        'CRD memcacheds.cache.example.com',
        'operator memcached-operator (channel alpha, from community-operators, installed memcached-operator.v0.0.1)',
        '1 Memcached(s)',
      ],
    ],
    [
      'objects only outside the plan namespaces: nothing to report',
      () =>
        source({ inventory: [inv('extensions', 'v1beta1', 'ingresses', 'Ingress', ['other/c'])] }),
      () => target({ crds: ['memcacheds.cache.example.com'] }),
      ['MP4150'],
      [],
    ],
    [
      'a list that could not be read: not checked, never compatible',
      () =>
        source({
          inventory: [
            inv('extensions', 'v1beta1', 'ingresses', 'Ingress', {
              unreadable: 'the identity may not list ingresses.extensions',
            }),
            inv('cache.example.com', 'v1alpha1', 'memcacheds', 'Memcached', []),
          ],
        }),
      () => target(),
      ['MP4150'],
      ['not checked', 'Ingress (extensions/v1beta1)', 'may not list ingresses.extensions'],
    ],
    [
      'no discovery recorded for the target: not checked',
      () => source(),
      () => {
        const { apis: _unknown, ...rest } = target();
        return rest;
      },
      ['MP4150'],
      ['not checked', 'API discovery of ocp414'],
    ],
    [
      'an OLM operator inside a migrated namespace: warning with what to install',
      () =>
        source({
          inventory: [],
          apis: apis({ v1: 'pods=Pod' }),
          olm: operator.map((o) => ({ ...o, namespace: 'app' })),
        }),
      () => target(),
      ['MP4153'],
      ['namespace app', 'install operator memcached-operator (channel alpha'],
    ],
    [
      'DeploymentConfigs onto 4.14: deprecated (warning), counted from the workloads',
      () =>
        factsWith(source({ inventory: lists([], []) }), [
          {
            apiVersion: 'apps.openshift.io/v1',
            kind: 'DeploymentConfig',
            metadata: { name: 'web', namespace: 'app' },
            spec: { template: { spec: {} } },
          },
        ]),
      () => target(),
      ['MP4154'],
      [],
    ],
    [
      'DeploymentConfigs onto 4.13: not deprecated yet',
      () =>
        factsWith(source({ inventory: lists([], []) }), [
          {
            apiVersion: 'apps.openshift.io/v1',
            kind: 'DeploymentConfig',
            metadata: { name: 'web', namespace: 'app' },
            spec: { template: { spec: {} } },
          },
        ]),
      () => target({ version: '4.13.0' }),
      [],
      [],
    ],
    [
      'a target older than the source',
      () => source({ version: '4.12.5', inventory: [], apis: apis({ v1: 'pods=Pod' }) }),
      () => target({ version: '4.10.3' }),
      ['MP4155'],
      ['older than the source'],
    ],
    [
      'MTC 1.8 on a 4.9 source: outside the support matrix, 1.7.x on both',
      () =>
        source({
          version: '4.9.1',
          inventory: [],
          apis: apis({ v1: 'pods=Pod' }),
          olm: [
            {
              kind: 'ClusterServiceVersion',
              namespace: 'openshift-migration',
              name: 'mtc-operator.v1.8.1',
              ownedCrds: [],
            },
          ],
        }),
      () => target({ version: '4.12.0' }),
      ['MP4155'],
      ['MTC 1.8.1 on ocp311 and unknown on ocp414', 'install MTC 1.7.x on both'],
    ],
    [
      'the same MTC 1.8 on two 4.10+ clusters: fine',
      () =>
        source({
          version: '4.11.1',
          inventory: [],
          apis: apis({ v1: 'pods=Pod' }),
          olm: [
            {
              kind: 'ClusterServiceVersion',
              namespace: 'openshift-migration',
              name: 'mtc-operator.v1.8.3',
              ownedCrds: [],
            },
          ],
        }),
      () =>
        target({
          version: '4.14.0',
          olm: [
            {
              kind: 'ClusterServiceVersion',
              namespace: 'openshift-migration',
              name: 'mtc-operator.v1.8.3',
              ownedCrds: [],
            },
          ],
        }),
      [],
      [],
    ],
  ])('%s', (_name, src, dst, codes, words) => {
    const r = run(src(), dst());
    expect([...codesOf(r)].sort()).toEqual(codes);
    const first = r.diagnostics.filter((d) => d.code === codes[codes.length - 1]);
    for (const w of words) expect(first.map((d) => d.message).join('\n')).toContain(w);
  });

  it('the not-served error names kind, count, namespaces, the removal and what the target serves instead', () => {
    const r = run(source({ inventory: lists(['app/a', 'app/b', 'other/c'], []) }), target());
    const error = r.diagnostics.find((d) => d.code === 'MP4151');
    expect(error?.message).toBe(
      'plan "p": 2 Ingress(s) extensions/v1beta1 in app; ocp414 does not serve Ingress at extensions/v1beta1, the version Velero backs up from ocp311; it serves Ingress networking.k8s.io/v1 instead (Kubernetes removed extensions/v1beta1 ingresses in 1.22; use networking.k8s.io/v1)',
    );
    expect(r.rows.map((x) => [x.kind, x.count, x.sourceVersion, x.verdict])).toEqual([
      ['Ingress', 2, 'v1beta1', 'error'],
    ]);
  });
});

function factsWith(base: ClusterFacts, objects: Record<string, unknown>[]): ClusterFacts {
  const read = factsFromObjects(base.cluster, objects);
  return { ...base, workloads: read.workloads };
}

describe('discovery documents', () => {
  it('reads what oc get --raw prints, leaves subresources out, and round-trips', () => {
    const documents = [
      { kind: 'APIVersions', versions: ['v1'] },
      {
        kind: 'APIGroupList',
        groups: [
          {
            name: 'batch',
            versions: [
              { groupVersion: 'batch/v1', version: 'v1' },
              { groupVersion: 'batch/v1beta1', version: 'v1beta1' },
            ],
            preferredVersion: { groupVersion: 'batch/v1', version: 'v1' },
          },
        ],
      },
      {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          { name: 'pods', kind: 'Pod', namespaced: true, verbs: ALL },
          { name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
        ],
      },
      {
        kind: 'APIResourceList',
        groupVersion: 'batch/v1beta1',
        resources: [{ name: 'cronjobs', kind: 'CronJob', namespaced: true, verbs: ALL }],
      },
    ];
    const read = servedApisFrom(documents);
    expect(read?.resources.map((r) => `${r.group}/${r.version}/${r.plural}`)).toEqual([
      '/v1/pods',
      'batch/v1beta1/cronjobs',
    ]);
    expect(read?.groups.map((g) => [g.name, g.preferredVersion])).toEqual([
      ['', 'v1'],
      ['batch', 'v1'],
    ]);
    expect(servedApisFrom(discoveryDocuments(read as ServedApis))).toEqual(read);
    expect(backedUpResources(read as ServedApis).map((r) => r.plural)).toEqual([
      'pods',
      'cronjobs',
    ]);
  });

  it('without a group list nothing is known', () => {
    expect(servedApisFrom([{ kind: 'APIVersions', versions: ['v1'] }])).toBeUndefined();
  });

  it('maps OpenShift releases to Kubernetes ones (4.1 is 1.13, 4.2 is 1.14, then 4.x is 1.(x+13))', () => {
    expect(
      ['3.11', '4.1.0', '4.9.5', '4.14.10', 'v4.16', '5.0', undefined].map(kubernetesMinor),
    ).toEqual([11, 13, 22, 27, 29, undefined, undefined]);
  });
});

describe("the report shows each plan's compatibility table", () => {
  it('lists the deprecated kinds and what was not checked, with their verdicts', async () => {
    const served = apis({
      v1: 'pods=Pod',
      'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig',
      'example.com/v1': 'widgets=Widget',
    });
    const src = {
      ...facts('src', [
        k.ns('app'),
        {
          apiVersion: 'apps.openshift.io/v1',
          kind: 'DeploymentConfig',
          metadata: { name: 'web', namespace: 'app' },
          spec: { template: { spec: {} } },
        },
      ]),
      apis: served,
      // The widgets list was refused: not checked.
      inventory: [
        inv('example.com', 'v1', 'widgets', 'Widget', {
          unreadable: 'the identity may not list widgets.example.com',
        }),
      ],
    };
    const dst = {
      ...facts('dst', [
        k.ns('default'),
        k.sc('gp3-csi', 'ebs.csi.aws.com', true),
        k.version('4.14.2'),
      ]),
      apis: apis({ v1: 'pods=Pod', 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
    };
    const r = await compileWithFacts(specWith(), { src, dst });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.report).toContain(
      [
        '### Target compatibility',
        '',
        '- Not checked: Widget (example.com/v1) on src: the identity may not list widgets.example.com.',
        '',
        '| kind | count | source version -> target | namespaces | verdict |',
        '|---|---|---|---|---|',
        '| DeploymentConfig | 1 | apps.openshift.io/v1 -> serves apps.openshift.io/v1 (deprecated) | app | warning: DeploymentConfig is deprecated from OpenShift 4.14 (dst runs 4.14.2); move to apps/v1 Deployment |',
      ].join('\n'),
    );
  });

  it('says nothing when every kind was compared and none needs attention', async () => {
    const served = apis({ v1: 'pods=Pod' });
    const src = { ...facts('src', [k.ns('app')]), apis: served };
    const dst = {
      ...facts('dst', [k.ns('default'), k.sc('gp3-csi', 'ebs.csi.aws.com', true)]),
      apis: served,
    };
    const r = await compileWithFacts(specWith(), { src, dst });
    expect(r.report).not.toContain('Target compatibility');
  });
});

describe('examples/invalid/ocp311-to-ocp414-incompatible-kinds compiles to its hand-written table (README)', () => {
  // [code, severity, words the message must hold]: one row per finding of the README's table, written by
  // hand from the recordings (not from the compiler's output); infos about unserved groups left out.
  const table: [string, string, string[]][] = [
    [
      'MP4151',
      'error',
      ['1 CronJob(s) batch/v1beta1 in shop', 'serves CronJob batch/v1 instead', 'in 1.25'],
    ],
    [
      'MP4151',
      'error',
      ['2 Ingress(s) extensions/v1beta1 in shop', 'networking.k8s.io/v1', 'in 1.22'],
    ],
    [
      'MP4152',
      'error',
      ['1 Memcached(s)', 'CRD memcacheds.cache.example.com', 'operator memcached-operator'],
    ],
    [
      'MP4153',
      'warning',
      ['namespace shop', 'Subscription memcached-operator', 'OperatorGroup shop-og'],
    ],
    ['MP4154', 'warning', ['1 DeploymentConfig(s) in shop', 'deprecated from OpenShift 4.14']],
    [
      'MP4156',
      'error',
      [
        'SCC privileged (1 pod(s): debug-tools)',
        'need PodSecurity level privileged',
        'will enforce restricted',
        'pod-security.kubernetes.io/enforce: privileged and security.openshift.io/scc.podSecurityLabelSync: "false"',
      ],
    ],
  ];

  it('every finding, and no other warning or error (the frontend pod under legacy restricted is not one)', async () => {
    const dir = join(examplesDir, 'invalid', 'ocp311-to-ocp414-incompatible-kinds');
    // compile prints JSON findings on stderr (its stdout carries results); nothing is written without --out.
    const r = await runCli(['compile', 'migration.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = (
      JSON.parse(r.stderr) as { code: string; severity: string; message: string }[]
    ).filter((d) => d.severity !== 'info');
    expect(found.map((d) => [d.code, d.severity])).toEqual(table.map(([c, s]) => [c, s]));
    table.forEach(([, , words], i) => {
      for (const w of words) expect(found[i]?.message).toContain(w);
    });
  });
});

describe('the compatibility table in both report formats (issue 16: kind, count, source version -> target, verdict)', () => {
  it('report and report --format json carry the same rows for a plan that compiles', async () => {
    // The example, with the objects that are errors moved to the namespace the plan does not migrate: what
    // remains is the DeploymentConfig (deprecated on 4.14) and the OLM warning, so the report is printed.
    const dir = scratchDir('migplan-compat-report-');
    cpSync(join(examplesDir, 'invalid', 'ocp311-to-ocp414-incompatible-kinds'), dir, {
      recursive: true,
    });
    const moved = new Set(['Ingress', 'Memcached', 'CronJob']);
    for (const file of ['shop.yaml', 'other-kinds.yaml']) {
      const path = join(dir, 'clusters', 'ocp311', file);
      const list = load(readFileSync(path, 'utf8')) as {
        items: { kind: string; metadata: { name: string; namespace?: string } }[];
      };
      for (const o of list.items)
        if (moved.has(o.kind) || o.metadata.name === 'debug-tools') o.metadata.namespace = 'other';
      writeFileSync(path, toYaml(list));
    }
    const json = await runCli(['report', 'migration.yaml', '--format', 'json'], { cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    const plan = (
      JSON.parse(json.stdout) as {
        plan: { plans: { compatibility?: { rows: unknown[]; notChecked: string[] } }[] };
      }
    ).plan.plans[0];
    expect(plan?.compatibility).toEqual({
      rows: [
        {
          kind: 'DeploymentConfig',
          group: 'apps.openshift.io',
          sourceVersion: 'v1',
          count: 1,
          namespaces: ['shop'],
          target: 'serves apps.openshift.io/v1 (deprecated)',
          verdict: 'warning',
          reason:
            'DeploymentConfig is deprecated from OpenShift 4.14 (host runs 4.14.10); move to apps/v1 Deployment',
        },
      ],
      notChecked: [],
    });
    const md = await runCli(['report', 'migration.yaml'], { cwd: dir });
    expect(md.stdout).toContain(
      [
        '| kind | count | source version -> target | namespaces | verdict |',
        '|---|---|---|---|---|',
        '| DeploymentConfig | 1 | apps.openshift.io/v1 -> serves apps.openshift.io/v1 (deprecated) | shop | warning: DeploymentConfig is deprecated from OpenShift 4.14 (host runs 4.14.10); move to apps/v1 Deployment |',
      ].join('\n'),
    );
  });
});

describe('JSON snapshots read item by item count kinds as YAML ones do (CRD and metadata-only lists)', () => {
  /** The example with other-kinds recorded as a metadata-only list, every file as YAML or as JSON. */
  function variant(format: 'yaml' | 'json'): string {
    const dir = scratchDir(`migplan-compat-${format}-`);
    cpSync(join(examplesDir, 'invalid', 'ocp311-to-ocp414-incompatible-kinds'), dir, {
      recursive: true,
    });
    const metadataOnly = join(dir, 'clusters', 'ocp311', 'other-kinds.yaml');
    const list = load(readFileSync(metadataOnly, 'utf8')) as Record<string, unknown>;
    // A claim recorded by name only is counted for the check, never planned as an unbound claim.
    const ghost = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'ghost', namespace: 'shop' },
    };
    const items = [...(list['items'] as unknown[]), ghost];
    writeFileSync(metadataOnly, toYaml({ ...list, kind: 'PartialObjectMetadataList', items }));
    if (format === 'json')
      for (const cluster of ['ocp311', 'ocp414'])
        for (const file of readdirSync(join(dir, 'clusters', cluster))) {
          const path = join(dir, 'clusters', cluster, file);
          writeFileSync(
            path.replace(/\.yaml$/, '.json'),
            JSON.stringify(load(readFileSync(path, 'utf8'))),
          );
          rmSync(path);
        }
    return dir;
  }

  it('the same findings from both, and the metadata-only list still counts (the CronJob, Ingress, Memcached errors)', async () => {
    const findings = async (dir: string) => {
      const r = await runCli(['compile', 'migration.yaml', '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(1);
      return (JSON.parse(r.stderr) as { code: string; message: string }[]).map(
        (d) => `${d.code} ${d.message}`,
      );
    };
    const yaml = await findings(variant('yaml'));
    expect(yaml.filter((f) => f.startsWith('MP4151')).length).toBe(2);
    expect(yaml.some((f) => f.startsWith('MP4152'))).toBe(true);
    expect(yaml.filter((f) => f.includes('ghost'))).toEqual([]);
    expect(await findings(variant('json'))).toEqual(yaml);
  });
});
