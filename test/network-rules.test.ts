import { describe, expect, it } from 'vitest';
import { allowCidr, toEgressFirewall } from '../src/plan/rules/egress.js';
import {
  decideRsyncPolicy,
  rsyncBlocked,
  selectorMatches,
} from '../src/plan/rules/network-allow.js';
import type { EgressFact, NetworkPolicyFact } from '../src/resolve/cluster-facts.js';
import { plan } from '../src/plan/plan.js';
import { facts, k, specWith } from './helpers/facts.js';

const np = (name: string, spec: Record<string, unknown>): NetworkPolicyFact => ({
  namespace: 'app',
  name,
  spec,
});
const rsync = { owner: 'directvolumemigration', app: 'directvolumemigration-rsync-transfer' };

describe('label selectors', () => {
  it.each([
    [{}, true],
    [{ matchLabels: { owner: 'directvolumemigration' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [
      {
        matchExpressions: [
          { key: 'app', operator: 'In', values: ['directvolumemigration-rsync-transfer'] },
        ],
      },
      true,
    ],
    [
      {
        matchExpressions: [
          { key: 'app', operator: 'NotIn', values: ['directvolumemigration-rsync-transfer'] },
        ],
      },
      false,
    ],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'owner', operator: 'Exists' }] }, true],
    [
      {
        matchLabels: { owner: 'directvolumemigration' },
        matchExpressions: [{ key: 'app', operator: 'In', values: ['other'] }],
      },
      false,
    ],
  ])('%j matches the rsync pods: %s', (selector, expected) =>
    expect(selectorMatches(selector, rsync)).toBe(expected),
  );
});

describe('does a NetworkPolicy set block rsync?', () => {
  it('no policy: open', () => expect(rsyncBlocked([], 'source').blocked).toBe(false));
  it('default deny (empty selector, both directions) blocks egress and ingress', () => {
    const deny = np('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(rsyncBlocked([deny], 'source')).toEqual({ blocked: true, selecting: ['deny-all'] });
    expect(rsyncBlocked([deny], 'target').blocked).toBe(true);
  });
  it('an ingress-only policy does not block egress', () => {
    const ingressOnly = np('ingress-only', { podSelector: {} });
    expect(rsyncBlocked([ingressOnly], 'source').blocked).toBe(false);
    expect(rsyncBlocked([ingressOnly], 'target').blocked).toBe(true);
  });
  it('an egress-only policy does not block ingress', () => {
    const egressOnly = np('egress-only', { podSelector: {}, policyTypes: ['Egress'] });
    expect(rsyncBlocked([egressOnly], 'target').blocked).toBe(false);
    expect(rsyncBlocked([egressOnly], 'source').blocked).toBe(true);
  });
  it('a policy selecting other pods (matchExpressions) does not apply', () => {
    const web = np('web', {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(rsyncBlocked([web], 'source').blocked).toBe(false);
  });
  it('an existing allow policy that already permits rsync keeps it open', () => {
    const deny = np('deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const allowEgress = np('allow-https-dns', {
      podSelector: { matchLabels: { owner: 'directvolumemigration' } },
      policyTypes: ['Egress'],
      egress: [
        { ports: [{ protocol: 'TCP', port: 443 }] },
        { ports: [{ protocol: 'UDP', port: 53 }] },
      ],
    });
    const allowIngress = np('allow-routers', {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'policy-group.network.openshift.io/ingress': '' },
              },
            },
          ],
          ports: [{ port: 6443, protocol: 'TCP' }],
        },
      ],
    });
    expect(rsyncBlocked([deny, allowEgress], 'source').blocked).toBe(false);
    expect(rsyncBlocked([deny, allowIngress], 'target').blocked).toBe(false);
  });
  it('an allow limited to in-cluster pods does not reach the other cluster', () => {
    const podsOnly = np('pods-only', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    expect(rsyncBlocked([podsOnly], 'source').blocked).toBe(true);
  });
  it('auto emits only where blocked; always everywhere; never nowhere', () => {
    const deny = np('deny-all', { podSelector: {}, policyTypes: ['Egress'] });
    expect(decideRsyncPolicy('auto', 'source', 'src', 'app', [])).toBeUndefined();
    expect(decideRsyncPolicy('auto', 'source', 'src', 'app', [deny])).toMatchObject({
      blockedBy: ['deny-all'],
      reason: { rule: 'blocked' },
    });
    expect(decideRsyncPolicy('always', 'source', 'src', 'app', [])).toMatchObject({
      reason: { rule: 'always' },
    });
    expect(decideRsyncPolicy('never', 'source', 'src', 'app', [deny])).toBeUndefined();
  });
});

