// Bundles the CLI into dist/bin/ (run by `npm run build` and by `prepare`, so `npm ci` builds it). Built from
// src/ with esbuild; bin/migplan.js loads dist/bin/cli.cjs through src/cli/bundle-loader.ts (dist/bin/load.cjs).
// `node scripts/bundle.mjs DIR` writes the bundles to DIR instead; `--no-cache` skips the code cache warm-up.
//
// Every dynamic import() of the sources is a bundle boundary: the imported module and everything it needs
// statically become one file, loaded when the import runs. So `migplan validate` loads two files (the loader
// and cli.cjs) and a compile a handful, where ES module chunks made it load twenty to forty (each a resolve,
// read and link: issue 14, start-up). A module two bundles need is in both; nothing the tests rely on shares
// state across that line (values cross it, classes are checked only inside the bundle that made them).
//
// Bundles are CommonJS, so the loader can compile them with V8's code cache, which the warm-up at the end
// writes. The one exception is the live client (from-live), an ES module because @kubernetes/client-node is one.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import jsYaml from 'js-yaml';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Modules bundled as ES modules: they import @kubernetes/client-node, which cannot be required. */
const esModules = new Set(['src/resolve/from-live.ts']);
/** What the bundles call instead of import() (src/cli/bundle-loader.ts installs it). */
const IMPORT_HOOK = 'migplan.import';
const BOUNDARY = 'migplan-bundle:';

/**
 * commander requires node:child_process at load (only for executable subcommands, which migplan has none of),
 * which pulls in net, dgram and streams. Loaded on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/')
        ? { path: 'lazy-child-process', namespace: 'lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

/** A bundle's name: its module's path under src/ (or its package specifier), as a file name. */
export function bundleName(modulePath, specifier) {
  const rel = relative(root, modulePath);
  const base = rel.startsWith('node_modules/') ? specifier : rel.replace(/^src\//, '');
  return base.replace(/\.[cm]?[jt]s$/, '').replace(/[^A-Za-z0-9]+/g, '-');
}

/** Marks each dynamic import as a boundary, and records the module it names for its own bundle. */
const boundaries = (found) => ({
  name: 'bundle-boundaries',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === BOUNDARY) return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: BOUNDARY,
      });
      if (r.errors.length > 0 || r.external) return undefined;
      const path = relative(root, r.path);
      const name = bundleName(r.path, args.path);
      const format = esModules.has(path) ? 'esm' : 'cjs';
      found.push({ name, path, format });
      return { path: `${BOUNDARY}${name}:${format}`, external: true };
    });
  },
});

const common = {
  absWorkingDir: root,
  bundle: true,
  write: false,
  platform: 'node',
  target: 'node20',
  // Loaded only for --from live (by the from-live bundle), and large.
  external: ['@kubernetes/client-node'],
  logLevel: 'warning',
  // Comments and indentation out: a third less to read, hash and decode at every start, and the text is then
  // ASCII (esbuild escapes the rest), which the loader decodes as a plain copy. Names stay as written, so a
  // stack trace still reads. Which modules each bundle holds is in inputs.json.
  minifyWhitespace: true,
  metafile: true,
};

