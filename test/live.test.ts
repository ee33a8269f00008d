import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotObjects } from '../src/resolve/from-snapshot.js';
import { factsFromObjects, type KubeObject } from '../src/resolve/facts-from-objects.js';
import { liveSource, type LiveOptions } from '../src/resolve/from-live.js';
import {
  execPluginKubeconfig,
  fixtureKubeconfig,
  startFixtureServer,
  type Fault,
  type FixtureServer,
} from './fixture/api-server.js';
import { generateTls, type TlsMaterial } from './fixture/certs.js';
import { runCli } from './helpers/cli.js';
import { snapshotCli } from './helpers/snapshot-cli.js';
import { examplesDir, serveExample as serveLiveExample, TOKEN } from './helpers/live-example.js';
import { readTreeSync } from './helpers/golden.js';
import { scratchDir } from './helpers/tmp.js';

const examples = readdirSync(examplesDir)
  // Migration examples; NetworkMigration ones have their own live test (test/network-migration.test.ts).
  .filter(
    (d) =>
      existsSync(join(examplesDir, d, 'migration.yaml')) &&
      existsSync(join(examplesDir, d, 'expected')),
  )
  .sort();
let tls: TlsMaterial;
beforeAll(() => {
  tls = generateTls();
});

const serveExample = (
  name: string,
  perCluster?: (cluster: string) => { faults?: Fault[]; groups?: string[]; latencyMs?: number },
) => serveLiveExample(name, tls, perCluster);

describe('compile --from live equals compile --from snapshot', () => {
  for (const name of examples) {
    it(name, async () => {
      const live = await serveExample(name);
      try {
        const r = await runCli(
          [
            'compile',
            'migration.yaml',
            '--from',
            'live',
            '--kubeconfig',
            'kubeconfig',
            '--out',
            'plan',
          ],
          { cwd: live.dir },
        );
        const expectedDir = join(examplesDir, name, 'expected');
        // The golden stderr comes from a stdout run, which adds a note about other clusters' objects.
        const golden = readFileSync(join(expectedDir, 'diagnostics.txt'), 'utf8').replace(
          /^note: .*\n/m,
          '',
        );
        expect(r.stderr).toBe(golden);
        expect(r.code).toBe(0);
        const expected = readTreeSync(expectedDir);
        expected.delete('stdout.yaml');
        expected.delete('diagnostics.txt');
        expect(readTreeSync(join(live.dir, 'plan'))).toEqual(expected);
        // One paged LIST per kind: never a request per object or per namespace.
        for (const server of live.servers.values()) {
          const lists = server.requests.filter((q) => q.query.includes('limit='));
          expect(lists.every((q) => !q.path.includes('/namespaces/'))).toBe(true);
          expect(new Set(lists.map((q) => q.path)).size).toBe(lists.length);
          // Kept-alive connections: no more TLS handshakes than the default concurrency (6).
          expect(server.handshakes).toBeGreaterThan(0);
          expect(server.handshakes).toBeLessThanOrEqual(6);
        }
      } finally {
        await live.close();
      }
    });
  }
});

