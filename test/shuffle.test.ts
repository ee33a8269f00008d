import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleKind } from './helpers/examples.js';
import fc from 'fast-check';
import { compile } from '../src/compile.js';
import { loadTemplates } from '../src/io/templates.js';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { validate } from '../src/validate/validate.js';
import { factsFromObjects, type KubeObject } from '../src/resolve/facts-from-objects.js';
import { loadSnapshotObjects } from '../src/resolve/from-snapshot.js';
import type { ClusterSource } from '../src/resolve/cluster-source.js';
import { readFileSync } from 'node:fs';

const examplesDir = join(import.meta.dirname, '..', 'examples');
// Kind Migration only: a HostedClusterMigration has no PVs, SCC grants or policies (test/hcp.test.ts covers it);
// NetworkMigration examples (network-migration.yaml) have their own tests.
const examples = readdirSync(examplesDir)
  .filter((d) => existsSync(join(examplesDir, d, 'expected')))
  .filter((d) => exampleKind(join(examplesDir, d)) === 'Migration')
  .sort();

/** A ClusterSource over objects already in memory, shuffled by `order`. */
function shuffledSource(
  objects: Record<string, KubeObject[]>,
  order: (xs: KubeObject[]) => KubeObject[],
): ClusterSource {
  return {
    kind: 'snapshot',
    read: (name) =>
      Promise.resolve({
        value: factsFromObjects(name, order(objects[name] ?? [])),
        diagnostics: [],
      }),
  };
}

describe('output does not depend on the order of objects in the snapshots', () => {
  for (const name of examples) {
    it(name, async () => {
      const dir = join(examplesDir, name);
      const text = readFileSync(join(dir, 'migration.yaml'), 'utf8');
      const spec = validate(parseSpecSync(text, 'migration.yaml').value!).value!;
      const objects: Record<string, KubeObject[]> = {};
      for (const [cluster, c] of Object.entries(spec.spec.clusters)) {
        if (!c?.discovery?.snapshot) continue;
        objects[cluster] =
          loadSnapshotObjects(resolve(dir, c.discovery.snapshot), (f) => f).value ?? [];
      }
      // The playbooks the CLI would read (an Ansible MigHook without one is refused: InvalidAnsibleHook).
      const playbooks = new Map(
        spec.spec.plans
          .flatMap((p) => p.hooks ?? [])
          .flatMap((h) => (h.playbook ? [h.playbook] : []))
          .map((f) => [f, readFileSync(join(dir, f)).toString('base64')] as const),
      );
      const compileWith = async (order: (xs: KubeObject[]) => KubeObject[]) =>
        (
          await compile({
            spec,
            specText: text,
            playbooks,
            source: shuffledSource(objects, order),
            templates: await loadTemplates(),
            version: 'test',
          })
        ).tree;
      const baseline = await compileWith((xs) => xs);
      expect(baseline).toBeDefined();
      await fc.assert(
        fc.asyncProperty(fc.integer(), async (seed) => {
          const shuffled = await compileWith((xs) => shuffle(xs, seed));
          expect([...(shuffled ?? [])]).toEqual([...(baseline ?? [])]);
        }),
        { numRuns: 15 },
      );
    });
  }
});

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
