import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { isCompiled, type CompileResult } from '../src/compile.js';
import type { Spec } from '../src/spec/spec.js';
import { runCli } from './helpers/cli.js';
import { facts, k, specWith } from './helpers/facts.js';
import {
  compileWithFacts as compileWith,
  objectsOf,
  type EmittedObject as Obj,
} from './helpers/compile-facts.js';

/**
 * Issue 12: plans that compiled cleanly but that mig-controller or Velero would refuse or run differently.
 * Expected values are written by hand from the upstream rule cited beside each test.
 */

const examples = join(import.meta.dirname, '..', 'examples');

const codes = (r: CompileResult) => r.diagnostics.map((d) => d.code);

describe('defect 1: storage-class conversion plans are ones mig-controller runs', () => {
  it('the example: both indirect flags false, no storage ref, every step migrateState, cutover quiesces', async () => {
    const dir = join(examples, 'storage-class-conversion');
    const run = await runCli(['compile', 'migration.yaml', '-o', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const items = (JSON.parse(run.stdout) as { items: Obj[] }).items;
    const migplan = items.find((o) => o.kind === 'MigPlan');
    // migplan/validation.go validatePossibleMigrationTypes: either flag => namespace migration => InvalidStorageRef.
    expect(migplan?.spec['indirectImageMigration']).toBe(false);
    expect(migplan?.spec['indirectVolumeMigration']).toBe(false);
    expect(migplan?.spec['migStorageRef']).toBeUndefined();
    const steps = await Promise.all(
      ['gp2-to-gp3-stage-1', 'gp2-to-gp3-cutover'].map(async (m) => {
        const r = await runCli(['compile', 'migration.yaml', '--migration', m, '-o', 'json'], {
          cwd: dir,
        });
        expect(r.code, r.stderr).toBe(0);
        return (JSON.parse(r.stdout) as { items: Obj[] }).items.find(
          (o) => o.kind === 'MigMigration',
        );
      }),
    );
    // migmigration/validation.go validateMigrationType: stage/final are refused on mapped PVCs and on
    // overlapping intra-cluster namespaces; task.go isStorageConversionMigration needs migrateState.
    expect(steps.map((s) => s?.spec)).toEqual([
      expect.objectContaining({ stage: false, migrateState: true, quiescePods: false }),
      expect.objectContaining({ stage: false, migrateState: true, quiescePods: true }),
    ]);
  });
});

describe('the admission check runs on every compile and every example', () => {
  // Migration examples; test/network-migration-golden.test.ts checks the NetworkMigration ones.
  const dirs = readdirSync(examples).filter(
    (d) =>
      existsSync(join(examples, d, 'expected')) && existsSync(join(examples, d, 'migration.yaml')),
  );
  it.each(dirs)('%s: no controller condition would fire', async (d) => {
    const expected = readFileSync(join(examples, d, 'expected', 'diagnostics.txt'), 'utf8');
    expect(expected).not.toMatch(/MP70\d\d/);
    const run = await runCli(['compile', 'migration.yaml', '-o', 'json'], {
      cwd: join(examples, d),
    });
    expect(run.code, run.stderr).toBe(0);
  });
});

const twoClusters = (
  extraSrc: Parameters<typeof facts>[1] = [],
  extraDst: Parameters<typeof facts>[1] = [],
) => ({
  src: facts('src', [k.ns('app'), k.sc('gp2', 'kubernetes.io/aws-ebs', true), ...extraSrc]),
  dst: facts('dst', [k.sc('gp3-csi', 'ebs.csi.aws.com', true), ...extraDst]),
});

describe('defect 2: MigStorage snapshot settings (migstorage/validation.go, cloudprovider/azure.go Validate)', () => {
  const azure = {
    name: 'blob',
    provider: 'azure' as const,
    bucket: 'container',
    resourceGroup: 'rg',
    storageAccount: 'acct',
    credentialsSecret: 'azure-creds',
  };
  it('no PV copied by snapshot: no volumeSnapshotProvider, so the snapshot role is never validated', async () => {
    const r = await compileWith(
      specWith(
        { migrations: [{ name: 'cutover', type: 'cutover' }] },
        { replicationRepository: azure },
      ),
      twoClusters([k.volume('app', 'data', { sc: 'gp2' })]),
    );
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const storage = objectsOf(r).find((o) => o.kind === 'MigStorage');
    expect(storage?.spec['volumeSnapshotProvider']).toBeUndefined();
    expect(storage?.spec['volumeSnapshotConfig']).toBeUndefined();
  });
  it('a PV copied by snapshot: Azure gets the resource group and the API timeout the snapshot role requires', async () => {
    const r = await compileWith(
      specWith(
        {
          volumes: { transfer: 'indirect', copyMethod: 'snapshot' },
          migrations: [{ name: 'cutover', type: 'cutover' }],
        },
        { replicationRepository: azure },
      ),
      {
        src: facts('src', [
          k.ns('app'),
          k.sc('disk', 'disk.csi.azure.com', true),
          k.volume('app', 'data', {
            sc: 'disk',
            source: { csi: { driver: 'disk.csi.azure.com' } },
          }),
        ]),
        dst: facts('dst', [k.sc('disk', 'disk.csi.azure.com', true)]),
      },
    );
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const storage = objectsOf(r).find((o) => o.kind === 'MigStorage');
    expect(storage?.spec['volumeSnapshotProvider']).toBe('azure');
    expect(storage?.spec['volumeSnapshotConfig']).toEqual({
      credsSecretRef: { name: 'azure-creds', namespace: 'openshift-config' },
      azureResourceGroup: 'rg',
      azureApiTimeout: '2m0s',
    });
  });
});

describe('defect 3: the registry-path rule applies to whichever side is remote (validateDestinationCluster)', () => {
  it('direct images from the host to a remote destination without exposedRegistryPath: MP4011 naming DestinationClusterNoRegistryPath', async () => {
    const spec = specWith({ images: 'direct' });
    spec.spec.clusters = {
      src: { role: 'source', host: true },
      dst: { role: 'target', url: 'https://api.dst:6443', tokenSecret: 'dst-token' },
    };
    const r = await compileWith(spec, twoClusters());
    const d = r.diagnostics.find((x) => x.code === 'MP4011');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('destination cluster "dst"');
    expect(d?.message).toContain('DestinationClusterNoRegistryPath');
  });
  it('with exposedRegistryPath on the remote destination it compiles', async () => {
    const spec = specWith({ images: 'direct' });
    spec.spec.clusters = {
      src: { role: 'source', host: true },
      dst: {
        role: 'target',
        url: 'https://api.dst:6443',
        tokenSecret: 'dst-token',
        exposedRegistryPath: 'default-route-openshift-image-registry.apps.dst',
      },
    };
    const r = await compileWith(spec, twoClusters());
    expect(codes(r)).not.toContain('MP4011');
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
  });
});

describe('defect 5: Velero Backup and Restore leave includeClusterResources unset (mig-controller backup.go buildBackup)', () => {
  it('the OADP example: no Backup or Restore sets includeClusterResources, so no cluster-wide object beyond the plan travels', async () => {
    const dir = join(examples, 'oadp-dc1-to-dc2');
    for (const m of ['shop-cutover']) {
      const run = await runCli(['compile', 'migration.yaml', '--migration', m, '-o', 'json'], {
        cwd: dir,
      });
      expect(run.code, run.stderr).toBe(0);
      const items = (JSON.parse(run.stdout) as { items: Obj[] }).items;
      const actions = items.filter((o) => o.kind === 'Backup' || o.kind === 'Restore');
      expect(actions.map((o) => o.kind).sort()).toEqual(['Backup', 'Restore']);
      for (const o of actions) {
        expect(o.spec).not.toHaveProperty('includeClusterResources');
        // Only namespace filters: nothing names a cluster-scoped kind to include.
        expect(o.spec).not.toHaveProperty('includedClusterScopedResources');
        expect(o.spec['includedNamespaces']).toEqual(['shop', 'shop-db']);
      }
    }
  });
});

describe('defect 6: Block-mode PVs are never handed to a file-system backup', () => {
  const blockVolume = () =>
    twoClusters([k.volume('app', 'raw', { sc: 'gp2', volumeMode: 'Block' })]);
  it('indirect volume migration with a Block PV is MP4034 naming the PVC', async () => {
    const r = await compileWith(specWith({ volumes: { transfer: 'indirect' } }), blockVolume());
    const d = r.diagnostics.find((x) => x.code === 'MP4034');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('app/raw');
  });
  it('direct transfer (rsync block copy) of the same PV compiles', async () => {
    const r = await compileWith(specWith({ volumes: { transfer: 'direct' } }), blockVolume());
    expect(codes(r)).not.toContain('MP4034');
  });
  it('a snapshot copy of the same PV is not a file-system copy', async () => {
    const r = await compileWith(
      specWith({
        volumes: { transfer: 'indirect', overrides: [{ pvc: 'app/raw', copyMethod: 'snapshot' }] },
      }),
      blockVolume(),
    );
    expect(codes(r)).not.toContain('MP4034');
  });
});

describe('defect 4: images: none is honest (migplan_types.go IsImageMigrationDisabled)', () => {
  const withImages = () =>
    twoClusters([
      {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'web', namespace: 'app' },
        status: {
          dockerImageRepository: 'image-registry.openshift-image-registry.svc:5000/app/web',
          tags: [
            {
              tag: 'latest',
              items: [
                {
                  dockerImageReference:
                    'image-registry.openshift-image-registry.svc:5000/app/web@sha256:1',
                },
              ],
            },
          ],
        },
      },
    ]);
  it('a full plan with images: none and no opt-in is MP4033: MTC would still migrate the ImageStreams', async () => {
    const r = await compileWith(specWith({ images: 'none' }), withImages());
    const d = r.diagnostics.find((x) => x.code === 'MP4033');
    expect(d?.code).toBe('MP4033');
    expect(d?.severity).toBe('error');
    expect(isCompiled(r)).toBe(false);
  });
  it('with controller.disableImageMigration the MigrationController carries disable_image_migration and the report says it is host-wide', async () => {
    const r = await compileWith(
      specWith({ images: 'none' }, { controller: { disableImageMigration: true } }),
      withImages(),
    );
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const mc = objectsOf(r).find((o) => o.kind === 'MigrationController');
    expect(mc?.spec).toEqual({ disable_image_migration: true });
    expect(r.report).toContain('for every plan');
  });
});

describe('defect 7: rsync_endpoint_type where DVM reads it, NetworkPolicies by endpoint type', () => {
  // directvolumemigration/migrate.go getEndpointType reads the DESTINATION cluster's migration-cluster-config.
  it('a remote destination gets its own MigrationController with rsync_endpoint_type; the host keeps only its settings', async () => {
    const spec = specWith({}, { controller: { rsyncEndpointType: 'NodePort', podLimit: 50 } });
    spec.spec.clusters = {
      src: { role: 'source', host: true },
      dst: { role: 'target', url: 'https://api.dst:6443', tokenSecret: 'dst-token' },
    };
    const r = await compileWith(spec, twoClusters());
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const controllers = (r.manifests ?? []).filter((m) => m.object.kind === 'MigrationController');
    expect(controllers.map((m) => [m.cluster, m.object['spec']])).toEqual([
      ['src', { mig_pod_limit: '50' }],
      ['dst', { rsync_endpoint_type: 'NodePort' }],
    ]);
  });
  const policyFor = async (endpoint: 'Route' | 'ClusterIP' | 'NodePort') => {
    const deny = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', namespace: 'app' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
    const r = await compileWith(
      specWith(
        { volumes: { transfer: 'direct' } },
        { controller: { rsyncEndpointType: endpoint } },
      ),
      {
        src: facts('src', [
          k.ns('app'),
          k.sc('gp2', 'kubernetes.io/aws-ebs', true),
          k.volume('app', 'data', { sc: 'gp2' }),
          deny,
        ]),
        dst: facts('dst', [k.ns('app'), k.sc('gp3-csi', 'ebs.csi.aws.com', true), { ...deny }]),
      },
    );
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    const byName = (n: string) => objectsOf(r).find((o) => o.metadata.name === n)?.spec;
    return { egress: byName('migplan-rsync-egress'), ingress: byName('migplan-rsync-ingress') };
  };
  it('Route: source egress to the router on 443, destination ingress on 6443 from the ingress routers', async () => {
    const { egress, ingress } = await policyFor('Route');
    expect((egress?.['egress'] as unknown[])[0]).toEqual({
      ports: [{ protocol: 'TCP', port: 443 }],
    });
    expect((ingress?.['ingress'] as { from: unknown }[])[0]?.from).toEqual([
      { namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } } },
    ]);
  });
  it('ClusterIP: egress straight to the stunnel port 6443, ingress from the source namespace', async () => {
    const { egress, ingress } = await policyFor('ClusterIP');
    expect((egress?.['egress'] as unknown[])[0]).toEqual({
      ports: [{ protocol: 'TCP', port: 6443 }],
    });
    expect((ingress?.['ingress'] as { from: unknown }[])[0]?.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } },
    ]);
  });
  it('NodePort: egress to the node-port range, ingress on 6443 from anywhere (node-SNATed traffic)', async () => {
    const { egress, ingress } = await policyFor('NodePort');
    expect((egress?.['egress'] as unknown[])[0]).toEqual({
      ports: [{ protocol: 'TCP', port: 30000, endPort: 32767 }],
    });
    expect((ingress?.['ingress'] as unknown[])[0]).toEqual({
      ports: [{ protocol: 'TCP', port: 6443 }],
    });
  });
});

