import { describe, expect, it } from 'vitest';
import { resolveNetwork } from '../src/plan/rules/network.js';
import type { NamespaceDecision, PvDecision } from '../src/plan/types.js';
import type { ClusterFacts } from '../src/resolve/cluster-facts.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import type { Spec } from '../src/spec/spec.js';
import { facts, k, specWith } from './helpers/facts.js';

/**
 * What network objects a plan needs (src/plan/rules/network.ts). Expected values are written by hand from:
 * - mig-controller (migtools/mig-controller): direct volume migration runs rsync pods only for PVs copied by
 *   filesystem or block copy (pkg/controller/migmigration: snapshot copies go through Velero), the client in
 *   the source namespace, the server in the destination namespace (directvolumemigration/rsync.go), reached
 *   through the destination's Route (routers), NodePort (nodes) or ClusterIP service (getEndpointType,
 *   rsync_endpoint_type); with engine velero nothing moves between the clusters.
 * - OpenShift: an SDN EgressNetworkPolicy is inert on OVN-Kubernetes, whose EgressFirewall must be named
 *   `default`; OVN matches a dnsName Allow by resolved IP, so it does not get through an earlier-matching Deny
 *   of 0.0.0.0/0 as SDN's does; SDN reads 0.0.0.0/32 as 0.0.0.0/0 (velero-openshift.md section 5).
 * - Kubernetes: every namespace carries the immutable label kubernetes.io/metadata.name=<name>, so a
 *   namespaceSelector on it stops matching when the namespace is renamed.
 */

const nsDecision = (
  source: string,
  target = source,
  existsOnTarget = false,
): NamespaceDecision => ({
  source,
  target,
  existsOnTarget,
  pods: 0,
  serviceAccounts: [],
  labels: {},
  annotations: {},
});
const pv = (
  namespace: string,
  action: PvDecision['action'],
  copyMethod: PvDecision['copyMethod'],
) => ({ namespace, action, copyMethod, pvName: `pv-${namespace}`, pvc: 'data' }) as PvDecision;
const denyAllNp = (ns: string, name = 'deny'): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
});
const egressObj = (
  ns: string,
  rules: Record<string, unknown>[],
  kind: 'EgressNetworkPolicy' | 'EgressFirewall' = 'EgressNetworkPolicy',
  name = 'default',
): KubeObject => ({
  apiVersion: kind === 'EgressFirewall' ? 'k8s.ovn.org/v1' : 'network.openshift.io/v1',
  kind,
  metadata: { name, namespace: ns },
  spec: { egress: rules },
});
const DENY_ALL = { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } };

function run(opts: {
  spec?: Spec;
  src?: KubeObject[];
  dst?: KubeObject[];
  dstNetworkType?: string;
  namespaces?: NamespaceDecision[];
  pvs?: PvDecision[];
  direct?: boolean;
}) {
  const source: ClusterFacts = facts('src', opts.src ?? []);
  const target: ClusterFacts = facts('dst', opts.dst ?? []);
  if (opts.dstNetworkType) target.networkType = opts.dstNetworkType;
  return resolveNetwork({
    spec: opts.spec ?? specWith(),
    planIndex: 0,
    source,
    target,
    namespaces: opts.namespaces ?? [nsDecision('app')],
    pvs: opts.pvs ?? [pv('app', 'copy', 'filesystem')],
    direct: opts.direct ?? true,
  });
}
const nsPath = (i: number) => ['spec', 'plans', 0, 'namespaces', i];
const SRC_WHAT = 'egress of the rsync client pods to the target route (443) and DNS';
const DST_WHAT = 'ingress from the routers to the rsync server (6443)';

