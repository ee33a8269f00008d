import type { ValidateFunction } from 'ajv';
import type { StageResult } from '../diagnostics/diagnostic.js';
import { validate as validateNetworkMigrationSpec } from '../generated/network-migration-validator.js';
import type { SpecDocument } from '../parse/types.js';
import type { NetworkMigrationSpec } from '../spec/network-migration.js';
import { checked } from './checked.js';
import { networkMigrationRules } from './rules/network-migration.js';
import { validateSchema } from './schema.js';

/** A NetworkMigration's schema, then its rules (loaded only for a spec of this kind). */
export function validateNetworkMigration(doc: SpecDocument): StageResult<NetworkMigrationSpec> {
  return checked(
    doc,
    validateSchema(doc, validateNetworkMigrationSpec as unknown as ValidateFunction),
    networkMigrationRules,
  );
}
