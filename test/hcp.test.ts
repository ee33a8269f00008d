import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { planHcp } from '../src/plan/hcp/plan.js';
import { etcdCaPath } from '../src/plan/hcp/steps.js';
import { UNFILLED_RESTORE_URL, type HcpPlan } from '../src/plan/hcp/types.js';
import { readClusterSnapshotObjects } from '../src/resolve/from-snapshot.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import { hcpFactsFromObjects, type HcpFacts } from '../src/resolve/hcp-facts.js';
import type { HostedClusterMigration } from '../src/spec/hcp.js';
import { verifyHcp } from '../src/verify/rules/hcp.js';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { validateDocument } from '../src/validate/validate.js';
import { runCli } from './helpers/cli.js';
import { prodScope } from './helpers/hcp-scope.js';
import { FieldOwners } from './helpers/field-owners.js';
import { loadCrdValidators, withoutRequired } from './helpers/crd-schemas.js';
import { readTreeSync } from './helpers/golden.js';
import { exampleKind } from './helpers/examples.js';
import { tableUnder } from './helpers/markdown.js';
import { scratchDir } from './helpers/tmp.js';

const examplesDir = join(import.meta.dirname, '..', 'examples');
/** Every HostedClusterMigration example: each has goldens and a STEPS.md. */
const hcpExamples = readdirSync(examplesDir)
  .filter((d) => exampleKind(join(examplesDir, d)) === 'HostedClusterMigration')
  .sort();
const moveDir = join(examplesDir, 'hcp-aws-move');
const scope = prodScope;

function objectsOf(cluster: string): KubeObject[] {
  const r = readClusterSnapshotObjects(moveDir, moveDir, cluster, `clusters/${cluster}`);
  return r.value ?? [];
}

async function specOf(dir: string): Promise<HostedClusterMigration> {
  const text = readFileSync(join(dir, 'migration.yaml'), 'utf8');
  const v = await validateDocument(parseSpecSync(text, 'migration.yaml').value!);
  if (v.value?.kind !== 'HostedClusterMigration') throw new Error('not a HostedClusterMigration');
  return v.value.spec;
}

let sourceObjects: KubeObject[];
let targetObjects: KubeObject[];
let moveSpec: HostedClusterMigration;
const factsOf = (objects: KubeObject[], role = 'source') =>
  hcpFactsFromObjects(role, objects, scope).value as HcpFacts;

beforeAll(async () => {
  sourceObjects = objectsOf('mgmt-a');
  targetObjects = objectsOf('mgmt-b');
  moveSpec = await specOf(moveDir);
});

/** The move's plan after `change` edits the facts (and optionally the spec). */
function planWith(
  change: (s: HcpFacts, t: HcpFacts, spec: HostedClusterMigration) => void = () => {},
) {
  const s = structuredClone(factsOf(sourceObjects));
  const t = structuredClone(factsOf(targetObjects, 'target'));
  const spec = structuredClone(moveSpec);
  change(s, t, spec);
  return planHcp(spec, s, spec.spec.purpose === 'backup' ? undefined : t);
}
const hcOf = (f: HcpFacts) => f.hostedClusters.find((h) => h.name === 'prod')!;

describe('HostedClusterMigration examples: STEPS.md is the compiled order of steps', () => {
  it('covers backup, restore and move', () => {
    expect(hcpExamples).toEqual(['hcp-aws-move', 'hcp-etcd-restore', 'hcp-oadp-backup']);
  });

  it.each(hcpExamples)('%s', async (example) => {
    const r = await runCli(['report', 'migration.yaml', '--format', 'json'], {
      cwd: join(examplesDir, example),
    });
    expect(r.code, r.stderr).toBe(0);
    const plan = (JSON.parse(r.stdout) as { plan: HcpPlan }).plan;
    const actual = plan.steps.map((s) =>
      [
        String(s.n),
        s.place,
        s.id,
        s.objects.length ? `hcp/${s.place}/${String(s.n).padStart(2, '0')}-${s.id}.yaml` : '-',
        s.gate ?? '-',
      ].join(' | '),
    );
    const md = readFileSync(join(examplesDir, example, 'STEPS.md'), 'utf8');
    const table = tableUnder(md, 'Steps').map((row) =>
      [row['#'], row['where'], row['step'], row['file'], row['gate']].join(' | '),
    );
    expect(actual).toEqual(table);
  });
});

