/**
 * Text that came from the user's input (spec values, file contents, server replies) is shown only through
 * these helpers: credentials are masked and characters a terminal would act on are escaped, so a message
 * or code frame can neither leak a password into a CI log nor rewrite the user's screen.
 */

/** Query (or fragment) parameters whose value is a credential: tokens, passwords, keys and signatures. */
const credentialParamPart =
  /token|secret|passw(?:or)?d|pwd|signature|credential|api[-_]?key|access[-_]?key|private[-_]?key|auth/i;
const credentialParamName = /^(?:sig|key|pass|pw|code)$/i;

export function isCredentialParam(name: string): boolean {
  return credentialParamPart.test(name) || credentialParamName.test(name);
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
const queryParam = /([?&;#])([^=&\s?#;"']+)=([^&\s#;"'<>]*)/g;

/** Masks credentials in free text: URL userinfo, schemeless `user:password@` and credential parameters. */
export function maskCredentials(s: string): string {
  return s
    .replace(schemeUserinfo, '$1***@')
    .replace(barePasswordUserinfo, '$1***@')
    .replace(queryParam, (whole, sep: string, name: string, value: string) =>
      // A value masked already (`***`, maybe followed by the text around it) stays as it is.
      value !== '' && !value.startsWith('***') && isCredentialParam(name)
        ? `${sep}${name}=***`
        : whole,
    );
}

/**
 * C0 controls except tab (ESC starts terminal sequences; CR and BS overwrite what was printed), DEL, C1
 * controls (8-bit CSI), line and paragraph separators, and the bidi controls that reorder what is shown
 * (Trojan Source, CVE-2021-42574).
 */
const unsafeChars =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

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
