import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitJsonList } from '../src/resolve/json-list.js';
import { addJsonListItems, nestingAtMost } from '../src/resolve/from-snapshot.js';
import { FactsReader } from '../src/resolve/facts-from-objects.js';

/**
 * The contract of splitJsonList: when it splits, parsing the envelope and each item gives exactly what
 * JSON.parse gives for the whole text (the items put back in the envelope), and when the whole text is not
 * valid JSON, the envelope or some item fails to parse too. Otherwise it declines (undefined).
 */
/** The flat [start, end, start, end, ...] offsets as pairs. */
const pairs = (bounds: readonly number[]): [number, number][] =>
  Array.from({ length: bounds.length / 2 }, (_, i) => [
    bounds[2 * i] ?? -1,
    bounds[2 * i + 1] ?? -1,
  ]);

/** The split of a text's UTF-8 bytes, and an item's text from its byte offsets. */
const splitText = (text: string, guess = true) => {
  const bytes = Buffer.from(text, 'utf8');
  const split = splitJsonList(bytes, guess);
  return (
    split && { ...split, pieces: pairs(split.bounds).map(([s, e]) => bytes.toString('utf8', s, e)) }
  );
};

/**
 * With item ends guessed from the indentation (the default), a piece may also fail to parse because a guess was
 * wrong while the whole text is valid: then the exact split (guess = false) must keep the contract.
 */
