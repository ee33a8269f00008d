import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { ClaimOwners } from '../src/plan/rules/owners.js';
import { resolvePvs, supportedActions } from '../src/plan/rules/pv.js';
import {
  emptyFacts,
  type ClusterFacts,
  type PvFact,
  type PvcFact,
  type StorageClassFact,
} from '../src/resolve/cluster-facts.js';
import type { NamespacePair, Plan } from '../src/spec/spec.js';

/**
 * pv.ts resolvePvs, one row per case, expected values written by hand from the upstream rules:
 * migtools/mig-controller @3acf3578 pkg/controller/migplan/pvlist.go (getPvMap, getClaims,
 * getSupportedActions, getDefaultSelection, getDestStorageClass) and validation.go validatePvSelections
 * (PvInvalidAction, PvInvalidStorageClass, PvNoStorageClassSelection, PvInvalidAccessMode); Kubernetes
 * IsVolumeBoundToClaim for the claimRef; Velero's rule that a volume snapshot is restored by the same
 * provider that took it. The facts are built by hand (no object parsing) so only pv.ts is under test.
 */

const EBS_INTREE = 'kubernetes.io/aws-ebs';
const EBS_CSI = 'ebs.csi.aws.com';
const CEPHFS = 'openshift-storage.cephfs.csi.ceph.com';
const RBD = 'openshift-storage.rbd.csi.ceph.com';
const NFS_PROV = 'k8s-sigs.io/nfs-subdir-external-provisioner';

const sc = (name: string, provisioner: string, isDefault = false): StorageClassFact => ({
  name,
  provisioner,
  isDefault,
});
const SRC_CLASSES = [
  sc('gp2', EBS_INTREE, true),
  sc('nfs-client', NFS_PROV),
  sc('glusterfs-storage', 'kubernetes.io/glusterfs'),
  sc('weird', 'example.com/weird'),
];
const DST_CLASSES = [sc('gp3-csi', EBS_CSI, true), sc('cephfs', CEPHFS), sc('rbd', RBD)];

/** Like Partial, but a key given as undefined removes the default. */
type Loose<T> = { [K in keyof T]?: T[K] | undefined };
interface Volume {
  pvc?: Loose<PvcFact>;
  pv?: Loose<PvFact> | null;
}
const withoutUndefined = <T>(o: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A PVC app/<name> bound to PV pv-<name> (an in-tree EBS volume of class gp2, 10Gi, RWO). */
function volume(name: string, v: Volume = {}): { pvc: PvcFact; pv?: PvFact } {
  const pvc = withoutUndefined<PvcFact>({
    namespace: 'app',
    name,
    phase: 'Bound',
    volumeName: `pv-${name}`,
    storageClassName: 'gp2',
    accessModes: ['ReadWriteOnce'],
    volumeMode: 'Filesystem',
    requested: '10Gi',
    ownedByPvc: false,
    ...v.pvc,
  });
  if (v.pv === null) return { pvc };
  const pv = withoutUndefined<PvFact>({
    name: `pv-${name}`,
    phase: 'Bound',
    capacity: '10Gi',
    storageClassName: 'gp2',
    claimRef: { namespace: 'app', name },
    sourceType: 'awsElasticBlockStore',
    volumeMode: 'Filesystem',
    accessModes: ['ReadWriteOnce'],
    ...v.pv,
  });
  return { pvc, pv };
}

const owners: ClaimOwners = {
  checked: true,
  hasReference: (claim) => claim === 'data',
  ownerType: (claim) => (claim === 'data' ? 'StatefulSet' : undefined),
};

function resolve(
  vols: { pvc: PvcFact; pv?: PvFact }[],
  planPart: Partial<Plan> = {},
  opts: { pairs?: NamespacePair[]; dstClasses?: StorageClassFact[]; planIndex?: number } = {},
) {
  const source: ClusterFacts = {
    ...emptyFacts('src'),
    pvcs: vols.map((x) => x.pvc),
    pvs: vols.flatMap((x) => (x.pv ? [x.pv] : [])),
    storageClasses: SRC_CLASSES,
  };
  const target: ClusterFacts = {
    ...emptyFacts('dst'),
    storageClasses: opts.dstClasses ?? DST_CLASSES,
  };
  const plan: Plan = { name: 'p', source: 'src', target: 'dst', namespaces: ['app'], ...planPart };
  return resolvePvs(
    plan,
    opts.planIndex ?? 0,
    opts.pairs ?? [{ source: 'app', target: 'app', index: 0 }],
    source,
    target,
    owners,
  );
}

const brief = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.message, d.path]);
const VOL = ['spec', 'plans', 0, 'volumes'];
const OV0 = [...VOL, 'overrides', 0];

