import { describe, expect, it } from 'vitest';
import { plan } from '../src/plan/plan.js';
import { chooseTargetClass, supportsAccessModes } from '../src/plan/rules/storage-class.js';
import { supportedActions } from '../src/plan/rules/pv.js';
import { hasSccClusterRoles } from '../src/plan/rules/scc.js';
import { quantityBytes } from '../src/plan/quantity.js';
import type { ClusterFacts } from '../src/resolve/cluster-facts.js';
import { facts, k, specWith } from './helpers/facts.js';

const EBS = { awsElasticBlockStore: { volumeID: 'vol-1' } };
const targetBasics = [
  k.ns('default'),
  k.sc('gp3-csi', 'ebs.csi.aws.com', true),
  k.sc('cephfs', 'openshift-storage.cephfs.csi.ceph.com'),
  k.sc('rbd', 'openshift-storage.rbd.csi.ceph.com'),
  k.version('4.12.3'),
];

function run(spec = specWith(), src: ClusterFacts, dst: ClusterFacts) {
  const r = plan({ spec, facts: { src, dst } });
  return {
    plan: r.value?.plans[0],
    codes: r.diagnostics.map((d) => d.code),
    diagnostics: r.diagnostics,
  };
}

describe('PV supported actions (mig-controller pvlist.go)', () => {
  const pv = (sourceType: string) =>
    ({ name: 'x', phase: 'Bound', sourceType, volumeMode: 'Filesystem', accessModes: [] }) as never;
  it.each([
    ['hostPath', ['skip']],
    ['nfs', ['skip', 'copy', 'move']],
    ['awsElasticBlockStore', ['skip', 'copy', 'move']],
    ['csi', ['skip', 'copy']],
    ['local', ['skip', 'copy']],
  ])('%s → %j', (type, actions) => expect(supportedActions(pv(type))).toEqual(actions));
});

describe('target storage class', () => {
  const targets = facts('dst', targetBasics).storageClasses;
  const q = (
    sourceProvisioner: string,
    extra: Partial<Parameters<typeof chooseTargetClass>[0]> = {},
  ) =>
    chooseTargetClass(
      {
        sourceClass: 'gp2',
        sourceProvisioner,
        nfsVolume: false,
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Filesystem',
        ...extra,
      },
      targets,
    );

  it('treats in-tree and CSI provisioners of one backend as the same (MTC would fall to the default)', () => {
    expect(q('kubernetes.io/aws-ebs')).toMatchObject({
      storageClass: 'gp3-csi',
      reason: { rule: 'same-provisioner' },
    });
  });
  it('prefers the same class name on the same backend', () => {
    const withSame = facts('dst', [
      ...targetBasics,
      k.sc('gp2', 'kubernetes.io/aws-ebs'),
    ]).storageClasses;
    expect(
      chooseTargetClass(
        {
          sourceClass: 'gp2',
          sourceProvisioner: 'ebs.csi.aws.com',
          nfsVolume: false,
          accessModes: [],
          volumeMode: 'Filesystem',
        },
        withSame,
      ),
    ).toMatchObject({ storageClass: 'gp2', reason: { rule: 'same-class' } });
  });
  it('sends gluster RWX to CephFS and gluster RWO to RBD', () => {
    expect(q('kubernetes.io/glusterfs', { accessModes: ['ReadWriteMany'] }).storageClass).toBe(
      'cephfs',
    );
    expect(q('kubernetes.io/glusterfs').storageClass).toBe('rbd');
  });
  it('sends NFS volumes to Ceph whatever their class', () => {
    expect(
      q('k8s-sigs.io/nfs-subdir-external-provisioner', {
        nfsVolume: true,
        accessModes: ['ReadWriteMany'],
      }),
    ).toMatchObject({ storageClass: 'cephfs', reason: { rule: 'ceph-for-gluster-nfs' } });
  });
  it('falls back to the target default for an unknown backend', () => {
    expect(q('example.com/unknown')).toMatchObject({
      storageClass: 'gp3-csi',
      reason: { rule: 'target-default' },
    });
  });
  it('flags a gluster fallback to the default class', () => {
    const noCeph = facts('dst', [k.sc('gp3-csi', 'ebs.csi.aws.com', true)]).storageClasses;
    expect(
      chooseTargetClass(
        {
          sourceClass: 'g',
          sourceProvisioner: 'kubernetes.io/glusterfs',
          nfsVolume: false,
          accessModes: [],
          volumeMode: 'Filesystem',
        },
        noCeph,
      ).glusterFallback,
    ).toBe(true);
  });
  it('is unresolved with no match and no default', () => {
    const none = facts('dst', [k.sc('other', 'example.com/other')]).storageClasses;
    expect(
      chooseTargetClass(
        {
          sourceClass: 'gp2',
          sourceProvisioner: 'kubernetes.io/aws-ebs',
          nfsVolume: false,
          accessModes: [],
          volumeMode: 'Filesystem',
        },
        none,
      ).storageClass,
    ).toBeUndefined();
  });
  it('knows access modes per backend and volume mode', () => {
    expect(supportsAccessModes('ebs.csi.aws.com', 'Filesystem', ['ReadWriteMany'])).toBe(false);
    expect(
      supportsAccessModes('openshift-storage.rbd.csi.ceph.com', 'Block', ['ReadWriteMany']),
    ).toBe(true);
    expect(
      supportsAccessModes('openshift-storage.rbd.csi.ceph.com', 'Filesystem', ['ReadWriteMany']),
    ).toBe(false);
    expect(
      supportsAccessModes('example.com/unknown', 'Filesystem', ['ReadWriteMany']),
    ).toBeUndefined();
  });
});

