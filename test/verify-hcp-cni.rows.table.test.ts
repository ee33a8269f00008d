import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { NetworkMigrationPlan } from '../src/plan/cni/types.js';
import type { HcpPlan } from '../src/plan/hcp/types.js';
import type { KubeManifest } from '../src/render/types.js';
import { verifyNetworkMigration } from '../src/verify/cni.js';
import { verifyHcp } from '../src/verify/rules/hcp.js';

/**
 * The admission checks of a HostedClusterMigration (src/verify/rules/hcp.ts) and a NetworkMigration
 * (src/verify/cni.ts), row by row. Expected values come from:
 *   openshift/hypershift CRDs (hostedclusters, nodepools; `self == oldSelf` on controllerAvailabilityPolicy,
 *     services, issuerURL, fips, etcd (managementType, storageClassName), infraID, platform; NodePool clusterName,
 *     management.upgradeType, arch; pausedUntil "true|false|True|False" or an RFC3339 date, read with
 *     strconv.ParseBool; restoreSnapshotURL set once, at creation) and the API server, which refuses
 *     uid/resourceVersion/managedFields/ownerReferences/creationTimestamp/status on a create of a copied object;
 *   ovn-org/ovn-kubernetes: EgressFirewall CRD name pattern ^default$, go-controller pkg/ovn/egressfirewall.go
 *     (8,000 rules), k8s.ovn.org_egressips.yaml (egressIPs and namespaceSelector required, IP addresses);
 *   openshift/cluster-network-operator release-4.16 pkg/network/render.go isDefaultNetworkChangeSafe ("cannot change
 *     default network type when not doing migration").
 */

type O = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

// ---------------------------------------------------------------------------------------------------------------
const HC: O = {
  apiVersion: 'hypershift.openshift.io/v1beta1',
  kind: 'HostedCluster',
  metadata: { name: 'prod', namespace: 'clusters' },
  spec: {
    controllerAvailabilityPolicy: 'HighlyAvailable',
    services: [{ service: 'APIServer', servicePublishingStrategy: { type: 'LoadBalancer' } }],
    issuerURL: 'https://oidc.example.com/prod',
    fips: false,
    etcd: {
      managementType: 'Managed',
      managed: {
        storage: {
          type: 'PersistentVolume',
          persistentVolume: { storageClassName: 'gp3-csi', size: '8Gi' },
        },
      },
    },
    infraID: 'prod-x7k2p',
    platform: { type: 'AWS', aws: { region: 'us-east-1' } },
    release: { image: 'quay.io/openshift-release-dev/ocp-release:4.16.9-x86_64' },
  },
};
const NP: O = {
  apiVersion: 'hypershift.openshift.io/v1beta1',
  kind: 'NodePool',
  metadata: { name: 'prod-a', namespace: 'clusters' },
  spec: {
    clusterName: 'prod',
    management: { upgradeType: 'Replace' },
    arch: 'amd64',
    replicas: 2,
  },
};
/** The HostedCluster as restored: the backup plus the one unfilled restoreSnapshotURL slot. */
const restoredHc = (): O => {
  const o = clone(HC);
  const storage = ((o['spec'] as O)['etcd'] as O)['managed'] as O;
  (storage['storage'] as O)['restoreSnapshotURL'] = 'MIGPLAN_UNFILLED_RESTORE_URL';
  return o;
};
const at = (o: O, path: string[], value: unknown): O => {
  const c = clone(o);
  let v = c;
  for (const k of path.slice(0, -1)) v = v[k] as O;
  v[path[path.length - 1] as string] = value;
  return c;
};

