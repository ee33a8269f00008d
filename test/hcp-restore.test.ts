import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { planHcp } from '../src/plan/hcp/plan.js';
import { UNFILLED_RESTORE_URL, type HcpPlan, type Step } from '../src/plan/hcp/types.js';
import { readClusterSnapshotObjects } from '../src/resolve/from-snapshot.js';
import { hcpFactsFromObjects, type HcpFacts } from '../src/resolve/hcp-facts.js';
import type { HostedClusterMigration } from '../src/spec/hcp.js';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { validateDocument } from '../src/validate/validate.js';
import { runCli } from './helpers/cli.js';
import { prodScope } from './helpers/hcp-scope.js';
import { loadCrdValidators } from './helpers/crd-schemas.js';
import { tableUnder } from './helpers/markdown.js';
import { scratchDir } from './helpers/tmp.js';

/**
 * Purpose restore (examples/hcp-etcd-restore): the restore-only rules of STEPS.md, run as the operator would run
 * them (the report's commands under bash, with stand-ins for oc and aws) or planned from edited recordings.
 */

const examplesDir = join(import.meta.dirname, '..', 'examples');
const restoreDir = join(examplesDir, 'hcp-etcd-restore');
const steps = readFileSync(join(restoreDir, 'STEPS.md'), 'utf8');
const scope = prodScope;

let plan: HcpPlan;
let source: HcpFacts;
let target: HcpFacts;
let spec: HostedClusterMigration;

beforeAll(async () => {
  const r = await runCli(['report', 'migration.yaml', '--format', 'json'], { cwd: restoreDir });
  expect(r.code, r.stderr).toBe(0);
  plan = (JSON.parse(r.stdout) as { plan: HcpPlan }).plan;
  const read = (path: string) =>
    hcpFactsFromObjects(
      path,
      readClusterSnapshotObjects(restoreDir, restoreDir, path, path).value ?? [],
      scope,
    ).value as HcpFacts;
  source = read('../hcp-aws-move/clusters/mgmt-a');
  target = read('clusters/mgmt-c');
  const v = await validateDocument(
    parseSpecSync(readFileSync(join(restoreDir, 'migration.yaml'), 'utf8'), 'migration.yaml')
      .value!,
  );
  if (v.value?.kind !== 'HostedClusterMigration') throw new Error('not a HostedClusterMigration');
  spec = v.value.spec;
});

const step = (id: string): Step => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};

/** A folder with the compiled step files, the saved backup, and stand-ins for oc and aws on PATH. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = scratchDir('migplan-restore-');
  cpSync(join(restoreDir, 'expected', 'hcp'), join(dir, 'hcp'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  // oc: `get hostedcluster` finds one only when HC_EXISTS is set (else NotFound, exit 1), `get secret` prints
  // TARGET_KEY, `apply -f -` writes what it receives to APPLIED.
  writeFileSync(
    join(dir, 'bin', 'oc'),
    `#!/bin/bash
case "$*" in
  *"get hostedcluster"*) if [ -n "$HC_EXISTS" ]; then echo hostedcluster.hypershift.openshift.io/prod; else echo 'Error from server (NotFound)' >&2; exit 1; fi ;;
  *"get secret"*) printf '%s' "$TARGET_KEY" ;;
  *apply*) cat > "$APPLIED" ;;
  *) echo "unexpected oc $*" >&2; exit 3 ;;
esac
`,
  );
  // aws: head-object fails when NO_OBJECT is set; presign prints PRESIGNED.
  writeFileSync(
    join(dir, 'bin', 'aws'),
    `#!/bin/bash
case "$*" in
  *head-object*) [ -z "$NO_OBJECT" ] || { echo 'An error occurred (404) when calling the HeadObject operation: Not Found' >&2; exit 254; } ;;
  *"s3 presign"*) printf '%s\\n' "$PRESIGNED" ;;
  *) echo "unexpected aws $*" >&2; exit 3 ;;
esac
`,
  );
  chmodSync(join(dir, 'bin', 'oc'), 0o755);
  chmodSync(join(dir, 'bin', 'aws'), 0o755);
  return {
    dir,
    env: {
      PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`,
      APPLIED: join(dir, 'applied'),
    },
  };
}

const good =
  'https://hcp-etcd-backups-example.s3.amazonaws.com/hcp-backups/clusters/prod/prod-dr.db?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101&X-Amz-Signature=abc';

/** Stand-in settings per case of the "Restore URL" table (the table says what must happen). */
const urlCases: Record<string, Record<string, string>> = {
  'snapshot object present, no HostedCluster on mgmt-c, https URL of 1024 characters or less': {
    PRESIGNED: good,
  },
  'no snapshot object at the key': { PRESIGNED: good, NO_OBJECT: '1' },
  'HostedCluster clusters/prod already on mgmt-c': { PRESIGNED: good, HC_EXISTS: '1' },
  'presign prints an http:// URL': { PRESIGNED: good.replace('https://', 'http://') },
  'presign prints a 1,100-character URL': {
    PRESIGNED: `${good}&X-Amz-Security-Token=${'A'.repeat(1100 - good.length - 22)}`,
  },
};

