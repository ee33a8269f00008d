// Bundles the CLI into dist/bin/ (run by `npm run build` and by `prepare`, so `npm ci` builds it): one ES module
// per command plus shared chunks, so `migplan validate` loads a handful of files instead of ~150 (module
// resolution and loading were most of its start-up; issue 14). Built from src/ with esbuild; bin/migplan.js
// imports dist/bin/migplan.js. `node scripts/bundle.mjs DIR` writes the bundle to DIR instead.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * commander requires node:child_process at load (only for executable subcommands, which migplan has none of),
 * which pulls in net, dgram and streams: ~3% of validate's start-up. Loaded on first use instead.
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

export const bundleOptions = (outdir) => ({
  absWorkingDir: root,
  // compile-api: compileSpec for the bench (bench/measure.ts), which times the code the CLI runs.
  entryPoints: { migplan: 'src/cli/bin.ts', 'compile-api': 'src/cli/commands/compile.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded only for --from live, and large.
  external: ['@kubernetes/client-node'],
  // Bundled CommonJS packages (commander, handlebars) call require() for Node built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [lazyChildProcess],
  logLevel: 'warning',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = resolve(root, process.argv[2] ?? 'dist/bin');
  // Chunk names carry content hashes: without this, chunks of earlier builds would pile up.
  rmSync(outdir, { recursive: true, force: true });
  await build(bundleOptions(outdir));
}
