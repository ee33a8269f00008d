import type { StorageClassFact } from '../../resolve/cluster-facts.js';
import type { Reason } from '../types.js';

/**
 * Storage backends, so that in-tree and CSI provisioners of the same backend count as the same
 * (MTC only matches exact provisioner strings and falls back to the default class otherwise).
 * `fs`/`block` list the access modes the backend supports for each volume mode.
 */
interface Backend {
  family: string;
  match: (provisioner: string) => boolean;
  fs: readonly string[];
  block: readonly string[];
}

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';
const RWOP = 'ReadWriteOncePod';
const exact =
  (...names: string[]) =>
  (p: string) =>
    names.includes(p);

export const backends: readonly Backend[] = [
  {
    family: 'aws-ebs',
    match: exact('kubernetes.io/aws-ebs', 'ebs.csi.aws.com'),
    fs: [RWO, RWOP],
    block: [RWO, RWOP],
  },
  { family: 'aws-efs', match: exact('efs.csi.aws.com'), fs: [RWO, ROX, RWX, RWOP], block: [] },
  {
    family: 'gce-pd',
    match: exact('kubernetes.io/gce-pd', 'pd.csi.storage.gke.io'),
    fs: [RWO, ROX, RWOP],
    block: [RWO, ROX, RWOP],
  },
  {
    family: 'azure-disk',
    match: exact('kubernetes.io/azure-disk', 'disk.csi.azure.com'),
    fs: [RWO, RWOP],
    block: [RWO, RWOP],
  },
  {
    family: 'azure-file',
    match: exact('kubernetes.io/azure-file', 'file.csi.azure.com'),
    fs: [RWO, ROX, RWX, RWOP],
    block: [],
  },
  {
    family: 'cinder',
    match: exact('kubernetes.io/cinder', 'cinder.csi.openstack.org'),
    fs: [RWO, RWOP],
    block: [RWO, RWOP],
  },
  {
    family: 'vsphere',
    match: exact('kubernetes.io/vsphere-volume', 'csi.vsphere.vmware.com'),
    fs: [RWO, RWOP],
    block: [RWO, RWOP],
  },
  {
    family: 'ceph-rbd',
    match: (p) => p === 'kubernetes.io/rbd' || p.endsWith('rbd.csi.ceph.com'),
    fs: [RWO, ROX, RWOP],
    block: [RWO, ROX, RWX, RWOP],
  },
  {
    family: 'cephfs',
    match: (p) => p === 'kubernetes.io/cephfs' || p.endsWith('cephfs.csi.ceph.com'),
    fs: [RWO, ROX, RWX, RWOP],
    block: [],
  },
  { family: 'glusterfs', match: exact('kubernetes.io/glusterfs'), fs: [RWO, ROX, RWX], block: [] },
  {
    family: 'glusterblock',
    match: (p) => p.endsWith('glusterblock'),
    fs: [RWO, ROX],
    block: [RWO, ROX],
  },
  {
    family: 'nfs',
    match: (p) => /(^|[./-])nfs([./-]|$)/.test(p),
    fs: [RWO, ROX, RWX, RWOP],
    block: [],
  },
  {
    family: 'local',
    match: exact('kubernetes.io/no-provisioner', 'local.storage.openshift.io'),
    fs: [RWO, RWOP],
    block: [RWO, RWOP],
  },
];

export function backendOf(provisioner: string): Backend | undefined {
  return backends.find((b) => b.match(provisioner));
}

/** True/false when the backend is known, undefined when we cannot tell. */
export function supportsAccessModes(
  provisioner: string,
  volumeMode: string,
  modes: readonly string[],
): boolean | undefined {
  const b = backendOf(provisioner);
  if (!b) return undefined;
  const allowed = volumeMode === 'Block' ? b.block : b.fs;
  return modes.every((m) => allowed.includes(m));
}

export interface ClassChoice {
  storageClass?: string;
  reason: Reason;
  /** Gluster fell back to the default class (MTC PvWarnNoCephAvailable). */
  glusterFallback?: boolean;
}

