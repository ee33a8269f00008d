import { describe, expect, it } from 'vitest';
import {
  decideRsyncPolicy,
  policyTypes,
  RSYNC_CLIENT_LABELS,
  RSYNC_SERVER_LABELS,
  rsyncBlocked,
  selectorMatches,
} from '../src/plan/rules/network-allow.js';
import type { NetworkPolicyFact } from '../src/resolve/cluster-facts.js';

/**
 * Would existing NetworkPolicies stop the rsync pods of direct volume migration? (src/plan/rules/network-allow.ts)
 * Expected values are written by hand from:
 * - Kubernetes label selectors: kubernetes/apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector
 *   (matchLabels AND matchExpressions; an empty selector selects everything) and pkg/labels/selector.go
 *   Requirement.Matches (In: key present with a listed value; NotIn: key absent or value not listed;
 *   Exists / DoesNotExist: key presence).
 * - NetworkPolicy: kubernetes pkg/apis/networking/v1/defaults.go (SetDefaults_NetworkPolicy: policyTypes
 *   default Ingress, plus Egress when spec.egress is non-empty; SetDefaults_NetworkPolicyPort: protocol TCP)
 *   and k8s.io/api networking/v1 types.go (a missing or empty ports/to/from list matches all; port with endPort
 *   is an inclusive range; a port without a number matches every port of the protocol; policies are additive:
 *   a pod selected by any policy for a direction is isolated and gets the union of their rules).
 * - mig-controller pkg/controller/directvolumemigration task.go buildDVMLabels and rsync.go (server pods get
 *   purpose=rsync); the rsync client connects to the destination route on 443 (stunnel), resolving it by DNS,
 *   and the route's routers reach the server's stunnel on 6443 (mtc.md, DVM networking). OpenShift labels the
 *   router namespaces policy-group.network.openshift.io/ingress="" (and network.openshift.io/policy-group=ingress
 *   on OpenShift SDN); its DNS pods listen on 5353.
 */

describe('the rsync pod labels (mig-controller directvolumemigration task.go buildDVMLabels)', () => {
  it('client: owner and app; server: also purpose=rsync', () => {
    expect(RSYNC_CLIENT_LABELS).toStrictEqual({
      owner: 'directvolumemigration',
      app: 'directvolumemigration-rsync-transfer',
    });
    expect(RSYNC_SERVER_LABELS).toStrictEqual({
      owner: 'directvolumemigration',
      app: 'directvolumemigration-rsync-transfer',
      purpose: 'rsync',
    });
  });
});

describe('label selector semantics (apimachinery LabelSelectorAsSelector, Requirement.Matches)', () => {
  const labels = { app: 'web', tier: 'front', empty: '' };
  const expr = (key: string, operator: string, values?: string[]) => ({
    matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
  });
  it.each<[string, unknown, boolean]>([
    ['empty selector selects everything', {}, true],
    ['selector that is not a mapping is read as empty', 'x', true],
    ['a null selector is read as empty', null, true],
    ['matchLabels that are a list are read as empty', { matchLabels: ['app'] }, true],
    ['matchLabels all equal', { matchLabels: { app: 'web', tier: 'front' } }, true],
    ['matchLabels one differs', { matchLabels: { app: 'web', tier: 'back' } }, false],
    ['matchLabels key absent', { matchLabels: { zone: 'a' } }, false],
    ['In, value listed', expr('app', 'In', ['db', 'web']), true],
    ['In, value not listed', expr('app', 'In', ['db']), false],
    ['In, key absent', expr('zone', 'In', ['a']), false],
    ['In, empty value listed', expr('empty', 'In', ['']), true],
    ['NotIn, key absent', expr('zone', 'NotIn', ['a']), true],
    ['NotIn, value not listed', expr('app', 'NotIn', ['db']), true],
    ['NotIn, value listed', expr('app', 'NotIn', ['web']), false],
    ['Exists, present', expr('tier', 'Exists'), true],
    ['Exists, present with an empty value', expr('empty', 'Exists'), true],
    ['Exists, absent', expr('zone', 'Exists'), false],
    ['DoesNotExist, absent', expr('zone', 'DoesNotExist'), true],
    ['DoesNotExist, present', expr('app', 'DoesNotExist'), false],
    ['an operator Kubernetes rejects selects nothing', expr('app', 'Gt', ['1']), false],
    [
      'matchLabels AND matchExpressions: both hold',
      { matchLabels: { app: 'web' }, ...expr('tier', 'In', ['front']) },
      true,
    ],
    [
      'matchLabels AND matchExpressions: the expression fails',
      { matchLabels: { app: 'web' }, ...expr('tier', 'In', ['back']) },
      false,
    ],
    [
      'every expression must hold',
      {
        matchExpressions: [
          { key: 'app', operator: 'Exists' },
          { key: 'tier', operator: 'DoesNotExist' },
        ],
      },
      false,
    ],
  ])('%s', (_, selector, expected) => expect(selectorMatches(selector, labels)).toBe(expected));
});

