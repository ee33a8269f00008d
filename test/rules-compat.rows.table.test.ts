import { describe, expect, it } from 'vitest';
import { kubernetesMinor, lifecycleOf, openshift4Minor } from '../src/plan/rules/api-lifecycle.js';
import { checkCompatibility, mtcVersion, type CompatRow } from '../src/plan/rules/compat.js';
import {
  emptyFacts,
  type ClusterFacts,
  type InventoryList,
  type OlmFact,
  type ServedApis,
  type WorkloadFact,
} from '../src/resolve/cluster-facts.js';

/**
 * api-lifecycle.ts and compat.ts, one row per case; the expected values are written by hand from the
 * upstream rules, never from the code's output:
 * - Kubernetes deprecated API migration guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/,
 *   kubernetes/website content/en/docs/reference/using-api/deprecation-guide.md, sections v1.16, v1.22,
 *   v1.25, v1.26, v1.27): the release that stops serving each group/version/resource and what replaces it;
 *   the deprecation releases as the Kubernetes changelogs state them (CHANGELOG-1.21: batch/v1beta1
 *   CronJob, policy/v1beta1 PodDisruptionBudget, discovery.k8s.io/v1beta1 EndpointSlice).
 * - OpenShift release notes ("About this release"): OpenShift 3.x ships Kubernetes 1.x; 4.1 ships 1.13,
 *   4.2 ships 1.14, 4.3 ships 1.16, and from there 4.x ships 1.(x+13) (4.8: 1.21, 4.12: 1.25, 4.14: 1.27,
 *   4.15: 1.28); OpenShift 4.14 "Deprecated and removed features": DeploymentConfig deprecated, still served.
 * - migtools/mig-controller @3acf3578 pkg/gvk/gvk.go Compare/compareResources (a source resource the
 *   target does not serve is incompatible) and vmware-tanzu/velero pkg/discovery helper.go (the
 *   preferred version of each group is what a backup holds; client-go ServerPreferredResources serves a
 *   resource the preferred version lacks at the next version that has it, e.g. CronJob at batch/v1beta1
 *   on Kubernetes 1.20) and pkg/backup item collection (those are the versions written to the backup).
 * - MTC documentation, "Migration Toolkit for Containers compatibility guidelines": MTC 1.7.x on both
 *   clusters when the source is OpenShift 3 (legacy operator) or 4.9 and older; MTC 1.8.x on both for
 *   4.10 and later; and no migration to an older release.
 * - OLM: a ClusterServiceVersion lists spec.customresourcedefinitions.owned; a Subscription's
 *   status.installedCSV names the CSV it installed; an OperatorGroup alone installs nothing.
 * Rows that repeat test/compat.test.ts are left out.
 */

const ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Discovery from `group/version: plural=Kind ...`; the first version of a group is its preferred one. */
function served(lines: Record<string, string>, unread: string[] = []): ServedApis {
  const versions = new Map<string, string[]>();
  const resources: ServedApis['resources'] = [];
  for (const [gv, list] of Object.entries(lines)) {
    const slash = gv.indexOf('/');
    const group = slash < 0 ? '' : gv.slice(0, slash);
    const version = slash < 0 ? gv : gv.slice(slash + 1);
    versions.set(group, [...(versions.get(group) ?? []), version]);
    for (const entry of list.split(' ')) {
      const [plural = '', kind = ''] = entry.split('=');
      resources.push({ group, version, plural, kind, namespaced: true, verbs: ALL });
    }
  }
  return {
    groups: [...versions].map(([name, vs]) => ({
      name,
      versions: vs,
      preferredVersion: vs[0] ?? '',
    })),
    resources,
    unread,
  };
}

/** A metadata-only list: `group/version/plural`, objects as `namespace/name`. */
function listed(
  gvp: string,
  kind: string,
  objects: string[] | { unreadable: string },
): InventoryList {
  const parts = gvp.split('/');
  const [group, version, plural] =
    parts.length === 2
      ? ['', parts[0] ?? '', parts[1] ?? '']
      : [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''];
  return {
    group,
    version,
    plural,
    kind,
    ...(Array.isArray(objects)
      ? {
          objects: objects.map((o) => {
            const [namespace = '', name = ''] = o.split('/');
            return { namespace, name };
          }),
        }
      : objects),
  };
}

const cronJob = (namespace: string, name: string): WorkloadFact => ({
  kind: 'CronJob',
  apiVersion: 'batch/v1beta1',
  namespace,
  name,
  hasTemplate: true,
  claimNames: [],
  owners: [],
});

const cluster = (name: string, init: Partial<ClusterFacts>): ClusterFacts => ({
  ...emptyFacts(name),
  ...init,
});

const csv = (
  name: string,
  namespace = 'openshift-migration',
  ownedCrds: string[] = [],
): OlmFact => ({
  kind: 'ClusterServiceVersion',
  namespace,
  name,
  ownedCrds,
});

