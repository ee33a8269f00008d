import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ClusterFacts } from '../../resolve/cluster-facts.js';
import { defaults, type Plan } from '../../spec/spec.js';
import type { HookDecision, NamespaceDecision } from '../types.js';

/**
 * MigHooks run as Jobs in executionNamespace on the hook's cluster. MTC does not check that the namespace
 * or service account exist (a missing SA fails the cutover at run time); we do.
 */
export function resolveHooks(
  plan: Plan,
  planIndex: number,
  namespaces: readonly NamespaceDecision[],
  clusters: { source: ClusterFacts; target: ClusterFacts },
  playbooks: ReadonlyMap<string, string>,
): { hooks: HookDecision[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const hooks: HookDecision[] = [];
  (plan.hooks ?? []).forEach((h, j) => {
    const path = ['spec', 'plans', planIndex, 'hooks', j];
    const facts = h.cluster === 'source' ? clusters.source : clusters.target;
    const managed = new Set(namespaces.map((n) => (h.cluster === 'source' ? n.source : n.target)));
    const exists = facts.namespaces.some((n) => n.name === h.executionNamespace);
    if (!exists && !managed.has(h.executionNamespace)) {
      diagnostics.push(
        diag(
          'MP4022',
          `hook "${h.name}" runs in namespace "${h.executionNamespace}", which does not exist on ${facts.cluster} and is not migrated by plan "${plan.name}"`,
          {
            path: [...path, 'executionNamespace'],
          },
        ),
      );
    }
    const decision: HookDecision = {
      name: h.name,
      migHookName: `${plan.name}-${h.name}`,
      phase: h.phase,
      cluster: h.cluster,
      clusterName: facts.cluster,
      image: h.image ?? defaults.hookRunnerImage,
      custom: h.playbook === undefined,
      executionNamespace: h.executionNamespace,
      serviceAccount: h.serviceAccount,
      activeDeadlineSeconds: h.activeDeadlineSeconds ?? defaults.hookDeadlineSeconds,
      emitServiceAccount: managed.has(h.executionNamespace),
    };
    // No playbook looks up '', which names no file (as would any other key that names none).
    // Stryker disable next-line StringLiteral: every key that names no playbook file is equivalent.
    const encoded = playbooks.get(h.playbook ?? '');
    if (encoded !== undefined) decision.playbook = encoded;
    hooks.push(decision);
  });
  return { hooks, diagnostics };
}
