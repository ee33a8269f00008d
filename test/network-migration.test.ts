import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { planNetworkMigration } from '../src/plan/cni/plan.js';
import { plan } from '../src/plan/plan.js';
import { facts, k, specWith } from './helpers/facts.js';
import type { NetworkMigrationPlan, Step } from '../src/plan/cni/types.js';
import { cniFactsFromObjects, type CniFacts } from '../src/resolve/cni-facts.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import { loadSnapshotObjects } from '../src/resolve/from-snapshot.js';
import type { NetworkMigrationSpec } from '../src/spec/network-migration.js';
import { verifyNetworkMigration } from '../src/verify/cni.js';
import { fixtureKubeconfig, startFixtureServer } from './fixture/api-server.js';
import { generateTls } from './fixture/certs.js';
import { runCli } from './helpers/cli.js';
import { readTreeSync } from './helpers/golden.js';
import { FieldOwners } from './helpers/field-owners.js';
import { scratchDir } from './helpers/tmp.js';

const examplesDir = join(import.meta.dirname, '..', 'examples');
const example410 = join(examplesDir, 'sdn-to-ovn-410');
const TOKEN = 'sha256~cni-fixture-token';

type Mutate = (objects: KubeObject[]) => KubeObject[];

const SPEC = (
  extra = '',
  discovery = '      snapshot: cluster',
) => `apiVersion: migplan.dev/v1alpha1
kind: NetworkMigration
metadata:
  name: nm
spec:
  cluster:
    name: c
    discovery:
${discovery}
  targetNetworkType: OVNKubernetes
${extra}`;

/** The 4.10 example's snapshot, changed by `mutate`, next to a spec: a held-out cluster for one rule. */
function scratchCluster(spec: string, mutate: Mutate = (o) => o): string {
  const dir = scratchDir('migplan-cni-');
  const objects = loadSnapshotObjects(join(example410, 'cluster'), (f) => f).value ?? [];
  const items = mutate(structuredClone(objects));
  mkdirSync(join(dir, 'cluster'));
  writeFileSync(
    join(dir, 'cluster', 'all.yaml'),
    jsYaml.dump({ apiVersion: 'v1', kind: 'List', items }, { noRefs: true }),
  );
  writeFileSync(join(dir, 'nm.yaml'), spec);
  return dir;
}

async function compileFindings(spec: string, mutate?: Mutate) {
  const dir = scratchCluster(spec, mutate);
  const r = await runCli(['compile', 'nm.yaml', '--format', 'json'], { cwd: dir });
  return { ...r, findings: JSON.parse(r.stderr || '[]') as Diagnostic[] };
}

const find = (objects: KubeObject[], kind: string, name: string, group = '') =>
  objects.find(
    (o) =>
      o['kind'] === kind &&
      (o['metadata'] as { name: string }).name === name &&
      String(o['apiVersion']).startsWith(group),
  ) as Record<string, Record<string, unknown>>;

const setVersion =
  (version: string): Mutate =>
  (objects) => {
    find(objects, 'ClusterVersion', 'version')['status'] = { desired: { version } };
    return objects;
  };

