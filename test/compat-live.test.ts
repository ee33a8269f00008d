import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { METADATA_ONLY } from '../src/resolve/from-live.js';
import type { Fault, FixtureServer } from './fixture/api-server.js';
import { generateTls, type TlsMaterial } from './fixture/certs.js';
import { runCli } from './helpers/cli.js';
import { snapshotCli } from './helpers/snapshot-cli.js';
import { examplesDir, serveExample } from './helpers/live-example.js';

const EXAMPLE = 'invalid/ocp311-to-ocp414-incompatible-kinds';
const golden = () =>
  readFileSync(join(examplesDir, EXAMPLE, 'expected', 'diagnostics.txt'), 'utf8');

let tls: TlsMaterial;
beforeAll(() => {
  tls = generateTls();
});

const compileLive = (dir: string) =>
  runCli(['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'], {
    cwd: dir,
  });

/** The LISTs of the inventory pass: those asked for metadata only, or their full-list fallback. */
const listsOf = (server: FixtureServer | undefined, paths: string[]) =>
  (server?.requests ?? []).filter(
    (q) => q.query.includes('limit=') && paths.some((p) => q.path === p),
  );

const INCOMPATIBLE = [
  '/apis/batch/v1beta1/cronjobs',
  '/apis/cache.example.com/v1alpha1/memcacheds',
  '/apis/extensions/v1beta1/ingresses',
];

describe('target compatibility read live (issue 16)', () => {
  it("gives the snapshot compile's findings, listing only the incompatible kinds, metadata only, paged, cluster-wide", async () => {
    const live = await serveExample(EXAMPLE, tls, () => ({ maxPageSize: 2 }));
    try {
      const r = await compileLive(live.dir);
      expect(r.stderr).toBe(golden());
      expect(r.code).toBe(1);
      const source = live.servers.get('ocp311');
      const metadataLists = (source?.requests ?? []).filter((q) => q.accept === METADATA_ONLY);
      // The CRD names, and the three kinds 4.14 does not serve: nothing else is listed metadata-only.
      expect([...new Set(metadataLists.map((q) => q.path))].sort()).toEqual([
        '/apis/apiextensions.k8s.io/v1beta1/customresourcedefinitions',
        ...INCOMPATIBLE,
      ]);
      // Paged (two objects per page here: two Ingresses in shop and one elsewhere need two pages),
      // never per namespace.
      expect(listsOf(source, ['/apis/extensions/v1beta1/ingresses'])).toHaveLength(2);
      expect(metadataLists.every((q) => q.query.includes('limit='))).toBe(true);
      expect(metadataLists.every((q) => !q.path.includes('/namespaces/'))).toBe(true);
      // Copied CSVs are filtered by the server.
      const csvLists = (source?.requests ?? []).filter((q) =>
        q.path.endsWith('/clusterserviceversions'),
      );
      expect(csvLists.every((q) => q.query.includes('labelSelector=!olm.copiedFrom'))).toBe(true);
      // Discovery: every group/version's resource list was read.
      expect(source?.requests.some((q) => q.path === '/apis/cache.example.com/v1alpha1')).toBe(
        true,
      );
    } finally {
      await live.close();
    }
  });

  it('a server that answers 406 to the metadata-only Accept gets full lists, with the same findings', async () => {
    const faults = (): Fault[] =>
      INCOMPATIBLE.map((path) => ({
        path,
        status: 406,
        onMetadataAccept: true,
        times: Infinity,
      }));
    const live = await serveExample(EXAMPLE, tls, (c) =>
      c === 'ocp311' ? { faults: faults() } : {},
    );
    try {
      const r = await compileLive(live.dir);
      expect(r.stderr).toBe(golden());
      const lists = listsOf(live.servers.get('ocp311'), INCOMPATIBLE);
      expect(lists.filter((q) => q.status === 406)).toHaveLength(3);
      expect(lists.filter((q) => q.status === 200 && q.accept === 'application/json')).toHaveLength(
        3,
      );
    } finally {
      await live.close();
    }
  });

  it('a refused inventory list is "not checked", stated, never compatible', async () => {
    const live = await serveExample(EXAMPLE, tls, (c) =>
      c === 'ocp311'
        ? {
            faults: [
              {
                path: '/apis/cache.example.com/v1alpha1/memcacheds',
                status: 403,
                onMetadataAccept: true,
                times: Infinity,
              },
            ],
          }
        : {},
    );
    try {
      const r = await compileLive(live.dir);
      expect(r.stderr).not.toContain('MP4152');
      expect(r.stderr).toContain(
        'warning MP3007: the identity for ocp311 may not list memcacheds.cache.example.com; its objects are not compared with the target',
      );
      expect(r.stderr).toContain(
        'info MP4150: plan "shop": target compatibility not checked: Memcached (cache.example.com/v1alpha1) on ocp311: the identity may not list memcacheds.cache.example.com',
      );
      expect(r.stderr).toContain('error MP4151');
      expect(r.code).toBe(1);
    } finally {
      await live.close();
    }
  });

  it('a group/version whose discovery fails is left out: its kinds are not checked', async () => {
    const live = await serveExample(EXAMPLE, tls, (c) =>
      c === 'host'
        ? {
            faults: [
              { path: '/apis/networking.k8s.io/v1', exact: true, status: 503, times: Infinity },
            ],
          }
        : {},
    );
    try {
      const r = await runCli(
        ['compile', 'migration.yaml', '--from', 'live', '--kubeconfig', 'kubeconfig'],
        { cwd: live.dir },
      );
      // The Ingresses are still refused (4.14 names no extensions group at all), but the message cannot
      // name networking.k8s.io/v1 as what the target serves instead: it says that list is unknown.
      expect(r.stderr).toContain('2 Ingress(s) extensions/v1beta1 in shop');
      expect(r.stderr).toContain(
        'it serves no version of it (networking.k8s.io/v1 could not be read)',
      );
    } finally {
      await live.close();
    }
  });

  it('migplan snapshot records discovery and the metadata lists; compiling the recordings equals compiling live', async () => {
    const live = await serveExample(EXAMPLE, tls);
    try {
      for (const [cluster, context] of [
        ['ocp311', 'ocp311-admin'],
        ['ocp414', 'ocp414-admin'],
      ]) {
        const r = await snapshotCli(live.dir, context as string, `clusters/${cluster}`, '--quiet');
        expect(r.code, r.stderr).toBe(0);
      }
      const files = readdirSync(join(live.dir, 'clusters', 'ocp311'));
      expect(files).toEqual(
        expect.arrayContaining([
          'api-discovery.yaml',
          'ingresses.v1beta1.extensions.metadata.yaml',
          'memcacheds.v1alpha1.cache.example.com.metadata.yaml',
          'customresourcedefinitions.apiextensions.k8s.io.yaml',
          'subscriptions.operators.coreos.com.yaml',
        ]),
      );
      const ingresses = readFileSync(
        join(live.dir, 'clusters', 'ocp311', 'ingresses.v1beta1.extensions.metadata.yaml'),
        'utf8',
      );
      expect(ingresses).toContain('kind: PartialObjectMetadataList');
      expect(ingresses).not.toContain('serviceName');
      const fromRecording = await runCli(['compile', 'migration.yaml', '--from', 'snapshot'], {
        cwd: live.dir,
      });
      expect(fromRecording.stderr).toBe(golden());
    } finally {
      await live.close();
    }
  });
});