describe('PV decisions in a plan', () => {
  const src = (...objs: Parameters<typeof facts>[1]) =>
    facts('src', [k.ns('app'), k.sc('gp2', 'kubernetes.io/aws-ebs', true), ...objs]);
  const dst = facts('dst', targetBasics);

  it('copies with filesystem by default and pre-fills the PV name, capacity and class', () => {
    const r = run(
      specWith(),
      src(
        k.volume('app', 'data', { sc: 'gp2', size: '10Gi', source: EBS }),
        k.pod('app', 'web', { claims: ['data'] }),
      ),
      dst,
    );
    expect(r.codes).not.toContain('MP4006');
    expect(r.plan?.pvs[0]).toMatchObject({
      pvName: 'pv-app-data',
      capacity: '10Gi',
      action: 'copy',
      copyMethod: 'filesystem',
      targetStorageClass: 'gp3-csi',
    });
    expect(r.plan?.totals.copiedBytes).toBe(10 * 2 ** 30);
  });
  it('uses block copy for Block-mode volumes', () => {
    const r = run(
      specWith(),
      src(k.volume('app', 'raw', { sc: 'gp2', volumeMode: 'Block', source: EBS })),
      dst,
    );
    expect(r.plan?.pvs[0]?.copyMethod).toBe('block');
  });
  it('skips PVCs that are not bound, with a note', () => {
    const r = run(
      specWith(),
      src(k.volume('app', 'pending', { sc: 'gp2', phase: 'Pending' })),
      dst,
    );
    expect(r.plan?.pvs).toEqual([]);
    expect(r.codes).toContain('MP4005');
  });
  it('forces skip on hostPath volumes and warns', () => {
    const r = run(
      specWith(),
      src(k.volume('app', 'logs', { sc: 'gp2', source: { hostPath: { path: '/var/log' } } })),
      dst,
    );
    expect(r.plan?.pvs[0]?.action).toBe('skip');
    expect(r.codes).toContain('MP4014');
    expect(r.plan?.manualSteps.join()).toContain('hostPath');
  });
  it('errors on an override the PV cannot support (move of a CSI volume)', () => {
    const spec = specWith({ volumes: { overrides: [{ pvc: 'app/data', action: 'move' }] } });
    const r = run(spec, src(k.volume('app', 'data', { sc: 'gp2' })), dst);
    expect(r.codes).toContain('MP4008');
  });
  it('errors on an override naming a PVC that does not exist, listing the real ones', () => {
    const spec = specWith({ volumes: { overrides: [{ pvc: 'app/nope', action: 'skip' }] } });
    const r = run(spec, src(k.volume('app', 'data', { sc: 'gp2', source: EBS })), dst);
    expect(r.diagnostics.find((d) => d.code === 'MP4009')?.message).toContain('data');
  });
  it('errors when the mapped class does not exist on the target', () => {
    const spec = specWith({ volumes: { storageClassMap: { gp2: 'gold' } } });
    const r = run(spec, src(k.volume('app', 'data', { sc: 'gp2', source: EBS })), dst);
    expect(r.diagnostics.find((d) => d.code === 'MP4010')?.message).toContain('gp3-csi');
  });
  it('errors on an access mode the chosen class cannot serve, naming classes that can', () => {
    const r = run(
      specWith(),
      src(k.volume('app', 'shared', { sc: 'gp2', modes: ['ReadWriteMany'], source: EBS })),
      dst,
    );
    const d = r.diagnostics.find((x) => x.code === 'MP4007');
    expect(d?.message).toContain('cephfs');
    expect(d?.message).not.toMatch(/would work: .*gp3-csi/);
  });
  it('errors when no class can be resolved', () => {
    const bare = facts('dst', [k.ns('default'), k.sc('other', 'example.com/other')]);
    const r = run(specWith(), src(k.volume('app', 'data', { sc: 'gp2', source: EBS })), bare);
    expect(r.codes).toContain('MP4006');
  });
  it('errors on snapshot copy across storage backends', () => {
    const spec = specWith({
      volumes: { copyMethod: 'snapshot', storageClassMap: { gp2: 'cephfs' } },
    });
    const r = run(spec, src(k.volume('app', 'data', { sc: 'gp2', source: EBS })), dst);
    expect(r.codes).toContain('MP4021');
  });
  it('errors when a storage-class conversion keeps a PV on its class', () => {
    const one = facts('src', [
      k.ns('app'),
      k.sc('gp3-csi', 'ebs.csi.aws.com', true),
      k.volume('app', 'data', { sc: 'gp3-csi' }),
    ]);
    const spec = specWith({ source: 'src', target: 'src', type: 'storage-class-conversion' });
    spec.spec.clusters['src'] = { role: 'both', host: true };
    const r = plan({ spec, facts: { src: one } });
    expect(r.diagnostics.map((d) => d.code)).toContain('MP4020');
  });
});

