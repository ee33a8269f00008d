import { describe, expect, it } from 'vitest';
import { allowCidr, toEgressFirewall } from '../src/plan/rules/egress.js';
import type { EgressFact } from '../src/resolve/cluster-facts.js';

/**
 * egress.ts, one row per case, expected values written by hand from the two firewalls' documented
 * semantics: openshift/sdn EgressNetworkPolicy and ovn-kubernetes EgressFirewall evaluate rules in order,
 * the first rule whose cidrSelector matches decides, traffic no rule matches is allowed; SDN reads
 * 0.0.0.0/32 as 0.0.0.0/0; SDN takes at most 1000 rules per object, OVN 8,000; OVN accepts only an
 * EgressFirewall named `default` (OpenShift docs "Configuring an egress firewall for a project").
 */

type Rule = { type?: string; to?: Record<string, unknown> };
const fact = (
  kind: EgressFact['kind'],
  egress: Rule[] | undefined,
  extraSpec: Record<string, unknown> = {},
): EgressFact => ({
  namespace: 'app',
  name: 'default',
  kind,
  object: {
    apiVersion: kind === 'EgressFirewall' ? 'k8s.ovn.org/v1' : 'network.openshift.io/v1',
    kind,
    metadata: { name: 'default', namespace: 'app' },
    spec: egress === undefined ? extraSpec : { ...extraSpec, egress },
  },
});
const deny = (cidrSelector: string): Rule => ({ type: 'Deny', to: { cidrSelector } });
const allow = (cidrSelector: string): Rule => ({ type: 'Allow', to: { cidrSelector } });
const ENP = 'EgressNetworkPolicy' as const;
const EFW = 'EgressFirewall' as const;

