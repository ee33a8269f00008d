import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/render/types.js';
import { verify, type VerifyContext } from '../../src/verify/verify.js';
import { ctx } from './mtc-objects.js';

/** One verify() diagnostic of the MTC/Velero admission check, its message taken apart. */
export interface Fired {
  code: string;
  /** "<Kind> <namespace>/<name>" or "<Kind> <name>". */
  object: string;
  cluster: string;
  category: string;
  condition: string;
  why: string;
  upstream: string;
}

export const MESSAGE =
  /^(\S+ \S+) on (\S+) (?:would get (\S+) condition (\S+)|would be put in (phase) (\S+)): (.*) \[([^[\]]*)\]$/s;

/** verify()'s diagnostics of `ms`, each an error whose message parses. */
export function fired(ms: Manifest[], c: VerifyContext = ctx): Fired[] {
  return verify(ms, c).map((d) => {
    const m = MESSAGE.exec(d.message);
    if (!m) throw new Error(`unparsed message: ${d.message}`);
    expect(d.severity).toBe('error');
    return {
      code: d.code,
      object: m[1] ?? '',
      cluster: m[2] ?? '',
      category: m[3] ?? m[5] ?? '',
      condition: m[4] ?? m[6] ?? '',
      why: m[7] ?? '',
      upstream: m[8] ?? '',
    };
  });
}

/** A row of the verify rows tables: objects, and what verify() must say of them. */
export interface VerifyRow<Want> {
  name: string;
  /** The upstream rule the expectation is read from. */
  cite: string;
  objects: Manifest[];
  want: Want[];
  /** The upstream stops at its first finding; the port reports each: require `want`, not only `want`. */
  some?: true;
}

/** `rows(name, list)` is a describe of one `$name ($cite)` test per row, each run through `check`. */
export const rowsOf =
  <Row extends { name: string; cite: string }>(check: (row: Row) => void) =>
  (name: string, list: Row[]) =>
    describe(name, () => {
      it.each(list)('$name ($cite)', (row) => check(row));
    });
