import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cacheFileOf,
  createBundleLoader,
  IMPORT_HOOK,
  type CacheUse,
} from '../src/cli/bundle-loader.js';
import { scratchDir } from './helpers/tmp.js';

// The loader runs what scripts/bundle.mjs writes: CommonJS bundles that import each other through a global
// hook, compiled with the code cache the build's warm-up wrote beside them. A cache must never run code other
// than the bundle's own text, and a missing or unusable one must cost a compile, never a failure.

let dir = '';
beforeEach(() => {
  dir = scratchDir('migplan-bundles-');
});

const bundle = (name: string, text: string) => writeFileSync(join(dir, `${name}.cjs`), text);
/** The checksum a cache of bundle `name` leads with, written out from the loader's rule. */
const checksumOf = (name: string, data: Buffer) =>
  createHash('sha256')
    .update(join(dir, `${name}.cjs`))
    .update('\u0000')
    .update(readFileSync(join(dir, `${name}.cjs`)))
    .update(data)
    .digest();
/** A loader that records what became of each cache. */
const loader = () => {
  const uses: [string, CacheUse][] = [];
  const l = createBundleLoader(dir, (name, use) => uses.push([name, use]));
  return { ...l, uses };
};
// An esbuild bundle of an ES module marks itself so; import() then gives its exports as they are.
const esModule = (body: string) =>
  `Object.defineProperty(exports, '__esModule', { value: true });\n${body}\n`;

