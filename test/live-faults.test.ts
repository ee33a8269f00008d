import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fault, FixtureOptions } from './fixture/api-server.js';
import { generateTls, type TlsMaterial } from './fixture/certs.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { readTreeSync } from './helpers/golden.js';
import { serveExample, TOKEN, type LiveExample } from './helpers/live-example.js';
import { scratchDir } from './helpers/tmp.js';

// Every fault of the fixture API server, against `compile --from live` and `migplan snapshot` through the CLI:
// the run gives the same bytes as without the fault, or fails cleanly (exit 2, nothing on stdout, the context
// and server named, no stack trace, no credential) within its timeout. Never exit 0 with other output.

const EXAMPLE = 'state-migration';
/** Small pages, so every list of the example has continue tokens (API servers may return fewer than asked). */
const PAGE = 2;
const compileArgs = ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'];

let tls: TlsMaterial;
let clean: CliRun;
let cleanSnapshot: Map<string, string>;

type Options = Partial<Omit<FixtureOptions, 'objects'>>;

/** Serves the example with `options` on dc1 (dc2 fault-free), runs `run`, and closes the servers. */
async function onDc1<T>(options: Options, run: (live: LiveExample) => Promise<T>): Promise<T> {
  const live = await serveExample(EXAMPLE, tls, (cluster) =>
    cluster === 'dc1' ? { maxPageSize: PAGE, ...options } : { maxPageSize: PAGE },
  );
  try {
    return await run(live);
  } finally {
    await live.close();
  }
}

const compileWith = (options: Options, extra: string[] = []) =>
  onDc1(options, (live) => runCli([...compileArgs, ...extra], { cwd: live.dir }));