export interface ClassQuery {
  sourceClass: string;
  sourceProvisioner: string;
  /** The PV is NFS (not the class). */
  nfsVolume: boolean;
  /** The PV is an in-tree gluster volume (pv.Spec.Glusterfs), whatever its class. */
  glusterVolume?: boolean;
  /** Source and target are one cluster: MTC does not warn about a missing Ceph there. */
  intraCluster?: boolean;
  accessModes: readonly string[];
  volumeMode: string;
}

/**
 * MTC's getDestStorageClass (mig-controller pkg/controller/migplan/pvlist.go), improved: gluster/NFS go to
 * Ceph, else the same backend (same class name preferred, in-tree and CSI equivalent), else the default.
 */
export function chooseTargetClass(
  q: ClassQuery,
  targetClasses: readonly StorageClassFact[],
): ClassChoice {
  const gluster = /glusterfs|glusterblock/.test(q.sourceProvisioner) || q.glusterVolume === true;
  if (gluster || q.nfsVolume) {
    const cephfs = targetClasses.find((c) => c.provisioner.endsWith('cephfs.csi.ceph.com'));
    const rbd = targetClasses.find((c) => c.provisioner.endsWith('rbd.csi.ceph.com'));
    // Upstream: RWX to CephFS, else RWO to RBD, else (ROX, RWOP, none) CephFS; we take the other Ceph
    // class when the preferred one is missing, where upstream falls to the default class.
    const ceph = q.accessModes.includes(RWX)
      ? cephfs
      : q.accessModes.includes(RWO)
        ? (rbd ?? cephfs)
        : (cephfs ?? rbd);
    // Upstream then takes the class named like the source class when it has that Ceph provisioner
    // (class names are unique), else the first class of the provisioner, which is `ceph`.
    const named = targetClasses.find((c) => c.name === q.sourceClass);
    const pick = named?.provisioner === ceph?.provisioner ? named : ceph;
    if (pick) {
      return {
        storageClass: pick.name,
        reason: {
          rule: 'ceph-for-gluster-nfs',
          detail: `${gluster ? 'gluster' : 'NFS'} volume goes to Ceph class ${pick.name} (${pick.provisioner})`,
        },
      };
    }
  } else {
    const family = backendOf(q.sourceProvisioner)?.family;
    const sameBackend = targetClasses.filter(
      (c) =>
        c.provisioner === q.sourceProvisioner ||
        (family !== undefined && backendOf(c.provisioner)?.family === family),
    );
    const sameName = sameBackend.find((c) => c.name === q.sourceClass);
    if (sameName) {
      return {
        storageClass: sameName.name,
        reason: {
          rule: 'same-class',
          detail: `class ${sameName.name} exists on the target with the same backend (${sameName.provisioner})`,
        },
      };
    }
    const pick =
      sameBackend.find((c) => c.provisioner === q.sourceProvisioner) ??
      sameBackend.find((c) => c.isDefault) ??
      sameBackend[0];
    if (pick) {
      const equivalent =
        pick.provisioner !== q.sourceProvisioner
          ? ` (${q.sourceProvisioner} and ${pick.provisioner} are the same backend)`
          : '';
      return {
        storageClass: pick.name,
        reason: {
          rule: 'same-provisioner',
          detail: `class ${pick.name} uses the source's backend${equivalent}`,
        },
      };
    }
  }
  const def = targetClasses.find((c) => c.isDefault);
  if (def) {
    return {
      storageClass: def.name,
      reason: {
        rule: 'target-default',
        detail: `no target class with the source backend (${q.sourceProvisioner || 'unknown'}); using the target default ${def.name}`,
      },
      // Upstream warns for gluster but not for an NFS PV (pv.Spec.NFS == nil), whatever its class, and
      // not within one cluster (!isIntraCluster).
      glusterFallback: gluster && !q.nfsVolume && q.intraCluster !== true,
    };
  }
  return {
    reason: {
      rule: 'unresolved',
      detail: `no target class matches ${q.sourceProvisioner || 'the source'} and the target has no default class`,
    },
  };
}

/** Target classes that could take a volume with these access modes, for hints. */
export function classesSupporting(
  targetClasses: readonly StorageClassFact[],
  volumeMode: string,
  modes: readonly string[],
): string[] {
  return targetClasses
    .filter((c) => supportsAccessModes(c.provisioner, volumeMode, modes) !== false)
    .map((c) => c.name);
}
