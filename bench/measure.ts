import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as BundleLoader from '../src/cli/bundle-loader.js';
import type * as CompileModule from '../src/cli/commands/compile.js';

// One measurement per process, started cold the same way for every mode (`node measure.js MODE DIR`), so peak
// RSS belongs to what was measured and start-up and module loading count for both sides. The time reported is
// from process start (performance.now() counts from Node's time origin) minus only the loading of the reference
// output, which the floor needs to know what to write and the compile does not.
//
// The floor uses public libraries only: JSON.parse for JSON snapshots, js-yaml's load for YAML ones (and for
// the spec), js-yaml's dump for an output of the same size as the compile's (issue 14): the objects compile
// emitted, one document each, and the files of its tree that are not those objects (the report, the marker
// with its hashes, the Argo CD and kustomize files), each dumped as a YAML string.

type Mode = 'floor' | 'compile';

/** What the floor writes: the compile's objects, and the text of its other files (MIGPLAN_BENCH_DUMP). */
interface Reference {
  objects: unknown[];
  texts: string[];
}

const [mode, dir] = process.argv.slice(2) as [Mode, string];

function snapshotFiles(): string[] {
  const out: string[] = [];
  for (const c of readdirSync(join(dir, 'clusters'))) {
    for (const f of readdirSync(join(dir, 'clusters', c))) out.push(join(dir, 'clusters', c, f));
  }
  return out.sort();
}

// Pause time of every collection in this process (main thread), for the GC share printed beside the figures.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

let excluded = 0;
let outputBytes = 0;
if (mode === 'floor') {
  const { default: jsYaml } = await import('js-yaml');
  jsYaml.load(readFileSync(join(dir, 'migration.yaml'), 'utf8'));
  let objects = 0;
  for (const f of snapshotFiles()) {
    const text = readFileSync(f, 'utf8');
    const parsed = f.endsWith('.json')
      ? (JSON.parse(text) as { items?: unknown[] })
      : (jsYaml.load(text) as { items?: unknown[] });
    objects += parsed.items?.length ?? 0;
  }
  if (objects === 0) throw new Error('no snapshot objects');
  // Loaded after the snapshots, as a compile builds its output after reading them: holding it while they are
  // parsed would raise the floor's peak RSS with memory the compile does not hold then.
  const referenceStarted = performance.now();
  const reference = JSON.parse(readFileSync(join(dir, 'output.json'), 'utf8')) as Reference;
  excluded = performance.now() - referenceStarted;
  outputBytes =
    reference.objects.map((o) => jsYaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n')
      .length + reference.texts.map((t) => jsYaml.dump(t, { lineWidth: -1 })).join('---\n').length;
} else {
  // The bundle bin/migplan.js runs (scripts/bundle.mjs), loaded as it loads it (with the code cache), not the
  // tsc output: the code users start.
  const bundles = fileURLToPath(new URL('../bin/', import.meta.url));
  const { installBundleLoader } = createRequire(import.meta.url)(
    join(bundles, 'load.cjs'),
  ) as typeof BundleLoader;
  const { compileSpec } = (await installBundleLoader(bundles)(
    'cli-commands-compile',
  )) as typeof CompileModule;
  const r = await compileSpec('migration.yaml', {
    stdout: () => {},
    stderr: () => {},
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    isTTY: false,
    cwd: dir,
    env: {},
  });
  if (!r.result?.tree)
    throw new Error(
      `compile failed: ${JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error').slice(0, 3))}`,
    );
  outputBytes = [...r.result.tree.values()].reduce((n, s) => n + s.length, 0);
  if (process.env['MIGPLAN_BENCH_DUMP']) {
    const dumpStarted = performance.now();
    // Which files hold the objects, as `migplan diff` reads a tree (loaded here only: this run is not timed).
    const { holdsObjects } = await import('../src/emit/layout.js');
    const reference: Reference = {
      objects: 'manifests' in r.result ? (r.result.manifests?.map((m) => m.object) ?? []) : [],
      texts: [...r.result.tree].filter(([path]) => !holdsObjects(path)).map(([, text]) => text),
    };
    writeFileSync(join(dir, 'output.json'), JSON.stringify(reference));
    excluded = performance.now() - dumpStarted;
  }
}
const ms = performance.now() - excluded;
// Collections are reported to observers asynchronously: let the last ones arrive (after the time was taken).
await new Promise((resolve) => setTimeout(resolve, 0));
process.stdout.write(
  JSON.stringify({
    mode,
    ms,
    // CPU time of the whole process (start-up included): steadier than wall time on a shared machine.
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    gcMs,
    outputBytes,
  }) + '\n',
);