describe('held-out errors: each names the field and the fix, and nothing is emitted', () => {
  it('MP4202: a cluster network overlapping the join subnet names spec.internalSubnets.join and a free range', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      const cfg = find(objects, 'Network', 'cluster', 'config.');
      cfg['spec'] = { ...cfg['spec'], clusterNetwork: [{ cidr: '100.64.0.0/14', hostPrefix: 23 }] };
      return objects;
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.findings.map((x) => x.code)).toContain('MP4202');
    const d = r.findings.find((x) => x.code === 'MP4202');
    expect(d?.message).toContain('join subnet 100.64.0.0/16');
    expect(d?.message).toContain('clusterNetwork[0] 100.64.0.0/14');
    expect(d?.message).toContain(
      'Fix: set spec.internalSubnets.join to a free range such as 100.68.0.0/16',
    );
    // Located at the spec mapping, where internalSubnets would go.
    expect(`${d?.file}:${d?.line}`).toBe('nm.yaml:6');
  });

  it('MP4202: a join subnet the spec moves onto the service network is located at that field', async () => {
    const r = await compileFindings(SPEC('  internalSubnets:\n    join: 172.30.0.0/16\n'));
    const d = r.findings.find((x) => x.code === 'MP4202');
    expect(d?.message).toContain('serviceNetwork[0] 172.30.0.0/16');
    expect(`${d?.file}:${d?.line}:${d?.col}`).toBe('nm.yaml:12:11');
    expect(r.code).toBe(1);
  });

  it('MP4201: Multitenant isolation is a blocker naming openshiftSDNConfig.mode and the fix', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      const op = find(objects, 'Network', 'cluster', 'operator.');
      op['spec'] = {
        ...op['spec'],
        defaultNetwork: { type: 'OpenShiftSDN', openshiftSDNConfig: { mode: 'Multitenant' } },
      };
      return objects;
    });
    expect(r.code).toBe(1);
    const d = r.findings.find((x) => x.code === 'MP4201');
    expect(d?.message).toContain('spec.defaultNetwork.openshiftSDNConfig.mode');
    expect(d?.message).toContain('"mode":"NetworkPolicy"');
  });

  it('MP4201: Subnet mode is read from the ClusterNetwork plugin when the operator Network says nothing', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      const op = find(objects, 'Network', 'cluster', 'operator.');
      op['spec'] = { ...op['spec'], defaultNetwork: { type: 'OpenShiftSDN' } };
      find(objects, 'ClusterNetwork', 'default')['pluginName'] =
        'redhat/openshift-ovs-subnet' as never;
      return objects;
    });
    expect(r.findings.find((x) => x.code === 'MP4201')?.message).toContain('Subnet mode');
  });

  it('MP4203: OpenShift 4.17 has no SDN to migrate from', async () => {
    const r = await compileFindings(SPEC(), setVersion('4.17.3'));
    expect(r.code).toBe(1);
    expect(r.findings.find((x) => x.code === 'MP4203')?.message).toContain('removed in 4.17');
  });

  it('MP4203: a live migration on 4.14 is refused at spec.mode, offering offline', async () => {
    const r = await compileFindings(SPEC('  mode: live\n'), setVersion('4.14.20'));
    const d = r.findings.find((x) => x.code === 'MP4203');
    expect(d?.message).toContain('use mode: offline');
    expect(`${d?.line}:${d?.col}`).toBe('11:9');
  });

  it('MP4203: 4.15.30 is one z-stream short of the live migration; 4.15.31 has it', async () => {
    const short = await compileFindings(SPEC('  mode: live\n'), setVersion('4.15.30'));
    expect(short.findings.map((d) => d.code)).toContain('MP4203');
    const enough = await compileFindings(SPEC('  mode: live\n'), setVersion('4.15.31'));
    expect(enough.code, enough.stderr).toBe(0);
  });

  it('MP4200: a cluster already on OVN-Kubernetes', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      const cfg = find(objects, 'Network', 'cluster', 'config.');
      cfg['status'] = { ...cfg['status'], networkType: 'OVNKubernetes' };
      cfg['spec'] = { ...cfg['spec'], networkType: 'OVNKubernetes' };
      return objects;
    });
    expect(r.findings.map((d) => d.code)).toContain('MP4200');
  });

  it('MP4204: a hosted control plane refuses the live migration', async () => {
    const r = await compileFindings(SPEC('  mode: live\n'), (objects) => {
      setVersion('4.16.2')(objects);
      find(objects, 'Infrastructure', 'cluster')['status'] = {
        controlPlaneTopology: 'External',
        platformStatus: { type: 'AWS' },
      };
      return objects;
    });
    expect(r.findings.map((d) => d.code)).toContain('MP4204');
  });

  it('MP4205: a /24 join subnet cannot hold every node the cluster network allows', async () => {
    const r = await compileFindings(SPEC('  internalSubnets:\n    join: 100.65.0.0/24\n'));
    expect(r.findings.find((x) => x.code === 'MP4205')?.message).toContain(
      'holds 253 node addresses',
    );
  });

  it('MP4206: egress router pods block a live migration; MP4207 warns offline', async () => {
    const router: Mutate = (objects) => {
      setVersion('4.16.2')(objects);
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'egress-router',
          namespace: 'shop',
          annotations: { 'pod.network.openshift.io/assign-macvlan': 'true' },
        },
      });
      return objects;
    };
    const live = await compileFindings(SPEC('  mode: live\n'), router);
    expect(live.findings.map((d) => d.code)).toContain('MP4206');
    const offline = await compileFindings(SPEC(), router);
    expect(offline.code).toBe(0);
    expect(
      offline.findings.find((d) => d.code === 'MP4207' && d.message.includes('shop/egress-router')),
    ).toBeDefined();
  });

  it('MP4213: a Geneve port equal to the VXLAN port, and a transit subnet before 4.14', async () => {
    const r = await compileFindings(
      SPEC('  genevePort: 4789\n  internalSubnets:\n    transitSwitch: 100.90.0.0/16\n'),
    );
    expect(r.findings.map((x) => x.code)).toContain('MP4213');
    const messages = r.findings.filter((d) => d.code === 'MP4213').map((d) => d.message);
    expect(messages.join('\n')).toContain('genevePort 4789 is the VXLAN port');
    expect(messages.join('\n')).toContain('transitSwitch needs OpenShift 4.14');
  });

  it('MP4214: a migration already set on the operator Network', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      const op = find(objects, 'Network', 'cluster', 'operator.');
      op['spec'] = { ...op['spec'], migration: { networkType: 'OVNKubernetes' } };
      return objects;
    });
    expect(r.findings.find((x) => x.code === 'MP4214')?.message).toContain('"migration":null');
  });
});

