import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../src/plan/types.js';
import { runCli } from './helpers/cli.js';
import {
  estimateTransfer,
  formatDuration,
  parseBitRate,
  parseDurationSeconds,
} from '../src/plan/waves/estimate.js';
import type { Estimate, MigrationStep } from '../src/spec/spec.js';
import { scratchDir } from './helpers/tmp.js';

// The estimate arithmetic, worked by hand (docs/waves.md, Estimates). Bandwidth is SI bits (1Gbps = 10^9 bit/s
// = 125,000,000 bytes/s); data is bytes from Kubernetes quantities (1Gi = 2^30 = 1,073,741,824 bytes).

describe('bandwidth: SI bit rates', () => {
  it.each([
    ['1Gbps', 1e9],
    ['500Mbps', 5e8],
    ['2.5Gbps', 2.5e9],
    ['10kbps', 1e4],
    ['10Kbps', 1e4],
    ['1Tbps', 1e12],
    ['800bps', 800],
    ['1GBps', undefined], // bytes per second: not a link rate
    ['1Gibps', undefined], // binary prefixes: links are never quoted so
    ['0Gbps', undefined],
    ['1 Gbps', undefined],
    ['Gbps', undefined],
  ])('%s -> %s bit/s', (text, bits) => expect(parseBitRate(text)).toBe(bits));
});

describe('durations: Go time.ParseDuration units h, m, s', () => {
  it.each([
    ['5m', 300],
    ['1h30m', 5400],
    ['90s', 90],
    ['1.5h', 5400],
    ['2h0m30s', 7230],
    ['2d', undefined],
    ['', undefined],
    ['5', undefined],
  ])('%s -> %s s', (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));

  it.each([
    [45, '45s'],
    [59.2, '1m'],
    [386, '6m 26s'],
    [3600, '1h'],
    [5400, '1h 30m'],
  ])('%s s is written %s', (s, text) => expect(formatDuration(s)).toBe(text));
});

const GiB = 2 ** 30;
const cutoverOnly: MigrationStep[] = [{ name: 'cutover', type: 'cutover' }];
const staged: MigrationStep[] = [
  { name: 'stage', type: 'stage' },
  { name: 'cutover', type: 'cutover' },
];

