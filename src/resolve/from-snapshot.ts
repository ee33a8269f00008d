import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve as resolvePath } from 'node:path';
import { loadAllYaml } from '../parse/bulk-yaml.js';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { Cluster } from '../spec/spec.js';
import type { ClusterFacts } from './cluster-facts.js';
import type { ClusterSource } from './cluster-source.js';
import {
  factsFromObjects,
  flattenLists,
  mergeFacts,
  type KubeObject,
} from './facts-from-objects.js';
import { emptyFacts } from './cluster-facts.js';

const SNAPSHOT_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads snapshot directories (oc get -o yaml|json output), resolving paths against the spec's folder.
 * Each file becomes facts of its own, merged in file order (what one pass over all objects would give).
 */
export function snapshotSource(baseDir: string, displayBase = baseDir): ClusterSource {
  return {
    kind: 'snapshot',
    async read(name: string, cluster: Cluster): Promise<StageResult<ClusterFacts>> {
      const rel = cluster.discovery?.snapshot;
      if (rel === undefined) {
        return {
          diagnostics: [
            diag(
              'MP3003',
              `cluster "${name}" has no discovery.snapshot; compile --from snapshot cannot read it`,
              {
                path: ['spec', 'clusters', name, 'discovery'],
              },
            ),
          ],
        };
      }
      const display = (file: string) => relative(displayBase, file) || file;
      const listed = await listSnapshot(resolvePath(baseDir, rel), display);
      if (!listed.value) return { diagnostics: listed.diagnostics };
      const parts = await Promise.all(
        listed.value.map((path) => factsFromFile(name, path, display(path))),
      );
      const diagnostics = parts.flatMap((p) => p.diagnostics);
      return {
        value: mergeFacts(
          name,
          parts.map((p) => p.value ?? emptyFacts(name)),
        ),
        diagnostics,
      };
    },
  };
}

/** One snapshot file's facts. */
export async function factsFromFile(
  cluster: string,
  path: string,
  display: string,
): Promise<StageResult<ClusterFacts>> {
  const parsed = parseSnapshotText(await readFile(path, 'utf8'), display);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  return {
    value: factsFromObjects(cluster, flattenLists(parsed.value)),
    diagnostics: parsed.diagnostics,
  };
}

/** The snapshot files of a directory, sorted, recursively. */
async function listSnapshot(
  dir: string,
  display: (file: string) => string,
): Promise<StageResult<string[]>> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory())
      return { diagnostics: [diag('MP3001', `snapshot ${display(dir)} is not a directory`)] };
    return { value: await listFiles(dir), diagnostics: [] };
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { diagnostics: [diag('MP3001', `cannot read snapshot ${display(dir)}: ${why}`)] };
  }
}

/** Loads every object in a snapshot directory, in sorted file order (for tools that need raw objects). */
export async function loadSnapshotObjects(
  dir: string,
  display: (file: string) => string,
): Promise<StageResult<KubeObject[]>> {
  const listed = await listSnapshot(dir, display);
  if (!listed.value) return { diagnostics: listed.diagnostics };
  const objects: KubeObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of listed.value) {
    const parsed = parseSnapshotText(await readFile(file, 'utf8'), display(file));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value) for (const o of flattenLists(parsed.value)) objects.push(o);
  }
  return { value: objects, diagnostics };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    // Hidden files are not cluster objects: migplan's own marker, editors' swap files, .git.
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (SNAPSHOT_FILE.test(e.name)) out.push(full);
  }
  return out;
}

/**
 * JSON.parse for .json; loadAllYaml for YAML (JSON, our block-YAML reader, or js-yaml for what it declines).
 * Bulk snapshots need the fast parsers (see design §9).
 */
export function parseSnapshotText(text: string, file: string): StageResult<unknown[]> {
  if (/\.json$/i.test(file)) {
    try {
      return { value: [JSON.parse(text) as unknown], diagnostics: [] };
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      const offset = m ? Number(m[1]) : 0;
      const before = text.slice(0, offset).split('\n');
      return {
        diagnostics: [
          diag(
            'MP3002',
            `malformed JSON in snapshot: ${(err as Error).message.split('\n')[0] ?? ''}`,
            {
              file,
              line: before.length,
              col: (before[before.length - 1]?.length ?? 0) + 1,
            },
          ),
        ],
      };
    }
  }
  try {
    return { value: loadAllYaml(text), diagnostics: [] };
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number; column: number }; message: string };
    return {
      diagnostics: [
        diag(
          'MP3002',
          `malformed YAML in snapshot: ${e.reason ?? e.message.split('\n')[0] ?? ''}`,
          {
            file,
            line: (e.mark?.line ?? 0) + 1,
            col: (e.mark?.column ?? 0) + 1,
          },
        ),
      ],
    };
  }
}
