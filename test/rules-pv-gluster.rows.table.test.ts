import { describe, expect, it } from 'vitest';
import { plan } from '../src/plan/plan.js';
import { facts, k, specWith } from './helpers/facts.js';

/**
 * Gluster volumes in a whole plan (pv.ts wiring of chooseTargetClass), expected values by hand from
 * migtools/mig-controller @025b8e41 pkg/controller/migplan/pvlist.go getDestStorageClass:
 * - a PV with `spec.glusterfs` goes the gluster/NFS way (Ceph) even when its class is unknown or missing;
 * - PvWarnNoCephAvailable (our MP4017) only when `pv.Spec.NFS == nil && !isIntraCluster` and the default
 *   class was taken.
 */

const noCeph = [k.ns('default'), k.sc('gp3-csi', 'ebs.csi.aws.com', true), k.version('4.12.1')];
const withCeph = [...noCeph, k.sc('cephfs', 'openshift-storage.cephfs.csi.ceph.com')];

function run(
  planOverride: Parameters<typeof specWith>[0],
  src: ReturnType<typeof k.ns>[],
  dst: ReturnType<typeof k.ns>[],
) {
  const r = plan({
    spec: specWith(planOverride),
    facts: { src: facts('src', src), dst: facts('dst', dst) },
  });
  return {
    codes: r.diagnostics.map((d) => d.code),
    classes: r.value?.plans[0]?.pvs.map((p) => p.targetStorageClass) ?? [],
  };
}

describe('gluster volumes in a plan (getDestStorageClass)', () => {
  // An in-tree gluster PV whose class the source does not list: only spec.glusterfs says gluster.
  const classless = [
    k.ns('app'),
    ...k.volume('app', 'shared', {
      sc: 'retired-gluster',
      source: { glusterfs: { path: 'v' } },
      modes: ['ReadWriteMany'],
    }),
  ];
  const classed = [
    k.ns('app'),
    k.sc('glusterfs-storage', 'kubernetes.io/glusterfs'),
    k.sc('gp3-csi', 'ebs.csi.aws.com', true),
    ...k.volume('app', 'shared', {
      sc: 'glusterfs-storage',
      source: { glusterfs: { path: 'v' } },
    }),
  ];
  it.each([
    [
      'spec.glusterfs, unknown class, Ceph on the target: CephFS',
      {},
      classless,
      withCeph,
      ['cephfs'],
      false,
    ],
    [
      'spec.glusterfs, unknown class, no Ceph: the default, warned',
      {},
      classless,
      noCeph,
      ['gp3-csi'],
      true,
    ],
    [
      'gluster class, no Ceph, another cluster: the default, warned',
      {},
      classed,
      noCeph,
      ['gp3-csi'],
      true,
    ],
  ] as const)('%s', (_n, p, src, dst, classes, warned) => {
    const r = run(p, [...src], [...dst]);
    expect(r.classes).toEqual(classes);
    expect(r.codes.includes('MP4017')).toBe(warned);
  });

  it('gluster class, no Ceph, within one cluster (storage class conversion): the default, not warned', () => {
    const r = plan({
      spec: specWith({ source: 'src', target: 'src', type: 'storage-class-conversion' }),
      facts: { src: facts('src', [...classed, k.version('4.12.1')]), dst: facts('dst', noCeph) },
    });
    expect(r.value?.plans[0]?.pvs.map((p) => p.targetStorageClass)).toEqual(['gp3-csi']);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('MP4017');
  });
});
