import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate as validateSpec } from '../generated/spec-validator.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { pointerToPath, rangeAt } from '../parse/locate.js';
import type { SpecDocument } from '../parse/types.js';
import { closest } from './suggest.js';

/** The spec validator, compiled to code by `npm run gen:types` (ajv standalone; no schema compile per run). */
const validator = (): ValidateFunction => validateSpec as unknown as ValidateFunction;

const patternNames: Record<string, string> = {
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$':
    'a DNS-1123 label (lowercase letters, digits and -, starting and ending with a letter or digit)',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$':
    'a DNS-1123 name (lowercase letters, digits, - and .)',
  // URLs go into the output, so none may carry user:password@.
  '^https?://[^\\s/@]+(/.*)?$': 'an http(s) URL without credentials (user:password@)',
  '^https?://[^\\s/@]+(/\\S*)?$': 'an http(s) URL without credentials (user:password@)',
  '^[A-Za-z0-9+/=\\s]+$': 'base64 text',
  '^[0-9a-fA-F:.]+/[0-9]{1,3}$': 'a CIDR such as 10.128.0.0/14',
  '^https?://[^@/\\s]+(:[0-9]+)?/?$':
    'a proxy URL without credentials (put user:password in a Secret and use fromSecret)',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$': 'namespace/name of a PVC',
};

/** Validates the plain spec value against the JSON Schema and locates every error in the source. */
export function validateSchema(
  spec: SpecDocument,
  validate: ValidateFunction = validator(),
): Diagnostic[] {
  if (validate(spec.value)) return [];
  return (validate.errors ?? []).flatMap((e) => toDiagnostic(e, spec));
}

/** Turns one ajv error into located diagnostics (exported for tests of rare keywords). */
export function toDiagnostic(e: ErrorObject, spec: SpecDocument): Diagnostic[] {
  const path = pointerToPath(e.instancePath);
  const where = (p: (string | number)[], key = false) => ({
    file: spec.file,
    path: p,
    ...rangeAt(spec, p, { key }),
  });
  const field = path.length ? `"${String(path[path.length - 1])}"` : 'the spec';
  const params = e.params as Record<string, unknown>;
  // Errors inside propertyNames repeat the propertyNames error itself; report that one only.
  if (
    (e as ErrorObject & { propertyName?: string }).propertyName !== undefined &&
    e.keyword !== 'propertyNames'
  )
    return [];
  switch (e.keyword) {
    case 'if':
      return []; // the failing then/else branch reports the real problem
    case 'required': {
      const missing = String(params['missingProperty']);
      return [
        diag(
          'MP2001',
          `missing required field "${missing}" in ${path.length ? field : 'the spec'}`,
          where(path),
        ),
      ];
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const allowed = Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {});
      const guess = closest(extra, allowed);
      return [
        diag('MP2002', `unknown field "${extra}"${guess ? `; did you mean "${guess}"?` : ''}`, {
          ...where([...path, extra], true),
          hint: `Allowed fields here: ${allowed.join(', ')}.`,
        }),
      ];
    }
    case 'propertyNames': {
      const name = String(params['propertyName']);
      return [
        diag(
          'MP2005',
          `name "${name}" must be a DNS-1123 label of at most 63 characters`,
          where([...path, name], true),
        ),
      ];
    }
    case 'type':
      return [
        diag(
          'MP2003',
          `${field} must be ${article(String(params['type']))}, found ${describe(e.data)}`,
          where(path),
        ),
      ];
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const guess = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return [
        diag(
          'MP2004',
          `${field}: ${JSON.stringify(e.data)} is not allowed; allowed values: ${allowed.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`,
          {
            ...where(path),
            hint: `Use one of: ${allowed.join(', ')}.`,
          },
        ),
      ];
    }
    case 'const':
      return [
        diag(
          'MP2004',
          `${field} must be ${JSON.stringify(params['allowedValue'])}, found ${JSON.stringify(e.data)}`,
          where(path),
        ),
      ];
    case 'pattern': {
      const pattern = String(params['pattern']);
      const name = patternNames[pattern] ?? `text matching ${pattern}`;
      return [
        diag(
          'MP2005',
          `${field}: ${JSON.stringify(redactUserinfo(e.data))} is not ${name}`,
          where(path),
        ),
      ];
    }
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minimum':
    case 'maximum':
    case 'minProperties':
      return [diag('MP2006', `${field} ${e.message ?? 'is out of range'}`, where(path))];
    default:
      return [diag('MP2007', `${field} ${e.message ?? 'is invalid'}`, where(path))];
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${article(typeof v)} (${JSON.stringify(v)})`;
}

/** Never echo a password back: `scheme://user:pass@host` is shown as `scheme://***@host`. */
export function redactUserinfo(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@') : v;
}