describe('every object the HostedClusterMigration examples emit is valid for the upstream CRDs', () => {
  const full = loadCrdValidators();
  const partial = loadCrdValidators(true);
  const files = hcpExamples.flatMap((ex) =>
    [...readTreeSync(join(examplesDir, ex, 'expected'))]
      .filter(([rel]) => rel.startsWith('hcp/'))
      .map(([rel, text]) => ({ file: `${ex}/${rel}`, text })),
  );
  const check = (objects: unknown[], isPartial: boolean, file: string) => {
    const failures: string[] = [];
    for (const o of objects as Record<string, unknown>[]) {
      const [group, version] = String(o['apiVersion']).includes('/')
        ? String(o['apiVersion']).split('/')
        : ['', String(o['apiVersion'])];
      const key = `${group}/${version}/${String(o['kind'])}`;
      if (group === '' || group === 'apps') continue; // core kinds: no CRD
      const v = (isPartial ? partial : full).get(key);
      expect(v, key).toBeDefined();
      if (v && !v(o)) failures.push(`${file} ${key}: ${JSON.stringify(v.errors)}`);
    }
    return failures;
  };

  it('checks the HostedCluster, NodePool, Backup and pause objects', () => {
    const kinds = new Set(
      files.flatMap((f) =>
        jsYaml.loadAll(f.text).map((o) => String((o as Record<string, unknown>)['kind'])),
      ),
    );
    expect([...kinds].sort()).toEqual(
      ['Backup', 'Deployment', 'HostedCluster', 'Namespace', 'NodePool'].sort(),
    );
    const failures = files.flatMap((f) =>
      f.text.includes(UNFILLED_RESTORE_URL)
        ? []
        : check(jsYaml.loadAll(f.text), /^# Partial objects/m.test(f.text), f.file),
    );
    expect(failures).toEqual([]);
  });

  it('the restored HostedCluster fails admission unfilled, and passes once the report command fills it', () => {
    const slots = files.filter((f) => f.text.includes(UNFILLED_RESTORE_URL));
    expect(slots.map((f) => f.file)).toEqual([
      'hcp-aws-move/hcp/target/11-hostedcluster.yaml',
      'hcp-etcd-restore/hcp/target/05-hostedcluster.yaml',
    ]);
    for (const f of slots) {
      expect(f.text.split(UNFILLED_RESTORE_URL)).toHaveLength(2); // one slot
      expect(check(jsYaml.loadAll(f.text), false, f.file)).not.toEqual([]);
    }
    const hc = slots[0];
    // Run the report's own fill command (awk; the apply replaced by cat) with a presigned-style URL full of &.
    const report = readFileSync(join(moveDir, 'expected', 'REPORT.md'), 'utf8');
    const fill = report
      .split('\n')
      .find((l) => l.startsWith('URL="$URL" awk'))!
      .replace(/\| oc .*$/, '');
    const dir = scratchDir('migplan-fill-');
    mkdirSync(join(dir, 'hcp', 'target'), { recursive: true });
    writeFileSync(join(dir, 'hcp/target/11-hostedcluster.yaml'), hc!.text);
    const url =
      'https://hcp-etcd-backups-example.s3.amazonaws.com/hcp-backups/clusters/prod/prod-to-mgmt-b.db?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101&X-Amz-Signature=abc';
    const filled = execFileSync('bash', ['-c', fill], {
      cwd: dir,
      env: { ...process.env, URL: url },
      encoding: 'utf8',
    });
    const objects = jsYaml.loadAll(filled) as Record<string, unknown>[];
    expect(check(objects, false, 'filled')).toEqual([]);
    const storage = (
      ((objects[0]?.['spec'] as Record<string, unknown>)['etcd'] as Record<string, unknown>)[
        'managed'
      ] as Record<string, unknown>
    )['storage'] as Record<string, unknown>;
    expect(storage['restoreSnapshotURL']).toEqual([url]);
  });

  it('withoutRequired keeps everything but the required lists', () => {
    expect(withoutRequired({ required: ['a'], properties: { a: { required: ['b'] } } })).toEqual({
      properties: { a: {} },
    });
  });
});

describe('pre-flight rules (each blocker and warning with its fix)', () => {
  it('the recorded clusters pass, with the shared HC namespace noted', () => {
    const r = planWith();
    expect(r.value).toBeDefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['MP4316']);
  });

  it.each<[string, string, (s: HcpFacts, t: HcpFacts, spec: HostedClusterMigration) => void]>([
    [
      'MP4300',
      'the hosted cluster is not on the source',
      (_s, _t, spec) => void (spec.spec.hostedCluster.name = 'nope'),
    ],
    [
      'MP4301',
      'the target operator does not support 4.15',
      (_s, t) => void (t.supportedVersions = { versions: ['4.17', '4.16'] }),
    ],
    [
      'MP4302',
      'the target has no supported-versions ConfigMap',
      (_s, t) => void delete t.supportedVersions,
    ],
    [
      'MP4303',
      'the target operator is older than the source',
      (_s, t) => {
        delete t.supportedVersions?.serverVersion;
        t.operator = {
          image: 'quay.io/hypershift/hypershift-operator:4.15.0',
          version: '4.15.0',
          replicas: 2,
        };
      },
    ],
    [
      'MP4304',
      'the target is in another AWS region',
      (_s, t) => void (t.platform = { type: 'AWS', region: 'eu-west-1' }),
    ],
    [
      'MP4304',
      'the target runs on another platform',
      (_s, t) => void (t.platform = { type: 'KubeVirt' }),
    ],
    [
      'MP4305',
      'the API server has no fixed hostname on a move',
      (s) => {
        hcOf(s).services = hcOf(s).services.map((x) =>
          x.service === 'APIServer' ? { service: 'APIServer', type: 'LoadBalancer' } : x,
        );
      },
    ],
    ['MP4306', 'the target runs no external-dns', (_s, t) => void delete t.externalDns],
    [
      'MP4307',
      'etcd is unmanaged with the snapshot method',
      (s) => void (hcOf(s).etcdManagementType = 'Unmanaged'),
    ],
    [
      'MP4308',
      'the encryption key Secret is missing',
      (s) => void (s.secrets = s.secrets.filter((x) => x.name !== 'prod-etcd-encryption-key')),
    ],
    [
      'MP4309',
      'the target already has the hosted cluster',
      (_s, t) => void t.hostedClusters.push(structuredClone(hcOf(factsOf(sourceObjects)))),
    ],
    [
      'MP4309',
      'the target already has the control-plane namespace',
      (_s, t) => void t.namespaces.push('clusters-prod'),
    ],
    [
      'MP4310',
      'the etcd StorageClass is missing on the target',
      (_s, t) => void (t.storageClasses = ['gp2-csi']),
    ],
    ['MP4311', 'KMS encryption', (s) => void (hcOf(s).secretEncryptionType = 'kms')],
    [
      'MP4312',
      'OADP without the hypershift plugin on the target',
      (_s, t, spec) => {
        spec.spec.method = 'oadp';
        delete spec.spec.storage;
        t.oadp = {
          dpas: [{ name: 'dpa', defaultPlugins: ['aws', 'openshift'], customPlugins: [] }],
          bsls: [{ name: 'default' }],
        };
      },
    ],
    [
      'MP4313',
      'OADP across management clusters for KubeVirt',
      (s, _t, spec) => {
        spec.spec.method = 'oadp';
        hcOf(s).platformType = 'KubeVirt';
      },
    ],
    ['MP4314', 'OpenShiftSDN above 4.10', (s) => void (hcOf(s).networkType = 'OpenShiftSDN')],
    ['MP4314', 'a release before 4.8', (s) => void (hcOf(s).version = '4.7.2')],
    ['MP4315', 'the source operator version is unknown', (s) => void delete s.operator],
    ['MP4317', 'no NodePools', (s) => void (s.nodePools = [])],
    [
      'MP4318',
      'a hostname outside the external-dns domain',
      (_s, t) => void (t.externalDns = { provider: 'aws', domainFilters: ['other.example.org'] }),
    ],
  ])('%s: %s', (code, _what, change) => {
    const r = planWith(change);
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
    const d = r.diagnostics.find((x) => x.code === code)!;
    expect(d.path[0]).toBe('spec');
    expect(d.hint?.length).toBeGreaterThan(20);
  });

  it('a blocker writes no steps', () => {
    const r = planWith((_s, t) => void (t.supportedVersions = { versions: ['4.17'] }));
    expect(r.value).toBeUndefined();
  });
});