describe('policyTypes defaulting (kubernetes networking/v1 SetDefaults_NetworkPolicy)', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['declared types are kept', { policyTypes: ['Egress'] }, ['Egress']],
    ['no types, no egress: Ingress', {}, ['Ingress']],
    ['no types, ingress rules only: Ingress', { ingress: [{}] }, ['Ingress']],
    ['no types, egress rules: Ingress and Egress', { egress: [{}] }, ['Ingress', 'Egress']],
    ['no types, an empty egress list is no egress rule: Ingress', { egress: [] }, ['Ingress']],
    ['an empty types list is defaulted', { policyTypes: [], egress: [{}] }, ['Ingress', 'Egress']],
  ])('%s', (_, spec, types) => expect(policyTypes(spec)).toStrictEqual(types));
});

const np = (name: string, spec: Record<string, unknown>): NetworkPolicyFact => ({
  namespace: 'app',
  name,
  spec,
});
const ALL = { cidr: '0.0.0.0/0' };
const https = { to: [{ ipBlock: ALL }], ports: [{ protocol: 'TCP', port: 443 }] };
const dns = { ports: [{ protocol: 'UDP', port: 53 }] };
const egress = (...rules: unknown[]) =>
  np('eg', { podSelector: {}, policyTypes: ['Egress'], egress: rules });