let wrongGuesses = 0;
function agreesWithJsonParse(generated: string, guess = true): 'split' | 'declined' {
  // What a file can hold: its UTF-8 bytes decoded (damage can cut a surrogate pair in two, and a lone surrogate
  // has no UTF-8 bytes).
  const text = Buffer.from(generated, 'utf8').toString('utf8');
  const split = splitText(text, guess);
  let whole: { ok: true; value: unknown } | { ok: false };
  try {
    whole = { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    whole = { ok: false };
  }
  if (!split) return 'declined';
  let pieces: { ok: true; value: unknown } | { ok: false };
  try {
    const envelope = JSON.parse(split.envelope) as Record<string, unknown>;
    expect(envelope['items']).toStrictEqual([]);
    envelope['items'] = split.pieces.map((piece) => JSON.parse(piece) as unknown);
    pieces = { ok: true, value: envelope };
  } catch {
    pieces = { ok: false };
  }
  if (split.guessed && !pieces.ok && whole.ok) {
    wrongGuesses++;
    return agreesWithJsonParse(text, false);
  }
  expect(pieces.ok, text).toBe(whole.ok);
  if (pieces.ok && whole.ok) {
    // Key order included: the envelope keeps items where the text has it.
    expect(JSON.stringify(pieces.value), text).toBe(JSON.stringify(whole.value));
  }
  return 'split';
}

const leaf = fc.oneof(
  fc.string(),
  // Characters of every UTF-8 length (lone surrogates included, which JSON.stringify escapes): the split works
  // on bytes.
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '"',
    '\\',
    '\\"',
    '"items"',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    'items',
    '\u2028',
    '\n',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('items', 'kind', '__proto__')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** A List as kubectl writes it, with other fields around items, indented or not. */
const list = fc
  .record({
    before: fc.dictionary(fc.constantFrom('apiVersion', 'a', 'b'), json, { maxKeys: 2 }),
    items: fc.array(json, { maxLength: 6 }),
    after: fc.dictionary(fc.constantFrom('kind', 'metadata', 'c'), json, { maxKeys: 2 }),
    indent: fc.constantFrom(0, 2, 4, '\t'),
  })
  .map(({ before, items, after, indent }) =>
    JSON.stringify({ ...before, items, ...after }, null, indent),
  );

// Damage that JSON.parse may or may not reject: the contract must hold either way.
const damaged = fc
  .tuple(
    list,
    fc.nat(),
    fc.constantFrom('', '"', '\\', ',', ']', '}', '[', '{', ' ', 'x', ':', '""'),
    fc.nat(3),
  )
  .map(([text, at, insert, cut]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  });

describe('splitJsonList', () => {
  it('splits valid Lists into pieces that parse to what JSON.parse gives', () => {
    fc.assert(
      fc.property(list, (text) => {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const before = wrongGuesses;
        const outcome = agreesWithJsonParse(text);
        // Every List whose keys are plain ("items" present once, written without escapes) is split.
        if (Array.isArray(parsed['items'])) expect(outcome).toBe('split');
        // A printer's own indentation never misleads the guess: the same bounds as the exact split.
        expect(wrongGuesses).toBe(before);
        expect(splitText(text)?.bounds).toEqual(splitText(text, false)?.bounds);
      }),
      { numRuns: 500 },
    );
  });

  it('guesses the ends of kubectl-style items from their indentation, and only there', () => {
    const items = [{ metadata: { name: 'a', labels: {} } }, {}, { b: [1, { c: '}' }] }];
    const kubectl = JSON.stringify({ apiVersion: 'v1', items, kind: 'List' }, null, 4);
    const split = splitText(kubectl);
    expect(split?.guessed).toBe(true);
    expect(split?.pieces.map((p) => JSON.parse(p) as unknown)).toEqual(items);
    expect(split?.bounds).toEqual(splitText(kubectl, false)?.bounds);
    // Windows line ends read the same.
    const crlf = splitText(kubectl.replaceAll('\n', '\r\n'));
    expect(crlf?.guessed).toBe(true);
    expect(crlf?.pieces.map((p) => JSON.parse(p) as unknown)).toEqual(items);
    // One line, tabs, or items indented past 32 columns: nothing to guess from.
    expect(splitText(JSON.stringify({ items }))?.guessed).toBe(false);
    expect(splitText(JSON.stringify({ items }, null, '\t'))?.guessed).toBe(false);
    const deep = kubectl.replace(/^ {8}/gm, ' '.repeat(40));
    expect(splitText(deep)?.guessed).toBe(false);
    expect(splitText(deep)?.pieces.map((p) => JSON.parse(p) as unknown)).toEqual(items);
  });

  it('keeps the contract where indentation misleads (lines re-indented by hand): the exact split decides', () => {
    const before = wrongGuesses;
    const reindented = fc
      .tuple(
        list,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })), {
          minLength: 1,
          maxLength: 4,
        }),
      )
      .map(([text, shifts]) => {
        const lines = text.split('\n');
        for (const [at, shift] of shifts) {
          const i = at % lines.length;
          const line = lines[i] ?? '';
          lines[i] =
            shift >= 0 ? ' '.repeat(shift) + line : line.replace(new RegExp(`^ {0,${-shift}}`), '');
        }
        return lines.join('\n');
      });
    fc.assert(
      fc.property(reindented, (text) => void agreesWithJsonParse(text)),
      { numRuns: 2000 },
    );
    // Not a vacuous pass: some guesses were wrong, and the exact split took over.
    expect(wrongGuesses).toBeGreaterThan(before);
  });

  it('never turns text JSON.parse rejects into values, nor changes what it accepts', () => {
    fc.assert(
      fc.property(damaged, (text) => void agreesWithJsonParse(text)),
      { numRuns: 2000 },
    );
  });

  it('declines what it does not follow: no object, no items, items twice or not a list, escaped keys', () => {
    for (const text of [
      '[1, 2]',
      '{}',
      '{"kind": "List"}',
      '{"items": 3}',
      '{"items": [1], "items": [2]}',
      '{"\\u0069tems": [1]}',
      '{"items": [1]} x',
      '{"items": [1 2]}',
      '{"items": [1,]}',
      '',
    ])
      expect(splitText(text), text).toBeUndefined();
    const text = '{"a": {"items": [9]}, "items": [ {"b": "]\\""} , 2 ], "k": 1}';
    const split = splitText(text);
    expect(split?.envelope).toBe('{"a": {"items": [9]}, "items": [], "k": 1}');
    expect(split?.pieces).toEqual(['{"b": "]\\""}', '2']);
  });

  it('splits on bytes: items and envelope keep characters outside ASCII, offsets count UTF-8 bytes', () => {
    const text = '{"kind": "Liste \\u00e9 é", "items": [{"name": "café ☕"}, "日本"], "x": "ü"}';
    const split = splitText(text);
    expect(split?.envelope).toBe('{"kind": "Liste \\u00e9 é", "items": [], "x": "ü"}');
    expect(split?.pieces).toEqual(['{"name": "café ☕"}', '"日本"']);
    const bytes = Buffer.from(text, 'utf8');
    const [first] = pairs(split?.bounds ?? []);
    // "é" is two bytes before the items: the first item starts 1 byte later than its character index.
    expect(first?.[0]).toBe(text.indexOf('{"name"') + 1);
    expect(bytes.toString('utf8', ...(first ?? [0, 0]))).toBe('{"name": "café ☕"}');
  });
});