describe('hcp-etcd-restore: the restore URL (STEPS.md "Restore URL")', () => {
  const rows = tableUnder(steps, 'Restore URL');
  const hcValidator = loadCrdValidators().get('hypershift.openshift.io/v1beta1/HostedCluster')!;

  it('every case of the table has its stand-in settings', () => {
    expect(rows.map((r) => r['case']).sort()).toEqual(Object.keys(urlCases).sort());
    expect(urlCases['presign prints a 1,100-character URL']!['PRESIGNED']).toHaveLength(1100);
  });

  it.each(rows.map((r) => [r['case']!, r] as const))('%s', (name, row) => {
    const commands = step('hostedcluster').commands;
    const run = (strict: boolean) => {
      const { dir, env } = workspace();
      const r = spawnSync('bash', ['-c', `${strict ? 'set -e\n' : ''}${commands.join('\n')}`], {
        cwd: dir,
        env: { ...env, ...urlCases[name] },
        encoding: 'utf8',
      });
      let applied: string | undefined;
      try {
        applied = readFileSync(env['APPLIED']!, 'utf8');
      } catch {
        applied = undefined;
      }
      return { ...r, applied };
    };
    const strict = run(true);
    const message = row['message']!;
    if (row['under set -e'] === 'exit 0') {
      expect(strict.status, strict.stderr).toBe(0);
      for (const m of rows.map((x) => x['message']!).filter((x) => x !== '-'))
        expect(strict.stderr).not.toContain(m);
    } else {
      expect(row['under set -e']).toBe('exit 1, nothing applied');
      expect(strict.status).toBe(1);
      expect(strict.applied).toBeUndefined();
      expect(strict.stderr).toContain(message);
    }
    const pasted = run(false);
    expect(pasted.applied).toBeDefined();
    const objects = jsYaml.loadAll(pasted.applied!) as Record<string, unknown>[];
    expect(objects.map((o) => o['kind'])).toEqual(['HostedCluster']);
    const url = (
      (
        ((objects[0]!['spec'] as Record<string, unknown>)['etcd'] as Record<string, unknown>)[
          'managed'
        ] as Record<string, unknown>
      )['storage'] as Record<string, unknown>
    )['restoreSnapshotURL'];
    if (row['line by line, oc apply receives'] === 'the URL') {
      expect(url).toEqual([urlCases[name]!['PRESIGNED']]);
      expect(hcValidator(objects[0]), JSON.stringify(hcValidator.errors)).toBe(true);
    } else {
      expect(row['line by line, oc apply receives']).toBe('the placeholder');
      expect(url).toBe(UNFILLED_RESTORE_URL);
      expect(hcValidator(objects[0])).toBe(false);
    }
  });
});

