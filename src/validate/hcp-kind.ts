import type { ValidateFunction } from 'ajv';
import type { StageResult } from '../diagnostics/diagnostic.js';
import { validate as validateHcpSpec } from '../generated/hcp-spec-validator.js';
import type { SpecDocument } from '../parse/types.js';
import type { HostedClusterMigration } from '../spec/hcp.js';
import { checked } from './checked.js';
import { hcpRules } from './rules/hcp.js';
import { validateSchema } from './schema.js';

/** A HostedClusterMigration's schema, then its rules (loaded only for a spec of this kind). */
export function validateHostedClusterMigration(
  doc: SpecDocument,
): StageResult<HostedClusterMigration> {
  return checked(
    doc,
    validateSchema(doc, validateHcpSpec as unknown as ValidateFunction),
    hcpRules,
  );
}