describe('warnings that do not block', () => {
  it('MP4209 paused pool, MP4212 large cluster, MP4215 undocumented platform, MP4207 NNCP', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      find(objects, 'MachineConfigPool', 'worker')['spec'] = { paused: true };
      find(objects, 'Infrastructure', 'cluster')['status'] = {
        platformStatus: { type: 'KubeVirt' },
      };
      for (let i = 0; i < 150; i++)
        objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `extra-${i}` } });
      objects.push({
        apiVersion: 'nmstate.io/v1',
        kind: 'NodeNetworkConfigurationPolicy',
        metadata: { name: 'br-ex-bond' },
        spec: { desiredState: { interfaces: [{ name: 'br-ex' }, { name: 'bond0' }] } },
      });
      return objects;
    });
    expect(r.code, r.stderr).toBe(0);
    const codes = r.findings.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['MP4209', 'MP4212', 'MP4215']));
    expect(
      r.findings.find((d) => d.code === 'MP4207' && d.message.includes('br-ex-bond')),
    ).toBeDefined();
  });

  it('MP4208: an MTU above the SDN MTU + 50 - 100 is flagged at spec.mtu; without mtu the drop is reported', async () => {
    const high = await compileFindings(SPEC('  mtu: 8950\n'));
    expect(high.findings.map((x) => x.code)).toContain('MP4208');
    const d = high.findings.find((x) => x.code === 'MP4208');
    expect(d?.message).toContain('above 8901');
    expect(d?.line).toBe(11);
    const none = await compileFindings(SPEC());
    expect(none.findings.find((x) => x.code === 'MP4208')?.message).toContain('from 8951');
  });

  it('MP4210: the operator copies 0.0.0.0/32 verbatim on 4.12+, so the rule must be changed first', async () => {
    const r = await compileFindings(SPEC(), setVersion('4.12.40'));
    expect(r.findings.map((x) => x.code)).toContain('MP4210');
    const d = r.findings.find((x) => x.code === 'MP4210' && x.message.includes('shop/default'));
    expect(d?.message).toContain('copies it verbatim');
  });

  it('MP4211: NetNamespace egress IPs without HostSubnet egress config are emitted by migplan on 4.12+', async () => {
    const r = await compileFindings(SPEC(), (objects) => {
      setVersion('4.14.3')(objects);
      for (const o of objects.filter((x) => x['kind'] === 'HostSubnet')) {
        delete o['egressIPs'];
        delete o['egressCIDRs'];
      }
      return objects;
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.findings.find((x) => x.code === 'MP4211')?.message).toContain(
      'the operator converts none of them',
    );
    expect(r.stdout).toContain('name: egressip-shop');
    expect(r.stdout).not.toContain('kind: EgressFirewall');
  });

  it('MP3202: kinds the recording could not list are named', async () => {
    const dir = scratchCluster(SPEC());
    writeFileSync(
      join(dir, 'cluster', '.migplan-manifest.json'),
      JSON.stringify({ generator: 'migplan 0.1.0', unreadable: ['HostSubnet'], files: [] }),
    );
    const r = await runCli(['compile', 'nm.yaml', '--format', 'json'], { cwd: dir });
    const ds = JSON.parse(r.stderr) as Diagnostic[];
    expect(ds.find((d) => d.code === 'MP3202')?.message).toContain('HostSubnet');
  });
});

