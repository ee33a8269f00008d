/**
 * Masking for every message that may carry a credential: server URLs from a kubeconfig, bodies an API server
 * or a proxy sent back, errors of libraries. Diagnostics are printed to terminals and CI logs, so a password,
 * token or signed-URL signature must never reach them, and neither must terminal control sequences.
 */

const MASK = '***';

/** Query parameters that carry a credential: OAuth/OIDC tokens, passwords, API keys, signed-URL signatures. */
const CREDENTIAL_PARAM =
  /token|passw|^pwd$|secret|signature|^sig$|credential|api[-_]?key|^key$|^code$|^auth|session/i;

/**
 * Masks the credentials of one URL: the userinfo (`https://user:pass@host` -> `https://***@host`) and the
 * values of credential query parameters (`?token=abc` -> `?token=***`). Works on text that does not parse as
 * a URL too (a kubeconfig may hold anything), so it is pattern based.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#\s]*@/i, `$1${MASK}@`)
    .replace(/([?&;])([^=&#;\s]+)=([^&#;\s)\]"'<>]*)/g, (all, sep: string, name: string) =>
      CREDENTIAL_PARAM.test(decodeSafely(name)) ? `${sep}${name}=${MASK}` : all,
    );
}

/**
 * Masks credentials anywhere in free text: URLs (as redactUrl), `Authorization` schemes, `name=value` and
 * `"name": "value"` pairs whose name is a credential, OpenShift `sha256~` tokens and JWTs.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url))
    .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${MASK}`)
    .replace(/\b(Basic\s+)[A-Za-z0-9+/]{8,}=*/g, `$1${MASK}`)
    .replace(
      /("[\w.-]*(?:token|passw|secret|api[-_]?key|credential)[\w.-]*"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
      `$1${MASK}"`,
    )
    .replace(
      /(^|[\s?&;,({[])([\w.-]*(?:token|passw|secret|api[-_]?key|credential)[\w.-]*)=([^\s&;,"'<>)}\]]+)/gi,
      `$1$2=${MASK}`,
    )
    .replace(/\bsha256~[A-Za-z0-9_-]+/g, `sha256~${MASK}`)
    .replace(/\beyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, MASK);
}

/**
 * Escapes what a terminal would interpret: C0/C1 control characters (ESC starts colour and cursor
 * sequences), DEL and the Unicode bidirectional overrides that reorder what a reader sees.
 */
export function escapeControl(text: string): string {
  let out = '';
  for (const ch of text) out += escapeChar(ch);
  return out;
}

/**
 * What came back from a server, made safe to print: credentials masked, control characters escaped and
 * at most `max` characters of escaped text (an ellipsis marks a cut).
 */
export function printableSnippet(body: string, max = 120): string {
  // Mask on a bounded window first, so a credential that straddles the cut is still recognised.
  const window = [...body.slice(0, max * 8)];
  let out = '';
  for (const ch of redactSecrets(window.join(''))) {
    const piece = escapeChar(ch);
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return body.length > max * 8 ? `${out}…` : out;
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0xfeff)
    return `\\u${cp.toString(16).padStart(4, '0')}`;
  return ch;
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
