/** A mapping read from YAML or JSON, before its shape is known. */
export type Dict = Record<string, unknown>;

/** A mapping (not null, not a list). */
export const isDict = (v: unknown): v is Dict =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** `v` if it is a mapping, else an empty one: reads of untrusted objects never throw. */
export const obj = (v: unknown): Dict => (isDict(v) ? v : {});

/** `v` if it is a list, else an empty one. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `v` if it is a string. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** UTF-16 code-unit order. Not localeCompare: output must not depend on the machine's locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Like cmp, but runs of digits compare as numbers, so wave `plan-2` sorts before `plan-10`. Equal numbers
 * written differently (`07`, `7`) fall back to cmp, so the order stays total.
 */
export function cmpNatural(a: string, b: string): number {
  const as = a.split(/(\d+)/);
  const bs = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    // split() with a capture group puts the digit runs at the odd indices.
    const d = i % 2 === 1 ? Number(as[i]) - Number(bs[i]) : cmp(as[i]!, bs[i]!);
    if (d !== 0) return d;
  }
  return as.length - bs.length || cmp(a, b);
}

/** Sorts named things by name. */
export const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  cmp(a.name, b.name);

/** Sorts `[key, value]` entries (of an object or a Map) by key. */
export const byKey = <T>(a: readonly [string, T], b: readonly [string, T]): number =>
  cmp(a[0], b[0]);
