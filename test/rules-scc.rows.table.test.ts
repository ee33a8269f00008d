import { describe, expect, it } from 'vitest';
import { hasSccClusterRoles, resolveSccGrants } from '../src/plan/rules/scc.js';
import type { NamespaceDecision } from '../src/plan/types.js';
import {
  emptyFacts,
  type BindingFact,
  type ClusterFacts,
  type PolicyRule,
  type RoleFact,
  type SccFact,
  type Subject,
} from '../src/resolve/cluster-facts.js';

/**
 * More rows for scc.ts (cases test/rules-scc.table.test.ts does not have), one per case, expected values
 * written by hand from:
 * - openshift/apiserver-library-go pkg/securitycontextconstraints/sccmatching ConstraintAppliesTo and
 *   authorizedForSCC: an SCC applies to a service account named in `users`, to one of its groups in
 *   `groups`, or when RBAC allows verb `use` on security.openshift.io securitycontextconstraints/<name> in the
 *   pod's namespace (OpenShift docs, "Managing security context constraints": granting an SCC through a Role or
 *   ClusterRole with the `use` verb).
 * - kubernetes pkg/registry/rbac/validation/rule.go appliesToUser: a User subject matches the user name
 *   (system:serviceaccount:<ns>:<sa>), a Group subject one of the user's groups, a ServiceAccount subject the
 *   (namespace, name) pair; any other kind matches nobody. VisitRulesFor: a RoleBinding counts in its own
 *   namespace only; a ClusterRoleBinding's roleRef is resolved as a ClusterRole (a Role needs a namespace).
 * - cluster-kube-apiserver-operator: the per-SCC `system:openshift:scc:<name>` ClusterRoles from OCP 4.8.
 * Facts are built by hand so only scc.ts is under test.
 */

const saUser = (ns: string, sa: string) => `system:serviceaccount:${ns}:${sa}`;

function sccFact(name: string, users: string[] = [], groups: string[] = []): SccFact {
  return {
    name,
    users,
    groups,
    object: {
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: { name },
      users,
      groups,
    },
  };
}

const USE = (names: string[]): PolicyRule => ({
  apiGroups: ['security.openshift.io'],
  resources: ['securitycontextconstraints'],
  verbs: ['use'],
  resourceNames: names,
});
const clusterRole = (name: string, rules: PolicyRule[]): RoleFact => ({
  kind: 'ClusterRole',
  name,
  rules,
});
const role = (namespace: string, name: string, rules: PolicyRule[]): RoleFact => ({
  kind: 'Role',
  namespace,
  name,
  rules,
});
const rb = (
  namespace: string,
  name: string,
  roleRef: BindingFact['roleRef'],
  subjects: Subject[],
): BindingFact => ({ kind: 'RoleBinding', namespace, name, roleRef, subjects });
const crb = (name: string, roleRef: BindingFact['roleRef'], subjects: Subject[]): BindingFact => ({
  kind: 'ClusterRoleBinding',
  name,
  roleRef,
  subjects,
});
const CR = (name: string) => ({ kind: 'ClusterRole', name });
const SA = (name: string, namespace: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});

const nsDecision = (source: string, serviceAccounts: string[]): NamespaceDecision => ({
  source,
  target: source,
  existsOnTarget: false,
  pods: 0,
  serviceAccounts,
  labels: {},
  annotations: {},
});

/** Grants for app/sa1, as `<target ns>/<sa>:<scc>:<via>`. */
function grants(src: Partial<ClusterFacts>): string[] {
  const source: ClusterFacts = { ...emptyFacts('src'), ...src };
  const target: ClusterFacts = { ...emptyFacts('dst'), version: '4.12.0' };
  return resolveSccGrants([nsDecision('app', ['sa1'])], source, target).map(
    (g) => `${g.targetNamespace}/${g.serviceAccount}:${g.scc}:${g.via}`,
  );
}

describe('per-SCC ClusterRoles from OCP 4.8, any later major included (hasSccClusterRoles)', () => {
  it.each([
    ['10.0.0', true],
    ['4.8.0-rc.3', true],
  ] as [string, boolean][])('%s -> %s', (version, want) => {
    expect(hasSccClusterRoles(version)).toBe(want);
  });
});