describe('supported actions: pvlist.go getSupportedActions', () => {
  // skip always; hostPath stops there; NFS and in-tree EBS add copy and move; every other source adds copy.
  it.each([
    ['hostPath', ['skip']],
    ['nfs', ['skip', 'copy', 'move']],
    ['awsElasticBlockStore', ['skip', 'copy', 'move']],
    ['csi', ['skip', 'copy']],
    ['glusterfs', ['skip', 'copy']],
    ['local', ['skip', 'copy']],
    ['other', ['skip', 'copy']],
  ] as const)('%s -> %j', (sourceType, want) => {
    expect(supportedActions(volume('x', { pv: { sourceType } }).pv as PvFact)).toEqual(want);
  });
});

describe('which claims are migrated: pvlist.go getPvMap / getClaims, Kubernetes IsVolumeBoundToClaim', () => {
  const unbound = (phase: string) => `not bound to a Bound PV (phase ${phase})`;
  it.each([
    ['a Bound claim on a Bound PV whose claimRef names it', {}, undefined],
    ['a Pending claim', { pvc: { phase: 'Pending' } }, unbound('Pending')],
    ['a Bound claim without volumeName', { pvc: { volumeName: undefined } }, unbound('Bound')],
    ['a Bound claim whose PV is not listed', { pv: null }, unbound('Bound')],
    [
      'a PV in phase Released (getPvMap keeps Bound PVs only)',
      { pv: { phase: 'Released' } },
      unbound('Bound'),
    ],
    [
      'a PV whose claimRef is in another namespace',
      { pv: { claimRef: { namespace: 'other', name: 'data' } } },
      unbound('Bound'),
    ],
    [
      'a PV whose claimRef names another claim',
      { pv: { claimRef: { namespace: 'app', name: 'other' } } },
      unbound('Bound'),
    ],
    [
      'a PV without claimRef (migref.RefSet false)',
      { pv: { claimRef: undefined } },
      unbound('Bound'),
    ],
    [
      'a bound claim owned by another PVC (getClaims skips it)',
      { pvc: { ownedByPvc: true } },
      'owned by another PVC',
    ],
    [
      'an unbound claim owned by another PVC',
      { pvc: { ownedByPvc: true, phase: 'Pending' } },
      'owned by another PVC',
    ],
  ] as [string, Volume, string | undefined][])('%s', (_name, v, skipReason) => {
    const r = resolve([volume('data', v)]);
    if (skipReason === undefined) {
      expect(r.pvs.map((d) => d.pvc)).toEqual(['data']);
      expect(r.skipped).toEqual([]);
    } else {
      expect(r.pvs).toEqual([]);
      expect(r.skipped).toEqual([{ namespace: 'app', name: 'data', reason: skipReason }]);
    }
  });
  it('only the plan namespaces are read, under their target name', () => {
    const other = volume('data', {
      pvc: { namespace: 'elsewhere' },
      pv: { claimRef: { namespace: 'elsewhere', name: 'data' } },
    });
    const r = resolve(
      [volume('db'), other],
      {},
      { pairs: [{ source: 'app', target: 'app-new', index: 0 }] },
    );
    expect(r.pvs.map((d) => [d.namespace, d.pvc, d.targetNamespace])).toEqual([
      ['app', 'db', 'app-new'],
    ]);
  });
});