/** A failed run, as every failure must look; returns stderr for the specific checks. */
function expectCleanFailure(
  r: CliRun,
  code: string,
  server = /https:\/\/127\.0\.0\.1:\d+/,
): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`error ${code}:`);
  expect(r.stderr).toMatch(new RegExp(`context "dc1-admin" \\(${server.source}\\)`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('MP9000');
  expect(r.stderr).not.toContain(TOKEN);
  expect(r.stderr).not.toContain('\u001b');
  return r.stderr;
}

beforeAll(async () => {
  tls = generateTls();
  clean = await compileWith({});
  expect(clean.code, clean.stderr).toBe(0);
  expect(clean.stdout).toContain('kind: MigPlan');
  cleanSnapshot = await onDc1({}, async (live) => {
    const r = await runCli(
      ['snapshot', '--context', 'dc1-admin', '--kubeconfig', 'kubeconfig', '--out', 'snap'],
      { cwd: live.dir },
    );
    expect(r.code, r.stderr).toBe(0);
    return readTreeSync(join(live.dir, 'snap'));
  });
  // A live compile and a live snapshot, each a few hundred requests: more than the default 10 s on a loaded machine.
}, 60_000);

// Independent servers per test: these run concurrently.
describe.concurrent(
  'faults a retry or a relist absorbs give the same bytes as a fault-free run',
  () => {
    const recoverable: [string, Fault][] = [
      ['500 twice', { path: '/api/v1/persistentvolumeclaims', status: 500, times: 2 }],
      ['503 with Retry-After', { path: '/api/v1/pods', status: 503, retryAfter: 1, times: 1 }],
      [
        '429 with Retry-After',
        { path: '/api/v1/persistentvolumes', status: 429, retryAfter: 1, times: 1 },
      ],
      ['a reset connection, twice', { path: '/apis/storage.k8s.io/', reset: true, times: 2 }],
      ['a body cut in half', { path: '/api/v1/pods', truncate: true, times: 2 }],
      ['a cut-off discovery document', { path: '/apis', truncate: true, times: 1 }],
      [
        "a proxy's HTML page",
        { path: '/api/v1/namespaces', body: '<html><body>502 Bad Gateway</body></html>', times: 1 },
      ],
      [
        'a 200 with garbage',
        { path: '/apis', body: '\u0000\u0001garbage', contentType: 'application/json', times: 1 },
      ],
      ['410 on a continue page', { path: '/api/v1/pods', onContinue: true, status: 410, times: 1 }],
      [
        '410 on continue pages twice',
        { path: '/api/v1/', onContinue: true, status: 410, times: 2 },
      ],
    ];
    for (const [name, fault] of recoverable) {
      it(name, async () => {
        const r = await onDc1({ faults: [{ ...fault }] }, async (live) => {
          const run = await runCli(compileArgs, { cwd: live.dir });
          // The fault did happen.
          expect(live.servers.get('dc1')?.faults[0]?.times).toBe(0);
          return run;
        });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe(clean.stdout);
        expect(r.stderr).toBe(clean.stderr);
      });
    }

    it('a relist after 410 drops the pages read before it (the list is not doubled)', async () => {
      const r = await onDc1(
        {
          faults: [{ path: '/api/v1/persistentvolumes', onContinue: true, status: 410, times: 1 }],
        },
        async (live) => {
          const run = await runCli(compileArgs, { cwd: live.dir });
          const pvLists = live.servers
            .get('dc1')
            ?.requests.filter((q) => q.path === '/api/v1/persistentvolumes');
          // page 1, then 410 on page 2, then the whole list again from page 1
          expect(pvLists?.[0]?.query).not.toContain('continue=');
          expect(pvLists?.some((q) => q.status === 410)).toBe(true);
          expect(pvLists?.filter((q) => !q.query.includes('continue='))).toHaveLength(2);
          return run;
        },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(clean.stdout);
    });

    it('migplan snapshot records the same files after a 410 relist', async () => {
      const tree = await onDc1(
        { faults: [{ path: '/api/v1/', onContinue: true, status: 410, times: 2 }] },
        async (live) => {
          const r = await runCli(
            ['snapshot', '--context', 'dc1-admin', '--kubeconfig', 'kubeconfig', '--out', 'snap'],
            { cwd: live.dir },
          );
          expect(r.code, r.stderr).toBe(0);
          return readTreeSync(join(live.dir, 'snap'));
        },
      );
      expect(tree).toEqual(cleanSnapshot);
    });
  },
);

// Independent servers per test: these run concurrently.
describe.concurrent('faults that persist fail cleanly, naming context and server', () => {
  it('500 on every attempt', async () => {
    const err = expectCleanFailure(
      await compileWith({ faults: [{ path: '/api/v1/pods', status: 500, times: Infinity }] }),
      'MP3014',
    );
    expect(err).toContain('GET /api/v1/pods');
    expect(err).toContain('after 5 attempts (last: 500)');
  });

  it('503 with Retry-After on every attempt', async () => {
    const err = expectCleanFailure(
      await compileWith({
        faults: [{ path: '/api/v1/pods', status: 503, retryAfter: 1, times: Infinity }],
      }),
      'MP3014',
    );
    expect(err).toContain('(last: 503)');
  });

  it('429 asking to retry after the deadline', async () => {
    const started = performance.now();
    const err = expectCleanFailure(
      await compileWith(
        { faults: [{ path: '/api/v1/pods', status: 429, retryAfter: 60, times: Infinity }] },
        ['--timeout', '3s'],
      ),
      'MP3018',
    );
    expect(err).toContain('within 3s (--timeout)');
    expect(err).toContain('the next retry would come after the deadline');
    // It fails as soon as the wait cannot fit, not after 60 s of waiting.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a connection reset on every attempt', async () => {
    const err = expectCleanFailure(
      await compileWith({ faults: [{ path: '/api/v1/pods', reset: true, times: Infinity }] }),
      'MP3014',
    );
    expect(err).toContain('(last: ECONNRESET)');
  });

  it('a body cut off on every attempt: what came back is shown', async () => {
    const err = expectCleanFailure(
      await compileWith({ faults: [{ path: '/api/v1/pods', truncate: true, times: Infinity }] }),
      'MP3016',
    );
    expect(err).toMatch(
      /GET \/api\/v1\/pods on .* returned a body cut off after \d+ bytes: "\{"kind":"PodList",.*…" \(5 attempts\)/,
    );
  });

  it('garbage on every attempt: sanitised, bounded, without credentials', async () => {
    const body = `<html>\u001b[2J\u001b]0;pwned\u0007 proxy login https://admin:hunter2@proxy.example/?access_token=abc123 ${'x'.repeat(5000)}</html>`;
    const err = expectCleanFailure(
      await compileWith({ faults: [{ path: '/api/v1/pods', body, times: Infinity }] }),
      'MP3016',
    );
    expect(err).toContain('returned a body that is not JSON');
    expect(err).toContain('text/html');
    expect(err).toContain(
      '<html>\\x1b[2J\\x1b]0;pwned\\x07 proxy login https://***@proxy.example/?access_token=***',
    );
    expect(err).not.toContain('hunter2');
    expect(err).not.toContain('abc123');
    expect(err).not.toContain('x'.repeat(200));
  });

  it('a valid JSON body that is not a list', async () => {
    const err = expectCleanFailure(
      await compileWith({
        faults: [
          {
            path: '/api/v1/pods',
            body: '{"items": "nope"}',
            contentType: 'application/json',
            times: Infinity,
          },
        ],
      }),
      'MP3016',
    );
    expect(err).toContain('not a list of objects');
  });

  it('410 on every continue page: no partial list, the kind is named', async () => {
    const err = expectCleanFailure(
      await compileWith({
        faults: [{ path: '/api/v1/pods', onContinue: true, status: 410, times: Infinity }],
      }),
      'MP3015',
    );
    expect(err).toContain('the list of Pods on context "dc1-admin"');
    expect(err).toContain('expired (410 Gone) 4 times');
  });

  it('403 on a kind the plan needs', async () => {
    const err = expectCleanFailure(
      await compileWith({
        faults: [{ path: '/api/v1/persistentvolumes', status: 403, times: Infinity }],
      }),
      'MP3008',
    );
    expect(err).toContain('may not list persistentvolumes');
  });

  it('migplan snapshot records nothing when a list cannot be completed', async () => {
    await onDc1(
      { faults: [{ path: '/api/v1/pods', onContinue: true, status: 410, times: Infinity }] },
      async (live) => {
        const r = await runCli(
          ['snapshot', '--context', 'dc1-admin', '--kubeconfig', 'kubeconfig', '--out', 'snap'],
          { cwd: live.dir },
        );
        expectCleanFailure(r, 'MP3015');
        expect(existsSync(join(live.dir, 'snap'))).toBe(false);
      },
    );
  });
});

describe('a server that stops answering fails within the timeout and says what it waited for', () => {
  const fast = ['--request-timeout', '1s'];

  it('accepts TCP but never completes TLS', async () => {
    const started = performance.now();
    const err = expectCleanFailure(
      await compileWith({ stallHandshakes: Infinity }, fast),
      'MP3017',
    );
    expect(err).toContain('no TLS handshake within 1s');
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('never sends response headers', async () => {
    const started = performance.now();
    const err = expectCleanFailure(
      await compileWith(
        { faults: [{ path: '/api/v1/pods', hang: 'headers', times: Infinity }] },
        fast,
      ),
      'MP3017',
    );
    expect(err).toContain(
      'did not answer GET /api/v1/pods: no response headers within 1s (--request-timeout)',
    );
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('sends headers, then never the body', async () => {
    const started = performance.now();
    const err = expectCleanFailure(
      await compileWith({ faults: [{ path: '/apis', hang: 'body', times: Infinity }] }, fast),
      'MP3017',
    );
    expect(err).toContain('no response body within 1s');
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('the default connect timeout ends a stalled TLS handshake in 10 s, not minutes', async () => {
    const started = performance.now();
    const err = expectCleanFailure(await compileWith({ stallHandshakes: Infinity }), 'MP3017');
    expect(err).toContain('no TLS handshake within 10s (connect timeout)');
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('--timeout bounds the whole read, whatever each request takes', async () => {
    const started = performance.now();
    const err = expectCleanFailure(
      await compileWith({ latencyMs: 300 }, ['--timeout', '1s']),
      'MP3018',
    );
    expect(err).toMatch(
      /did not finish within 1s \(--timeout\); it was waiting for the (TCP connection|TLS handshake|response headers|response body) of GET \//,
    );
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('migplan snapshot has the same timeouts', async () => {
    await onDc1({ stallHandshakes: Infinity }, async (live) => {
      const started = performance.now();
      const r = await runCli(
        [
          'snapshot',
          '--context',
          'dc1-admin',
          '--kubeconfig',
          'kubeconfig',
          '--out',
          'snap',
          ...fast,
        ],
        { cwd: live.dir },
      );
      expectCleanFailure(r, 'MP3017');
      expect(performance.now() - started).toBeLessThan(8000);
      expect(existsSync(join(live.dir, 'snap'))).toBe(false);
    });
  });

  it('durations are checked like kubectl reads them; zero and nonsense are usage errors', async () => {
    for (const bad of ['0', '0s', 'soon', '-1s', '25h']) {
      const r = await runCli([...compileArgs, '--request-timeout', bad], { cwd: tmpdir() });
      expect(r.code, bad).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("option '--request-timeout <duration>' argument");
    }
  });
});

/** A kubeconfig for dc1's server with changes to its cluster and user entries. */
function editKubeconfig(
  live: LiveExample,
  edit: (cluster: Record<string, unknown>, user: Record<string, unknown>) => void,
): void {
  const path = join(live.dir, 'kubeconfig');
  const kc = JSON.parse(readFileSync(path, 'utf8')) as {
    clusters: { name: string; cluster: Record<string, unknown> }[];
    users: { name: string; user: Record<string, unknown> }[];
  };
  const cluster = kc.clusters.find((c) => c.name === 'dc1-admin')?.cluster ?? {};
  const user = kc.users.find((u) => u.name === 'dc1-admin-user')?.user ?? {};
  edit(cluster, user);
  writeFileSync(path, JSON.stringify(kc));
}

// Independent servers per test: these run concurrently.
describe.concurrent('credentials never reach the output', () => {
  const withPassword = (url: string) =>
    url.replace('https://', 'https://admin:hunter2-pass@') + '/?token=query-secret';

  for (const [name, options, code] of [
    ['an unreachable server', {}, 'MP3013'],
    ['a rejected token (401)', { token: 'sha256~the-server-wants-another' }, 'MP3009'],
    ['a TLS failure', { tls: generateTls() }, 'MP3012'],
  ] as const) {
    it(`userinfo and query credentials of the server URL are masked: ${name}`, async () => {
      const r = await onDc1(options, async (live) => {
        editKubeconfig(live, (cluster, user) => {
          cluster['server'] = withPassword(String(cluster['server']));
          user['token'] = TOKEN;
        });
        if (code === 'MP3013') await live.servers.get('dc1')?.close();
        return runCli(compileArgs, { cwd: live.dir });
      });
      const err = expectCleanFailure(r, code, /https:\/\/\*\*\*@127\.0\.0\.1:\d+\/\?token=\*\*\*/);
      expect(err).not.toContain('hunter2');
      expect(err).not.toContain('query-secret');
    });
  }

  it("an exec plugin's stderr is never echoed: its command and exit status are", async () => {
    const r = await onDc1({}, async (live) => {
      editKubeconfig(live, (_cluster, user) => {
        delete user['token'];
        user['exec'] = {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'sh',
          args: [
            '-c',
            'echo "refresh_token=plugin-refresh-secret" >&2; echo plugin-stdout-secret; exit 3',
          ],
          interactiveMode: 'Never',
        };
      });
      return runCli(compileArgs, { cwd: live.dir });
    });
    const err = expectCleanFailure(r, 'MP3011');
    expect(err).toContain('the exec credential plugin "sh" of context "dc1-admin"');
    expect(err).toContain('exited with status 3');
    expect(err).not.toContain('plugin-refresh-secret');
    expect(err).not.toContain('plugin-stdout-secret');
  });

  it('a working exec plugin gives the same bytes as a token', async ({ onTestFinished }) => {
    const dir = scratchDir('migplan-exec-', { onTestFinished });
    const plugin = join(dir, 'plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho "chatter on stderr" >&2\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}'\n`,
    );
    chmodSync(plugin, 0o755);
    const r = await onDc1({}, async (live) => {
      editKubeconfig(live, (_cluster, user) => {
        delete user['token'];
        user['exec'] = { apiVersion: 'client.authentication.k8s.io/v1', command: plugin };
      });
      return runCli(compileArgs, { cwd: live.dir });
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(clean.stdout);
  });
});

// Independent servers per test: these run concurrently.
describe.concurrent('plain HTTP servers and CA data are reported as what they are', () => {
  it('a token is never sent to an http:// server', async () => {
    const r = await onDc1({ plainHttp: true }, (live) => runCli(compileArgs, { cwd: live.dir }));
    const err = expectCleanFailure(r, 'MP3019', /http:\/\/127\.0\.0\.1:\d+/);
    expect(err).toContain(
      "is plain HTTP; migplan will not send the context's bearer token unencrypted",
    );
    expect(err).not.toContain('MP3011');
  });

  it('an http:// server without credentials (kubectl proxy) is read like any other', async () => {
    const r = await onDc1({ plainHttp: true, token: '' }, (live) =>
      runCli(compileArgs, { cwd: live.dir }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(clean.stdout);
  });

  for (const [name, edit, expected] of [
    [
      'CA data that is not PEM',
      (c: Record<string, unknown>) => {
        c['certificate-authority-data'] = Buffer.from('not a certificate').toString('base64');
      },
      'certificate-authority-data of context "dc1-admin"',
    ],
    [
      'a PEM block that does not parse',
      (c: Record<string, unknown>) => {
        c['certificate-authority-data'] = Buffer.from(
          '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
        ).toString('base64');
      },
      'holds a certificate that cannot be parsed',
    ],
    [
      'a CA file that does not exist',
      (c: Record<string, unknown>) => {
        delete c['certificate-authority-data'];
        c['certificate-authority'] = '/nonexistent/ca.crt';
      },
      'cannot read the certificate-authority /nonexistent/ca.crt',
    ],
  ] as const) {
    it(`${name} is MP3020, not a self-signed certificate`, async () => {
      const r = await onDc1({}, async (live) => {
        editKubeconfig(live, (cluster) => edit(cluster));
        return runCli(compileArgs, { cwd: live.dir });
      });
      const err = expectCleanFailure(r, 'MP3020');
      expect(err).toContain(expected);
      expect(err).not.toContain('SELF_SIGNED');
    });
  }
});