describe('rsync client egress: the route on TCP 443 outside the cluster, and DNS', () => {
  it.each<[string, NetworkPolicyFact[], boolean, string[]]>([
    ['no policy', [], false, []],
    ['an egress policy with no rule isolates', [egress()], true, ['eg']],
    ['an empty rule allows everything', [egress({})], false, ['eg']],
    ['443 to everywhere but no DNS', [egress(https)], true, ['eg']],
    ['443 to everywhere and DNS on 53/UDP', [egress(https, dns)], false, ['eg']],
    [
      'DNS on 5353/UDP (the OpenShift DNS pods)',
      [egress(https, { ports: [{ protocol: 'UDP', port: 5353 }] })],
      false,
      ['eg'],
    ],
    [
      'DNS allowed to in-cluster pods only still resolves',
      [egress(https, { ...dns, to: [{ podSelector: {} }] })],
      false,
      ['eg'],
    ],
    [
      'DNS on 53/TCP only is not enough',
      [egress(https, { ports: [{ protocol: 'TCP', port: 53 }] })],
      true,
      ['eg'],
    ],
    [
      'DNS port without a protocol is TCP',
      [egress(https, { ports: [{ port: 53 }] })],
      true,
      ['eg'],
    ],
    [
      '443 without a protocol is TCP',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 443 }] }, dns)],
      false,
      ['eg'],
    ],
    [
      '443/UDP is not the route',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ protocol: 'UDP', port: 443 }] }, dns)],
      true,
      ['eg'],
    ],
    [
      'every TCP port (no port number)',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ protocol: 'TCP' }] }, dns)],
      false,
      ['eg'],
    ],
    [
      'a range starting at 443',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 443, endPort: 500 }] }, dns)],
      false,
      ['eg'],
    ],
    [
      'a range ending at 443',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 400, endPort: 443 }] }, dns)],
      false,
      ['eg'],
    ],
    [
      'a range above 443',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 444, endPort: 500 }] }, dns)],
      true,
      ['eg'],
    ],
    [
      'a range below 443',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 80, endPort: 442 }] }, dns)],
      true,
      ['eg'],
    ],
    [
      'another single port',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 8443 }] }, dns)],
      true,
      ['eg'],
    ],
    ['443 to any destination (no to)', [egress({ ports: [{ port: 443 }] }, dns)], false, ['eg']],
    ['443 with an empty to list', [egress({ to: [], ports: [{ port: 443 }] }, dns)], false, ['eg']],
    [
      '443 to ::/0',
      [egress({ to: [{ ipBlock: { cidr: '::/0' } }], ports: [{ port: 443 }] }, dns)],
      false,
      ['eg'],
    ],
    [
      '443 to a private range only',
      [egress({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 443 }] }, dns)],
      true,
      ['eg'],
    ],
    [
      '443 to cluster pods only',
      [egress({ to: [{ podSelector: {} }], ports: [{ port: 443 }] }, dns)],
      true,
      ['eg'],
    ],
    [
      '443 to namespaces only',
      [egress({ to: [{ namespaceSelector: {} }], ports: [{ port: 443 }] }, dns)],
      true,
      ['eg'],
    ],
    [
      'one of several peers reaches outside',
      [egress({ to: [{ podSelector: {} }, { ipBlock: ALL }], ports: [{ port: 443 }] }, dns)],
      false,
      ['eg'],
    ],
    [
      'policies add up: a deny-all plus an allow',
      [egress(), { ...egress(https, dns), name: 'allow' }],
      false,
      ['allow', 'eg'],
    ],
    [
      'the rule allowing 443 and DNS can be one rule',
      [egress({ to: [{ ipBlock: ALL }], ports: [{ port: 443 }, { protocol: 'UDP', port: 53 }] })],
      false,
      ['eg'],
    ],
    [
      'an ingress-only policy does not isolate egress',
      [np('in', { podSelector: {}, policyTypes: ['Ingress'] })],
      false,
      [],
    ],
    [
      'default types with egress rules isolate egress',
      [np('d', { podSelector: {}, egress: [https] })],
      true,
      ['d'],
    ],
    [
      'default types with an empty egress list do not isolate egress',
      [np('d', { podSelector: {}, egress: [] })],
      false,
      [],
    ],
    [
      'a policy for other pods does not apply',
      [np('web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] })],
      false,
      [],
    ],
    [
      'a policy for server pods (purpose=rsync) does not select the client',
      [np('srv', { podSelector: { matchLabels: { purpose: 'rsync' } }, policyTypes: ['Egress'] })],
      false,
      [],
    ],
    [
      'a policy selecting owner=directvolumemigration does',
      [
        np('dvm', {
          podSelector: { matchLabels: { owner: 'directvolumemigration' } },
          policyTypes: ['Egress'],
        }),
      ],
      true,
      ['dvm'],
    ],
    [
      'a selecting policy whose ingress rules allow everything still blocks egress',
      [np('x', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] })],
      true,
      ['x'],
    ],
  ])('%s: blocked %s', (_, policies, blocked, selecting) =>
    expect(rsyncBlocked(policies, 'source')).toStrictEqual({ blocked, selecting }),
  );
});

const ingress = (...rules: unknown[]) =>
  np('in', { podSelector: {}, policyTypes: ['Ingress'], ingress: rules });
const fromNs = (matchLabels: Record<string, string>) => ({
  from: [{ namespaceSelector: { matchLabels } }],
  ports: [{ protocol: 'TCP', port: 6443 }],
});