interface HcpStepIn {
  phase?: string;
  forceConflicts?: boolean;
  objects: O[];
}
const hcpPlan = (steps: HcpStepIn[], method: 'etcd-snapshot' | 'oadp' = 'etcd-snapshot') =>
  ({
    name: 'prod',
    purpose: 'move',
    method,
    hostedCluster: { namespace: 'clusters', name: 'prod', apiVersion: 'v1beta1', object: HC },
    nodePools: [{ namespace: 'clusters', name: 'prod-a', apiVersion: 'v1beta1', object: NP }],
    steps: steps.map((s, i) => ({
      n: i + 7,
      id: `s${i}`,
      phase: s.phase ?? 'restore',
      place: 'target',
      title: '',
      changes: '',
      objects: s.objects,
      commands: [],
      verify: { name: '', command: '' },
      ...(s.forceConflicts === undefined ? {} : { forceConflicts: s.forceConflicts }),
    })),
  }) as unknown as HcpPlan;

interface HcpRow {
  name: string;
  cite: string;
  steps: HcpStepIn[];
  method?: 'oadp';
  /** [code, message fragments] of each finding, in order. */
  want: [string, ...string[]][];
}

const check = (ds: Diagnostic[], want: [string, ...string[]][]) => {
  expect(ds.map((d) => [d.code, d.severity])).toEqual(want.map(([c]) => [c, 'error']));
  want.forEach(([, ...says], i) => {
    for (const s of says) expect(ds[i]?.message, s).toContain(s);
  });
};

const immutableRow = (path: string[], value: unknown): HcpRow => ({
  name: `HostedCluster ${path.join('.')} changed`,
  cite: 'hostedclusters CRD: self == oldSelf',
  steps: [{ objects: [at(restoredHc(), path, value)] }],
  want: [
    ['MP7031', 'step 7 HostedCluster clusters/prod', `${path.join('.')} differs from the backup`],
  ],
});
const npRow = (path: string[], value: unknown): HcpRow => ({
  name: `NodePool ${path.join('.')} changed`,
  cite: 'nodepools CRD: self == oldSelf',
  steps: [{ objects: [at(NP, path, value)] }],
  want: [
    ['MP7031', 'step 7 NodePool clusters/prod-a', `${path.join('.')} differs from the backup`],
  ],
});