describe('the whole decision for an in-tree EBS claim: getDefaultSelection + getDestStorageClass', () => {
  it('copies with filesystem into the CSI class of the same backend, pre-filled from the PV', () => {
    const r = resolve(
      [volume('data')],
      {},
      { pairs: [{ source: 'app', target: 'app-new', index: 0 }] },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.pvs).toEqual([
      {
        pvName: 'pv-data',
        namespace: 'app',
        pvc: 'data',
        targetNamespace: 'app-new',
        capacity: '10Gi',
        capacityBytes: 10 * 2 ** 30,
        sourceStorageClass: 'gp2',
        sourceProvisioner: EBS_INTREE,
        sourceType: 'awsElasticBlockStore',
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Filesystem',
        hasReference: true,
        ownerType: 'StatefulSet',
        supportedActions: ['skip', 'copy', 'move'],
        action: 'copy',
        copyMethod: 'filesystem',
        targetStorageClass: 'gp3-csi',
        verify: false,
        reasons: {
          action: { rule: 'plan-default', detail: 'plan default action copy' },
          copyMethod: { rule: 'plan-default', detail: 'plan default copy method filesystem' },
          storageClass: {
            rule: 'same-provisioner',
            detail: `class gp3-csi uses the source's backend (${EBS_INTREE} and ${EBS_CSI} are the same backend)`,
          },
        },
      },
    ]);
  });
  it('a claim nothing mounts has no reference and no owner type (pvcInPodVolumes, createPVCToOwnerTypeMap)', () => {
    const d = resolve([volume('scratch')]).pvs[0];
    expect(d?.hasReference).toBe(false);
    expect(d && 'ownerType' in d).toBe(false);
  });
});

describe('capacity, class and access modes come from the PV, then the claim (pvlist.go updatePvs)', () => {
  it.each([
    [
      'PV capacity wins over the request',
      { pv: { capacity: '20Gi' }, pvc: { requested: '10Gi' } },
      '20Gi',
      20 * 2 ** 30,
    ],
    [
      'no PV capacity: the request',
      { pv: { capacity: undefined }, pvc: { requested: '5G' } },
      '5G',
      5e9,
    ],
    ['neither: 0', { pv: { capacity: undefined }, pvc: { requested: undefined } }, '0', 0],
  ] as [string, Volume, string, number][])('%s', (_n, v, capacity, capacityBytes) => {
    expect(resolve([volume('data', v)]).pvs[0]).toMatchObject({ capacity, capacityBytes });
  });
  it.each([
    ['the claim modes when it has some', ['ReadWriteMany'], ['ReadWriteOnce'], ['ReadWriteMany']],
    ['the PV modes when the claim lists none', [], ['ReadOnlyMany'], ['ReadOnlyMany']],
  ])('access modes: %s', (_n, pvcModes, pvModes, want) => {
    const v = volume('data', {
      pvc: { accessModes: pvcModes },
      pv: { accessModes: pvModes, sourceType: 'nfs', storageClassName: 'nfs-client' },
    });
    expect(resolve([v]).pvs[0]?.accessModes).toEqual(want);
  });
  it('a PV without class has an empty source class and no provisioner', () => {
    const d = resolve([volume('data', { pv: { storageClassName: undefined, sourceType: 'csi' } })])
      .pvs[0];
    expect(d).toMatchObject({
      sourceStorageClass: '',
      sourceProvisioner: '',
      targetStorageClass: 'gp3-csi',
    });
  });
});

describe('action: getDefaultSelection (one supported action wins, else the plan default when supported, else copy)', () => {
  it.each([
    [
      'hostPath is forced to skip',
      { sourceType: 'hostPath' },
      undefined,
      'skip',
      { rule: 'only-supported', detail: 'hostPath volumes only support skip' },
    ],
    [
      'no plan action: copy',
      { sourceType: 'csi' },
      undefined,
      'copy',
      { rule: 'plan-default', detail: 'plan default action copy' },
    ],
    [
      'plan move on NFS: move',
      { sourceType: 'nfs', storageClassName: 'nfs-client' },
      'move',
      'move',
      { rule: 'plan-default', detail: 'plan default action move' },
    ],
    [
      'plan move on EBS: move',
      { sourceType: 'awsElasticBlockStore' },
      'move',
      'move',
      { rule: 'plan-default', detail: 'plan default action move' },
    ],
    [
      'plan move on CSI: falls back to copy',
      { sourceType: 'csi' },
      'move',
      'copy',
      { rule: 'fallback-copy', detail: 'plan default move is not supported for csi; copying' },
    ],
    [
      'plan skip on CSI: skip',
      { sourceType: 'csi' },
      'skip',
      'skip',
      { rule: 'plan-default', detail: 'plan default action skip' },
    ],
  ] as [string, Loose<PvFact>, 'copy' | 'move' | 'skip' | undefined, string, object][])(
    '%s',
    (_n, pv, planAction, action, reason) => {
      const volumes = planAction ? { action: planAction } : undefined;
      const d = resolve([volume('data', { pv })], volumes ? { volumes } : {}).pvs[0];
      expect(d?.action).toBe(action);
      expect(d?.reasons.action).toEqual(reason);
    },
  );
  it('an override action wins over the plan default', () => {
    const d = resolve([volume('data')], {
      volumes: { action: 'copy', overrides: [{ pvc: 'app/data', action: 'skip' }] },
    }).pvs[0];
    expect(d?.action).toBe('skip');
    expect(d?.reasons).toEqual({
      action: { rule: 'override', detail: 'override sets skip' },
      copyMethod: { rule: 'plan-default', detail: 'plan default copy method filesystem' },
      storageClass: { rule: 'not-copied', detail: 'action skip' },
    });
    expect(d?.targetStorageClass).toBe('');
  });
  it('move keeps the PV and its class on the target', () => {
    const d = resolve([volume('data')], { volumes: { action: 'move' } }).pvs[0];
    expect(d?.targetStorageClass).toBe('gp2');
    expect(d?.reasons.storageClass).toEqual({
      rule: 'move-keeps-pv',
      detail: 'move re-attaches the same PV on the target',
    });
  });
});

