import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/diff/diff.js';
import { runCli } from './helpers/cli.js';
import { fixtureKubeconfig, startFixtureServer, type Fault } from './fixture/api-server.js';
import { generateTls } from './fixture/certs.js';
import { scratchDir } from './helpers/tmp.js';

const exampleDir = join(import.meta.dirname, '..', 'examples', 'okd47-to-okd410-observability');

async function compiledCopy(): Promise<string> {
  const dir = scratchDir('migplan-review-');
  cpSync(exampleDir, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true, force: true });
  expect((await runCli(['compile', 'migration.yaml', '--out', 'plan'], { cwd: dir })).code).toBe(0);
  return dir;
}

const editSpec = (dir: string, edit: (s: string) => string) =>
  writeFileSync(
    join(dir, 'migration.yaml'),
    edit(readFileSync(join(dir, 'migration.yaml'), 'utf8')),
  );

describe('migplan diff --against DIR', () => {
  it('an unchanged tree: exit 0 and no output', async () => {
    const dir = await compiledCopy();
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('a changed storage-class map shows exactly the changed MigPlan lines', async () => {
    const dir = await compiledCopy();
    editSpec(dir, (s) =>
      s.replace(
        '        verify: false\n',
        '        verify: false\n        storageClassMap:\n          rook-ceph-block: gp3-csi\n',
      ),
    );
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('MigPlan openshift-migration/observability');
    const changed = r.stdout.split('\n').filter((l) => /^[+-] /.test(l));
    // Two RBD volumes change class; nothing else in the plan moves.
    expect(changed).toHaveLength(4);
    expect(changed.every((l) => l.includes('storageClass: '))).toBe(true);
    expect(changed.filter((l) => l.startsWith('+')).every((l) => l.endsWith('gp3-csi'))).toBe(true);
    expect(
      changed
        .filter((l) => l.startsWith('-'))
        .every((l) => l.endsWith('ocs-storagecluster-ceph-rbd')),
    ).toBe(true);
    // Only the plan changed, and the stat says so.
    const stat = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], {
      cwd: dir,
    });
    expect(stat.stdout).toMatch(
      /^~ host: MigPlan openshift-migration\/observability \(\+\d+ -\d+\)$/m,
    );
    expect(stat.stdout.trim().split('\n').at(-1)).toBe('Plan: 0 to add, 1 to change, 0 to remove.');
  });

  it('a removed namespace shows the removed objects and the changed plan', async () => {
    const dir = await compiledCopy();
    editSpec(dir, (s) =>
      s.replace('        - from: opentelemetry-operator\n          to: otel\n', ''),
    );
    const r = await runCli(['diff', 'migration.yaml', '--against', 'plan', '--stat'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- host: EgressFirewall otel/default');
    expect(r.stdout).toContain('- host: Namespace otel');
    // opentelemetry-operator copies no volume (its PVC is Pending), so no egress allowance was emitted for it.
    expect(r.stdout).not.toContain('EgressNetworkPolicy');
    expect(r.stdout).toContain('~ host: MigPlan openshift-migration/observability');
    expect(r.stdout).toMatch(/Plan: 0 to add, 1 to change, 2 to remove\.\n$/);
  });

  it('--exit-zero reports without failing; a missing directory is exit 2', async () => {
    const dir = await compiledCopy();
    editSpec(dir, (s) => s.replace('quiescePods: false', 'quiescePods: true'));
    expect(
      (await runCli(['diff', 'migration.yaml', '--against', 'plan', '--exit-zero'], { cwd: dir }))
        .code,
    ).toBe(0);
    const missing = await runCli(['diff', 'migration.yaml', '--against', 'nowhere'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('MP6004');
  });

  it('never prints Secret values', () => {
    expect(
      redactSecrets({
        kind: 'Secret',
        data: { saToken: 'c2VjcmV0' },
        stringData: { password: 'hunter2' },
      }),
    ).toEqual({
      kind: 'Secret',
      data: { saToken: '<redacted>' },
      stringData: { password: '<redacted>' },
    });
  });
});

describe('GitOps output', () => {
  it('manifest.json lists every file with its SHA-256, the spec hash and the version', async () => {
    const dir = await compiledCopy();
    const index = JSON.parse(readFileSync(join(dir, 'plan', 'manifest.json'), 'utf8')) as {
      specSha256: string;
      generator: string;
      files: { path: string; sha256: string }[];
    };
    expect(index.specSha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(dir, 'migration.yaml')))
        .digest('hex'),
    );
    expect(index.generator).toMatch(/^migplan \d/);
    for (const f of index.files)
      expect(
        createHash('sha256')
          .update(readFileSync(join(dir, 'plan', f.path)))
          .digest('hex'),
      ).toBe(f.sha256);
    expect(index.files.map((f) => f.path)).toContain('migrations/observability/02-cutover.yaml');
  });

  it('--argocd adds sync waves in apply order to setup objects only', async () => {
    const r = await runCli(['compile', 'migration.yaml', '--argocd'], { cwd: exampleDir });
    const docs = jsYaml.loadAll(r.stdout) as {
      kind: string;
      metadata: { annotations?: Record<string, string> };
    }[];
    const waves = docs
      .filter(Boolean)
      .map((d) => Number(d.metadata.annotations?.['argocd.argoproj.io/sync-wave']));
    expect(waves.every((w) => Number.isInteger(w))).toBe(true);
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
    const m = await runCli(
      ['compile', 'migration.yaml', '--argocd', '--migration', 'observability-cutover'],
      { cwd: exampleDir },
    );
    expect(m.stdout).not.toContain('sync-wave');
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  it.runIf(kubectl)(
    'kubectl kustomize builds the setup in our order, without migrations',
    async () => {
      const dir = await compiledCopy();
      const built = execFileSync('kubectl', ['kustomize', join(dir, 'plan')], { encoding: 'utf8' });
      const names = (jsYaml.loadAll(built) as { kind: string; metadata: { name: string } }[]).map(
        (d) => `${d.kind}/${d.metadata.name}`,
      );
      const stdout = (await runCli(['compile', 'migration.yaml'], { cwd: dir })).stdout;
      const expected = (
        jsYaml.loadAll(stdout) as ({ kind: string; metadata: { name: string } } | null)[]
      )
        .filter((d) => d !== null)
        .map((d) => `${d.kind}/${d.metadata.name}`);
      expect(names).toEqual(expected);
      expect(names.some((n) => n.startsWith('MigMigration/'))).toBe(false);
    },
  );
});

describe('migplan diff --against live', () => {
  const token = 'sha256~diff-live';

  /** A compiled copy of the example and two fixture clusters holding its setup objects, as after apply. */
  async function appliedClusters(hostFaults: Fault[] = []) {
    const dir = await compiledCopy();
    const tls = generateTls();
    // What is on the clusters: our setup objects as the API server returns them after apply.
    const onCluster = (file: string) =>
      (jsYaml.loadAll(readFileSync(join(dir, 'plan', file), 'utf8')) as Record<string, unknown>[])
        .filter(Boolean)
        .map((o) => ({
          ...o,
          metadata: {
            ...(o['metadata'] as object),
            uid: 'b7d2',
            resourceVersion: '991',
            generation: 3,
            creationTimestamp: '2026-11-20T10:00:00Z',
            managedFields: [{ manager: 'kubectl', operation: 'Update' }],
          },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        })) as Record<string, unknown>[];
    const hostObjects = [
      '00-controller.yaml',
      '10-clusters.yaml',
      '20-storage.yaml',
      '30-access.yaml',
      '40-network.yaml',
      '50-plans.yaml',
    ].flatMap(onCluster);
    // The controller fills fields the spec never sets; they must not show up.
    for (const o of hostObjects) {
      if (o['kind'] !== 'MigPlan') continue;
      const spec = o['spec'] as { persistentVolumes: Record<string, unknown>[] };
      for (const pv of spec.persistentVolumes)
        Object.assign(pv, { capacityConfirmed: false, proposedCapacity: '0' });
    }
    const host = await startFixtureServer({ objects: hostObjects, token, tls, faults: hostFaults });
    const source = await startFixtureServer({
      objects: onCluster('clusters/okd47/40-network.yaml'),
      token,
      tls,
    });
    writeFileSync(
      join(dir, 'kubeconfig'),
      fixtureKubeconfig([
        { name: 'okd410-admin', url: host.url, ca: tls.ca, token },
        { name: 'okd47-admin', url: source.url, ca: tls.ca, token },
      ]),
    );
    return {
      dir,
      host,
      close: async () => {
        await host.close();
        await source.close();
      },
    };
  }
  const diffLive = (dir: string, ...more: string[]) =>
    runCli(['diff', 'migration.yaml', '--against', 'live', '--kubeconfig', 'kubeconfig', ...more], {
      cwd: dir,
    });

  it('ignores server-set fields and shows what oc apply would change', async () => {
    const { dir, close } = await appliedClusters();
    try {
      const same = await diffLive(dir);
      expect(same.stderr).not.toMatch(/error MP/);
      expect(same.stdout).toBe('');
      expect(same.code).toBe(0);
      // A migration's quiescePods is not a setup object; the namespace list is.
      editSpec(dir, (s) =>
        s
          .replace('quiescePods: false', 'quiescePods: true')
          .replace('        - cert-manager\n', ''),
      );
      const changed = await diffLive(dir, '--stat');
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain('~ host: MigPlan openshift-migration/observability');
      expect(changed.stdout).not.toContain('MigMigration');
    } finally {
      await close();
    }
  });

  // Reads by name go through the same guarded client as discovery (issue 11 items 10 and 12).
  const migplans = '/apis/migration.openshift.io/v1alpha1/namespaces/openshift-migration/migplans';
  it('a transient 503 and a cut-off body on a read-back give the same answer as a clean read', async () => {
    const { dir, close } = await appliedClusters([
      { path: migplans, status: 503, times: 1 },
      {
        path: '/apis/migration.openshift.io/v1alpha1/namespaces/openshift-migration/migclusters',
        truncate: true,
        times: 1,
      },
    ]);
    try {
      const r = await diffLive(dir);
      expect(r.stderr).not.toMatch(/error MP/);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
    } finally {
      await close();
    }
  });

  it('a proxy page on every attempt fails cleanly, naming context and server, never "to add"', async () => {
    const { dir, host, close } = await appliedClusters([
      {
        path: migplans,
        body: '<html><body>Bad gateway</body></html>',
        contentType: 'text/html',
        times: Infinity,
      },
    ]);
    try {
      const r = await diffLive(dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('error MP3016');
      expect(r.stderr).toContain(`context "okd410-admin" (${host.url}`);
      expect(r.stderr).not.toContain(token);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await close();
    }
  });
});

describe('stunnel proxy', () => {
  it('writes a credential-free URL into the MigrationController, and applies env or Secret values by oc patch', async () => {
    const dir = await compiledCopy();
    editSpec(dir, (s) =>
      s.replace(
        '    rsyncEndpointType: Route\n',
        '    rsyncEndpointType: Route\n    stunnelTcpProxy:\n      url: http://proxy.example.com:3128\n',
      ),
    );
    const url = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    expect(url.stdout).toContain('stunnel_tcp_proxy: http://proxy.example.com:3128');
    editSpec(dir, (s) =>
      s.replace(
        '      url: http://proxy.example.com:3128\n',
        '      fromSecret: {name: stunnel-proxy, key: url}\n',
      ),
    );
    const secret = await runCli(['report', 'migration.yaml'], { cwd: dir });
    expect(secret.stdout).toContain(
      "oc get secret stunnel-proxy -n openshift-config -o jsonpath='{.data.url}' | base64 -d",
    );
    const setup = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    expect(setup.stdout).not.toContain('stunnel_tcp_proxy');
  });
});
