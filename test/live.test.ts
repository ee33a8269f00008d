import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotObjects } from '../src/resolve/from-snapshot.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import { fixtureKubeconfig, startFixtureServer, type Fault, type FixtureServer } from './fixture/api-server.js';
import { generateTls, type TlsMaterial } from './fixture/certs.js';
import { runCli } from './helpers/cli.js';
import { readTreeSync } from './helpers/golden.js';
import { parseSpec } from '../src/parse/parse-spec.js';
import type { Spec } from '../src/spec/spec.js';

const examplesDir = join(import.meta.dirname, '..', 'examples');
const examples = readdirSync(examplesDir).filter((d) => existsSync(join(examplesDir, d, 'expected'))).sort();
const TOKEN = 'sha256~fixture-token-do-not-print';
let tls: TlsMaterial;
beforeAll(() => {
  tls = generateTls();
});

interface LiveExample {
  dir: string;
  servers: Map<string, FixtureServer>;
  close(): Promise<void>;
}

/** Serves each cluster of an example from its snapshot and points the spec's contexts at the servers. */
async function serveExample(name: string, perCluster: (cluster: string) => { faults?: Fault[]; groups?: string[]; latencyMs?: number } = () => ({})): Promise<LiveExample> {
  const src = join(examplesDir, name);
  const dir = mkdtempSync(join(tmpdir(), `migplan-live-${name}-`));
  cpSync(src, dir, { recursive: true });
  const spec = parseSpec(readFileSync(join(dir, 'migration.yaml'), 'utf8'), 'm.yaml').value?.value as Spec;
  const servers = new Map<string, FixtureServer>();
  for (const [cluster, c] of Object.entries(spec.spec.clusters)) {
    const objects = (await loadSnapshotObjects(resolve(src, c?.discovery?.snapshot ?? ''), (f) => f)).value as KubeObject[];
    servers.set(cluster, await startFixtureServer({ objects, token: TOKEN, tls, ...perCluster(cluster) }));
  }
  // Contexts named as in the spec; the snapshots are removed so only the live path can work.
  const contexts = Object.entries(spec.spec.clusters).map(([cluster, c]) => ({ name: c?.discovery?.context ?? cluster, url: servers.get(cluster)?.url ?? '', ca: tls.ca, token: TOKEN }));
  writeFileSync(join(dir, 'kubeconfig'), fixtureKubeconfig(contexts));
  rmSync(join(dir, 'clusters'), { recursive: true, force: true });
  return { dir, servers, close: async () => void (await Promise.all([...servers.values()].map((s) => s.close()))) };
}

describe('compile --from live equals compile --from snapshot', () => {
  for (const name of examples) {
    it(name, async () => {
      const live = await serveExample(name);
      try {
        const r = await runCli(['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig', '--out', 'plan'], { cwd: live.dir });
        const expectedDir = join(examplesDir, name, 'expected');
        // The golden stderr comes from a stdout run, which adds a note about other clusters' objects.
        const golden = readFileSync(join(expectedDir, 'diagnostics.txt'), 'utf8').replace(/^note: .*\n/m, '');
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
        }
      } finally {
        await live.close();
      }
    });
  }
});