describe('copy method: getDefaultSelection (Block-mode volumes copy as block, else filesystem)', () => {
  it.each([
    [
      'Filesystem, no plan method',
      'Filesystem',
      undefined,
      undefined,
      'filesystem',
      { rule: 'plan-default', detail: 'plan default copy method filesystem' },
    ],
    [
      'Filesystem, plan snapshot',
      'Filesystem',
      'snapshot',
      undefined,
      'snapshot',
      { rule: 'plan-default', detail: 'plan default copy method snapshot' },
    ],
    [
      'Filesystem, plan block: a filesystem cannot be copied as a device',
      'Filesystem',
      'block',
      undefined,
      'filesystem',
      { rule: 'plan-default', detail: 'plan default copy method filesystem' },
    ],
    [
      'Block, plan filesystem',
      'Block',
      'filesystem',
      undefined,
      'block',
      { rule: 'block-volume', detail: 'Block-mode volumes are copied as block devices' },
    ],
    [
      'Block, override filesystem',
      'Block',
      undefined,
      'filesystem',
      'filesystem',
      { rule: 'override', detail: 'override sets filesystem' },
    ],
  ] as [
    string,
    string,
    'filesystem' | 'block' | 'snapshot' | undefined,
    'filesystem' | 'block' | undefined,
    string,
    object,
  ][])('%s', (_n, volumeMode, planMethod, overrideMethod, want, reason) => {
    const volumes: Plan['volumes'] = {};
    if (planMethod) volumes.copyMethod = planMethod;
    if (overrideMethod) volumes.overrides = [{ pvc: 'app/data', copyMethod: overrideMethod }];
    const r = resolve([volume('data', { pv: { volumeMode } })], { volumes });
    expect(r.pvs[0]?.copyMethod).toBe(want);
    expect(r.pvs[0]?.reasons.copyMethod).toEqual(reason);
  });
});

describe('override fields carried into the decision', () => {
  it.each([
    ['verify: plan default false', {}, {}, { verify: false }],
    ['verify: plan true', { verify: true }, {}, { verify: true }],
    [
      'verify: override false beats plan true',
      { verify: true },
      { verify: false },
      { verify: false },
    ],
    ['renameTo becomes targetPvc', {}, { renameTo: 'data-2' }, { targetPvc: 'data-2' }],
    [
      'accessMode is carried',
      {},
      { accessMode: 'ReadWriteOncePod' },
      { accessMode: 'ReadWriteOncePod' },
    ],
  ] as [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][])(
    '%s',
    (_n, planVolumes, override, want) => {
      const r = resolve([volume('data')], {
        volumes: { ...planVolumes, overrides: [{ pvc: 'app/data', ...override }] },
      });
      expect(r.diagnostics).toEqual([]);
      expect(r.pvs[0]).toMatchObject(want);
    },
  );
  it('without an override there is no targetPvc or accessMode', () => {
    const d = resolve([volume('data')]).pvs[0];
    expect(d && ('targetPvc' in d || 'accessMode' in d)).toBe(false);
  });
});