describe('estimateTransfer, by hand', () => {
  // [case, bytes, estimate, steps, rate B/s, stage s, cutover bytes, downtime s, exceeds]
  const rows: [
    string,
    number,
    Estimate,
    MigrationStep[],
    number,
    number,
    number,
    number,
    boolean,
  ][] = [
    [
      // 100 GiB = 107,374,182,400 B at 125,000,000 B/s = 858.99 s; no stage, so the cutover copies it all;
      // + 300 s quiesce (default 5m).
      '100 GiB, 1Gbps, no stage',
      100 * GiB,
      { bandwidth: '1Gbps' },
      cutoverOnly,
      125e6,
      858.993459,
      100 * GiB,
      1158.993459,
      false,
    ],
    [
      // After a stage the cutover copies changeRate 0.1 (default): 10,737,418,240 B = 85.90 s; + 300 s.
      '100 GiB, 1Gbps, stage first',
      100 * GiB,
      { bandwidth: '1Gbps' },
      staged,
      125e6,
      858.993459,
      10 * GiB,
      385.899346,
      false,
    ],
    [
      // Efficiency 0.5: 62,500,000 B/s. 200 GiB = 214,748,364,800 B: 3,435.97 s. changeRate 0.2: 42,949,672,960 B
      // = 687.19 s; + 600 s quiesce = 1,287.19 s > 900 s.
      '200 GiB, 1Gbps at 50%, stage, 20% change, 10m quiesce, 15m window',
      200 * GiB,
      {
        bandwidth: '1Gbps',
        efficiency: 0.5,
        changeRate: 0.2,
        quiesce: '10m',
        maxDowntime: '15m',
      },
      staged,
      62.5e6,
      3435.973837,
      40 * GiB,
      1287.194767,
      true,
    ],
    [
      // 10Gbps at 80% = 1,000,000,000 B/s; 1 TiB = 1,099,511,627,776 B: 1,099.51 s.
      '1 TiB, 10Gbps at 80%, no stage, 2h window',
      1024 * GiB,
      { bandwidth: '10Gbps', efficiency: 0.8, maxDowntime: '2h' },
      cutoverOnly,
      1e9,
      1099.511628,
      1024 * GiB,
      1399.511628,
      false,
    ],
  ];
  it.each(rows)('%s', (_, bytes, estimate, steps, rate, stage, cutoverBytes, downtime, exceeds) => {
    const e = estimateTransfer(bytes, estimate, steps);
    expect(e?.bytesPerSecond).toBe(rate);
    expect(e?.stageSeconds).toBeCloseTo(stage, 5);
    expect(e?.cutoverBytes).toBeCloseTo(cutoverBytes, 0);
    expect(e?.downtimeSeconds).toBeCloseTo(downtime, 5);
    expect(e?.exceeds).toBe(exceeds);
    expect(e?.suggestion !== undefined).toBe(exceeds);
  });

  it('suggests a stage migration when the cutover copies everything and overruns the window', () => {
    const e = estimateTransfer(100 * GiB, { bandwidth: '1Gbps', maxDowntime: '10m' }, cutoverOnly);
    // 1,158.99 s > 600 s; with a stage: 10 GiB in 85.90 s + 300 s = 385.90 s, written 6m 26s.
    expect(e?.exceeds).toBe(true);
    expect(e?.suggestion).toBe(
      'add a stage migration before the cutover: the cutover then copies only the changes (about 10 GiB) and the downtime is about 6m 26s',
    );
  });

  it('with a stage already, suggests the data a wave may hold to fit the window', () => {
    // Room at the cutover: (900 - 600) s x 62,500,000 B/s = 18,750,000,000 B, of which 20% is copied:
    // 93,750,000,000 B = 87.3 GiB per wave.
    const e = estimateTransfer(
      200 * GiB,
      { bandwidth: '1Gbps', efficiency: 0.5, changeRate: 0.2, quiesce: '10m', maxDowntime: '15m' },
      staged,
    );
    expect(e?.suggestion).toBe(
      'run another stage migration right before the cutover to shrink the delta, or lower split.maxData to about 87.3 GiB per wave',
    );
  });

  it('a stage after the cutover (a rollback rehearsal) does not count as staged', () => {
    const e = estimateTransfer(10 * GiB, { bandwidth: '1Gbps' }, [
      { name: 'cutover', type: 'cutover' },
      { name: 'stage', type: 'stage' },
    ]);
    expect(e?.stagedBeforeCutover).toBe(false);
    expect(e?.cutoverBytes).toBe(10 * GiB);
  });
});

describe('estimates through the CLI (examples/waves-many-namespaces)', () => {
  const example = join(import.meta.dirname, '..', 'examples', 'waves-many-namespaces');
  let dir = '';
  beforeEach(() => {
    dir = scratchDir('migplan-estimate-');
    cpSync(example, dir, { recursive: true, filter: (f) => !f.includes('expected') });
  });

  it('the report has a row per wave; a cutover over maxDowntime is MP4109 with the suggestion', async () => {
    const spec = readFileSync(join(dir, 'migration.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'migration.yaml'),
      spec.replace('maxDowntime: 30m', 'maxDowntime: 12m'),
    );
    const r = await runCli(['report', 'migration.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const plan = (JSON.parse(r.stdout) as { plan: MigrationPlan }).plan;
    // 1Gbps at 70% = 87,500,000 B/s; each wave's cutover copies 10% after its stage, then 10m quiesce.
    for (const p of plan.plans) {
      const e = p.estimate;
      expect(e?.bytesPerSecond).toBe(87.5e6);
      expect(e?.stageSeconds).toBeCloseTo(p.totals.copiedBytes / 87.5e6, 6);
      expect(e?.downtimeSeconds).toBeCloseTo((p.totals.copiedBytes * 0.1) / 87.5e6 + 600, 6);
      expect(e?.exceeds).toBe((e?.downtimeSeconds ?? 0) > 720);
    }
    const over = plan.plans.filter((p) => p.estimate?.exceeds).map((p) => p.plan.name);
    expect(over.length).toBeGreaterThan(0);
    const md = await runCli(['report', 'migration.yaml'], { cwd: dir });
    expect(md.stdout).toContain('## Estimates');
    expect(md.stdout).toContain('(estimated: stage copy, then cutover downtime)');
    const compiled = await runCli(['compile', 'migration.yaml'], { cwd: dir });
    const warnings = compiled.stderr.split('\n').filter((l) => l.includes('MP4109'));
    expect(warnings).toHaveLength(over.length);
    expect(compiled.stderr).toContain('warning MP4109');
    expect(compiled.stderr).toContain('lower split.maxData to about');
  });
});