describe('api-lifecycle.ts lifecycleOf: the deprecation guide, resource by resource', () => {
  const GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';
  // [group/version/plural, removed in 1.x, replacement, guide section]
  it.each<[string, number, string, string]>([
    ['extensions/v1beta1/deployments', 16, 'apps/v1', '#v1-16'],
    ['extensions/v1beta1/daemonsets', 16, 'apps/v1', '#v1-16'],
    ['extensions/v1beta1/replicasets', 16, 'apps/v1', '#v1-16'],
    ['apps/v1beta1/deployments', 16, 'apps/v1', '#v1-16'],
    ['apps/v1beta1/statefulsets', 16, 'apps/v1', '#v1-16'],
    ['apps/v1beta2/deployments', 16, 'apps/v1', '#v1-16'],
    ['apps/v1beta2/statefulsets', 16, 'apps/v1', '#v1-16'],
    ['apps/v1beta2/daemonsets', 16, 'apps/v1', '#v1-16'],
    ['apps/v1beta2/replicasets', 16, 'apps/v1', '#v1-16'],
    ['extensions/v1beta1/networkpolicies', 16, 'networking.k8s.io/v1', '#v1-16'],
    ['extensions/v1beta1/ingresses', 22, 'networking.k8s.io/v1', '#ingress-v122'],
    ['networking.k8s.io/v1beta1/ingresses', 22, 'networking.k8s.io/v1', '#ingress-v122'],
    [
      'rbac.authorization.k8s.io/v1beta1/roles',
      22,
      'rbac.authorization.k8s.io/v1',
      '#rbac-resources-v122',
    ],
    [
      'rbac.authorization.k8s.io/v1beta1/rolebindings',
      22,
      'rbac.authorization.k8s.io/v1',
      '#rbac-resources-v122',
    ],
    ['coordination.k8s.io/v1beta1/leases', 22, 'coordination.k8s.io/v1', '#lease-v122'],
    ['batch/v1beta1/cronjobs', 25, 'batch/v1', '#cronjob-v125'],
    ['policy/v1beta1/poddisruptionbudgets', 25, 'policy/v1', '#poddisruptionbudget-v125'],
    ['discovery.k8s.io/v1beta1/endpointslices', 25, 'discovery.k8s.io/v1', '#endpointslice-v125'],
    [
      'autoscaling/v2beta1/horizontalpodautoscalers',
      25,
      'autoscaling/v2',
      '#horizontalpodautoscaler-v125',
    ],
    [
      'autoscaling/v2beta2/horizontalpodautoscalers',
      26,
      'autoscaling/v2',
      '#horizontalpodautoscaler-v126',
    ],
    [
      'storage.k8s.io/v1beta1/csistoragecapacities',
      27,
      'storage.k8s.io/v1',
      '#csistoragecapacity-v127',
    ],
  ])('%s: removed in 1.%i, use %s', (gvp, removedIn, replacement, section) => {
    const [group = '', version = '', plural = ''] = gvp.split('/');
    const life = lifecycleOf({ group, version, plural });
    expect([life?.removedIn, life?.replacement, life?.source, life?.openshift]).toEqual([
      removedIn,
      replacement,
      `${GUIDE}${section}`,
      undefined,
    ]);
  });

  it.each<[string, number]>([
    ['batch/v1beta1/cronjobs', 21],
    ['policy/v1beta1/poddisruptionbudgets', 21],
    ['discovery.k8s.io/v1beta1/endpointslices', 21],
  ])('%s is deprecated from 1.%i (CHANGELOG-1.21)', (gvp, deprecatedIn) => {
    const [group = '', version = '', plural = ''] = gvp.split('/');
    expect(lifecycleOf({ group, version, plural })?.deprecatedIn).toBe(deprecatedIn);
  });

  it('apps.openshift.io/v1 DeploymentConfig: deprecated from OpenShift 4.14, not removed', () => {
    const life = lifecycleOf({
      group: 'apps.openshift.io',
      version: 'v1',
      plural: 'deploymentconfigs',
    });
    expect([life?.openshift, life?.deprecatedIn, life?.removedIn, life?.replacement]).toEqual([
      true,
      14,
      undefined,
      'apps/v1 Deployment',
    ]);
  });

  // [case, group/version/plural]: not in the guide, or not a namespaced resource of a namespace migration
  it.each([
    ['the replacement itself (apps/v1 deployments) is current', 'apps/v1/deployments'],
    ['batch/v1 cronjobs is current (the version matters)', 'batch/v1/cronjobs'],
    ['networking.k8s.io/v1 ingresses is current', 'networking.k8s.io/v1/ingresses'],
    [
      'policy/v1beta1 podsecuritypolicies is in the guide but cluster-scoped (the plural matters)',
      'policy/v1beta1/podsecuritypolicies',
    ],
    [
      'a custom resource named like a removed one (the group matters)',
      'example.com/v1beta1/ingresses',
    ],
    ['a custom group at v1beta1', 'cache.example.com/v1beta1/memcacheds'],
  ])('%s: no lifecycle', (_name, gvp) => {
    const [group = '', version = '', plural = ''] = gvp.split('/');
    expect(lifecycleOf({ group, version, plural })).toBeUndefined();
  });
});

describe('api-lifecycle.ts: OpenShift version to Kubernetes minor (release notes)', () => {
  it.each<[string | undefined, number | undefined]>([
    ['3.10.0', 10],
    // 4.1 ships Kubernetes 1.13 and 4.2 ships 1.14; 4.3 ships 1.16 (1.15 skipped), then 4.x is 1.(x+13).
    ['4.1.0', 13],
    ['4.2.36', 14],
    ['4.3.0', 16],
    ['4.6.1', 19],
    ['4.8.0', 21],
    ['4.12.0', 25],
    ['4.13.0', 26],
    ['v3.11.784', 11],
    ['4', undefined],
    ['x4.14', undefined],
    ['', undefined],
    ['2.2.0', undefined],
  ])('kubernetesMinor(%s) = %s', (version, minor) => {
    expect(kubernetesMinor(version)).toBe(minor);
  });

  it.each<[string | undefined, number | undefined]>([
    ['4.14.3', 14],
    ['4.9.0', 9],
    ['v4.16', 16],
    ['4.1', 1],
    ['3.11', undefined],
    ['14.2', undefined],
    ['4.x', undefined],
    ['4', undefined],
    [undefined, undefined],
  ])('openshift4Minor(%s) = %s', (version, minor) => {
    expect(openshift4Minor(version)).toBe(minor);
  });
});