describe('diagnostics: validatePvSelections and getDestStorageClass, as errors before anything runs', () => {
  type Row = [string, Volume, Partial<Plan>, StorageClassFact[] | undefined, unknown[][], string?];
  it.each([
    [
      'PvInvalidAction: an override moves a CSI volume',
      { pv: { sourceType: 'csi' } },
      { volumes: { overrides: [{ pvc: 'app/data', action: 'move' }] } },
      undefined,
      [
        [
          'MP4008',
          'PVC app/data: action move is not supported for PV pv-data (csi); supported: skip, copy',
          [...OV0, 'action'],
        ],
      ],
    ],
    [
      'PvInvalidAction: an override copies a hostPath volume (and the hostPath warning)',
      { pv: { sourceType: 'hostPath' } },
      { volumes: { overrides: [{ pvc: 'app/data', action: 'copy' }] } },
      undefined,
      [
        ['MP4014', 'PVC app/data is backed by hostPath PV pv-data; MTC can only skip it', OV0],
        [
          'MP4008',
          'PVC app/data: action copy is not supported for PV pv-data (hostPath); supported: skip',
          [...OV0, 'action'],
        ],
      ],
    ],
    [
      'PvInvalidAction on an unrecognised source says which sources can move',
      { pv: { sourceType: 'other' } },
      { volumes: { overrides: [{ pvc: 'app/data', action: 'move' }] } },
      undefined,
      [
        [
          'MP4008',
          'PVC app/data: action move is not supported for PV pv-data (not NFS, EBS or hostPath); supported: skip, copy',
          [...OV0, 'action'],
        ],
      ],
    ],
    [
      'hostPath without override: skipped, with a warning at the plan volumes',
      { pv: { sourceType: 'hostPath' } },
      {},
      undefined,
      [['MP4014', 'PVC app/data is backed by hostPath PV pv-data; MTC can only skip it', VOL]],
    ],
    [
      'PvInvalidStorageClass: storageClassMap names a class the target lacks',
      {},
      { volumes: { storageClassMap: { gp2: 'fast' } } },
      undefined,
      [
        [
          'MP4010',
          'PVC app/data: storage class fast does not exist on dst; classes there: gp3-csi, cephfs, rbd',
          [...VOL, 'storageClassMap', 'gp2'],
        ],
      ],
      '',
    ],
    [
      'PvInvalidStorageClass: an override names a class the target lacks (and wins over the map)',
      {},
      {
        volumes: {
          storageClassMap: { gp2: 'rbd' },
          overrides: [{ pvc: 'app/data', storageClass: 'fast' }],
        },
      },
      [],
      [
        [
          'MP4010',
          'PVC app/data: storage class fast does not exist on dst; classes there: none',
          [...OV0, 'storageClass'],
        ],
      ],
      '',
    ],
    [
      'PvNoStorageClassSelection: no class of the backend and no default',
      {},
      {},
      [sc('cephfs', CEPHFS)],
      [
        [
          'MP4006',
          `PVC app/data (class gp2, ${EBS_INTREE}) has no target storage class on dst; classes that would work: cephfs`,
          [...VOL, 'storageClassMap'],
        ],
      ],
      '',
    ],
    [
      'PvNoStorageClassSelection for a classless PV, no class works',
      {
        pv: { storageClassName: undefined, sourceType: 'csi', accessModes: ['ReadWriteMany'] },
        pvc: { accessModes: [] },
      },
      {},
      [sc('ebs', EBS_CSI)],
      [
        [
          'MP4006',
          'PVC app/data (class none, unknown provisioner) has no target storage class on dst; classes that would work: none',
          [...VOL, 'storageClassMap'],
        ],
      ],
      '',
    ],
    [
      'PvInvalidAccessMode: RWX on an EBS class (EBS is RWO/RWOP only)',
      { pvc: { accessModes: ['ReadWriteMany'] } },
      {},
      undefined,
      [
        [
          'MP4007',
          `PVC app/data needs ReadWriteMany (Filesystem), which class gp3-csi (${EBS_CSI}) does not support; classes that would work: cephfs`,
          [...VOL, 'storageClassMap'],
        ],
      ],
      'gp3-csi',
    ],
    [
      'PvInvalidAccessMode: the override access mode is checked, at the override class',
      {},
      {
        volumes: {
          overrides: [{ pvc: 'app/data', storageClass: 'rbd', accessMode: 'ReadWriteMany' }],
        },
      },
      undefined,
      [
        [
          'MP4007',
          `PVC app/data needs ReadWriteMany (Filesystem), which class rbd (${RBD}) does not support; classes that would work: cephfs`,
          [...OV0, 'storageClass'],
        ],
      ],
      'rbd',
    ],
    [
      'Block RWX is fine on RBD (Ceph RBD serves RWX block devices)',
      { pv: { volumeMode: 'Block' }, pvc: { accessModes: ['ReadWriteMany'] } },
      { volumes: { storageClassMap: { gp2: 'rbd' } } },
      undefined,
      [],
      'rbd',
    ],
    [
      'a mapped class that exists is taken, with the map as reason',
      {},
      { volumes: { storageClassMap: { gp2: 'cephfs' } } },
      undefined,
      [],
      'cephfs',
    ],
    [
      'PvWarnNoCephAvailable: gluster falls back to the default class',
      { pv: { storageClassName: 'glusterfs-storage', sourceType: 'glusterfs' } },
      {},
      [sc('gp3-csi', EBS_CSI, true)],
      [['MP4017', 'PVC app/data: gluster volume falls back to the default class gp3-csi', VOL]],
      'gp3-csi',
    ],
    [
      'NFS without Ceph falls back to the default class silently (upstream warns for gluster only)',
      { pv: { storageClassName: 'nfs-client', sourceType: 'nfs' } },
      {},
      [sc('gp3-csi', EBS_CSI, true)],
      [],
      'gp3-csi',
    ],
    [
      'a PV of type NFS goes to Ceph whatever its class',
      { pv: { storageClassName: 'weird', sourceType: 'nfs' } },
      {},
      undefined,
      [],
      'rbd',
    ],
  ] as Row[])('%s', (_n, v, planPart, dstClasses, want, targetClass) => {
    const r = resolve([volume('data', v)], planPart, dstClasses ? { dstClasses } : {});
    expect(brief(r.diagnostics)).toEqual(want);
    if (targetClass !== undefined) expect(r.pvs[0]?.targetStorageClass).toBe(targetClass);
  });
  it('the map reason names both classes; the override reason names its class', () => {
    const mapped = resolve([volume('data')], { volumes: { storageClassMap: { gp2: 'cephfs' } } });
    expect(mapped.pvs[0]?.reasons.storageClass).toEqual({
      rule: 'storage-class-map',
      detail: 'storageClassMap maps gp2 to cephfs',
    });
    const over = resolve([volume('data')], {
      volumes: {
        storageClassMap: { gp2: 'cephfs' },
        overrides: [{ pvc: 'app/data', storageClass: 'rbd' }],
      },
    });
    expect(over.pvs[0]?.reasons.storageClass).toEqual({
      rule: 'override',
      detail: 'override sets class rbd',
    });
    expect(over.pvs[0]?.targetStorageClass).toBe('rbd');
  });
  it('errors of the plan index given are located under that plan', () => {
    const r = resolve(
      [volume('data')],
      { volumes: { storageClassMap: { gp2: 'fast' } } },
      { planIndex: 3 },
    );
    expect(r.diagnostics.map((d) => d.path)).toEqual([
      ['spec', 'plans', 3, 'volumes', 'storageClassMap', 'gp2'],
    ]);
  });
});