describe('live discovery against the fixture API server', () => {
  const okd47 = join(examplesDir, 'okd47-to-okd410-observability', 'clusters', 'okd47');
  let objects: KubeObject[];
  beforeAll(() => {
    objects = loadSnapshotObjects(okd47, (f) => f).value as KubeObject[];
  });

  async function read(
    server: FixtureServer,
    extra: Partial<LiveOptions> = {},
    token = TOKEN,
    ca = tls.ca,
  ) {
    const dir = scratchDir('migplan-kc-');
    writeFileSync(
      join(dir, 'kubeconfig'),
      fixtureKubeconfig([{ name: 'ctx', url: server.url, ca, token }]),
    );
    const source = liveSource({
      kubeconfig: join(dir, 'kubeconfig'),
      env: {},
      baseDir: dir,
      namespacesFor: () => ['opensearch', 'cert-manager'],
      attempts: 4,
      ...extra,
    });
    return source.read('okd47', { role: 'source', discovery: { context: 'ctx' } });
  }
  const snapshotFacts = () => factsFromObjects('okd47', objects);

  it('pages through every kind with limit/continue and builds the same facts as the snapshot', async () => {
    const server = await startFixtureServer({ objects, token: TOKEN, tls });
    try {
      const r = await read(server, { pageSize: 2 });
      // A live read also knows it listed every workload kind; an oc get recording cannot say so.
      expect(r.value).toEqual({ ...snapshotFacts(), workloadsListed: true });
      const podLists = server.requests.filter((q) => q.path === '/api/v1/pods');
      const pods = objects.filter((o) => o['kind'] === 'Pod').length;
      expect(podLists).toHaveLength(Math.ceil(pods / 2));
      expect(podLists.slice(1).every((q) => q.query.includes('continue='))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('keeps connections alive: TLS handshakes no more than the concurrency for a whole discovery', async () => {
    const server = await startFixtureServer({ objects, token: TOKEN, tls });
    try {
      const r = await read(server, { pageSize: 2, concurrency: 3 });
      expect(r.value).toEqual({ ...snapshotFacts(), workloadsListed: true });
      expect(server.requests.length).toBeGreaterThan(20);
      expect(server.handshakes).toBeGreaterThan(0);
      expect(server.handshakes).toBeLessThanOrEqual(3);
      expect(server.connections).toBeLessThanOrEqual(3);
    } finally {
      await server.close();
    }
  });

  it('sends a request again at once when its kept-alive connection was closed, without using an attempt', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [{ path: '/api/v1/pods', reset: true, onReusedConnection: true, times: 1 }],
    });
    try {
      const r = await read(server, { pageSize: 2, attempts: 1 });
      expect(r.diagnostics).toEqual([]);
      expect(r.value).toEqual({ ...snapshotFacts(), workloadsListed: true });
      expect(server.faults[0]?.times).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('a connection reset on every request: each attempt sends at most twice, then the read fails', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [{ path: '/api/v1/pods', reset: true, times: Infinity }],
    });
    try {
      const r = await read(server, { pageSize: 2, attempts: 2 });
      expect(r.value).toBeUndefined();
      expect(r.diagnostics[0]?.code).toBe('MP3014');
      expect(r.diagnostics[0]?.message).toContain('after 2 attempts (last: ECONNRESET)');
      const pods = server.requests.filter((q) => q.path === '/api/v1/pods').length;
      expect(pods).toBeGreaterThanOrEqual(2);
      expect(pods).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });

  it('handles a vanilla Kubernetes cluster without OpenShift groups', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      groups: [
        '',
        'storage.k8s.io',
        'rbac.authorization.k8s.io',
        'networking.k8s.io',
        'apps',
        'batch',
      ],
    });
    try {
      const r = await read(server);
      expect(r.value?.sccs).toEqual([]);
      expect(r.value?.pods.length).toBeGreaterThan(0);
      // A group not served has none of its kinds: the workloads still count as listed.
      expect(r.value?.workloadsListed).toBe(true);
      const codes = r.diagnostics.map((d) => d.code);
      // six OpenShift groups, apps.openshift.io (DeploymentConfigs), kubevirt.io (VirtualMachines) and
      // operators.coreos.com (OLM)
      expect(codes.filter((c) => c === 'MP3006')).toHaveLength(9);
      expect(server.requests.some((q) => q.path.includes('security.openshift.io/v1/'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a 403 on SCCs is a warning naming the permission; discovery continues', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [
        {
          path: '/apis/security.openshift.io/v1/securitycontextconstraints',
          status: 403,
          times: Infinity,
        },
      ],
    });
    try {
      const r = await read(server);
      expect(r.value?.unreadable).toEqual(['SecurityContextConstraints']);
      const d = r.diagnostics.find((x) => x.code === 'MP3007');
      expect(d).toMatchObject({ severity: 'warning' });
      expect(d?.message).toContain('list securitycontextconstraints.security.openshift.io');
    } finally {
      await server.close();
    }
  });

  it('falls back to per-namespace lists after a 403 on a cluster-wide list', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [{ path: '/api/v1/pods', status: 403, times: Infinity }],
    });
    try {
      const r = await read(server);
      expect(r.value?.pods.map((p) => p.namespace).sort()).toEqual(
        objects
          .filter(
            (o) =>
              o['kind'] === 'Pod' &&
              ['opensearch', 'cert-manager'].includes(
                (o['metadata'] as { namespace: string }).namespace,
              ),
          )
          .map((o) => (o['metadata'] as { namespace: string }).namespace)
          .sort(),
      );
      expect(
        server.requests
          .filter((q) => q.path.startsWith('/api/v1/namespaces/') && q.path.endsWith('/pods'))
          .map((q) => q.path)
          .sort(),
      ).toEqual(['/api/v1/namespaces/cert-manager/pods', '/api/v1/namespaces/opensearch/pods']);
    } finally {
      await server.close();
    }
  });

  it('a kind refused in one plan namespace is unreadable, with none of its objects as facts', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [
        { path: '/apis/networking.k8s.io/v1/networkpolicies', status: 403, times: 1 },
        {
          path: '/apis/networking.k8s.io/v1/namespaces/cert-manager/networkpolicies',
          status: 403,
          times: Infinity,
        },
      ],
    });
    try {
      const r = await read(server);
      expect(r.value?.unreadable).toEqual(['NetworkPolicy']);
      // opensearch's list was complete, but half a kind is not facts.
      expect(r.value?.networkPolicies).toEqual([]);
      expect(
        server.requests.some((q) => q.path.endsWith('/namespaces/opensearch/networkpolicies')),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('retries a 429 after Retry-After, and a dropped connection, then succeeds', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [
        { path: '/api/v1/persistentvolumes', status: 429, retryAfter: 1, times: 1 },
        { path: '/apis/storage.k8s.io/v1/storageclasses', reset: true, times: 1 },
      ],
    });
    try {
      const started = performance.now();
      const r = await read(server);
      expect(r.value).toEqual({ ...snapshotFacts(), workloadsListed: true });
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(
        server.requests.filter((q) => q.path === '/api/v1/persistentvolumes').map((q) => q.status),
      ).toEqual([429, 200]);
    } finally {
      await server.close();
    }
  });

  it('gives up on a 500 storm after bounded retries, with a clear diagnostic', async () => {
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [{ path: '/api/v1/pods', status: 500, times: Infinity }],
    });
    try {
      const r = await read(server);
      expect(r.value).toBeUndefined();
      expect(r.diagnostics[0]?.code).toBe('MP3014');
      expect(r.diagnostics[0]?.message).toContain('after 4 attempts');
      expect(server.requests.filter((q) => q.path === '/api/v1/pods')).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it('a wrong token, a CA mismatch and an unreachable server are exit-2 diagnostics without secrets', async () => {
    const server = await startFixtureServer({ objects, token: TOKEN, tls });
    try {
      const wrong = await read(server, {}, 'sha256~wrong-token-value');
      expect(wrong.diagnostics[0]?.code).toBe('MP3009');
      expect(JSON.stringify(wrong.diagnostics)).not.toContain('wrong-token-value');
      const other = generateTls();
      const mismatch = await read(server, {}, TOKEN, other.ca);
      expect(mismatch.diagnostics[0]?.code).toBe('MP3012');
      expect(mismatch.diagnostics[0]?.message).toContain(server.url);
    } finally {
      await server.close();
    }
    const gone = await read(server);
    expect(gone.diagnostics[0]?.code).toBe('MP3013');
  });
});

