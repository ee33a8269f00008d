import type { ValidateFunction } from 'ajv';
import * as outputValidators from '../generated/output-validators.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { KubeManifest } from './types.js';

/** Validators per kind, compiled to code from schemas/output.schema.json by `npm run gen:types`. */
const validators = new Map(
  Object.entries(outputValidators as unknown as Record<string, ValidateFunction>),
);
const validatorFor = (kind: string): ValidateFunction | undefined => validators.get(kind);

/** Checks a rendered object against our output schema for its kind; an unknown kind is itself a bug. */
export function checkManifest(o: KubeManifest, template: string): Diagnostic[] {
  const validate = validatorFor(o.kind);
  if (!validate)
    return [
      diag('MP5002', `template ${template} produced kind ${o.kind}, which has no output schema`),
    ];
  const what = `${o.kind} ${o.metadata.name}`;
  if (validate(o)) return [];
  return (validate.errors ?? []).map((e) =>
    diag(
      'MP5002',
      `template ${template} produced an invalid ${what}: ${e.instancePath || '/'} ${e.message ?? ''}`,
    ),
  );
}
