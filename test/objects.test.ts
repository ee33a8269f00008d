import { describe, expect, it } from 'vitest';
import { arr, byKey, byName, cmp, isDict, obj, str } from '../src/util/objects.js';

describe('shared object accessors and comparators (src/util/objects.ts)', () => {
  it('reads untrusted values without throwing: a mapping, a list, a string or an empty stand-in', () => {
    for (const notMapping of [null, undefined, [], 'a', 1, true]) {
      expect(isDict(notMapping)).toBe(false);
      expect(obj(notMapping)).toEqual({});
    }
    const m = { a: 1 };
    expect(isDict(m)).toBe(true);
    expect(obj(m)).toBe(m);
    const l = [1];
    expect(arr(l)).toBe(l);
    expect(arr({ 0: 1, length: 1 })).toEqual([]);
    expect(str('x')).toBe('x');
    expect(str(1)).toBeUndefined();
  });

  it('orders by code unit, not by locale: upper case before lower case, ties are 0', () => {
    expect(['b', 'a', 'B', 'Z', 'é', 'e'].sort(cmp)).toEqual(['B', 'Z', 'a', 'b', 'e', 'é']);
    expect(cmp('a', 'a')).toBe(0);
    expect([{ name: 'b' }, { name: 'B' }, { name: 'a' }].sort(byName)).toEqual([
      { name: 'B' },
      { name: 'a' },
      { name: 'b' },
    ]);
    expect(Object.entries({ b: 1, a: 2, C: 3 }).sort(byKey)).toEqual([
      ['C', 3],
      ['a', 2],
      ['b', 1],
    ]);
  });
});