describe('compat.ts mtcVersion: the MTC operator version from its ClusterServiceVersion', () => {
  it.each<[string, OlmFact[], string | undefined]>([
    ['mtc-operator.v1.8.3', [csv('mtc-operator.v1.8.3')], '1.8.3'],
    ['crane-operator.v1.7.12 (the upstream name)', [csv('crane-operator.v1.7.12')], '1.7.12'],
    ['a CSV name without a patch', [csv('mtc-operator.v1.8')], '1.8'],
    ['another operator only', [csv('oadp-operator.v1.3.0')], undefined],
    ['a name without a version', [csv('mtc-operator')], undefined],
    [
      'the CSV decides, not a Subscription (whatever its name)',
      [
        {
          kind: 'Subscription',
          namespace: 'openshift-migration',
          name: 'mtc-operator.v1.7.0',
          ownedCrds: [],
        },
        csv('mtc-operator.v1.8.3'),
      ],
      '1.8.3',
    ],
    ['nothing recorded', [], undefined],
  ])('%s', (_name, olm, want) => {
    expect(mtcVersion(cluster('c', { olm }))).toBe(want);
  });
});

const pods = served({ v1: 'pods=Pod' });

describe('compat.ts: the version pair (MTC compatibility guidelines)', () => {
  const path = ['spec', 'plans', 1, 'target'];
  // [case, engine, source version, target version, source CSVs, target CSVs, expected MP4155 messages, advice]
  it.each<
    [
      string,
      'mtc' | 'velero',
      string | undefined,
      string | undefined,
      string[],
      string[],
      string[],
      string | undefined,
    ]
  >([
    [
      'OpenShift 3 to 4: 1.7.x, the legacy operator on the source; 4.10 is not older than 3.11',
      'mtc',
      '3.11.784',
      '4.10.3',
      [],
      [],
      [],
      'MTC 1.7.x on both src (the legacy operator) and dst',
    ],
    [
      'a 4.9 source: 1.7.x on both, from OperatorHub',
      'mtc',
      '4.9.0',
      '4.12.0',
      [],
      [],
      [],
      'MTC 1.7.x on both src (OperatorHub) and dst',
    ],
    [
      'a 4.10 source: the same 1.8.x on both',
      'mtc',
      '4.10.3',
      '4.14.0',
      [],
      [],
      [],
      'the same MTC 1.8.x on both src and dst',
    ],
    [
      'the same minor release is not older',
      'mtc',
      '4.12.0',
      '4.12.7',
      [],
      [],
      [],
      'the same MTC 1.8.x on both src and dst',
    ],
    [
      'an older major release',
      'mtc',
      '4.14.0',
      '3.11.0',
      [],
      [],
      [
        'plan "p": the target dst (3.11.0) is older than the source src (4.14.0); neither MTC nor Velero migrates to an older release',
      ],
      'the same MTC 1.8.x on both src and dst',
    ],
    [
      'Velero: an older target is refused, MTC is not advised',
      'velero',
      '4.12.5',
      '4.10.3',
      [],
      [],
      [
        'plan "p": the target dst (4.10.3) is older than the source src (4.12.5); neither MTC nor Velero migrates to an older release',
      ],
      undefined,
    ],
    [
      'Velero: the MTC matrix does not apply',
      'velero',
      '4.9.0',
      '4.12.0',
      ['mtc-operator.v1.8.1'],
      [],
      [],
      undefined,
    ],
    ['the source version unknown: no advice', 'mtc', undefined, '4.12.0', [], [], [], undefined],
    ['the target version unknown: no advice', 'mtc', '4.12.0', undefined, [], [], [], undefined],
    [
      '1.7.12 on both for a 4.9 source: inside the matrix',
      'mtc',
      '4.9.0',
      '4.12.0',
      ['mtc-operator.v1.7.12'],
      ['mtc-operator.v1.7.12'],
      [],
      'MTC 1.7.x on both src (OperatorHub) and dst',
    ],
    [
      'a 1.7 CSV without a patch on both for an OpenShift 3 source: inside the matrix',
      'mtc',
      '3.11.0',
      '4.10.0',
      ['mtc-operator.v1.7'],
      ['mtc-operator.v1.7'],
      [],
      'MTC 1.7.x on both src (the legacy operator) and dst',
    ],
    [
      '1.7.x on both for a 4.10 source: outside the matrix',
      'mtc',
      '4.10.3',
      '4.14.0',
      ['mtc-operator.v1.7.12'],
      ['mtc-operator.v1.7.12'],
      [
        'plan "p": MTC 1.7.12 on src and 1.7.12 on dst is outside MTC\'s support matrix for 4.10.3 -> 4.14.0; install the same MTC 1.8.x on both src and dst',
      ],
      'the same MTC 1.8.x on both src and dst',
    ],
    [
      '1.8.x on a 4.10 source, nothing recorded on the target: nothing to flag',
      'mtc',
      '4.10.3',
      '4.14.0',
      ['mtc-operator.v1.8.3'],
      [],
      [],
      'the same MTC 1.8.x on both src and dst',
    ],
    [
      '1.7.x on a 4.9 source, 1.8.x on the target: outside the matrix',
      'mtc',
      '4.9.0',
      '4.12.0',
      ['mtc-operator.v1.7.12'],
      ['mtc-operator.v1.8.3'],
      [
        'plan "p": MTC 1.7.12 on src and 1.8.3 on dst is outside MTC\'s support matrix for 4.9.0 -> 4.12.0; install MTC 1.7.x on both src (OperatorHub) and dst',
      ],
      'MTC 1.7.x on both src (OperatorHub) and dst',
    ],
    [
      'crane-operator 1.8.0 on two 4.11+ clusters: inside the matrix',
      'mtc',
      '4.11.0',
      '4.13.0',
      ['crane-operator.v1.8.0'],
      ['crane-operator.v1.8.0'],
      [],
      'the same MTC 1.8.x on both src and dst',
    ],
  ])('%s', (_name, engine, sv, tv, srcCsvs, dstCsvs, messages, advice) => {
    const r = checkCompatibility({
      planName: 'p',
      index: 1,
      namespaces: ['app'],
      source: cluster('src', {
        apis: pods,
        ...(sv !== undefined ? { version: sv } : {}),
        olm: srcCsvs.map((n) => csv(n)),
      }),
      target: cluster('dst', {
        apis: pods,
        ...(tv !== undefined ? { version: tv } : {}),
        olm: dstCsvs.map((n) => csv(n)),
      }),
      engine,
    });
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toEqual(
      messages.map((m) => ['MP4155', m, path]),
    );
    expect(r.mtcAdvice).toBe(advice);
    expect('mtcAdvice' in r).toBe(advice !== undefined);
  });
});

