import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyFacts,
  type BindingFact,
  type ClusterFacts,
  type RoleFact,
} from '../src/resolve/cluster-facts.js';
import { resolveSccGrants } from '../src/plan/rules/scc.js';
import type { NamespaceDecision } from '../src/plan/types.js';

// resolveSccGrants looks bindings up by subject (an index built once per cluster). This oracle is the plain
// reading of the rule it implements: for each namespace x ServiceAccount, every binding in the cluster's order,
// the first grant of an SCC keeping its detail. Both must agree on every field of every grant.

const NAMESPACES = ['a', 'b', 'c'];
const SAS = ['default', 'web', 'db'];
const SCCS = ['anyuid', 'custom', 'privileged', 'missing'];

function oracleRbac(facts: ClusterFacts, namespace: string, sa: string) {
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
    const found =
      b.roleRef.kind === 'Role'
        ? roles.get(`Role/${b.namespace ?? ''}/${b.roleRef.name}`)
        : roles.get(`ClusterRole//${b.roleRef.name}`);
    const builtIn = /^system:openshift:scc:(.+)$/.exec(b.roleRef.name)?.[1];
    const role: RoleFact | undefined =
      found ??
      (builtIn
        ? {
            kind: 'ClusterRole',
            name: b.roleRef.name,
            rules: [
              {
                apiGroups: ['security.openshift.io'],
                resources: ['securitycontextconstraints'],
                verbs: ['use'],
                resourceNames: [builtIn],
              },
            ],
          }
        : undefined);
    if (!role) continue;
    const names = new Set<string>();
    for (const r of role.rules) {
      const usable =
        (r.apiGroups.includes('security.openshift.io') || r.apiGroups.includes('*')) &&
        (r.resources.includes('securitycontextconstraints') || r.resources.includes('*')) &&
        (r.verbs.includes('use') || r.verbs.includes('*'));
      if (usable)
        for (const n of r.resourceNames) if (facts.sccs.some((s) => s.name === n)) names.add(n);
    }
    for (const scc of [...names].sort())
      out.push({
        scc,
        detail: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} grants use of ${scc} via ${role.kind} ${role.name}`,
      });
  }
  return out;
}

/** Which grant each target namespace/SA/SCC gets, and how: first one wins, users and groups before RBAC. */
function oracle(namespaces: NamespaceDecision[], facts: ClusterFacts) {
  const grants = new Map<string, string>();
  const sccNames = new Set(facts.sccs.map((s) => s.name));
  for (const ns of namespaces)
    for (const sa of ns.serviceAccounts) {
      const add = (scc: string, via: string, detail: string) => {
        const key = `${ns.target}/${sa}/${scc}`;
        if (!grants.has(key)) grants.set(key, `${via}: ${detail}`);
      };
      const user = `system:serviceaccount:${ns.source}:${sa}`;
      const group = `system:serviceaccounts:${ns.source}`;
      for (const scc of facts.sccs) {
        if (scc.users.includes(user)) add(scc.name, 'users', `SCC ${scc.name} lists ${user}`);
        else if (scc.groups.includes(group))
          add(scc.name, 'group', `SCC ${scc.name} lists group ${group}`);
      }
      for (const { scc, detail } of oracleRbac(facts, ns.source, sa))
        if (sccNames.has(scc)) add(scc, 'rbac', detail);
    }
  return grants;
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const subject = fc.oneof(
  fc.record(
    { kind: fc.constant('ServiceAccount'), name: pick(SAS), namespace: pick(NAMESPACES) },
    { requiredKeys: ['kind', 'name'] },
  ),
  fc.record({
    kind: fc.constant('Group'),
    name: fc.oneof(
      pick(NAMESPACES).map((n) => `system:serviceaccounts:${n}`),
      fc.constant('system:authenticated'),
    ),
  }),
  fc.record({
    kind: fc.constant('User'),
    name: fc.tuple(pick(NAMESPACES), pick(SAS)).map(([n, s]) => `system:serviceaccount:${n}:${s}`),
  }),
);
const rule = fc.record({
  apiGroups: fc.subarray(['security.openshift.io', '*', '']),
  resources: fc.subarray(['securitycontextconstraints', '*', 'pods']),
  verbs: fc.subarray(['use', '*', 'get']),
  resourceNames: fc.subarray(SCCS),
});
const role = fc.oneof(
  fc.record({
    kind: fc.constant<'ClusterRole'>('ClusterRole'),
    name: pick(['r1', 'r2', 'r3']),
    rules: fc.array(rule, { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant<'Role'>('Role'),
    namespace: pick(NAMESPACES),
    name: pick(['r1', 'r2', 'r3']),
    rules: fc.array(rule, { maxLength: 3 }),
  }),
);
const binding: fc.Arbitrary<BindingFact> = fc.oneof(
  fc.record({
    kind: fc.constant<'RoleBinding'>('RoleBinding'),
    namespace: pick(NAMESPACES),
    name: pick(['b1', 'b2', 'b3', 'b4']),
    roleRef: fc.record({
      kind: pick(['Role', 'ClusterRole']),
      name: pick(['r1', 'r2', 'r3', 'system:openshift:scc:anyuid', 'system:openshift:scc:custom']),
    }),
    subjects: fc.array(subject, { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant<'ClusterRoleBinding'>('ClusterRoleBinding'),
    name: pick(['c1', 'c2', 'c3']),
    roleRef: fc.record({
      kind: fc.constant('ClusterRole'),
      name: pick(['r1', 'r2', 'system:openshift:scc:privileged']),
    }),
    subjects: fc.array(subject, { maxLength: 3 }),
  }),
);
const scc = fc.record({
  name: pick(SCCS.slice(0, 3)),
  users: fc.subarray(
    NAMESPACES.flatMap((n) => SAS.map((s) => `system:serviceaccount:${n}:${s}`)),
    { maxLength: 2 },
  ),
  groups: fc.subarray(
    NAMESPACES.map((n) => `system:serviceaccounts:${n}`),
    { maxLength: 1 },
  ),
});

describe('SCC grants through the subject index', () => {
  it('equal a scan of every binding for each namespace and ServiceAccount', () => {
    fc.assert(
      fc.property(
        fc.array(role, { maxLength: 6 }),
        fc.array(binding, { maxLength: 12 }),
        fc.uniqueArray(scc, { selector: (s) => s.name, maxLength: 3 }),
        fc.subarray(NAMESPACES, { minLength: 1 }),
        (roles, bindings, sccs, planned) => {
          const facts: ClusterFacts = {
            ...emptyFacts('src'),
            roles,
            bindings,
            sccs: sccs.map((s) => ({ ...s, object: { metadata: { name: s.name } } })),
          };
          const namespaces: NamespaceDecision[] = planned.map((n) => ({
            source: n,
            target: `${n}-new`,
            existsOnTarget: false,
            pods: 1,
            serviceAccounts: SAS,
            labels: {},
            annotations: {},
          }));
          const target = { ...emptyFacts('dst'), version: '4.12.0' };
          const expected = oracle(namespaces, facts);
          const grants = resolveSccGrants(namespaces, facts, target);
          // The same plan twice (several plans share a source): the cached index gives the same answer.
          expect(resolveSccGrants(namespaces, facts, target)).toEqual(grants);
          expect(
            new Map(
              grants.map((g) => [
                `${g.targetNamespace}/${g.serviceAccount}/${g.scc}`,
                `${g.via}: ${g.viaDetail}`,
              ]),
            ),
          ).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
