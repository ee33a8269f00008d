import { describe, expect, it } from 'vitest';
import {
  backendOf,
  chooseTargetClass,
  classesSupporting,
  supportsAccessModes,
  type ClassQuery,
} from '../src/plan/rules/storage-class.js';
import type { StorageClassFact } from '../src/resolve/cluster-facts.js';

/**
 * More rows for storage-class.ts (cases test/rules-storage-class.table.test.ts does not have), one per case,
 * expected values written by hand from:
 * - migtools/mig-controller @025b8e41 pkg/controller/migplan/pvlist.go getDestStorageClass,
 *   findProvisionerForSuffix, findStorageClassesForProvisioner, findProvisionerForName:
 *   - a gluster source (kubernetes.io/glusterfs, gluster.org/glusterblock) or an NFS PV: the target provisioner
 *     is that of the FIRST destination class whose provisioner ends in cephfs.csi.ceph.com (RWX, and neither
 *     RWX nor RWO) or rbd.csi.ceph.com (RWO);
 *   - then, for every volume, among the destination classes with exactly that provisioner: the class named
 *     like the source class if there is one, else the first; none: the default class;
 *   - PvWarnNoCephAvailable only when `pv.Spec.NFS == nil` (gluster, not an NFS PV) and a default was taken.
 * - Kubernetes docs, "Persistent Volumes" > "Volume Mode" (volumeMode defaults to Filesystem) and
 *   "Access Modes" (RBD: RWO, ROX; ceph-csi RBD block volumes also RWX; EBS: RWO).
 * - The provisioner families of storage-class.ts's own `backends` (the NFS word between start/end, '.', '/'
 *   or '-'), which the upstream table has no equivalent for.
 */

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';

const sc = (name: string, provisioner: string, isDefault = false): StorageClassFact => ({
  name,
  provisioner,
  isDefault,
});
const CEPHFS_P = 'openshift-storage.cephfs.csi.ceph.com';
const RBD_P = 'openshift-storage.rbd.csi.ceph.com';
const GP3 = sc('gp3-csi', 'ebs.csi.aws.com', true);
const CEPHFS = sc('cephfs', CEPHFS_P);
const RBD = sc('rbd', RBD_P);
const query = (q: Partial<ClassQuery>): ClassQuery => ({
  sourceClass: 'src-class',
  sourceProvisioner: 'kubernetes.io/aws-ebs',
  nfsVolume: false,
  accessModes: [RWO],
  volumeMode: 'Filesystem',
  ...q,
});
const toCeph = (kind: 'gluster' | 'NFS', c: StorageClassFact) => ({
  storageClass: c.name,
  reason: {
    rule: 'ceph-for-gluster-nfs',
    detail: `${kind} volume goes to Ceph class ${c.name} (${c.provisioner})`,
  },
});
const toDefault = (provisioner: string, glusterFallback: boolean) => ({
  storageClass: 'gp3-csi',
  reason: {
    rule: 'target-default',
    detail: `no target class with the source backend (${provisioner}); using the target default gp3-csi`,
  },
  glusterFallback,
});

describe('NFS word boundaries in a provisioner name (backendOf)', () => {
  it.each([
    ['csi.nfs.example.com', 'nfs'],
    ['example.com/csi-nfs', 'nfs'],
    ['nfs/subdir', 'nfs'],
    ['example.com/nfsplugin', undefined],
  ] as [string, string | undefined][])('%s -> %s', (provisioner, family) => {
    expect(backendOf(provisioner)?.family).toBe(family);
  });
});

describe('volume mode unset is Filesystem (supportsAccessModes)', () => {
  // [provisioner, volume mode, modes, supported]
  it.each([
    ['rbd.csi.ceph.com', '', [RWX], false],
    ['rbd.csi.ceph.com', '', [ROX], true],
  ] as [string, string, string[], boolean][])(
    '%s %j %j -> %s',
    (provisioner, volumeMode, modes, want) => {
      expect(supportsAccessModes(provisioner, volumeMode, modes)).toBe(want);
    },
  );
});