describe('compat.ts: OLM operators inside the migrated namespaces', () => {
  const sub = (namespace: string, name: string, extra: Partial<OlmFact> = {}): OlmFact => ({
    kind: 'Subscription',
    namespace,
    name,
    ownedCrds: [],
    ...extra,
  });
  const og = (namespace: string, name: string): OlmFact => ({
    kind: 'OperatorGroup',
    namespace,
    name,
    ownedCrds: [],
  });
  const say = (ns: string, objects: string, install: string) =>
    `plan "p": namespace ${ns} holds OLM-managed operator objects (${objects}); install ${install} on the target before migrating, and leave these objects out`;
  // [case, plan namespaces, OLM objects, expected MP4153 messages]
  it.each<[string, string[], OlmFact[], string[]]>([
    [
      'an OperatorGroup alone: the operator it serves',
      ['app'],
      [og('app', 'app-og')],
      [say('app', 'OperatorGroup app-og', 'the operator its OperatorGroup serves')],
    ],
    [
      'a CSV without a Subscription: that operator',
      ['app'],
      [og('app', 'app-og'), csv('etcdoperator.v0.9.4', 'app')],
      [
        say(
          'app',
          'OperatorGroup app-og, ClusterServiceVersion etcdoperator.v0.9.4',
          'operator etcdoperator.v0.9.4',
        ),
      ],
    ],
    [
      'two Subscriptions, each described from what it records',
      ['app'],
      [
        sub('app', 'amq', { packageName: 'amq-streams', channel: 'stable' }),
        sub('app', 'my-sub'),
        sub('app', 'cache', { packageName: 'memcached', catalogSource: 'community-operators' }),
      ],
      [
        say(
          'app',
          'Subscription amq, Subscription my-sub, Subscription cache',
          'operator amq-streams (channel stable); operator my-sub; operator memcached (from community-operators)',
        ),
      ],
    ],
    [
      'a Subscription is preferred to the CSVs',
      ['app'],
      [
        sub('app', 'etcd', { packageName: 'etcd', installedCsv: 'etcdoperator.v0.9.4' }),
        csv('etcdoperator.v0.9.4', 'app'),
      ],
      [
        say(
          'app',
          'Subscription etcd, ClusterServiceVersion etcdoperator.v0.9.4',
          'operator etcd (installed etcdoperator.v0.9.4)',
        ),
      ],
    ],
    [
      'one finding per namespace, in name order',
      ['b', 'a'],
      [og('b', 'b-og'), og('a', 'a-og')],
      [
        say('a', 'OperatorGroup a-og', 'the operator its OperatorGroup serves'),
        say('b', 'OperatorGroup b-og', 'the operator its OperatorGroup serves'),
      ],
    ],
    ['operators outside the plan namespaces are not migrated', ['app'], [og('other', 'og')], []],
  ])('%s', (_name, namespaces, olm, messages) => {
    const r = checkCompatibility({
      planName: 'p',
      index: 3,
      namespaces,
      source: cluster('src', { apis: pods, olm }),
      target: cluster('dst', { apis: pods }),
      engine: 'velero',
    });
    expect(r.diagnostics.map((d) => [d.code, d.message, d.path])).toEqual(
      messages.map((m) => ['MP4153', m, ['spec', 'plans', 3, 'namespaces']]),
    );
  });
});

type Row = [string, string, string, number, string[], string, CompatRow['verdict']];
const rowOf = (r: CompatRow): Row => [
  r.kind,
  r.group,
  r.sourceVersion,
  r.count,
  r.namespaces,
  r.target,
  r.verdict,
];