describe('rsync NetworkPolicy allowances: only where DVM runs rsync pods', () => {
  const src = [k.ns('app'), denyAllNp('app'), k.ns('web'), denyAllNp('web')];
  const dst = [k.ns('app'), denyAllNp('app', 'dst-deny')];
  const blockedSrc = (ns: string) => ({
    side: 'source',
    cluster: 'src',
    namespace: ns,
    blockedBy: ['deny'],
    reason: { rule: 'blocked', detail: `NetworkPolicy deny in ${ns} would block ${SRC_WHAT}` },
  });
  const blockedDst = {
    side: 'target',
    cluster: 'dst',
    namespace: 'app',
    blockedBy: ['dst-deny'],
    reason: { rule: 'blocked', detail: `NetworkPolicy dst-deny in app would block ${DST_WHAT}` },
  };
  it.each<[string, Parameters<typeof run>[0], unknown[]]>([
    ['filesystem copy, new destination namespace: the source side only', {}, [blockedSrc('app')]],
    [
      'an existing destination namespace has policies of its own',
      { namespaces: [nsDecision('app', 'app', true)] },
      [blockedSrc('app'), blockedDst],
    ],
    ['block copy uses rsync too', { pvs: [pv('app', 'copy', 'block')] }, [blockedSrc('app')]],
    ['snapshot copy goes through Velero: no rsync', { pvs: [pv('app', 'copy', 'snapshot')] }, []],
    ['move keeps the volume: no rsync', { pvs: [pv('app', 'move', 'filesystem')] }, []],
    ['indirect transfer: no rsync', { direct: false }, []],
    [
      'engine velero: no rsync',
      { spec: specWith({}, { engine: 'velero' }), namespaces: [nsDecision('app', 'app', true)] },
      [],
    ],
    [
      'a namespace without a copied PV gets nothing',
      {
        namespaces: [nsDecision('app'), nsDecision('web')],
        pvs: [pv('app', 'copy', 'filesystem'), pv('web', 'skip', 'filesystem')],
      },
      [blockedSrc('app')],
    ],
    [
      'a namespace whose PVs are all snapshot-copied runs no rsync pod',
      {
        namespaces: [nsDecision('app'), nsDecision('web')],
        pvs: [pv('app', 'copy', 'filesystem'), pv('web', 'copy', 'snapshot')],
      },
      [blockedSrc('app')],
    ],
    [
      'each namespace with rsync',
      {
        namespaces: [nsDecision('app'), nsDecision('web')],
        pvs: [pv('app', 'copy', 'filesystem'), pv('web', 'copy', 'block')],
      },
      [blockedSrc('app'), blockedSrc('web')],
    ],
    [
      'rsyncPolicies: always emits where nothing blocks',
      { spec: specWith({}, { network: { rsyncPolicies: 'always' } }), src: [k.ns('app')] },
      [
        {
          side: 'source',
          cluster: 'src',
          namespace: 'app',
          blockedBy: [],
          reason: { rule: 'always', detail: `rsyncPolicies: always (${SRC_WHAT})` },
        },
      ],
    ],
    ['auto: nothing blocks, nothing emitted', { src: [k.ns('app')] }, []],
  ])('%s', (_, opts, policies) =>
    expect(run({ src, dst, ...opts }).rsyncPolicies).toStrictEqual(policies),
  );

  it('never: no allowance, and MP4026 where a policy would block rsync', () => {
    const r = run({
      spec: specWith({}, { network: { rsyncPolicies: 'never' } }),
      src,
      dst,
      namespaces: [nsDecision('web'), nsDecision('app', 'app', true)],
      pvs: [pv('app', 'copy', 'filesystem'), pv('web', 'copy', 'filesystem')],
    });
    expect(r.rsyncPolicies).toStrictEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toStrictEqual([
      [
        'MP4026',
        'NetworkPolicies in web on src would block rsync and rsyncPolicies is never',
        nsPath(0),
      ],
      [
        'MP4026',
        'NetworkPolicies in app on src would block rsync and rsyncPolicies is never',
        nsPath(1),
      ],
      [
        'MP4026',
        'NetworkPolicies in app on dst would block rsync and rsyncPolicies is never',
        nsPath(1),
      ],
    ]);
  });
  it('never with nothing blocking: silent', () => {
    const r = run({
      spec: specWith({}, { network: { rsyncPolicies: 'never' } }),
      src: [k.ns('app')],
    });
    expect(r.diagnostics).toStrictEqual([]);
  });
  it('MP4028 counts what the plan emits', () => {
    const r = run({ src, dst, namespaces: [nsDecision('app', 'app', true)] });
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toStrictEqual([
      [
        'MP4028',
        'plan "unit-plan" emits 2 rsync NetworkPolicy allowance(s) and 0 egress firewall object(s)',
        ['spec', 'plans', 0],
      ],
    ]);
  });
});