describe('egress firewall allowances', () => {
  const enp = (egress: { type: string; to: Record<string, string> }[]): EgressFact => ({
    kind: 'EgressNetworkPolicy',
    namespace: 'app',
    name: 'default',
    object: {
      apiVersion: 'network.openshift.io/v1',
      kind: 'EgressNetworkPolicy',
      metadata: { name: 'default', namespace: 'app' },
      spec: { egress },
    },
  });
  const rules = (r: ReturnType<typeof allowCidr>) =>
    r.change === 'insert' ? (r.object['spec'] as { egress: unknown[] }).egress : [];

  it('inserts the Allow before the first Deny and keeps every rule', () => {
    const r = allowCidr(
      enp([
        { type: 'Allow', to: { dnsName: 'quay.io' } },
        { type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } },
        { type: 'Allow', to: { cidrSelector: '10.1.0.0/16' } },
        { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
      ]),
      '10.132.0.0/14',
    );
    expect(rules(r)).toEqual([
      { type: 'Allow', to: { dnsName: 'quay.io' } },
      { type: 'Allow', to: { cidrSelector: '10.132.0.0/14' } },
      { type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } },
      { type: 'Allow', to: { cidrSelector: '10.1.0.0/16' } },
      { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
    ]);
  });
  it('changes nothing without a Deny, or when the CIDR is already allowed first', () => {
    expect(
      allowCidr(enp([{ type: 'Allow', to: { dnsName: 'quay.io' } }]), '10.132.0.0/14').change,
    ).toBe('none');
    expect(
      allowCidr(
        enp([
          { type: 'Allow', to: { cidrSelector: '10.132.0.0/14' } },
          { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
        ]),
        '10.132.0.0/14',
      ).change,
    ).toBe('none');
  });
  it('refuses IPv6 in an EgressNetworkPolicy and a full rule list', () => {
    expect(
      allowCidr(enp([{ type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } }]), 'fd00::/64'),
    ).toMatchObject({ change: 'impossible' });
    const full = Array.from({ length: 1000 }, (_, i) => ({
      type: i === 999 ? 'Deny' : 'Allow',
      to: { cidrSelector: `10.${Math.floor(i / 250)}.${i % 250}.0/24` },
    }));
    expect(allowCidr(enp(full), '10.132.0.0/14')).toMatchObject({
      change: 'impossible',
      why: expect.stringContaining('limit is 1000') as unknown,
    });
  });
  it('converts an SDN EgressNetworkPolicy to the OVN EgressFirewall named default', () => {
    const fw = toEgressFirewall(
      enp([
        { type: 'Allow', to: { dnsName: 'quay.io' } },
        { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
      ]),
      'app2',
    );
    expect(fw).toMatchObject({
      apiVersion: 'k8s.ovn.org/v1',
      kind: 'EgressFirewall',
      metadata: { name: 'default', namespace: 'app2' },
    });
    expect((fw['spec'] as { egress: unknown[] }).egress).toHaveLength(2);
  });
});

describe('network findings in a plan', () => {
  const egressFact = (count: number) => ({
    apiVersion: 'network.openshift.io/v1',
    kind: 'EgressNetworkPolicy',
    metadata: { name: 'default', namespace: 'app' },
    spec: {
      egress: [
        ...Array.from({ length: count - 1 }, (_, i) => ({
          type: 'Allow',
          to: { cidrSelector: `10.9.${i % 250}.${Math.floor(i / 250)}/32` },
        })),
        { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
      ],
    },
  });
  const deny = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-all', namespace: 'app' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
  const base = [
    k.ns('app'),
    k.sc('gp2', 'kubernetes.io/aws-ebs', true),
    ...k.volume('app', 'data', { sc: 'gp2', source: { awsElasticBlockStore: { volumeID: 'v' } } }),
  ];
  const dst = facts('dst', [
    k.ns('default'),
    k.sc('gp3-csi', 'ebs.csi.aws.com', true),
    k.version('4.12.1'),
  ]);
  const codes = (spec: ReturnType<typeof specWith>, objs: Record<string, unknown>[]) =>
    plan({ spec, facts: { src: facts('src', [...base, ...objs]), dst } }).diagnostics.map(
      (d) => d.code,
    );

  it('warns when the other cluster has no CIDR to allow', () =>
    expect(codes(specWith(), [egressFact(2)])).toContain('MP4025'));
  it('errors when the allowance would exceed the rule limit', () => {
    const spec = specWith({}, { network: { clusterCIDRs: { dst: '10.132.0.0/14' } } });
    expect(codes(spec, [egressFact(1000)])).toContain('MP4024');
    expect(codes(spec, [egressFact(3)])).not.toContain('MP4024');
  });
  it('warns when rsync would be blocked and rsyncPolicies is never', () => {
    expect(codes(specWith({}, { network: { rsyncPolicies: 'never' } }), [deny])).toContain(
      'MP4026',
    );
    expect(codes(specWith(), [deny])).toContain('MP4028');
  });
});

describe('behaviour that changes across the move', () => {
  const dst = facts('dst', [
    k.ns('default'),
    k.sc('gp3-csi', 'ebs.csi.aws.com', true),
    k.version('4.12.1'),
    {
      apiVersion: 'config.openshift.io/v1',
      kind: 'Network',
      metadata: { name: 'cluster' },
      status: { networkType: 'OVNKubernetes' },
    },
  ]);
  it('warns when a NetworkPolicy selects a renamed namespace by name', () => {
    const np = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'from-web', namespace: 'db' },
      spec: {
        podSelector: {},
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } },
            ],
          },
        ],
      },
    };
    const spec = specWith({ namespaces: [{ from: 'web', to: 'web2' }, 'db'] });
    const r = plan({ spec, facts: { src: facts('src', [k.ns('web'), k.ns('db'), np]), dst } });
    expect(r.diagnostics.find((d) => d.code === 'MP4031')?.message).toContain(
      'db/from-web selects namespace web by name, which becomes web2',
    );
  });
  it('warns that dnsName allows do not pass a deny-all on OVN, and keeps SDN 0.0.0.0/32 meaning all', () => {
    const enp = {
      apiVersion: 'network.openshift.io/v1',
      kind: 'EgressNetworkPolicy',
      metadata: { name: 'default', namespace: 'app' },
      spec: {
        egress: [
          { type: 'Allow', to: { dnsName: 'quay.io' } },
          { type: 'Deny', to: { cidrSelector: '0.0.0.0/32' } },
        ],
      },
    };
    const r = plan({ spec: specWith(), facts: { src: facts('src', [k.ns('app'), enp]), dst } });
    const messages = r.diagnostics.filter((d) => d.code === 'MP4032').map((d) => d.message);
    expect(messages.some((m) => m.includes('quay.io'))).toBe(true);
    expect(messages.some((m) => m.includes('0.0.0.0/32'))).toBe(true);
    const fw = r.value?.plans[0]?.egress.find((e) => e.kind === 'EgressFirewall');
    expect(JSON.stringify(fw?.object)).toContain('"cidrSelector":"0.0.0.0/0"');
  });
});