describe('namespaces', () => {
  const dst = facts('dst', [
    ...targetBasics,
    k.ns('app', { 'openshift.io/sa.scc.uid-range': '1000/100' }),
  ]);
  it('errors on a namespace missing from the source and suggests the closest', () => {
    const r = run(specWith({ namespaces: ['ap'] }), facts('src', [k.ns('app'), k.ns('web')]), dst);
    expect(r.diagnostics.find((d) => d.code === 'MP4001')?.message).toContain('did you mean "app"');
  });
  it('reports an existing destination and conflicting UID ranges', () => {
    const r = run(
      specWith(),
      facts('src', [k.ns('app', { 'openshift.io/sa.scc.uid-range': '2000/100' })]),
      dst,
    );
    expect(r.codes).toEqual(expect.arrayContaining(['MP4002', 'MP4003']));
  });
  it('warns on node selectors and unhealthy pods', () => {
    const r = run(
      specWith(),
      facts('src', [
        k.ns('app'),
        k.pod('app', 'a', { nodeSelector: { zone: 'x' } }),
        k.pod('app', 'b', { phase: 'Running', ready: false }),
      ]),
      facts('dst', targetBasics),
    );
    expect(r.codes).toEqual(expect.arrayContaining(['MP4004', 'MP4015']));
    expect(r.plan?.manualSteps.join()).toContain('zone=x');
  });
  it('warns above the pod and PV limits', () => {
    const objs = [k.ns('app'), k.sc('gp2', 'kubernetes.io/aws-ebs', true)];
    for (let i = 0; i < 3; i++)
      objs.push(k.pod('app', `p${i}`), ...k.volume('app', `v${i}`, { sc: 'gp2', source: EBS }));
    const r = run(
      specWith({}, { controller: { podLimit: 2, pvLimit: 2 } }),
      facts('src', objs),
      facts('dst', targetBasics),
    );
    expect(r.codes).toEqual(expect.arrayContaining(['MP4012', 'MP4013']));
  });
});