describe('the procedure', () => {
  it('each step that applies objects has its own field manager', () => {
    const plan = planWith().value!.plan;
    const managers = plan.steps
      .flatMap((s) => s.commands)
      .flatMap((c) => /--field-manager=(migplan-hcp-\d\d-[a-z-]+)/.exec(c)?.[1] ?? []);
    expect(managers.length).toBeGreaterThan(3);
    expect(new Set(managers).size).toBe(managers.length);
  });

  it.each(hcpExamples)(
    '%s: applied in order under their managers, no step conflicts with or removes a field of another; each rollback file removes only what its own step set',
    (example) => {
      const tree = readTreeSync(join(examplesDir, example, 'expected'));
      const stepFiles = [...tree.keys()]
        .map((f) => /^hcp\/(source|target)\/(rollback\/)?(\d\d)-([a-z-]+)\.yaml$/.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map(([file, place, rollback, nn, id]) => ({
          file,
          place: place ?? '',
          rollback: rollback !== undefined,
          manager: `migplan-hcp-${nn ?? ''}-${id ?? ''}`,
        }))
        .sort((a, b) => (a.file < b.file ? -1 : 1));
      // The managers are the ones REPORT.md applies each file with.
      const report = tree.get('REPORT.md')!;
      for (const f of stepFiles.filter((x) => !x.rollback))
        expect(report).toContain(`--field-manager=${f.manager}`);
      const owners = new Map([
        ['source', new FieldOwners()],
        ['target', new FieldOwners()],
      ]);
      const apply = (f: (typeof stepFiles)[number]) => {
        for (const o of jsYaml.loadAll(tree.get(f.file)!) as Record<string, unknown>[])
          owners.get(f.place)!.apply(f.manager, o);
      };
      stepFiles.filter((f) => !f.rollback).forEach(apply);
      for (const o of owners.values()) {
        expect(o.conflicts).toEqual([]);
        expect(o.removals).toEqual([]);
      }
      stepFiles
        .filter((f) => f.rollback)
        .reverse()
        .forEach(apply);
      const source = owners.get('source')!;
      expect(source.conflicts).toEqual([]);
      // A restore has no rollback file: it changes the target only.
      expect(source.removals.length > 0).toBe(stepFiles.some((f) => f.rollback));
      for (const r of source.removals) {
        expect(r.by).toBe(r.owner);
        expect(r.field).toMatch(/ spec\.pausedUntil$/);
      }
    },
  );

  it('the teardown strips finalizers before each delete, in the order of migrate-hcp.sh, and never deletes the HC namespace', () => {
    const plan = planWith().value!.plan;
    const teardown = plan.steps.filter((s) => s.phase === 'teardown');
    expect(teardown.every((s) => s.destructive && s.gate === 'nodes ready')).toBe(true);
    expect(teardown.map((s) => s.id)).toEqual([
      'stop-source-operator',
      'stop-source-control-plane',
      'delete-nodepools',
      'delete-machines',
      'delete-capi-cluster',
      'delete-awsmachines',
      'delete-control-plane',
      'delete-hostedcluster',
      'start-source-operator',
    ]);
    for (const s of teardown.filter((x) => x.id.startsWith('delete-'))) {
      const strip = s.commands.findIndex((c) => c.includes('"finalizers":null'));
      const del = s.commands.findIndex((c) => / delete /.test(c));
      expect(strip, s.id).toBeGreaterThanOrEqual(0);
      expect(strip, s.id).toBeLessThan(del);
    }
    const all = plan.steps.flatMap((s) => s.commands).join('\n');
    expect(all).not.toMatch(/delete namespace clusters(\s|$)/);
    expect(all).toContain('--replicas=2'); // the recorded operator count, not a constant
  });

  it('an OADP move: Backup on the source, Restore and unpause on the target, all valid for the Velero and HyperShift CRDs', () => {
    const r = planWith((_s, _t, spec) => {
      spec.spec.method = 'oadp';
      delete spec.spec.storage;
    });
    expect(r.value, JSON.stringify(r.diagnostics)).toBeDefined();
    const steps = r.value!.plan.steps;
    expect(steps.map((s) => s.id).slice(0, 6)).toEqual([
      'pause',
      'pause-capi',
      'backup',
      'stop-api',
      'release-dns',
      'restore',
    ]);
    const full = loadCrdValidators();
    const partial = loadCrdValidators(true);
    for (const s of steps)
      for (const o of s.objects) {
        const [group, version] = String(o['apiVersion']).split('/');
        if (!version || group === 'apps') continue;
        const v = (s.partial ? partial : full).get(`${group}/${version}/${String(o['kind'])}`)!;
        expect(v(o), `${s.id} ${JSON.stringify(v.errors)}`).toBe(true);
      }
    const restore = steps.find((s) => s.id === 'restore')!.objects[0]!;
    expect(dig(restore, 'spec')['excludedResources']).toContain('restores.velero.io');
  });

  it('the etcd CA path follows the release (moved in 4.12)', () => {
    expect(etcdCaPath('4.11.9')).toBe('/etc/etcd/tls/client/etcd-client-ca.crt');
    expect(etcdCaPath('4.12.0')).toBe('/etc/etcd/tls/etcd-ca/ca.crt');
    expect(etcdCaPath('4.15.12')).toBe('/etc/etcd/tls/etcd-ca/ca.crt');
  });

  it('the restored objects lose status, server fields, pausedUntil and NodePool annotations', () => {
    const plan = planWith().value!.plan;
    const restored = plan.steps.filter((s) => s.phase === 'restore').flatMap((s) => s.objects);
    for (const o of restored) {
      const m = o['metadata'] as Record<string, unknown>;
      expect(o['status']).toBeUndefined();
      for (const k of ['uid', 'resourceVersion', 'managedFields', 'ownerReferences', 'finalizers'])
        expect(m[k], k).toBeUndefined();
      if (o['kind'] === 'NodePool') expect(m['annotations']).toBeUndefined();
      expect((o['spec'] as Record<string, unknown> | undefined)?.['pausedUntil']).toBeUndefined();
    }
  });

  it('the report compares hashes of the encryption key and never a value', () => {
    const plan = planWith().value!.plan;
    const check = plan.steps.find((s) => s.id === 'check-encryption-key')!;
    expect(check.commands[0]).toContain('sha256sum');
    expect(plan.steps.find((s) => s.id === 'hostedcluster')!.gate).toBe(check.verify.name);
  });
});

/** The mapping at `path` inside an object (tests edit it in place). */
const dig = (o: unknown, ...path: string[]): Record<string, unknown> =>
  path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o) as Record<string, unknown>;

