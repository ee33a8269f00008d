import { Ajv, type ValidateFunction } from 'ajv';
import outputSchemaJson from '../../schemas/output.schema.json' with { type: 'json' };
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { KubeManifest } from './types.js';

const outputSchema = outputSchemaJson as { definitions: Record<string, object> };
let validators: Map<string, ValidateFunction> | undefined;

function validatorFor(kind: string): ValidateFunction | undefined {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    ajv.addSchema(outputSchema, 'output');
    validators = new Map(
      Object.keys(outputSchema.definitions).map((k) => [
        k,
        ajv.getSchema(`output#/definitions/${k}`) as ValidateFunction,
      ]),
    );
  }
  return validators.get(kind);
}

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