describe('storage class conversion: validatePvSelections (source and target PVC must differ)', () => {
  const conv: Partial<Plan> = { type: 'storage-class-conversion' };
  it.each([
    [
      'staying on the same class is refused',
      conv,
      [sc('gp2', EBS_INTREE, true), sc('gp3-csi', EBS_CSI)],
      [
        [
          'MP4020',
          'PVC app/data would stay on class gp2; map it to another class in volumes.storageClassMap',
          [...VOL, 'storageClassMap'],
        ],
      ],
    ],
    [
      'mapped to another class: fine',
      { ...conv, volumes: { storageClassMap: { gp2: 'gp3-csi' } } },
      [sc('gp2', EBS_INTREE, true), sc('gp3-csi', EBS_CSI)],
      [],
    ],
    [
      'a full plan may keep the class',
      {},
      [sc('gp2', EBS_INTREE, true), sc('gp3-csi', EBS_CSI)],
      [],
    ],
  ] as [string, Partial<Plan>, StorageClassFact[], unknown[][]][])(
    '%s',
    (_n, planPart, dstClasses, want) => {
      expect(brief(resolve([volume('data')], planPart, { dstClasses }).diagnostics)).toEqual(want);
    },
  );
});

describe('snapshot copy: Velero restores a snapshot with the provider that took it (same backend both sides)', () => {
  const snap = (over: Record<string, unknown> = {}): Partial<Plan> => ({
    volumes: { overrides: [{ pvc: 'app/data', copyMethod: 'snapshot', ...over }] },
  });
  it.each([
    ['in-tree EBS to EBS CSI: same backend', {}, snap(), undefined, []],
    [
      'plan-wide snapshot, EBS to EBS CSI',
      {},
      { volumes: { copyMethod: 'snapshot' } },
      undefined,
      [],
    ],
    [
      'EBS to CephFS: refused',
      {},
      snap({ storageClass: 'cephfs' }),
      undefined,
      [
        [
          'MP4021',
          `PVC app/data: snapshot copy needs the same storage backend on both sides (source ${EBS_INTREE}, target class cephfs)`,
          [...OV0, 'copyMethod'],
        ],
      ],
    ],
    [
      'plan-wide snapshot, EBS to RBD: refused at the plan',
      {},
      { volumes: { copyMethod: 'snapshot', storageClassMap: { gp2: 'rbd' } } },
      undefined,
      [
        [
          'MP4021',
          `PVC app/data: snapshot copy needs the same storage backend on both sides (source ${EBS_INTREE}, target class rbd)`,
          [...VOL, 'copyMethod'],
        ],
      ],
    ],
    [
      'an unknown backend is not the same backend, even with the same provisioner',
      { pv: { storageClassName: 'weird', sourceType: 'csi' } },
      snap(),
      [sc('weird', 'example.com/weird', true)],
      [
        [
          'MP4021',
          'PVC app/data: snapshot copy needs the same storage backend on both sides (source example.com/weird, target class weird)',
          [...OV0, 'copyMethod'],
        ],
      ],
    ],
    [
      'no source class and no target class',
      { pv: { storageClassName: undefined, sourceType: 'csi' } },
      snap(),
      [],
      [
        [
          'MP4006',
          'PVC app/data (class none, unknown provisioner) has no target storage class on dst; classes that would work: none',
          [...VOL, 'storageClassMap'],
        ],
        [
          'MP4021',
          'PVC app/data: snapshot copy needs the same storage backend on both sides (source unknown, target class none)',
          [...OV0, 'copyMethod'],
        ],
      ],
    ],
    [
      'a skipped volume is not checked',
      {},
      snap({ action: 'skip', storageClass: 'cephfs' }),
      undefined,
      [],
    ],
  ] as [string, Volume, Partial<Plan>, StorageClassFact[] | undefined, unknown[][]][])(
    '%s',
    (_n, v, planPart, dstClasses, want) => {
      expect(
        brief(resolve([volume('data', v)], planPart, dstClasses ? { dstClasses } : {}).diagnostics),
      ).toEqual(want);
    },
  );
});