describe('compat.ts: kinds the target does not serve (gvk.go compareResources)', () => {
  const ingressOnly = served({ 'extensions/v1beta1': 'ingresses=Ingress' });
  const networking = served({ 'networking.k8s.io/v1': 'ingresses=Ingress' });
  const memcachedV1alpha1 = served({ 'cache.example.com/v1alpha1': 'memcacheds=Memcached' });
  const memcachedV1 = served({ 'cache.example.com/v1': 'memcacheds=Memcached' });
  const memcacheds = [listed('cache.example.com/v1alpha1/memcacheds', 'Memcached', ['app/m'])];
  const CRD = 'memcacheds.cache.example.com';
  const notServedMemcached = (instead: string) =>
    `plan "p": 1 Memcached(s) cache.example.com/v1alpha1 in app; dst does not serve Memcached at cache.example.com/v1alpha1, the version Velero backs up from src; it ${instead}`;
  const noCrd = (tail: string) =>
    `plan "p": 1 Memcached(s) cache.example.com/v1alpha1 in app, but CRD ${CRD} does not exist on dst; ${tail}`;

  // [case, source, target, plan namespaces, expected [code, message], expected rows]
  it.each<[string, ClusterFacts, ClusterFacts, string[], [string, string][], Row[]]>([
    [
      'the source discovery unknown: not checked',
      cluster('src', {}),
      cluster('dst', { apis: networking }),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: the API discovery of src is not known (not recorded in the snapshot)',
        ],
      ],
      [],
    ],
    [
      'both unknown on two clusters: both named',
      cluster('src', {}),
      cluster('dst', {}),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: the API discovery of src and dst is not known (not recorded in the snapshot)',
        ],
      ],
      [],
    ],
    [
      'an intra-cluster plan without discovery: the cluster named once',
      cluster('one', {}),
      cluster('one', {}),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: the API discovery of one is not known (not recorded in the snapshot)',
        ],
      ],
      [],
    ],
    [
      'a source group/version whose resource list could not be read',
      cluster('src', { apis: served({ v1: 'pods=Pod' }, ['metrics.k8s.io/v1beta1']) }),
      cluster('dst', { apis: pods }),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: the kinds of metrics.k8s.io/v1beta1 on src: its resource list could not be read',
        ],
      ],
      [],
    ],
    [
      'the target could not read the list of that group/version: not checked, not an error',
      cluster('src', {
        apis: ingressOnly,
        inventory: [listed('extensions/v1beta1/ingresses', 'Ingress', ['app/a'])],
      }),
      cluster('dst', { apis: served({ v1: 'pods=Pod' }, ['extensions/v1beta1']) }),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: Ingress (extensions/v1beta1): the resource list of extensions/v1beta1 on dst could not be read',
        ],
      ],
      [],
    ],
    [
      'no inventory at all: the objects were not listed',
      cluster('src', { apis: ingressOnly }),
      cluster('dst', { apis: networking }),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: Ingress (extensions/v1beta1) on src: its objects were not listed',
        ],
      ],
      [],
    ],
    [
      'a list of another resource of the same group/version is not this one',
      cluster('src', {
        apis: served({ 'extensions/v1beta1': 'ingresses=Ingress networkpolicies=NetworkPolicy' }),
        inventory: [
          listed('extensions/v1beta1/networkpolicies', 'NetworkPolicy', {
            unreadable: 'forbidden',
          }),
        ],
      }),
      cluster('dst', { apis: served({ 'extensions/v1beta1': 'networkpolicies=NetworkPolicy' }) }),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: Ingress (extensions/v1beta1) on src: its objects were not listed',
        ],
      ],
      [],
    ],
    [
      'a list of the same resource at another version of its group is not this one',
      cluster('src', {
        apis: served({ 'batch/v1': 'jobs=Job', 'batch/v1beta1': 'cronjobs=CronJob' }),
        inventory: [listed('batch/v1/cronjobs', 'CronJob', ['app/nightly'])],
      }),
      cluster('dst', { apis: served({ 'batch/v1': 'jobs=Job cronjobs=CronJob' }) }),
      ['app'],
      [
        [
          'MP4150',
          'plan "p": target compatibility not checked: CronJob (batch/v1beta1) on src: its objects were not listed',
        ],
      ],
      [],
    ],
    [
      'objects in two plan namespaces: counted together, namespaces once each, in order',
      cluster('src', {
        apis: ingressOnly,
        inventory: [
          listed('extensions/v1beta1/ingresses', 'Ingress', ['b/x', 'a/y', 'b/z', 'other/w']),
        ],
      }),
      cluster('dst', { apis: networking }),
      ['a', 'b'],
      [
        [
          'MP4151',
          'plan "p": 3 Ingress(s) extensions/v1beta1 in a, b; dst does not serve Ingress at extensions/v1beta1, the version Velero backs up from src; it serves Ingress networking.k8s.io/v1 instead (Kubernetes removed extensions/v1beta1 ingresses in 1.22; use networking.k8s.io/v1)',
        ],
      ],
      [
        [
          'Ingress',
          'extensions',
          'v1beta1',
          3,
          ['a', 'b'],
          'serves Ingress networking.k8s.io/v1 instead',
          'error',
        ],
      ],
    ],
    [
      'nothing served instead, and a target group/version unread: said so',
      cluster('src', {
        apis: ingressOnly,
        inventory: [listed('extensions/v1beta1/ingresses', 'Ingress', ['app/a'])],
      }),
      cluster('dst', { apis: served({ v1: 'pods=Pod' }, ['metrics.k8s.io/v1beta1']) }),
      ['app'],
      [
        [
          'MP4151',
          'plan "p": 1 Ingress(s) extensions/v1beta1 in app; dst does not serve Ingress at extensions/v1beta1, the version Velero backs up from src; it serves no version of it (metrics.k8s.io/v1beta1 could not be read) (Kubernetes removed extensions/v1beta1 ingresses in 1.22; use networking.k8s.io/v1)',
        ],
      ],
      [
        [
          'Ingress',
          'extensions',
          'v1beta1',
          1,
          ['app'],
          'serves no version of it (metrics.k8s.io/v1beta1 could not be read)',
          'error',
        ],
      ],
    ],
    [
      'a custom resource whose CRD the target has at another version: not served, no removal history',
      cluster('src', { apis: memcachedV1alpha1, crds: [CRD], inventory: memcacheds }),
      cluster('dst', { apis: memcachedV1, crds: [CRD] }),
      ['app'],
      [['MP4151', notServedMemcached('serves Memcached cache.example.com/v1 instead')]],
      [
        [
          'Memcached',
          'cache.example.com',
          'v1alpha1',
          1,
          ['app'],
          'serves Memcached cache.example.com/v1 instead',
          'error',
        ],
      ],
    ],
    [
      'the source CRDs unknown: not known to be custom, so not served (not "no CRD")',
      cluster('src', { apis: memcachedV1alpha1, inventory: memcacheds }),
      cluster('dst', { apis: pods, crds: [] }),
      ['app'],
      [['MP4151', notServedMemcached('serves no version of it')]],
      [
        [
          'Memcached',
          'cache.example.com',
          'v1alpha1',
          1,
          ['app'],
          'serves no version of it',
          'error',
        ],
      ],
    ],
    [
      'the target CRDs unknown: not served (not "no CRD")',
      cluster('src', { apis: memcachedV1alpha1, crds: [CRD], inventory: memcacheds }),
      cluster('dst', { apis: pods }),
      ['app'],
      [['MP4151', notServedMemcached('serves no version of it')]],
      [
        [
          'Memcached',
          'cache.example.com',
          'v1alpha1',
          1,
          ['app'],
          'serves no version of it',
          'error',
        ],
      ],
    ],
    [
      'no CRD on the target, no operator owns it: create the CRD',
      cluster('src', { apis: memcachedV1alpha1, crds: [CRD], inventory: memcacheds }),
      cluster('dst', { apis: pods, crds: [] }),
      ['app'],
      [['MP4152', noCrd('create the CRD (or install its operator) on the target first')]],
      [['Memcached', 'cache.example.com', 'v1alpha1', 1, ['app'], 'no CRD', 'error']],
    ],
    [
      'no CRD on the target, a CSV owns it without a Subscription: that CSV',
      cluster('src', {
        apis: memcachedV1alpha1,
        crds: [CRD],
        inventory: memcacheds,
        olm: [csv('memcached-operator.v0.0.1', 'operators', [CRD])],
      }),
      cluster('dst', { apis: pods, crds: [] }),
      ['app'],
      [
        [
          'MP4152',
          noCrd(
            'it belongs to operator memcached-operator.v0.0.1: install that operator on dst first',
          ),
        ],
      ],
      [['Memcached', 'cache.example.com', 'v1alpha1', 1, ['app'], 'no CRD', 'error']],
    ],
    [
      "no CRD on the target: the Subscription whose installedCSV is the owner's, not another one",
      cluster('src', {
        apis: memcachedV1alpha1,
        crds: [CRD],
        inventory: memcacheds,
        olm: [
          {
            kind: 'Subscription',
            namespace: 'operators',
            name: 'etcd',
            packageName: 'etcd',
            installedCsv: 'etcdoperator.v0.9.4',
            ownedCrds: [],
          },
          csv('memcached-operator.v0.0.1', 'operators', [CRD]),
          {
            kind: 'Subscription',
            namespace: 'operators',
            name: 'memcached',
            installedCsv: 'memcached-operator.v0.0.1',
            ownedCrds: [],
          },
        ],
      }),
      cluster('dst', { apis: pods, crds: [] }),
      ['app'],
      [
        [
          'MP4152',
          noCrd(
            'it belongs to operator memcached (installed memcached-operator.v0.0.1): install that operator on dst first',
          ),
        ],
      ],
      [['Memcached', 'cache.example.com', 'v1alpha1', 1, ['app'], 'no CRD', 'error']],
    ],
    [
      'DeploymentConfigs onto a Kubernetes target without apps.openshift.io: not served, no Kubernetes removal',
      cluster('src', {
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
        inventory: [
          listed('apps.openshift.io/v1/deploymentconfigs', 'DeploymentConfig', ['app/web']),
        ],
      }),
      cluster('dst', { apis: pods }),
      ['app'],
      [
        [
          'MP4151',
          'plan "p": 1 DeploymentConfig(s) apps.openshift.io/v1 in app; dst does not serve DeploymentConfig at apps.openshift.io/v1, the version Velero backs up from src; it serves no version of it',
        ],
      ],
      [
        [
          'DeploymentConfig',
          'apps.openshift.io',
          'v1',
          1,
          ['app'],
          'serves no version of it',
          'error',
        ],
      ],
    ],
  ])('%s', (_name, source, target, namespaces, diagnostics, rows) => {
    const r = checkCompatibility({
      planName: 'p',
      index: 0,
      namespaces,
      source,
      target,
      engine: 'velero',
    });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual(diagnostics);
    expect(r.rows.map(rowOf)).toEqual(rows);
    expect(r.notChecked).toEqual(
      diagnostics
        .filter(([code]) => code === 'MP4150')
        .map(([, m]) => m.replace('plan "p": target compatibility not checked: ', '')),
    );
  });

  it('a not-checked finding points at the plan, a kind finding at its namespaces', () => {
    const r = checkCompatibility({
      planName: 'p',
      index: 4,
      namespaces: ['app'],
      source: cluster('src', {
        apis: served({ 'extensions/v1beta1': 'ingresses=Ingress networkpolicies=NetworkPolicy' }),
        inventory: [listed('extensions/v1beta1/ingresses', 'Ingress', ['app/a'])],
      }),
      target: cluster('dst', { apis: networking }),
      engine: 'velero',
    });
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['MP4151', ['spec', 'plans', 4, 'namespaces']],
      ['MP4150', ['spec', 'plans', 4]],
    ]);
  });
});