describe('defect 8: the report gives a long-lived token recipe', () => {
  it('REPORT.md names --duration and the service-account-token Secret, and why', async () => {
    const r = await compileWith(specWith(), twoClusters());
    expect(isCompiled(r), JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.report).toContain('--duration=');
    expect(r.report).toContain('kubernetes.io/service-account-token');
    expect(r.report).toContain('reads a static token');
    expect(r.report).not.toMatch(/oc create token migration-controller -n openshift-migration[,)]/);
  });
});

describe('defect 9: runAsRoot needs privileged pod-security labels (directvolumemigration/rsync.go isPrivilegedLabelPresent)', () => {
  const runAsRoot = (extra: Partial<Spec['spec']> = {}) =>
    specWith({ migrations: [{ name: 'cutover', type: 'cutover', runAsRoot: true }] }, extra);
  const volumes = () => twoClusters([k.volume('app', 'data', { sc: 'gp2' })]);
  it('warns MP4035 naming each namespace without the label', async () => {
    const r = await compileWith(runAsRoot(), volumes());
    const d = r.diagnostics.find((x) => x.code === 'MP4035');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain('src/app');
    expect(d?.message).toContain('dst/app');
  });
  it('no warning when both namespaces already carry enforce=privileged', async () => {
    const labelled = (c: string) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'app', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      cluster: c,
    });
    const r = await compileWith(runAsRoot(), {
      src: facts('src', [
        labelled('src'),
        k.sc('gp2', 'kubernetes.io/aws-ebs', true),
        k.volume('app', 'data', { sc: 'gp2' }),
      ]),
      dst: facts('dst', [labelled('dst'), k.sc('gp3-csi', 'ebs.csi.aws.com', true)]),
    });
    expect(codes(r)).not.toContain('MP4035');
  });
  it('controller.podSecurityLabels: the report labels before and removes the labels after', async () => {
    const r = await compileWith(runAsRoot({ controller: { podSecurityLabels: true } }), volumes());
    expect(r.report).toContain(
      'oc label namespace app pod-security.kubernetes.io/enforce=privileged --overwrite',
    );
    expect(r.report).toContain('oc label namespace app pod-security.kubernetes.io/enforce-');
  });
});