const hcpRows: HcpRow[] = [
  {
    name: 'the backup restored unchanged, with the one unfilled URL slot',
    cite: 'hostedclusters CRD; restoreSnapshotURL filled at creation by the printed command',
    steps: [{ objects: [restoredHc(), clone(NP)] }],
    want: [],
  },
  ...['uid', 'resourceVersion', 'managedFields', 'ownerReferences', 'creationTimestamp'].map(
    (k): HcpRow => ({
      name: `metadata.${k} left on a restored object`,
      cite: 'hcp-migration reference: strip metadata.{ownerReferences,creationTimestamp,resourceVersion,uid}; server-side apply refuses managedFields',
      steps: [{ objects: [at(NP, ['metadata', k], k === 'managedFields' ? [] : 'x')] }],
      want: [['MP7032', 'step 7 NodePool clusters/prod-a still carries', k]],
    }),
  ),
  {
    name: 'status and uid left, both named',
    cite: 'hcp-migration reference: strip .status and server metadata',
    steps: [{ objects: [{ ...at(NP, ['metadata', 'uid'], 'u'), status: {} }] }],
    want: [['MP7032', 'still carries uid, status']],
  },
  {
    name: 'a backup step may set pausedUntil "true" (the pause step)',
    cite: 'hcp-migration reference step 1: merge spec.pausedUntil "true" on the source',
    steps: [
      {
        phase: 'backup',
        objects: [
          {
            apiVersion: HC['apiVersion'],
            kind: 'HostedCluster',
            metadata: HC['metadata'],
            spec: { pausedUntil: 'true' },
          },
        ],
      },
    ],
    want: [],
  },
  {
    name: 'a restored NodePool with pausedUntil "true"',
    cite: 'pausedUntil: strconv.ParseBool("true") pauses reconciliation',
    steps: [{ objects: [at(NP, ['spec', 'pausedUntil'], 'true')] }],
    want: [['MP7032', 'step 7 NodePool clusters/prod-a would be created paused']],
  },
  {
    name: 'a restored HostedCluster with pausedUntil "True"',
    cite: 'CRD pattern true|false|True|False; strconv.ParseBool("True") is true',
    steps: [{ objects: [at(restoredHc(), ['spec', 'pausedUntil'], 'True')] }],
    want: [['MP7032', 'HostedCluster clusters/prod would be created paused']],
  },
  {
    name: 'a restored NodePool with pausedUntil "false"',
    cite: 'strconv.ParseBool("false"): not paused',
    steps: [{ objects: [at(NP, ['spec', 'pausedUntil'], 'false')] }],
    want: [],
  },
  {
    name: 'a Secret in a step',
    cite: 'hcp-migration reference: Secrets are copied by the printed commands, never emitted',
    steps: [
      {
        phase: 'backup',
        objects: [
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'clusters' } },
        ],
      },
    ],
    want: [['MP7032', 'step 7 emits Secret clusters/pull']],
  },
  {
    name: 'an etcd-snapshot restore with a filled URL',
    cite: 'restoreSnapshotURL is immutable and read only at creation: only the unfilled slot may be emitted',
    steps: [
      {
        objects: [
          at(
            restoredHc(),
            ['spec', 'etcd', 'managed', 'storage', 'restoreSnapshotURL'],
            ['https://bucket/etcd.db'],
          ),
        ],
      },
    ],
    want: [
      [
        'MP7030',
        'step 7 HostedCluster clusters/prod has restoreSnapshotURL ["https://bucket/etcd.db"]',
      ],
    ],
  },
  {
    name: 'an OADP restore has no URL slot',
    cite: 'method oadp: Velero restores etcd from its backup; no restoreSnapshotURL',
    method: 'oadp',
    steps: [{ objects: [clone(HC)] }],
    want: [],
  },
  {
    name: 'a restore step applied with --force-conflicts is a partial object, not compared',
    cite: 'server-side apply of owned fields only (pause, replicas)',
    steps: [
      {
        forceConflicts: true,
        objects: [
          {
            apiVersion: HC['apiVersion'],
            kind: 'HostedCluster',
            metadata: HC['metadata'],
            spec: { pausedUntil: 'false' },
          },
          {
            apiVersion: NP['apiVersion'],
            kind: 'NodePool',
            metadata: NP['metadata'],
            spec: { replicas: 3 },
          },
        ],
      },
    ],
    want: [],
  },
  immutableRow(['spec', 'controllerAvailabilityPolicy'], 'SingleReplica'),
  immutableRow(['spec', 'services'], []),
  immutableRow(['spec', 'issuerURL'], 'https://oidc.example.com/other'),
  immutableRow(['spec', 'fips'], true),
  immutableRow(['spec', 'etcd', 'managementType'], 'Unmanaged'),
  immutableRow(
    ['spec', 'etcd', 'managed', 'storage', 'persistentVolume', 'storageClassName'],
    'gp2',
  ),
  immutableRow(['spec', 'infraID'], 'prod-other'),
  immutableRow(['spec', 'platform'], { type: 'AWS', aws: { region: 'eu-west-1' } }),
  {
    name: 'a mutable HostedCluster field may change',
    cite: 'spec.release is not immutable',
    steps: [
      {
        objects: [
          at(restoredHc(), ['spec', 'release'], {
            image: 'quay.io/openshift-release-dev/ocp-release:4.16.10-x86_64',
          }),
        ],
      },
    ],
    want: [],
  },
  npRow(['spec', 'clusterName'], 'other'),
  npRow(['spec', 'management', 'upgradeType'], 'InPlace'),
  npRow(['spec', 'arch'], 'arm64'),
  {
    name: 'a mutable NodePool field may change',
    cite: 'spec.replicas is not immutable',
    steps: [{ objects: [at(NP, ['spec', 'replicas'], 5)] }],
    want: [],
  },
  {
    name: 'a NodePool the backup does not have',
    cite: 'no backed-up NodePool to keep the immutable fields of',
    steps: [{ objects: [at(NP, ['metadata', 'name'], 'prod-z')] }],
    want: [
      ['MP7031', 'NodePool clusters/prod-z: spec.clusterName differs'],
      ['MP7031', 'NodePool clusters/prod-z: spec.management.upgradeType differs'],
      ['MP7031', 'NodePool clusters/prod-z: spec.arch differs'],
    ],
  },
];