describe('SDN EgressNetworkPolicy onto an OVN-Kubernetes target', () => {
  const enp = (rules: Record<string, unknown>[]) => egressObj('app', rules);
  const converted = (rules: Record<string, unknown>[], targetNs = 'app') => ({
    cluster: 'dst',
    namespace: targetNs,
    kind: 'EgressFirewall',
    object: {
      apiVersion: 'k8s.ovn.org/v1',
      kind: 'EgressFirewall',
      metadata: { name: 'default', namespace: targetNs },
      spec: { egress: rules },
    },
    allowedCidr: '',
    reason: {
      rule: 'sdn-to-ovn',
      detail: `EgressNetworkPolicy app/default converted to EgressFirewall default for OVN-Kubernetes on dst`,
    },
  });
  const mp4027 = (targetNs = 'app') => [
    'MP4027',
    `app has EgressNetworkPolicy default, which does nothing on dst (OVNKubernetes); emitted as EgressFirewall default in ${targetNs}`,
    nsPath(0),
  ];
  const mp4028 = (n: number) => [
    'MP4028',
    `plan "unit-plan" emits 0 rsync NetworkPolicy allowance(s) and ${n} egress firewall object(s)`,
    ['spec', 'plans', 0],
  ];
  const allowApi = { type: 'Allow', to: { cidrSelector: '10.0.0.1/32' } };
  it.each<[string, Parameters<typeof run>[0], unknown[], unknown[]]>([
    [
      'converted, with its rules, into the destination namespace',
      {
        src: [enp([allowApi, DENY_ALL])],
        dstNetworkType: 'OVNKubernetes',
        namespaces: [nsDecision('app', 'app2')],
      },
      [converted([allowApi, DENY_ALL], 'app2')],
      [mp4027('app2'), mp4028(1)],
    ],
    [
      'an EgressNetworkPolicy without a spec becomes an empty EgressFirewall',
      {
        src: [
          {
            apiVersion: 'network.openshift.io/v1',
            kind: 'EgressNetworkPolicy',
            metadata: { name: 'default', namespace: 'app' },
          },
        ],
        dstNetworkType: 'OVNKubernetes',
      },
      [converted([])],
      [mp4027(), mp4028(1)],
    ],
    [
      'an OpenShiftSDN target keeps honouring it',
      { src: [enp([DENY_ALL])], dstNetworkType: 'OpenShiftSDN' },
      [],
      [],
    ],
    ['a target of unknown network type: nothing', { src: [enp([DENY_ALL])] }, [], []],
    [
      'an EgressFirewall already in the destination namespace is left alone',
      {
        src: [enp([DENY_ALL])],
        dst: [egressObj('app', [DENY_ALL], 'EgressFirewall')],
        dstNetworkType: 'OVNKubernetes',
      },
      [],
      [],
    ],
    [
      'an EgressFirewall in another destination namespace does not count',
      {
        src: [enp([DENY_ALL])],
        dst: [egressObj('other', [DENY_ALL], 'EgressFirewall')],
        dstNetworkType: 'OVNKubernetes',
      },
      [converted([DENY_ALL])],
      [mp4027(), mp4028(1)],
    ],
    [
      'intra-cluster plans move nothing between network plugins',
      {
        spec: specWith({ source: 'src', target: 'src' }),
        src: [enp([DENY_ALL])],
        dstNetworkType: 'OVNKubernetes',
      },
      [],
      [],
    ],
    [
      'a dnsName Allow before a Deny of everything does not get through on OVN',
      {
        src: [enp([{ type: 'Allow', to: { dnsName: 'api.example.com' } }, DENY_ALL])],
        dstNetworkType: 'OVNKubernetes',
      },
      [converted([{ type: 'Allow', to: { dnsName: 'api.example.com' } }, DENY_ALL])],
      [
        [
          'MP4032',
          'EgressNetworkPolicy app/default: dnsName Allow rules (api.example.com) do not get through a Deny of 0.0.0.0/0 on OVN-Kubernetes, which matches the resolved IP; allow their CIDRs instead',
          nsPath(0),
        ],
        mp4027(),
        mp4028(1),
      ],
    ],
    [
      'SDN 0.0.0.0/32 is everything: written as 0.0.0.0/0, with both notes',
      {
        src: [
          enp([
            { type: 'Allow' },
            { type: 'Allow', to: { dnsName: 'a.example' } },
            { type: 'Allow', to: { dnsName: 'b.example' } },
            { type: 'Deny', to: { cidrSelector: '0.0.0.0/32' } },
          ]),
        ],
        dstNetworkType: 'OVNKubernetes',
      },
      [
        {
          ...converted([
            { type: 'Allow', to: {} },
            { type: 'Allow', to: { dnsName: 'a.example' } },
            { type: 'Allow', to: { dnsName: 'b.example' } },
            DENY_ALL,
          ]),
        },
      ],
      [
        [
          'MP4032',
          'EgressNetworkPolicy app/default: dnsName Allow rules (a.example, b.example) do not get through a Deny of 0.0.0.0/0 on OVN-Kubernetes, which matches the resolved IP; allow their CIDRs instead',
          nsPath(0),
        ],
        [
          'MP4032',
          'EgressNetworkPolicy app/default: OpenShift SDN reads 0.0.0.0/32 as 0.0.0.0/0; the EgressFirewall says 0.0.0.0/0 to keep that meaning',
          nsPath(0),
        ],
        mp4027(),
        mp4028(1),
      ],
    ],
    [
      'a dnsName Allow after the Deny, or with only a narrower Deny, needs no note',
      {
        src: [
          enp([
            { type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } },
            { type: 'Allow', to: { dnsName: 'x.example' } },
            DENY_ALL,
            { type: 'Allow', to: { dnsName: 'y.example' } },
          ]),
        ],
        dstNetworkType: 'OVNKubernetes',
      },
      [
        converted([
          { type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } },
          { type: 'Allow', to: { dnsName: 'x.example' } },
          DENY_ALL,
          { type: 'Allow', to: { dnsName: 'y.example' } },
        ]),
      ],
      [
        [
          'MP4032',
          'EgressNetworkPolicy app/default: dnsName Allow rules (x.example) do not get through a Deny of 0.0.0.0/0 on OVN-Kubernetes, which matches the resolved IP; allow their CIDRs instead',
          nsPath(0),
        ],
        mp4027(),
        mp4028(1),
      ],
    ],
    [
      'dnsName Allows without any Deny of everything: no note',
      {
        src: [
          enp([
            { type: 'Allow', to: { dnsName: 'x.example' } },
            { type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } },
          ]),
        ],
        dstNetworkType: 'OVNKubernetes',
      },
      [
        converted([
          { type: 'Allow', to: { dnsName: 'x.example' } },
          { type: 'Deny', to: { cidrSelector: '10.0.0.0/8' } },
        ]),
      ],
      [mp4027(), mp4028(1)],
    ],
    [
      'an Allow of 0.0.0.0/0 is not a Deny',
      {
        src: [
          enp([
            { type: 'Allow', to: { dnsName: 'x.example' } },
            { type: 'Allow', to: { cidrSelector: '0.0.0.0/0' } },
          ]),
        ],
        dstNetworkType: 'OVNKubernetes',
      },
      [
        converted([
          { type: 'Allow', to: { dnsName: 'x.example' } },
          { type: 'Allow', to: { cidrSelector: '0.0.0.0/0' } },
        ]),
      ],
      [mp4027(), mp4028(1)],
    ],
  ])('%s', (_, opts, egress, diagnostics) => {
    const r = run({ pvs: [], ...opts });
    expect(r.egress).toStrictEqual(egress);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toStrictEqual(diagnostics);
  });
});

