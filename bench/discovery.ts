import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'node:https';
import { liveSource } from '../src/resolve/from-live.js';
import { plannerResources } from '../src/resolve/api-resources.js';
import { loadSnapshotObjects } from '../src/resolve/from-snapshot.js';
import {
  defaultGroupVersions,
  fixtureKubeconfig,
  syntheticResources,
} from '../test/fixture/api-server.js';

const run = promisify(execFile);
const TOKEN = 'bench-token';

interface Counts {
  requests: number;
  connections: number;
  handshakes: number;
}

export interface DiscoveryFigures {
  ours: { ms: number } & Counts;
  kubectl?: { ms: number } & Counts;
  /** Discovery (/api, /apis) plus one LIST per page of every kind read: what a read needs, no more. */
  expectedRequests: number;
  /** The pool size: at most this many connections (and TLS handshakes) per cluster. */
  concurrency: number;
}

const PAGE_SIZE = 500;
const CONCURRENCY = 6;

/** Starts the fixture API server in its own process over a snapshot directory, with injected latency. */
async function serve(
  snapshotDir: string,
  latencyMs: number,
  extraResources = 0,
): Promise<{ url: string; ca: string; stop: () => void }> {
  const script = fileURLToPath(new URL('../test/fixture/serve.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [script, snapshotDir, TOKEN, String(latencyMs), String(extraResources)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
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

/** The fixture's counters, read out of band (not themselves counted). */
function counts(url: string, ca: string): Promise<Counts> {
  return new Promise((resolve, reject) => {
    request(
      `${url}/__fixture/requests`,
      // A connection of its own, so it is no connection of the pool being measured.
      { ca, headers: { Authorization: `Bearer ${TOKEN}` }, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          const c = JSON.parse(body) as { count: number; connections: number; handshakes: number };
          resolve({ requests: c.count, connections: c.connections, handshakes: c.handshakes });
        });
      },
    )
      .on('error', reject)
      .end();
  });
}

/** What happened between two readings; the later reading's own connection and handshake are not counted. */
const minus = (a: Counts, b: Counts): Counts => ({
  requests: a.requests - b.requests,
  connections: a.connections - b.connections - 1,
  handshakes: a.handshakes - b.handshakes - 1,
});

/**
 * One LIST per page for every kind the planner reads (all served here), plus /api, /apis and the resource
 * list of every group/version the fixture serves (the target-compatibility facts read them all, issue 16; the
 * fixture serves no CustomResourceDefinitions, so there is no CRD list).
 */
function expectedRequests(snapshotDir: string): number {
  const objects = loadSnapshotObjects(snapshotDir, (f) => f).value ?? [];
  let pages = 2 + defaultGroupVersions().length;
  for (const r of plannerResources) {
    const n = objects.filter((o) => o['kind'] === r.kind).length;
    pages += Math.max(1, Math.ceil(n / PAGE_SIZE));
  }
  return pages;
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
    const before = await counts(server.url, server.ca);
    const started = performance.now();
    const r = await liveSource({
      kubeconfig,
      env: {},
      baseDir: dir,
      namespacesFor: () => [],
      pageSize: PAGE_SIZE,
      concurrency: CONCURRENCY,
    }).read('bench', { role: 'source', discovery: { context: 'bench' } });
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
    const ms = performance.now() - started;
    const ours = { ms, ...minus(await counts(server.url, server.ca), before) };
    let kubectl: DiscoveryFigures['kubectl'];
    try {
      const kinds = plannerResources
        .map((x) => (x.group ? `${x.plural}.${x.group}` : x.plural))
        .join(',');
      const k0 = await counts(server.url, server.ca);
      const t0 = performance.now();
      await run(
        'kubectl',
        ['--kubeconfig', kubeconfig, 'get', kinds, '-A', '-o', 'json', `--chunk-size=${PAGE_SIZE}`],
        { maxBuffer: 1 << 30, env: { ...process.env, HOME: dir } },
      );
      const kms = performance.now() - t0;
      kubectl = { ms: kms, ...minus(await counts(server.url, server.ca), k0) };
    } catch {
      kubectl = undefined; // kubectl is not installed here
    }
    const expected = {
      expectedRequests: expectedRequests(snapshotDir),
      concurrency: CONCURRENCY,
    };
    return kubectl ? { ours, kubectl, ...expected } : { ours, ...expected };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the compatibility facts cost on a real-sized discovery (issue 16). The fixture serves the synthetic
 * cluster with `extra` more resources in its discovery (a few hundred, as an OpenShift cluster has) in both
 * modes. Without the facts, the live read lists the planner's kinds only (apiDiscovery: false); with them, it
 * also reads every group/version's resource list and the CRD names, and then makes the second pass
 * (metadata-only LISTs of ten kinds found incompatible). Modes alternate, `runs` pairs, medians. The read of
 * one cluster is the denominator: a live compile reads two clusters and plans too, so the share of compile
 * time is at most this ratio.
 */
export async function measureCompatibilityCost(
  snapshotDir: string,
  latencyMs = 20,
  extra = 300,
  runs = 5,
): Promise<{ baseMs: number; withMs: number; ratio: number; resources: number; runs: number }> {
  const server = await serve(snapshotDir, latencyMs, extra);
  const dir = mkdtempSync(join(tmpdir(), 'migplan-bench-compat-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    fixtureKubeconfig([{ name: 'bench', url: server.url, ca: server.ca, token: TOKEN }]),
  );
  const time = async (facts: boolean) => {
    const source = liveSource({
      kubeconfig,
      env: {},
      baseDir: dir,
      namespacesFor: () => [],
      pageSize: PAGE_SIZE,
      concurrency: CONCURRENCY,
      apiDiscovery: facts,
    });
    const cluster = { role: 'source' as const, discovery: { context: 'bench' } };
    const started = performance.now();
    const r = await source.read('bench', cluster);
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
    if (facts) {
      if (!r.value.apis || !source.listMetadata) throw new Error('no discovery was read');
      const namespaces = r.value.namespaces.map((n) => n.name);
      const listed = await source.listMetadata(
        'bench',
        cluster,
        syntheticResources(extra).slice(0, 10),
        namespaces,
      );
      if (!listed.value) throw new Error(JSON.stringify(listed.diagnostics));
    }
    return performance.now() - started;
  };
  try {
    await time(true); // warm-up: JIT and the server's first answers
    const base: number[] = [];
    const withFacts: number[] = [];
    for (let i = 0; i < runs; i++) {
      base.push(await time(false));
      withFacts.push(await time(true));
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const baseMs = mid(base);
    const withMs = mid(withFacts);
    return { baseMs, withMs, ratio: (withMs - baseMs) / baseMs, resources: extra, runs };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