describe('overrides that name no migrated PVC (MP4009)', () => {
  it.each([
    [
      'a PVC missing from a plan namespace',
      ['app/nope'],
      [
        [
          'MP4009',
          'override names PVC app/nope, which does not exist on src; PVCs in app: data, pending',
          [...VOL, 'overrides', 0, 'pvc'],
        ],
      ],
    ],
    ['a PVC that exists but is skipped as unbound is not reported', ['app/pending'], []],
    ['a namespace outside the plan is left to validate', ['other/data'], []],
    [
      'the second override is located as such',
      ['app/data', 'app/gone'],
      [
        [
          'MP4009',
          'override names PVC app/gone, which does not exist on src; PVCs in app: data, pending',
          [...VOL, 'overrides', 1, 'pvc'],
        ],
      ],
    ],
  ] as [string, string[], unknown[][]][])('%s', (_n, pvcs, want) => {
    const r = resolve(
      [volume('data'), volume('pending', { pvc: { phase: 'Pending' }, pv: null })],
      {
        volumes: { overrides: pvcs.map((pvc) => ({ pvc })) },
      },
    );
    expect(brief(r.diagnostics)).toEqual(want);
  });
  it('an empty plan namespace says none', () => {
    const r = resolve([], { volumes: { overrides: [{ pvc: 'app/nope' }] } });
    expect(brief(r.diagnostics)).toEqual([
      [
        'MP4009',
        'override names PVC app/nope, which does not exist on src; PVCs in app: none',
        [...VOL, 'overrides', 0, 'pvc'],
      ],
    ]);
  });
});