describe('the CLI on live failures', () => {
  it('exits 2 with the context and server named, never the token', async () => {
    const live = await serveExample('state-migration');
    try {
      writeFileSync(
        join(live.dir, 'kubeconfig'),
        readFileSync(join(live.dir, 'kubeconfig'), 'utf8').replaceAll(
          TOKEN,
          'sha256~revoked-token',
        ),
      );
      const r = await runCli(
        ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'],
        { cwd: live.dir },
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /error MP3009: context "dc\d-admin" \(https:\/\/127\.0\.0\.1:\d+\) rejected the credentials/,
      );
      expect(r.stderr).not.toContain('revoked-token');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await live.close();
    }
  });
});

describe('migplan snapshot', () => {
  it('records a live cluster so that compiling from the recording equals compiling live', async () => {
    const live = await serveExample('okd47-to-okd410-observability');
    try {
      for (const [cluster, context] of [
        ['okd47', 'okd47-admin'],
        ['host', 'okd410-admin'],
      ]) {
        const r = await snapshotCli(
          live.dir,
          context as string,
          `clusters/${cluster === 'host' ? 'okd410' : cluster}`,
          '--quiet',
        );
        expect(r.code, r.stderr).toBe(0);
      }
      expect(readdirSync(join(live.dir, 'clusters', 'okd47'))).toContain('pods.yaml');
      const fromRecording = await runCli(['compile', 'migration.yaml', '--from', 'snapshot'], {
        cwd: live.dir,
      });
      const fromLive = await runCli(
        ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'],
        { cwd: live.dir },
      );
      expect(fromRecording.code).toBe(0);
      expect(fromRecording.stdout).toBe(fromLive.stdout);
      expect(fromRecording.stdout).toBe(
        readFileSync(
          join(examplesDir, 'okd47-to-okd410-observability', 'expected', 'stdout.yaml'),
          'utf8',
        ),
      );
      expect(readFileSync(join(live.dir, 'clusters', 'okd47', 'pods.yaml'), 'utf8')).not.toContain(
        'managedFields',
      );
    } finally {
      await live.close();
    }
  });
});