describe('network facts', () => {
  it('MP3201: no ClusterVersion means no procedure; MP3200: a nameless object is skipped', () => {
    const r = cniFactsFromObjects('c', [
      {
        apiVersion: 'config.openshift.io/v1',
        kind: 'Network',
        metadata: { name: 'cluster' },
        status: { networkType: 'OpenShiftSDN' },
      },
      { apiVersion: 'v1', kind: 'Node', metadata: {} },
    ]);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['MP3200', 'MP3201']);
  });

  it('reads the same facts whatever order the objects come in', () => {
    const objects = loadSnapshotObjects(join(example410, 'cluster'), (f) => f).value ?? [];
    const a = cniFactsFromObjects('c', objects).value;
    const b = cniFactsFromObjects('c', [...objects].reverse()).value;
    expect(b).toEqual(a);
    // Recorded twice (two files of one kind): read once.
    expect(cniFactsFromObjects('c', [...objects, ...objects]).value).toEqual(a);
    expect(a?.hostSubnets.find((h) => h.host === 'worker-a')?.egressCIDRs).toEqual([
      '10.0.128.0/24',
    ]);
    expect(a?.netNamespaces.find((n) => n.netname === 'media')?.multicast).toBe(true);
  });
});

describe('validate: a NetworkMigration is checked by its own schema and rules', () => {
  const validate = async (spec: string) => {
    const dir = scratchDir('migplan-cni-validate-');
    writeFileSync(join(dir, 'nm.yaml'), spec);
    const r = await runCli(['validate', 'nm.yaml', '--format', 'json'], { cwd: dir });
    return {
      code: r.code,
      at: (JSON.parse(r.stdout || '[]') as Diagnostic[]).map((d) => `${d.code} ${d.line}:${d.col}`),
    };
  };

  it.each([
    ['MP2600', '  internalSubnets:\n    masquerade: 169.254.169.0/30\n', '12:17'],
    ['MP2600', '  internalSubnets:\n    join: fd98::/64\n', '12:11'],
    [
      'MP2601',
      '  internalSubnets:\n    join: 100.65.0.0/16\n    transitSwitch: 100.65.128.0/17\n',
      '13:20',
    ],
    ['MP2602', '  mode: live\n  mtu: 1400\n', '12:8'],
    ['MP2004', '  mode: online\n', '11:9'],
  ])('%s for %j at %s', async (code, extra, at) => {
    const r = await validate(SPEC(extra));
    expect(r.code).toBe(1);
    expect(r.at).toContain(`${code} ${at}`);
  });

  it('a valid NetworkMigration validates; a wrong kind lists every known kind', async () => {
    expect((await validate(SPEC())).code).toBe(0);
    const dir = scratchDir('migplan-cni-validate-');
    writeFileSync(join(dir, 'nm.yaml'), SPEC().replace('NetworkMigration', 'CniMigration'));
    const r = await runCli(['validate', 'nm.yaml'], { cwd: dir });
    expect(r.stderr).toContain('error MP1012');
    expect(r.stderr).toContain('expected one of "Migration", "NetworkMigration"');
  });
});

function runSequence(owners: FieldOwners, steps: readonly Step[], prefix: string): void {
  for (const s of steps) {
    const manager = `migplan-${prefix}${String(s.nn).padStart(2, '0')}-${s.name}`;
    owners.command(
      `${manager}:commands`,
      s.commands.flatMap((c) => c.effects),
    );
    for (const o of s.objects) owners.apply(manager, o);
  }
}