describe('bundle loader', () => {
  it('reads an ASCII bundle and one with other UTF-8 text alike (the first as latin1, a plain copy)', async () => {
    bundle('ascii', esModule('exports.s = "\\u00b5s";'));
    bundle('utf8', esModule('exports.s = "\u00b5s \u03bcs \u{1f680}"; // \u2013 a comment'));
    const l = loader();
    expect(((await l.import('ascii')) as { s: string }).s).toBe('\u00b5s');
    expect(((await l.import('utf8')) as { s: string }).s).toBe('\u00b5s \u03bcs \u{1f680}');
    // Cached the same way whichever decoding read them: the second load of each uses its cache.
    expect(l.writeCaches()).toEqual([]);
    const again = loader();
    await again.import('ascii');
    await again.import('utf8');
    expect(again.uses).toEqual([
      ['ascii', 'used'],
      ['utf8', 'used'],
    ]);
  });

  it('loads a bundle once, with its file name and folder, and gives import() namespaces', async () => {
    bundle(
      'a',
      esModule(
        'exports.where = [__filename, __dirname]; exports.count = (globalThis.__loads = (globalThis.__loads ?? 0) + 1);',
      ),
    );
    bundle('plain', 'module.exports = { answer: 42 };');
    const l = loader();
    const a = (await l.import('a')) as { where: string[]; count: number };
    expect(a.where).toEqual([join(dir, 'a.cjs'), dir]);
    expect(await l.import('a')).toBe(a); // evaluated once
    // A CommonJS module without the marker: its exports are the default, and named (Node's import() of one).
    const plain = (await l.import('plain')) as { default: unknown; answer: number };
    expect(plain.default).toEqual({ answer: 42 });
    expect(plain.answer).toBe(42);
    delete (globalThis as { __loads?: number }).__loads;
  });

  it('lets bundles import each other through the global hook, and require() from their own folder', async () => {
    bundle(
      'outer',
      esModule(
        `exports.run = async () => (await globalThis[Symbol.for(${JSON.stringify(IMPORT_HOOK)})]('inner', 'cjs')).twice(21);` +
          "\nexports.sep = require('node:path').sep;",
      ),
    );
    bundle('inner', esModule('exports.twice = (n) => 2 * n;'));
    const outer = (await loader().import('outer')) as { run: () => Promise<number>; sep: string };
    expect(await outer.run()).toBe(42);
    expect(outer.sep).toBe('/');
  });

  it('imports an ES module bundle (.mjs) natively', async () => {
    writeFileSync(join(dir, 'live.mjs'), 'export const kind = "esm";\n');
    expect(((await loader().import('live', 'esm')) as { kind: string }).kind).toBe('esm');
  });

  it('writes the cache after the run and uses it on the next', async () => {
    bundle('c', esModule('exports.f = (x) => x + 1;'));
    const first = loader();
    expect(((await first.import('c')) as { f: (x: number) => number }).f(1)).toBe(2);
    expect(first.uses).toEqual([['c', 'missing']]);
    first.writeCaches();
    const cache = readFileSync(cacheFileOf(join(dir, 'c.cjs')));
    // The cache leads with a SHA-256 of the bundle's path, its text and the cached data.
    expect(cache.subarray(0, 32).equals(checksumOf('c', cache.subarray(32)))).toBe(true);
    const second = loader();
    expect(((await second.import('c')) as { f: (x: number) => number }).f(2)).toBe(3);
    expect(second.uses).toEqual([['c', 'used']]);
    second.writeCaches(); // nothing to write: the cache was used
    expect(readFileSync(cacheFileOf(join(dir, 'c.cjs'))).equals(cache)).toBe(true);
  });

  it('never runs a cache made from other text, even of the same length (V8 checks only the length)', async () => {
    bundle('v', esModule('exports.value = 1;'));
    const first = loader();
    await first.import('v');
    first.writeCaches();
    bundle('v', esModule('exports.value = 2;'));
    const second = loader();
    expect(((await second.import('v')) as { value: number }).value).toBe(2);
    expect(second.uses).toEqual([['v', 'stale']]);
  });

  it('never hands V8 damaged data: a flipped byte makes the cache stale (a release Node would not notice)', async () => {
    bundle('d', esModule('exports.ok = true;'));
    const first = loader();
    await first.import('d');
    expect(first.writeCaches()).toEqual([]);
    const file = cacheFileOf(join(dir, 'd.cjs'));
    const cache = readFileSync(file);
    cache[cache.length >> 1] = (cache[cache.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(file, cache);
    const damaged = loader();
    expect(((await damaged.import('d')) as { ok: boolean }).ok).toBe(true);
    expect(damaged.uses).toEqual([['d', 'stale']]);
    writeFileSync(file, cache.subarray(0, 10)); // cut short
    const short = loader();
    expect(((await short.import('d')) as { ok: boolean }).ok).toBe(true);
    expect(short.uses).toEqual([['d', 'stale']]);
  });

  it('a cache made for the bundle in another folder is stale (its stack traces would name that folder)', async () => {
    bundle('m', esModule('exports.ok = true;'));
    const first = loader();
    await first.import('m');
    first.writeCaches();
    const other = scratchDir('migplan-bundles-moved-');
    cpSync(dir, other, { recursive: true });
    const uses: [string, CacheUse][] = [];
    const moved = createBundleLoader(other, (name, use) => uses.push([name, use]));
    expect(((await moved.import('m')) as { ok: boolean }).ok).toBe(true);
    expect(uses).toEqual([['m', 'stale']]);
  });

  it('compiles as usual when V8 refuses the cached data', async () => {
    bundle('r', esModule('exports.ok = true;'));
    const data = Buffer.from('not V8 data');
    writeFileSync(cacheFileOf(join(dir, 'r.cjs')), Buffer.concat([checksumOf('r', data), data]));
    const refused = loader();
    expect(((await refused.import('r')) as { ok: boolean }).ok).toBe(true);
    expect(refused.uses).toEqual([['r', 'refused']]);
  });

  it('skips a cache it cannot write, and says which, instead of failing the run', async () => {
    bundle('w', esModule('exports.ok = true;'));
    const l = loader();
    await l.import('w');
    // A directory where the cache file would go: the write fails as on a read-only install.
    mkdirSync(cacheFileOf(join(dir, 'w.cjs')));
    expect(l.writeCaches()).toEqual([join(dir, 'w.cjs')]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
