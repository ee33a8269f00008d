import Handlebars from 'handlebars';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { formatPath, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { templateSources } from '../src/io/templates.js';
import { plan } from '../src/plan/plan.js';
import { render } from '../src/render/render.js';
import { compileTemplates } from '../src/render/templates.js';
import type { ClusterFacts } from '../src/resolve/cluster-facts.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import type { Spec } from '../src/spec/spec.js';
import { liveSource } from '../src/resolve/from-live.js';
import {
  execPluginKubeconfig,
  fixtureKubeconfig,
  startFixtureServer,
  type FixtureOptions,
} from './fixture/api-server.js';
import { generateTls } from './fixture/certs.js';
import { runCli } from './helpers/cli.js';
import { facts, k, specWith } from './helpers/facts.js';
import { scratchDir } from './helpers/tmp.js';

/**
 * One row per diagnostic code: an input that triggers it through the real code path (the CLI, or the stage
 * function for plan and render findings) and where the finding must point. Spec-located findings are
 * `file:line:col`, with line and column counted by hand in the spec text of the row; cluster findings
 * are the spec path they are reported at; the rest name the file or object they are about.
 */

function scratch(files: Record<string, string | Buffer>): string {
  const dir = scratchDir('migplan-codes-');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** `code file:line:col` for every finding of a `--format json` run. */
async function jsonFindings(argv: string[], files: Record<string, string | Buffer>) {
  const r = await runCli([...argv, '--format', 'json'], { cwd: scratch(files) });
  // validate prints JSON diagnostics on stdout; compile and diff keep stdout for results (stderr).
  const json = argv[0] === 'validate' ? r.stdout : r.stderr;
  const ds = (json.trim() ? JSON.parse(json) : []) as Diagnostic[];
  return ds.map((d) => `${d.code} ${d.file ?? ''}:${d.line ?? ''}:${d.col ?? ''}`);
}

// The base spec. Line numbers, for the rows below:
//  1 apiVersion  5 spec:  6 clusters:  7 src:  8 role  9 url  10 tokenSecret  11 discovery:  12 snapshot
// 13 dst:  14 role  15 host  16 discovery:  17 snapshot  18 replicationRepository:  19 name  20 provider
// 21 bucket  22 region  23 credentialsSecret  24 plans:  25 - name  26 source  27 target  28 namespaces:
// 29 - app  (rows append their own lines from 30 on)
const BASE = `apiVersion: migplan.dev/v1alpha1
kind: Migration
metadata:
  name: m
spec:
  clusters:
    src:
      role: source
      url: https://api.src.example.com:6443
      tokenSecret: src-token
      discovery:
        snapshot: clusters/src
    dst:
      role: target
      host: true
      discovery:
        snapshot: clusters/dst
  replicationRepository:
    name: repo
    provider: aws
    bucket: bkt
    region: us-east-1
    credentialsSecret: repo-creds
  plans:
    - name: app
      source: src
      target: dst
      namespaces:
        - app
`;

/** One hook's lines (from `- name`), with `rest` after the required fields. */
const hookLines = (name: string, rest = '') =>
  `        - name: ${name}\n          phase: PreBackup\n          cluster: source\n          executionNamespace: app\n          serviceAccount: runner\n${rest}`;

/** BASE with whole lines replaced (same line count), then `extra` appended from line 30. */
function spec(replace: Record<number, string> = {}, extra = ''): string {
  const lines = BASE.split('\n');
  for (const [n, text] of Object.entries(replace)) lines[Number(n) - 1] = text;
  return lines.join('\n') + extra;
}

describe('parse, schema and semantic codes (migplan validate)', () => {
  const aliasBomb =
    'a: &a [x, x, x, x, x, x, x, x, x, x]\n' +
    Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ).join('\n') +
    '\n';
  it.each<[string, string, string | Buffer, string]>([
    [
      'MP1001',
      'unclosed flow mapping',
      'apiVersion: migplan.dev/v1alpha1\nmetadata: {name: m\n',
      'spec.yaml:3:1',
    ], // the end of input, where } is missing
    ['MP1002', 'second kind key', spec({ 3: 'kind: Migration' }), 'spec.yaml:3:1'],
    [
      'MP1003',
      'tab before a key',
      'apiVersion: migplan.dev/v1alpha1\nmetadata:\n\tname: m\n',
      'spec.yaml:3:1',
    ],
    ['MP1004', 'only a comment', '# nothing here\n', 'spec.yaml:1:1'],
    ['MP1005', 'a list, not a mapping', '- a\n- b\n', 'spec.yaml:1:1'],
    ['MP1006', 'a second document', spec({}, '---\nkind: Migration\n'), 'spec.yaml:30:1'],
    ['MP1007', 'nested aliases', aliasBomb, 'spec.yaml:2:8'], // the first alias that expands
    ['MP1009', 'a NUL byte', Buffer.from('apiVersion: x\n\u0000\u0001\u0002'), 'spec.yaml:2:1'],
    ['MP1011', 'apiVersion v1', spec({ 1: 'apiVersion: v1' }), 'spec.yaml:1:13'],
    ['MP1012', 'kind Job', spec({ 2: 'kind: Job' }), 'spec.yaml:2:7'],
    ['MP2001', 'bucket left out', spec({ 21: '    prefix: p' }), 'spec.yaml:19:5'], // the replicationRepository mapping
    ['MP2002', 'misspelt bucket', spec({ 21: '    bucket: bkt\n    bukcet: x' }), 'spec.yaml:22:5'],
    ['MP2003', 'a number for region', spec({ 22: '    region: 5' }), 'spec.yaml:22:13'],
    ['MP2004', 'unknown provider', spec({ 20: '    provider: ibm' }), 'spec.yaml:20:15'],
    ['MP2005', 'an ftp URL', spec({ 9: '      url: ftp://api.src.example.com' }), 'spec.yaml:9:12'],
    ['MP2006', 'a two-letter bucket', spec({ 21: '    bucket: bk' }), 'spec.yaml:21:13'],
    ['MP2501', 'unknown target', spec({ 27: '      target: dest' }), 'spec.yaml:27:15'],
    [
      'MP2502',
      'target used as source',
      spec({ 26: '      source: dst', 27: '      target: src' }),
      'spec.yaml:26:15',
    ],
    [
      'MP2503',
      'full plan within one cluster',
      spec({ 27: '      target: src' }),
      'spec.yaml:27:15',
    ],
    [
      'MP2504',
      'conversion across clusters',
      spec({}, '      type: storage-class-conversion\n'),
      'spec.yaml:30:13',
    ],
    ['MP2505', 'namespace listed twice', spec({}, '        - app\n'), 'spec.yaml:30:11'],
    [
      'MP2506',
      'two namespaces onto one',
      spec({}, '        - from: web\n          to: app\n'),
      'spec.yaml:30:11',
    ],
    [
      'MP2507',
      'two plans, one namespace',
      spec(
        {},
        '    - name: app2\n      source: src\n      target: dst\n      namespaces:\n        - app\n',
      ),
      'spec.yaml:34:11',
    ],
    [
      'MP2508',
      'destination with capitals',
      spec({ 29: '        - from: app\n          to: App' }),
      'spec.yaml:30:15',
    ],
    [
      'MP2509',
      '60-character destination',
      spec({ 29: `        - ${'a'.repeat(60)}` }, '      volumes:\n        transfer: direct\n'),
      'spec.yaml:29:11',
    ],
    [
      'MP2510',
      'two PreBackup hooks',
      spec(
        {},
        '      hooks:\n' +
          hookLines('h1', '          image: quay.io/x/h:1\n') +
          hookLines('h2', '          image: quay.io/x/h:1\n'),
      ),
      'spec.yaml:38:18',
    ],
    [
      'MP2511',
      'host is the source',
      spec({
        10: '      tokenSecret: src-token\n      host: true',
        15: '      url: https://api.dst.example.com:6443\n      tokenSecret: dst-token',
      }),
      'spec.yaml:11:13',
    ],
    [
      'MP2512',
      'indirect conversion',
      spec(
        { 27: '      target: src', 8: '      role: both' },
        '      type: storage-class-conversion\n      volumes:\n        transfer: indirect\n',
      ),
      'spec.yaml:32:19',
    ],
    [
      'MP2513',
      'PVC rename on a full plan',
      spec(
        {},
        '      volumes:\n        overrides:\n          - pvc: app/data\n            renameTo: data2\n',
      ),
      'spec.yaml:33:23',
    ],
    [
      'MP2514',
      'a system namespace',
      spec({ 29: '        - openshift-monitoring' }),
      'spec.yaml:29:11',
    ],
    ['MP2515', 'plan name of two letters', spec({ 25: '    - name: ab' }), 'spec.yaml:25:13'],
    [
      'MP2516',
      'plan names another repository',
      spec({}, '      storage: other\n'),
      'spec.yaml:30:16',
    ],
    [
      'MP2517',
      'no replication repository',
      spec({ 18: '', 19: '', 20: '', 21: '', 22: '', 23: '' }),
      'spec.yaml:6:3',
    ], // the spec mapping
    [
      'MP2518',
      'two hosts',
      spec({ 10: '      tokenSecret: src-token\n      host: true', 8: '      role: both' }),
      'spec.yaml:11:13',
    ],
    [
      'MP2519',
      'override in another namespace',
      spec(
        {},
        '      volumes:\n        overrides:\n          - pvc: web/data\n            action: skip\n',
      ),
      'spec.yaml:32:18',
    ],
    [
      'MP2520',
      'two migrations named s',
      spec(
        {},
        '      migrations:\n        - name: s\n          type: stage\n        - name: s\n          type: stage\n',
      ),
      'spec.yaml:33:17',
    ],
    [
      'MP2521',
      'stage after cutover',
      spec(
        {},
        '      migrations:\n        - name: c\n          type: cutover\n        - name: s\n          type: stage\n',
      ),
      'spec.yaml:34:17',
    ],
    [
      'MP2522',
      'state step in a full plan',
      spec({}, '      migrations:\n        - name: s\n          type: state\n'),
      'spec.yaml:32:17',
    ],
    ['MP2523', 'remote without tokenSecret', spec({ 10: '' }), 'spec.yaml:8:7'], // the src mapping
    [
      'MP2524',
      'namespace limit of 1',
      spec({ 29: '        - app\n        - web' }, '  controller:\n    namespaceLimit: 1\n'),
      'spec.yaml:29:9',
    ],
    [
      'MP2525',
      'azure without resourceGroup',
      spec({ 20: '    provider: azure', 22: '    storageAccount: sa' }),
      'spec.yaml:19:5',
    ],
    [
      'MP2526',
      'hook without image or playbook',
      spec({}, '      hooks:\n' + hookLines('h1')),
      'spec.yaml:31:11',
    ],
    [
      'MP2527',
      'two overrides of one PVC',
      spec(
        {},
        '      volumes:\n        overrides:\n          - pvc: app/data\n            action: skip\n          - pvc: app/data\n            action: copy\n',
      ),
      'spec.yaml:34:18',
    ],
    [
      'MP2528',
      'Velero rollback',
      spec(
        {
          5: 'spec:\n  engine: velero',
          10: '      tokenSecret: src-token\n      veleroVersion: 1.14.0',
          15: '      host: true\n      veleroVersion: 1.14.0',
        },
        '      migrations:\n        - name: s\n          type: stage\n        - name: r\n          type: rollback\n',
      ),
      'spec.yaml:37:17',
    ],
    ['MP2529', 'Velero without a version', spec({ 5: 'spec:\n  engine: velero' }), 'spec.yaml:9:7'], // line 6 is new: src's mapping
    [
      'MP2530',
      'existingResourcePolicy on Velero 1.8',
      spec({
        5: 'spec:\n  engine: velero\n  velero:\n    existingResourcePolicy: update',
        10: '      tokenSecret: src-token\n      veleroVersion: 1.8.2',
        15: '      host: true\n      veleroVersion: 1.8.2',
      }),
      'spec.yaml:8:29',
    ],
    [
      'MP2531',
      'proxy url and fromEnv',
      spec(
        {},
        '  controller:\n    stunnelTcpProxy:\n      url: http://proxy.example.com:3128\n      fromEnv: HTTPS_PROXY\n',
      ),
      'spec.yaml:32:7',
    ], // the stunnelTcpProxy mapping
    [
      'MP2532',
      'no host cluster',
      spec({ 15: '      url: https://api.dst.example.com:6443\n      tokenSecret: dst-token' }),
      'spec.yaml:7:5',
    ], // the clusters mapping
  ])('%s (%s)', async (code, _what, text, at) => {
    expect(await jsonFindings(['validate', 'spec.yaml'], { 'spec.yaml': text })).toContain(
      `${code} ${at}`,
    );
  });

  it('MP1008 (over 5 MiB) is located at the start of the file', async () => {
    const big = `apiVersion: migplan.dev/v1alpha1\nx: "${'a'.repeat(5 * 1024 * 1024 + 1)}"\n`;
    expect(await jsonFindings(['validate', 'big.yaml'], { 'big.yaml': big })).toEqual([
      'MP1008 big.yaml:1:1',
    ]);
  });

  it('MP1010 (cannot read spec) names the path it could not read', async () => {
    const r = await runCli(['validate', 'absent.yaml'], { cwd: scratch({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error MP1010: .*absent\.yaml/m);
  });
});

// A snapshot cluster for the resolve and CLI rows: the source has namespace app, the target is 4.12.
const srcObjects: KubeObject[] = [k.ns('app'), k.version('4.12.1')];
const dstObjects: KubeObject[] = [
  k.ns('default'),
  k.sc('gp3-csi', 'ebs.csi.aws.com', true),
  k.version('4.12.1'),
];
const list = (items: KubeObject[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
const clusterFiles = {
  'clusters/src/objects.json': list(srcObjects),
  'clusters/dst/objects.json': list(dstObjects),
};

describe('resolve codes (migplan compile --from snapshot)', () => {
  it.each<[string, string, Record<string, string>, string]>([
    [
      'MP3001',
      'snapshot folder missing',
      { 'spec.yaml': BASE, 'clusters/dst/objects.json': list(dstObjects) },
      'cannot read snapshot clusters/src',
    ],
    [
      'MP3002',
      'broken JSON in a snapshot',
      {
        'spec.yaml': BASE,
        ...clusterFiles,
        'clusters/src/bad.yaml': 'apiVersion: v1\nitems: [\n  {kind: Namespace\n',
      },
      'clusters/src/bad.yaml:4:1',
    ],
    [
      'MP3003',
      'a cluster without snapshot or context',
      { 'spec.yaml': spec({ 11: '', 12: '' }), ...clusterFiles },
      'spec.yaml:8:7',
    ], // src has no discovery: its mapping
    [
      'MP3005',
      'hook playbook missing',
      {
        'spec.yaml': spec(
          {},
          '      hooks:\n' + hookLines('h1', '          playbook: missing.yml\n'),
        ),
        ...clusterFiles,
      },
      'spec.yaml:36:21',
    ],
  ])('%s (%s)', async (code, _what, files, at) => {
    const r = await runCli(['compile', 'spec.yaml', '--format', 'json'], { cwd: scratch(files) });
    const found = (JSON.parse(r.stderr) as Diagnostic[]).filter((d) => d.code === code);
    // A snapshot directory that cannot be read has no line to point at: the message names it.
    const where = found.map((d) => (d.file ? `${d.file}:${d.line}:${d.col}` : d.message));
    expect(where.join('\n')).toContain(at);
  });
});

describe('plan codes (the plan stage, located by spec path)', () => {
  const EBS = { awsElasticBlockStore: { volumeID: 'vol-1' } };
  const pvc = k.volume('app', 'data', { sc: 'gp2', source: EBS });
  const target = [
    k.ns('default'),
    k.sc('gp3-csi', 'ebs.csi.aws.com', true),
    k.sc('cephfs', 'openshift-storage.cephfs.csi.ceph.com'),
    k.version('4.12.3'),
  ];
  const ocpNetwork = (type: string): KubeObject => ({
    apiVersion: 'config.openshift.io/v1',
    kind: 'Network',
    metadata: { name: 'cluster' },
    status: { networkType: type },
  });
  const egressPolicy = (egress: Record<string, unknown>[]): KubeObject => ({
    apiVersion: 'network.openshift.io/v1',
    kind: 'EgressNetworkPolicy',
    metadata: { name: 'default', namespace: 'app' },
    spec: { egress },
  });
  const denyAll: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-all', namespace: 'app' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
  const manyAllows = (n: number) => [
    ...Array.from({ length: n }, (_, i) => ({
      type: 'Allow',
      to: { cidrSelector: `10.9.${i % 250}.${Math.floor(i / 250)}/32` },
    })),
    { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
  ];
  const hook = (ns: string) => ({
    name: 'h',
    phase: 'PreBackup' as const,
    cluster: 'source' as const,
    executionNamespace: ns,
    serviceAccount: 'runner',
    image: 'quay.io/x/h:1',
  });
  const renamedSelector: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'from-web', namespace: 'db' },
    spec: {
      podSelector: {},
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }],
        },
      ],
    },
  };
  const conversion = (): Spec => {
    const s = specWith({ source: 'src', target: 'src', type: 'storage-class-conversion' });
    s.spec.clusters['src'] = { role: 'both', host: true };
    return s;
  };

  it.each<[string, string, () => { spec: Spec; src: KubeObject[]; dst?: KubeObject[] }, string]>([
    [
      'MP3004',
      'an SCC grant onto a target of unknown version',
      () => ({
        spec: specWith(),
        src: [k.ns('app'), k.sa('app', 'db'), k.scc('anyuid', ['system:serviceaccount:app:db'])],
        dst: [k.ns('default'), k.sc('gp3-csi', 'ebs.csi.aws.com', true)],
      }),
      'spec.plans[0].target',
    ],
    [
      'MP4001',
      'namespace not on the source',
      () => ({ spec: specWith({ namespaces: ['ap'] }), src: [k.ns('app')] }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4002',
      'destination exists',
      () => ({ spec: specWith(), src: [k.ns('app')], dst: [...target, k.ns('app')] }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4003',
      'UID ranges differ',
      () => ({
        spec: specWith(),
        src: [k.ns('app', { 'openshift.io/sa.scc.uid-range': '2000/100' })],
        dst: [...target, k.ns('app', { 'openshift.io/sa.scc.uid-range': '1000/100' })],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4004',
      'node selector',
      () => ({
        spec: specWith(),
        src: [k.ns('app'), k.pod('app', 'a', { nodeSelector: { zone: 'x' } })],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4005',
      'pending PVC',
      () => ({
        spec: specWith(),
        src: [k.ns('app'), ...k.volume('app', 'p', { sc: 'gp2', phase: 'Pending' })],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4006',
      'no class on the target',
      () => ({
        spec: specWith(),
        src: [k.ns('app'), ...k.volume('app', 'd', { sc: 'gp2', source: EBS })],
        dst: [k.ns('default'), k.sc('other', 'example.com/other')],
      }),
      'spec.plans[0].volumes.storageClassMap',
    ],
    [
      'MP4007',
      'RWX onto block storage',
      () => ({
        spec: specWith(),
        src: [
          k.ns('app'),
          ...k.volume('app', 'd', { sc: 'gp2', modes: ['ReadWriteMany'], source: EBS }),
        ],
      }),
      'spec.plans[0].volumes.storageClassMap',
    ],
    [
      'MP4008',
      'move of a CSI volume',
      () => ({
        spec: specWith({ volumes: { overrides: [{ pvc: 'app/d', action: 'move' }] } }),
        src: [k.ns('app'), ...k.volume('app', 'd', { sc: 'gp2' })],
      }),
      'spec.plans[0].volumes.overrides[0].action',
    ],
    [
      'MP4009',
      'override of a missing PVC',
      () => ({
        spec: specWith({ volumes: { overrides: [{ pvc: 'app/nope', action: 'skip' }] } }),
        src: [k.ns('app'), ...k.volume('app', 'd', { sc: 'gp2', source: EBS })],
      }),
      'spec.plans[0].volumes.overrides[0].pvc',
    ],
    [
      'MP4010',
      'mapped class missing',
      () => ({
        spec: specWith({ volumes: { storageClassMap: { gp2: 'gold' } } }),
        src: [k.ns('app'), ...k.volume('app', 'd', { sc: 'gp2', source: EBS })],
      }),
      'spec.plans[0].volumes.storageClassMap.gp2',
    ],
    [
      'MP4011',
      'direct images without a registry path',
      () => ({
        spec: specWith({ images: 'direct' }),
        src: [k.ns('app'), k.imageStream('app', 'web', true)],
      }),
      'spec.plans[0].images',
    ],
    [
      'MP4012',
      'pod limit 1',
      () => ({
        spec: specWith({}, { controller: { podLimit: 1 } }),
        src: [k.ns('app'), k.pod('app', 'a'), k.pod('app', 'b')],
      }),
      'spec.plans[0].namespaces',
    ],
    [
      'MP4013',
      'PV limit 1',
      () => ({
        spec: specWith({}, { controller: { pvLimit: 1 } }),
        src: [
          k.ns('app'),
          ...k.volume('app', 'a', { sc: 'gp2', source: EBS }),
          ...k.volume('app', 'b', { sc: 'gp2', source: EBS }),
        ],
      }),
      'spec.plans[0].volumes',
    ],
    [
      'MP4014',
      'hostPath PV',
      () => ({
        spec: specWith(),
        src: [
          k.ns('app'),
          ...k.volume('app', 'logs', { sc: 'gp2', source: { hostPath: { path: '/var/log' } } }),
        ],
      }),
      'spec.plans[0].volumes',
    ],
    [
      'MP4015',
      'a pod not ready',
      () => ({ spec: specWith(), src: [k.ns('app'), k.pod('app', 'b', { ready: false })] }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4016',
      'images: none with internal images',
      () => ({
        spec: specWith({ images: 'none' }),
        src: [k.ns('app'), k.imageStream('app', 'web', true)],
      }),
      'spec.plans[0].images',
    ],
    [
      'MP4017',
      'gluster onto a cluster without Ceph',
      () => ({
        spec: specWith(),
        src: [
          k.ns('app'),
          k.sc('glusterfs-storage', 'kubernetes.io/glusterfs'),
          ...k.volume('app', 's', {
            sc: 'glusterfs-storage',
            source: { glusterfs: { path: 'v' } },
          }),
        ],
        dst: [k.ns('default'), k.sc('gp3-csi', 'ebs.csi.aws.com', true), k.version('4.12.1')],
      }),
      'spec.plans[0].volumes',
    ],
    [
      'MP4018',
      'an SCC grant',
      () => ({
        spec: specWith(),
        src: [k.ns('app'), k.sa('app', 'db'), k.scc('anyuid', ['system:serviceaccount:app:db'])],
      }),
      'spec.plans[0].namespaces',
    ],
    [
      'MP4019',
      'custom SCC not on the target',
      () => ({
        spec: specWith(),
        src: [
          k.ns('app'),
          k.sa('app', 'db'),
          k.scc('custom-scc', ['system:serviceaccount:app:db']),
        ],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4021',
      'snapshot copy to another backend',
      () => ({
        spec: specWith({ volumes: { copyMethod: 'snapshot', storageClassMap: { gp2: 'cephfs' } } }),
        src: [k.ns('app'), ...k.volume('app', 'd', { sc: 'gp2', source: EBS })],
      }),
      'spec.plans[0].volumes.copyMethod',
    ],
    [
      'MP4022',
      'hook namespace nowhere',
      () => ({ spec: specWith({ hooks: [hook('ops')] }), src: [k.ns('app')] }),
      'spec.plans[0].hooks[0].executionNamespace',
    ],
    [
      'MP4023',
      'no SCCs in the source snapshot',
      () => ({ spec: specWith(), src: [k.ns('app')] }),
      'spec.plans[0].source',
    ],
    [
      'MP4024',
      'egress allowance over the rule limit',
      () => ({
        spec: specWith({}, { network: { clusterCIDRs: { dst: '10.132.0.0/14' } } }),
        // A PVC direct volume migration copies puts rsync clients in the namespace.
        src: [k.ns('app'), ...pvc, egressPolicy(manyAllows(999))],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4025',
      'no CIDR to allow',
      () => ({ spec: specWith(), src: [k.ns('app'), ...pvc, egressPolicy(manyAllows(1))] }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4026',
      'deny-all with rsyncPolicies never',
      () => ({
        spec: specWith({}, { network: { rsyncPolicies: 'never' } }),
        src: [k.ns('app'), ...pvc, denyAll],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4027',
      'EgressNetworkPolicy onto OVN',
      () => ({
        spec: specWith(),
        src: [k.ns('app'), egressPolicy(manyAllows(1))],
        dst: [...target, ocpNetwork('OVNKubernetes')],
      }),
      'spec.plans[0].namespaces[0]',
    ],
    [
      'MP4028',
      'deny-all: allowance emitted',
      () => ({ spec: specWith(), src: [k.ns('app'), ...pvc, denyAll] }),
      'spec.plans[0]',
    ],
    [
      'MP4031',
      'policy selects a renamed namespace',
      () => ({
        spec: specWith({ namespaces: [{ from: 'web', to: 'web2' }, 'db'] }),
        src: [k.ns('web'), k.ns('db'), renamedSelector],
      }),
      'spec.plans[0].namespaces[1]',
    ],
    [
      'MP4032',
      'dnsName allow onto OVN',
      () => ({
        spec: specWith(),
        src: [
          k.ns('app'),
          egressPolicy([
            { type: 'Allow', to: { dnsName: 'quay.io' } },
            { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } },
          ]),
        ],
        dst: [...target, ocpNetwork('OVNKubernetes')],
      }),
      'spec.plans[0].namespaces[0]',
    ],
  ])('%s (%s)', (code, _what, input, at) => {
    const { spec: s, src, dst } = input();
    const r = plan({
      spec: s,
      facts: { src: facts('src', src), dst: facts('dst', dst ?? target) },
    });
    expect(r.diagnostics.filter((d) => d.code === code).map((d) => formatPath(d.path))).toContain(
      at,
    );
  });

  it('MP4020 (conversion keeps a PV on its class) at spec.plans[0].volumes.storageClassMap', () => {
    const one: ClusterFacts = facts('src', [
      k.ns('app'),
      k.sc('gp3-csi', 'ebs.csi.aws.com', true),
      ...k.volume('app', 'd', { sc: 'gp3-csi' }),
    ]);
    const r = plan({ spec: conversion(), facts: { src: one } });
    expect(r.diagnostics.filter((d) => d.code === 'MP4020').map((d) => formatPath(d.path))).toEqual(
      ['spec.plans[0].volumes.storageClassMap'],
    );
  });
});

describe('render codes (the render stage, located by template and spec path)', () => {
  const planned = (s: Spec = specWith(), src: KubeObject[] = [k.ns('app')]) =>
    plan({
      spec: s,
      facts: {
        src: facts('src', src),
        dst: facts('dst', [
          k.ns('default'),
          k.sc('gp3-csi', 'ebs.csi.aws.com', true),
          k.sc('rbd', 'openshift-storage.rbd.csi.ceph.com'),
          k.version('4.12.1'),
        ]),
      },
    }).value!;
  const sources = templateSources();
  const hook = {
    name: 'h',
    phase: 'PreBackup' as const,
    cluster: 'source' as const,
    executionNamespace: 'app',
    serviceAccount: 'runner',
  };
  const velero = (plans: Partial<Spec['spec']['plans'][number]>) => {
    const s = specWith(plans, { engine: 'velero' });
    s.spec.clusters['src'] = { role: 'source', veleroVersion: '1.14.0' };
    s.spec.clusters['dst'] = { role: 'target', veleroVersion: '1.14.0' };
    return s;
  };

  it.each<[string, string, () => Diagnostic[], string]>([
    [
      'MP5001',
      'migcluster template yields broken YAML',
      () =>
        render(
          planned(),
          compileTemplates(
            { ...sources, 'mtc/migcluster': 'apiVersion: [unclosed\n' },
            undefined,
            Handlebars,
          ),
        ).diagnostics,
      'template mtc/migcluster',
    ],
    [
      'MP5002',
      'migplan template drops srcMigClusterRef',
      () =>
        render(
          planned(),
          compileTemplates(
            {
              ...sources,
              'mtc/migplan': sources['mtc/migplan'].replace(/^.*"srcMigClusterRef".*\n/m, ''),
            },
            undefined,
            Handlebars,
          ),
        ).diagnostics,
      'template mtc/migplan',
    ],
    [
      'MP4029',
      'one class mapped two ways',
      () =>
        render(
          planned(velero({ volumes: { overrides: [{ pvc: 'app/a', storageClass: 'rbd' }] } }), [
            k.ns('app'),
            k.sc('gp2', 'kubernetes.io/aws-ebs', true),
            ...k.volume('app', 'a', {
              sc: 'gp2',
              source: { awsElasticBlockStore: { volumeID: 'v' } },
            }),
            ...k.volume('app', 'b', {
              sc: 'gp2',
              source: { awsElasticBlockStore: { volumeID: 'v' } },
            }),
          ]),
          compileTemplates(sources, undefined, Handlebars),
        ).diagnostics,
      'spec.plans[0].volumes.storageClassMap',
    ],
    [
      'MP4030',
      'a hook under Velero',
      () =>
        render(
          planned(velero({ hooks: [{ ...hook, image: 'quay.io/x/h:1' }] })),
          compileTemplates(sources, undefined, Handlebars),
        ).diagnostics,
      'spec.plans[0].hooks',
    ],
  ])('%s (%s)', (code, _what, diagnostics, at) => {
    const found = diagnostics().filter((d) => d.code === code);
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.map((d) => (at.startsWith('template ') ? d.message : formatPath(d.path))).join('\n'),
    ).toContain(at);
  });
});

describe('emit, diff and internal codes (the CLI)', () => {
  const files = { 'spec.yaml': spec({}, '      images: indirect\n'), ...clusterFiles };
  it.each<[string, string[], (dir: string) => void, RegExp]>([
    [
      'MP6001',
      ['compile', 'spec.yaml', '--out', 'blocker/out'],
      (d) => writeFileSync(join(d, 'blocker'), 'a file, not a folder'),
      /^error MP6001: cannot write blocker\/out/m,
    ],
    [
      'MP6002',
      ['compile', 'spec.yaml', '--migration', 'nope'],
      () => {},
      /^error MP6002: no migration named "nope"/m,
    ],
    [
      'MP6003',
      ['compile', 'spec.yaml', '--out', 'out', '--check'],
      () => {},
      /^error MP6003: out does not exist: nothing was compiled there/m,
    ],
    [
      'MP6004',
      ['diff', 'spec.yaml', '--against', 'empty'],
      (d) => mkdirSync(join(d, 'empty')),
      /^error MP6004: empty is empty: it holds no compiled output/m,
    ],
  ])('%s is reported about %s', async (_code, argv, prepare, expected) => {
    const dir = scratch(files);
    prepare(dir);
    const r = await runCli(argv, { cwd: dir });
    expect(r.stderr).toMatch(expected);
  });

  it('MP9000: an exception escaping a command is an internal error, not a stack trace', async () => {
    let stderr = '';
    const io: CliIO = {
      stdout: () => {
        throw new Error('stdout closed');
      },
      stderr: (s) => void (stderr += s),
      readStdin: () => Promise.resolve(Buffer.from('')),
      isTTY: false,
      cwd: scratch(files),
      env: {},
    };
    expect(await run(['compile', 'spec.yaml'], io)).toBe(2);
    expect(stderr).toMatch(/^migplan: internal error MP9000: stdout closed$/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('live cluster codes (live discovery against the loopback fixture API server)', () => {
  const TOKEN = 'sha256~fixture-token';
  const tls = generateTls();
  const objects = [...srcObjects, k.scc('anyuid'), ...k.volume('app', 'data', { sc: 'gp2' })];
  const read = async (kubeconfig: string, context = 'ctx') => {
    const dir = scratch({ kubeconfig });
    return liveSource({
      kubeconfig: join(dir, 'kubeconfig'),
      env: {},
      baseDir: dir,
      namespacesFor: () => ['app'],
      attempts: 2,
    }).read('c', { role: 'source', discovery: { context } });
  };
  const kubeconfigFor = (url: string, token = TOKEN, ca = tls.ca) =>
    fixtureKubeconfig([{ name: 'ctx', url, ca, token }]);
  const failingPlugin = execPluginKubeconfig('false');

  // Cluster-level failures are located at the cluster's discovery settings; per-kind warnings name the
  // cluster and the permission or group in their message.
  it.each<[string, string, Partial<FixtureOptions>, (url: string) => string, string]>([
    [
      'MP3006',
      'no OpenShift groups',
      { groups: ['', 'storage.k8s.io', 'rbac.authorization.k8s.io', 'networking.k8s.io'] },
      (u) => kubeconfigFor(u),
      'c does not serve security.openshift.io',
    ],
    [
      'MP3007',
      '403 on SCCs',
      {
        faults: [
          {
            path: '/apis/security.openshift.io/v1/securitycontextconstraints',
            status: 403,
            times: Infinity,
          },
        ],
      },
      (u) => kubeconfigFor(u),
      'the identity for c may not list securitycontextconstraints',
    ],
    [
      'MP3008',
      '403 on PVs',
      { faults: [{ path: '/api/v1/persistentvolumes', status: 403, times: Infinity }] },
      (u) => kubeconfigFor(u),
      'spec.clusters.c.discovery',
    ],
    [
      'MP3009',
      'a wrong token',
      {},
      (u) => kubeconfigFor(u, 'sha256~wrong'),
      'spec.clusters.c.discovery',
    ],
    [
      'MP3010',
      'an unknown context',
      {},
      (u) => kubeconfigFor(u).replaceAll('"ctx"', '"other"'),
      'spec.clusters.c.discovery',
    ],
    ['MP3011', 'a failing exec plugin', {}, () => failingPlugin, 'spec.clusters.c.discovery'],
    [
      'MP3012',
      'a CA that did not sign the server',
      {},
      (u) => kubeconfigFor(u, TOKEN, generateTls().ca),
      'spec.clusters.c.discovery',
    ],
    [
      'MP3014',
      'a 500 on every pod list',
      { faults: [{ path: '/api/v1/pods', status: 500, times: Infinity }] },
      (u) => kubeconfigFor(u),
      'spec.clusters.c.discovery',
    ],
  ])('%s (%s)', async (code, _what, options, kubeconfig, at) => {
    const server = await startFixtureServer({ objects, token: TOKEN, tls, ...options });
    try {
      const found = (await read(kubeconfig(server.url))).diagnostics.filter((d) => d.code === code);
      expect(
        found.map((d) => (at.startsWith('spec.') ? formatPath(d.path) : d.message)).join('\n'),
      ).toContain(at);
    } finally {
      await server.close();
    }
  });

  it('MP3013 (server gone) is located at the cluster discovery settings', async () => {
    const server = await startFixtureServer({ objects, token: TOKEN, tls });
    await server.close();
    const found = (await read(kubeconfigFor(server.url))).diagnostics.filter(
      (d) => d.code === 'MP3013',
    );
    expect(found.map((d) => formatPath(d.path))).toEqual(['spec.clusters.c.discovery']);
  });
});
