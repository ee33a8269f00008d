import { describe, expect, it } from 'vitest';
import type { OwnerRef, WorkloadFact } from '../src/resolve/cluster-facts.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import { plan } from '../src/plan/plan.js';
import { claimOwnerTypes, type OwnedPod } from '../src/plan/rules/owners.js';
import { facts, k, specWith } from './helpers/facts.js';

/**
 * hasReference and ownerType as mig-controller writes them (migtools/mig-controller @3acf3578
 * pkg/controller/migplan/pvlist.go getClaims, createPVCToOwnerTypeMap, pvcInPodVolumes;
 * pkg/pods/template.go ListTemplatePods). Expected values written by hand from those functions.
 */

const pod = (owners: Partial<OwnerRef>[], claims: string[], name = 'pod-0'): OwnedPod => ({
  name,
  namespace: 'ns',
  owners: owners.map((o) => ({ apiVersion: '', kind: '', name: '', ...o })),
  claimNames: claims,
});
const rs = (owners: OwnerRef[]): WorkloadFact => ({
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  namespace: 'ns',
  name: 'rs-0',
  hasTemplate: true,
  claimNames: [],
  owners,
});

describe('pvlist_test.go Test_createPVCToOwnerTypeMap', () => {
  const apps = (kind: string, name = '') => ({ kind, apiVersion: 'apps/v1', name });
  const vmi = { kind: 'VirtualMachineInstance', apiVersion: 'kubevirt.io/v1' };
  it.each([
    ['empty podlist', [], undefined, {}],
    ['pod with no owner, and single pvc', [pod([], ['pvc-0'])], undefined, { 'pvc-0': 'Unknown' }],
    [
      'pod with stateful set owner, and single pvc',
      [pod([apps('StatefulSet')], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'StatefulSet' },
    ],
    [
      'pod with deployment through replicaset owner, and single pvc',
      [pod([apps('ReplicaSet', 'rs-0')], ['pvc-0'])],
      rs([{ kind: 'Deployment', apiVersion: 'apps/v1', name: 'd' }]),
      { 'pvc-0': 'Deployment' },
    ],
    [
      'pod with replicaset owner, replicaset not found, and single pvc',
      [pod([apps('ReplicaSet', 'rs-0')], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'ReplicaSet' },
    ],
    [
      'pod with replicaset owner, and single pvc (the ReplicaSet has no owner)',
      [pod([apps('ReplicaSet', 'rs-0')], ['pvc-0'])],
      rs([]),
      { 'pvc-0': 'ReplicaSet' },
    ],
    [
      'pod with deployment owner, and single pvc',
      [pod([apps('Deployment')], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'Deployment' },
    ],
    [
      'pod with daemonset owner, and single pvc',
      [pod([apps('DaemonSet')], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'DaemonSet' },
    ],
    [
      'pod with job owner, and single pvc',
      [pod([{ kind: 'Job', apiVersion: 'batch/v1' }], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'Job' },
    ],
    [
      'pod with cron job owner, and single pvc',
      [pod([{ kind: 'CronJob', apiVersion: 'batch/v1' }], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'CronJob' },
    ],
    [
      'pod with VMI owner, and single pvc',
      [pod([vmi], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'VirtualMachine' },
    ],
    [
      'pod with VMI owner, and multiple pvcs',
      [pod([vmi], ['pvc-0', 'pvc-1', 'pvc-2'])],
      undefined,
      { 'pvc-0': 'VirtualMachine', 'pvc-1': 'VirtualMachine', 'pvc-2': 'VirtualMachine' },
    ],
    [
      'hotplug pod with pod owner, and single pvc',
      [pod([{ kind: 'Pod', apiVersion: '' }], ['pvc-0'], 'hp-test')],
      undefined,
      { 'pvc-0': 'VirtualMachine' },
    ],
    [
      'pod with unknown owner, and single pvc',
      [pod([{ kind: 'Something', apiVersion: 'unknown' }], ['pvc-0'], 'hp-test')],
      undefined,
      { 'pvc-0': 'Unknown' },
    ],
    [
      'single pvc, owned by multiple pods with different types',
      [pod([vmi], ['pvc-0']), pod([apps('DaemonSet')], ['pvc-0'])],
      undefined,
      { 'pvc-0': 'Unknown' },
    ],
  ] as [string, OwnedPod[], WorkloadFact | undefined, Record<string, string>][])(
    '%s',
    (_name, pods, replicaSet, want) => {
      const got = claimOwnerTypes(pods, (ns, name) =>
        replicaSet && replicaSet.namespace === ns && replicaSet.name === name
          ? replicaSet
          : undefined,
      );
      expect(Object.fromEntries(got)).toEqual(want);
    },
  );
  // Not an upstream case: two owners on one pod are Unknown (the len(OwnerReferences) == 1 test).
  it('a pod with two owners gives Unknown', () => {
    expect(
      Object.fromEntries(
        claimOwnerTypes(
          [pod([apps('StatefulSet'), apps('DaemonSet')], ['pvc-0'])],
          () => undefined,
        ),
      ),
    ).toEqual({ 'pvc-0': 'Unknown' });
  });
});

describe('ownerType and hasReference in a plan (getClaims: template pods, then Running pods)', () => {
  const withTemplate = (
    kind: string,
    apiVersion: string,
    name: string,
    claims: string[],
    extra = {},
  ): KubeObject => ({
    apiVersion,
    kind,
    metadata: { name, namespace: 'app', ...extra },
    spec: {
      replicas: 0,
      template: {
        spec: {
          volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
        },
      },
    },
  });
  const run = (objects: (KubeObject | KubeObject[])[], spec = specWith()) => {
    const src = facts('src', [k.ns('app'), k.sc('gp2', 'kubernetes.io/aws-ebs', true), ...objects]);
    const dst = facts('dst', [k.sc('gp3-csi', 'ebs.csi.aws.com', true)]);
    const r = plan({ spec, facts: { src, dst } });
    return {
      pvs: Object.fromEntries(
        (r.value?.plans[0]?.pvs ?? []).map((d) => [d.pvc, [d.hasReference, d.ownerType]]),
      ),
      codes: r.diagnostics.map((d) => d.code),
    };
  };
  const volumes = ['data', 'logs', 'vm-disk', 'dv-disk', 'spare'].flatMap((n) =>
    k.volume('app', n, { sc: 'gp2' }),
  );

  it('a workload scaled to zero still references its PVC; an unreferenced PVC has no owner type', () => {
    const r = run([
      ...volumes,
      withTemplate('StatefulSet', 'apps/v1', 'db', ['data']),
      withTemplate('DaemonSet', 'apps/v1', 'agent', ['logs']),
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: { name: 'vm', namespace: 'app' },
        spec: {
          template: {
            spec: {
              volumes: [
                { name: 'a', persistentVolumeClaim: { claimName: 'vm-disk' } },
                { name: 'b', dataVolume: { name: 'dv-disk' } },
              ],
            },
          },
        },
      },
    ]);
    expect(r.pvs).toEqual({
      data: [true, 'StatefulSet'],
      logs: [true, 'DaemonSet'],
      'vm-disk': [true, 'VirtualMachine'],
      'dv-disk': [true, 'VirtualMachine'],
      spare: [false, undefined],
    });
    expect(r.codes).not.toContain('MP4042');
  });
  it('DeploymentConfigs and ReplicationControllers: template.go owns their templates as "DeploymentConfig", which is Unknown', () => {
    const r = run([
      ...volumes,
      withTemplate('DeploymentConfig', 'apps.openshift.io/v1', 'db', ['data']),
      withTemplate('ReplicationController', 'v1', 'db-1', ['logs']),
    ]);
    expect(r.pvs['data']).toEqual([true, 'Unknown']);
    expect(r.pvs['logs']).toEqual([true, 'Unknown']);
  });
  it('a Deployment on a remote source: its ReplicaSet template is looked up on the MTC host, not found, so ReplicaSet vs Deployment gives Unknown', () => {
    const deployment = withTemplate('Deployment', 'apps/v1', 'web', ['data']);
    const replicaSet = withTemplate('ReplicaSet', 'apps/v1', 'web-1', ['data'], {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
    });
    expect(run([...volumes, deployment, replicaSet]).pvs['data']).toEqual([true, 'Unknown']);
    // The source is the host (an intra-cluster state plan): the ReplicaSet is found, so Deployment.
    const spec = specWith({
      target: 'src',
      type: 'state',
      images: 'none',
      namespaces: [{ from: 'app', to: 'app2' }],
      migrations: [{ name: 's', type: 'state' }],
    });
    spec.spec.clusters = { src: { role: 'both', host: true } };
    expect(run([...volumes, deployment, replicaSet], spec).pvs['data']).toEqual([
      true,
      'Deployment',
    ]);
  });
  it('no workload objects in an oc get recording: owner not checked (MP4042), nothing guessed', () => {
    const r = run([...volumes, k.pod('app', 'web', { claims: ['data'] })]);
    expect(r.pvs['data']).toEqual([false, undefined]);
    expect(r.codes).toContain('MP4042');
  });
});
