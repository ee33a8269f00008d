import { diag, type Diagnostic, type SpecPath } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { Manifest } from '../render/types.js';
import { mtcRules } from './rules/mtc.js';
import type { AdmissionRule } from './rules/rule.js';
import { veleroAdmissionRules } from './rules/velero.js';
import { World, type VerifyContext } from './world.js';

export type { VerifyContext } from './world.js';

/** Every admission rule, for the docs and the table tests. */
export const admissionRules: readonly AdmissionRule[] = [...mtcRules, ...veleroAdmissionRules];

const codeByKind: Record<string, DiagnosticCode> = {
  MigCluster: 'MP7001',
  MigStorage: 'MP7002',
  MigPlan: 'MP7003',
  MigMigration: 'MP7004',
  MigHook: 'MP7005',
  BackupStorageLocation: 'MP7006',
  VolumeSnapshotLocation: 'MP7006',
  Backup: 'MP7007',
  Restore: 'MP7007',
  DataProtectionApplication: 'MP7008',
};

/**
 * The admission check (design overview section 10): runs every emitted object through the conditions its
 * controller would set and reports each one that would fire as an error named after the condition. Pure.
 */
export function verify(
  manifests: readonly Manifest[],
  ctx: VerifyContext,
  locate: (m: Manifest) => SpecPath = () => [],
): Diagnostic[] {
  const world = new World(manifests, ctx);
  const out: Diagnostic[] = [];
  for (const m of manifests) {
    const code = codeByKind[m.object.kind];
    if (!code) continue;
    for (const rule of admissionRules) {
      if (rule.kind !== m.object.kind) continue;
      const why = rule.check(m.object, world, m);
      if (why === undefined) continue;
      const ns = m.object.metadata.namespace;
      out.push(
        diag(
          code,
          `${m.object.kind} ${ns ? `${ns}/` : ''}${m.object.metadata.name} on ${m.cluster} ${rule.category === 'phase' ? `would be put in phase ${rule.condition}` : `would get ${rule.category} condition ${rule.condition}`}: ${why} [${rule.upstream}]`,
          { path: locate(m) },
        ),
      );
    }
  }
  return out;
}
