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
 * storage-class.ts, one row per case, expected values written by hand from:
 * - migtools/mig-controller @3acf3578 pkg/controller/migplan/pvlist.go getDestStorageClass,
 *   findProvisionerForSuffix, findStorageClassesForProvisioner, findDefaultStorageClassName: gluster and
 *   NFS volumes go to Ceph (RWX to CephFS, else RWO to RBD, else CephFS; PvWarnNoCephAvailable for gluster
 *   when it falls back to the default class), other volumes to a class of the same provisioner (the
 *   source's class name first), else the default class.
 * - The Kubernetes access-mode table (kubernetes.io/docs/concepts/storage/persistent-volumes, "Access
 *   Modes"): EBS, Azure Disk, Cinder, vSphere, local: RWO; GCE PD: RWO, ROX; Azure File, CephFS,
 *   Glusterfs, NFS: RWO, ROX, RWX; RBD: RWO, ROX; RWOP for CSI volumes; ceph-csi RBD also serves RWX
 *   block volumes; file backends (EFS, Azure File, CephFS, Glusterfs, NFS) have no block mode.
 */

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';
const RWOP = 'ReadWriteOncePod';

describe('backends: in-tree and CSI provisioners of one backend are the same backend', () => {
  it.each([
    ['kubernetes.io/aws-ebs', 'aws-ebs'],
    ['ebs.csi.aws.com', 'aws-ebs'],
    ['efs.csi.aws.com', 'aws-efs'],
    ['kubernetes.io/gce-pd', 'gce-pd'],
    ['pd.csi.storage.gke.io', 'gce-pd'],
    ['kubernetes.io/azure-disk', 'azure-disk'],
    ['disk.csi.azure.com', 'azure-disk'],
    ['kubernetes.io/azure-file', 'azure-file'],
    ['file.csi.azure.com', 'azure-file'],
    ['kubernetes.io/cinder', 'cinder'],
    ['cinder.csi.openstack.org', 'cinder'],
    ['kubernetes.io/vsphere-volume', 'vsphere'],
    ['csi.vsphere.vmware.com', 'vsphere'],
    ['kubernetes.io/rbd', 'ceph-rbd'],
    ['rbd.csi.ceph.com', 'ceph-rbd'],
    ['openshift-storage.rbd.csi.ceph.com', 'ceph-rbd'],
    ['kubernetes.io/cephfs', 'cephfs'],
    ['cephfs.csi.ceph.com', 'cephfs'],
    ['openshift-storage.cephfs.csi.ceph.com', 'cephfs'],
    ['kubernetes.io/glusterfs', 'glusterfs'],
    ['gluster.org/glusterblock', 'glusterblock'],
    ['kubernetes.io/no-provisioner', 'local'],
    ['local.storage.openshift.io', 'local'],
    ['nfs', 'nfs'],
    ['nfs.csi.k8s.io', 'nfs'],
    ['k8s-sigs.io/nfs-subdir-external-provisioner', 'nfs'],
    ['example.com/nfs', 'nfs'],
    ['cluster.local/nfs-client', 'nfs'],
    ['nfsx.example.com', undefined],
    ['example.com/xnfs', undefined],
    ['example.com/my_nfs', undefined],
    ['ebs.csi.aws.com.example', undefined],
    ['example.com/unknown', undefined],
    ['', undefined],
  ] as [string, string | undefined][])('%s -> %s', (provisioner, family) => {
    expect(backendOf(provisioner)?.family).toBe(family);
  });
});

describe('access modes per backend and volume mode (supportsAccessModes)', () => {
  // [provisioner, volume mode, modes, supported]
  it.each([
    ['kubernetes.io/aws-ebs', 'Filesystem', [RWO], true],
    ['kubernetes.io/aws-ebs', 'Filesystem', [RWOP], true],
    ['kubernetes.io/aws-ebs', 'Filesystem', [RWX], false],
    ['kubernetes.io/aws-ebs', 'Filesystem', [ROX], false],
    ['ebs.csi.aws.com', 'Block', [RWO], true],
    ['ebs.csi.aws.com', 'Block', [RWOP], true],
    ['ebs.csi.aws.com', 'Block', [RWX], false],
    ['efs.csi.aws.com', 'Filesystem', [RWX], true],
    ['efs.csi.aws.com', 'Filesystem', [ROX], true],
    ['efs.csi.aws.com', 'Filesystem', [RWO, RWOP], true],
    ['efs.csi.aws.com', 'Block', [RWO], false],
    ['kubernetes.io/gce-pd', 'Filesystem', [ROX], true],
    ['kubernetes.io/gce-pd', 'Filesystem', [RWO, RWOP], true],
    ['kubernetes.io/gce-pd', 'Filesystem', [RWX], false],
    ['pd.csi.storage.gke.io', 'Block', [ROX], true],
    ['pd.csi.storage.gke.io', 'Block', [RWO, RWOP], true],
    ['pd.csi.storage.gke.io', 'Block', [RWX], false],
    ['disk.csi.azure.com', 'Filesystem', [RWO, RWOP], true],
    ['disk.csi.azure.com', 'Filesystem', [ROX], false],
    ['disk.csi.azure.com', 'Block', [RWO, RWOP], true],
    ['disk.csi.azure.com', 'Block', [RWX], false],
    ['file.csi.azure.com', 'Filesystem', [RWO, ROX, RWX, RWOP], true],
    ['file.csi.azure.com', 'Block', [RWO], false],
    ['cinder.csi.openstack.org', 'Filesystem', [RWO, RWOP], true],
    ['cinder.csi.openstack.org', 'Filesystem', [RWX], false],
    ['cinder.csi.openstack.org', 'Block', [RWO, RWOP], true],
    ['cinder.csi.openstack.org', 'Block', [ROX], false],
    ['csi.vsphere.vmware.com', 'Filesystem', [RWO, RWOP], true],
    ['csi.vsphere.vmware.com', 'Filesystem', [ROX], false],
    ['csi.vsphere.vmware.com', 'Block', [RWO, RWOP], true],
    ['csi.vsphere.vmware.com', 'Block', [RWX], false],
    ['rbd.csi.ceph.com', 'Filesystem', [RWO, ROX, RWOP], true],
    ['rbd.csi.ceph.com', 'Filesystem', [RWX], false],
    ['rbd.csi.ceph.com', 'Block', [RWO, ROX, RWX, RWOP], true],
    ['cephfs.csi.ceph.com', 'Filesystem', [RWO, ROX, RWX, RWOP], true],
    ['cephfs.csi.ceph.com', 'Block', [RWO], false],
    ['kubernetes.io/glusterfs', 'Filesystem', [RWO, ROX, RWX], true],
    ['kubernetes.io/glusterfs', 'Filesystem', [RWOP], false],
    ['kubernetes.io/glusterfs', 'Block', [RWO], false],
    ['gluster.org/glusterblock', 'Filesystem', [RWO, ROX], true],
    ['gluster.org/glusterblock', 'Filesystem', [RWX], false],
    ['gluster.org/glusterblock', 'Block', [RWO, ROX], true],
    ['gluster.org/glusterblock', 'Block', [RWX], false],
    ['nfs.csi.k8s.io', 'Filesystem', [RWO, ROX, RWX, RWOP], true],
    ['nfs.csi.k8s.io', 'Block', [RWO], false],
    ['kubernetes.io/no-provisioner', 'Filesystem', [RWO, RWOP], true],
    ['kubernetes.io/no-provisioner', 'Filesystem', [ROX], false],
    ['local.storage.openshift.io', 'Block', [RWO, RWOP], true],
    ['local.storage.openshift.io', 'Block', [RWX], false],
    ['kubernetes.io/aws-ebs', 'Filesystem', [RWO, RWX], false],
    ['kubernetes.io/aws-ebs', 'Filesystem', [], true],
    ['example.com/unknown', 'Filesystem', [RWO], undefined],
  ] as [string, string, string[], boolean | undefined][])(
    '%s %s %j -> %s',
    (provisioner, volumeMode, modes, want) => {
      expect(supportsAccessModes(provisioner, volumeMode, modes)).toBe(want);
    },
  );
});

const sc = (name: string, provisioner: string, isDefault = false): StorageClassFact => ({
  name,
  provisioner,
  isDefault,
});
const GP3 = sc('gp3-csi', 'ebs.csi.aws.com', true);
const CEPHFS = sc('cephfs', 'openshift-storage.cephfs.csi.ceph.com');
const RBD = sc('rbd', 'openshift-storage.rbd.csi.ceph.com');
const query = (q: Partial<ClassQuery>): ClassQuery => ({
  sourceClass: 'src-class',
  sourceProvisioner: 'kubernetes.io/aws-ebs',
  nfsVolume: false,
  accessModes: [RWO],
  volumeMode: 'Filesystem',
  ...q,
});

describe('gluster and NFS volumes go to Ceph (getDestStorageClass)', () => {
  const gluster = { sourceProvisioner: 'kubernetes.io/glusterfs' };
  const glusterblock = { sourceProvisioner: 'gluster.org/glusterblock' };
  const nfs = { sourceProvisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner', nfsVolume: true };
  const toCeph = (kind: string, c: StorageClassFact) => ({
    storageClass: c.name,
    reason: {
      rule: 'ceph-for-gluster-nfs',
      detail: `${kind} volume goes to Ceph class ${c.name} (${c.provisioner})`,
    },
  });
  it.each([
    ['gluster RWX -> CephFS', gluster, [RWX], [GP3, RBD, CEPHFS], toCeph('gluster', CEPHFS)],
    [
      'gluster RWO+RWX -> CephFS (RWX decides)',
      gluster,
      [RWO, RWX],
      [GP3, RBD, CEPHFS],
      toCeph('gluster', CEPHFS),
    ],
    ['gluster RWO -> RBD', gluster, [RWO], [GP3, CEPHFS, RBD], toCeph('gluster', RBD)],
    ['gluster ROX -> CephFS', gluster, [ROX], [GP3, RBD, CEPHFS], toCeph('gluster', CEPHFS)],
    ['gluster, no modes -> CephFS', gluster, [], [GP3, RBD, CEPHFS], toCeph('gluster', CEPHFS)],
    ['gluster RWO without RBD -> CephFS', gluster, [RWO], [GP3, CEPHFS], toCeph('gluster', CEPHFS)],
    ['gluster ROX without CephFS -> RBD', gluster, [ROX], [GP3, RBD], toCeph('gluster', RBD)],
    ['glusterblock RWO -> RBD', glusterblock, [RWO], [GP3, CEPHFS, RBD], toCeph('gluster', RBD)],
    ['NFS RWX -> CephFS', nfs, [RWX], [GP3, RBD, CEPHFS], toCeph('NFS', CEPHFS)],
    [
      'an NFS PV of an EBS class -> Ceph',
      { nfsVolume: true },
      [RWO],
      [GP3, RBD],
      toCeph('NFS', RBD),
    ],
  ] as [string, Partial<ClassQuery>, string[], StorageClassFact[], object][])(
    '%s',
    (_n, q, accessModes, targets, want) => {
      expect(chooseTargetClass(query({ ...q, accessModes }), targets)).toEqual(want);
    },
  );
  it.each([
    [
      'gluster RWX without CephFS: the default, with the no-Ceph warning',
      gluster,
      [RWX],
      [GP3, RBD],
      true,
    ],
    ['gluster without Ceph: the default, with the no-Ceph warning', gluster, [RWO], [GP3], true],
    [
      'NFS without Ceph: the default, no warning (upstream warns for gluster only)',
      nfs,
      [RWO],
      [GP3],
      false,
    ],
  ] as [string, Partial<ClassQuery>, string[], StorageClassFact[], boolean][])(
    '%s',
    (_n, q, accessModes, targets, glusterFallback) => {
      expect(chooseTargetClass(query({ ...q, accessModes }), targets)).toEqual({
        storageClass: 'gp3-csi',
        reason: {
          rule: 'target-default',
          detail: `no target class with the source backend (${q.sourceProvisioner}); using the target default gp3-csi`,
        },
        glusterFallback,
      });
    },
  );
  it('gluster with neither Ceph nor a default is unresolved', () => {
    expect(chooseTargetClass(query(gluster), [sc('x', 'ebs.csi.aws.com')])).toEqual({
      reason: {
        rule: 'unresolved',
        detail:
          'no target class matches kubernetes.io/glusterfs and the target has no default class',
      },
    });
  });
});

describe('other volumes: same backend, the source class name first, else the default (getDestStorageClass)', () => {
  const same = (c: StorageClassFact, equivalentTo?: string) => ({
    storageClass: c.name,
    reason: {
      rule: 'same-provisioner',
      detail: `class ${c.name} uses the source's backend${equivalentTo ? ` (${equivalentTo} and ${c.provisioner} are the same backend)` : ''}`,
    },
  });
  const ebsIntree = (name: string, isDefault = false) =>
    sc(name, 'kubernetes.io/aws-ebs', isDefault);
  const ebsCsi = (name: string, isDefault = false) => sc(name, 'ebs.csi.aws.com', isDefault);
  it.each([
    [
      'the same class name on the same backend',
      query({ sourceClass: 'gp2' }),
      [GP3, ebsCsi('gp2')],
      {
        storageClass: 'gp2',
        reason: {
          rule: 'same-class',
          detail: 'class gp2 exists on the target with the same backend (ebs.csi.aws.com)',
        },
      },
    ],
    [
      'the same class name on another backend is not taken',
      query({ sourceClass: 'gp2' }),
      [sc('gp2', 'openshift-storage.cephfs.csi.ceph.com'), ebsCsi('fast')],
      same(ebsCsi('fast'), 'kubernetes.io/aws-ebs'),
    ],
    [
      'the exact provisioner before the default of the backend',
      query({}),
      [ebsCsi('csi', true), ebsIntree('intree')],
      same(ebsIntree('intree')),
    ],
    [
      'no exact provisioner: the default of the backend',
      query({}),
      [ebsCsi('a'), ebsCsi('b', true)],
      same(ebsCsi('b', true), 'kubernetes.io/aws-ebs'),
    ],
    [
      'no exact provisioner, no default of the backend: the first',
      query({}),
      [sc('other', 'x.example.com', true), ebsCsi('a'), ebsCsi('b')],
      same(ebsCsi('a'), 'kubernetes.io/aws-ebs'),
    ],
    [
      'an unknown backend matches its exact provisioner',
      query({ sourceProvisioner: 'example.com/unknown' }),
      [GP3, sc('u', 'example.com/unknown')],
      same(sc('u', 'example.com/unknown')),
    ],
    [
      'two unknown provisioners are not one backend',
      query({ sourceProvisioner: 'example.com/unknown' }),
      [sc('other', 'example.org/other'), GP3],
      {
        storageClass: 'gp3-csi',
        reason: {
          rule: 'target-default',
          detail:
            'no target class with the source backend (example.com/unknown); using the target default gp3-csi',
        },
        glusterFallback: false,
      },
    ],
    [
      'no source provisioner: the default',
      query({ sourceProvisioner: '' }),
      [sc('other', 'example.org/other'), GP3],
      {
        storageClass: 'gp3-csi',
        reason: {
          rule: 'target-default',
          detail:
            'no target class with the source backend (unknown); using the target default gp3-csi',
        },
        glusterFallback: false,
      },
    ],
    [
      'no source provisioner and no default: unresolved',
      query({ sourceProvisioner: '' }),
      [sc('other', 'example.org/other')],
      {
        reason: {
          rule: 'unresolved',
          detail: 'no target class matches the source and the target has no default class',
        },
      },
    ],
  ] as [string, ClassQuery, StorageClassFact[], object][])('%s', (_n, q, targets, want) => {
    expect(chooseTargetClass(q, targets)).toEqual(want);
  });
});

describe('classes that would take a volume, for hints (classesSupporting)', () => {
  const targets = [GP3, CEPHFS, RBD, sc('mystery', 'example.com/unknown')];
  it.each([
    ['Filesystem', [RWX], ['cephfs', 'mystery']],
    ['Block', [RWX], ['rbd', 'mystery']],
    ['Filesystem', [RWO], ['gp3-csi', 'cephfs', 'rbd', 'mystery']],
  ] as [string, string[], string[]][])('%s %j -> %j', (volumeMode, modes, want) => {
    expect(classesSupporting(targets, volumeMode, modes)).toEqual(want);
  });
});