describe('RBAC subjects that are, or are not, the service account app/sa1 (rule.go appliesToUser)', () => {
  const custom = sccFact('custom');
  const useCustom = clusterRole('use-custom', [USE(['custom'])]);
  type Row = [string, BindingFact[], string[]];
  it.each([
    [
      'a subject of an unknown kind named like the SA user matches nobody',
      [crb('c', CR('use-custom'), [{ kind: 'ServiceAccountUser', name: saUser('app', 'sa1') }])],
      [],
    ],
    [
      'a subject of an unknown kind named like the namespace SA group matches nobody',
      [crb('c', CR('use-custom'), [{ kind: 'Groups', name: 'system:serviceaccounts:app' }])],
      [],
    ],
    [
      'a ServiceAccount ap/psa1 is not app/sa1 (namespace and name compared apart)',
      [crb('c', CR('use-custom'), [SA('psa1', 'ap')])],
      [],
    ],
    [
      'a ServiceAccount appsa/1 is not app/sa1',
      [crb('c', CR('use-custom'), [SA('1', 'appsa')])],
      [],
    ],
    [
      'a RoleBinding in the namespace to the namespace SA group',
      [rb('app', 'b', CR('use-custom'), [{ kind: 'Group', name: 'system:serviceaccounts:app' }])],
      ['app/sa1:custom:rbac'],
    ],
    [
      'a RoleBinding in another namespace to the app SA group counts only in that namespace',
      [rb('other', 'b', CR('use-custom'), [{ kind: 'Group', name: 'system:serviceaccounts:app' }])],
      [],
    ],
    [
      'a RoleBinding in another namespace to the SA user counts only in that namespace',
      [rb('other', 'b', CR('use-custom'), [{ kind: 'User', name: saUser('app', 'sa1') }])],
      [],
    ],
    [
      'a RoleBinding in the namespace to the SA user',
      [rb('app', 'b', CR('use-custom'), [{ kind: 'User', name: saUser('app', 'sa1') }])],
      ['app/sa1:custom:rbac'],
    ],
  ] as Row[])('%s', (_n, bindings, want) => {
    expect(grants({ sccs: [custom], roles: [useCustom], bindings })).toEqual(want);
  });
});

describe('which role a binding resolves to (rule.go GetRoleReferenceRules)', () => {
  type Row = [string, SccFact[], RoleFact[], BindingFact[], string[]];
  it.each([
    [
      'a ClusterRoleBinding to a Role resolves no Role (no namespace)',
      [sccFact('custom')],
      [role('app', 'use', [USE(['custom'])])],
      [crb('c', { kind: 'Role', name: 'use' }, [SA('sa1', 'app')])],
      [],
    ],
    [
      'a recorded system:openshift:scc:<name> ClusterRole grants what its rules say',
      [sccFact('custom'), sccFact('other')],
      [clusterRole('system:openshift:scc:custom', [USE(['other'])])],
      [crb('c', CR('system:openshift:scc:custom'), [SA('sa1', 'app')])],
      ['app/sa1:other:rbac'],
    ],
    [
      'an unrecorded system:openshift:scc: ClusterRole without an SCC name grants nothing',
      [sccFact('custom')],
      [],
      [crb('c', CR('system:openshift:scc:'), [SA('sa1', 'app')])],
      [],
    ],
    [
      'an unrecorded system:openshift:scc:<name> for an SCC the source does not have grants nothing',
      [sccFact('custom')],
      [],
      [crb('c', CR('system:openshift:scc:gone'), [SA('sa1', 'app')])],
      [],
    ],
    [
      'a RoleBinding to a Role of its namespace and a ClusterRoleBinding: both SCCs',
      [sccFact('a'), sccFact('b')],
      [role('app', 'use-a', [USE(['a'])]), clusterRole('use-b', [USE(['b'])])],
      [
        rb('app', 'ra', { kind: 'Role', name: 'use-a' }, [SA('sa1', 'app')]),
        crb('cb', CR('use-b'), [{ kind: 'Group', name: 'system:serviceaccounts:app' }]),
      ],
      ['app/sa1:a:rbac', 'app/sa1:b:rbac'],
    ],
  ] as Row[])('%s', (_n, sccs, roles, bindings, want) => {
    expect(grants({ sccs, roles, bindings })).toEqual(want);
  });
});

describe('SCC users and groups before RBAC, group before RBAC (the first way found is kept)', () => {
  it('an SCC listing the namespace group and granted by RBAC is recorded as group', () => {
    expect(
      grants({
        sccs: [sccFact('custom', [], ['system:serviceaccounts:app'])],
        roles: [clusterRole('r', [USE(['custom'])])],
        bindings: [crb('c', CR('r'), [SA('sa1', 'app')])],
      }),
    ).toEqual(['app/sa1:custom:group']);
  });
});
