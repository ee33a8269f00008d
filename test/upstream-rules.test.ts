import { describe, expect, it } from 'vitest';
import { plan } from '../src/plan/plan.js';
import { rsyncBlocked } from '../src/plan/rules/network-allow.js';
import { chooseTargetClass } from '../src/plan/rules/storage-class.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import type { Spec } from '../src/spec/spec.js';
import { facts, k, specWith } from './helpers/facts.js';

/**
 * Decisions checked against the upstream rules they port. Every expected value in these tables was written
 * by hand from the cited upstream behaviour (mig-controller, Kubernetes, OpenShift), not from migplan's
 * output; each table is named after the mutant it kills (see README, Development).
 */

const EBS = { awsElasticBlockStore: { volumeID: 'vol-1' } };
const targetBase: KubeObject[] = [
  k.ns('default'),
  k.sc('gp3-csi', 'ebs.csi.aws.com', true),
  k.version('4.12.3'),
];
const planOf = (spec: Spec, src: KubeObject[], dst: KubeObject[] = targetBase) =>
  plan({ spec, facts: { src: facts('src', src), dst: facts('dst', dst) } }).value?.plans[0];

describe('built-in SCCs are never emitted (scc.ts emitScc `!builtIn` guard)', () => {
  // OpenShift owns the default SCCs: cluster-kube-apiserver-operator bindata/bootkube/scc-manifests/
  // 0000_20_kube-apiserver-operator_00_scc-<name>.yaml. Applying a copy with `users: []` would replace
  // the platform's users list (e.g. wipe anyuid's), so a built-in SCC is granted through its ClusterRole
  // and never written, even when the target's SCC list is unknown. A custom SCC missing on the target
  // must be created (MP4019), one present on the target is left alone.
  it.each([
    // [SCC on the source, SCCs recorded on the target, emitScc]
    ['anyuid', [], false],
    ['restricted-v2', [], false],
    ['privileged', [], false],
    ['anyuid', ['anyuid'], false],
    ['custom-scc', [], true],
    ['custom-scc', ['custom-scc'], false],
  ] as const)('%s with target SCCs %j: emitScc %s', (scc, onTarget, emitScc) => {
    const p = planOf(
      specWith(),
      [k.ns('app'), k.sa('app', 'db'), k.scc(scc, ['system:serviceaccount:app:db'])],
      [...targetBase, ...onTarget.map((n) => k.scc(n))],
    );
    expect(p?.sccGrants.map((g) => [g.scc, g.emitScc])).toEqual([[scc, emitScc]]);
    if (!emitScc) expect(p?.sccGrants[0]?.sccObject).toBeUndefined();
  });
});

describe('a RoleBinding grants SCC use only in its own namespace (scc.ts RoleBinding namespace check)', () => {
  // Kubernetes RBAC (kubernetes pkg/registry/rbac/validation/rule.go, VisitRulesFor): a RoleBinding's
  // rules apply to requests in the binding's namespace only; a ClusterRoleBinding applies everywhere.
  // OpenShift SCC admission checks `use` on the SCC in the pod's namespace
  // (apiserver-library-go pkg/securitycontextconstraints/sccadmission, authorizedForSCC).
  const useCustom = k.clusterRole('use-custom', [
    {
      apiGroups: ['security.openshift.io'],
      resources: ['securitycontextconstraints'],
      verbs: ['use'],
      resourceNames: ['custom-scc'],
    },
  ]);
  const crb: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'ops-custom' },
    roleRef: { kind: 'ClusterRole', name: 'use-custom' },
    subjects: [{ kind: 'ServiceAccount', name: 'ops', namespace: 'app' }],
  };
  const sa = { kind: 'ServiceAccount', name: 'ops', namespace: 'app' };
  it.each<[string, KubeObject, string[]]>([
    ['RoleBinding in app', k.roleBinding('app', 'b', 'use-custom', [sa]), ['app/ops:custom-scc']],
    ['RoleBinding in other', k.roleBinding('other', 'b', 'use-custom', [sa]), []],
    ['ClusterRoleBinding', crb, ['app/ops:custom-scc']],
    [
      'RoleBinding in other, namespace group of app',
      k.roleBinding('other', 'b', 'use-custom', [
        { kind: 'Group', name: 'system:serviceaccounts:app' },
      ]),
      [],
    ],
  ])('%s -> %j', (_what, binding, grants) => {
    const p = planOf(specWith(), [
      k.ns('app'),
      k.ns('other'),
      k.sa('app', 'ops'),
      k.scc('custom-scc'),
      useCustom,
      binding,
    ]);
    expect(p?.sccGrants.map((g) => `${g.targetNamespace}/${g.serviceAccount}:${g.scc}`)).toEqual(
      grants,
    );
  });
});