describe('admission check of the emitted objects (verify)', () => {
  const planned = () => planWith().value!.plan;
  it.each<[string, (p: HcpPlan) => void]>([
    [
      'MP7030',
      (p) => {
        const hc = p.steps.find((s) => s.id === 'hostedcluster')!.objects[0]!;
        dig(hc, 'spec', 'etcd', 'managed', 'storage')['restoreSnapshotURL'] = [
          'https://a',
          'https://b',
        ];
      },
    ],
    [
      'MP7031',
      (p) => {
        const hc = p.steps.find((s) => s.id === 'hostedcluster')!.objects[0]!;
        (hc['spec'] as Record<string, unknown>)['controllerAvailabilityPolicy'] = 'SingleReplica';
      },
    ],
    [
      'MP7031',
      (p) => {
        const np = p.steps.find((s) => s.id === 'nodepools')!.objects[0]!;
        dig(np, 'spec', 'management')['upgradeType'] = 'InPlace';
      },
    ],
    [
      'MP7032',
      (p) => {
        const np = p.steps.find((s) => s.id === 'nodepools')!.objects[0]!;
        (np['metadata'] as Record<string, unknown>)['uid'] = 'x';
      },
    ],
  ])('%s', (code, change) => {
    const p = structuredClone(planned());
    expect(verifyHcp(p)).toEqual([]);
    change(p);
    expect(verifyHcp(p).map((d) => d.code)).toContain(code);
  });
});

