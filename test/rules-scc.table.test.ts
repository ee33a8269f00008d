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
 * scc.ts, one row per case, expected values written by hand from the rules it follows:
 * - OpenShift SCC admission (openshift/apiserver-library-go pkg/securitycontextconstraints/sccadmission,
 *   sccmatching): an SCC applies to a service account listed in `users` as
 *   system:serviceaccount:<ns>:<name>, to a member of a group in `groups`, or to one authorized to `use`
 *   the SCC (security.openshift.io securitycontextconstraints, verb use) in the pod's namespace.
 * - Kubernetes RBAC (kubernetes pkg/registry/rbac/validation/rule.go appliesToUser, RuleAllows): a
 *   ServiceAccount subject without namespace takes the binding's namespace; a RoleBinding applies in its
 *   own namespace only; `*` matches any group/resource/verb; a Role is looked up in the binding's namespace.
 * - The per-SCC `system:openshift:scc:<name>` ClusterRoles of OCP 4.8+ (cluster-kube-apiserver-operator
 *   bindata/bootkube/scc-manifests), and the default SCCs OpenShift owns.
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
      metadata: { name, annotations: { note: 'kept' } },
      users,
      groups,
      allowHostNetwork: false,
    },
  };
}

const USE = (names: string[], over: Partial<PolicyRule> = {}): PolicyRule => ({
  apiGroups: ['security.openshift.io'],
  resources: ['securitycontextconstraints'],
  verbs: ['use'],
  resourceNames: names,
  ...over,
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
): BindingFact => ({
  kind: 'RoleBinding',
  namespace,
  name,
  roleRef,
  subjects,
});
const crb = (name: string, roleRef: BindingFact['roleRef'], subjects: Subject[]): BindingFact => ({
  kind: 'ClusterRoleBinding',
  name,
  roleRef,
  subjects,
});
const CR = (name: string) => ({ kind: 'ClusterRole', name });
const SA = (name: string, namespace?: string): Subject =>
  namespace === undefined
    ? { kind: 'ServiceAccount', name }
    : { kind: 'ServiceAccount', name, namespace };

const nsDecision = (
  source: string,
  target: string,
  serviceAccounts: string[],
): NamespaceDecision => ({
  source,
  target,
  existsOnTarget: false,
  pods: 0,
  serviceAccounts,
  labels: {},
  annotations: {},
});

function grants(
  src: Partial<ClusterFacts>,
  opts: {
    target?: { version?: string | undefined; sccs?: SccFact[] };
    namespaces?: NamespaceDecision[];
  } = {},
) {
  const source: ClusterFacts = { ...emptyFacts('src'), ...src };
  const target: ClusterFacts = { ...emptyFacts('dst'), sccs: opts.target?.sccs ?? [] };
  const version = opts.target && 'version' in opts.target ? opts.target.version : '4.12.0';
  if (version !== undefined) target.version = version;
  return resolveSccGrants(opts.namespaces ?? [nsDecision('app', 'app', ['sa1'])], source, target);
}
const short = (gs: ReturnType<typeof grants>) =>
  gs.map((g) => `${g.targetNamespace}/${g.serviceAccount}:${g.scc}:${g.via}`);

describe('per-SCC ClusterRoles exist from OCP 4.8 (hasSccClusterRoles)', () => {
  it.each([
    ['4.8.0', true],
    ['4.8', true],
    ['4.10.3', true],
    ['4.7.9', false],
    ['4.6.0', false],
    ['5.0.0', true],
    ['3.11.0', false],
    ['4', false],
    ['v4.9.0', false],
    ['', false],
    [undefined, false],
  ] as [string | undefined, boolean][])('%s -> %s', (version, want) => {
    expect(hasSccClusterRoles(version)).toBe(want);
  });
});

describe('SCC users and groups (sccmatching: users list, groups list)', () => {
  it.each([
    [
      'the SA is a user of the SCC',
      [sccFact('custom', [saUser('app', 'sa1')])],
      ['app/sa1:custom:users'],
    ],
    [
      'the SA namespace group',
      [sccFact('custom', [], ['system:serviceaccounts:app'])],
      ['app/sa1:custom:group'],
    ],
    [
      'user and group: recorded as user',
      [sccFact('custom', [saUser('app', 'sa1')], ['system:serviceaccounts:app'])],
      ['app/sa1:custom:users'],
    ],
    [
      'all service accounts: left to the target defaults',
      [sccFact('custom', [], ['system:serviceaccounts'])],
      [],
    ],
    [
      'all authenticated users: left to the target defaults',
      [sccFact('custom', [], ['system:authenticated'])],
      [],
    ],
    ['another SA of the namespace', [sccFact('custom', [saUser('app', 'other')])], []],
    ['the same SA name in another namespace', [sccFact('custom', [saUser('other', 'sa1')])], []],
    ['another namespace group', [sccFact('custom', [], ['system:serviceaccounts:other'])], []],
  ] as [string, SccFact[], string[]][])('%s', (_n, sccs, want) => {
    expect(short(grants({ sccs }))).toEqual(want);
  });
  it('records why', () => {
    const [u] = grants({ sccs: [sccFact('custom', [saUser('app', 'sa1')])] });
    const [g] = grants({ sccs: [sccFact('custom', [], ['system:serviceaccounts:app'])] });
    expect(u?.viaDetail).toBe('SCC custom lists system:serviceaccount:app:sa1');
    expect(g?.viaDetail).toBe('SCC custom lists group system:serviceaccounts:app');
  });
});

describe('RBAC `use` of an SCC (rule.go appliesToUser / RuleAllows; sccadmission authorizedForSCC)', () => {
  const custom = sccFact('custom');
  const useCustom = clusterRole('use-custom', [USE(['custom'])]);
  type Row = [string, BindingFact[], RoleFact[], string[]];
  it.each([
    [
      'RoleBinding in the namespace, SA subject',
      [rb('app', 'b', CR('use-custom'), [SA('sa1', 'app')])],
      [useCustom],
      ['app/sa1:custom:rbac'],
    ],
    [
      'RoleBinding, SA subject without namespace: the binding namespace',
      [rb('app', 'b', CR('use-custom'), [SA('sa1')])],
      [useCustom],
      ['app/sa1:custom:rbac'],
    ],
    [
      'RoleBinding in another namespace naming app/sa1: no grant in app',
      [rb('other', 'b', CR('use-custom'), [SA('sa1', 'app')])],
      [useCustom],
      [],
    ],
    [
      'RoleBinding in another namespace, SA subject without namespace: another SA',
      [rb('other', 'b', CR('use-custom'), [SA('sa1')])],
      [useCustom],
      [],
    ],
    [
      'ClusterRoleBinding, SA subject',
      [crb('c', CR('use-custom'), [SA('sa1', 'app')])],
      [useCustom],
      ['app/sa1:custom:rbac'],
    ],
    [
      'ClusterRoleBinding, SA subject without namespace: nobody',
      [crb('c', CR('use-custom'), [SA('sa1')])],
      [useCustom],
      [],
    ],
    [
      'ClusterRoleBinding, the SA as a User',
      [crb('c', CR('use-custom'), [{ kind: 'User', name: saUser('app', 'sa1') }])],
      [useCustom],
      ['app/sa1:custom:rbac'],
    ],
    [
      'ClusterRoleBinding, the namespace SA group',
      [crb('c', CR('use-custom'), [{ kind: 'Group', name: 'system:serviceaccounts:app' }])],
      [useCustom],
      ['app/sa1:custom:rbac'],
    ],
    [
      'a Group named like the SA user is not the user',
      [crb('c', CR('use-custom'), [{ kind: 'Group', name: saUser('app', 'sa1') }])],
      [useCustom],
      [],
    ],
    [
      'a User named like the namespace group is not the group',
      [crb('c', CR('use-custom'), [{ kind: 'User', name: 'system:serviceaccounts:app' }])],
      [useCustom],
      [],
    ],
    [
      'an unknown subject kind',
      [crb('c', CR('use-custom'), [{ kind: 'Robot', name: 'sa1', namespace: 'app' }])],
      [useCustom],
      [],
    ],
    ['another SA', [crb('c', CR('use-custom'), [SA('sa2', 'app')])], [useCustom], []],
    [
      'a Role in the binding namespace',
      [rb('app', 'b', { kind: 'Role', name: 'use' }, [SA('sa1', 'app')])],
      [role('app', 'use', [USE(['custom'])])],
      ['app/sa1:custom:rbac'],
    ],
    [
      'a Role of that name in another namespace',
      [rb('app', 'b', { kind: 'Role', name: 'use' }, [SA('sa1', 'app')])],
      [role('other', 'use', [USE(['custom'])])],
      [],
    ],
    [
      'a ClusterRole reference does not find a Role of that name',
      [rb('app', 'b', CR('use'), [SA('sa1', 'app')])],
      [role('app', 'use', [USE(['custom'])])],
      [],
    ],
    [
      'a Role reference does not find a ClusterRole of that name',
      [rb('app', 'b', { kind: 'Role', name: 'use-custom' }, [SA('sa1', 'app')])],
      [useCustom],
      [],
    ],
    [
      'a binding to a role that is not recorded',
      [crb('c', CR('missing'), [SA('sa1', 'app')])],
      [],
      [],
    ],
    [
      'the unrecorded system:openshift:scc:<name> ClusterRole still grants its SCC',
      [crb('c', CR('system:openshift:scc:custom'), [SA('sa1', 'app')])],
      [],
      ['app/sa1:custom:rbac'],
    ],
    [
      'an unrecorded role that only ends like a system SCC role grants nothing',
      [crb('c', CR('my-system:openshift:scc:custom'), [SA('sa1', 'app')])],
      [],
      [],
    ],
    [
      'apiGroups *',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { apiGroups: ['*'] })])],
      ['app/sa1:custom:rbac'],
    ],
    [
      'resources *',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { resources: ['*'] })])],
      ['app/sa1:custom:rbac'],
    ],
    [
      'verbs *',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { verbs: ['*'] })])],
      ['app/sa1:custom:rbac'],
    ],
    [
      'another API group',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { apiGroups: [''] })])],
      [],
    ],
    [
      'another resource',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { resources: ['pods'] })])],
      [],
    ],
    [
      'another verb',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { verbs: ['get', 'list'] })])],
      [],
    ],
    [
      'no resourceNames (every SCC): not replicated per namespace',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE([])])],
      [],
    ],
    [
      'a resourceName that is no SCC of the source',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['gone'])])],
      [],
    ],
    [
      'a later matching rule after a non-matching one',
      [crb('c', CR('r'), [SA('sa1', 'app')])],
      [clusterRole('r', [USE(['custom'], { verbs: ['get'] }), USE(['custom'])])],
      ['app/sa1:custom:rbac'],
    ],
  ] as Row[])('%s', (_n, bindings, roles, want) => {
    expect(short(grants({ sccs: [custom], bindings, roles }))).toEqual(want);
  });
  it('names the binding and the role', () => {
    const useCustomRole = role('app', 'use', [USE(['custom'])]);
    const r = grants({
      sccs: [custom],
      roles: [useCustomRole],
      bindings: [rb('app', 'b', { kind: 'Role', name: 'use' }, [SA('sa1')])],
    });
    expect(r.map((g) => g.viaDetail)).toEqual([
      'RoleBinding app/b grants use of custom via Role use',
    ]);
    const c = grants({
      sccs: [custom],
      bindings: [crb('c', CR('system:openshift:scc:custom'), [SA('sa1', 'app')])],
    });
    expect(c.map((g) => g.viaDetail)).toEqual([
      'ClusterRoleBinding c grants use of custom via ClusterRole system:openshift:scc:custom',
    ]);
  });
  it('the first binding in cluster order gives the detail, whichever subject matched', () => {
    const r = grants({
      sccs: [custom],
      roles: [useCustom],
      bindings: [
        crb('first', CR('use-custom'), [{ kind: 'User', name: saUser('app', 'sa1') }]),
        crb('second', CR('use-custom'), [SA('sa1', 'app')]),
      ],
    });
    expect(r.map((g) => g.viaDetail)).toEqual([
      'ClusterRoleBinding first grants use of custom via ClusterRole use-custom',
    ]);
  });
  it('every binding of a subject counts, not only the last one filed', () => {
    const r = grants({
      sccs: [sccFact('a'), sccFact('b')],
      roles: [clusterRole('use-a', [USE(['a'])]), clusterRole('use-b', [USE(['b'])])],
      bindings: [
        crb('ca', CR('use-a'), [SA('sa1', 'app')]),
        crb('cb', CR('use-b'), [SA('sa1', 'app')]),
      ],
    });
    expect(short(r)).toEqual(['app/sa1:a:rbac', 'app/sa1:b:rbac']);
  });
  it('a binding shared by two service accounts grants both', () => {
    const r = grants(
      {
        sccs: [custom],
        roles: [useCustom],
        bindings: [crb('c', CR('use-custom'), [SA('sa1', 'app'), SA('sa2', 'app')])],
      },
      { namespaces: [nsDecision('app', 'app', ['sa1', 'sa2'])] },
    );
    expect(short(r)).toEqual(['app/sa1:custom:rbac', 'app/sa2:custom:rbac']);
  });
  it('one rule naming several SCCs grants each', () => {
    const r = grants({
      sccs: [sccFact('zeta'), sccFact('alpha')],
      roles: [clusterRole('r', [USE(['zeta', 'alpha', 'zeta'])])],
      bindings: [crb('c', CR('r'), [SA('sa1', 'app')])],
    });
    expect(short(r)).toEqual(['app/sa1:alpha:rbac', 'app/sa1:zeta:rbac']);
  });
});

