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
import { checkVeleroEngine } from './rules/velero.js';
import { validateSchema } from './schema.js';
import type { HostedClusterMigration } from '../spec/hcp.js';
import { hcpRules } from './rules/hcp.js';

export const semanticRules: readonly Rule[] = [
  checkClusterReferences,
  checkHostAndRemotes,
  checkMigClusterNames,
  checkReplicationRepository,
  checkPlanNames,
  checkPlanClusters,
  checkPlanNamespaces,
  checkPlanConflicts,
  checkMigrationSequence,
  checkVolumeOverrides,
  checkHooks,
  checkVeleroEngine,
  checkProxy,
  checkCredentials,
];

/** A validated document of any kind; the pipelines dispatch on `kind`. */
export type AnySpec = Spec | HostedClusterMigration;

/** Each kind's semantic rules (its schema is picked by kind in schema.ts). One entry per document kind. */
const kindRules: { [K in AnySpec['kind']]: (spec: Extract<AnySpec, { kind: K }>) => Diagnostic[] } =
  {
    Migration: (spec) => semanticRules.flatMap((rule) => rule(spec)),
    HostedClusterMigration: (spec) => hcpRules.flatMap((rule) => rule(spec)),
  };
const knownKinds = Object.keys(kindRules) as AnySpec['kind'][];

/** Checks identity, then the kind's schema (all errors), then its semantic rules on a schema-valid spec. */
export function validateDocument(specDoc: SpecDocument): StageResult<AnySpec> {
  const value = specDoc.value as Record<string, unknown>;
  const identity = checkIdentity(value, specDoc);
  if (identity.length) return { diagnostics: identity };
  const kind = knownKinds.includes(value['kind'] as AnySpec['kind'])
    ? (value['kind'] as AnySpec['kind'])
    : 'Migration';
  const schemaErrors = validateSchema(specDoc, kind);
  if (schemaErrors.length) return { diagnostics: schemaErrors };
  const spec = specDoc.value as AnySpec;
  const rules = kindRules[spec.kind] as (s: AnySpec) => Diagnostic[];
  const diagnostics = rules(spec).map((d) => locate(d, specDoc));
  return hasErrors(diagnostics) ? { diagnostics } : { value: spec, diagnostics };
}

/** validateDocument for a document that must be a Migration (the MTC/Velero pipeline and its tests). */
export function validate(specDoc: SpecDocument): StageResult<Spec> {
  const r = validateDocument(specDoc);
  if (!r.value || r.value.kind === 'Migration') return r as StageResult<Spec>;
  return {
    diagnostics: [
      diag(
        'MP1012',
        `kind ${JSON.stringify(r.value.kind)} is not supported here; expected "Migration"`,
        {
          file: specDoc.file,
          path: ['kind'],
          ...rangeAt(specDoc, ['kind']),
        },
      ),
    ],
  };
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
  if (value['kind'] !== undefined && !knownKinds.includes(value['kind'] as AnySpec['kind'])) {
    out.push(
      diag(
        'MP1012',
        `kind ${JSON.stringify(value['kind'])} is not supported; expected ${knownKinds.map((k) => JSON.stringify(k)).join(' or ')}`,
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
