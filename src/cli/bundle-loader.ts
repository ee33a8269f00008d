import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/**
 * Loads the CLI's bundles (scripts/bundle.mjs) with V8's code cache (issue 14: start-up). Node 20 keeps no
 * compile cache for modules, so each run would parse and compile the same code again: a third of `validate`'s
 * start-up and about a tenth of a large compile. Each CommonJS bundle is compiled here with the code V8 cached
 * for it at build time (`<bundle>.cache`, written by `npm run build` from a warm-up run), and bundles import
 * each other through the loader, so every dynamic import of the sources loads one file.
 *
 * A cache is used only when its checksum matches: a SHA-256 over the bundle's path, its text and the cached
 * data itself. V8 compares only the text's length, and a release build of Node does not check the data, so a
 * damaged cache could crash the process and a cache made elsewhere would name the other folder in stack
 * traces. One that is missing, stale, damaged or refused by this Node (another version or flags) costs a normal
 * compile, never a failure; a run writes caches only when asked to (the build's warm-up), and never fails for
 * it.
 */

/** The global through which bundles import each other: `globalThis[Symbol.for(IMPORT_HOOK)](name, format)`. */
export const IMPORT_HOOK = 'migplan.import';

export type BundleFormat = 'cjs' | 'esm';
export type ImportBundle = (name: string, format?: BundleFormat) => Promise<unknown>;

/** How a CommonJS bundle is wrapped to run, as Node wraps a CommonJS module. */
const HEAD = '(function (exports, require, module, __filename, __dirname) {';
const TAIL = '\n})';
const HASH_BYTES = 32;

/** The cache file of a bundle, next to it. */
export const cacheFileOf = (bundleFile: string): string => `${bundleFile}.cache`;

/** What became of a bundle's code cache when it was loaded. */
export type CacheUse = 'used' | 'missing' | 'stale' | 'refused';

export interface BundleLoader {
  import: ImportBundle;
  /**
   * Writes the code cache of every CommonJS bundle loaded without a usable one (after the run). A cache that
   * cannot be written (a read-only install) is left out: the names of those it could not write.
   */
  writeCaches(): string[];
}

/** The checksum a cache file leads with. */
function checksum(file: string, source: Buffer, data: Buffer): Buffer {
  return createHash('sha256').update(file).update('\u0000').update(source).update(data).digest();
}

/**
 * A loader for the bundles in `dir`, installed as the hook the bundles import each other through. `report`
 * hears, for each CommonJS bundle loaded, what became of its cache.
 */
export function createBundleLoader(
  dir: string,
  report?: (name: string, cache: CacheUse) => void,
): BundleLoader {
  const loaded = new Map<string, unknown>();
  const uncached: { file: string; source: Buffer; script: Script }[] = [];

  const loadCommonJs = (name: string): unknown => {
    const known = loaded.get(name);
    if (known !== undefined) return known;
    const file = join(dir, `${name}.cjs`);
    const source = readFileSync(file);
    const cached = cacheFor(file, source);
    // An ASCII bundle (every one built with whitespace minified) decodes as latin1: a plain copy into a one-byte
    // string, where UTF-8 decoding of a megabyte costs several milliseconds.
    const text = source.toString(isAscii(source) ? 'latin1' : 'utf8');
    const script = new Script(HEAD + text + TAIL, {
      filename: file,
      ...(cached.data ? { cachedData: cached.data } : {}),
    });
    const use: CacheUse = script.cachedDataRejected === true ? 'refused' : cached.use;
    if (use !== 'used') uncached.push({ file, source, script });
    report?.(name, use);
    const module = { exports: {} as unknown };
    (script.runInThisContext() as (...args: unknown[]) => void)(
      module.exports,
      createRequire(file),
      module,
      file,
      dir,
    );
    loaded.set(name, module.exports);
    return module.exports;
  };

  const importBundle: ImportBundle = (name, format = 'cjs') =>
    format === 'esm'
      ? import(pathToFileURL(join(dir, `${name}.mjs`)).href)
      : Promise.resolve().then(() => asNamespace(loadCommonJs(name)));
  (globalThis as Record<symbol, unknown>)[Symbol.for(IMPORT_HOOK)] = importBundle;

  return {
    import: importBundle,
    writeCaches() {
      const failed: string[] = [];
      // After the run: the cache then holds the functions it compiled, not only the top level.
      for (const { file, source, script } of uncached.splice(0)) {
        const cache = cacheFileOf(file);
        // One temp file per process: runs writing at once must not rename each other's.
        const temp = `${cache}.${process.pid}.tmp`;
        try {
          const data = script.createCachedData();
          writeFileSync(temp, Buffer.concat([checksum(file, source, data), data]));
          renameSync(temp, cache);
        } catch {
          failed.push(file);
          try {
            unlinkSync(temp);
          } catch {
            // never written
          }
        }
      }
      return failed;
    },
  };
}

/**
 * Installs the loader for the bundles in `dir` and returns its import. `writeCache`: when the process exits,
 * write the caches it lacked (the build's warm-up runs the CLI so); one it cannot write is skipped.
 */
export function installBundleLoader(dir: string, writeCache = false): ImportBundle {
  const loader = createBundleLoader(dir);
  if (writeCache) process.once('exit', () => loader.writeCaches());
  return loader.import;
}

/**
 * Runs the CLI from the bundles in `dir`, as bin/migplan.js and the build's runner (dist/bin/migplan.cjs) do.
 * Caches are written only when MIGPLAN_WRITE_CODE_CACHE=1: the build's warm-up, never a user's run.
 */
export function runCli(dir: string): Promise<unknown> {
  return installBundleLoader(dir, process.env['MIGPLAN_WRITE_CODE_CACHE'] === '1')('cli');
}

/** The cached code for a bundle's exact text at its path, and why there is none when there is none. */
function cacheFor(file: string, source: Buffer): { data?: Buffer; use: CacheUse } {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFileOf(file));
  } catch {
    return { use: 'missing' }; // not built yet, or removed: compiled as usual
  }
  if (cache.length <= HASH_BYTES) return { use: 'stale' };
  const data = cache.subarray(HASH_BYTES);
  return cache.subarray(0, HASH_BYTES).equals(checksum(file, source, data))
    ? { data, use: 'used' }
    : { use: 'stale' };
}

/**
 * What `import()` gives for a CommonJS module: an esbuild bundle of an ES module (marked __esModule) is its
 * namespace already; anything else is the default export, with its properties as named exports (as Node does).
 */
function asNamespace(exports: unknown): unknown {
  if (exports !== null && typeof exports === 'object' && '__esModule' in exports) return exports;
  return Object.assign(Object.create(null) as object, exports, { default: exports });
}
