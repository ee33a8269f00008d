import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSnapshotObjects } from '../../src/resolve/from-snapshot.js';
import type { KubeObject } from '../../src/resolve/facts-from-objects.js';
import { parseSpecSync } from '../../src/parse/parse-spec-yaml.js';
import type { Spec } from '../../src/spec/spec.js';
import {
  fixtureKubeconfig,
  startFixtureServer,
  type FixtureOptions,
  type FixtureServer,
} from '../fixture/api-server.js';
import type { TlsMaterial } from '../fixture/certs.js';
import { scratchDir } from './tmp.js';

export const examplesDir = join(import.meta.dirname, '..', '..', 'examples');
export const TOKEN = 'sha256~fixture-token-do-not-print';

export interface LiveExample {
  dir: string;
  servers: Map<string, FixtureServer>;
  /** Context name per cluster of the spec. */
  contexts: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Serves each cluster of an example from its snapshot and points the spec's contexts at the servers (in a
 * kubeconfig next to a copy of the spec; the snapshots are removed so only the live path can work).
 */
export async function serveExample(
  name: string,
  tls: TlsMaterial,
  perCluster: (cluster: string) => Partial<Omit<FixtureOptions, 'objects'>> = () => ({}),
): Promise<LiveExample> {
  const src = join(examplesDir, name);
  const dir = scratchDir(`migplan-live-${name.replaceAll('/', '-')}-`);
  cpSync(src, dir, { recursive: true });
  const spec = parseSpecSync(readFileSync(join(dir, 'migration.yaml'), 'utf8'), 'm.yaml').value
    ?.value as Spec;
  const servers = new Map<string, FixtureServer>();
  const contexts = new Map<string, string>();
  const tokens = new Map<string, string>();
  for (const [cluster, c] of Object.entries(spec.spec.clusters)) {
    const objects = loadSnapshotObjects(resolve(src, c?.discovery?.snapshot ?? ''), (f) => f)
      .value as KubeObject[];
    const options = { token: TOKEN, ...perCluster(cluster) };
    tokens.set(cluster, options.token);
    servers.set(cluster, await startFixtureServer({ objects, tls, ...options }));
    contexts.set(cluster, c?.discovery?.context ?? cluster);
  }
  writeFileSync(
    join(dir, 'kubeconfig'),
    fixtureKubeconfig(
      [...contexts].map(([cluster, context]) => ({
        name: context,
        url: servers.get(cluster)?.url ?? '',
        ca: tls.ca,
        token: tokens.get(cluster) ?? TOKEN,
      })),
    ),
  );
  rmSync(join(dir, 'clusters'), { recursive: true, force: true });
  return {
    dir,
    servers,
    contexts,
    close: async () => void (await Promise.all([...servers.values()].map((s) => s.close()))),
  };
}