describe('NetworkPolicies that select a renamed namespace by name (kubernetes.io/metadata.name)', () => {
  const selecting = (ns: string, name: string, selected: string): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec: {
      podSelector: {},
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': selected } } },
          ],
        },
      ],
    },
  });
  const warn = (i: number, ns: string, np: string, from: string, to: string) => [
    'MP4031',
    `NetworkPolicy ${ns}/${np} selects namespace ${from} by name, which becomes ${to}; update its namespaceSelector after cutover`,
    nsPath(i),
  ];
  it.each<[string, NamespaceDecision[], KubeObject[], unknown[]]>([
    ['nothing renamed', [nsDecision('app'), nsDecision('web')], [selecting('app', 'p', 'web')], []],
    [
      'a policy selecting a renamed namespace',
      [nsDecision('app'), nsDecision('web', 'web2')],
      [selecting('app', 'p', 'web')],
      [warn(0, 'app', 'p', 'web', 'web2')],
    ],
    [
      'a renamed namespace selecting itself',
      [nsDecision('web', 'web2')],
      [selecting('web', 'self', 'web')],
      [warn(0, 'web', 'self', 'web', 'web2')],
    ],
    [
      'a policy selecting a namespace that keeps its name',
      [nsDecision('app'), nsDecision('web', 'web2')],
      [selecting('app', 'p', 'db')],
      [],
    ],
    [
      'a policy in a namespace outside the plan is not migrated',
      [nsDecision('app'), nsDecision('web', 'web2')],
      [selecting('other', 'p', 'web')],
      [],
    ],
    [
      'a name that only starts like the renamed one',
      [nsDecision('app'), nsDecision('web', 'web2')],
      [selecting('app', 'p', 'webshop')],
      [],
    ],
  ])('%s', (_, namespaces, src, diagnostics) => {
    const r = run({ namespaces, src, pvs: [] });
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toStrictEqual(diagnostics);
  });
});