describe('HostedClusterMigration admission check (verifyHcp)', () => {
  it.each(hcpRows)('$name ($cite)', (row) => {
    check(verifyHcp(hcpPlan(row.steps, row.method)), row.want);
  });
});

// ---------------------------------------------------------------------------------------------------------------
const step = (name: string, objects: O[]) => ({
  nn: 0,
  name,
  title: name,
  changes: '',
  objects: objects as KubeManifest[],
  commands: [],
  waits: [],
  verify: [],
});
const cniPlan = (
  steps: ReturnType<typeof step>[],
  procedure: 'two-phase' | 'live' | 'annotation' = 'two-phase',
  rollback: ReturnType<typeof step>[] = [],
) => ({ cluster: 'c', procedure, steps, rollback }) as unknown as NetworkMigrationPlan;

const firewall = (name: string, rules: number, namespace = 'shop'): O => ({
  apiVersion: 'k8s.ovn.org/v1',
  kind: 'EgressFirewall',
  metadata: { name, namespace },
  spec: {
    egress: Array.from({ length: rules }, () => ({
      type: 'Deny',
      to: { cidrSelector: '0.0.0.0/0' },
    })),
  },
});
const egressIp = (spec: O | undefined): O => ({
  apiVersion: 'k8s.ovn.org/v1',
  kind: 'EgressIP',
  metadata: { name: 'egressip-shop' },
  ...(spec === undefined ? {} : { spec }),
});
const opMigration: O = {
  apiVersion: 'operator.openshift.io/v1',
  kind: 'Network',
  metadata: { name: 'cluster' },
  spec: { migration: { networkType: 'OVNKubernetes' } },
};
const cfgNetworkType: O = {
  apiVersion: 'config.openshift.io/v1',
  kind: 'Network',
  metadata: { name: 'cluster' },
  spec: { networkType: 'OVNKubernetes' },
};

interface CniRow {
  name: string;
  cite: string;
  plan: NetworkMigrationPlan;
  want: [string, ...string[]][];
}

const ips = (egressIPs: unknown[]) =>
  cniPlan([step('conversions', [egressIp({ egressIPs, namespaceSelector: { matchLabels: {} } })])]);

