import { diag, type Diagnostic, type SpecPath } from '../../diagnostics/diagnostic.js';
import { isCredentialParam, maskCredentials } from '../../diagnostics/sanitize.js';
import type { Spec } from '../../spec/spec.js';

/**
 * Spec fields that hold a URL or a host (`*` matches any key). Each is copied into the output
 * (MigCluster.spec.url and exposedRegistryPath, MigStorage and BackupStorageLocation config, the
 * MigrationController proxy), so a credential in any of them would be written to disk and to git.
 * A test checks this list against every URL/host field of schemas/migration.schema.json.
 */
export const urlFields: readonly (readonly string[])[] = [
  ['spec', 'clusters', '*', 'url'],
  ['spec', 'clusters', '*', 'exposedRegistryPath'],
  ['spec', 'replicationRepository', 'endpoint'],
  ['spec', 'replicationRepository', 'publicUrl'],
  ['spec', 'controller', 'stunnelTcpProxy', 'url'],
];

const matchesField = (path: SpecPath) =>
  urlFields.some(
    (f) => f.length === path.length && f.every((seg, i) => seg === '*' || seg === path[i]),
  );

/**
 * One rule for credentials in every field: URL userinfo (`scheme://user:password@`) and credential query
 * or fragment parameters (`?token=`, `&sig=`, `X-Amz-Signature=`, `#access_token=`) are refused in any
 * string of the spec, since the spec and its values end up in the output and the report; in a URL or host
 * field a schemeless `user:password@host` (a registry path) is refused too.
 */
export function checkCredentials(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  walkStrings(spec, [], (value, path) => {
    const what = credentialIn(value, matchesField(path));
    if (!what) return;
    const field = String(path[path.length - 1]);
    // Masked only for the message: most strings carry no credential, and masking runs ten expressions.
    const shown = JSON.stringify(maskCredentials(value));
    out.push(
      diag(
        'MP2533',
        `"${field}": ${shown} carries a credential (${what}); refusing to copy it into the output`,
        {
          path,
        },
      ),
    );
  });
  return out;
}

/** What kind of credential a value holds, or undefined. */
export function credentialIn(value: string, isUrlField: boolean): string | undefined {
  if (/[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]*@/i.test(value)) return 'user:password@ in the URL';
  // Before the first / a registry path or host has no @: `user:pass@host` or `token@host`.
  if (isUrlField && /^[^\s/?#]*@/.test(value)) return 'user:password@ before the host';
  for (const m of value.matchAll(/[?&;#]([^=&\s?#;]+)=([^&\s#;]*)/g)) {
    const name = m[1] as string;
    if (m[2] !== '' && isCredentialParam(name)) return `the ${name}= parameter`;
  }
  return undefined;
}

export function walkStrings(
  value: unknown,
  path: (string | number)[],
  visit: (s: string, path: SpecPath) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
}