const formats = {
  cjs: {
    format: 'cjs',
    // The loader runs a bundle with its real path as __filename: import.meta.url is that file.
    define: { 'import.meta.url': '__migplanModuleUrl' },
    banner: { js: 'var __migplanModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  },
  esm: {
    format: 'esm',
    // Bundled CommonJS packages call require() for Node built-ins; an ES module has none.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  },
};

/**
 * Builds the bundle of `path`: its text, with its dynamic imports turned into hook calls, and the modules it
 * holds (paths from the repository's root).
 */
async function bundleOne(path, format, found) {
  const result = await build({
    ...common,
    ...formats[format],
    entryPoints: [path],
    plugins: [lazyChildProcess, boundaries(found)],
  });
  const text = result.outputFiles[0].text.replace(
    new RegExp(`import\\("${BOUNDARY}([^":]+):(cjs|esm)"\\)`, 'g'),
    (_, name, f) =>
      `globalThis[Symbol.for(${JSON.stringify(IMPORT_HOOK)})](${JSON.stringify(name)}, "${f}")`,
  );
  if (text.includes(BOUNDARY))
    throw new Error(`${path}: a dynamic import was not turned into a bundle import`);
  return { text, inputs: Object.keys(result.metafile.inputs).sort() };
}

/** Every bundle, from the CLI's entry through every dynamic import: name -> { format, text, inputs }. */
export async function bundles() {
  const out = new Map();
  const queue = [{ name: 'cli', path: 'src/cli/bin.ts', format: 'cjs' }];
  const queued = new Set(['src/cli/bin.ts']);
  while (queue.length > 0) {
    const { name, path, format } = queue.shift();
    if (out.has(name)) throw new Error(`two modules bundle to ${name}`);
    const found = [];
    out.set(name, { format, ...(await bundleOne(path, format, found)) });
    for (const f of found)
      if (!queued.has(f.path)) {
        queued.add(f.path);
        queue.push(f);
      }
  }
  return out;
}

/** What bin/migplan.js does, for bundles in the runner's own folder. */
const runner = "'use strict';\n" + "require('./load.cjs').runCli(__dirname);\n";

/** The loader itself: required by bin/migplan.js and by the bench, as a plain CommonJS module. */
async function loader() {
  const result = await build({
    ...common,
    ...formats.cjs,
    entryPoints: ['src/cli/bundle-loader.ts'],
  });
  return result.outputFiles[0].text;
}

/**
 * Runs the CLI once per command the cache should serve, with MIGPLAN_WRITE_CODE_CACHE=1: each bundle a run
 * loads gets the code V8 compiled for it. The specs are examples; any spec gives the same functions compiled.
 * NODE_OPTIONS is dropped: V8 refuses a cache made under other flags, so one made under a developer's
 * options would be refused on every plain run. A second pass must then write nothing: every cache was used.
 */
function warmUp(outdir) {
  const bin = join(outdir, 'migplan.cjs');
  const examples = join(root, 'examples');
  const env = { ...process.env, MIGPLAN_WRITE_CODE_CACHE: '1' };
  delete env.NODE_OPTIONS;
  const scratch = mkdtempSync(join(outdir, 'warm-up-'));
  const out = join(scratch, 'out');
  const mixed = mixedSnapshots(join(examples, 'okd47-to-okd410-observability'), scratch);
  const runs = [
    [mixed, 'validate', 'migration.yaml'],
    [mixed, 'compile', 'migration.yaml', '--out', out, '--quiet'],
    [mixed, 'diff', 'migration.yaml', '--against', out, '--stat'],
    [mixed, 'report', 'migration.yaml'],
    [mixed, 'explain', 'spec.plans'],
    [join(examples, 'hcp-aws-move'), 'compile', 'migration.yaml'],
    [join(examples, 'sdn-to-ovn-410'), 'compile', 'network-migration.yaml'],
  ];
  const runAll = () => {
    for (const [cwd, ...args] of runs) {
      const r = spawnSync(process.execPath, [bin, ...args], {
        cwd,
        env,
        encoding: 'utf8',
      });
      if (r.status !== 0)
        throw new Error(`warm-up: migplan ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
    }
  };
  const caches = () =>
    readdirSync(outdir)
      .filter((f) => f.endsWith('.cache'))
      .map((f) => `${f} ${statSync(join(outdir, f)).mtimeMs}`)
      .sort();
  try {
    runAll();
    const written = caches();
    if (written.length === 0) throw new Error('the warm-up wrote no code cache');
    runAll();
    const again = caches();
    if (again.join('\n') !== written.join('\n'))
      throw new Error(`the warm-up's caches were not used on a second run:\n${again.join('\n')}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A copy of an example whose snapshot files alternate YAML and JSON Lists (as `oc get -o yaml` and `-o json`
 * write them): the compile that writes the compile bundle's cache then runs both snapshot readers, so a JSON
 * snapshot's reader (the List split, item by item) is cached too. Every file of the example is one List.
 */
function mixedSnapshots(example, scratch) {
  const dir = join(scratch, 'mixed');
  cpSync(example, dir, { recursive: true });
  for (const cluster of readdirSync(join(dir, 'clusters'))) {
    const folder = join(dir, 'clusters', cluster);
    readdirSync(folder)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .forEach((f, i) => {
        if (i % 2) return;
        const docs = jsYaml.loadAll(readFileSync(join(folder, f), 'utf8'));
        if (docs.length !== 1) throw new Error(`warm-up: ${f} is not one document`);
        writeFileSync(
          join(folder, f.replace(/\.yaml$/, '.json')),
          JSON.stringify(docs[0], null, 4),
        );
        rmSync(join(folder, f));
      });
  }
  return dir;
}

// Run as a script (through a symlinked path too), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outdir = resolve(root, args.find((a) => !a.startsWith('--')) ?? 'dist/bin');
  const built = await bundles();
  // Names carry no hashes, but a bundle that is gone must not stay behind with its cache.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'load.cjs'), await loader());
  // The CLI run from this folder (bin/migplan.js does the same from dist/bin): for the warm-up and the tests.
  writeFileSync(join(outdir, 'migplan.cjs'), runner);
  const inputs = {};
  for (const [name, { format, text, inputs: held }] of built) {
    const file = `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`;
    writeFileSync(join(outdir, file), text);
    inputs[file] = held;
  }
  writeFileSync(join(outdir, 'inputs.json'), JSON.stringify(inputs, null, 2) + '\n');
  if (!args.includes('--no-cache')) warmUp(outdir);
}