describe('migplan snapshot never turns a kind it could not list into an empty one (issue 11)', () => {
  it('a 403 on SCCs is recorded in the marker, and the recording compiles as the live read does', async () => {
    const sccs = '/apis/security.openshift.io/v1/securitycontextconstraints';
    const live = await serveExample('okd47-to-okd410-observability', () => ({
      faults: [{ path: sccs, status: 403, times: Infinity }],
    }));
    try {
      for (const [cluster, context] of [
        ['okd47', 'okd47-admin'],
        ['okd410', 'okd410-admin'],
      ] as const) {
        const r = await snapshotCli(live.dir, context, `clusters/${cluster}`);
        expect(r.code, r.stderr).toBe(0);
        const marker = JSON.parse(
          readFileSync(join(live.dir, 'clusters', cluster, '.migplan-manifest.json'), 'utf8'),
        ) as { unreadable: string[] };
        expect(marker.unreadable).toEqual(['SecurityContextConstraints']);
      }
      const fromRecording = await runCli(['compile', 'migration.yaml', '--from', 'snapshot'], {
        cwd: live.dir,
      });
      const fromLive = await runCli(
        ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'],
        { cwd: live.dir },
      );
      expect(fromRecording.code).toBe(fromLive.code);
      expect(fromRecording.stdout).toBe(fromLive.stdout);
      expect(fromRecording.stderr).toContain(
        'warning MP3007: the snapshot of okd47 records that SecurityContextConstraints could not be listed',
      );
      // Unknown is not empty: the SCC findings say the SCCs could not be read, as the live read does.
      expect(fromRecording.stderr).toContain('could not be read');
      expect(fromLive.stderr).toContain('could not be read');
    } finally {
      await live.close();
    }
  });
});

