import type { BindingFact, ClusterFacts, RoleFact, SccFact } from '../../resolve/cluster-facts.js';
import { pushAll } from '../../util/arrays.js';
import { cmp } from '../../util/objects.js';
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
  const rbac = rbacIndex(source);
  for (const ns of namespaces) {
    for (const sa of ns.serviceAccounts) {
      const user = `system:serviceaccount:${ns.source}:${sa}`;
      const nsGroup = `system:serviceaccounts:${ns.source}`;
      for (const scc of source.sccs) {
        if (scc.users.includes(user)) add(scc, ns, sa, 'users', `SCC ${scc.name} lists ${user}`);
        else if (scc.groups.includes(nsGroup))
          add(scc, ns, sa, 'group', `SCC ${scc.name} lists group ${nsGroup}`);
      }
      for (const { scc, detail } of rbacSccs(rbac, ns.source, sa)) {
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

interface RbacGrant {
  scc: string;
  detail: string;
}

/** A binding that may grant SCCs, in the cluster's binding order (which decides the detail a grant keeps). */
interface IndexedBinding {
  order: number;
  binding: BindingFact;
  /** What it grants, whoever the subject: computed the first time a subject matches. */
  grants?: RbacGrant[];
}

/**
 * The cluster's bindings by the subject that names a service account, built once per cluster: a lookup per
 * namespace x ServiceAccount instead of a scan of every binding (quadratic at thousands of namespaces).
 * Keys: `sa` + namespace + name (ServiceAccount subjects), `user` + name (system:serviceaccount:<ns>:<sa>
 * users), `group` + name (system:serviceaccounts:<ns> groups).
 */
interface RbacIndex {
  bySubject: Map<string, IndexedBinding[]>;
  roles: Map<string, RoleFact>;
  sccNames: Set<string>;
}

const indexes = new WeakMap<ClusterFacts, RbacIndex>();

function rbacIndex(facts: ClusterFacts): RbacIndex {
  const cached = indexes.get(facts);
  // Stryker disable next-line ConditionalExpression: a cache; rebuilding the index gives an equal one.
  if (cached) return cached;
  const bySubject = new Map<string, IndexedBinding[]>();
  // A binding naming one subject twice is filed twice; rbacSccs collects the entries in a Set.
  const file = (key: string, entry: IndexedBinding) => {
    const list = bySubject.get(key);
    if (list) list.push(entry);
    else bySubject.set(key, [entry]);
  };
  facts.bindings.forEach((binding, order) => {
    const entry: IndexedBinding = { order, binding };
    for (const s of binding.subjects) {
      // A ServiceAccount subject without namespace names one in the binding's namespace; outside a
      // RoleBinding it names nobody, and filed under '' it matches no namespace.
      if (s.kind === 'ServiceAccount')
        file(subjectKey('sa', s.namespace ?? binding.namespace ?? '', s.name), entry);
      else if (s.kind === 'Group') file(subjectKey('group', s.name), entry);
      else if (s.kind === 'User') file(subjectKey('user', s.name), entry);
    }
  });
  const index: RbacIndex = {
    bySubject,
    // Built like a Map over the list: a later duplicate replaces an earlier one.
    roles: new Map(facts.roles.map((r) => [`${r.kind}/${r.namespace ?? ''}/${r.name}`, r])),
    sccNames: new Set(facts.sccs.map((s) => s.name)),
  };
  indexes.set(facts, index);
  return index;
}

const subjectKey = (...parts: string[]) => parts.join('\u0000');

/** SCC names an SA may `use` through RoleBindings in its namespace or ClusterRoleBindings. */
function rbacSccs(index: RbacIndex, namespace: string, sa: string): RbacGrant[] {
  const found = new Set<IndexedBinding>();
  for (const key of [
    subjectKey('sa', namespace, sa),
    subjectKey('group', `system:serviceaccounts:${namespace}`),
    subjectKey('user', `system:serviceaccount:${namespace}:${sa}`),
  ])
    for (const entry of index.bySubject.get(key) ?? []) found.add(entry);
  const out: RbacGrant[] = [];
  const matched = [...found]
    // A RoleBinding grants only in its own namespace.
    .filter((e) => e.binding.kind !== 'RoleBinding' || e.binding.namespace === namespace)
    .sort((a, b) => a.order - b.order);
  for (const entry of matched) pushAll(out, (entry.grants ??= bindingGrants(index, entry.binding)));
  return out;
}

function bindingGrants(index: RbacIndex, b: BindingFact): RbacGrant[] {
  const role =
    b.roleRef.kind === 'Role'
      ? index.roles.get(`Role/${b.namespace ?? ''}/${b.roleRef.name}`)
      : index.roles.get(`ClusterRole//${b.roleRef.name}`);
  const viaRole = role ?? builtInSccRole(b.roleRef.name);
  if (!viaRole) return [];
  return sccsUsable(viaRole, index.sccNames).map((scc) => ({
    scc,
    detail: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} grants use of ${scc} via ${viaRole.kind} ${viaRole.name}`,
  }));
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
function sccsUsable(role: RoleFact, sccNames: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const r of role.rules) {
    const group = r.apiGroups.includes('security.openshift.io') || r.apiGroups.includes('*');
    const resource =
      r.resources.includes('securitycontextconstraints') || r.resources.includes('*');
    const verb = r.verbs.includes('use') || r.verbs.includes('*');
    if (!group || !resource || !verb) continue;
    for (const n of r.resourceNames) if (sccNames.has(n)) names.add(n);
  }
  // Unordered: each name is its own grant, and resolveSccGrants sorts the grants.
  return [...names];
}