describe('facts (resolve)', () => {
  it('MP3302: Secret values in a recording are dropped and never reach the output', async () => {
    const dir = scratchDir('migplan-hcp-');
    cpSync(moveDir, dir, { recursive: true });
    const file = join(dir, 'clusters/mgmt-a/secrets.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '      name: prod-etcd-encryption-key\n      namespace: clusters\n',
        '      name: prod-etcd-encryption-key\n      namespace: clusters\n    data:\n      key: c2VjcmV0LWFlcy1rZXktdmFsdWU=\n',
      ),
    );
    const r = await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('MP3302');
    const everything =
      [...readTreeSync(join(dir, 'plan')).values()].join('\n') + r.stdout + r.stderr;
    expect(everything).not.toContain('c2VjcmV0LWFlcy1rZXktdmFsdWU=');
    expect(everything).not.toContain('secret-aes-key-value');
  });

  it.each<[string, KubeObject[]]>([
    [
      'MP3300',
      [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'supported-versions', namespace: 'hypershift' },
          data: { 'supported-versions': '{not json' },
        },
      ],
    ],
    [
      'MP3301',
      [
        {
          apiVersion: 'hypershift.openshift.io/v1alpha1',
          kind: 'NodePool',
          metadata: { name: 'np', namespace: 'clusters' },
          spec: {},
        },
      ],
    ],
    [
      'MP3303',
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'clusters', labels: { a: '1' } } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'clusters', labels: { a: '2' } } },
      ],
    ],
  ])('%s', (code, objects) => {
    expect(hcpFactsFromObjects('source', objects, scope).diagnostics.map((d) => d.code)).toContain(
      code,
    );
  });

  it('objects outside the hosted cluster namespaces are ignored; the order of objects does not matter', () => {
    const noise: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', namespace: 'elsewhere' },
      spec: {},
    };
    const a = factsOf([...sourceObjects, noise]);
    const b = factsOf([...sourceObjects].reverse());
    expect(a).toEqual(b);
    expect(a).toEqual(factsOf(sourceObjects));
  });
});

