/** A value a CLI option parser refuses; commander reports its message as a usage error (main.ts). */
export class InvalidValueError extends Error {}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Longest accepted duration: a bound that still ends a run the same day. */
const MAX_MS = 24 * 3_600_000;

/**
 * Parses a duration as kubectl's --request-timeout reads it (Go's time.ParseDuration: "500ms", "30s", "1m30s",
 * "2h"; a bare number is seconds). Zero, which kubectl takes as "no timeout", is refused: every read is bounded.
 */
export function parseDuration(text: string): number {
  const t = text.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(t)) ms = Number(t) * 1000;
  else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) {
    ms = 0;
    for (const [, n, unit] of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
      ms += Number(n) * (UNIT_MS[unit ?? 's'] ?? 1000);
  } else
    throw new InvalidValueError(
      `"${text}" is not a duration; write it like 30s, 1m30s, 500ms or 2h.`,
    );
  ms = Math.round(ms);
  if (ms <= 0)
    throw new InvalidValueError('a timeout must be longer than 0 (reads are always bounded).');
  if (ms > MAX_MS) throw new InvalidValueError('a timeout can be at most 24h.');
  return ms;
}
