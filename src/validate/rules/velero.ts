import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Spec } from '../../spec/spec.js';
import { atLeast, veleroVersionOf } from '../../spec/velero.js';

/** What plain Velero / OADP cannot do, and the versions it needs to know about. */
export function checkVeleroEngine(spec: Spec): Diagnostic[] {
  if (spec.spec.engine !== 'velero') return [];
  const out: Diagnostic[] = [];
  const used = new Set<string>();
  spec.spec.plans.forEach((plan, i) => {
    used.add(plan.source);
    used.add(plan.target);
    if ((plan.type ?? 'full') === 'storage-class-conversion') {
      out.push(
        diag(
          'MP2528',
          `plan "${plan.name}": Velero cannot convert storage classes inside one cluster`,
          { path: ['spec', 'plans', i, 'type'] },
        ),
      );
    }
    (plan.migrations ?? []).forEach((m, j) => {
      if (m.type === 'rollback')
        out.push(
          diag(
            'MP2528',
            `plan "${plan.name}": Velero has no rollback; delete the restored namespaces instead`,
            { path: ['spec', 'plans', i, 'migrations', j, 'type'] },
          ),
        );
    });
  });
  const oadp = spec.spec.velero?.install === 'oadp';
  for (const name of [...used].sort()) {
    const cluster = spec.spec.clusters[name];
    if (!cluster) continue;
    const v = veleroVersionOf(spec, cluster);
    if (!v) {
      const field = oadp ? 'oadpVersion' : 'veleroVersion';
      const given = oadp ? cluster.oadpVersion : cluster.veleroVersion;
      out.push(
        diag(
          'MP2529',
          given
            ? `cluster "${name}": ${field} ${given} is not a known release`
            : `cluster "${name}" needs ${field} for engine: velero`,
          { path: ['spec', 'clusters', name] },
        ),
      );
      continue;
    }
    const restoresHere = spec.spec.plans.some((p) => p.target === name);
    if (restoresHere && spec.spec.velero?.existingResourcePolicy !== undefined && !atLeast(v, 9)) {
      out.push(
        diag(
          'MP2530',
          `existingResourcePolicy needs Velero 1.9 or later; cluster "${name}" runs ${v.label}`,
          { path: ['spec', 'velero', 'existingResourcePolicy'] },
        ),
      );
    }
  }
  return out;
}
