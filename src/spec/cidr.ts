/** An IPv4 or IPv6 CIDR as a number range, for containment and overlap (not string equality). */
export interface Cidr {
  family: 4 | 6;
  /** First address of the block. */
  base: bigint;
  prefix: number;
}

const bits = (c: Cidr) => (c.family === 4 ? 32 : 128);

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined) => (h ? h.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let n = 0n;
  for (const g of [
    ...head,
    ...Array<string>(halves.length === 2 ? missing : 0).fill('0'),
    ...tail,
  ]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(`0x${g}`);
  }
  return n;
}

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n`; host bits are masked off, as the firewalls do. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.split('/');
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d{1,3}$/.test(len)) {
    return undefined;
  }
  const family = addr.includes(':') ? 6 : 4;
  const value = family === 4 ? parseV4(addr) : parseV6(addr);
  const prefix = Number(len);
  const width = family === 4 ? 32 : 128;
  if (value === undefined || prefix > width) return undefined;
  const host = (1n << BigInt(width - prefix)) - 1n;
  return { family, base: value & ~host, prefix };
}

const last = (c: Cidr) => c.base + (1n << BigInt(bits(c) - c.prefix)) - 1n;

/** Every address of `inner` is in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    inner.base >= outer.base &&
    last(inner) <= last(outer)
  );
}

/** Some address is in both. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.base <= last(b) && b.base <= last(a);
}
