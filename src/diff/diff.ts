import { createTwoFilesPatch } from 'diff';
import { pushAll } from '../util/arrays.js';
import { byKey, isDict } from '../util/objects.js';
import jsYaml from 'js-yaml';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { escapeControl } from '../diagnostics/sanitize.js';
import { canonicalize, toYaml } from '../emit/serialize.js';
import { holdsObjects } from '../emit/layout.js';

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

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
const redacted = '<redacted>';

/**
 * Redacts Secret values wherever a tree holds Secrets, so a diff (patch or --stat) never prints a
 * credential: data and stringData of every Secret, at any depth of Lists, and the values inside a Secret's
 * last-applied-configuration annotation (which kubectl apply fills with the whole Secret; redacted whole
 * when it is not JSON).
 */
export function redactSecrets(o: Record<string, unknown>): Record<string, unknown> {
  let out = o;
  if (Array.isArray(o['items']))
    out = {
      ...o,
      items: o['items'].map((item: unknown) => (isDict(item) ? redactSecrets(item) : item)),
    };
  if (o['kind'] !== 'Secret') return out;
  out = { ...out };
  for (const field of ['data', 'stringData']) {
    const values = o[field];
    if (isDict(values))
      out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, redacted]));
  }
  const meta = o['metadata'];
  const annotations = isDict(meta) ? meta['annotations'] : undefined;
  if (isDict(meta) && isDict(annotations) && lastApplied in annotations)
    out['metadata'] = {
      ...meta,
      annotations: { ...annotations, [lastApplied]: redactLastApplied(annotations[lastApplied]) },
    };
  return out;
}

function redactLastApplied(value: unknown): unknown {
  if (typeof value !== 'string') return redacted;
  try {
    const parsed: unknown = JSON.parse(value);
    return isDict(parsed) ? JSON.stringify(redactSecrets({ ...parsed, kind: 'Secret' })) : redacted;
  } catch {
    return redacted;
  }
}

/**
 * Reads every object of an output tree (YAML files only), keyed by cluster/apiVersion/kind/namespace/name.
 * A file that cannot be read as Kubernetes objects (syntax error, duplicate key, binary, a document that is
 * not an object) is an MP3050 error naming the file and line: treating it as absent would report its
 * objects as "to add".
 */
export function objectsOfTree(
  tree: ReadonlyMap<string, string>,
  hostCluster: string,
  displayPrefix = '',
): StageResult<Map<string, KeyedObject>> {
  const out = new Map<string, KeyedObject>();
  const diagnostics: Diagnostic[] = [];
  for (const [path, content] of [...tree].sort(byKey)) {
    if (!holdsObjects(path)) continue;
    const cluster = /^clusters\/([^/]+)\//.exec(path)?.[1] ?? hostCluster;
    const file = displayPrefix + path;
    const docs = parseTreeFile(content, file);
    if (!docs.value) {
      pushAll(diagnostics, docs.diagnostics);
      continue;
    }
    for (const [key, o] of keyedObjects(docs.value, cluster)) out.set(key, o);
  }
  return { value: out, diagnostics };
}

function parseTreeFile(content: string, file: string): StageResult<unknown[]> {
  const unreadable = (message: string, line: number, col: number) => ({
    diagnostics: [diag('MP3050', `cannot compare this file: ${message}`, { file, line, col })],
  });
  // readTree decodes as UTF-8: bytes that are not text show up as NUL, U+FFFD or control characters.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const binary = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.exec(content);
  if (binary) {
    const at = lineCol(content, binary.index);
    return unreadable('is not UTF-8 text', at.line, at.col);
  }
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(content, null, { schema: jsYaml.CORE_SCHEMA });
  } catch (err) {
    const e = err as { reason?: string; message: string; mark?: { line: number; column: number } };
    return unreadable(
      `YAML error: ${e.reason ?? e.message.split('\n')[0] ?? ''}`,
      (e.mark?.line ?? 0) + 1,
      (e.mark?.column ?? 0) + 1,
    );
  }
  for (const [i, doc] of docs.entries()) {
    if (doc === null || doc === undefined) continue; // an empty document between --- separators
    const problem = !isDict(doc)
      ? `document ${i + 1} is ${Array.isArray(doc) ? 'a list' : `a ${typeof doc}`}, not a Kubernetes object`
      : typeof doc['kind'] !== 'string'
        ? `document ${i + 1} has no kind`
        : undefined;
    if (problem) {
      const at = documentStart(content, i);
      return unreadable(problem, at.line, at.col);
    }
  }
  return { value: docs, diagnostics: [] };
}

/** Where document `index` of a YAML stream starts (its first content line), for locating it. */
function documentStart(content: string, index: number): { line: number; col: number } {
  let current = -1; // no document yet: content before the first --- opens document 0
  for (const [n, line] of content.split('\n').entries()) {
    const marker = /^---(\s|$)/.test(line);
    if (marker) current++;
    const rest = marker ? line.slice(3) : line;
    if (/^\s*(#.*)?$/.test(rest)) continue;
    if (current === -1) current = 0;
    if (current === index) return { line: n + 1, col: 1 };
  }
  return { line: 1, col: 1 };
}

function lineCol(content: string, offset: number): { line: number; col: number } {
  const before = content.slice(0, offset).split('\n');
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
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
      kind: escapeControl(text(o['kind'])),
      namespace: escapeControl(namespace),
      name: escapeControl(text(meta['name'])),
      // Patches go to a terminal: DEL, C1 and bidi controls the YAML writer leaves raw are escaped.
      text: toYaml(canonicalize(redactSecrets(o), true))
        .split('\n')
        .map(escapeControl)
        .join('\n'),
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

/**
 * Colours a unified diff or a --stat listing for a terminal, as `git diff --color` does: file headers bold,
 * hunk headers cyan, added lines green, removed red, changed objects yellow. Only each line's mark is read.
 */
export function colorizeDiff(text: string): string {
  const paint = (code: string, line: string) => `\u001b[${code}m${line}\u001b[0m`;
  return text
    .split('\n')
    .map((line) => {
      if (line === '') return line;
      if (
        line.startsWith('+++') ||
        line.startsWith('---') ||
        line.startsWith('Index:') ||
        line.startsWith('===')
      )
        return paint('1', line);
      if (line.startsWith('@@')) return paint('36', line);
      if (line.startsWith('+')) return paint('32', line);
      if (line.startsWith('-')) return paint('31', line);
      if (line.startsWith('~ ')) return paint('33', line);
      return line;
    })
    .join('\n');
}
