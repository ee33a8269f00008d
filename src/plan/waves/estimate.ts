import type { Estimate, MigrationStep } from '../../spec/spec.js';
import { formatBytes } from '../quantity.js';

/**
 * Transfer-time estimates per plan or wave (docs/waves.md, "Estimates"). Units:
 * - bandwidth: SI bit rates, as network links are quoted: `bps`, `kbps` (also `Kbps`), `Mbps`, `Gbps`, `Tbps`,
 *   each 1000 times the one before (1Gbps = 10^9 bit/s = 125,000,000 bytes/s). Not Kubernetes quantities:
 *   a link is never quoted in binary units.
 * - data: bytes from Kubernetes quantities (the PVs' capacity: `Gi` = 2^30, `G` = 10^9; src/plan/quantity.ts).
 * - durations (quiesce, maxDowntime): Go's time.ParseDuration units as kubectl takes them: `h`, `m`, `s`
 *   (`1h30m`, `90s`).
 *
 * The model: rsync copies at bandwidth x efficiency. A stage migration copies everything (the capacity of the
 * PVs it copies: an upper bound, as filesystem copies move only what is used); a cutover after a stage copies the
 * final delta (changeRate of the data), a cutover without one copies everything; downtime is that final copy
 * plus quiesce (scale-down, restore of resources, start on the target).
 */

export const estimateDefaults = { efficiency: 1, changeRate: 0.1, quiesce: '5m' } as const;

const BIT_UNITS: Record<string, number> = {
  bps: 1,
  kbps: 1e3,
  Kbps: 1e3,
  Mbps: 1e6,
  Gbps: 1e9,
  Tbps: 1e12,
};

/** Bits per second of "1Gbps", "500Mbps", "2.5Gbps"; undefined when not one. */
export function parseBitRate(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]+)$/.exec(text.trim());
  const factor = m ? BIT_UNITS[m[2] ?? ''] : undefined;
  if (!m || factor === undefined) return undefined;
  const v = Number(m[1]) * factor;
  return v > 0 ? v : undefined;
}

const SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** Seconds of "1h30m", "45m", "90s" (Go time.ParseDuration units h, m, s); undefined when not one. */
export function parseDurationSeconds(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?[hms])+$/.test(t)) return undefined;
  let s = 0;
  for (const [, n, unit] of t.matchAll(/(\d+(?:\.\d+)?)([hms])/g))
    s += Number(n) * (SECONDS[unit ?? 's'] ?? 1);
  return s;
}

/** "2h 5m", "45s": how the report writes a duration. */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h === 0) return rest ? `${m}m ${rest}s` : `${m}m`;
  return m ? `${h}h ${m}m` : `${h}h`;
}

export interface TransferEstimate {
  /** Data the plan's copied PVs hold at most (their capacity). */
  bytes: number;
  /** bandwidth x efficiency, in bytes per second. */
  bytesPerSecond: number;
  /** A stage migration: everything, at that rate. */
  stageSeconds: number;
  /** A stage migration runs before the cutover in the plan's sequence. */
  stagedBeforeCutover: boolean;
  /** What the cutover copies: the final delta after a stage, else everything. */
  cutoverBytes: number;
  cutoverCopySeconds: number;
  quiesceSeconds: number;
  /** cutoverCopySeconds + quiesceSeconds: how long the applications are down. */
  downtimeSeconds: number;
  maxDowntimeSeconds?: number;
  /** downtime > maxDowntime. */
  exceeds: boolean;
  /** What to do when it exceeds, in words. */
  suggestion?: string;
}

/** Whether a stage step comes before the first cutover (MigMigration stage: true, then quiescePods cutover). */
export function stagedBeforeCutover(steps: readonly MigrationStep[]): boolean {
  const cutover = steps.findIndex((s) => s.type === 'cutover');
  return steps.some((s, i) => s.type === 'stage' && (cutover < 0 || i < cutover));
}

/** The estimate for `bytes` of data under `estimate`; undefined when the bandwidth does not parse. */
export function estimateTransfer(
  bytes: number,
  estimate: Estimate,
  steps: readonly MigrationStep[],
): TransferEstimate | undefined {
  const bits = parseBitRate(estimate.bandwidth);
  if (bits === undefined) return undefined;
  const efficiency = estimate.efficiency ?? estimateDefaults.efficiency;
  const changeRate = estimate.changeRate ?? estimateDefaults.changeRate;
  const rate = (bits / 8) * efficiency;
  const staged = stagedBeforeCutover(steps);
  const cutoverBytes = staged ? bytes * changeRate : bytes;
  const quiesce = parseDurationSeconds(estimate.quiesce ?? estimateDefaults.quiesce) ?? 0;
  const cutoverCopySeconds = cutoverBytes / rate;
  const downtime = cutoverCopySeconds + quiesce;
  const max =
    estimate.maxDowntime !== undefined ? parseDurationSeconds(estimate.maxDowntime) : undefined;
  const exceeds = max !== undefined && downtime > max;
  const out: TransferEstimate = {
    bytes,
    bytesPerSecond: rate,
    stageSeconds: bytes / rate,
    stagedBeforeCutover: staged,
    cutoverBytes,
    cutoverCopySeconds,
    quiesceSeconds: quiesce,
    downtimeSeconds: downtime,
    exceeds,
  };
  if (max !== undefined) out.maxDowntimeSeconds = max;
  if (exceeds && max !== undefined) {
    // The data a window of `max` can take at the cutover: (max - quiesce) x rate, of which changeRate is copied.
    const room = Math.max(0, max - quiesce) * rate;
    const fits = room / changeRate;
    out.suggestion = !staged
      ? `add a stage migration before the cutover: the cutover then copies only the changes (about ${formatBytes(bytes * changeRate)}) and the downtime is about ${formatDuration((bytes * changeRate) / rate + quiesce)}`
      : room <= 0
        ? `quiesce alone (${formatDuration(quiesce)}) exceeds the window: raise maxDowntime`
        : `run another stage migration right before the cutover to shrink the delta, or lower split.maxData to about ${formatBytes(fits)} per wave`;
  }
  return out;
}