describe('defect 10: plain Velero without the OpenShift plugin does not move internal images', () => {
  it('the Velero example warns MP4036 and its report does not claim the images travel', () => {
    const dir = join(examples, 'velero-okd47-to-okd410');
    const diagnostics = readFileSync(join(dir, 'expected', 'diagnostics.txt'), 'utf8');
    expect(diagnostics).toContain('MP4036');
    const report = readFileSync(join(dir, 'expected', 'REPORT.md'), 'utf8');
    expect(report).toContain('plain Velero restores the ImageStream objects without their images');
  });
});

describe('plan types whose rules come from mig-controller', () => {
  it('a state plan with volumes.transfer: indirect is MP4037 (DVM only)', async () => {
    const r = await compileWith(
      specWith({
        type: 'state',
        images: 'none',
        volumes: { transfer: 'indirect' },
        migrations: [{ name: 's', type: 'state' }],
      }),
      twoClusters([k.volume('app', 'data', { sc: 'gp2' })]),
    );
    expect(codes(r)).toContain('MP4037');
  });
  it('a storage-class conversion that skips every PV is MP4038 (StorageClassConversionUnavailable)', async () => {
    const spec = specWith({
      type: 'storage-class-conversion',
      target: 'src',
      images: 'none',
      volumes: { transfer: 'direct', action: 'skip' },
    });
    spec.spec.clusters = { src: { role: 'both', host: true } };
    spec.spec.replicationRepository = undefined as never;
    delete spec.spec.replicationRepository;
    const r = await compileWith(spec, {
      src: facts('src', [
        k.ns('app'),
        k.sc('gp2', 'kubernetes.io/aws-ebs', true),
        k.sc('gp3-csi', 'ebs.csi.aws.com'),
        k.volume('app', 'data', { sc: 'gp2' }),
      ]),
    });
    expect(codes(r)).toContain('MP4038');
  });
});

