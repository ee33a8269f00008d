import type { Diagnostic } from './diagnostic.js';

/**
 * Text that came from the user's input (spec values, file contents, server replies) is shown only through
 * these helpers: credentials are masked and characters a terminal would act on are escaped, so a message
 * or code frame can neither leak a password into a CI log nor rewrite the user's screen.
 */

/** Query (or fragment) parameters whose value is a credential: tokens, passwords, keys and signatures. */
const credentialParamPart =
  /token|secret|passw(?:or)?d|pwd|signature|credential|api[-_]?key|access[-_]?key|private[-_]?key|auth|session/i;
const credentialParamName = /^(?:sig|key|pass|pw|code)$/i;

export function isCredentialParam(name: string): boolean {
  const decoded = decodeSafely(name);
  return credentialParamPart.test(decoded) || credentialParamName.test(decoded);
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `scheme://user:password@` (or `scheme://token@`). */
const schemeUserinfo = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;
/**
 * Schemeless `user:password@host`, as in a registry path: a host must follow the @. An image digest
 * (`name:tag@sha256:...`) has the same shape, so `@algorithm:` is left alone.
 */
const barePasswordUserinfo =
  /(^|[\s"'=,;(<[{])[^\s/?#@"':=,;(<[{]+:[^\s/?#@"'<>]*@(?=[a-z0-9[])(?!(?:sha256|sha384|sha512|blake3):)/gi;
/** `?name=value`, `&name=value`, `;name=value` and `#name=value`: the value of a credential parameter. */
const queryParam = /([?&;#])([^=&\s?#;"']+)=([^&\s#;"'<>)\]]*)/g;

/** `name=value` and `"name": "value"` whose name is a credential, outside a URL query too. */
const credentialWord = '[\\w.-]*(?:token|passw|secret|api[-_]?key|credential)[\\w.-]*';
const jsonCredential = new RegExp(`("${credentialWord}"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi');
const assignedCredential = new RegExp(
  `(^|[\\s,({[])(${credentialWord})=([^\\s&;,"'<>)}\\]]+)`,
  'gi',
);

/**
 * Masks credentials in free text (messages, server URLs, what a server or plugin sent back): URL userinfo,
 * schemeless `user:password@`, credential query parameters and `name=value` / JSON pairs, `Authorization`
 * schemes, OpenShift `sha256~` tokens and JWTs.
 */
export function maskCredentials(s: string): string {
  return s
    .replace(schemeUserinfo, '$1***@')
    .replace(barePasswordUserinfo, '$1***@')
    .replace(queryParam, (whole, sep: string, name: string, value: string) =>
      // A value masked already (`***`, maybe followed by the text around it) stays as it is.
      value !== '' && !value.startsWith('***') && isCredentialParam(name)
        ? `${sep}${name}=***`
        : whole,
    )
    .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1***')
    .replace(/\b(Basic\s+)[A-Za-z0-9+/]{8,}=*/g, '$1***')
    .replace(jsonCredential, '$1***"')
    .replace(assignedCredential, (whole, lead: string, name: string, value: string) =>
      value.startsWith('***') ? whole : `${lead}${name}=***`,
    )
    .replace(/\bsha256~[A-Za-z0-9_-]+/g, 'sha256~***')
    .replace(/\beyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '***');
}

/**
 * C0 controls except tab (ESC starts terminal sequences; CR and BS overwrite what was printed), DEL, C1
 * controls (8-bit CSI), line and paragraph separators, and the bidi controls that reorder what is shown
 * (Trojan Source, CVE-2021-42574).
 */
const unsafeChars =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Shows every unsafe character as a visible escape (`\x1b`, `\u202e`); a newline is escaped too. */
export function escapeControl(s: string): string {
  return s.replace(unsafeChars, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Both, in the order that keeps a masked credential masked: what every message and frame goes through. */
export function sanitizeText(s: string): string {
  return escapeControl(maskCredentials(s));
}

/**
 * What came back from a server, made safe to print: credentials masked, control characters escaped and at
 * most `max` characters of escaped text (an ellipsis marks a cut, never inside an escape).
 */
export function printableSnippet(body: string, max = 120): string {
  // Mask a bounded window first, so a credential that straddles the cut is still recognised.
  const window = body.slice(0, max * 8);
  let out = '';
  for (const ch of maskCredentials(window)) {
    const piece = escapeControl(ch);
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return body.length > max * 8 ? `${out}…` : out;
}

/**
 * A diagnostic with every text that can quote the input (message, hint, file, path keys, related) through
 * sanitizeText, for JSON output: JSON escapes C0 only, and a consumer may print a message raw (`jq -r`).
 */
export function sanitizeDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = {
    ...d,
    message: sanitizeText(d.message),
    path: d.path.map((seg) => (typeof seg === 'string' ? sanitizeText(seg) : seg)),
  };
  if (d.hint !== undefined) out.hint = sanitizeText(d.hint);
  if (d.file !== undefined) out.file = sanitizeText(d.file);
  if (d.related)
    out.related = d.related.map((r) => ({
      ...r,
      message: sanitizeText(r.message),
      ...(r.file !== undefined ? { file: sanitizeText(r.file) } : {}),
    }));
  return out;
}
