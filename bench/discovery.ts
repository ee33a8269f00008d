import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'node:https';
import { liveSource } from '../src/resolve/from-live.js';
import { plannerResources } from '../src/resolve/api-resources.js';
import { fixtureKubeconfig } from '../test/fixture/api-server.js';

const run = promisify(execFile);
const TOKEN = 'bench-token';

export interface DiscoveryFigures {
  ours: { ms: number; requests: number };
  kubectl?: { ms: number; requests: number };
}

/** Starts the fixture API server in its own process over a snapshot directory, with injected latency. */
async function serve(
  snapshotDir: string,
  latencyMs: number,
): Promise<{ url: string; ca: string; stop: () => void }> {
  const script = fileURLToPath(new URL('../test/fixture/serve.js', import.meta.url));
  const child = spawn(process.execPath, [script, snapshotDir, TOKEN, String(latencyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => {
    let buf = '';
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      if (buf.includes('\n')) resolve(buf.split('\n')[0] ?? '');
    });
  });
  const info = JSON.parse(line) as { url: string; ca: string };
  return { ...info, stop: () => child.kill('SIGTERM') };
}

function requestCount(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(
      `${url}/__fixture/requests`,
      { ca, headers: { Authorization: `Bearer ${TOKEN}` } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve((JSON.parse(body) as { count: number }).count));
      },
    )
      .on('error', reject)
      .end();
  });
}

/** Our discovery and `kubectl get KINDS -A -o json` against the same server, one after the other. */
export async function measureDiscovery(
  snapshotDir: string,
  latencyMs = 20,
): Promise<DiscoveryFigures> {
  const server = await serve(snapshotDir, latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'migplan-bench-kc-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    fixtureKubeconfig([{ name: 'bench', url: server.url, ca: server.ca, token: TOKEN }]),
  );
  try {
    const before = await requestCount(server.url, server.ca);
    const started = performance.now();
    const r = await liveSource({ kubeconfig, env: {}, baseDir: dir, namespacesFor: () => [] }).read(
      'bench',
      { role: 'source', discovery: { context: 'bench' } },
    );
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
    const ours = {
      ms: performance.now() - started,
      requests: (await requestCount(server.url, server.ca)) - before,
    };
    let kubectl: DiscoveryFigures['kubectl'];
    try {
      const kinds = plannerResources
        .map((x) => (x.group ? `${x.plural}.${x.group}` : x.plural))
        .join(',');
      const k0 = await requestCount(server.url, server.ca);
      const t0 = performance.now();
      await run(
        'kubectl',
        ['--kubeconfig', kubeconfig, 'get', kinds, '-A', '-o', 'json', '--chunk-size=500'],
        { maxBuffer: 1 << 30, env: { ...process.env, HOME: dir } },
      );
      kubectl = {
        ms: performance.now() - t0,
        requests: (await requestCount(server.url, server.ca)) - k0,
      };
    } catch {
      kubectl = undefined; // kubectl is not installed here
    }
    return kubectl ? { ours, kubectl } : { ours };
  } finally {
    server.stop();
  }
}
