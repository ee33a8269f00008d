import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { parseBlockYaml } from '../src/parse/fast-yaml.js';
import { LineIndex, type SpecNode } from '../src/parse/spec-tree.js';
import { treeFromYaml } from '../src/parse/parse-spec-yaml.js';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';

/**
 * The contract of the fast spec reader: for any text it either declines (undefined) or gives exactly what
 * `yaml` gives with parseSpec's options (one document, no errors, the same value, the same node ranges, the same
 * line and column for every offset diagnostics use).
 */
function agreesWithYaml(text: string): 'read' | 'declined' {
  const fast = parseBlockYaml(text);
  if (!fast) return 'declined';
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lc,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  expect(Array.isArray(docs), text).toBe(true);
  const list = docs as Exclude<typeof docs, { empty: true }>;
  expect(list.length, text).toBe(1);
  const doc = list[0]!;
  expect(
    doc.errors.map((e) => e.message),
    text,
  ).toEqual([]);
  expect(fast.value, text).toStrictEqual(doc.toJS({ maxAliasCount: 100 }));
  const tree = treeFromYaml(doc.contents);
  expect(fast.tree, text).toStrictEqual(tree);
  const index = new LineIndex(text);
  for (const offset of offsets(fast.tree))
    expect(index.linePos(offset), `${text}\n@${offset}`).toEqual(lc.linePos(offset));
  return 'read';
}

function offsets(node: SpecNode | undefined): number[] {
  if (!node) return [];
  const own = [...node.range];
  if (node.kind === 'map')
    return [...own, ...node.entries.flatMap((e) => [...(e.keyRange ?? []), ...offsets(e.value)])];
  if (node.kind === 'seq') return [...own, ...node.items.flatMap((i) => offsets(i))];
  return own;
}

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    ' lead',
    'trail ',
    'a: b',
    'a:b',
    'x #y',
    'x#y',
    '#c',
    '- x',
    '-x',
    '? q',
    ':x',
    'null',
    'Null',
    '~',
    'true',
    'False',
    'yes',
    'on',
    '0o17',
    '0x1F',
    '1_000',
    '.inf',
    '.NaN',
    '007',
    '+5',
    '-0',
    '1e3',
    '.5',
    '5.',
    '12345678901234567890',
    "it's",
    'say "hi"',
    'back\\slash',
    'tab\there',
    'new\nline',
    'é ☕ 日本',
    '[a]',
    '{b}',
    '*alias',
    '&anchor',
    '!tag',
    '|',
    '>',
    '%',
    '@',
    '`',
    '---',
    '...',
    '<<',
    '__proto__',
    'constructor',
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(
  fc.constantFrom(
    'name',
    'spec',
    'plans',
    'a',
    'b b',
    'k:v',
    'url',
    'x-y',
    '1',
    'true',
    'null',
    '<<',
  ),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;

/** A spec-like text: yaml's own block output with comments and blank lines put between its lines. */
const text = fc
  .record({
    root: fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }),
    indentSeq: fc.boolean(),
    indent: fc.constantFrom(2, 4),
    header: fc.boolean(),
    comments: fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '# c', '  # c', '    # note: x')), {
      maxLength: 4,
    }),
    trailing: fc.constantFrom('', '\n', '\n# end\n'),
  })
  .map(({ root, indentSeq, indent, header, comments, trailing }) => {
    const lines = stringify(root, { indentSeq, indent, lineWidth: 0 }).split('\n');
    for (const [at, comment] of comments) lines.splice(at % lines.length, 0, comment);
    return (header ? '---\n' : '') + lines.join('\n') + trailing;
  });

/** What specs are made of: names, numbers, booleans, lists of names, with comments above lines. */
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const specValue = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name,
    fc.integer({ min: 0, max: 100000 }),
    fc.boolean(),
    fc.constantFrom('https://api.example.com:6443', '10.128.0.0/14', 'quay.io/app:v1', '"quoted"'),
    fc.array(name, { minLength: 1, maxLength: 3 }),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
    fc.dictionary(name, tie('node'), { minKeys: 1, maxKeys: 4 }),
  ),
})).node;
const specText = fc
  .record({
    root: fc.dictionary(name, specValue, { minKeys: 1, maxKeys: 5 }),
    indentSeq: fc.boolean(),
    comments: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ root, indentSeq, comments }) => {
    const lines = stringify(root, { indentSeq, lineWidth: 0 }).trimEnd().split('\n');
    for (const at of comments) {
      const i = at % lines.length;
      const indent = /^ */.exec(lines[i] ?? '')?.[0] ?? '';
      lines.splice(i, 0, `${indent}# about the next line`);
    }
    return lines.join('\n') + '\n';
  });

