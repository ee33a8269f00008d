import { describe, expect, it } from 'vitest';
import {
  claimOwnerTypes,
  claimOwners,
  templatePods,
  type OwnedPod,
} from '../src/plan/rules/owners.js';
import {
  emptyFacts,
  type ClusterFacts,
  type OwnerRef,
  type PodFact,
  type WorkloadFact,
  type WorkloadKind,
} from '../src/resolve/cluster-facts.js';

/**
 * owners.ts, one row per case; the expected values are written by hand from the upstream rules, never
 * from the code's output:
 * - migtools/mig-controller @3acf3578 pkg/pods/template.go ListTemplatePods and its list*TemplatePods
 *   helpers (the single owner reference each kind's template pod gets, kind and apiVersion as written
 *   there; a VirtualMachine's VirtualMachineInstance owner has no name);
 * - migtools/mig-controller @3acf3578 pkg/controller/migplan/pvlist.go createPVCToOwnerTypeMap (kind AND
 *   apiVersion must both match; a ReplicaSet is a Deployment only when r.Client.Get finds it, which it
 *   skips for an empty owner name, with exactly one apps/v1 Deployment owner; a claim whose pods disagree
 *   is Unknown; pods with zero or several owners give Unknown), getClaims (template pods, then only the
 *   pods whose status.phase is Running) and pvcInPodVolumes (hasReference).
 * - Kubernetes ownerReferences: upstream counts len(OwnerReferences) == 1 and does not look at
 *   `controller: true`, so neither do these rows.
 * Rows that repeat test/owners.test.ts (the upstream pvlist_test.go cases) are left out.
 */

const ref = (kind: string, apiVersion: string, name = 'owner'): OwnerRef => ({
  kind,
  apiVersion,
  name,
});
const pod = (owners: OwnerRef[], claims: string[], name = 'pod-0', namespace = 'ns'): OwnedPod => ({
  name,
  namespace,
  owners,
  claimNames: claims,
});
const workload = (
  kind: WorkloadKind,
  name: string,
  init: Partial<WorkloadFact> = {},
): WorkloadFact => ({
  kind,
  apiVersion: 'apps/v1',
  namespace: 'ns',
  name,
  hasTemplate: true,
  claimNames: [],
  owners: [],
  ...init,
});
/** A ReplicaSet on the MTC host, as r.Client.Get would find it. */
const hostRs = (namespace: string, name: string, owners: OwnerRef[]): WorkloadFact =>
  workload('ReplicaSet', name, { namespace, owners });
const lookup =
  (sets: WorkloadFact[]) =>
  (namespace: string, name: string): WorkloadFact | undefined =>
    sets.find((s) => s.namespace === namespace && s.name === name);

describe('template.go ListTemplatePods: the owner reference of each kind of template pod', () => {
  // [kind, hasTemplate, expected owner (kind, apiVersion, name) or no pod]
  it.each<[WorkloadKind, boolean, OwnerRef | undefined]>([
    ['Deployment', true, ref('Deployment', 'apps/v1', 'w')],
    // listDeploymentConfigTemplatePodsForNamespace writes apiVersion apps/v1, kind DeploymentConfig.
    ['DeploymentConfig', true, ref('DeploymentConfig', 'apps/v1', 'w')],
    // ... and skips a DeploymentConfig whose spec.template is nil.
    ['DeploymentConfig', false, undefined],
    // listReplicationControllerTemplatePodsForNamespace also writes kind DeploymentConfig.
    ['ReplicationController', true, ref('DeploymentConfig', 'apps/v1', 'w')],
    ['ReplicationController', false, undefined],
    ['DaemonSet', true, ref('DaemonSet', 'apps/v1', 'w')],
    ['StatefulSet', true, ref('StatefulSet', 'apps/v1', 'w')],
    ['ReplicaSet', true, ref('ReplicaSet', 'apps/v1', 'w')],
    ['Job', true, ref('Job', 'batch/v1', 'w')],
    // listCronJobTemplatePodsForNamespace writes batch/v1 although it lists batch/v1beta1 CronJobs.
    ['CronJob', true, ref('CronJob', 'batch/v1', 'w')],
    // listVirtualMachineTemplatePodsForNamespace sets no Name on the VirtualMachineInstance owner.
    ['VirtualMachine', true, ref('VirtualMachineInstance', 'kubevirt.io/v1', '')],
  ])('%s (template: %s)', (kind, hasTemplate, owner) => {
    const w = workload(kind, 'w', { namespace: 'app', hasTemplate, claimNames: ['c1', 'c2'] });
    expect(templatePods([w])).toEqual(
      owner ? [{ name: 'w', namespace: 'app', owners: [owner], claimNames: ['c1', 'c2'] }] : [],
    );
  });

  it('one template pod per workload, in the order given, the template-less ones left out', () => {
    const pods = templatePods([
      workload('StatefulSet', 'db', { claimNames: ['data'] }),
      workload('DeploymentConfig', 'old', { hasTemplate: false, claimNames: ['x'] }),
      workload('Deployment', 'web', { claimNames: [] }),
    ]);
    expect(pods.map((p) => [p.name, p.owners[0]?.kind, p.claimNames])).toEqual([
      ['db', 'StatefulSet', ['data']],
      ['web', 'Deployment', []],
    ]);
  });
});