describe('hcp-etcd-restore: the encryption key is compared by hash (STEPS.md "Encryption key")', () => {
  const rows = tableUnder(steps, 'Encryption key');
  it('the check gates the HostedCluster step, after the Secrets are restored', () => {
    const check = step('check-encryption-key');
    expect(check.gate).toBe(step('secrets').verify.name);
    expect(step('hostedcluster').gate).toBe(check.verify.name);
    expect(check.n).toBeLessThan(step('hostedcluster').n);
    expect(rows).toHaveLength(2);
  });

  it.each(rows.map((r) => [`saved ${r['saved key']} vs ${r['key on mgmt-c']}`, r] as const))(
    '%s',
    (_name, row) => {
      const { dir, env } = workspace();
      mkdirSync(join(dir, plan.backupDir));
      // What the backup run's save step wrote: a List of the HC-namespace Secrets, values included.
      writeFileSync(
        join(dir, plan.backupDir, 'secrets-clusters.json'),
        JSON.stringify(
          {
            apiVersion: 'v1',
            kind: 'List',
            items: [
              { kind: 'Secret', metadata: { name: 'prod-pull-secret' }, data: { x: 'eA==' } },
              {
                kind: 'Secret',
                metadata: { name: 'prod-etcd-encryption-key' },
                data: { key: row['saved key'] },
              },
            ],
          },
          null,
          2,
        ),
      );
      const r = spawnSync('bash', ['-c', step('check-encryption-key').commands.join('\n')], {
        cwd: dir,
        env: { ...env, TARGET_KEY: row['key on mgmt-c'] },
        encoding: 'utf8',
      });
      expect(r.status).toBe(Number(row['exit']));
      if (row['prints'] === 'same encryption key') expect(r.stdout.trim()).toBe(row['prints']);
      else {
        expect(row['prints']).toBe('two hashes, never a key');
        expect(r.stdout.match(/\b[0-9a-f]{64}\b/g)).toHaveLength(2);
        expect(r.stdout).not.toContain('same encryption key');
      }
      const output = r.stdout + r.stderr;
      for (const key of [row['saved key']!, row['key on mgmt-c']!]) {
        expect(output).not.toContain(key);
        expect(output).not.toContain(Buffer.from(key, 'base64').toString());
      }
    },
  );
});

describe('hcp-etcd-restore: what must exist on the target (STEPS.md "Must exist on the target")', () => {
  const rows = tableUnder(steps, 'Must exist on the target');
  /** Each row's recording of mgmt-c without what it names. */
  const without: Record<string, (t: HcpFacts) => void> = {
    'a HyperShift operator whose supported-versions ConfigMap lists 4.15': (t) =>
      void (t.supportedVersions = { versions: ['4.17', '4.16'] }),
    "StorageClass gp3-csi (the etcd volume's class is immutable)": (t) =>
      void (t.storageClasses = ['gp2-csi']),
    'external-dns for the HyperShift operator': (t) => void delete t.externalDns,
    'an external-dns domain filter that covers hcp.example.com': (t) =>
      void (t.externalDns = { provider: 'aws', domainFilters: ['apps.example.org'] }),
    'no HostedCluster clusters/prod': (t) =>
      void t.hostedClusters.push(
        structuredClone(source.hostedClusters.find((h) => h.name === 'prod')!),
      ),
    'no namespace clusters-prod': (t) => void t.namespaces.push('clusters-prod'),
    'namespace clusters': (t) => void (t.namespaces = t.namespaces.filter((n) => n !== 'clusters')),
  };
  const planned = (edit: (t: HcpFacts) => void = () => {}, editSource = (_s: HcpFacts) => {}) => {
    const s = structuredClone(source);
    const t = structuredClone(target);
    edit(t);
    editSource(s);
    return planHcp(structuredClone(spec), s, t);
  };

  it('the recordings as they are: no finding, and nothing runs on the source', () => {
    const r = planned();
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.plan.steps.map((s) => s.place)).not.toContain('source');
    expect(r.value!.plan.steps.map((s) => s.phase)).not.toContain('teardown');
    expect(Object.keys(without).sort()).toEqual(rows.map((x) => x['on mgmt-c']).sort());
  });

  it.each(rows.map((r) => [r['on mgmt-c']!, r] as const))('without %s', (name, row) => {
    const r = planned(without[name]);
    if (row['if not'] === 'blocker') {
      const codes = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
      expect([...new Set(codes)]).toEqual([row['code']]);
      expect(r.value).toBeUndefined();
    } else {
      expect(row['if not']).toBe('step 1 creates it as well');
      expect(r.diagnostics).toEqual([]);
      const ns = r.value!.plan.steps.find((s) => s.id === 'namespaces')!;
      expect(ns.n).toBe(1);
      expect(ns.objects.map((o) => (o['metadata'] as { name: string }).name)).toEqual([
        'clusters',
        'clusters-prod',
      ]);
    }
  });

  it('the compiled plan creates only clusters-prod and never deletes namespace clusters', () => {
    const ns = step('namespaces');
    expect(ns.objects.map((o) => (o['metadata'] as { name: string }).name)).toEqual([
      'clusters-prod',
    ]);
    expect(plan.steps.flatMap((s) => s.commands).join('\n')).not.toMatch(/delete namespace/);
  });

  it('nothing is required of the source: its external-dns is not checked', () => {
    const r = planned(
      () => {},
      (s) => void delete s.externalDns,
    );
    expect(r.diagnostics).toEqual([]);
  });
});

