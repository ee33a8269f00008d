import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitJsonList } from '../src/resolve/json-list.js';

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
const splitText = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const split = splitJsonList(bytes);
  return (
    split && { ...split, pieces: pairs(split.bounds).map(([s, e]) => bytes.toString('utf8', s, e)) }
  );
};

function agreesWithJsonParse(generated: string): 'split' | 'declined' {
  // What a file can hold: its UTF-8 bytes decoded (damage can cut a surrogate pair in two, and a lone surrogate
  // has no UTF-8 bytes).
  const text = Buffer.from(generated, 'utf8').toString('utf8');
  const split = splitText(text);
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
        const outcome = agreesWithJsonParse(text);
        // Every List whose keys are plain ("items" present once, written without escapes) is split.
        if (Array.isArray(parsed['items'])) expect(outcome).toBe('split');
      }),
      { numRuns: 500 },
    );
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