describe('how a grant is carried to the target (built-in SCC ClusterRoles from 4.8; custom SCCs re-created)', () => {
  type Row = [string, string, string | undefined, string[], Record<string, unknown>];
  it.each([
    [
      'built-in on 4.8+: its system ClusterRole',
      'anyuid',
      '4.12.0',
      ['anyuid'],
      {
        existsOnTarget: true,
        clusterRole: 'system:openshift:scc:anyuid',
        emitClusterRole: false,
        emitScc: false,
      },
    ],
    [
      'built-in on 4.7: our ClusterRole, never the SCC',
      'anyuid',
      '4.7.0',
      ['anyuid'],
      {
        existsOnTarget: true,
        clusterRole: 'migplan:scc:anyuid',
        emitClusterRole: true,
        emitScc: false,
      },
    ],
    [
      'built-in, target SCCs unknown: never the SCC',
      'restricted-v2',
      '4.12.0',
      [],
      {
        existsOnTarget: false,
        clusterRole: 'system:openshift:scc:restricted-v2',
        emitClusterRole: false,
        emitScc: false,
      },
    ],
    [
      'built-in, target version unknown: our ClusterRole',
      'privileged',
      undefined,
      [],
      {
        existsOnTarget: false,
        clusterRole: 'migplan:scc:privileged',
        emitClusterRole: true,
        emitScc: false,
      },
    ],
    [
      'custom present on the target: only our ClusterRole',
      'custom',
      '4.12.0',
      ['custom'],
      {
        existsOnTarget: true,
        clusterRole: 'migplan:scc:custom',
        emitClusterRole: true,
        emitScc: false,
      },
    ],
  ] as Row[])('%s', (_n, name, version, onTarget, want) => {
    const [g, ...rest] = grants(
      { sccs: [sccFact(name, [saUser('app', 'sa1')])] },
      { target: { version, sccs: onTarget.map((n) => sccFact(n)) } },
    );
    expect(rest).toEqual([]);
    expect(g).toMatchObject(want);
    expect(g && 'sccObject' in g).toBe(false);
  });
  it('a custom SCC missing on the target is re-created without users or groups, labelled as ours', () => {
    const r = grants(
      { sccs: [sccFact('custom', [saUser('app', 'sa1')], ['system:serviceaccounts:app'])] },
      { namespaces: [nsDecision('app', 'app-new', ['sa1'])] },
    );
    expect(r).toEqual([
      {
        scc: 'custom',
        namespace: 'app',
        serviceAccount: 'sa1',
        targetNamespace: 'app-new',
        via: 'users',
        viaDetail: 'SCC custom lists system:serviceaccount:app:sa1',
        existsOnTarget: false,
        clusterRole: 'migplan:scc:custom',
        emitClusterRole: true,
        emitScc: true,
        sccObject: {
          apiVersion: 'security.openshift.io/v1',
          kind: 'SecurityContextConstraints',
          metadata: {
            name: 'custom',
            annotations: { note: 'kept' },
            labels: { 'app.kubernetes.io/managed-by': 'migplan' },
          },
          users: [],
          groups: [],
          allowHostNetwork: false,
        },
      },
    ]);
  });
});