describe('spec validation (validate)', () => {
  const spec = (edit: (s: HostedClusterMigration) => void) => {
    const s = structuredClone(
      jsYaml.load(readFileSync(join(moveDir, 'migration.yaml'), 'utf8')),
    ) as HostedClusterMigration;
    edit(s);
    return jsYaml.dump(s);
  };
  it.each<[string, (s: HostedClusterMigration) => void]>([
    ['MP2700', (s) => void delete s.spec.clusters.target],
    ['MP2701', (s) => void (s.spec.purpose = 'backup')],
    ['MP2702', (s) => void delete s.spec.storage],
    ['MP2703', (s) => void (s.spec.clusters.target!.discovery = s.spec.clusters.source.discovery)],
    ['MP2704', (s) => void (s.spec.hostedCluster.name = 'p'.repeat(60))],
    [
      'MP2705',
      (s) => {
        s.spec.purpose = 'restore';
        s.spec.clusters.target!.discovery = s.spec.clusters.source.discovery;
      },
    ],
  ])('%s', async (code, edit) => {
    const dir = scratchDir('migplan-hcp-v-');
    writeFileSync(join(dir, 'migration.yaml'), spec(edit));
    const r = await runCli(['validate', 'migration.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^migration\\.yaml:\\d+:\\d+: error ${code}`, 'm'));
  });

  it('an unknown kind lists the known kinds', async () => {
    const dir = scratchDir('migplan-hcp-v-');
    writeFileSync(
      join(dir, 'migration.yaml'),
      spec((s) => void ((s as { kind: string }).kind = 'HostedClusterMove')),
    );
    const r = await runCli(['validate', 'migration.yaml'], { cwd: dir });
    expect(r.stderr).toContain(
      'expected one of "Migration", "NetworkMigration", "HostedClusterMigration"',
    );
  });

  it('the schema refuses credentials given inline', async () => {
    const dir = scratchDir('migplan-hcp-v-');
    writeFileSync(
      join(dir, 'migration.yaml'),
      spec(
        (s) =>
          void ((s.spec.storage!.credentials as Record<string, unknown>)['secretAccessKey'] =
            'abc'),
      ),
    );
    const r = await runCli(['validate', 'migration.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown field "secretAccessKey"');
  });
});

describe('compile --check, diff and the flags of the kind', () => {
  it('--out then --check passes; an edited step file makes --check and diff fail', async () => {
    const dir = scratchDir('migplan-hcp-c-');
    cpSync(moveDir, dir, { recursive: true });
    expect((await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir })).code).toBe(
      0,
    );
    expect(
      (await runCli(['compile', 'migration.yaml', '--out', 'plan', '--check'], { cwd: dir })).code,
    ).toBe(0);
    const clean = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
      cwd: dir,
    });
    expect(clean.stdout).toBe('No changes.\n');
    expect(clean.code).toBe(0);
    const f = join(dir, 'plan/hcp/target/12-nodepools.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('replicas: 3', 'replicas: 5'));
    const check = await runCli(['compile', 'migration.yaml', '--out', 'plan', '--check'], {
      cwd: dir,
    });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('MP6003');
    const diff = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('-  replicas: 5');
    expect(diff.stdout).toContain('+  replicas: 3');
  });

  it('--migration and --cluster are usage errors for this kind', async () => {
    const r = await runCli(['compile', 'migration.yaml', '--cluster', 'source'], { cwd: moveDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MP6010');
  });
});

/** mgmt-a's recording served by the fixture API server, its Secrets holding values; a kubeconfig for it. */
async function serveMgmtA(data: Record<string, string>, stringData?: Record<string, string>) {
  const { startFixtureServer, fixtureKubeconfig } = await import('./fixture/api-server.js');
  const { generateTls } = await import('./fixture/certs.js');
  const tls = generateTls();
  const objects = sourceObjects.map((o) =>
    o['kind'] === 'Secret' ? { ...o, data, ...(stringData ? { stringData } : {}) } : o,
  );
  const server = await startFixtureServer({ objects, token: 't', tls });
  const kubeconfig = fixtureKubeconfig([
    { name: 'mgmt-a', url: server.url, ca: tls.ca, token: 't' },
  ]);
  return { server, kubeconfig };
}

describe('migplan snapshot --kind HostedClusterMigration', () => {
  it('a server that answers 406 to the metadata-only Accept: the full Secret list, reduced to names on arrival', async () => {
    const { startFixtureServer, fixtureKubeconfig } = await import('./fixture/api-server.js');
    const { generateTls } = await import('./fixture/certs.js');
    const tls = generateTls();
    const withValue = sourceObjects.map((o) =>
      o['kind'] === 'Secret' ? { ...o, data: { key: 'dmFsdWUtbmV2ZXItcmVjb3JkZWQ=' } } : o,
    );
    const server = await startFixtureServer({
      objects: withValue,
      token: 't',
      tls,
      faults: [{ path: '/api/v1/secrets', onMetadataAccept: true, status: 406, times: Infinity }],
    });
    try {
      const dir = scratchDir('migplan-hcp-406-');
      writeFileSync(
        join(dir, 'kubeconfig'),
        fixtureKubeconfig([{ name: 'mgmt-a', url: server.url, ca: tls.ca, token: 't' }]),
      );
      const r = await runCli(
        [
          'snapshot',
          '--context',
          'mgmt-a',
          '--kubeconfig',
          'kubeconfig',
          '--kind',
          'HostedClusterMigration',
          '--out',
          'recorded',
          '--quiet',
        ],
        { cwd: dir },
      );
      expect(r.code, r.stderr).toBe(0);
      const statuses = server.requests
        .filter((q) => q.path === '/api/v1/secrets')
        .map((q) => [q.accept.includes('as=PartialObjectMetadataList'), q.status]);
      expect(statuses).toEqual([
        [true, 406],
        [false, 200],
      ]);
      const secrets = readFileSync(join(dir, 'recorded', 'secrets.yaml'), 'utf8');
      expect(secrets).toContain('prod-etcd-encryption-key');
      expect(secrets).toContain('kind: Secret');
      expect(secrets).not.toContain('dmFsdWUtbmV2ZXItcmVjb3JkZWQ=');
      expect(secrets).not.toMatch(/^\s*(string)?[dD]ata:/m);
    } finally {
      await server.close();
    }
  });

  it('records a management cluster (Secrets as metadata only) that compiles like the live read', async () => {
    const { server, kubeconfig } = await serveMgmtA({ key: 'dmFsdWUtbmV2ZXItcmVjb3JkZWQ=' });
    try {
      const dir = scratchDir('migplan-hcp-snap-');
      cpSync(moveDir, dir, { recursive: true });
      writeFileSync(join(dir, 'kubeconfig'), kubeconfig);
      const r = await runCli(
        [
          'snapshot',
          '--context',
          'mgmt-a',
          '--kubeconfig',
          'kubeconfig',
          '--kind',
          'HostedClusterMigration',
          '--out',
          'recorded',
          '--quiet',
        ],
        { cwd: dir },
      );
      expect(r.code, r.stderr).toBe(0);
      const recorded = [...readTreeSync(join(dir, 'recorded')).values()].join('\n');
      expect(recorded).toContain('prod-etcd-encryption-key');
      expect(recorded).not.toContain('dmFsdWUtbmV2ZXItcmVjb3JkZWQ=');
      // Secrets come as a metadata-only list; the target compatibility facts (issue 16) are the Migration
      // planner's: no group/version resource list, no CRD, no inventory list is asked for or recorded.
      const secretLists = server.requests.filter((q) => q.path === '/api/v1/secrets');
      expect(secretLists.length).toBeGreaterThan(0);
      expect(secretLists.every((q) => q.accept.includes('as=PartialObjectMetadataList'))).toBe(
        true,
      );
      const files = readdirSync(join(dir, 'recorded'));
      expect(files).not.toContain('api-discovery.yaml');
      expect(files.filter((f) => /customresourcedefinitions|\.metadata\.yaml$/.test(f))).toEqual(
        [],
      );
      expect(
        server.requests
          .map((q) => q.path)
          .filter((path) =>
            /^\/api\/v1$|^\/apis\/[^/]+\/[^/]+$|customresourcedefinitions/.test(path),
          ),
      ).toEqual([]);
      const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8').replace(
        'snapshot: clusters/mgmt-a',
        'snapshot: recorded',
      );
      writeFileSync(join(dir, 'migration.yaml'), spec);
      const c = await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir });
      expect(c.code, c.stderr).toBe(0);
      const expected = readTreeSync(join(moveDir, 'expected'));
      const got = readTreeSync(join(dir, 'plan'));
      // Same steps and objects; only the spec hash in the provenance differs (the spec names another folder).
      const unhash = (t: string) => t.replace(/[0-9a-f]{64}/g, 'HASH');
      expect(unhash(got.get('REPORT.md') ?? '')).toBe(unhash(expected.get('REPORT.md') ?? ''));
      expect(unhash(got.get('hcp/target/11-hostedcluster.yaml') ?? '')).toBe(
        unhash(expected.get('hcp/target/11-hostedcluster.yaml') ?? ''),
      );
    } finally {
      await server.close();
    }
  });
});