describe('rsync server ingress: from the ingress routers on TCP 6443', () => {
  it.each<[string, NetworkPolicyFact[], boolean, string[]]>([
    ['no policy', [], false, []],
    ['an ingress policy with no rule isolates', [ingress()], true, ['in']],
    ['an empty rule allows everything', [ingress({})], false, ['in']],
    [
      'router namespaces by policy-group.network.openshift.io/ingress',
      [ingress(fromNs({ 'policy-group.network.openshift.io/ingress': '' }))],
      false,
      ['in'],
    ],
    [
      'router namespaces by network.openshift.io/policy-group=ingress',
      [ingress(fromNs({ 'network.openshift.io/policy-group': 'ingress' }))],
      false,
      ['in'],
    ],
    [
      'network.openshift.io/policy-group of another group',
      [ingress(fromNs({ 'network.openshift.io/policy-group': 'monitoring' }))],
      true,
      ['in'],
    ],
    ['another namespace label', [ingress(fromNs({ name: 'other' }))], true, ['in']],
    [
      'every namespace (empty namespaceSelector)',
      [ingress({ from: [{ namespaceSelector: {} }], ports: [{ port: 6443 }] })],
      false,
      ['in'],
    ],
    [
      'a namespaceSelector that is not a mapping is read as empty: every namespace',
      [ingress({ from: [{ namespaceSelector: ['x'] }], ports: [{ port: 6443 }] })],
      false,
      ['in'],
    ],
    [
      'a pod selector narrows to pods, never the routers',
      [ingress({ from: [{ namespaceSelector: {}, podSelector: {} }], ports: [{ port: 6443 }] })],
      true,
      ['in'],
    ],
    [
      'pods of this namespace',
      [ingress({ from: [{ podSelector: {} }], ports: [{ port: 6443 }] })],
      true,
      ['in'],
    ],
    [
      'from everywhere by ipBlock',
      [ingress({ from: [{ ipBlock: ALL }], ports: [{ port: 6443 }] })],
      false,
      ['in'],
    ],
    [
      'from a private range',
      [ingress({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 6443 }] })],
      true,
      ['in'],
    ],
    ['from anyone (no from)', [ingress({ ports: [{ port: 6443 }] })], false, ['in']],
    ['an empty from list', [ingress({ from: [], ports: [{ port: 6443 }] })], false, ['in']],
    [
      'the route port 443 is not the server port',
      [ingress({ ports: [{ port: 443 }] })],
      true,
      ['in'],
    ],
    [
      '6443/UDP is not stunnel',
      [ingress({ ports: [{ protocol: 'UDP', port: 6443 }] })],
      true,
      ['in'],
    ],
    ['every port (empty ports list)', [ingress({ ports: [] })], false, ['in']],
    [
      'a policy for purpose=rsync selects the server',
      [np('srv', { podSelector: { matchLabels: { purpose: 'rsync' } }, policyTypes: ['Ingress'] })],
      true,
      ['srv'],
    ],
    [
      'default types (no policyTypes) always isolate ingress',
      [np('d', { podSelector: {} })],
      true,
      ['d'],
    ],
    [
      'an egress-only policy does not isolate ingress',
      [np('e', { podSelector: {}, policyTypes: ['Egress'] })],
      false,
      [],
    ],
  ])('%s: blocked %s', (_, policies, blocked, selecting) =>
    expect(rsyncBlocked(policies, 'target')).toStrictEqual({ blocked, selecting }),
  );
});

describe('decideRsyncPolicy: auto only where blocked, always everywhere, never nowhere', () => {
  const deny = np('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const deny2 = np('a-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const SRC_WHAT = 'egress of the rsync client pods to the target route (443) and DNS';
  const DST_WHAT = 'ingress from the routers to the rsync server (6443)';
  it.each<
    [
      'auto' | 'always' | 'never',
      'source' | 'target',
      NetworkPolicyFact[],
      { blockedBy: string[]; rule: string; detail: string } | undefined,
    ]
  >([
    ['never', 'source', [deny], undefined],
    ['never', 'target', [], undefined],
    ['auto', 'source', [], undefined],
    ['auto', 'target', [], undefined],
    [
      'auto',
      'source',
      [deny, deny2],
      {
        blockedBy: ['a-deny', 'deny'],
        rule: 'blocked',
        detail: `NetworkPolicy a-deny, deny in ns1 would block ${SRC_WHAT}`,
      },
    ],
    [
      'auto',
      'target',
      [deny],
      {
        blockedBy: ['deny'],
        rule: 'blocked',
        detail: `NetworkPolicy deny in ns1 would block ${DST_WHAT}`,
      },
    ],
    [
      'always',
      'source',
      [],
      { blockedBy: [], rule: 'always', detail: `rsyncPolicies: always (${SRC_WHAT})` },
    ],
    [
      'always',
      'target',
      [],
      { blockedBy: [], rule: 'always', detail: `rsyncPolicies: always (${DST_WHAT})` },
    ],
    [
      'always',
      'target',
      [deny],
      {
        blockedBy: ['deny'],
        rule: 'blocked',
        detail: `NetworkPolicy deny in ns1 would block ${DST_WHAT}`,
      },
    ],
  ])('%s on the %s side with %#', (mode, side, policies, want) => {
    const d = decideRsyncPolicy(mode, side, 'c1', 'ns1', policies);
    expect(d).toStrictEqual(
      want && {
        side,
        cluster: 'c1',
        namespace: 'ns1',
        blockedBy: want.blockedBy,
        reason: { rule: want.rule, detail: want.detail },
      },
    );
  });
});
