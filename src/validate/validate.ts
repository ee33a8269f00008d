import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
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
import { checkPlaceholders } from './rules/placeholders.js';
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
import { isSpecKind, specKinds, type SpecKind, type TypedSpec } from '../spec/kinds.js';
import { checked } from './checked.js';

export { locate } from './checked.js';

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
  checkPlaceholders,
];

/**
 * Checks a Migration: identity, then the schema (all errors), then semantic rules on a schema-valid spec. A
 * document of another kind fails the Migration schema's `kind`.
 */
export function validate(specDoc: SpecDocument): StageResult<Spec> {
  const identity = checkIdentity(specDoc.value as Record<string, unknown>, specDoc);
  if (identity.length) return { diagnostics: identity };
  return checkMigration(specDoc);
}

/** A Migration's schema, then its semantic rules. */
const checkMigration = (doc: SpecDocument): StageResult<Spec> =>
  checked(doc, validateSchema(doc), semanticRules);

/**
 * Schema and semantic checks per document kind: a new kind is one more entry. The other kinds' validators are
 * loaded when a spec of their kind comes: a Migration's `validate` and `compile` start without them (issue 14).
 */
const validators: {
  [K in SpecKind]: (
    doc: SpecDocument,
  ) => Promise<StageResult<Extract<TypedSpec, { kind: K }>['spec']>>;
} = {
  Migration: (doc) => Promise.resolve(checkMigration(doc)),
  NetworkMigration: async (doc) =>
    (await import('./network-migration-kind.js')).validateNetworkMigration(doc),
  HostedClusterMigration: async (doc) =>
    (await import('./hcp-kind.js')).validateHostedClusterMigration(doc),
};

/** Checks identity, picks the kind's schema and rules, and tags the result with its kind. */
export async function validateDocument(specDoc: SpecDocument): Promise<StageResult<TypedSpec>> {
  const value = specDoc.value as Record<string, unknown>;
  const identity = checkIdentity(value, specDoc);
  if (identity.length) return { diagnostics: identity };
  // A document without a kind is judged as a Migration, whose schema reports the missing field.
  const kind: SpecKind = isSpecKind(value['kind']) ? value['kind'] : 'Migration';
  const result = await validators[kind](specDoc);
  return result.value === undefined
    ? { diagnostics: result.diagnostics }
    : { value: { kind, spec: result.value } as TypedSpec, diagnostics: result.diagnostics };
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
  if (value['kind'] !== undefined && !isSpecKind(value['kind'])) {
    out.push(
      diag(
        'MP1012',
        `kind ${JSON.stringify(value['kind'])} is not supported; expected one of ${specKinds.map((k) => JSON.stringify(k)).join(', ')}`,
        at('kind'),
      ),
    );
  }
  return out;
}