describe('a PV belongs to a PVC only through its claimRef (pv.ts claimRef namespace check)', () => {
  // Kubernetes pv_controller.go (pkg/controller/volume/persistentvolume), IsVolumeBoundToClaim: a PV is
  // bound to a claim when claimRef.name AND claimRef.namespace match (and the UID, when set). mig-controller
  // only migrates Bound claims (pkg/controller/migplan/pvlist.go, getClaims), so a PVC whose volumeName
  // points at a PV bound elsewhere is not migrated.
  it.each([
    ['app', 'data', 'copy'],
    ['other', 'data', 'not migrated'],
    ['app', 'other-claim', 'not migrated'],
  ])('claimRef %s/%s -> %s', (ns, name, expected) => {
    const [pvc, pv] = k.volume('app', 'data', { sc: 'gp2', source: EBS }) as [
      KubeObject,
      KubeObject,
    ];
    (pv['spec'] as Record<string, unknown>)['claimRef'] = { namespace: ns, name };
    const p = planOf(specWith(), [
      k.ns('app'),
      k.sc('gp2', 'kubernetes.io/aws-ebs', true),
      pvc,
      pv,
    ]);
    const decided = p?.pvs.find((d) => d.pvc === 'data')?.action;
    expect(decided ?? (p?.skippedPvcs.some((s) => s.name === 'data') ? 'not migrated' : '?')).toBe(
      expected,
    );
  });
});

describe('rsync client egress needs DNS as well as 443 (network-allow.ts DNS requirement)', () => {
  // Kubernetes NetworkPolicy semantics (networking/v1 NetworkPolicySpec): once a policy selects a pod for
  // Egress, only the listed egress is allowed, DNS included. The rsync client (mig-controller
  // pkg/controller/directvolumemigration/rsync.go) reaches the target through its route host name, so it
  // must resolve it: UDP 53 (kube-dns) or 5353 (OpenShift's dns-default pods) and TCP 443 to the route.
  const policy = (egress: Record<string, unknown>[]) => ({
    namespace: 'app',
    name: 'egress',
    spec: { podSelector: {}, policyTypes: ['Egress'], egress },
  });
  const https = {
    to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
    ports: [{ protocol: 'TCP', port: 443 }],
  };
  it.each<[string, Record<string, unknown>[], boolean]>([
    ['443 only', [https], true],
    ['443 and UDP 53', [https, { ports: [{ protocol: 'UDP', port: 53 }] }], false],
    ['443 and UDP 5353', [https, { ports: [{ protocol: 'UDP', port: 5353 }] }], false],
    ['UDP 53 only', [{ ports: [{ protocol: 'UDP', port: 53 }] }], true],
    ['443 and TCP 53 only', [https, { ports: [{ protocol: 'TCP', port: 53 }] }], true],
    ['every port to everywhere', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }], false],
    ['no egress rule at all', [], true],
  ])('%s: blocked %s', (_what, egress, blocked) => {
    expect(rsyncBlocked([policy(egress)], 'source').blocked).toBe(blocked);
  });
});

describe('the beta default-class annotation still marks the default (facts-from-objects.ts)', () => {
  // Kubernetes pkg/apis/storage/util/helpers.go (IsDefaultAnnotation): a class is the default when
  // storageclass.kubernetes.io/is-default-class OR the beta storageclass.beta.kubernetes.io/is-default-class
  // is exactly "true". mig-controller's getDestStorageClass falls back to that default.
  const sc = (annotations: Record<string, string>): KubeObject => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'x', annotations },
    provisioner: 'example.com/x',
  });
  it.each<[Record<string, string>, boolean]>([
    [{ 'storageclass.kubernetes.io/is-default-class': 'true' }, true],
    [{ 'storageclass.beta.kubernetes.io/is-default-class': 'true' }, true],
    [{ 'storageclass.kubernetes.io/is-default-class': 'false' }, false],
    [{ 'storageclass.beta.kubernetes.io/is-default-class': 'false' }, false],
    [{ 'storageclass.beta.kubernetes.io/is-default-class': 'True' }, false],
    [{}, false],
  ])('%j -> default %s', (annotations, isDefault) => {
    expect(facts('dst', [sc(annotations)]).storageClasses[0]?.isDefault).toBe(isDefault);
  });

  it('a target whose only default is marked with the beta annotation receives volumes of unknown backends', () => {
    const old = {
      ...k.sc('standard', 'example.com/old'),
      metadata: {
        name: 'standard',
        annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' },
      },
    };
    const p = planOf(
      specWith(),
      [
        k.ns('app'),
        k.sc('legacy', 'example.com/legacy', true),
        ...k.volume('app', 'd', {
          sc: 'legacy',
          source: { csi: { driver: 'example.com/legacy' } },
        }),
      ],
      [k.ns('default'), k.version('4.12.3'), old, k.sc('other', 'example.com/other')],
    );
    expect(p?.pvs[0]?.targetStorageClass).toBe('standard');
  });
});