// Damage yaml may or may not accept: the reader must never accept what yaml refuses or reads otherwise.
const damaged = fc
  .tuple(
    fc.oneof(text, specText),
    fc.nat(),
    fc.constantFrom(
      '',
      ' ',
      '  ',
      '-',
      '- ',
      ':',
      ': ',
      '#',
      ' #',
      '"',
      "'",
      '\n',
      '\n  ',
      '[',
      '{',
      '&a ',
      '*a',
      '!x ',
    ),
    fc.nat(3),
  )
  .map(([t, at, insert, cut]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + insert + t.slice(i + cut);
  });

/** One-line flow sequences of scalars, as specs write lists of names, spaced and commented at random. */
const flowText = fc
  .record({
    entries: fc.array(
      fc.tuple(
        name,
        fc.array(
          fc.oneof(
            name,
            fc.constantFrom('"q r"', "'s'", '1', '2.5', 'true', 'null', '-x', 'a:b', 'c d'),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom('', ' ', '  '),
        fc.constantFrom('', '  # list', '\n    # deeper', '\n# shallow'),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    indent: fc.constantFrom(0, 2),
  })
  .map(({ entries, indent }) => {
    const pad = ' '.repeat(indent);
    const lines = entries.map(
      ([key, items, space, after], i) =>
        `${pad}${key}${i}: [${space}${items.join(`${space},${space}`)}${space}]${after}`,
    );
    return (indent ? 'top:\n' : '') + lines.join('\n') + '\nlast: 1\n';
  });

/** Checks agreesWithYaml on `numRuns` texts and says how many of them the fast reader read itself. */
function readsAgreeing(texts: fc.Arbitrary<string>, numRuns: number): number {
  let read = 0;
  fc.assert(
    fc.property(texts, (t) => {
      if (agreesWithYaml(t) === 'read') read++;
    }),
    { numRuns },
  );
  return read;
}

describe('the fast spec reader', () => {
  it('reads one-line flow sequences of scalars as yaml does', () => {
    expect(readsAgreeing(flowText, 500)).toBeGreaterThan(250);
  });

  it('reads what yaml reads, to the same values, trees and positions, or declines', () => {
    // Hostile keys and scalars are mostly declined; enough are read for the agreement to say something.
    expect(readsAgreeing(text, 1500)).toBeGreaterThan(150);
  });

  it('reads spec-shaped text itself, as yaml does', () => {
    expect(readsAgreeing(specText, 500)).toBeGreaterThan(350);
  });

  it('never accepts damaged text that yaml refuses or reads otherwise', () => {
    fc.assert(
      fc.property(damaged, (t) => void agreesWithYaml(t)),
      { numRuns: 3000 },
    );
  });

  it('reads every example spec as yaml does, and reads the block-style ones itself', () => {
    const specs: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (name !== 'clusters' && name !== 'out' && name !== 'expected') walk(path);
        } else if (/^migration.*\.ya?ml$/.test(name)) specs.push(path);
      }
    };
    walk(join(import.meta.dirname, '..', 'examples'));
    expect(specs.length).toBeGreaterThan(10);
    const outcomes = specs.map((p) => agreesWithYaml(readFileSync(p, 'utf8')));
    expect(outcomes.filter((o) => o === 'read').length).toBeGreaterThan(specs.length / 2);
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['an empty value', 'a:\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a flow sequence with a nested collection', 'a: [1, [2]]\n'],
    ['a flow sequence with a pair', 'a: [b: 1]\n'],
    ['a flow sequence with a trailing comma', 'a: [1, 2,]\n'],
    ['a flow mapping with content', 'a: {b: 1}\n'],
    ['a hexadecimal number', 'a: 0x1F\n'],
    ['a tab', 'a:\t1\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a top-level sequence', '- a\n- b\n'],
    ['a non-string key', '1: a\n'],
    ['a nested sequence on the dash line', 'a:\n  - - 1\n'],
    [
      'nesting deeper than any spec',
      Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n',
    ],
  ])('declines %s (yaml reads it, or says what is wrong)', (_what, t) => {
    expect(parseBlockYaml(t)).toBeUndefined();
  });

  it('gives parseSpec the same document either way, diagnostics positions included', () => {
    const t =
      'apiVersion: migplan.dev/v1alpha1\nkind: Migration\nmetadata:\n  name: x\nspec:\n  plans:\n  - name: p\n    namespaces:\n      - app # the app\n';
    const fast = parseSpecSync(t, 'm.yaml').value!;
    expect(parseBlockYaml(t)).toBeDefined();
    // The same text read by yaml: a .json name would refuse it, so compare with the tree yaml gives.
    const lc = new LineCounter();
    const doc = parseAllDocuments(t, { lineCounter: lc, uniqueKeys: true, strict: true });
    const viaYaml = treeFromYaml((doc as Exclude<typeof doc, { empty: true }>)[0]!.contents);
    expect(fast.tree).toStrictEqual(viaYaml);
    expect(fast.value).toEqual({
      apiVersion: 'migplan.dev/v1alpha1',
      kind: 'Migration',
      metadata: { name: 'x' },
      spec: { plans: [{ name: 'p', namespaces: ['app'] }] },
    });
  });
});