describe('where an Allow for the rsync route CIDR must go (first match wins, unmatched is allowed)', () => {
  // [case, kind, rules, destination, expected: index of the inserted Allow, or the reason for no change]
  it.each([
    ['no rules', ENP, [], '10.20.0.0/16', 'no Deny rule matches it'],
    ['Deny all', ENP, [deny('0.0.0.0/0')], '10.20.0.0/16', 0],
    [
      'a Deny of other addresses',
      ENP,
      [deny('172.16.0.0/12')],
      '10.20.0.0/16',
      'no Deny rule matches it',
    ],
    [
      'a Deny inside the destination catches part of it',
      ENP,
      [deny('10.20.5.0/24')],
      '10.20.0.0/16',
      0,
    ],
    [
      'an Allow containing it, then Deny all',
      ENP,
      [allow('10.0.0.0/8'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      'already allowed by rule 1 (10.0.0.0/8)',
    ],
    [
      'an Allow of exactly it',
      EFW,
      [allow('10.20.0.0/16'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      'already allowed by rule 1 (10.20.0.0/16)',
    ],
    [
      'a partial Allow, then Deny all',
      ENP,
      [allow('10.20.1.0/24'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      1,
    ],
    [
      'an Allow of other addresses, then Deny all',
      ENP,
      [allow('192.168.0.0/16'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      1,
    ],
    [
      'a dnsName rule is passed over',
      ENP,
      [{ type: 'Deny', to: { dnsName: 'example.com' } }, deny('0.0.0.0/0')],
      '10.20.0.0/16',
      1,
    ],
    [
      'a rule without `to` is passed over',
      EFW,
      [{ type: 'Deny' }, deny('0.0.0.0/0')],
      '10.20.0.0/16',
      1,
    ],
    [
      'an unreadable selector is passed over',
      ENP,
      [deny('not-a-cidr'), deny('10.0.0.0/8')],
      '10.20.0.0/16',
      1,
    ],
    ['SDN: Deny 0.0.0.0/32 is everything', ENP, [deny('0.0.0.0/32')], '10.20.0.0/16', 0],
    [
      'OVN: Deny 0.0.0.0/32 is one address',
      EFW,
      [deny('0.0.0.0/32')],
      '10.20.0.0/16',
      'no Deny rule matches it',
    ],
    [
      'SDN: Allow 0.0.0.0/32 is everything',
      ENP,
      [allow('0.0.0.0/32'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      'already allowed by rule 1 (0.0.0.0/0)',
    ],
    [
      'OVN: Allow 0.0.0.0/32 is one address',
      EFW,
      [allow('0.0.0.0/32'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      1,
    ],
    [
      'SDN: 0.0.0.0/31 is taken literally',
      ENP,
      [deny('0.0.0.0/31')],
      '10.20.0.0/16',
      'no Deny rule matches it',
    ],
    [
      'the first catching Deny of several',
      EFW,
      [deny('192.168.0.0/16'), allow('10.20.0.0/17'), deny('10.0.0.0/8'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      2,
    ],
    [
      'the Allow is the third rule',
      EFW,
      [deny('192.168.0.0/16'), deny('172.16.0.0/12'), allow('10.0.0.0/8'), deny('0.0.0.0/0')],
      '10.20.0.0/16',
      'already allowed by rule 3 (10.0.0.0/8)',
    ],
    ['IPv6 behind an IPv6 Deny', EFW, [deny('::/0')], 'fd00::/64', 0],
    ['IPv6 passes IPv4 rules', EFW, [deny('0.0.0.0/0')], 'fd00::/64', 'no Deny rule matches it'],
  ] as [string, EgressFact['kind'], Rule[], string, number | string][])(
    '%s',
    (_n, kind, rules, dest, want) => {
      const f = fact(kind, rules);
      const r = allowCidr(f, dest);
      if (typeof want === 'string') {
        expect(r).toEqual({ change: 'none', why: `${dest} ${want}` });
      } else {
        const egress = [
          ...rules.slice(0, want),
          { type: 'Allow', to: { cidrSelector: dest } },
          ...rules.slice(want),
        ];
        expect(r).toEqual({
          change: 'insert',
          index: want,
          object: { ...f.object, spec: { egress } },
        });
      }
    },
  );
  it('an object without spec or egress needs nothing', () => {
    const bare: EgressFact = {
      namespace: 'app',
      name: 'default',
      kind: ENP,
      object: { kind: ENP },
    };
    expect(allowCidr(bare, '10.0.0.0/8')).toEqual({
      change: 'none',
      why: '10.0.0.0/8 no Deny rule matches it',
    });
    expect(allowCidr(fact(ENP, undefined), '10.0.0.0/8')).toEqual({
      change: 'none',
      why: '10.0.0.0/8 no Deny rule matches it',
    });
  });
  it('other spec fields are kept', () => {
    const f = fact(EFW, [deny('0.0.0.0/0')], { note: 'kept' });
    expect(allowCidr(f, '10.0.0.0/8')).toMatchObject({
      change: 'insert',
      object: { spec: { note: 'kept', egress: [allow('10.0.0.0/8'), deny('0.0.0.0/0')] } },
    });
  });
  it('a destination that is not a CIDR is refused', () => {
    expect(allowCidr(fact(ENP, [deny('0.0.0.0/0')]), '10.0.0.0')).toEqual({
      change: 'impossible',
      why: '10.0.0.0 is not a CIDR',
    });
  });
});

describe('rule limits: SDN 1000 per EgressNetworkPolicy, OVN 8000 per EgressFirewall', () => {
  const rules = (n: number) => [
    deny('0.0.0.0/0'),
    ...Array.from({ length: n - 1 }, () => allow('192.168.0.0/16')),
  ];
  it.each([
    [ENP, 999, 'insert'],
    [ENP, 1000, 'EgressNetworkPolicy app/default already has 1000 rules; the limit is 1000'],
    [EFW, 1000, 'insert'],
    [EFW, 7999, 'insert'],
    [EFW, 8000, 'EgressFirewall app/default already has 8000 rules; the limit is 8000'],
  ] as [EgressFact['kind'], number, string][])('%s with %i rules -> %s', (kind, n, want) => {
    const r = allowCidr(fact(kind, rules(n)), '10.0.0.0/8');
    if (want === 'insert') expect(r).toMatchObject({ change: 'insert', index: 0 });
    else expect(r).toEqual({ change: 'impossible', why: want });
  });
});

describe('an SDN EgressNetworkPolicy as the OVN EgressFirewall that does the same', () => {
  it('keeps every rule in order, rewrites 0.0.0.0/32, named default in the given namespace', () => {
    const f = fact(ENP, [
      { type: 'Allow', to: { dnsName: 'quay.io' } },
      allow('10.0.0.0/8'),
      deny('0.0.0.0/32'),
    ]);
    expect(toEgressFirewall(f, 'app-new')).toEqual({
      apiVersion: 'k8s.ovn.org/v1',
      kind: 'EgressFirewall',
      metadata: { name: 'default', namespace: 'app-new' },
      spec: {
        egress: [
          { type: 'Allow', to: { dnsName: 'quay.io' } },
          { type: 'Allow', to: { cidrSelector: '10.0.0.0/8' } },
          { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
        ],
      },
    });
  });
  it('leaves the source object untouched', () => {
    const f = fact(ENP, [deny('0.0.0.0/32')]);
    toEgressFirewall(f, 'app');
    expect(f.object['spec']).toEqual({ egress: [deny('0.0.0.0/32')] });
  });
  it('an object without rules gives an empty EgressFirewall', () => {
    expect(toEgressFirewall(fact(ENP, undefined), 'app')).toMatchObject({ spec: { egress: [] } });
    const bare: EgressFact = { namespace: 'app', name: 'default', kind: ENP, object: {} };
    expect(toEgressFirewall(bare, 'app')).toMatchObject({ spec: { egress: [] } });
  });
});