async function planOf(version: string, extra = ''): Promise<NetworkMigrationPlan> {
  const dir = scratchCluster(SPEC(extra), setVersion(version));
  const r = await runCli(['report', 'nm.yaml', '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { plan: NetworkMigrationPlan }).plan;
}

describe('field ownership: no step removes or takes over a field an earlier step set', () => {
  it.each([
    ['4.6.60', '', 'annotation'],
    [
      '4.10.67',
      '  mtu: 8800\n  genevePort: 6082\n  internalSubnets:\n    join: 100.66.0.0/16\n',
      'two-phase',
    ],
    [
      '4.14.3',
      '  internalSubnets:\n    join: 100.66.0.0/16\n    transitSwitch: 100.67.0.0/16\n    masquerade: 169.254.170.0/29\n',
      'two-phase',
    ],
    ['4.16.2', '  mode: live\n', 'live'],
  ])('%s %j (%s): forward then rollback', async (version, extra, procedure) => {
    const plan = await planOf(version, extra);
    expect(plan.procedure).toBe(procedure);
    const owners = new FieldOwners();
    runSequence(owners, plan.steps, '');
    // Applies never conflict, and only the cleanup step's commands remove what an earlier step applied.
    expect(owners.conflicts).toEqual([]);
    expect(
      owners.removals.filter((r) => !r.by.includes('-cleanup:') && r.owner.startsWith('migplan-')),
    ).toEqual([]);
    runSequence(owners, plan.rollback, 'rollback-');
    expect(owners.conflicts).toEqual([]);
  });

  it('the model catches a shared manager: re-applying without a field removes it', () => {
    const owners = new FieldOwners();
    const op = {
      apiVersion: 'operator.openshift.io/v1',
      kind: 'Network',
      metadata: { name: 'cluster' },
    };
    owners.apply('migplan', { ...op, spec: { migration: { networkType: 'OVNKubernetes' } } });
    owners.apply('migplan', {
      ...op,
      spec: { defaultNetwork: { ovnKubernetesConfig: { mtu: 1400 } } },
    });
    expect(owners.removals.map((r) => r.field)).toEqual([
      'operator.openshift.io/v1/Network//cluster spec.migration.networkType',
    ]);
    owners.apply('other', {
      ...op,
      spec: { defaultNetwork: { ovnKubernetesConfig: { mtu: 1300 } } },
    });
    expect(owners.conflicts).toHaveLength(1);
  });

  it('the 4.12+ migration step carries the features only when the spec turns one off', async () => {
    const plan = await planOf('4.14.3', '  features:\n    egressFirewall: false\n');
    const migration = plan.steps.find((s) => s.name === 'migration')?.objects[0];
    expect(migration?.['spec']).toEqual({
      migration: {
        networkType: 'OVNKubernetes',
        features: { egressFirewall: false, egressIP: true, multicast: true },
      },
    });
    expect(plan.convertedBy.egressFirewall).toBe('migplan');
    expect(plan.steps.find((s) => s.name === 'conversions')?.objects.map((o) => o.kind)).toEqual([
      'EgressFirewall',
      'EgressFirewall',
    ]);
  });

  it('below 4.14 the join subnet is v4InternalSubnet; from 4.14 ipv4.internalJoinSubnet', async () => {
    const cfg = (p: NetworkMigrationPlan) =>
      (
        p.steps.find((s) => s.name === 'ovn-settings')?.objects[0]?.['spec'] as Record<
          string,
          Record<string, unknown>
        >
      )['defaultNetwork'];
    expect(cfg(await planOf('4.10.67', '  internalSubnets:\n    join: 100.66.0.0/16\n'))).toEqual({
      ovnKubernetesConfig: { v4InternalSubnet: '100.66.0.0/16' },
    });
    expect(cfg(await planOf('4.14.3', '  internalSubnets:\n    join: 100.66.0.0/16\n'))).toEqual({
      ovnKubernetesConfig: { ipv4: { internalJoinSubnet: '100.66.0.0/16' } },
    });
  });

  it('4.4-4.7 pause the pools, unpause them by patch, and label namespaces for the EgressIP selector', async () => {
    const plan = await planOf('4.7.60');
    expect(plan.steps.map((s) => s.name)).toEqual([
      'backup',
      'migration-annotation',
      'pause-pools',
      'network-type',
      'reboot',
      'unpause-pools',
      'verify',
      'conversions',
      'cleanup',
    ]);
    const conversions = plan.steps.find((s) => s.name === 'conversions');
    const shop = conversions?.objects.find(
      (o) => o.kind === 'Namespace' && o.metadata.name === 'shop',
    );
    expect(shop?.metadata['labels']).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
    expect(plan.steps.find((s) => s.name === 'unpause-pools')?.commands[0]?.text).toBe(
      'oc patch machineconfigpool master --type=merge -p \'{"spec":{"paused":false}}\'',
    );
  });
});

describe('the admission check of a NetworkMigration', () => {
  const spec = {
    spec: {
      cluster: { name: 'c', discovery: { snapshot: 'x' } },
      targetNetworkType: 'OVNKubernetes',
    },
  };
  const base = () => {
    const objects = loadSnapshotObjects(join(example410, 'cluster'), (f) => f).value ?? [];
    const facts = cniFactsFromObjects('c', objects).value as CniFacts;
    return planNetworkMigration(spec as unknown as NetworkMigrationSpec, facts)
      .value as NetworkMigrationPlan;
  };

  it('passes what migplan plans', () => {
    expect(verifyNetworkMigration(base())).toEqual([]);
  });

  it('MP7020 an EgressFirewall not named default; MP7021 an EgressIP without IPs; MP7022 networkType first', () => {
    const plan = base();
    const conversions = plan.steps.find((s) => s.name === 'conversions') as Step;
    conversions.objects = conversions.objects.map((o) =>
      o.kind === 'EgressFirewall'
        ? { ...o, metadata: { ...o.metadata, name: 'payments' } }
        : o.kind === 'EgressIP'
          ? { ...o, spec: { egressIPs: ['not-an-ip'], namespaceSelector: {} } }
          : o,
    );
    const migration = plan.steps.findIndex((s) => s.name === 'migration');
    const networkType = plan.steps.findIndex((s) => s.name === 'network-type');
    const swapped = [...plan.steps];
    [swapped[migration], swapped[networkType]] = [
      swapped[networkType] as Step,
      swapped[migration] as Step,
    ];
    const codes = verifyNetworkMigration({ ...plan, steps: swapped }).map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['MP7020', 'MP7021', 'MP7022']));
  });
});

