import { describe, expect, it } from 'vitest';
import { resolveImages } from '../src/plan/rules/images.js';
import type { NamespaceDecision } from '../src/plan/types.js';
import type { KubeObject } from '../src/resolve/facts-from-objects.js';
import type { Cluster, Plan } from '../src/spec/spec.js';
import { facts, k } from './helpers/facts.js';

/**
 * The image rule (src/plan/rules/images.ts) against mig-controller (migtools/mig-controller):
 * - pkg/controller/migplan/validation.go validateSourceCluster / validateDestinationCluster: a plan without
 *   indirectImageMigration whose MigCluster has no registry path is SourceClusterNoRegistryPath /
 *   DestinationClusterNoRegistryPath (Critical); both ends are checked independently.
 * - pkg/apis/migration/v1alpha1/migcluster_types.go GetRegistryPath: exposedRegistryPath when set; a
 *   non-host cluster without it has no path; the host cluster uses its internal registry.
 * - validation.go setMigrationType: state and storage-conversion plans drop both conditions (they never
 *   migrate images).
 * - migplan_types.go IsImageMigrationDisabled: only the controller-wide disable_image_migration /
 *   disable_image_copy stops ImageStream migration.
 * Expected values are written by hand from those rules and the messages the rule promises.
 */

const remote = (exposedRegistryPath?: string): Cluster => ({
  role: 'source',
  url: 'https://api.example:6443',
  tokenSecret: 't',
  ...(exposedRegistryPath ? { exposedRegistryPath } : {}),
});
const host = (exposedRegistryPath?: string): Cluster => ({
  role: 'target',
  host: true,
  ...(exposedRegistryPath ? { exposedRegistryPath } : {}),
});
const planOf = (p: Partial<Plan>): Plan => ({
  name: 'p1',
  source: 'src',
  target: 'dst',
  namespaces: ['app'],
  ...p,
});
const nsDecision = (source: string): NamespaceDecision => ({
  source,
  target: source,
  existsOnTarget: false,
  pods: 0,
  serviceAccounts: [],
  labels: {},
  annotations: {},
});
const SRC_ROUTE = 'default-route-openshift-image-registry.apps.src';
const DST_ROUTE = 'default-route-openshift-image-registry.apps.dst';
const srcObjects: KubeObject[] = [
  k.ns('app'),
  k.ns('other'),
  k.imageStream('app', 'web', true),
  k.imageStream('app', 'base', false),
  k.imageStream('other', 'tool', true),
];

function run(
  p: Partial<Plan>,
  sourceCluster: Cluster,
  targetCluster: Cluster,
  opts: {
    srcRoute?: boolean;
    dstRoute?: boolean;
    disable?: boolean | undefined;
    namespaces?: string[];
  } = {},
) {
  const src = facts('src', [...srcObjects, ...(opts.srcRoute ? [k.registryRoute(SRC_ROUTE)] : [])]);
  const dst = facts('dst', opts.dstRoute ? [k.registryRoute(DST_ROUTE)] : []);
  return resolveImages(
    planOf(p),
    3,
    (opts.namespaces ?? ['app']).map(nsDecision),
    'src',
    sourceCluster,
    src,
    'dst',
    targetCluster,
    dst,
    opts.disable,
  );
}
const PATH = ['spec', 'plans', 3, 'images'];
const sourceNoPath = (hint: string) => ({
  code: 'MP4011',
  message:
    'direct image migration with non-host source cluster "src" needs exposedRegistryPath (MTC would report SourceClusterNoRegistryPath)',
  path: PATH,
  hint,
});
const destNoPath = (hint: string) => ({
  code: 'MP4011',
  message:
    'direct image migration with non-host destination cluster "dst" needs exposedRegistryPath (MTC would report DestinationClusterNoRegistryPath)',
  path: PATH,
  hint,
});
const routeHint = (c: string, route: string) =>
  `Set spec.clusters.${c}.exposedRegistryPath: ${route} (the registry route on ${c}), or images: indirect.`;
const exposeHint = (c: string) =>
  `Expose the registry on ${c} and set spec.clusters.${c}.exposedRegistryPath, or use images: indirect.`;
const shown = (r: ReturnType<typeof run>) =>
  r.diagnostics.map((d) => ({ code: d.code, message: d.message, path: d.path, hint: d.hint }));