describe('gluster and NFS to Ceph: the source class name within the chosen Ceph provisioner (getDestStorageClass)', () => {
  const gluster = {
    sourceProvisioner: 'kubernetes.io/glusterfs',
    sourceClass: 'glusterfs-storage',
  };
  const nfs = {
    sourceProvisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner',
    sourceClass: 'nfs-client',
    nfsVolume: true,
  };
  type Row = [string, Partial<ClassQuery>, string[], StorageClassFact[], object];
  it.each([
    [
      'gluster RWX: the CephFS class named like the source, not the first CephFS class',
      gluster,
      [RWX],
      [GP3, CEPHFS, sc('glusterfs-storage', CEPHFS_P)],
      toCeph('gluster', sc('glusterfs-storage', CEPHFS_P)),
    ],
    [
      'NFS RWO: the RBD class named like the source, not the first RBD class',
      nfs,
      [RWO],
      [RBD, sc('nfs-client', RBD_P)],
      toCeph('NFS', sc('nfs-client', RBD_P)),
    ],
    [
      'gluster RWX: a class named like the source on RBD is not the CephFS provisioner',
      gluster,
      [RWX],
      [sc('glusterfs-storage', RBD_P), CEPHFS],
      toCeph('gluster', CEPHFS),
    ],
    [
      'gluster RWO: a class named like the source on a second RBD provisioner is not the first one',
      gluster,
      [RWO],
      [RBD, sc('glusterfs-storage', 'rook-ceph.rbd.csi.ceph.com')],
      toCeph('gluster', RBD),
    ],
  ] as Row[])('%s', (_n, q, accessModes, targets, want) => {
    expect(chooseTargetClass(query({ ...q, accessModes }), targets)).toEqual(want);
  });
  it.each([
    [
      'gluster without Ceph, a class named like the source on EBS: the default, with the no-Ceph warning',
      gluster,
      [RWO],
      [sc('glusterfs-storage', 'ebs.csi.aws.com'), GP3],
      toDefault('kubernetes.io/glusterfs', true),
    ],
    [
      'an NFS PV of a gluster class without Ceph: the default, no warning (pv.Spec.NFS is set)',
      { sourceProvisioner: 'kubernetes.io/glusterfs', nfsVolume: true },
      [RWX],
      [GP3],
      toDefault('kubernetes.io/glusterfs', false),
    ],
    [
      'an in-tree gluster PV with no class, Ceph present: Ceph (pv.Spec.Glusterfs != nil)',
      { sourceClass: '', sourceProvisioner: '', glusterVolume: true },
      [RWX],
      [GP3, CEPHFS],
      toCeph('gluster', CEPHFS),
    ],
    [
      'an in-tree gluster PV with no class, no Ceph: the default, with the no-Ceph warning',
      { sourceClass: '', sourceProvisioner: '', glusterVolume: true },
      [RWO],
      [GP3],
      toDefault('unknown', true),
    ],
    [
      'gluster without Ceph within one cluster: the default, no warning (!isIntraCluster)',
      { ...gluster, intraCluster: true },
      [RWO],
      [GP3],
      toDefault('kubernetes.io/glusterfs', false),
    ],
  ] as Row[])('%s', (_n, q, accessModes, targets, want) => {
    expect(chooseTargetClass(query({ ...q, accessModes }), targets)).toEqual(want);
  });
});

describe('other volumes, within one provisioner: the source class name, else the first (getDestStorageClass)', () => {
  const pd = (name: string, isDefault = false) => sc(name, 'kubernetes.io/gce-pd', isDefault);
  const same = (c: StorageClassFact) => ({
    storageClass: c.name,
    reason: { rule: 'same-provisioner', detail: `class ${c.name} uses the source's backend` },
  });
  it.each([
    [
      'the class named like the source after the default class of the provisioner',
      query({ sourceClass: 'standard', sourceProvisioner: 'kubernetes.io/gce-pd' }),
      [pd('ssd', true), pd('standard')],
      {
        storageClass: 'standard',
        reason: {
          rule: 'same-class',
          detail:
            'class standard exists on the target with the same backend (kubernetes.io/gce-pd)',
        },
      },
    ],
    [
      'no class named like the source: the first of the provisioner, even before its default',
      query({ sourceClass: 'standard', sourceProvisioner: 'kubernetes.io/gce-pd' }),
      [pd('slow'), pd('ssd', true)],
      same(pd('slow')),
    ],
  ] as [string, ClassQuery, StorageClassFact[], object][])('%s', (_n, q, targets, want) => {
    expect(chooseTargetClass(q, targets)).toEqual(want);
  });
});

describe('classes that would take a read-only-many volume (classesSupporting)', () => {
  const targets = [GP3, CEPHFS, RBD, sc('mystery', 'example.com/unknown')];
  it.each([
    ['Filesystem', [ROX], ['cephfs', 'rbd', 'mystery']],
    ['Block', [ROX], ['rbd', 'mystery']],
  ] as [string, string[], string[]][])('%s %j -> %j', (volumeMode, modes, want) => {
    expect(classesSupporting(targets, volumeMode, modes)).toEqual(want);
  });
});