describe('pvlist.go createPVCToOwnerTypeMap: kind and apiVersion must both match', () => {
  const rsOwnedBy = (owners: OwnerRef[]) => [hostRs('ns', 'rs-0', owners)];
  // [case, pods, ReplicaSets on the host, expected claim -> ownerType]
  it.each<[string, OwnedPod[], WorkloadFact[], Record<string, string>]>([
    [
      'a StatefulSet owner at apps/v1beta1 is Unknown',
      [pod([ref('StatefulSet', 'apps/v1beta1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'a Deployment owner at extensions/v1beta1 is Unknown',
      [pod([ref('Deployment', 'extensions/v1beta1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'a DaemonSet owner at extensions/v1beta1 is Unknown',
      [pod([ref('DaemonSet', 'extensions/v1beta1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'a ReplicaSet owner at extensions/v1beta1 is Unknown, even when its ReplicaSet has a Deployment owner',
      [pod([ref('ReplicaSet', 'extensions/v1beta1', 'rs-0')], ['c'])],
      rsOwnedBy([ref('Deployment', 'apps/v1', 'web')]),
      { c: 'Unknown' },
    ],
    [
      'a Job owner at batch/v2alpha1 is Unknown',
      [pod([ref('Job', 'batch/v2alpha1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'a CronJob owner at batch/v1beta1 is Unknown',
      [pod([ref('CronJob', 'batch/v1beta1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'a VirtualMachineInstance owner at kubevirt.io/v1alpha3 is a VirtualMachine',
      [pod([ref('VirtualMachineInstance', 'kubevirt.io/v1alpha3')], ['c'])],
      [],
      { c: 'VirtualMachine' },
    ],
    [
      'a VirtualMachineInstance owner at kubevirt.io/v1beta1 is Unknown',
      [pod([ref('VirtualMachineInstance', 'kubevirt.io/v1beta1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'an unknown kind at apps/v1 is Unknown (the apiVersion alone decides nothing)',
      [pod([ref('ControllerRevision', 'apps/v1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'an unknown kind at batch/v1 is Unknown',
      [pod([ref('Workflow', 'batch/v1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'an unknown kind at kubevirt.io/v1 is Unknown',
      [pod([ref('VirtualMachine', 'kubevirt.io/v1')], ['c'])],
      [],
      { c: 'Unknown' },
    ],
    [
      'a Pod owner of a pod not named hp-... is Unknown (only hotplug pods are VirtualMachine)',
      [pod([ref('Pod', 'v1')], ['c'], 'virt-launcher-vm-abcde')],
      [],
      { c: 'Unknown' },
    ],
  ])('%s', (_name, pods, sets, want) => {
    expect(Object.fromEntries(claimOwnerTypes(pods, lookup(sets)))).toEqual(want);
  });
});

describe('pvlist.go createPVCToOwnerTypeMap: a ReplicaSet owner is a Deployment only through r.Client.Get', () => {
  const rsPod = (rsName: string, namespace = 'ns') =>
    pod([ref('ReplicaSet', 'apps/v1', rsName)], ['c'], 'web-1-abcde', namespace);
  // [case, pod, ReplicaSets on the host, expected ownerType of claim c]
  it.each<[string, OwnedPod, WorkloadFact[], string]>([
    [
      'an owner reference with no name: no Get, so ReplicaSet',
      rsPod(''),
      [hostRs('ns', '', [ref('Deployment', 'apps/v1', 'web')])],
      'ReplicaSet',
    ],
    [
      'the ReplicaSet is looked up in the pod namespace: one of that name elsewhere is not it',
      rsPod('rs-0', 'ns'),
      [hostRs('other', 'rs-0', [ref('Deployment', 'apps/v1', 'web')])],
      'ReplicaSet',
    ],
    [
      'the ReplicaSet is looked up by the owner name: another ReplicaSet is not it',
      rsPod('rs-0'),
      [hostRs('ns', 'rs-1', [ref('Deployment', 'apps/v1', 'web')])],
      'ReplicaSet',
    ],
    [
      'a ReplicaSet with two owners (a Deployment first) is not a Deployment',
      rsPod('rs-0'),
      [
        hostRs('ns', 'rs-0', [
          ref('Deployment', 'apps/v1', 'web'),
          ref('Rollout', 'argoproj.io/v1alpha1', 'web'),
        ]),
      ],
      'ReplicaSet',
    ],
    [
      'a ReplicaSet owned by an extensions/v1beta1 Deployment is not a Deployment',
      rsPod('rs-0'),
      [hostRs('ns', 'rs-0', [ref('Deployment', 'extensions/v1beta1', 'web')])],
      'ReplicaSet',
    ],
    [
      'a ReplicaSet owned by another apps/v1 kind is not a Deployment',
      rsPod('rs-0'),
      [hostRs('ns', 'rs-0', [ref('StatefulSet', 'apps/v1', 'web')])],
      'ReplicaSet',
    ],
    [
      'a ReplicaSet owned by an Argo Rollout is not a Deployment',
      rsPod('rs-0'),
      [hostRs('ns', 'rs-0', [ref('Rollout', 'argoproj.io/v1alpha1', 'web')])],
      'ReplicaSet',
    ],
  ])('%s', (_name, p, sets, want) => {
    expect(claimOwnerTypes([p], lookup(sets)).get('c')).toBe(want);
  });
});

describe('pvlist.go createPVCToOwnerTypeMap: how the pods of one claim combine', () => {
  const sts = ref('StatefulSet', 'apps/v1', 'db');
  const ds = ref('DaemonSet', 'apps/v1', 'agent');
  // [case, pods, expected claim -> ownerType]
  it.each<[string, OwnedPod[], Record<string, string>]>([
    [
      'two pods of the same type agree: that type',
      [pod([sts], ['c'], 'db'), pod([sts], ['c'], 'db-0')],
      { c: 'StatefulSet' },
    ],
    [
      'a pod with no owner after a typed pod: Unknown',
      [pod([sts], ['c'], 'db'), pod([], ['c'], 'debug')],
      { c: 'Unknown' },
    ],
    [
      'a typed pod after a pod with two owners: stays Unknown',
      [pod([sts, ds], ['c'], 'a'), pod([sts], ['c'], 'b')],
      { c: 'Unknown' },
    ],
    [
      'an unknown owner, then a known one: Unknown',
      [pod([ref('Something', 'example.com/v1')], ['c'], 'a'), pod([ds], ['c'], 'b')],
      { c: 'Unknown' },
    ],
    [
      'claims of different pods are independent',
      [pod([sts], ['data'], 'db'), pod([ds], ['logs'], 'agent'), pod([], ['scratch'], 'debug')],
      { data: 'StatefulSet', logs: 'DaemonSet', scratch: 'Unknown' },
    ],
    ['a pod that mounts no claim adds nothing', [pod([sts], [], 'db')], {}],
  ])('%s', (_name, pods, want) => {
    expect(Object.fromEntries(claimOwnerTypes(pods, () => undefined))).toEqual(want);
  });
});

describe('pvlist.go getClaims: what claimOwners reads (template pods, then Running pods)', () => {
  const podFact = (
    name: string,
    phase: string,
    claims: string[],
    owners: OwnerRef[],
    namespace = 'app',
  ): PodFact => ({
    namespace,
    name,
    phase,
    ready: phase === 'Running',
    serviceAccountName: 'default',
    nodeSelector: {},
    claimNames: claims,
    hostPathVolumes: [],
    images: [],
    owners,
  });
  const cluster = (name: string, init: Partial<ClusterFacts>): ClusterFacts => ({
    ...emptyFacts(name),
    ...init,
  });
  const db = workload('StatefulSet', 'db', { namespace: 'app', claimNames: ['data'] });

  // [case, source facts, plan namespaces, host facts, claim, expected hasReference, expected ownerType]
  it.each<
    [string, ClusterFacts, string[], ClusterFacts | undefined, string, boolean, string | undefined]
  >([
    [
      'workloads listed (none exist): checked, an unmounted claim has no reference and no type',
      cluster('src', { workloadsListed: true }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'a Running pod with no owner mounts the claim: referenced, Unknown',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('debug', 'Running', ['data'], [])],
      }),
      ['app'],
      cluster('dst', {}),
      'data',
      true,
      'Unknown',
    ],
    [
      'a Pending pod is not one of the pods getClaims reads: not referenced',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('debug', 'Pending', ['data'], [])],
      }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'a Succeeded pod is not read either',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('job-x', 'Succeeded', ['data'], [ref('Job', 'batch/v1', 'job')])],
      }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'a Running pod outside the plan namespaces is not read',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('debug', 'Running', ['data'], [], 'other')],
      }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'a StatefulSet template, whatever its replicas: referenced, StatefulSet',
      cluster('src', { workloadsListed: true, workloads: [db] }),
      ['app'],
      cluster('dst', {}),
      'data',
      true,
      'StatefulSet',
    ],
    [
      'a workload outside the plan namespaces is not read',
      cluster('src', {
        workloadsListed: true,
        workloads: [{ ...db, namespace: 'other' }],
      }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'workloadsListed false (a kind could not be listed): not checked, nothing guessed',
      cluster('src', { workloadsListed: false, workloads: [db] }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'an oc get recording with workloads (workloadsListed unknown): checked',
      cluster('src', { workloads: [db] }),
      ['app'],
      cluster('dst', {}),
      'data',
      true,
      'StatefulSet',
    ],
    [
      'an oc get recording without workloads (workloadsListed unknown): not checked',
      cluster('src', { pods: [podFact('debug', 'Running', ['data'], [])] }),
      ['app'],
      cluster('dst', {}),
      'data',
      false,
      undefined,
    ],
    [
      'no facts for the MTC host (the ReplicaSet lookup cannot be made): not checked',
      cluster('src', { workloadsListed: true, workloads: [db] }),
      ['app'],
      undefined,
      'data',
      false,
      undefined,
    ],
    [
      'a Deployment pod whose ReplicaSet the host has: Deployment',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('web-1-x', 'Running', ['data'], [ref('ReplicaSet', 'apps/v1', 'web-1')])],
      }),
      ['app'],
      cluster('dst', {
        workloads: [hostRs('app', 'web-1', [ref('Deployment', 'apps/v1', 'web')])],
      }),
      'data',
      true,
      'Deployment',
    ],
    [
      'the host has a ReplicaSet of that name in another namespace only: ReplicaSet',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('web-1-x', 'Running', ['data'], [ref('ReplicaSet', 'apps/v1', 'web-1')])],
      }),
      ['app'],
      cluster('dst', {
        workloads: [hostRs('prod', 'web-1', [ref('Deployment', 'apps/v1', 'web')])],
      }),
      'data',
      true,
      'ReplicaSet',
    ],
    [
      'the host has a StatefulSet (not a ReplicaSet) of that name: the Get of a ReplicaSet does not find it',
      cluster('src', {
        workloadsListed: true,
        pods: [podFact('web-1-x', 'Running', ['data'], [ref('ReplicaSet', 'apps/v1', 'web-1')])],
      }),
      ['app'],
      cluster('dst', {
        workloads: [
          workload('StatefulSet', 'web-1', {
            namespace: 'app',
            owners: [ref('Deployment', 'apps/v1', 'web')],
          }),
        ],
      }),
      'data',
      true,
      'ReplicaSet',
    ],
    [
      'a claim in a second plan namespace is read too (claims are keyed by name alone)',
      cluster('src', {
        workloadsListed: true,
        workloads: [{ ...db, namespace: 'b' }],
      }),
      ['app', 'b'],
      cluster('dst', {}),
      'data',
      true,
      'StatefulSet',
    ],
  ])('%s', (_name, source, namespaces, host, claim, hasReference, ownerType) => {
    const owners = claimOwners(source, namespaces, host);
    expect([owners.hasReference(claim), owners.ownerType(claim)]).toEqual([
      hasReference,
      ownerType,
    ]);
  });

  it.each<[string, ClusterFacts, ClusterFacts | undefined, boolean]>([
    [
      'workloadsListed true, no workloads',
      cluster('s', { workloadsListed: true }),
      cluster('h', {}),
      true,
    ],
    [
      'workloadsListed false',
      cluster('s', { workloadsListed: false, workloads: [db] }),
      cluster('h', {}),
      false,
    ],
    [
      'workloadsListed unknown, workloads recorded',
      cluster('s', { workloads: [db] }),
      cluster('h', {}),
      true,
    ],
    ['workloadsListed unknown, none recorded', cluster('s', {}), cluster('h', {}), false],
    ['no host facts', cluster('s', { workloadsListed: true }), undefined, false],
  ])('checked: %s -> %s', (_name, source, host, checked) => {
    expect(claimOwners(source, ['app'], host).checked).toBe(checked);
  });
});