describe('live and snapshot compiles are identical', () => {
  it('the fixture API server serves the network kinds; compile --from live writes the snapshot tree byte for byte', async () => {
    const tls = generateTls();
    const objects = loadSnapshotObjects(join(example410, 'cluster'), (f) => f).value ?? [];
    const server = await startFixtureServer({ objects, token: TOKEN, tls });
    try {
      const dir = scratchDir('migplan-cni-live-');
      cpSync(join(example410, 'cluster'), join(dir, 'cluster'), { recursive: true });
      writeFileSync(
        join(dir, 'kubeconfig'),
        fixtureKubeconfig([{ name: 'ctx', url: server.url, ca: tls.ca, token: TOKEN }]),
      );
      writeFileSync(
        join(dir, 'nm.yaml'),
        SPEC('', '      snapshot: cluster\n      context: ctx\n      kubeconfig: kubeconfig'),
      );
      const snap = await runCli(['compile', 'nm.yaml', '--from', 'snapshot', '--out', 'snap'], {
        cwd: dir,
      });
      expect(snap.code, snap.stderr).toBe(0);
      const live = await runCli(['compile', 'nm.yaml', '--from', 'live', '--out', 'live'], {
        cwd: dir,
      });
      expect(live.code, live.stderr).toBe(0);
      expect(live.stderr).toBe(snap.stderr);
      expect(readTreeSync(join(dir, 'live'))).toEqual(readTreeSync(join(dir, 'snap')));
      // Every network kind was listed through its real REST path.
      for (const path of [
        '/apis/operator.openshift.io/v1/networks',
        '/apis/network.openshift.io/v1/hostsubnets',
        '/apis/machineconfiguration.openshift.io/v1/machineconfigpools',
      ])
        expect(
          server.requests.some((r) => r.path === path && r.status === 200),
          path,
        ).toBe(true);

      // migplan snapshot --kind NetworkMigration records the same facts.
      const rec = await runCli(
        [
          'snapshot',
          '--kind',
          'NetworkMigration',
          '--context',
          'ctx',
          '--kubeconfig',
          'kubeconfig',
          '--out',
          'recorded',
          '--quiet',
        ],
        { cwd: dir },
      );
      expect(rec.code, rec.stderr).toBe(0);
      expect(readdirSync(join(dir, 'recorded'))).toContain('hostsubnets.network.openshift.io.yaml');
      // The target compatibility facts (issue 16) are the Migration planner's: a NetworkMigration read asks
      // for no group/version resource list and no CRD, and its recording holds neither.
      expect(readdirSync(join(dir, 'recorded'))).not.toContain('api-discovery.yaml');
      expect(
        readdirSync(join(dir, 'recorded')).filter((f) => f.startsWith('customresourcedefinitions')),
      ).toEqual([]);
      expect(
        server.requests
          .map((r) => r.path)
          .filter((path) =>
            /^\/api\/v1$|^\/apis\/[^/]+\/[^/]+$|customresourcedefinitions/.test(path),
          ),
      ).toEqual([]);
      writeFileSync(join(dir, 'nm.yaml'), SPEC('', '      snapshot: recorded'));
      const fromRecording = await runCli(['compile', 'nm.yaml', '--out', 'rec'], { cwd: dir });
      writeFileSync(join(dir, 'nm.yaml'), SPEC('', '      snapshot: cluster'));
      const fromExample = await runCli(['compile', 'nm.yaml', '--out', 'ex'], { cwd: dir });
      expect(fromRecording.code, fromRecording.stderr).toBe(0);
      expect(fromExample.code, fromExample.stderr).toBe(0);
      const strip = (t: Map<string, string>) =>
        [...t]
          .filter(([p]) => p !== 'manifest.json')
          .map(([p, c]) => [p, c.replace(/sha256 [0-9a-f]{64}/g, '')]);
      expect(strip(readTreeSync(join(dir, 'rec')))).toEqual(strip(readTreeSync(join(dir, 'ex'))));
    } finally {
      await server.close();
    }
  });
});