describe('SCC grants', () => {
  const base = [k.ns('app'), k.sa('app', 'web'), k.sa('app', 'db'), k.sa('app', 'ops')];
  it('finds grants via SCC users, namespace groups and RBAC use', () => {
    const src = facts('src', [
      ...base,
      k.scc('anyuid', ['system:serviceaccount:app:db']),
      k.scc('nonroot', [], ['system:serviceaccounts:app']),
      k.scc('restricted', [], ['system:authenticated']),
      k.scc('custom-scc'),
      k.clusterRole('use-custom', [
        {
          apiGroups: ['security.openshift.io'],
          resources: ['securitycontextconstraints'],
          verbs: ['use'],
          resourceNames: ['custom-scc'],
        },
      ]),
      k.roleBinding('app', 'ops-custom', 'use-custom', [
        { kind: 'ServiceAccount', name: 'ops', namespace: 'app' },
      ]),
    ]);
    const dst = facts('dst', [
      ...targetBasics,
      k.scc('anyuid'),
      k.scc('nonroot'),
      k.scc('restricted'),
    ]);
    const r = run(specWith({ namespaces: [{ from: 'app', to: 'app2' }] }), src, dst);
    const grants = r.plan?.sccGrants.map(
      (g) =>
        `${g.targetNamespace}/${g.serviceAccount}:${g.scc}:${g.via}:${g.clusterRole}:${g.emitScc}`,
    );
    expect(grants).toContain('app2/db:anyuid:users:system:openshift:scc:anyuid:false');
    expect(grants).toContain('app2/web:nonroot:group:system:openshift:scc:nonroot:false');
    expect(grants).toContain('app2/ops:custom-scc:rbac:migplan:scc:custom-scc:true');
    expect(grants?.some((g) => g.includes('restricted'))).toBe(false);
    expect(r.codes).toContain('MP4019');
  });
  it('emits ClusterRoles for built-in SCCs on targets older than OCP 4.8', () => {
    expect(hasSccClusterRoles('4.7.0-0.okd-2021')).toBe(false);
    expect(hasSccClusterRoles('4.8.2')).toBe(true);
    expect(hasSccClusterRoles(undefined)).toBe(false);
    const src = facts('src', [...base, k.scc('anyuid', ['system:serviceaccount:app:db'])]);
    const old = facts('dst', [
      k.ns('default'),
      k.sc('gp3-csi', 'ebs.csi.aws.com', true),
      k.version('4.7.1'),
      k.scc('anyuid'),
    ]);
    const r = run(specWith(), src, old);
    expect(r.plan?.sccGrants[0]).toMatchObject({
      clusterRole: 'migplan:scc:anyuid',
      emitClusterRole: true,
      emitScc: false,
    });
  });
});