describe('pods as mig-controller counts and reads them (migplan/validation.go validatePodProperties)', () => {
  it('hasCustomNodeSelectors: node-role.kubernetes.io/compute, kubernetes.io/arch and kubevirt.io/schedulable are ignored', async () => {
    const r = await compileWith(
      specWith(),
      twoClusters([
        k.pod('app', 'a', {
          nodeSelector: {
            'kubernetes.io/arch': 'amd64',
            'node-role.kubernetes.io/compute': 'true',
          },
        }),
        k.pod('app', 'b', { nodeSelector: { 'kubevirt.io/schedulable': 'true' } }),
      ]),
    );
    expect(codes(r)).not.toContain('MP4004');
    expect(r.plan?.plans[0]?.manualSteps.join('\n') ?? '').not.toContain('Label target nodes');
  });
  it('a custom selector on a Running pod is still reported', async () => {
    const r = await compileWith(
      specWith(),
      twoClusters([
        k.pod('app', 'a', { nodeSelector: { 'kubernetes.io/arch': 'amd64', disk: 'ssd' } }),
      ]),
    );
    const d = r.diagnostics.find((x) => x.code === 'MP4004');
    expect(d?.message).toContain('disk=ssd');
    expect(d?.message).not.toContain('kubernetes.io/arch');
  });
  it('PodLimitExceeded counts Running pods only (field selector status.phase=Running)', async () => {
    const pods = [
      ...Array.from({ length: 3 }, (_, i) => k.pod('app', `run-${i}`)),
      ...Array.from({ length: 5 }, (_, i) =>
        k.pod('app', `done-${i}`, { phase: 'Succeeded', ready: false }),
      ),
    ];
    const r = await compileWith(specWith({}, { controller: { podLimit: 3 } }), twoClusters(pods));
    expect(r.plan?.plans[0]?.totals.pods).toBe(3);
    expect(codes(r)).not.toContain('MP4012');
  });
});