describe('workload kinds: owners are checked only when every workload kind was listed', () => {
  it('a 403 on ReplicaSets: live and its recording both say "owner not checked" (MP4042) and emit the same plan', async () => {
    const live = await serveExample('okd47-to-okd410-observability', () => ({
      faults: [
        { path: '/apis/apps/v1/replicasets', status: 403, times: Infinity },
        { path: '/apis/apps/v1/namespaces/opensearch/replicasets', status: 403, times: Infinity },
      ],
    }));
    try {
      for (const cluster of ['okd47', 'okd410']) {
        const r = await snapshotCli(live.dir, `${cluster}-admin`, `clusters/${cluster}`);
        expect(r.code, r.stderr).toBe(0);
      }
      const fromRecording = await runCli(['compile', 'migration.yaml', '--from', 'snapshot'], {
        cwd: live.dir,
      });
      const fromLive = await runCli(
        ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'],
        { cwd: live.dir },
      );
      expect(fromRecording.stdout).toBe(fromLive.stdout);
      for (const run of [fromRecording, fromLive]) expect(run.stderr).toContain('MP4042');
      // Nothing guessed: no ownerType in the MigPlan.
      expect(fromLive.stdout).not.toContain('ownerType');
    } finally {
      await live.close();
    }
  });
});

describe('migplan snapshot --out only replaces a snapshot it wrote (issue 11.1)', () => {
  it('refreshes its own recording, keeps other files, and refuses a folder it did not write', async () => {
    const live = await serveExample('okd47-to-okd410-observability');
    try {
      const snap = (out: string) => snapshotCli(live.dir, 'okd47-admin', out, '--quiet');
      expect((await snap('clusters/okd47')).code).toBe(0);
      const marker = JSON.parse(
        readFileSync(join(live.dir, 'clusters', 'okd47', '.migplan-manifest.json'), 'utf8'),
      ) as { context: string; files: { path: string }[] };
      expect(marker.context).toBe('okd47-admin');
      expect(marker.files.map((f) => f.path)).toContain('pods.yaml');
      writeFileSync(join(live.dir, 'clusters', 'okd47', 'extra-notes.txt'), 'mine\n');
      const again = await snap('clusters/okd47');
      expect(again.code).toBe(0);
      expect(readFileSync(join(live.dir, 'clusters', 'okd47', 'extra-notes.txt'), 'utf8')).toBe(
        'mine\n',
      );
      // The spec's folder holds the spec and the kubeconfig: never a snapshot target.
      const spec = readFileSync(join(live.dir, 'migration.yaml'), 'utf8');
      const refused = await snap('.');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/error MP600[56]: /);
      expect(readFileSync(join(live.dir, 'migration.yaml'), 'utf8')).toBe(spec);
      expect(readdirSync(live.dir)).not.toContain('pods.yaml');
    } finally {
      await live.close();
    }
  });
});

const run = promisify(execFile);
const kubectlAvailable =
  spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

describe.runIf(kubectlAvailable)('the real kubectl speaks to the fixture API server', () => {
  it('lists pvc,pv,sc,sa,ns across namespaces and discovers api-resources', async () => {
    const live = await serveExample('okd47-to-okd410-observability');
    try {
      const env = { ...process.env, KUBECONFIG: join(live.dir, 'kubeconfig'), HOME: live.dir };
      // Async: the fixture server lives in this process and must keep answering while kubectl runs.
      const get = await run(
        'kubectl',
        [
          '--context',
          'okd47-admin',
          'get',
          'pvc,pv,sc,sa,ns',
          '-A',
          '-o',
          'json',
          '--chunk-size=3',
        ],
        { env, encoding: 'utf8' },
      );
      expect(get.stderr).toBe('');
      const items = (
        JSON.parse(get.stdout) as {
          items: { kind: string; metadata: { name: string; namespace?: string } }[];
        }
      ).items;
      const snapshot = loadSnapshotObjects(
        join(examplesDir, 'okd47-to-okd410-observability', 'clusters', 'okd47'),
        (f) => f,
      ).value as KubeObject[];
      const keyOf = (o: { kind?: unknown; metadata?: unknown }) => {
        const m = o.metadata as { name: string; namespace?: string };
        return `${String(o.kind)}/${m.namespace ?? ''}/${m.name}`;
      };
      const wanted = snapshot
        .filter((o) =>
          [
            'PersistentVolumeClaim',
            'PersistentVolume',
            'StorageClass',
            'ServiceAccount',
            'Namespace',
          ].includes(String(o['kind'])),
        )
        .map(keyOf)
        .sort();
      expect(items.map(keyOf).sort()).toEqual(wanted);
      const server = live.servers.get('okd47');
      // --chunk-size pages: kubectl followed our continue tokens.
      expect(server?.requests.some((q) => q.query.includes('continue='))).toBe(true);
      const resources = await run(
        'kubectl',
        ['--context', 'okd47-admin', 'api-resources', '-o', 'name'],
        { env, encoding: 'utf8' },
      );
      expect(resources.stdout.split('\n')).toEqual(
        expect.arrayContaining([
          'pods',
          'persistentvolumeclaims',
          'securitycontextconstraints.security.openshift.io',
          'egressfirewalls.k8s.ovn.org',
        ]),
      );
    } finally {
      await live.close();
    }
  });
});

