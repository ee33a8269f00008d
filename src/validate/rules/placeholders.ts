import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Spec } from '../../spec/spec.js';
import { walkStrings } from './credentials.js';

/** What `migplan init` writes where only the user knows the value; validate and compile point at each. */
export const PLACEHOLDER = 'replace-me';

/**
 * A value still holding the placeholder `migplan init` wrote (a bucket, a Secret name, an API URL): a warning
 * at its line, so the spec validates and compiles while each value to fill is listed, and `--strict` fails a
 * CI job that would ship it.
 */
export function checkPlaceholders(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  walkStrings(spec, [], (value, path) => {
    if (value.toLowerCase().includes(PLACEHOLDER))
      out.push(
        diag(
          'MP2581',
          `"${String(path[path.length - 1])}" is still the placeholder ${JSON.stringify(value)}`,
          { path },
        ),
      );
  });
  return out;
}