describe('compat.ts: CronJobs from OpenShift 4.7 (Kubernetes 1.20), backed up at batch/v1beta1', () => {
  // client-go ServerPreferredResources: batch/v1 (preferred) has no cronjobs on 1.20, so Velero backs
  // them up at batch/v1beta1; policy has only v1beta1 on 1.20.
  const ocp47 = served({
    v1: 'pods=Pod',
    'batch/v1': 'jobs=Job',
    'batch/v1beta1': 'cronjobs=CronJob',
    'policy/v1beta1': 'poddisruptionbudgets=PodDisruptionBudget',
  });
  // Kubernetes 1.21: batch/v1 CronJob and policy/v1 PodDisruptionBudget added, the v1beta1s still served.
  const ocp48 = served({
    v1: 'pods=Pod',
    'batch/v1': 'jobs=Job cronjobs=CronJob',
    'batch/v1beta1': 'cronjobs=CronJob',
    'policy/v1': 'poddisruptionbudgets=PodDisruptionBudget',
    'policy/v1beta1': 'poddisruptionbudgets=PodDisruptionBudget',
  });
  // Kubernetes 1.25: the v1beta1s removed.
  const ocp412 = served({
    v1: 'pods=Pod',
    'batch/v1': 'jobs=Job cronjobs=CronJob',
    'policy/v1': 'poddisruptionbudgets=PodDisruptionBudget',
  });
  const deprecatedCronJobs = (n: number, ns: string) =>
    `plan "p": ${n} CronJob(s) in ${ns}: batch/v1beta1 cronjobs is deprecated on Kubernetes 1.21 and removed in 1.25; move to batch/v1`;
  const cronRow = (n: number, ns: string[]): Row => [
    'CronJob',
    'batch',
    'v1beta1',
    n,
    ns,
    'serves batch/v1beta1 (deprecated)',
    'warning',
  ];
  const src = (init: Partial<ClusterFacts>) =>
    cluster('src', { apis: ocp47, version: '4.7.0', ...init });

  // [case, source, target, plan namespaces, expected [code, message], expected rows]
  it.each<[string, ClusterFacts, ClusterFacts, string[], [string, string][], Row[]]>([
    [
      'onto 4.8 (1.21, deprecated there): a warning counted from the workloads',
      src({ workloads: [cronJob('b', 'nightly'), cronJob('a', 'hourly')] }),
      cluster('dst', { apis: ocp48, version: '4.8.0' }),
      ['a', 'b'],
      [['MP4154', deprecatedCronJobs(2, 'a, b')]],
      [cronRow(2, ['a', 'b'])],
    ],
    [
      'onto 4.7 (1.20, not deprecated yet): nothing',
      src({ workloads: [cronJob('app', 'nightly')] }),
      cluster('dst', { apis: ocp47, version: '4.7.9' }),
      ['app'],
      [],
      [],
    ],
    [
      'the target version unknown: nothing',
      src({ workloads: [cronJob('app', 'nightly')] }),
      cluster('dst', { apis: ocp48 }),
      ['app'],
      [],
      [],
    ],
    [
      'an inventory list, when there is one, is what is counted (not the workloads)',
      src({
        workloads: [cronJob('app', 'nightly'), cronJob('app', 'hourly')],
        inventory: [listed('batch/v1beta1/cronjobs', 'CronJob', ['app/nightly'])],
      }),
      cluster('dst', { apis: ocp48, version: '4.8.0' }),
      ['app'],
      [['MP4154', deprecatedCronJobs(1, 'app')]],
      [cronRow(1, ['app'])],
    ],
    [
      'an inventory list with none in the plan namespaces: nothing, whatever the workloads',
      src({
        workloads: [cronJob('app', 'nightly')],
        inventory: [listed('batch/v1beta1/cronjobs', 'CronJob', ['other/nightly'])],
      }),
      cluster('dst', { apis: ocp48, version: '4.8.0' }),
      ['app'],
      [],
      [],
    ],
    [
      'workloads of another namespace or another kind are not counted',
      src({
        workloads: [cronJob('other', 'nightly'), { ...cronJob('app', 'once'), kind: 'Job' }],
      }),
      cluster('dst', { apis: ocp48, version: '4.8.0' }),
      ['app'],
      [],
      [],
    ],
    [
      'PodDisruptionBudgets onto 4.8: counted from the inventory',
      src({
        inventory: [
          listed('policy/v1beta1/poddisruptionbudgets', 'PodDisruptionBudget', ['app/db-pdb']),
        ],
      }),
      cluster('dst', { apis: ocp48, version: '4.8.0' }),
      ['app'],
      [
        [
          'MP4154',
          'plan "p": 1 PodDisruptionBudget(s) in app: policy/v1beta1 poddisruptionbudgets is deprecated on Kubernetes 1.21 and removed in 1.25; move to policy/v1',
        ],
      ],
      [
        [
          'PodDisruptionBudget',
          'policy',
          'v1beta1',
          1,
          ['app'],
          'serves policy/v1beta1 (deprecated)',
          'warning',
        ],
      ],
    ],
    [
      'onto 4.12 (1.25, removed): an error naming the removal and what is served instead',
      src({ inventory: [listed('batch/v1beta1/cronjobs', 'CronJob', ['app/nightly'])] }),
      cluster('dst', { apis: ocp412, version: '4.12.0' }),
      ['app'],
      [
        [
          'MP4151',
          'plan "p": 1 CronJob(s) batch/v1beta1 in app; dst does not serve CronJob at batch/v1beta1, the version Velero backs up from src; it serves CronJob batch/v1 instead (Kubernetes removed batch/v1beta1 cronjobs in 1.25; use batch/v1)',
        ],
        [
          'MP4150',
          'plan "p": target compatibility not checked: PodDisruptionBudget (policy/v1beta1) on src: its objects were not listed',
        ],
      ],
      [['CronJob', 'batch', 'v1beta1', 1, ['app'], 'serves CronJob batch/v1 instead', 'error']],
    ],
    [
      'DeploymentConfigs onto an unknown OpenShift version: not known to be deprecated',
      cluster('src', {
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
        inventory: [
          listed('apps.openshift.io/v1/deploymentconfigs', 'DeploymentConfig', ['app/web']),
        ],
      }),
      cluster('dst', {
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
      }),
      ['app'],
      [],
      [],
    ],
    [
      'DeploymentConfigs onto 4.10: the OpenShift minor (10) is compared, not Kubernetes 1.23',
      cluster('src', {
        version: '3.11.0',
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
        inventory: [
          listed('apps.openshift.io/v1/deploymentconfigs', 'DeploymentConfig', ['app/web']),
        ],
      }),
      cluster('dst', {
        version: '4.10.0',
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
      }),
      ['app'],
      [],
      [],
    ],
    [
      'DeploymentConfigs onto v4.16.0: deprecated, the version as the cluster reports it',
      cluster('src', {
        version: '4.12.0',
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
        inventory: [
          listed('apps.openshift.io/v1/deploymentconfigs', 'DeploymentConfig', [
            'app/web',
            'app/api',
          ]),
        ],
      }),
      cluster('dst', {
        version: 'v4.16.0',
        apis: served({ 'apps.openshift.io/v1': 'deploymentconfigs=DeploymentConfig' }),
      }),
      ['app'],
      [
        [
          'MP4154',
          'plan "p": 2 DeploymentConfig(s) in app: DeploymentConfig is deprecated from OpenShift 4.14 (dst runs v4.16.0); move to apps/v1 Deployment',
        ],
      ],
      [
        [
          'DeploymentConfig',
          'apps.openshift.io',
          'v1',
          2,
          ['app'],
          'serves apps.openshift.io/v1 (deprecated)',
          'warning',
        ],
      ],
    ],
  ])('%s', (_name, source, target, namespaces, diagnostics, rows) => {
    const r = checkCompatibility({
      planName: 'p',
      index: 0,
      namespaces,
      source,
      target,
      engine: 'velero',
    });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual(diagnostics);
    expect(r.rows.map(rowOf)).toEqual(rows);
  });

  it.each<[string, string, [string, string][]]>([
    ['4.1.0 (Kubernetes 1.13): extensions/v1beta1 ingresses not deprecated yet', '4.1.0', []],
    [
      '4.2.0 (Kubernetes 1.14): extensions/v1beta1 ingresses deprecated',
      '4.2.0',
      [
        [
          'MP4154',
          'plan "p": 1 Ingress(s) in app: extensions/v1beta1 ingresses is deprecated on Kubernetes 1.14 and removed in 1.22; move to networking.k8s.io/v1',
        ],
      ],
    ],
  ])('Ingresses from 3.11 (extensions/v1beta1 only) onto %s', (_name, version, diagnostics) => {
    const r = checkCompatibility({
      planName: 'p',
      index: 0,
      namespaces: ['app'],
      source: cluster('src', {
        version: '3.11.0',
        apis: served({ 'extensions/v1beta1': 'ingresses=Ingress' }),
        inventory: [listed('extensions/v1beta1/ingresses', 'Ingress', ['app/web'])],
      }),
      target: cluster('dst', {
        version,
        apis: served({
          'extensions/v1beta1': 'ingresses=Ingress',
          'networking.k8s.io/v1beta1': 'ingresses=Ingress',
        }),
      }),
      engine: 'velero',
    });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual(diagnostics);
  });

  it('rows sort by kind, then group, whatever order they were found in', () => {
    // Errors are found first (in discovery order: zzz before aaa), the warning last.
    const source = src({
      apis: served({
        'zzz.example.com/v1': 'widgets=Widget',
        'aaa.example.com/v1': 'widgets=Widget',
        'batch/v1': 'jobs=Job',
        'batch/v1beta1': 'cronjobs=CronJob',
      }),
      inventory: [
        listed('zzz.example.com/v1/widgets', 'Widget', ['app/z']),
        listed('aaa.example.com/v1/widgets', 'Widget', ['app/a']),
      ],
      workloads: [cronJob('app', 'nightly')],
    });
    const r = checkCompatibility({
      planName: 'p',
      index: 0,
      namespaces: ['app'],
      source,
      target: cluster('dst', { apis: ocp48, version: '4.8.0' }),
      engine: 'velero',
    });
    expect(r.rows.map((x) => [x.kind, x.group, x.verdict])).toEqual([
      ['CronJob', 'batch', 'warning'],
      ['Widget', 'aaa.example.com', 'error'],
      ['Widget', 'zzz.example.com', 'error'],
    ]);
  });
});