describe('images', () => {
  const src = facts('src', [
    k.ns('app'),
    k.imageStream('app', 'web', true),
    k.registryRoute('default-route-openshift-image-registry.apps.src'),
  ]);
  it('errors on direct images from a non-host cluster without exposedRegistryPath, naming the route', () => {
    const r = run(specWith({ images: 'direct' }), src, facts('dst', targetBasics));
    const d = r.diagnostics.find((x) => x.code === 'MP4011');
    expect(d?.hint).toContain('default-route-openshift-image-registry.apps.src');
  });
  it('accepts direct images with exposedRegistryPath and lists internal image streams', () => {
    const spec = specWith({ images: 'direct' });
    spec.spec.clusters['src'] = {
      role: 'source',
      url: 'https://api.src:6443',
      tokenSecret: 't',
      exposedRegistryPath: 'r.apps.src',
    };
    const r = run(spec, src, facts('dst', targetBasics));
    expect(r.codes).not.toContain('MP4011');
    expect(r.plan?.images).toMatchObject({
      registryPath: 'r.apps.src',
      internalImageStreams: [{ namespace: 'app', name: 'web', tags: ['latest'] }],
    });
  });
  it('warns when images: none leaves internal images behind', () => {
    expect(run(specWith({ images: 'none' }), src, facts('dst', targetBasics)).codes).toContain(
      'MP4016',
    );
  });
});

describe('hooks', () => {
  it('errors when the execution namespace exists nowhere the hook runs', () => {
    const spec = specWith({
      hooks: [
        {
          name: 'h',
          phase: 'PreBackup',
          cluster: 'source',
          executionNamespace: 'ops',
          serviceAccount: 'runner',
          image: 'quay.io/x/h:1',
        },
      ],
    });
    expect(run(spec, facts('src', [k.ns('app')]), facts('dst', targetBasics)).codes).toContain(
      'MP4022',
    );
  });
  it('wires a hook in a migrated namespace and marks its service account for emission', () => {
    const spec = specWith({
      hooks: [
        {
          name: 'h',
          phase: 'PostRestore',
          cluster: 'destination',
          executionNamespace: 'app',
          serviceAccount: 'runner',
          playbook: 'p.yml',
        },
      ],
    });
    const r = plan({
      spec,
      facts: { src: facts('src', [k.ns('app')]), dst: facts('dst', targetBasics) },
      playbooks: new Map([['p.yml', 'LS0t']]),
    });
    expect(r.value?.plans[0]?.hooks[0]).toMatchObject({
      migHookName: 'unit-plan-h',
      custom: false,
      playbook: 'LS0t',
      emitServiceAccount: true,
    });
  });
});

describe('quantities', () => {
  it.each([
    ['10Gi', 10 * 2 ** 30],
    ['500M', 5e8],
    ['1.5Ti', 1.5 * 2 ** 40],
    ['garbage', 0],
    [undefined, 0],
  ])('%s → %d bytes', (q, n) => expect(quantityBytes(q)).toBe(n));
});

describe('findings that need a particular cluster state', () => {
  it('warns when a gluster volume falls back to the default class (no Ceph on the target)', () => {
    const src = facts('src', [
      k.ns('app'),
      k.sc('glusterfs-storage', 'kubernetes.io/glusterfs'),
      k.volume('app', 'shared', { sc: 'glusterfs-storage', source: { glusterfs: { path: 'v' } } }),
    ]);
    const dst = facts('dst', [
      k.ns('default'),
      k.sc('gp3-csi', 'ebs.csi.aws.com', true),
      k.version('4.12.1'),
    ]);
    expect(run(specWith(), src, dst).codes).toContain('MP4017');
  });
  it('warns when the source snapshot has no SCCs, and reports the grants it makes', () => {
    expect(
      run(specWith(), facts('src', [k.ns('app')]), facts('dst', targetBasics)).codes,
    ).toContain('MP4023');
    const src = facts('src', [
      k.ns('app'),
      k.sa('app', 'db'),
      k.scc('anyuid', ['system:serviceaccount:app:db']),
    ]);
    const r = run(
      specWith(),
      src,
      facts('dst', [k.ns('default'), k.sc('gp3-csi', 'ebs.csi.aws.com', true)]),
    );
    expect(r.codes).toEqual(expect.arrayContaining(['MP4018', 'MP3004']));
    expect(r.codes).not.toContain('MP4023');
  });
});