describe('one grant per target namespace, SA and SCC, sorted', () => {
  it('the first way found is kept (users before RBAC)', () => {
    const r = grants({
      sccs: [sccFact('custom', [saUser('app', 'sa1')])],
      roles: [clusterRole('r', [USE(['custom'])])],
      bindings: [crb('c', CR('r'), [SA('sa1', 'app')])],
    });
    expect(short(r)).toEqual(['app/sa1:custom:users']);
  });
  it('two source namespaces merged into one target namespace share a grant', () => {
    const r = grants(
      { sccs: [sccFact('custom', [saUser('a', 'sa1'), saUser('b', 'sa1')])] },
      { namespaces: [nsDecision('a', 'merged', ['sa1']), nsDecision('b', 'merged', ['sa1'])] },
    );
    expect(
      r.map((g) => `${g.namespace}->${g.targetNamespace}/${g.serviceAccount}:${g.scc}`),
    ).toEqual(['a->merged/sa1:custom']);
  });
  it('sorted by target namespace, then SCC, then service account', () => {
    const r = grants(
      {
        sccs: [
          sccFact('zeta', [saUser('b', 'x'), saUser('a', 'y'), saUser('a', 'x')]),
          sccFact('alpha', [saUser('b', 'x'), saUser('a', 'y')]),
        ],
      },
      { namespaces: [nsDecision('b', 'b', ['x']), nsDecision('a', 'a', ['y', 'x'])] },
    );
    expect(r.map((g) => `${g.targetNamespace}/${g.scc}/${g.serviceAccount}`)).toEqual([
      'a/alpha/y',
      'a/zeta/x',
      'a/zeta/y',
      'b/alpha/x',
      'b/zeta/x',
    ]);
  });
});
