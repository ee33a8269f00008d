import { load, JSON_SCHEMA } from 'js-yaml';
import { arr, cmp, isDict, obj, str } from '../../util/objects.js';
import { pushAll } from '../../util/arrays.js';

/**
 * The wave lock file (docs/waves.md, "Lock file"): which namespace is in which wave of each split plan, as the
 * last compile assigned them. `migplan compile` writes it next to the spec and the team commits it, as
 * package-lock.json, so the next compile keeps every assignment that is still valid instead of rebalancing.
 */
export interface LockedWave {
  number: number;
  /** Source namespaces, sorted. A closed wave keeps the namespaces it had when it was closed. */
  namespaces: string[];
  /** The wave lost all its namespaces: its MigPlan is emitted with spec.closed, and its number never reused. */
  closed?: boolean;
}

export interface LockedPlan {
  name: string;
  waves: LockedWave[];
}

export interface WaveLock {
  plans: LockedPlan[];
}

/** The first line of every lock file migplan writes: ownership is recorded, never guessed. */
export const LOCK_HEADER = '# migplan wave lock:';
const API_VERSION = 'migplan.dev/v1alpha1';
const KIND = 'WaveLock';

/** `migration.yaml` -> `migration.lock.yaml` (beside the spec); a name without .yaml/.yml gets `.lock.yaml`. */
export function lockFileName(specFile: string): string {
  const m = /^(.*)\.(ya?ml)$/i.exec(specFile);
  return m ? `${m[1] ?? ''}.lock.${m[2] ?? 'yaml'}` : `${specFile}.lock.yaml`;
}

/**
 * The lock's text, deterministic: plans by name, waves by number, namespaces sorted, every name JSON-quoted
 * (a namespace called `no` or `1e3` must stay a string for any YAML reader). No version or hash: the file
 * changes only when an assignment does.
 */
export function renderLock(lock: WaveLock, specFile: string): string {
  const lines = [
    `${LOCK_HEADER} which namespace is in which wave of ${specFile}, kept between compiles (docs/waves.md).`,
    '# Written by `migplan compile`; commit it with the spec. Do not edit it: mark waves done with split.done in',
    '# the spec, and rebalance with `migplan compile --rebalance`.',
    `apiVersion: ${API_VERSION}`,
    `kind: ${KIND}`,
  ];
  const plans = [...lock.plans].sort((a, b) => cmp(a.name, b.name));
  if (plans.length === 0) lines.push('plans: []');
  else lines.push('plans:');
  for (const p of plans) {
    lines.push(`  - name: ${JSON.stringify(p.name)}`);
    const waves = [...p.waves].sort((a, b) => a.number - b.number);
    if (waves.length === 0) lines.push('    waves: []');
    else lines.push('    waves:');
    for (const w of waves) {
      lines.push(`      - number: ${w.number}`);
      if (w.closed) lines.push('        closed: true');
      // One name a line: a moved namespace is a one-line diff, and merges of two branches rarely conflict.
      const names = [...w.namespaces].sort(cmp).map((n) => `          - ${JSON.stringify(n)}`);
      if (names.length === 0) lines.push('        namespaces: []');
      else {
        lines.push('        namespaces:');
        pushAll(lines, names);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export type ParsedLock =
  | { ok: true; lock: WaveLock }
  /** not-ours: no header, so migplan did not write it; malformed: ours, but edited or merged badly. */
  | { ok: false; reason: 'not-ours' | 'malformed'; why: string };

/** Reads a lock file's text back; anything but the exact shape renderLock writes is refused, with why. */
export function parseLock(text: string): ParsedLock {
  if (!text.startsWith(LOCK_HEADER))
    return { ok: false, reason: 'not-ours', why: `its first line is not "${LOCK_HEADER} …"` };
  const bad = (why: string): ParsedLock => ({ ok: false, reason: 'malformed', why });
  let doc: unknown;
  try {
    doc = load(text, { schema: JSON_SCHEMA });
  } catch (err) {
    const reason = (err as { reason?: unknown }).reason;
    return bad(`it is not YAML (${typeof reason === 'string' ? reason : 'unreadable'})`);
  }
  if (!isDict(doc) || doc['apiVersion'] !== API_VERSION || doc['kind'] !== KIND)
    return bad(`it is not apiVersion ${API_VERSION}, kind ${KIND}`);
  if (!Array.isArray(doc['plans'])) return bad('plans is not a list');
  const plans: LockedPlan[] = [];
  const planNames = new Set<string>();
  for (const [i, raw] of arr(doc['plans']).entries()) {
    const p = obj(raw);
    const name = str(p['name']);
    if (name === undefined || name === '') return bad(`plans[${i}] has no name`);
    if (planNames.has(name)) return bad(`plan "${name}" is listed twice`);
    planNames.add(name);
    if (!Array.isArray(p['waves'])) return bad(`plan "${name}": waves is not a list`);
    const waves: LockedWave[] = [];
    const numbers = new Set<number>();
    const seen = new Map<string, number>();
    for (const rawWave of arr(p['waves'])) {
      const w = obj(rawWave);
      const number = w['number'];
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1)
        return bad(`plan "${name}": a wave number is not a positive integer`);
      if (numbers.has(number)) return bad(`plan "${name}": wave ${number} is listed twice`);
      numbers.add(number);
      const closed = w['closed'];
      if (closed !== undefined && typeof closed !== 'boolean')
        return bad(`plan "${name}" wave ${number}: closed is not true or false`);
      const namespaces = arr(w['namespaces']);
      if (!Array.isArray(w['namespaces']) || namespaces.some((n) => typeof n !== 'string' || !n))
        return bad(`plan "${name}" wave ${number}: namespaces is not a list of names`);
      for (const n of namespaces as string[]) {
        const other = seen.get(n);
        // A closed wave's namespaces are history; only open and done waves hold a namespace now.
        if (other !== undefined && !closed)
          return bad(`plan "${name}": namespace "${n}" is in waves ${other} and ${number}`);
        if (!closed) seen.set(n, number);
      }
      waves.push({
        number,
        namespaces: [...(namespaces as string[])].sort(cmp),
        ...(closed ? { closed: true } : {}),
      });
    }
    plans.push({ name, waves: waves.sort((a, b) => a.number - b.number) });
  }
  return { ok: true, lock: { plans: plans.sort((a, b) => cmp(a.name, b.name)) } };
}