describe('purpose restore with method oadp (the Backup of a backup run, restored on mgmt-c)', () => {
  const oadpPlan = (edit: (t: HcpFacts) => void = () => {}) => {
    const s = structuredClone(spec);
    s.spec.method = 'oadp';
    delete s.spec.storage;
    s.metadata.name = 'prod-nightly';
    const t = structuredClone(target);
    t.oadp = {
      dpas: [
        {
          name: 'dpa-hcp',
          defaultPlugins: ['openshift', 'aws', 'csi', 'hypershift'],
          customPlugins: [],
        },
      ],
      bsls: [{ name: 'default' }],
    };
    edit(t);
    return planHcp(s, structuredClone(source), t);
  };

  it('Restore then unpause on the target only, every object valid for the Velero and HyperShift CRDs', () => {
    const r = oadpPlan();
    expect(r.diagnostics).toEqual([]);
    const restoreSteps = r.value!.plan.steps;
    expect(restoreSteps.map((s) => [s.place, s.id])).toEqual([
      ['target', 'restore'],
      ['target', 'unpause'],
      ['hosted', 'nodes-ready'],
      ['hosted', 'ovn-reset'],
      ['hosted', 'verify'],
    ]);
    const restore = restoreSteps[0]!.objects[0]!;
    expect(restore['kind']).toBe('Restore');
    // The Backup the backup run of this spec (same name) wrote; restored only when it completed.
    expect((restore['spec'] as Record<string, unknown>)['backupName']).toBe('prod-nightly');
    expect(restoreSteps[0]!.gate).toContain('Backup completed');
    // Velero drops status and the objects come back paused: the unpause step releases them.
    expect(
      restoreSteps[1]!.objects.map((o) => [
        o['kind'],
        (o['spec'] as Record<string, unknown>)['pausedUntil'],
      ]),
    ).toEqual([
      ['HostedCluster', 'false'],
      ['NodePool', 'false'],
    ]);
    const full = loadCrdValidators();
    const partial = loadCrdValidators(true);
    for (const s of restoreSteps)
      for (const o of s.objects) {
        const [group, version] = String(o['apiVersion']).split('/');
        const v = (s.partial ? partial : full).get(`${group}/${version}/${String(o['kind'])}`)!;
        expect(v(o), `${s.id} ${JSON.stringify(v.errors)}`).toBe(true);
      }
  });

  it.each<[string, (t: HcpFacts) => void]>([
    ['no DataProtectionApplication with the hypershift plugin', (t) => void (t.oadp!.dpas = [])],
    ['no BackupStorageLocation default', (t) => void (t.oadp!.bsls = [{ name: 'other' }])],
  ])('on mgmt-c, %s: MP4312, no step', (_what, edit) => {
    const r = oadpPlan(edit);
    expect([...new Set(r.diagnostics.map((d) => d.code))]).toEqual(['MP4312']);
    expect(r.value).toBeUndefined();
  });
});