describe('egress firewall allowances for the rsync client (rsyncEgressAllowances)', () => {
  const withCidr = (controller: Spec['spec']['controller'] = {}, cidrs = { dst: '192.0.2.0/24' }) =>
    specWith({}, { network: { clusterCIDRs: cidrs }, controller });
  const insert = (
    kind: 'EgressNetworkPolicy' | 'EgressFirewall',
    rules: Record<string, unknown>[],
    index: number,
    reached = 'routers (Route endpoint)',
    name = 'default',
  ) => ({
    cluster: 'src',
    namespace: 'app',
    kind,
    object: {
      apiVersion: kind === 'EgressFirewall' ? 'k8s.ovn.org/v1' : 'network.openshift.io/v1',
      kind,
      metadata: { name, namespace: 'app' },
      spec: {
        egress: [
          ...rules.slice(0, index),
          { type: 'Allow', to: { cidrSelector: '192.0.2.0/24' } },
          ...rules.slice(index),
        ],
      },
    },
    allowedCidr: '192.0.2.0/24',
    reason: {
      rule: 'allow-rsync-endpoint',
      detail: `Allow 192.0.2.0/24 (the ${reached} of dst, where rsync connects) inserted as rule ${index + 1}, before the first Deny that would catch it in ${kind} ${name}`,
    },
  });
  const other = { type: 'Allow', to: { cidrSelector: '198.51.100.0/24' } };
  const counted = (p: number, e: number) => [
    'MP4028',
    `plan "unit-plan" emits ${p} rsync NetworkPolicy allowance(s) and ${e} egress firewall object(s)`,
    ['spec', 'plans', 0],
  ];
  const unknownCidr = (kind: string, reached: string) => [
    'MP4025',
    `${kind} app/default on src may block rsync to the ${reached} of dst, whose address is not in spec.network.clusterCIDRs`,
    nsPath(0),
  ];
  it.each<[string, Parameters<typeof run>[0], unknown[], unknown[]]>([
    [
      'Route endpoint (the default): Allow before the Deny of everything',
      { spec: withCidr(), src: [egressObj('app', [DENY_ALL])] },
      [insert('EgressNetworkPolicy', [DENY_ALL], 0)],
      [counted(0, 1)],
    ],
    [
      'after the Allows that come first',
      { spec: withCidr(), src: [egressObj('app', [other, DENY_ALL])] },
      [insert('EgressNetworkPolicy', [other, DENY_ALL], 1)],
      [counted(0, 1)],
    ],
    [
      'NodePort endpoint: the nodes',
      {
        spec: withCidr({ rsyncEndpointType: 'NodePort' }),
        src: [egressObj('app', [DENY_ALL], 'EgressFirewall')],
      },
      [insert('EgressFirewall', [DENY_ALL], 0, 'nodes (NodePort endpoint)')],
      [counted(0, 1)],
    ],
    [
      'explicit Route endpoint',
      { spec: withCidr({ rsyncEndpointType: 'Route' }), src: [egressObj('app', [DENY_ALL])] },
      [insert('EgressNetworkPolicy', [DENY_ALL], 0)],
      [counted(0, 1)],
    ],
    [
      'indirect transfer: no rsync client, no allowance',
      { spec: withCidr(), src: [egressObj('app', [DENY_ALL])], direct: false },
      [],
      [],
    ],
    [
      'engine velero: no rsync client, no allowance',
      {
        spec: specWith(
          {},
          { network: { clusterCIDRs: { dst: '192.0.2.0/24' } }, engine: 'velero' },
        ),
        src: [egressObj('app', [DENY_ALL])],
      },
      [],
      [],
    ],
    [
      'ClusterIP endpoint: rsync stays in the cluster network',
      { spec: withCidr({ rsyncEndpointType: 'ClusterIP' }), src: [egressObj('app', [DENY_ALL])] },
      [],
      [],
    ],
    [
      'both kinds in the namespace: EgressNetworkPolicy first',
      {
        spec: withCidr(),
        src: [egressObj('app', [DENY_ALL], 'EgressFirewall'), egressObj('app', [DENY_ALL])],
      },
      [insert('EgressNetworkPolicy', [DENY_ALL], 0), insert('EgressFirewall', [DENY_ALL], 0)],
      [counted(0, 2)],
    ],
    [
      'no Deny rule: nothing to allow, no warning',
      { spec: specWith(), src: [egressObj('app', [other])] },
      [],
      [],
    ],
    [
      'already allowed by a containing Allow',
      {
        spec: withCidr(),
        src: [
          egressObj('app', [{ type: 'Allow', to: { cidrSelector: '192.0.0.0/16' } }, DENY_ALL]),
        ],
      },
      [],
      [],
    ],
    [
      'no clusterCIDRs entry for the destination (Route)',
      { spec: withCidr({}, { src: '10.0.0.0/8' } as never), src: [egressObj('app', [DENY_ALL])] },
      [],
      [unknownCidr('EgressNetworkPolicy', 'routers (Route endpoint)')],
    ],
    [
      'no clusterCIDRs at all (NodePort)',
      {
        spec: specWith({}, { controller: { rsyncEndpointType: 'NodePort' } }),
        src: [egressObj('app', [DENY_ALL], 'EgressFirewall')],
      },
      [],
      [unknownCidr('EgressFirewall', 'nodes (NodePort endpoint)')],
    ],
    [
      'an EgressNetworkPolicy at its 1000-rule limit cannot take one more',
      {
        spec: withCidr(),
        src: [egressObj('app', [...Array.from({ length: 999 }, () => other), DENY_ALL])],
      },
      [],
      [
        [
          'MP4024',
          'cannot allow 192.0.2.0/24 in EgressNetworkPolicy app/default on src: EgressNetworkPolicy app/default already has 1000 rules; the limit is 1000',
          nsPath(0),
        ],
      ],
    ],
    [
      'only source namespaces whose PVs DVM copies',
      {
        spec: withCidr(),
        src: [egressObj('app', [DENY_ALL])],
        pvs: [pv('app', 'copy', 'snapshot'), pv('web', 'copy', 'filesystem')],
        namespaces: [nsDecision('app'), nsDecision('web')],
      },
      [],
      [],
    ],
    [
      'the destination namespace only accepts connections: its firewall is not touched',
      {
        spec: withCidr(),
        src: [],
        dst: [egressObj('app', [DENY_ALL])],
        namespaces: [nsDecision('app', 'app', true)],
      },
      [],
      [],
    ],
  ])('%s', (_, opts, egress, diagnostics) => {
    const r = run(opts);
    expect(r.egress).toStrictEqual(egress);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toStrictEqual(diagnostics);
  });
});