const cniRows: CniRow[] = [
  {
    name: 'an EgressFirewall named default with 8,000 rules',
    cite: 'EgressFirewall CRD ^default$; egressfirewall.go: at most 8,000 rules',
    plan: cniPlan([step('conversions', [firewall('default', 8000)])]),
    want: [],
  },
  {
    name: 'an EgressFirewall with 8,001 rules',
    cite: 'egressfirewall.go: "egressFirewall for namespace %s has too many rules"',
    plan: cniPlan([step('conversions', [firewall('default', 8001)])]),
    want: [['MP7020', 'EgressFirewall shop/default would be rejected', '8001', '8000']],
  },
  {
    name: 'an EgressFirewall without spec has no rules',
    cite: 'EgressFirewall CRD',
    plan: cniPlan([
      step('conversions', [
        {
          apiVersion: 'k8s.ovn.org/v1',
          kind: 'EgressFirewall',
          metadata: { name: 'default', namespace: 'a' },
        },
      ]),
    ]),
    want: [],
  },
  {
    name: 'an EgressFirewall not named default, in a rollback step',
    cite: 'EgressFirewall CRD metadata.name pattern ^default$ (both sequences are applied objects)',
    plan: cniPlan([], 'two-phase', [step('restore', [firewall('allow-db', 1, 'db')])]),
    want: [['MP7020', 'EgressFirewall db/allow-db would be rejected', 'named default']],
  },
  {
    name: 'an EgressIP with IPv4 and IPv6 addresses',
    cite: 'k8s.ovn.org_egressips.yaml: egressIPs are IP addresses',
    plan: ips(['10.0.0.10', '2001:db8::10']),
    want: [],
  },
  {
    name: 'an EgressIP without spec',
    cite: 'EgressIP CRD: spec.egressIPs required',
    plan: cniPlan([step('conversions', [egressIp(undefined)])]),
    want: [['MP7021', 'EgressIP egressip-shop would be rejected', 'spec.egressIPs']],
  },
  {
    name: 'an EgressIP with an empty list',
    cite: 'EgressIP CRD: spec.egressIPs required',
    plan: ips([]),
    want: [['MP7021', 'spec.egressIPs']],
  },
  {
    name: 'an EgressIP without namespaceSelector',
    cite: 'EgressIP CRD: spec.namespaceSelector required',
    plan: cniPlan([step('conversions', [egressIp({ egressIPs: ['10.0.0.10'] })])]),
    want: [['MP7021', 'spec.namespaceSelector']],
  },
  {
    name: 'only the entries that are not addresses are named',
    cite: 'EgressIP: each egressIPs entry must be an IP address',
    plan: ips(['10.0.0.10', '10.0.0.256', 'db.example.com', 7]),
    want: [['MP7021', ': 10.0.0.256, db.example.com, 7 is not an IP']],
  },
  {
    name: 'two-phase: spec.migration set one step before networkType',
    cite: 'isDefaultNetworkChangeSafe: the operator Network migration.networkType names the new type',
    plan: cniPlan([step('migration', [opMigration]), step('network-type', [cfgNetworkType])]),
    want: [],
  },
  {
    name: 'two-phase: networkType before spec.migration',
    cite: 'isDefaultNetworkChangeSafe: "cannot change default network type when not doing migration"',
    plan: cniPlan([step('network-type', [cfgNetworkType]), step('migration', [opMigration])]),
    want: [['MP7022', 'cannot change default network type when not doing migration']],
  },
  {
    name: 'two-phase: networkType with no spec.migration at all',
    cite: 'isDefaultNetworkChangeSafe',
    plan: cniPlan([step('network-type', [cfgNetworkType])]),
    want: [['MP7022', 'spec.migration']],
  },
  {
    name: 'two-phase: spec.migration written on the config Network does not count',
    cite: 'isDefaultNetworkChangeSafe reads operator.openshift.io Network spec.migration',
    plan: cniPlan([
      step('migration', [
        { ...cfgNetworkType, spec: { migration: { networkType: 'OVNKubernetes' } } },
      ]),
      step('network-type', [cfgNetworkType]),
    ]),
    want: [['MP7022', 'networkType']],
  },
  {
    name: 'two-phase: an operator Network patch without migration does not count',
    cite: 'isDefaultNetworkChangeSafe: spec.migration must be set',
    plan: cniPlan([
      step('mtu', [
        { ...opMigration, spec: { defaultNetwork: { ovnKubernetesConfig: { mtu: 1400 } } } },
      ]),
      step('network-type', [cfgNetworkType]),
    ]),
    want: [['MP7022', 'networkType']],
  },
  {
    name: 'two-phase: a config Network step without networkType is not the networkType step',
    cite: 'only a networkType change is refused',
    plan: cniPlan([
      step('other', [{ ...cfgNetworkType, spec: { externalIP: { policy: {} } } }]),
      step('migration', [opMigration]),
    ]),
    want: [],
  },
  {
    name: 'live: the operator migrates after the one config patch',
    cite: 'live migration (4.15.31+, 4.16): network.openshift.io/network-type-migration annotation, no spec.migration',
    plan: cniPlan([step('network-type', [cfgNetworkType])], 'live'),
    want: [],
  },
];

describe('NetworkMigration admission check (verifyNetworkMigration)', () => {
  it.each(cniRows)('$name ($cite)', (row) => {
    const ds = verifyNetworkMigration(row.plan);
    check(ds, row.want);
    for (const d of ds) expect(d.path).toEqual(['spec', 'cluster']);
  });
});
