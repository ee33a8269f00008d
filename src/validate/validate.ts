import { diag, hasErrors, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { rangeAt } from '../parse/locate.js';
import type { SpecDocument } from '../parse/types.js';
import type { Spec } from '../spec/spec.js';
import {
  checkClusterReferences,
  checkMigClusterNames,
  checkProxy,
  checkHostAndRemotes,
  checkReplicationRepository,
} from './rules/clusters.js';
import { checkCredentials } from './rules/credentials.js';
import { checkPlanConflicts, checkPlanNamespaces } from './rules/namespaces.js';
import {
  checkHooks,
  checkMigrationSequence,
  checkPlanClusters,
  checkPlanNames,
  checkVolumeOverrides,
} from './rules/plans.js';
import type { Rule } from './rules/rule.js';
import { checkSelectionAndSplit } from './rules/selection.js';
import { checkVeleroEngine } from './rules/velero.js';
import { validateSchema } from './schema.js';

export const semanticRules: readonly Rule[] = [
  checkClusterReferences,
  checkHostAndRemotes,
  checkMigClusterNames,
  checkReplicationRepository,
  checkPlanNames,
  checkPlanClusters,
  checkPlanNamespaces,
  checkSelectionAndSplit,
  checkPlanConflicts,
  checkMigrationSequence,
  checkVolumeOverrides,
  checkHooks,
  checkVeleroEngine,
  checkProxy,
  checkCredentials,
];

/** Checks identity, then the schema (all errors), then semantic rules on a schema-valid spec. */
export function validate(specDoc: SpecDocument): StageResult<Spec> {
  const value = specDoc.value as Record<string, unknown>;
  const identity = checkIdentity(value, specDoc);
  if (identity.length) return { diagnostics: identity };
  const schemaErrors = validateSchema(specDoc);
  if (schemaErrors.length) return { diagnostics: schemaErrors };
  const spec = specDoc.value as Spec;
  const diagnostics = semanticRules.flatMap((rule) => rule(spec)).map((d) => locate(d, specDoc));
  return hasErrors(diagnostics) ? { diagnostics } : { value: spec, diagnostics };
}

/** A wrong apiVersion or kind means the rest would be judged by the wrong schema: stop there. */
function checkIdentity(value: Record<string, unknown>, specDoc: SpecDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (key: string) => ({ file: specDoc.file, path: [key], ...rangeAt(specDoc, [key]) });
  if (value['apiVersion'] !== undefined && value['apiVersion'] !== 'migplan.dev/v1alpha1') {
    out.push(
      diag(
        'MP1011',
        `apiVersion ${JSON.stringify(value['apiVersion'])} is not supported; expected "migplan.dev/v1alpha1"`,
        at('apiVersion'),
      ),
    );
  }
  if (value['kind'] !== undefined && value['kind'] !== 'Migration') {
    out.push(
      diag(
        'MP1012',
        `kind ${JSON.stringify(value['kind'])} is not supported; expected "Migration"`,
        at('kind'),
      ),
    );
  }
  return out;
}

export function locate(d: Diagnostic, specDoc: SpecDocument): Diagnostic {
  if (d.line !== undefined) return d;
  return { ...d, file: specDoc.file, ...rangeAt(specDoc, d.path) };
}
