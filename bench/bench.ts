import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLargeCluster, LARGE } from './generate.js';
import { measureDiscovery } from './discovery.js';

interface Sample {
  mode: string;
  ms: number;
  maxRssMiB: number;
  outputBytes: number;
}

const measure = fileURLToPath(new URL('./measure.js', import.meta.url));
const runs = Number(process.env['MIGPLAN_BENCH_RUNS'] ?? 7);

function sample(
  mode: 'floor' | 'floor-js-yaml' | 'compile',
  dir: string,
  env: Record<string, string> = {},
): Sample {
  const out = execFileSync(process.execPath, [measure, mode, dir], {
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
  }).toString();
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const dir = mkdtempSync(join(tmpdir(), 'migplan-bench-'));
try {
  generateLargeCluster(dir);
  const inputBytes = readdirSync(join(dir, 'clusters'))
    .flatMap((c) =>
      readdirSync(join(dir, 'clusters', c)).map((f) => statSync(join(dir, 'clusters', c, f)).size),
    )
    .reduce((a, b) => a + b, 0);
  sample('compile', dir, { MIGPLAN_BENCH_DUMP: '1' }); // warm-up run that also records the output for the floor
  // Interleaved pairs: on a shared VM the load drifts, and compile and floor should see the same conditions.
  const compiles: Sample[] = [];
  const floors: Sample[] = [];
  const jsYamlFloors: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    compiles.push(sample('compile', dir));
    floors.push(sample('floor', dir));
    jsYamlFloors.push(sample('floor-js-yaml', dir));
  }
  const compileMs = median(compiles.map((s) => s.ms));
  const floorMs = median(floors.map((s) => s.ms));
  const jsYamlFloorMs = median(jsYamlFloors.map((s) => s.ms));
  const rss = Math.max(...compiles.map((s) => s.maxRssMiB));
  const ratio = median(compiles.map((s, i) => s.ms / (floors[i]?.ms ?? s.ms)));
  const ok = compileMs < 1500 && ratio <= 2 && rss < 400;
  console.log(
    `synthetic cluster: ${LARGE.namespaces} namespaces, ${LARGE.namespaces * LARGE.pvcsPerNamespace} PVCs/PVs, ${LARGE.namespaces * LARGE.podsPerNamespace} pods, ${LARGE.sccGrants} SCC/RBAC grants; ${(inputBytes / 1048576).toFixed(1)} MiB of snapshot YAML`,
  );
  console.log(
    `compile (median of ${runs}, fastest ${Math.min(...compiles.map((c) => c.ms)).toFixed(0)} ms): ${compileMs.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MiB, ${((compiles[0]?.outputBytes ?? 0) / 1048576).toFixed(2)} MiB of output`,
  );
  console.log(
    `floor (reading the spec with yaml and the snapshots with the fastest parser, migplan's block-YAML reader, + writing the output): ${floorMs.toFixed(0)} ms`,
  );
  console.log(
    `  the same floor with js-yaml for the snapshots (the fastest general-purpose parser): ${jsYamlFloorMs.toFixed(0)} ms; compile/that ${(compileMs / jsYamlFloorMs).toFixed(2)}x`,
  );
  console.log(
    `ratio compile/floor (median of interleaved pairs): ${ratio.toFixed(2)}x   (targets: <= 2x, < 1500 ms, < 400 MiB)  ${ok ? 'OK' : 'MISSED'}`,
  );
  const d = await measureDiscovery(join(dir, 'clusters', 'src'), 20);
  const pages =
    18 +
    Math.ceil((LARGE.namespaces * LARGE.podsPerNamespace) / 500) -
    1 +
    Math.ceil((LARGE.namespaces * LARGE.pvcsPerNamespace) / 500) * 2 -
    2;
  console.log(
    `live discovery (fixture API server, 20 ms per request): ${d.ours.ms.toFixed(0)} ms, ${d.ours.requests} requests (one LIST per kind per page: ${pages} pages + 2 discovery)`,
  );
  let discoveryOk = d.ours.requests <= pages + 2;
  if (d.kubectl) {
    const ratioK = d.ours.ms / d.kubectl.ms;
    console.log(
      `kubectl get <same kinds> -A -o json --chunk-size=500: ${d.kubectl.ms.toFixed(0)} ms, ${d.kubectl.requests} requests`,
    );
    console.log(
      `ratio ours/kubectl:            ${ratioK.toFixed(2)}x   (target: <= 0.5x)  ${ratioK <= 0.5 ? 'OK' : 'MISSED'}`,
    );
    discoveryOk &&= ratioK <= 0.5;
  } else console.log('kubectl not found: ratio to kubectl not measured');
  process.exitCode = ok && discoveryOk ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