describe('direct image migration needs a registry path on every non-host side (GetRegistryPath)', () => {
  it.each<
    [
      string,
      Partial<Plan>,
      Cluster,
      Cluster,
      { srcRoute?: boolean; dstRoute?: boolean },
      { rule: string; detail: string; registryPath?: string },
      ReturnType<typeof sourceNoPath>[],
    ]
  >([
    [
      'images left out means direct (MTC default); remote source without a path, its route known',
      {},
      remote(),
      host(),
      { srcRoute: true },
      { rule: 'plan', detail: 'direct' },
      [sourceNoPath(routeHint('src', SRC_ROUTE))],
    ],
    [
      'remote source without a path or a route',
      { images: 'direct' },
      remote(),
      host(),
      {},
      { rule: 'plan', detail: 'direct' },
      [sourceNoPath(exposeHint('src'))],
    ],
    [
      'remote source with exposedRegistryPath',
      { images: 'direct' },
      remote('registry.apps.src'),
      host(),
      { srcRoute: true },
      {
        rule: 'registry-route',
        detail: 'images copied from route registry.apps.src',
        registryPath: 'registry.apps.src',
      },
      [],
    ],
    [
      'host source, remote destination without a path, its route known',
      { images: 'direct' },
      host(),
      remote(),
      { dstRoute: true },
      {
        rule: 'host-internal-registry',
        detail: 'the host cluster uses its internal registry path',
      },
      [destNoPath(routeHint('dst', DST_ROUTE))],
    ],
    [
      'host source, remote destination with a path',
      { images: 'direct' },
      host(),
      remote('registry.apps.dst'),
      {},
      {
        rule: 'host-internal-registry',
        detail: 'the host cluster uses its internal registry path',
      },
      [],
    ],
    [
      'two remote clusters without paths: both conditions, source first',
      { images: 'direct' },
      remote(),
      remote(),
      { dstRoute: true },
      { rule: 'plan', detail: 'direct' },
      [sourceNoPath(exposeHint('src')), destNoPath(routeHint('dst', DST_ROUTE))],
    ],
    [
      'two remote clusters with paths',
      { images: 'direct' },
      remote('r.src'),
      remote('r.dst'),
      {},
      { rule: 'registry-route', detail: 'images copied from route r.src', registryPath: 'r.src' },
      [],
    ],
    [
      'a state plan never migrates images (setMigrationType drops the conditions)',
      { images: 'direct', type: 'state' },
      remote(),
      remote(),
      {},
      { rule: 'plan', detail: 'direct' },
      [],
    ],
    [
      'a storage-class-conversion plan never migrates images',
      { images: 'direct', type: 'storage-class-conversion' },
      remote(),
      remote(),
      {},
      { rule: 'plan', detail: 'direct' },
      [],
    ],
    [
      'indirect: through the replication repository, no registry needed',
      { images: 'indirect' },
      remote(),
      remote(),
      {},
      { rule: 'plan', detail: 'through the replication repository' },
      [],
    ],
  ])('%s', (_, p, sourceCluster, targetCluster, opts, reason, diagnostics) => {
    const r = run(p, sourceCluster, targetCluster, opts);
    expect(shown(r)).toStrictEqual(diagnostics);
    const { registryPath, ...why } = reason;
    expect(r.images.reason).toStrictEqual(why);
    expect(r.images.registryPath).toBe(registryPath);
    expect(r.images.mode).toBe(p.images ?? 'direct');
  });
});

describe('which ImageStreams hold internal images, and images: none (IsImageMigrationDisabled)', () => {
  // Only streams in migrated namespaces whose tags point into the cluster's own registry.
  it('lists internal streams of migrated namespaces only', () => {
    expect(run({ images: 'indirect' }, remote(), host()).images.internalImageStreams).toStrictEqual(
      [{ namespace: 'app', name: 'web', tags: ['latest'] }],
    );
    expect(
      run({ images: 'indirect' }, remote(), host(), { namespaces: ['app', 'other'] }).images
        .internalImageStreams,
    ).toStrictEqual([
      { namespace: 'app', name: 'web', tags: ['latest'] },
      { namespace: 'other', name: 'tool', tags: ['latest'] },
    ]);
  });

  const FULL_NONE = 'not migrated (disable_image_migration is set on the MTC host, for every plan)';
  const STATE_NONE = 'not migrated (state and storage-class-conversion plans never migrate images)';
  const stillMigrated = (what: string) => ({
    code: 'MP4033',
    message: `images: none on full plan "p1" would still migrate ${what} indirectly`,
  });
  const leftBehind = (what: string, n: number) => ({
    code: 'MP4016',
    message: `${n} ImageStream(s) hold images in src's internal registry (${what}) and will not be migrated`,
  });
  it.each<
    [
      string,
      Partial<Plan>,
      boolean | undefined,
      string[],
      string,
      { code: string; message: string }[],
    ]
  >([
    [
      'full plan without the controller opt-out (left out): MTC still migrates the streams',
      { images: 'none' },
      undefined,
      ['app', 'other'],
      FULL_NONE,
      [stillMigrated('2 ImageStream(s)'), leftBehind('app/web, other/tool', 2)],
    ],
    [
      'full plan without internal streams and without the opt-out',
      { images: 'none' },
      false,
      ['nothing-here'],
      FULL_NONE,
      [stillMigrated("the namespaces' ImageStreams")],
    ],
    [
      'full plan with disable_image_migration: honoured, internal images left behind',
      { images: 'none' },
      true,
      ['app'],
      FULL_NONE,
      [leftBehind('app/web', 1)],
    ],
    [
      'full plan with the opt-out and no internal streams: nothing to say',
      { images: 'none' },
      true,
      ['nothing-here'],
      FULL_NONE,
      [],
    ],
    [
      'state plan: images are never migrated, nothing to warn about',
      { images: 'none', type: 'state' },
      false,
      ['app'],
      STATE_NONE,
      [],
    ],
  ])('%s', (_, p, disable, namespaces, detail, diagnostics) => {
    const r = run(p, remote(), host(), { disable, namespaces });
    expect(r.diagnostics.map((d) => ({ code: d.code, message: d.message }))).toStrictEqual(
      diagnostics,
    );
    for (const d of r.diagnostics) expect(d.path).toStrictEqual(PATH);
    expect(r.images.reason).toStrictEqual({ rule: 'plan', detail });
  });
});
