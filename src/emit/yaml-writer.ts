/**
 * A YAML emitter for plain JSON data (what manifests are), in block style with 2-space indents and sequences
 * indented under their key, like kubectl. It exists because the generic emitters spend most of a large
 * compile deciding scalar styles; here a string is plain only when it provably reads back as the same string
 * under YAML 1.1 and 1.2 (kubectl's parser is 1.1), and double-quoted (JSON escaping, valid YAML) otherwise.
 */
export function writeYaml(value: unknown): string {
  plainCache.clear();
  out = '';
  writeNode(value, 0, false);
  const text = out;
  out = '';
  // The root has no key before it: drop the separator writeNode puts after a key.
  return text.charCodeAt(0) === 10 || text.charCodeAt(0) === 32 ? text.slice(1) : text;
}

// The document being written. Appending to one string (V8 joins the pieces lazily) allocates far less than
// collecting parts in an array: this writer runs over every object of a compile (issue 14, GC share).
let out = '';

const pads: string[] = [];
const padOf = (indent: number): string => (pads[indent] ??= ' '.repeat(indent));

/** Whether an object has a defined value (undefined values are left out, as JSON.stringify does). */
function hasDefined(o: Record<string, unknown>): boolean {
  for (const k of Object.keys(o)) if (o[k] !== undefined) return true;
  return false;
}

function writeNode(value: unknown, indent: number, inSequence: boolean): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out += ' []\n';
      return;
    }
    if (!inSequence) out += '\n';
    const dash = padOf(indent) + '- ';
    for (let i = 0; i < value.length; i++) {
      out += i === 0 && inSequence ? '- ' : dash;
      writeItem(value[i], indent + 2);
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (!hasDefined(o)) {
      out += ' {}\n';
      return;
    }
    if (!inSequence) out += '\n';
    const pad = padOf(indent);
    let first = true;
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (v === undefined) continue;
      if (!(first && inSequence)) out += pad;
      first = false;
      out += scalarKey(k) + ':';
      writeValue(v, indent);
    }
    return;
  }
  out += ' ' + scalar(value) + '\n';
}

/** A mapping value after `key:`: scalars inline, collections on the next lines. */
function writeValue(v: unknown, indent: number): void {
  if (v !== null && typeof v === 'object') writeNode(v, indent + 2, false);
  else out += ' ' + scalar(v) + '\n';
}

/** A sequence item after `- `: mappings continue on the same line, nested sequences too. */
function writeItem(item: unknown, indent: number): void {
  if (Array.isArray(item)) {
    if (item.length === 0) out += '[]\n';
    else writeNode(item, indent, true);
  } else if (item !== null && typeof item === 'object') {
    if (!hasDefined(item as Record<string, unknown>)) out += '{}\n';
    else writeNode(item, indent, true);
  } else out += scalar(item) + '\n';
}

// Manifests repeat a few strings thousands of times; remember each verdict for the current document.
const plainCache = new Map<string, boolean>();

function plainSafeCached(s: string): boolean {
  let verdict = plainCache.get(s);
  if (verdict === undefined) {
    verdict = isPlainSafe(s);
    plainCache.set(s, verdict);
  }
  return verdict;
}

function scalarKey(k: string): string {
  return plainSafeCached(k) ? k : JSON.stringify(k);
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return JSON.stringify(String(v));
    const n = String(v);
    // YAML 1.1 floats need a dot before the exponent ("1e+21" would read back as a string).
    return /e/i.test(n) && !n.includes('.') ? n.replace(/e/i, '.0e') : n;
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return plainSafeCached(s) ? s : JSON.stringify(s);
}

// Words YAML 1.1 or 1.2 would read as booleans or null, in any case.
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
// Anything a YAML 1.1/1.2 resolver might take for a number, date, or special float.
const NUMBERISH =
  /^[-+]?(?:[0-9][0-9_:]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|\.[0-9_]+(?:e[-+]?[0-9]+)?|0x[0-9a-f_]+|0o?[0-7_]+|0b[01_]+|\.inf|\.nan)$/i;
const DATEISH = /^\d{4}-\d\d?-\d\d?/;
const SAFE_CHARS = /^[A-Za-z0-9_./\-+=$()^;]+(?:[ ,:@][A-Za-z0-9_./\-+=$()^;]+)*$/;

/** Plain only when unambiguous: no indicators, no `: ` or ` #`, not a keyword, number or date. */
export function isPlainSafe(s: string): boolean {
  if (s.length === 0 || s.length > 1024) return false;
  if (!SAFE_CHARS.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false;
  if (RESERVED.test(s) || NUMBERISH.test(s) || DATEISH.test(s) || /^[-+0-9._:]+$/.test(s))
    return false;
  if (/^[-+]?[0-9._]*[eE][-+]?[0-9_]*$/.test(s)) return false; // exponent-only forms some 1.1 resolvers read as floats
  return true;
}