describe('only the controlling owner reference counts (facts-from-objects.ts `controller` flag)', () => {
  // Kubernetes apimachinery pkg/apis/meta/v1/controller_ref.go (GetControllerOf): the controller is the
  // owner reference with controller: true; other owner references do not manage the object. mig-controller
  // reports the mounting pod's controller kind as the PVC's ownerType (pkg/controller/migplan/pvlist.go).
  const pod = (refs: Record<string, unknown>[]): KubeObject => {
    const p = k.pod('app', 'web', { claims: ['data'] });
    (p['metadata'] as Record<string, unknown>)['ownerReferences'] = refs;
    return p;
  };
  it.each<[string, Record<string, unknown>[], string | undefined]>([
    [
      'ReplicaSet, controller',
      [{ kind: 'ReplicaSet', name: 'rs', controller: true }],
      'ReplicaSet',
    ],
    [
      'ReplicaSet, not controller',
      [{ kind: 'ReplicaSet', name: 'rs', controller: false }],
      undefined,
    ],
    ['ReplicaSet, no flag', [{ kind: 'ReplicaSet', name: 'rs' }], undefined],
    [
      'ConfigMap owner then StatefulSet controller',
      [
        { kind: 'ConfigMap', name: 'cm' },
        { kind: 'StatefulSet', name: 'ss', controller: true },
      ],
      'StatefulSet',
    ],
  ])('pod owned by %s -> owner kind %s', (_what, refs, kind) => {
    expect(facts('src', [pod(refs)]).pods[0]?.ownerKind).toBe(kind);
  });

  it.each<[string, Record<string, unknown>[], boolean]>([
    ['a PVC controller', [{ kind: 'PersistentVolumeClaim', name: 'p', controller: true }], true],
    ['a PVC owner without the flag', [{ kind: 'PersistentVolumeClaim', name: 'p' }], false],
    ['no owner', [], false],
  ])('a PVC with %s: owned by a PVC %s', (_what, refs, owned) => {
    const [pvc] = k.volume('app', 'data', { sc: 'gp2' }) as [KubeObject];
    (pvc['metadata'] as Record<string, unknown>)['ownerReferences'] = refs;
    expect(facts('src', [pvc]).pvcs[0]?.ownedByPvc).toBe(owned);
  });
});

describe('unknown backends are not one backend (storage-class.ts `family !== undefined` guard)', () => {
  // mig-controller pkg/controller/migplan/pvlist.go (getDestStorageClass): keep the source's class when
  // the target has one with the same provisioner, else use the target's default. Two provisioners that
  // migplan knows no family for are different backends.
  const classes = facts('dst', [
    k.sc('other', 'example.com/other'),
    k.sc('gp3-csi', 'ebs.csi.aws.com', true),
    k.sc('same', 'example.com/mine'),
  ]).storageClasses;
  it.each([
    ['example.com/unknown', 'legacy', 'gp3-csi'],
    ['example.com/mine', 'legacy', 'same'],
    ['example.com/mine', 'same', 'same'],
  ])('source provisioner %s (class %s) -> %s', (provisioner, sourceClass, expected) => {
    const choice = chooseTargetClass(
      {
        sourceClass,
        sourceProvisioner: provisioner,
        nfsVolume: false,
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Filesystem',
      },
      classes,
    );
    expect(choice.storageClass).toBe(expected);
  });
});

describe('a destination namespace that does not exist has no policies yet (network.ts `existsOnTarget`)', () => {
  // mig-controller creates the destination namespace during the restore (Velero restores the Namespace),
  // so before the migration only namespaces already on the target can carry NetworkPolicies that stop
  // the rsync server's ingress (Kubernetes NetworkPolicy semantics, as above). Policy objects recorded for
  // a namespace the target does not list (a partial or stale snapshot) are not the destination's.
  const denyIngress = (ns: string): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-in', namespace: ns },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  const src = [
    k.ns('app'),
    k.sc('gp2', 'kubernetes.io/aws-ebs', true),
    ...k.volume('app', 'd', { sc: 'gp2', source: EBS }),
  ];
  const direct = specWith({ volumes: { transfer: 'direct' } });
  it.each<[string, KubeObject[], string[]]>([
    [
      'app exists on the target with a deny-all ingress',
      [k.ns('app'), denyIngress('app')],
      ['target/app'],
    ],
    ['app is not on the target (policy recorded without it)', [denyIngress('app')], []],
    ['app exists on the target, no policies', [k.ns('app')], []],
  ])('%s -> rsync policies %j', (_what, onTarget, expected) => {
    const p = planOf(direct, src, [...targetBase, ...onTarget]);
    expect(p?.rsyncPolicies.map((d) => `${d.side}/${d.namespace}`)).toEqual(expected);
  });
});
