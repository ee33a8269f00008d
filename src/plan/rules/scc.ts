import type { ClusterFacts, RoleFact, SccFact } from '../../resolve/cluster-facts.js';
import type { NamespaceDecision, SccGrant } from '../types.js';

/** SCCs that ship with OpenShift; from 4.8 each has a `system:openshift:scc:<name>` ClusterRole. */
export const BUILT_IN_SCCS = new Set([
  'anyuid',
  'hostaccess',
  'hostmount-anyuid',
  'hostmount-anyuid-v2',
  'hostnetwork',
  'hostnetwork-v2',
  'nested-container',
  'nonroot',
  'nonroot-v2',
  'privileged',
  'restricted',
  'restricted-v2',
  'restricted-v3',
]);

/** OCP 4.8+ has the per-SCC ClusterRoles (cluster-kube-apiserver-operator release-4.8). */
export function hasSccClusterRoles(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 4 || (major === 4 && minor >= 8);
}

/**
 * Every SCC a migrated service account can use on the source (SCC users, namespace groups, RBAC `use`),
 * as grants for the destination namespace. Broad groups (system:authenticated, system:serviceaccounts)
 * are left to the target's own defaults.
 */
export function resolveSccGrants(
  namespaces: readonly NamespaceDecision[],
  source: ClusterFacts,
  target: ClusterFacts,
): SccGrant[] {
  const grants = new Map<string, SccGrant>();
  const targetSccs = new Set(target.sccs.map((s) => s.name));
  const roleOnTarget = hasSccClusterRoles(target.version);
  const add = (
    scc: SccFact,
    ns: NamespaceDecision,
    sa: string,
    via: SccGrant['via'],
    viaDetail: string,
  ) => {
    const key = `${ns.target}/${sa}/${scc.name}`;
    if (grants.has(key)) return;
    const builtIn = BUILT_IN_SCCS.has(scc.name);
    const existsOnTarget = targetSccs.has(scc.name);
    const useBuiltInRole = builtIn && roleOnTarget;
    const grant: SccGrant = {
      scc: scc.name,
      namespace: ns.source,
      serviceAccount: sa,
      targetNamespace: ns.target,
      via,
      viaDetail,
      existsOnTarget,
      clusterRole: useBuiltInRole ? `system:openshift:scc:${scc.name}` : `migplan:scc:${scc.name}`,
      emitClusterRole: !useBuiltInRole,
      emitScc: !existsOnTarget && !builtIn,
    };
    if (grant.emitScc) {
      const metadata = {
        ...(scc.object['metadata'] as Record<string, unknown>),
        labels: { 'app.kubernetes.io/managed-by': 'migplan' },
      };
      grant.sccObject = { ...scc.object, metadata, users: [], groups: [] };
    }
    grants.set(key, grant);
  };
  const sccByName = new Map(source.sccs.map((s) => [s.name, s]));
  for (const ns of namespaces) {
    for (const sa of ns.serviceAccounts) {
      const user = `system:serviceaccount:${ns.source}:${sa}`;
      const nsGroup = `system:serviceaccounts:${ns.source}`;
      for (const scc of source.sccs) {
        if (scc.users.includes(user)) add(scc, ns, sa, 'users', `SCC ${scc.name} lists ${user}`);
        else if (scc.groups.includes(nsGroup))
          add(scc, ns, sa, 'group', `SCC ${scc.name} lists group ${nsGroup}`);
      }
      for (const { scc, detail } of rbacSccs(source, ns.source, sa)) {
        const fact = sccByName.get(scc);
        if (fact) add(fact, ns, sa, 'rbac', detail);
      }
    }
  }
  return [...grants.values()].sort(
    (a, b) =>
      cmp(a.targetNamespace, b.targetNamespace) ||
      cmp(a.scc, b.scc) ||
      cmp(a.serviceAccount, b.serviceAccount),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** SCC names an SA may `use` through RoleBindings in its namespace or ClusterRoleBindings. */
function rbacSccs(
  facts: ClusterFacts,
  namespace: string,
  sa: string,
): { scc: string; detail: string }[] {
  const out: { scc: string; detail: string }[] = [];
  const roles = new Map(facts.roles.map((r) => [`${r.kind}/${r.namespace ?? ''}/${r.name}`, r]));
  for (const b of facts.bindings) {
    if (b.kind === 'RoleBinding' && b.namespace !== namespace) continue;
    const matches = b.subjects.some(
      (s) =>
        (s.kind === 'ServiceAccount' &&
          s.name === sa &&
          (s.namespace ?? b.namespace) === namespace) ||
        (s.kind === 'Group' && s.name === `system:serviceaccounts:${namespace}`) ||
        (s.kind === 'User' && s.name === `system:serviceaccount:${namespace}:${sa}`),
    );
    if (!matches) continue;
    const role =
      b.roleRef.kind === 'Role'
        ? roles.get(`Role/${b.namespace ?? ''}/${b.roleRef.name}`)
        : roles.get(`ClusterRole//${b.roleRef.name}`);
    const viaRole = role ?? builtInSccRole(b.roleRef.name);
    if (!viaRole) continue;
    for (const scc of sccsUsable(viaRole, facts))
      out.push({
        scc,
        detail: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} grants use of ${scc} via ${viaRole.kind} ${viaRole.name}`,
      });
  }
  return out;
}

/** A `system:openshift:scc:<name>` ClusterRole the snapshot did not record still grants that SCC. */
function builtInSccRole(name: string): RoleFact | undefined {
  const m = /^system:openshift:scc:(.+)$/.exec(name);
  if (!m?.[1]) return undefined;
  return {
    kind: 'ClusterRole',
    name,
    rules: [
      {
        apiGroups: ['security.openshift.io'],
        resources: ['securitycontextconstraints'],
        verbs: ['use'],
        resourceNames: [m[1]],
      },
    ],
  };
}

/** Named SCCs only: a wildcard grant is not something to replicate per namespace. */
function sccsUsable(role: RoleFact, facts: ClusterFacts): string[] {
  const names = new Set<string>();
  for (const r of role.rules) {
    const group = r.apiGroups.includes('security.openshift.io') || r.apiGroups.includes('*');
    const resource =
      r.resources.includes('securitycontextconstraints') || r.resources.includes('*');
    const verb = r.verbs.includes('use') || r.verbs.includes('*');
    if (!group || !resource || !verb) continue;
    for (const n of r.resourceNames) if (facts.sccs.some((s) => s.name === n)) names.add(n);
  }
  return [...names].sort();
}