describe('compile --from live reads Secrets as metadata only', () => {
  it('values the API server holds never reach the facts or the output; the compile equals the golden', async () => {
    const value = 'bGl2ZS1zZWNyZXQtdmFsdWU='; // "live-secret-value"
    const { server, kubeconfig } = await serveMgmtA({ key: value }, { k: 'plain-value' });
    try {
      // The OADP backup reads only mgmt-a; its spec names the recording, which --from live bypasses.
      const backupDir = join(examplesDir, 'hcp-oadp-backup');
      const dir = scratchDir('migplan-hcp-live-');
      writeFileSync(join(dir, 'migration.yaml'), readFileSync(join(backupDir, 'migration.yaml')));
      writeFileSync(join(dir, 'kubeconfig'), kubeconfig);
      const args = 'compile migration.yaml --from live --kubeconfig kubeconfig --out plan';
      const r = await runCli(args.split(' '), { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      // Not even dropped (MP3302): the Secrets were listed as PartialObjectMetadata.
      expect(r.stderr).not.toContain('MP3302');
      const got = readTreeSync(join(dir, 'plan'));
      const expected = readTreeSync(join(backupDir, 'expected'));
      expected.delete('stdout.yaml');
      expected.delete('diagnostics.txt');
      expect(got).toEqual(expected);
      const everything = [...got.values()].join('\n') + r.stdout + r.stderr;
      for (const secret of [value, 'live-secret-value', 'plain-value'])
        expect(everything).not.toContain(secret);
      const secretLists = server.requests.filter((q) => q.path.endsWith('/secrets'));
      expect(secretLists.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
