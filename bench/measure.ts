import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';
import { writeYaml } from '../src/emit/yaml-writer.js';
import { loadAllYaml } from '../src/parse/bulk-yaml.js';
import { compileSpec } from '../src/cli/commands/compile.js';
import type { CliIO } from '../src/cli/io.js';

// One measurement per process, so peak RSS belongs to what was measured.
const [mode, dir] = process.argv.slice(2) as ['floor' | 'floor-js-yaml' | 'compile', string];
const io: CliIO = {
  stdout: () => {},
  stderr: () => {},
  readStdin: () => Promise.resolve(Buffer.alloc(0)),
  isTTY: false,
  cwd: dir,
  env: {},
};

function snapshotFiles(): string[] {
  const out: string[] = [];
  for (const c of readdirSync(join(dir, 'clusters'))) {
    for (const f of readdirSync(join(dir, 'clusters', c))) out.push(join(dir, 'clusters', c, f));
  }
  return out.sort();
}

// The objects compile emitted, loaded before the clock starts: the floor serializes the same output.
const reference =
  mode === 'compile'
    ? []
    : (JSON.parse(readFileSync(join(dir, 'output.json'), 'utf8')) as unknown[]);
const jsYamlLoad = (text: string) => jsYaml.loadAll(text, null, { schema: jsYaml.CORE_SCHEMA });
const started = performance.now();
let outputBytes = 0;
if (mode !== 'compile') {
  // The floor: the fastest YAML parser over the same inputs (migplan's block-YAML reader, js-yaml where it
  // declines), plus serializing the same output. The spec is an input too, read with `yaml` as the design
  // requires (its diagnostics need source positions).
  const load = mode === 'floor' ? loadAllYaml : jsYamlLoad;
  parseDocument(readFileSync(join(dir, 'migration.yaml'), 'utf8'), {
    lineCounter: new LineCounter(),
  });
  let objects = 0;
  for (const f of snapshotFiles()) objects += load(readFileSync(f, 'utf8')).length;
  // The fastest serializer available: our own writer beats js-yaml's dump, so the floor uses it too.
  outputBytes = writeYaml(reference).length;
  if (objects === 0) throw new Error('no snapshot objects');
} else {
  const r = await compileSpec('migration.yaml', io);
  if (!r.result?.tree)
    throw new Error(
      `compile failed: ${JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error').slice(0, 3))}`,
    );
  outputBytes = [...r.result.tree.values()].reduce((n, s) => n + s.length, 0);
  if (process.env['MIGPLAN_BENCH_DUMP'])
    writeFileSync(
      join(dir, 'output.json'),
      JSON.stringify(r.result.manifests?.map((m) => m.object)),
    );
}
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({ mode, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, outputBytes }) +
    '\n',
);