describe('diff of a NetworkMigration', () => {
  it('compares with an --out directory file by file; --against live is a usage error', async () => {
    const dir = scratchCluster(SPEC());
    expect((await runCli(['compile', 'nm.yaml', '--out', 'out'], { cwd: dir })).code).toBe(0);
    const same = await runCli(['diff', 'nm.yaml', '--against', 'out', '--stat'], { cwd: dir });
    expect(same.stdout).toBe('No changes.\n');
    expect(same.code).toBe(0);
    writeFileSync(join(dir, 'nm.yaml'), SPEC('  genevePort: 6082\n'));
    const changed = await runCli(['diff', 'nm.yaml', '--against', 'out', '--stat'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('+ cni/05-ovn-settings.yaml');
    const check = await runCli(['compile', 'nm.yaml', '--out', 'out', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('MP6003');
    const live = await runCli(['diff', 'nm.yaml', '--against', 'live'], { cwd: dir });
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('MP6010');
  });

  it('the report JSON carries the plan, and the emitted step files name their field managers', async () => {
    const dir = scratchCluster(SPEC());
    expect((await runCli(['compile', 'nm.yaml', '--out', 'out'], { cwd: dir })).code).toBe(0);
    const tree = readTreeSync(join(dir, 'out'));
    for (const [path, text] of tree)
      if (path.startsWith('cni/'))
        expect(text).toContain(
          `--field-manager=migplan-${path.startsWith('cni/rollback/') ? 'rollback-' : ''}${path.replace(/^cni\/(rollback\/)?/, '').replace(/\.yaml$/, '')} `,
        );
    expect(readFileSync(join(dir, 'out', 'REPORT.md'), 'utf8')).toContain(
      '## What migplan cannot check',
    );
  });
});

describe('a Migration whose target cluster is moving its CNI', () => {
  const network = (spec: string, status: string, annotations: Record<string, string> = {}) => ({
    apiVersion: 'config.openshift.io/v1',
    kind: 'Network',
    metadata: { name: 'cluster', annotations },
    spec: { networkType: spec },
    status: { networkType: status },
  });
  const planWith = (target: KubeObject) =>
    plan({
      spec: specWith(),
      facts: {
        src: facts('src', [k.ns('app')]),
        dst: facts('dst', [k.ns('other'), target]),
      },
    }).diagnostics.filter((d) => d.severity === 'warning' && d.code.startsWith('MP42'));

  it('MP4216 warns at the plan target during an offline switch and a live migration', () => {
    const offline = planWith(network('OVNKubernetes', 'OpenShiftSDN'));
    expect(offline.map((d) => d.code)).toEqual(['MP4216']);
    expect(offline.map((d) => [d.severity, d.path.join('.'), d.message])).toEqual([
      [
        'warning',
        'spec.plans.0.target',
        expect.stringContaining('moving its CNI from OpenShiftSDN to OVNKubernetes'),
      ],
    ]);
    const live = planWith(
      network('OVNKubernetes', 'OpenShiftSDN', {
        'network.openshift.io/network-type-migration': '',
      }),
    );
    expect(live[0]?.message).toContain('in a live CNI migration to OVNKubernetes');
  });

  it('no warning for a settled cluster', () => {
    expect(planWith(network('OVNKubernetes', 'OVNKubernetes'))).toEqual([]);
  });
});
