import type { ServedApis, ServedGroup, ServedResource } from './cluster-facts.js';
import type { ApiResource } from './api-resources.js';
import { cmp } from '../util/objects.js';

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The kinds of discovery documents an API server answers /api, /apis and /apis/GROUP/VERSION with. */
export const discoveryKinds: ReadonlySet<string> = new Set([
  'APIVersions',
  'APIGroupList',
  'APIResourceList',
]);

export const isDiscoveryDocument = (o: unknown): boolean =>
  isDict(o) && typeof o['kind'] === 'string' && discoveryKinds.has(o['kind']);

const splitGroupVersion = (gv: string): { group: string; version: string } => {
  const slash = gv.indexOf('/');
  return slash < 0
    ? { group: '', version: gv }
    : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
};

/**
 * What a cluster serves, from its discovery documents (as `oc get --raw /api`, `/apis` and
 * `/apis/GROUP/VERSION` print them): groups with their versions and preferred version, and every resource of
 * every group/version, subresources (`pods/log`) left out. Undefined when the documents name no group list
 * (nothing can be said about what the cluster does not serve).
 */
export function servedApisFrom(documents: readonly unknown[]): ServedApis | undefined {
  const groups = new Map<string, ServedGroup>();
  const resources = new Map<string, ServedResource>();
  let sawGroupList = false;
  const listed = new Set<string>();
  for (const d of documents) {
    if (!isDict(d)) continue;
    if (d['kind'] === 'APIVersions') {
      const versions = strs(d['versions']);
      if (versions.length)
        groups.set('', { name: '', versions, preferredVersion: versions[0] as string });
    } else if (d['kind'] === 'APIGroupList') {
      sawGroupList = true;
      for (const g of Array.isArray(d['groups']) ? d['groups'] : []) {
        if (!isDict(g)) continue;
        const name = str(g['name']);
        if (!name) continue;
        const versions = (Array.isArray(g['versions']) ? g['versions'] : [])
          .map((v) => (isDict(v) ? str(v['version']) : undefined))
          .filter((v): v is string => v !== undefined);
        const preferred =
          (isDict(g['preferredVersion']) ? str(g['preferredVersion']['version']) : undefined) ??
          versions[0];
        if (preferred !== undefined)
          groups.set(name, { name, versions, preferredVersion: preferred });
      }
    } else if (d['kind'] === 'APIResourceList') {
      const gv = str(d['groupVersion']);
      if (gv === undefined) continue;
      const { group, version } = splitGroupVersion(gv);
      listed.add(gv);
      for (const r of Array.isArray(d['resources']) ? d['resources'] : []) {
        if (!isDict(r)) continue;
        const plural = str(r['name']);
        const kind = str(r['kind']);
        if (!plural || !kind || plural.includes('/')) continue;
        resources.set(`${group}/${version}/${plural}`, {
          group,
          version,
          kind,
          plural,
          namespaced: r['namespaced'] === true,
          verbs: strs(r['verbs']).sort(),
        });
      }
    }
  }
  if (!sawGroupList) return undefined;
  // A resource list of a group/version the group list does not name is not served (a stale file).
  const served = [...resources.values()].filter((r) =>
    groups.get(r.group)?.versions.includes(r.version),
  );
  const unread = [...groups.values()]
    .flatMap((g) =>
      g.versions
        .filter((v) => !listed.has(gvLabel({ group: g.name, version: v })))
        .map((v) => gvLabel({ group: g.name, version: v })),
    )
    .sort(cmp);
  return {
    unread,
    groups: [...groups.values()].sort((a, b) => cmp(a.name, b.name)),
    resources: served.sort(
      (a, b) => cmp(a.group, b.group) || cmp(a.version, b.version) || cmp(a.plural, b.plural),
    ),
  };
}

/**
 * Resources served in one group under two names; Velero backs each up once, under the first group it
 * meets, with `extensions` sorted last (vmware-tanzu/velero pkg/backup/backup.go cohabitatingResources,
 * pkg/backup/item_collector.go getResourceItems, pkg/discovery/helper.go sortResources; the same table is
 * migtools/mig-controller pkg/gvk/gvk.go NewCohabitatingResources).
 */
export const cohabitingResources: Readonly<Record<string, readonly [string, string]>> = {
  deployments: ['extensions', 'apps'],
  daemonsets: ['extensions', 'apps'],
  replicasets: ['extensions', 'apps'],
  networkpolicies: ['extensions', 'networking.k8s.io'],
  events: ['', 'events.k8s.io'],
};

/**
 * Resources neither MTC nor Velero carries from the source namespaces: Velero never restores events
 * (pkg/controller/restore_controller.go nonRestorableResources), and MTC moves PVs, PVCs and ImageStreams
 * itself, excluding them from the Velero backup it compares (mig-controller pkg/settings/plan.go
 * ExcludedInitialResources, used by pkg/gvk/gvk.go Compare).
 */