describe('addJsonListItems (a JSON List read item by item into the facts)', () => {
  const namespaces = ['a', 'b', 'c'].map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { team: name } },
  }));
  const kubectl = JSON.stringify({ apiVersion: 'v1', items: namespaces, kind: 'List' }, null, 4);
  const read = (text: string) => {
    const reader = new FactsReader('c');
    const bytes = Buffer.from(text, 'utf8');
    const outcome = addJsonListItems({ ok: true, bytes, text: () => text }, 'ns.json', reader);
    const { facts, diagnostics } = reader.finish();
    return { outcome, names: facts.namespaces.map((n) => n.name), diagnostics };
  };

  it.each([
    ['as kubectl writes it', kubectl, 'read', ['a', 'b', 'c']],
    [
      // Item 1's closing line re-indented by hand: its guessed end is item 2's; the exact split goes on.
      'with a misleading indentation',
      kubectl.replace('\n        },\n        {', '\n         },\n        {'),
      'read',
      ['a', 'b', 'c'],
    ],
    ['with item 2 malformed', kubectl.replace('"b"', 'tru'), 'malformed', ['a']],
    ['not a List this way reads', JSON.stringify(namespaces, null, 4), 'whole', []],
  ])('%s: %s', (_, text, outcome, names) => {
    const r = read(text);
    expect(r.outcome).toBe(outcome);
    expect(r.names).toEqual(names);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('guessing item ends stays linear (indentation a hostile test chose)', () => {
  it('after a search that finds no closing line, later items are followed byte by byte', () => {
    // Items that open a line but close on their last member's line: no line holds only their `}`, so each
    // search would run to the end of the file. The last item, indented further, could be guessed.
    const items = Array.from(
      { length: 50 },
      (_, i) => `    {\n      "kind": "ConfigMap", "metadata": {"name": "cm-${i}"}}`,
    ).join(',\n');
    const last = '      {\n        "kind": "Last"\n      }';
    const text = `{\n  "apiVersion": "v1",\n  "items": [\n${items},\n${last}\n  ],\n  "kind": "List"\n}\n`;
    const split = splitText(text);
    expect(split?.guessed).toBe(false);
    expect(split?.pieces.length).toBe(51);
    expect(agreesWithJsonParse(text)).toBe('split');
    // The last item alone is guessed.
    expect(splitText(`{"items": [\n${last}\n]}`)?.guessed).toBe(true);
  });
});

describe('nestingAtMost (whether a text is shallow enough to locate items in)', () => {
  it.each([
    ['{"a": [1, {"b": []}]}', 4, true],
    ['{"a": [1, {"b": []}]}', 3, false],
    // Brackets inside strings are text, escaped quotes included.
    ['{"a": "[[[[\\"[[["}', 1, true],
    ['[[]][[]]', 2, true],
    ['[[[]]]', 2, false],
    // Closers without openers never make room for more.
    [']]]][[[', 2, false],
    ['a: [b, {c: d}]\n', 2, true],
  ])('%j at most %i deep: %s', (text, limit, expected) => {
    expect(nestingAtMost(text, limit)).toBe(expected);
  });
});