describe('kubeconfig and permission failures', () => {
  const okd47 = join(examplesDir, 'okd47-to-okd410-observability', 'clusters', 'okd47');
  const readWith = async (kubeconfig: string, context = 'ctx') => {
    const dir = scratchDir('migplan-kc-');
    writeFileSync(join(dir, 'kubeconfig'), kubeconfig);
    return liveSource({
      kubeconfig: join(dir, 'kubeconfig'),
      env: {},
      baseDir: dir,
      namespacesFor: () => [],
    }).read('c', { role: 'source', discovery: { context } });
  };

  it('a missing context or an unreadable kubeconfig is MP3010', async () => {
    const r = await readWith(
      fixtureKubeconfig([{ name: 'ctx', url: 'https://127.0.0.1:1', ca: tls.ca, token: TOKEN }]),
      'nope',
    );
    expect(r.diagnostics[0]).toMatchObject({ code: 'MP3010' });
    expect(r.diagnostics[0]?.message).toContain('contexts: ctx');
    expect((await readWith('::: not yaml [')).diagnostics[0]?.code).toBe('MP3010');
  });

  it('a failing exec credential plugin is MP3011', async () => {
    const r = await readWith(execPluginKubeconfig('false'));
    expect(r.diagnostics[0]?.code).toBe('MP3011');
  });

  it('a 403 on a kind the plan cannot do without is MP3008', async () => {
    const objects = loadSnapshotObjects(okd47, (f) => f).value as KubeObject[];
    const server = await startFixtureServer({
      objects,
      token: TOKEN,
      tls,
      faults: [{ path: '/api/v1/persistentvolumes', status: 403, times: Infinity }],
    });
    try {
      const r = await readWith(
        fixtureKubeconfig([{ name: 'ctx', url: server.url, ca: tls.ca, token: TOKEN }]),
      );
      expect(r.diagnostics[0]).toMatchObject({ code: 'MP3008' });
      expect(r.diagnostics[0]?.message).toContain('list persistentvolumes');
    } finally {
      await server.close();
    }
  });
});

describe('progress display', () => {
  it('shows one updating line per cluster on a terminal, and nothing with --quiet or off a terminal', async () => {
    const live = await serveExample('state-migration');
    try {
      const args = ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'];
      const tty = await runCli(args, { cwd: live.dir, isTTY: true });
      expect(tty.stderr).toContain('\r\u001b[2Kdc1: ');
      expect(tty.stderr).toMatch(/dc1: \d+\/\d+ kinds, \d+ objects/);
      expect(tty.stdout).not.toContain('kinds,');
      expect(
        (await runCli([...args, '--quiet'], { cwd: live.dir, isTTY: true })).stderr,
      ).not.toContain('kinds,');
      expect((await runCli(args, { cwd: live.dir })).stderr).not.toContain('kinds,');
    } finally {
      await live.close();
    }
  });
});
