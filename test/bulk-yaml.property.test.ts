import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { stringify } from 'yaml';
import {
  loadAllBulk,
  loadAllBulkStreamingItems,
  OutsideSubset,
  yamlListHead,
} from '../src/resolve/snapshot-yaml.js';
import { writeYaml } from '../src/emit/yaml-writer.js';
import { parseSnapshotText } from '../src/resolve/from-snapshot.js';
import { filesUnder } from './helpers/files.js';

// The reference: what the snapshot reader used before the fast reader, and still uses outside its subset.
const reference = (text: string): unknown[] =>
  jsYaml.loadAll(text, null, { schema: jsYaml.CORE_SCHEMA, json: true });

type Outcome = { ok: true; value: unknown[] } | { ok: false; error: unknown };
const attempt = (f: () => unknown[]): Outcome => {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
};

/** The contract: the fast reader gives js-yaml's result, or declines with OutsideSubset (never another error). */
function agreesWithJsYaml(text: string): 'fast' | 'declined' {
  const fast = attempt(() => loadAllBulk(text));
  streamsAsItReads(text, fast);
  if (!fast.ok) {
    expect(fast.error).toBeInstanceOf(OutsideSubset);
    return 'declined';
  }
  const slow = attempt(() => reference(text));
  expect(slow.ok, `js-yaml rejects what the fast reader accepted:\n${text}`).toBe(true);
  if (slow.ok) expect(fast.value, text).toStrictEqual(slow.value);
  return 'fast';
}

/**
 * The streaming read of `text` gives, in order, exactly the items of each document's top-level `items` block
 * sequence, and otherwise what loadAllBulk gives (`whole`); it declines where loadAllBulk does, and also on a
 * second top-level `items` key.
 */
