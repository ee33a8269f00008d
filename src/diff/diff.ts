import { createTwoFilesPatch } from 'diff';
import jsYaml from 'js-yaml';
import { canonicalize, toYaml } from '../emit/serialize.js';

/** One object in a tree of manifests, keyed the way `kubectl diff` matches objects, plus its cluster. */
export interface KeyedObject {
  key: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  text: string;
}

export interface ObjectChange {
  change: 'add' | 'change' | 'remove';
  object: KeyedObject;
  patch: string;
  added: number;
  removed: number;
}

/** Redacts Secret values wherever a tree contains Secrets, so a diff never prints credentials. */
export function redactSecrets(o: Record<string, unknown>): Record<string, unknown> {
  if (o['kind'] !== 'Secret') return o;
  const out = { ...o };
  for (const field of ['data', 'stringData']) {
    const values = o[field];
    if (values && typeof values === 'object')
      out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, '<redacted>']));
  }
  return out;
}

/** Reads every object of an output tree (YAML files only), keyed by cluster/apiVersion/kind/namespace/name. */
export function objectsOfTree(
  tree: ReadonlyMap<string, string>,
  hostCluster: string,
): Map<string, KeyedObject> {
  const out = new Map<string, KeyedObject>();
  for (const [path, content] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!/\.ya?ml$/.test(path) || path.endsWith('kustomization.yaml')) continue;
    const cluster = /^clusters\/([^/]+)\//.exec(path)?.[1] ?? hostCluster;
    let docs: unknown[];
    try {
      docs = jsYaml.loadAll(content, null, { schema: jsYaml.CORE_SCHEMA });
    } catch {
      continue; // a file that is not YAML is not an object; diffTrees reports it by path
    }
    for (const [key, o] of keyedObjects(docs, cluster)) out.set(key, o);
  }
  return out;
}

/** cluster/apiVersion/kind/namespace/name: how objects are matched, never by file position. */
export function objectKey(o: Record<string, unknown>, cluster: string): string {
  const meta = (o['metadata'] ?? {}) as Record<string, unknown>;
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  return [cluster, text(o['apiVersion']), text(o['kind']), namespace, text(meta['name'])].join('/');
}

/** Keys plain objects the way objectsOfTree does, for objects read from a cluster or rendered in memory. */
export function keyedObjects(docs: readonly unknown[], cluster: string): Map<string, KeyedObject> {
  const out = new Map<string, KeyedObject>();
  for (const doc of docs) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) continue;
    const o = doc as Record<string, unknown>;
    const meta = (o['metadata'] ?? {}) as Record<string, unknown>;
    const key = objectKey(o, cluster);
    const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
    out.set(key, {
      key,
      cluster,
      kind: text(o['kind']),
      namespace,
      name: text(meta['name']),
      text: toYaml(canonicalize(redactSecrets(o), true)),
    });
  }
  return out;
}

/**
 * The live object seen through the desired one: only fields we manage, so server-set fields (status, uid,
 * resourceVersion, managedFields, controller-filled plan fields) never show as differences. Lists are
 * replaced on apply, so extra live items stay visible.
 */
export function projectOnto(live: unknown, desired: unknown): unknown {
  if (Array.isArray(desired) && Array.isArray(live)) {
    const items = live as unknown[];
    const wanted = desired as unknown[];
    return items.map((item, i): unknown =>
      i < wanted.length ? projectOnto(item, wanted[i]) : item,
    );
  }
  if (
    desired &&
    typeof desired === 'object' &&
    !Array.isArray(desired) &&
    live &&
    typeof live === 'object' &&
    !Array.isArray(live)
  ) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(desired)) {
      if (key in live)
        out[key] = projectOnto(
          (live as Record<string, unknown>)[key],
          (desired as Record<string, unknown>)[key],
        );
    }
    return out;
  }
  return live;
}

/** Object-by-object differences between what is there and what compile would write. */
export function diffObjects(
  current: ReadonlyMap<string, KeyedObject>,
  wanted: ReadonlyMap<string, KeyedObject>,
): ObjectChange[] {
  const changes: ObjectChange[] = [];
  const keys = [...new Set([...current.keys(), ...wanted.keys()])].sort();
  for (const key of keys) {
    const a = current.get(key);
    const b = wanted.get(key);
    if (a && b && a.text === b.text) continue;
    const object = (b ?? a) as KeyedObject;
    const label = `${object.cluster}: ${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
    const patch = createTwoFilesPatch(
      `a/${label}`,
      `b/${label}`,
      a?.text ?? '',
      b?.text ?? '',
      undefined,
      undefined,
      { context: 3 },
    );
    const lines = patch.split('\n').slice(4);
    changes.push({
      change: !a ? 'add' : !b ? 'remove' : 'change',
      object,
      patch,
      added: lines.filter((l) => l.startsWith('+')).length,
      removed: lines.filter((l) => l.startsWith('-')).length,
    });
  }
  return changes;
}

/** `--stat`: one line per object and Terraform's closing summary line. */
export function formatStat(changes: readonly ObjectChange[]): string {
  const mark = { add: '+', change: '~', remove: '-' } as const;
  const lines = changes.map(
    (c) =>
      `${mark[c.change]} ${c.object.cluster}: ${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name} (+${c.added} -${c.removed})`,
  );
  const count = (k: ObjectChange['change']) => changes.filter((c) => c.change === k).length;
  lines.push(
    `Plan: ${count('add')} to add, ${count('change')} to change, ${count('remove')} to remove.`,
  );
  return lines.join('\n') + '\n';
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