describe('example hooks wait for workloads that exist', () => {
  // A hook's k8s_info wait on a kind/name the application does not have times out after
  // wait_timeout and fails the migration (MigHook phase PostRestore). Every example playbook's waits
  // must name an object of the source snapshot, which MTC migrates into the same namespace.
  const withHooks = readdirSync(examples).filter((d) => existsSync(join(examples, d, 'hooks')));
  it.each(withHooks)('%s', (d) => {
    const dir = join(examples, d);
    const spec = parseYaml(readFileSync(join(dir, 'migration.yaml'), 'utf8')) as Spec;
    const snapshotObjects = Object.values(spec.spec.clusters)
      .map((c) => c?.discovery?.snapshot)
      .filter((s): s is string => s !== undefined)
      .flatMap((s) =>
        readdirSync(join(dir, s)).flatMap((f) => {
          const doc = parseYaml(readFileSync(join(dir, s, f), 'utf8')) as {
            items?: Record<string, unknown>[];
          };
          return doc.items ?? [doc];
        }),
      ) as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }[];
    const waits = readdirSync(join(dir, 'hooks')).flatMap((f) => {
      const play = parseYaml(readFileSync(join(dir, 'hooks', f), 'utf8')) as {
        tasks: Record<string, Record<string, string> | undefined>[];
      }[];
      return play
        .flatMap((p) => p.tasks)
        .map((t) => t['kubernetes.core.k8s_info'])
        .filter((w) => w !== undefined);
    });
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) {
      const found = snapshotObjects.filter(
        (o) =>
          o.kind === w['kind'] &&
          o.metadata.name === w['name'] &&
          o.metadata.namespace === w['namespace'] &&
          o.apiVersion === (w['api_version'] ?? 'v1'),
      );
      expect(found, `${w['kind']} ${w['namespace']}/${w['name']}`).toHaveLength(1);
    }
  });
});