let textsStreamed = 0;
function streamsAsItReads(text: string, whole: Outcome): void {
  const streamed: unknown[] = [];
  const read = attempt(() => loadAllBulkStreamingItems(text, (item) => streamed.push(item)));
  if (!read.ok) {
    expect(read.error).toBeInstanceOf(OutsideSubset);
    if (whole.ok) expect(text.match(/^["']?items["']? *:/gm)?.length, text).toBeGreaterThan(1);
    return;
  }
  expect(whole.ok, `the streaming read accepted what loadAllBulk declines:\n${text}`).toBe(true);
  if (!whole.ok) return;
  // Put the streamed items back where the whole read has them: a streamed List holds [] in their place.
  let next = 0;
  const restored = read.value.map((doc, d) => {
    const full = whole.value[d] as Record<string, unknown> | undefined;
    const fullItems = full?.['items'];
    const isMap = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isMap(doc) || !Array.isArray(fullItems) || fullItems.length === 0) return doc;
    const here = doc['items'];
    if (!Array.isArray(here) || here.length > 0) return doc;
    next += fullItems.length;
    return { ...doc, items: streamed.slice(next - fullItems.length, next) };
  });
  expect(next, text).toBe(streamed.length);
  if (next > 0) textsStreamed++;
  expect(restored, text).toStrictEqual(whole.value);
}

// Scalars chosen to hit YAML's corners: typed-looking plain text, indicators, quotes, escapes, line breaks.
const trickyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'true',
    'False',
    'null',
    '~',
    'NULL',
    '1',
    '-1',
    '+1',
    '0x1F',
    '0o17',
    '017',
    '1_000',
    '1e3',
    '.5',
    '-.inf',
    '.NaN',
    '3.',
    '1:2',
    'a: b',
    'a #b',
    'a#b',
    '#a',
    '- a',
    '-a',
    '? a',
    ':a',
    '&a',
    '*a',
    '!a',
    '|',
    '>',
    "'",
    '"',
    "it's",
    'say "hi"',
    'back\\slash',
    'tab\there',
    'line\nbreak',
    'two\n\nbreaks',
    'trailing\n',
    ' leading',
    'trailing ',
    '---',
    '...',
    '[a]',
    '{a: 1}',
    '@a',
    '`a',
    '%a',
    'é ü ☃',
    '10Gi',
    's0:c26,c5',
    'quay.io/org/image:v1.2',
    '1000000000/10000',
  ),
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^[a-z0-9 .:#'"\-\\\n]{0,40}$/),
);

const key = fc.oneof(
  fc.constantFrom(
    'apiVersion',
    'kind',
    'metadata',
    'name',
    'spec',
    'true',
    '1',
    'null',
    'a b',
    'a:b',
  ),
  trickyString,
);

const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;

// What `oc get -o yaml` records: a List whose items are objects (and, in hand-made files, anything else), with
// keys that may come before or after them.
const listDocument = fc
  .tuple(
    fc.array(fc.oneof(fc.dictionary(key, value, { maxKeys: 4 }), value), { maxLength: 4 }),
    fc.dictionary(key, value, { maxKeys: 3 }),
    fc.constantFrom('List', 'PodList', 'PartialObjectMetadataList'),
  )
  .map(([items, rest, kind]) => ({ apiVersion: 'v1', ...rest, items, kind }));

// The writers snapshots come from: kubectl's go-yaml style (unindented sequences, wrapped lines), js-yaml's
// dump, our own writer, and the `yaml` package.
const writers: ((v: unknown) => string)[] = [
  (v) => jsYaml.dump(v, { lineWidth: -1 }),
  (v) => jsYaml.dump(v, { lineWidth: 20, noArrayIndent: true }),
  (v) => jsYaml.dump(v, { quotingType: '"', noArrayIndent: true, lineWidth: -1 }),
  (v) => jsYaml.dump(v, { forceQuotes: true }),
  (v) => writeYaml([v]),
  (v) => stringify(v, { lineWidth: 20, minContentWidth: 5 }),
  (v) => stringify(v, { indentSeq: false, defaultStringType: 'QUOTE_DOUBLE', lineWidth: 30 }),
  (v) => jsYaml.dump(v, { flowLevel: 1 }),
  // Block structure with JSON leaves, as our templates write with the `json` helper.
  (v) => jsonLeaves(v, 0),
];

function jsonLeaves(v: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const entries =
    Array.isArray(v) && v.length > 0
      ? v.map((x) => [null, x] as const)
      : v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0
        ? Object.entries(v)
        : undefined;
  if (!entries) return `${pad}${JSON.stringify(v) ?? 'null'}\n`;
  return entries
    .map(([k, x]: readonly [string | null, unknown], i) => {
      const head = k === null ? `${pad}-` : `${pad}${JSON.stringify(k)}:`;
      const nested = x !== null && typeof x === 'object' && Object.keys(x).length > 0;
      if (nested && i % 2 === 0) return `${head}\n${jsonLeaves(x, indent + 2)}`;
      return `${head} ${JSON.stringify(x) ?? 'null'}\n`;
    })
    .join('');
}

describe('fast snapshot YAML reader', () => {
  it('reads what every writer writes exactly as js-yaml does, or declines', () => {
    let fast = 0;
    let total = 0;
    const streamedBefore = textsStreamed;
    fc.assert(
      fc.property(
        // Snapshot documents are objects or Lists, never bare scalars (which the reader declines).
        fc.array(
          fc.oneof(
            fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }),
            fc.array(value, { minLength: 1, maxLength: 4 }),
            listDocument,
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.nat(writers.length - 1),
        (docs, w) => {
          const writer = writers[w] as (v: unknown) => string;
          const text = docs.map((d) => writer(d)).join('---\n');
          total++;
          if (agreesWithJsYaml(text) === 'fast') fast++;
        },
      ),
      { numRuns: Number(process.env['BULK_RUNS'] ?? 1500) },
    );
    // Not a vacuous pass: most generated documents are inside the subset, and Lists were streamed.
    expect(fast / total).toBeGreaterThan(0.5);
    expect((textsStreamed - streamedBefore) / total).toBeGreaterThan(0.1);
  });

  it('agrees with js-yaml on mutated documents: the same value, or a decline', () => {
    const base = fc
      .tuple(value, fc.nat(writers.length - 1))
      .map(([v, w]) => (writers[w] as (v: unknown) => string)(v));
    // Character edits, and line edits that shift indentation, where readers disagree most.
    const charEdit = fc.record({
      at: fc.nat(),
      cut: fc.nat(3),
      insert: fc.oneof(
        fc.stringMatching(/^[ \n\-:#'"|>{}[\],.?!&*~%@\\a1\t]{0,3}$/),
        // Characters js-yaml refuses in some places and not others.
        fc.constantFrom(
          '\x7f',
          '\x85',
          '\ud83d',
          '\ude00',
          '\ud83d\ude00',
          '\u2028',
          '\ufeff',
          '\x0b',
          '\x00',
          '\r',
          '\x1b',
        ),
      ),
    });
    const lineEdit = fc.record({ line: fc.nat(), shift: fc.integer({ min: -3, max: 3 }) });
    const mutate = (
      text: string,
      edits: ({ at: number; cut: number; insert: string } | { line: number; shift: number })[],
    ) => {
      let t = text;
      for (const e of edits) {
        if ('at' in e) {
          const at = e.at % (t.length + 1);
          t = t.slice(0, at) + e.insert + t.slice(at + e.cut);
        } else {
          const lines = t.split('\n');
          const i = e.line % lines.length;
          const l = lines[i] ?? '';
          lines[i] =
            e.shift >= 0 ? ' '.repeat(e.shift) + l : l.replace(new RegExp(`^ {0,${-e.shift}}`), '');
          t = lines.join('\n');
        }
      }
      return t;
    };
    fc.assert(
      fc.property(
        base,
        fc.array(fc.oneof(charEdit, lineEdit), { minLength: 1, maxLength: 3 }),
        (text, edits) => {
          agreesWithJsYaml(mutate(text, edits));
        },
      ),
      { numRuns: Number(process.env['BULK_RUNS'] ?? 3000) },
    );
  });

  it('reads block documents with JSON leaves (how templates render) without declining', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), (doc) => {
        fc.pre(!JSON.stringify(doc).includes('"__proto__"'));
        expect(agreesWithJsYaml(jsonLeaves(doc, 0))).toBe('fast');
      }),
      { numRuns: Number(process.env['BULK_RUNS'] ?? 500) },
    );
  });

  it("declines nesting near js-yaml's depth limit, in block and JSON flow form, so js-yaml reports it", () => {
    for (const depth of [10, 60, 63, 64, 65, 98, 99, 100, 101, 500]) {
      let block = 'leaf: 1\n';
      for (let d = 0; d < depth; d++) block = `k:\n${block.replace(/^/gm, '  ')}`;
      agreesWithJsYaml(block);
      const flow = `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
      agreesWithJsYaml(flow);
      const items = `${'- '.repeat(depth)}x\n`;
      agreesWithJsYaml(items);
    }
    expect(agreesWithJsYaml('k:\n'.repeat(1) + '  '.repeat(1) + 'v: 1\n')).toBe('fast');
    expect(() => loadAllBulk(`a: ${'['.repeat(200)}${']'.repeat(200)}\n`)).toThrow(OutsideSubset);
  });

  it('reads JSON saved under a .yaml name, and YAML flow style, as js-yaml does', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.dictionary(key, value, { maxKeys: 4 }), fc.array(value, { maxLength: 4 })),
        fc.constantFrom(0, 2),
        (doc, indent) => {
          const json = JSON.stringify(doc, null, indent);
          expect(parseSnapshotText(json, 'objects.yaml').value).toStrictEqual(reference(json));
          // js-yaml's flow dump is not always valid YAML ({"(:{": ""}); then both must refuse it.
          const flow = jsYaml.dump(doc, { flowLevel: 0 });
          const expected = attempt(() => reference(flow));
          const read = parseSnapshotText(flow, 'objects.yaml');
          if (expected.ok) expect(read.value).toStrictEqual(expected.value);
          else expect(read.diagnostics.map((d) => d.code)).toEqual(['MP3002']);
        },
      ),
      { numRuns: Number(process.env['BULK_RUNS'] ?? 500) },
    );
  });

  it('keeps keys and values apart whose hashes collide ("Aa" and "BB")', () => {
    const text = 'Aa: BB\nBB: Aa\nlist:\n- Aa\n- BB\n- AaAa\n- BBBB\n- AaBB\n';
    expect(agreesWithJsYaml(text)).toBe('fast');
    expect(loadAllBulk(text)).toEqual([
      { Aa: 'BB', BB: 'Aa', list: ['Aa', 'BB', 'AaAa', 'BBBB', 'AaBB'] },
    ]);
  });

  it('reads kubectl-style documents without declining', () => {
    const kubectlStyle = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    annotations:',
      '      openshift.io/scc: restricted-v2',
      '      k8s.v1.cni.cncf.io/network-status: |-',
      '        [{',
      '            "name": "openshift-sdn",',
      '            "default": true',
      '        }]',
      '    creationTimestamp: "2026-11-01T10:00:00Z"',
      '    labels:',
      '      app: web',
      '    name: web-1',
      '    namespace: shop',
      '  spec:',
      '    containers:',
      '    - command:',
      '      - /bin/sh',
      '      - -c',
      '      image: quay.io/shop/web:1.2',
      '      ports:',
      '      - containerPort: 8080',
      '        protocol: TCP',
      '      resources: {}',
      '    nodeSelector:',
      "      node-role.kubernetes.io/worker: ''",
      '  status:',
      '    conditions:',
      '    - message: This is a long message that go-yaml wraps at eighty columns, so it',
      '        continues on the next line',
      '      type: Ready',
      '    phase: Running',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    ].join('\n');
    expect(agreesWithJsYaml(kubectlStyle)).toBe('fast');
    const [list] = loadAllBulk(kubectlStyle) as [
      { items: { status: { conditions: unknown[] } }[] },
    ];
    expect(list.items[0]?.status.conditions[0]).toEqual({
      message:
        'This is a long message that go-yaml wraps at eighty columns, so it continues on the next line',
      type: 'Ready',
    });
  });

  it('reads a real `oc get pods -o yaml` List (managedFields keys, wrapped and JSON values) without declining', () => {
    const text = readFileSync('test/fixtures/kubectl-pod-list.yaml', 'utf8');
    expect(agreesWithJsYaml(text)).toBe('fast');
  });

  it('agrees with js-yaml on every YAML file in the examples and the tests', () => {
    const files = ['examples', 'test'].flatMap((d) => filesUnder(d, /\.ya?ml$/));
    let fast = 0;
    for (const f of files) if (agreesWithJsYaml(readFileSync(f, 'utf8')) === 'fast') fast++;
    // Every snapshot in the examples is kubectl-shaped, so the fast reader must take them all.
    const snapshots = files.filter((f) => f.includes('/clusters/'));
    for (const f of snapshots)
      expect(loadAllBulk(readFileSync(f, 'utf8')).length).toBeGreaterThan(0);
    expect(fast).toBeGreaterThan(files.length / 2);
  });
});

describe("streaming a List's items (loadAllBulkStreamingItems)", () => {
  const stream = (text: string) => {
    const items: unknown[] = [];
    const documents = loadAllBulkStreamingItems(text, (item) => items.push(item));
    return { documents, items };
  };

  it('gives the top-level items one by one, in order, and leaves [] in their place', () => {
    const text = [
      'apiVersion: v1',
      'items:',
      '- kind: Pod',
      '  metadata:',
      '    name: a',
      '  spec:',
      '    volumes:',
      '    - configMap:',
      '        items:',
      '        - key: k',
      '          path: p',
      '-',
      '- plain',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    ].join('\n');
    const { documents, items } = stream(text);
    expect(items).toStrictEqual([
      {
        kind: 'Pod',
        metadata: { name: 'a' },
        // An `items` key below the top level is part of its item, not streamed.
        spec: { volumes: [{ configMap: { items: [{ key: 'k', path: 'p' }] } }] },
      },
      null,
      'plain',
    ]);
    expect(documents).toStrictEqual([
      { apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } },
    ]);
    // The keys keep their order.
    expect(Object.keys(documents[0] as object)).toEqual([
      'apiVersion',
      'items',
      'kind',
      'metadata',
    ]);
  });

  it('streams an indented items sequence too, and nothing from a flow one or a top-level sequence', () => {
    expect(stream('items:\n  - a\n  - b\nkind: List\n').items).toEqual(['a', 'b']);
    expect(stream('items: []\nkind: List\n')).toStrictEqual({
      documents: [{ items: [], kind: 'List' }],
      items: [],
    });
    expect(stream('- items:\n  - a\n').items).toEqual([]);
    expect(stream('- items:\n  - a\n').documents).toStrictEqual([[{ items: ['a'] }]]);
  });

  it('declines a second top-level items key once items were streamed (js-yaml keeps the last)', () => {
    expect(() => stream('items:\n- a\nitems:\n- b\n')).toThrow(OutsideSubset);
    expect(() => stream('items:\n- a\nitems: []\n')).toThrow(OutsideSubset);
    // A flow `items` first streams nothing; the block one after it is the one js-yaml keeps.
    expect(stream('items: []\nitems:\n- b\n').items).toEqual(['b']);
  });

  it('has given the items before the text turns out outside the subset', () => {
    const items: unknown[] = [];
    expect(() =>
      loadAllBulkStreamingItems('items:\n- a\n- &anchor b\nkind: List\n', (i) => items.push(i)),
    ).toThrow(OutsideSubset);
    expect(items).toEqual(['a']);
  });
});

describe('yamlListHead', () => {
  // The kind and apiVersion a List's own (top-level) lines give, before the rest is read.
  it.each([
    [
      'apiVersion: v1\nitems:\n- a: 1\nkind: List\nmetadata: {}\n',
      { kind: 'List', apiVersion: 'v1' },
    ],
    ['items: []\nkind: PodList\n', { kind: 'PodList', apiVersion: undefined }],
    ['kind: "List" # recorded by hand\napiVersion: 2\n', { kind: 'List', apiVersion: 2 }],
    ['---\nkind: List\nitems:\n- a\n', { kind: 'List', apiVersion: undefined }],
    ['kind: Pod\nmetadata:\n  name: a\n', undefined],
    ['metadata:\n  kind: List\n', undefined],
    ['kind: 1List\n', { kind: '1List', apiVersion: undefined }],
    ['kind: 1\n', undefined],
    ['kind: &k List\n', undefined],
    ['kind:\n  List\n', undefined],
    ['{"kind": "List", "items": []}\n', undefined],
    ['kind: List\nitems: []\n---\nkind: List\n', undefined],
    ['items:\n- a\n', undefined],
  ])('%j', (text, head) => {
    expect(yamlListHead(text)).toStrictEqual(head);
  });
});