const notCarried: ReadonlySet<string> = new Set([
  'events',
  'events.events.k8s.io',
  'persistentvolumes',
  'persistentvolumeclaims',
  'imagestreams.image.openshift.io',
]);

const groupResource = (r: { group: string; plural: string }) =>
  r.group ? `${r.plural}.${r.group}` : r.plural;

/** The verbs Velero asks of a resource it backs up (pkg/discovery/helper.go filterByVerbs). */
const BACKUP_VERBS = ['list', 'create', 'get', 'delete'];

/**
 * The namespaced resources Velero would back up from a cluster, each once, at its preferred version
 * (velero pkg/discovery/helper.go Refresh: ServerPreferredResources, filterByVerbs; item_collector.go
 * getResourceItems), skipping what neither MTC nor Velero carries.
 */
export function backedUpResources(apis: ServedApis): ServedResource[] {
  const candidates = preferredResources(apis).filter(
    (r) =>
      r.namespaced &&
      BACKUP_VERBS.every((v) => r.verbs.includes(v)) &&
      !notCarried.has(groupResource(r)),
  );
  // extensions last, so the apps/networking.k8s.io copy of a cohabiting resource is the one kept.
  const ordered = [
    ...candidates.filter((r) => r.group !== 'extensions'),
    ...candidates.filter((r) => r.group === 'extensions'),
  ];
  const seen = new Set<string>();
  const out: ServedResource[] = [];
  for (const r of ordered) {
    const pair = cohabitingResources[r.plural];
    if (pair && pair.includes(r.group)) {
      if (seen.has(r.plural)) continue;
      seen.add(r.plural);
    }
    out.push(r);
  }
  return out;
}

/**
 * Each resource of each group once, at the group's preferred version, or, for a resource the preferred
 * version does not serve, at the first of the group's versions (in the server's priority order) that
 * does: kubernetes client-go discovery/discovery_client.go ServerPreferredResources (e.g. CronJobs at
 * batch/v1beta1 on a cluster whose batch/v1 serves only Jobs).
 */
export function preferredResources(apis: ServedApis): ServedResource[] {
  const out: ServedResource[] = [];
  for (const g of apis.groups) {
    const order = [g.preferredVersion, ...g.versions.filter((v) => v !== g.preferredVersion)];
    const seen = new Set<string>();
    for (const version of order) {
      for (const r of apis.resources) {
        if (r.group !== g.name || r.version !== version || seen.has(r.plural)) continue;
        seen.add(r.plural);
        out.push(r);
      }
    }
  }
  return out;
}

/** Whether a cluster serves a resource at exactly this group/version. */
export function serves(apis: ServedApis, group: string, version: string, plural: string): boolean {
  return apis.resources.some(
    (r) => r.group === group && r.version === version && r.plural === plural,
  );
}

/** Where else a cluster serves a kind: the same resource at other versions, or the same kind in another group. */
export function servedInstead(apis: ServedApis, r: ServedResource): ServedResource[] {
  return apis.resources.filter(
    (x) =>
      !(x.group === r.group && x.version === r.version) &&
      x.namespaced === r.namespaced &&
      ((x.group === r.group && x.plural === r.plural) ||
        (x.kind === r.kind && x.plural === r.plural)),
  );
}

export const asApiResource = (r: ServedResource): ApiResource => ({
  group: r.group,
  version: r.version,
  kind: r.kind,
  plural: r.plural,
  namespaced: r.namespaced,
});

export const gvLabel = (r: { group: string; version: string }): string =>
  r.group ? `${r.group}/${r.version}` : r.version;

/** Discovery as the documents an API server answers, for `migplan snapshot` and the test fixture. */
export function discoveryDocuments(apis: ServedApis): Record<string, unknown>[] {
  const core = apis.groups.find((g) => g.name === '');
  const docs: Record<string, unknown>[] = [
    { kind: 'APIVersions', versions: core?.versions ?? [] },
    {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: apis.groups
        .filter((g) => g.name !== '')
        .map((g) => ({
          name: g.name,
          versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
          preferredVersion: {
            groupVersion: `${g.name}/${g.preferredVersion}`,
            version: g.preferredVersion,
          },
        })),
    },
  ];
  for (const g of apis.groups) {
    for (const version of g.versions) {
      if (apis.unread.includes(gvLabel({ group: g.name, version }))) continue;
      docs.push({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gvLabel({ group: g.name, version }),
        resources: apis.resources
          .filter((r) => r.group === g.name && r.version === version)
          .map((r) => ({
            name: r.plural,
            singularName: r.kind.toLowerCase(),
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: r.verbs,
          })),
      });
    }
  }
  return docs;
}
