import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseSpecSync } from '../src/parse/parse-spec-yaml.js';
import { validate } from '../src/validate/validate.js';
import { cidrContains, cidrOverlaps, parseCidr } from '../src/spec/cidr.js';
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
  // First match wins, and CIDRs are ranges (openshift/sdn EgressNetworkPolicy, ovn-kubernetes
  // EgressFirewall): expected values worked out by hand from the address ranges.
  it('an Allow that contains the destination already lets it through (containment, not string equality)', () => {
    expect(
      allowCidr(
        enp([
          { type: 'Allow', to: { cidrSelector: '10.0.0.0/8' } },
          { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
        ]),
        '10.20.0.0/16',
      ),
    ).toEqual({ change: 'none', why: '10.20.0.0/16 already allowed by rule 1 (10.0.0.0/8)' });
  });
  it('an Allow covering only part of the destination is not enough: the Allow goes before the Deny', () => {
    const r = allowCidr(
      enp([
        { type: 'Allow', to: { cidrSelector: '10.20.0.0/17' } },
        { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
      ]),
      '10.20.0.0/16',
    );
    expect(r).toMatchObject({ change: 'insert', index: 1 });
  });
  it('a Deny of other addresses is passed over: the Allow goes before the first Deny that catches the destination', () => {
    const r = allowCidr(
      enp([
        { type: 'Deny', to: { cidrSelector: '192.168.0.0/16' } },
        { type: 'Allow', to: { dnsName: 'quay.io' } },
        { type: 'Deny', to: { cidrSelector: '10.16.0.0/12' } },
      ]),
      '10.20.0.10/32',
    );
    expect(rules(r)).toEqual([
      { type: 'Deny', to: { cidrSelector: '192.168.0.0/16' } },
      { type: 'Allow', to: { dnsName: 'quay.io' } },
      { type: 'Allow', to: { cidrSelector: '10.20.0.10/32' } },
      { type: 'Deny', to: { cidrSelector: '10.16.0.0/12' } },
    ]);
    // Nothing denies 172.16.0.0/12 here.
    expect(
      allowCidr(enp([{ type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } }]), '172.16.0.0/12')
        .change,
    ).toBe('none');
  });
  it('SDN reads a Deny of 0.0.0.0/32 as everything', () => {
    expect(
      allowCidr(enp([{ type: 'Deny', to: { cidrSelector: '0.0.0.0/32' } }]), '10.20.0.0/16'),
    ).toMatchObject({ change: 'insert', index: 0 });
  });
  it('an IPv6 destination behind an IPv6 Deny in an EgressFirewall gets its Allow', () => {
    const fw: EgressFact = {
      ...enp([{ type: 'Deny', to: { cidrSelector: '::/0' } }]),
      kind: 'EgressFirewall',
    };
    expect(allowCidr(fw, 'fd00:10::/64')).toMatchObject({ change: 'insert', index: 0 });
  });
  it('an IPv6 destination passes IPv4-only rules (an EgressNetworkPolicy holds IPv4 CIDRs only); a full rule list is refused', () => {
    expect(
      allowCidr(enp([{ type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } }]), 'fd00::/64'),
    ).toMatchObject({ change: 'none' });
    const full = Array.from({ length: 1000 }, (_, i) => ({
      type: i === 999 ? 'Deny' : 'Allow',
      to: { cidrSelector: i === 999 ? '0.0.0.0/0' : `10.${Math.floor(i / 250)}.${i % 250}.0/24` },
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

/**
 * Where an egress allowance is needed: rsync clients of direct volume migration run in the source
 * namespaces with PVCs DVM copies and connect to the destination's Route (its routers) or NodePort (its
 * nodes); migtools/mig-controller pkg/controller/directvolumemigration/rsync.go and
 * migmigration getEndpointType. A destination namespace only accepts connections, which an egress
 * firewall does not filter.
 */
describe('egress allowances for rsync: where and to what', () => {
  const denyAll = (ns: string, kind = 'EgressNetworkPolicy') => ({
    apiVersion: kind === 'EgressFirewall' ? 'k8s.ovn.org/v1' : 'network.openshift.io/v1',
    kind,
    metadata: { name: 'default', namespace: ns },
    spec: { egress: [{ type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } }] },
  });
  const src = (...objs: Record<string, unknown>[]) =>
    facts('src', [
      k.ns('app'),
      k.ns('web'),
      k.sc('gp2', 'kubernetes.io/aws-ebs', true),
      ...k.volume('app', 'data', {
        sc: 'gp2',
        source: { awsElasticBlockStore: { volumeID: 'v' } },
      }),
      ...objs,
    ]);
  const dst = (...objs: Record<string, unknown>[]) =>
    facts('dst', [k.ns('app'), k.sc('gp3-csi', 'ebs.csi.aws.com', true), ...objs]);
  const cidrs = { src: '10.1.0.0/24', dst: '192.0.2.10/32' };
  const run = (
    planOver: Parameters<typeof specWith>[0],
    controller: Record<string, unknown>,
    s: ReturnType<typeof facts>,
    d: ReturnType<typeof facts>,
    clusterCIDRs: Record<string, string> = cidrs,
  ) => {
    const spec = specWith(planOver, { network: { clusterCIDRs }, controller });
    const r = plan({ spec, facts: { src: s, dst: d } });
    return {
      egress: r.value?.plans[0]?.egress.map((e) => [e.cluster, e.namespace, e.allowedCidr]),
      codes: r.diagnostics.map((x) => x.code),
    };
  };
  it("Route: the source namespace with a DVM PVC allows the destination's router address, nothing else", () => {
    const r = run(
      { namespaces: ['app', 'web'] },
      {},
      src(denyAll('app'), denyAll('web')),
      dst(denyAll('app', 'EgressFirewall')),
    );
    expect(r.egress).toEqual([['src', 'app', '192.0.2.10/32']]);
  });
  it("NodePort: the same allowance, read as the destination nodes' address", () => {
    const spec = specWith(
      {},
      { network: { clusterCIDRs: cidrs }, controller: { rsyncEndpointType: 'NodePort' } },
    );
    const r = plan({ spec, facts: { src: src(denyAll('app')), dst: dst() } });
    expect(r.value?.plans[0]?.egress[0]?.reason.detail).toContain(
      'nodes (NodePort endpoint) of dst',
    );
  });
  it('ClusterIP: rsync stays inside the cluster network, no allowance and no MP4025', () => {
    const r = run({}, { rsyncEndpointType: 'ClusterIP' }, src(denyAll('app')), dst(), {});
    expect(r.egress).toEqual([]);
    expect(r.codes).not.toContain('MP4025');
  });
  it('no DVM PVC in the namespace (indirect transfer, or no PVC): no allowance and no MP4025', () => {
    expect(
      run({ volumes: { transfer: 'indirect' } }, {}, src(denyAll('app')), dst(), {}).codes,
    ).not.toContain('MP4025');
    const r = run({ namespaces: ['web'] }, {}, src(denyAll('web')), dst(), {});
    expect(r.egress).toEqual([]);
    expect(r.codes).not.toContain('MP4025');
  });
  it("only the destination's entry counts: the source's own CIDR does not stand in for it", () => {
    const r = run({}, {}, src(denyAll('app')), dst(), { src: '10.1.0.0/24' });
    expect(r.egress).toEqual([]);
    expect(r.codes).toContain('MP4025');
  });
  it('an existing Allow that contains the destination address: no allowance', () => {
    const covered = {
      ...denyAll('app'),
      spec: {
        egress: [
          { type: 'Allow', to: { cidrSelector: '192.0.2.0/24' } },
          { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
        ],
      },
    };
    expect(run({}, {}, src(covered), dst()).egress).toEqual([]);
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

describe('CIDRs as address ranges', () => {
  it('parses IPv4 and IPv6, masks host bits, and refuses what is not a CIDR', () => {
    expect(parseCidr('10.20.30.40/16')).toEqual({ family: 4, base: 0x0a140000n, prefix: 16 });
    expect(parseCidr('2001:db8::1/32')).toEqual({
      family: 6,
      base: 0x20010db8n << 96n,
      prefix: 32,
    });
    for (const bad of [
      '10.1.1/8',
      '10.0.0.256/8',
      '10.0.0.0/33',
      '::1::/64',
      'fd00::/129',
      '10.0.0.0',
    ])
      expect(parseCidr(bad), bad).toBeUndefined();
  });
  it('containment and overlap are by range and family', () => {
    const c = (s: string) => parseCidr(s)!;
    expect(cidrContains(c('10.0.0.0/8'), c('10.20.0.0/16'))).toBe(true);
    expect(cidrContains(c('10.20.0.0/17'), c('10.20.0.0/16'))).toBe(false);
    expect(cidrOverlaps(c('10.20.0.0/17'), c('10.20.0.0/16'))).toBe(true);
    expect(cidrOverlaps(c('0.0.0.0/0'), c('fd00::/64'))).toBe(false);
    expect(cidrContains(c('::/0'), c('fd00::/64'))).toBe(true);
  });
  it('a clusterCIDRs entry that is not a CIDR is MP4041 at the entry', () => {
    const spec = specWith({}, { network: { clusterCIDRs: { dst: '10.0.0.300/8' } } });
    const r = validate(parseSpecSync(stringify(spec), 'spec.yaml').value!);
    expect(r.diagnostics.map((d) => [d.code, d.path?.join('.')])).toEqual([
      ['MP4041', 'spec.network.clusterCIDRs.dst'],
    ]);
  });
});
