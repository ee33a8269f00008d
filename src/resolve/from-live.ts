import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { maskCredentials, printableSnippet } from '../diagnostics/sanitize.js';
import type { Cluster } from '../spec/spec.js';
import { cmp, isDict } from '../util/objects.js';
import {
  apiPath,
  apiVersionOf,
  objectPath,
  plannerResources,
  unservedGroups,
  type ApiResource,
} from './api-resources.js';
import {
  emptyFacts,
  workloadKinds,
  type ClusterFacts,
  type InventoryList,
  type ObjectKey,
  type ServedApis,
  type ServedResource,
} from './cluster-facts.js';
import { asApiResource, gvLabel, servedApisFrom } from './discovery.js';
import type { ClusterSource } from './cluster-source.js';
import { factsFromObjects, mergeFacts, type KubeObject } from './facts-from-objects.js';
import { loadKubeConfig, openConnection, type KubeconfigOptions } from './from-live-auth.js';
import {
  CONNECT_TIMEOUT_CAP_MS,
  DEFAULT_DEADLINE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DiscoveryError,
  httpClient,
  ReadBudget,
  withConcurrency,
  type HttpClient,
  type Response,
} from './from-live-http.js';

export { loadKubeConfig } from './from-live-auth.js';

export interface LiveOptions extends KubeconfigOptions {
  /** Namespaces the plans touch on a cluster: the per-namespace fallback after a 403 on a cluster-wide list. */
  namespacesFor: (cluster: string) => readonly string[];
  pageSize?: number;
  concurrency?: number;
  attempts?: number;
  /** --request-timeout: until the response headers, and between two chunks of a body (default 30 s). */
  requestTimeoutMs?: number;
  /** TCP connect and TLS handshake, each (default: the request timeout, at most 10 s). */
  connectTimeoutMs?: number;
  /** --timeout: the whole read of one cluster, retries and waits included (default 10 min). */
  deadlineMs?: number;
  /** How often a list starts again after its continue token expired (410 Gone). */
  maxRelists?: number;
  maxBodyBytes?: number;
  /** The kinds to list (default: what the Migration planner reads). */
  resources?: readonly ApiResource[];
  /** Kinds without which there are no facts (default: the planner's). */
  required?: ReadonlySet<string>;
  /** Called once per kind with its complete list (kind and apiVersion filled in), for `migplan snapshot`. */
  record?: (cluster: string, resource: ApiResource, items: KubeObject[]) => void;
  /**
   * Read every group/version's resource list and the CRD names (the target compatibility facts, MP415x).
   * Default: only when listing the Migration planner's kinds; a NetworkMigration never needs them.
   */
  apiDiscovery?: boolean;
  /** Called once with the discovery documents read (/api, /apis, one resource list per group/version). */
  recordDiscovery?: (cluster: string, documents: Record<string, unknown>[]) => void;
  progress?: (cluster: string, kindsDone: number, kindsTotal: number, objects: number) => void;
}

/** Required kinds: without them there is no plan. Everything else degrades to a warning. */
const REQUIRED = new Set([
  'Namespace',
  'Pod',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
]);

const DEFAULT_MAX_RELISTS = 3;
const DEFAULT_CONCURRENCY = 6;
/** One page is at most 500 objects; even very large objects stay far below this. */
const DEFAULT_MAX_BODY_BYTES = 256 * 2 ** 20;

/**
 * Reads clusters through their kubeconfig contexts: one paged LIST per kind (cluster-wide, per namespace only
 * after a 403), kinds in parallel with bounded concurrency, retries with backoff for 429/5xx. A kind becomes
 * facts only once its list is complete; every request is bounded by timeouts and the read by a deadline.
 */
export function liveSource(opts: LiveOptions): ClusterSource {
  return {
    kind: 'live',
    read: (name: string, cluster: Cluster) =>
      asResult(name, opts, (budget) => discover(name, cluster, opts, budget)),
    listMetadata: (name, cluster, resources, namespaces) =>
      asResult(name, opts, async (budget) => {
        const client = await connect(name, cluster, opts, budget);
        try {
          return await inventoryWith(client, name, opts, budget, resources, namespaces);
        } finally {
          client.close();
        }
      }),
  };
}

/** Accept header asking for metadata only (what kubectl sends, without its full-object fallback). */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

/**
 * The objects of each resource in the given namespaces, by name only: one paged, cluster-wide,
 * metadata-only LIST per resource (a full list where the server answers 406 to the metadata Accept). A
 * refused list is "not checked", never empty; no per-namespace fallback, no full objects kept.
 */
async function inventoryWith(
  client: HttpClient,
  name: string,
  opts: LiveOptions,
  budget: ReadBudget,
  resources: readonly ServedResource[],
  namespaces: readonly string[],
): Promise<StageResult<InventoryList[]>> {
  const wanted = new Set(namespaces);
  const out = new Map<string, InventoryList>();
  const diagnostics: Diagnostic[] = [];
  const lists = listSettings(opts);
  await withConcurrency(resources, opts.concurrency ?? DEFAULT_CONCURRENCY, budget, async (r) => {
    const keys = await listKeys(client, asApiResource(r), lists);
    const entry: InventoryList = {
      group: r.group,
      version: r.version,
      kind: r.kind,
      plural: r.plural,
    };
    if (keys === 'forbidden') {
      const permission = `list ${r.plural}${r.group ? `.${r.group}` : ''}`;
      entry.unreadable = `the identity may not ${permission}`;
      diagnostics.push(
        diag(
          'MP3007',
          `the identity for ${name} may not ${permission}; its objects are not compared with the target`,
        ),
      );
    } else entry.objects = keys.filter((k) => wanted.has(k.namespace));
    out.set(`${r.group}/${r.version}/${r.plural}`, entry);
  });
  return {
    value: resources.flatMap((r) => out.get(`${r.group}/${r.version}/${r.plural}`) ?? []),
    diagnostics,
  };
}

/** Every object of a resource by namespace/name, metadata only; sorted. */
async function listKeys(
  client: HttpClient,
  r: ApiResource,
  lists: ListSettings,
): Promise<ObjectKey[] | 'forbidden'> {
  const toKeys = (items: KubeObject[]): ObjectKey[] =>
    items.flatMap((o) => {
      const meta = o['metadata'] as { name?: unknown; namespace?: unknown } | undefined;
      return typeof meta?.name === 'string'
        ? [{ namespace: typeof meta.namespace === 'string' ? meta.namespace : '', name: meta.name }]
        : [];
    });
  const pages = await listAll(client, r, undefined, { ...lists, metadataOnly: true }, toKeys);
  if (pages === 'forbidden') return 'forbidden';
  if (pages === 'absent') return [];
  return pages.flat().sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

interface ListSettings {
  pageSize: number;
  maxRelists: number;
  metadataOnly?: boolean;
}

const listSettings = (opts: Pick<LiveOptions, 'pageSize' | 'maxRelists'>): ListSettings => ({
  pageSize: opts.pageSize ?? 500,
  maxRelists: opts.maxRelists ?? DEFAULT_MAX_RELISTS,
});

/** Opens an authenticated client for a cluster's context (kubeconfig, CA, client certs, tokens, exec, proxy). */
async function connect(
  name: string,
  cluster: Cluster,
  opts: LiveOptions,
  budget: ReadBudget,
): Promise<HttpClient> {
  const contextName = cluster.discovery?.context;
  if (!contextName)
    throw new DiscoveryError(
      diag(
        'MP3003',
        `cluster "${name}" has no discovery.context; compile --from live cannot read it`,
      ),
    );
  const kc = loadKubeConfig(opts, cluster);
  const connection = await openConnection(kc, contextName, budget);
  const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return httpClient({
    ...connection,
    budget,
    attempts: opts.attempts ?? 5,
    connectTimeoutMs: opts.connectTimeoutMs ?? Math.min(CONNECT_TIMEOUT_CAP_MS, requestTimeoutMs),
    responseTimeoutMs: requestTimeoutMs,
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxSockets: opts.concurrency ?? DEFAULT_CONCURRENCY,
  });
}

/**
 * Reads objects back by name (for `diff --against live`): absent objects are simply missing from the result.
 * Server-set fields are left for the caller to ignore.
 */
export async function fetchObjects(
  name: string,
  cluster: Cluster,
  opts: LiveOptions,
  refs: readonly { resource: ApiResource; namespace?: string; name: string }[],
): Promise<StageResult<KubeObject[]>> {
  return asResult(name, opts, async (budget) => {
    const client = await connect(name, cluster, opts, budget);
    const found: KubeObject[] = [];
    try {
      await withConcurrency(refs, opts.concurrency ?? DEFAULT_CONCURRENCY, budget, async (ref) => {
        const path = objectPath(ref.resource, ref.namespace, ref.name);
        const res = await client.get(path, isObject);
        if (res.status === 404) return;
        if (res.status !== 200) throw unexpected(client, res, path);
        found.push({
          apiVersion: apiVersionOf(ref.resource),
          kind: ref.resource.kind,
          ...(res.json as KubeObject),
        });
      });
    } finally {
      client.close();
    }
    return { value: found, diagnostics: [] };
  });
}

/**
 * Lists every object of the given kinds, cluster-wide and paged, for readers that build their facts from objects
 * (the HostedClusterMigration kind). A kind the server does not serve has no objects, as in a recording; a kind it
 * refuses is an error, never an empty list. The kinds in `metadataOnly` are listed as PartialObjectMetadataList
 * (the same metadata-only list, with its 406 fallback, as the compatibility inventory), so Secret values do not
 * cross the wire from any API server that can send metadata only, and are dropped on arrival from one that cannot.
 */
export async function listObjects(
  name: string,
  cluster: Cluster,
  opts: Omit<LiveOptions, 'namespacesFor'>,
  resources: readonly ApiResource[],
  metadataOnly: ReadonlySet<string> = new Set(),
): Promise<StageResult<KubeObject[]>> {
  return asResult(name, { ...opts, namespacesFor: () => [] }, async (budget) => {
    const client = await connect(name, cluster, { ...opts, namespacesFor: () => [] }, budget);
    try {
      // The group list only (no group/version resource lists): this reader needs to know which groups exist.
      const { groups } = await readDiscovery(client);
      const served = resources.filter((r) => r.group === '' || groups.has(r.group));
      const parts = new Map<string, KubeObject[]>();
      const lists = listSettings(opts);
      await withConcurrency(served, opts.concurrency ?? DEFAULT_CONCURRENCY, budget, async (r) => {
        const asMetadata = metadataOnly.has(r.kind);
        const pages = await listAll(
          client,
          r,
          undefined,
          { ...lists, metadataOnly: asMetadata },
          (items) =>
            // Metadata only, whatever the server sent (a 406 fallback, or a server that ignores the Accept header):
            // nothing but names and labels is kept, under the resource's own kind (not PartialObjectMetadata).
            asMetadata
              ? items.map((o) => ({
                  apiVersion: apiVersionOf(r),
                  kind: r.kind,
                  metadata: o['metadata'],
                }))
              : items,
        );
        if (pages === 'forbidden')
          throw new DiscoveryError(
            diag(
              'MP3008',
              `the identity of ${client.where} may not list ${r.plural}${r.group ? `.${r.group}` : ''}; migplan cannot plan ${name} without ${r.kind}s`,
            ),
          );
        parts.set(r.plural + '.' + r.group, pages === 'absent' ? [] : pages.flat());
      });
      return {
        value: served.flatMap((r) => parts.get(r.plural + '.' + r.group) ?? []),
        diagnostics: [],
      };
    } finally {
      client.close();
    }
  });
}

/**
 * Runs one cluster read within its deadline and turns a DiscoveryError into the diagnostic it carries, located
 * at the cluster's discovery settings, with any credential masked.
 */
async function asResult<T>(
  name: string,
  opts: LiveOptions,
  work: (budget: ReadBudget) => Promise<StageResult<T>>,
): Promise<StageResult<T>> {
  const budget = new ReadBudget(opts.deadlineMs ?? DEFAULT_DEADLINE_MS);
  try {
    return await work(budget);
  } catch (err) {
    if (err instanceof DiscoveryError)
      return {
        diagnostics: [
          {
            ...err.diagnostic,
            message: maskCredentials(err.diagnostic.message),
            path: ['spec', 'clusters', name, 'discovery'],
          },
        ],
      };
    throw err;
  } finally {
    budget.finish();
  }
}

async function discover(
  name: string,
  cluster: Cluster,
  opts: LiveOptions,
  budget: ReadBudget,
): Promise<StageResult<ClusterFacts>> {
  const client = await connect(name, cluster, opts, budget);
  try {
    return await discoverWith(client, name, opts, budget);
  } finally {
    client.close();
  }
}

async function discoverWith(
  client: HttpClient,
  name: string,
  opts: LiveOptions,
  budget: ReadBudget,
): Promise<StageResult<ClusterFacts>> {
  const diagnostics: Diagnostic[] = [];
  const discovery = await readDiscovery(client);
  const groups = discovery.groups;
  const wanted = opts.resources ?? plannerResources;
  const withApis = opts.apiDiscovery ?? opts.resources === undefined;
  const resources = wanted.filter((r) => r.group === '' || groups.has(r.group));
  for (const g of unservedGroups(groups, wanted))
    diagnostics.push(diag('MP3006', `${name} does not serve ${g}; its kinds are not read`));
  const unreadable: string[] = [];
  const parts = new Map<string, ClusterFacts[]>();
  let done = 0;
  let objects = 0;
  const lists = listSettings(opts);
  // One pool: the kinds' lists and the resource list of every group/version, at most `concurrency` at once.
  // The kinds go first: their paged lists are the long chains, and the one-request discovery documents fill
  // the slots they leave, instead of delaying them (issue 16's cost budget).
  const tasks: ({ gv: { group: string; version: string } } | { kind: ApiResource })[] = [
    ...resources.map((kind) => ({ kind })),
    ...(withApis ? discovery.groupVersions.map((gv) => ({ gv })) : []),
  ];
  await withConcurrency(tasks, opts.concurrency ?? DEFAULT_CONCURRENCY, budget, async (task) => {
    if ('gv' in task) return discovery.fetch(task.gv);
    const r = task.kind;
    // Per page: the facts, and the raw objects only when a snapshot records them.
    const toPage = (items: KubeObject[]): Page => ({
      facts: factsFromObjects(name, items),
      items: opts.record ? items : [],
      count: items.length,
    });
    const whole = await listAll(client, r, undefined, lists, toPage);
    let pages: Page[] | undefined;
    if (whole === 'absent') pages = [];
    else if (whole !== 'forbidden') pages = whole;
    else if (r.namespaced && opts.namespacesFor(name).length > 0) {
      // RBAC may allow the plan's namespaces even when the cluster-wide list is refused. With no
      // namespaces to try (a snapshot of the whole cluster), the refused kind stays unknown, not empty.
      const perNamespace = await Promise.all(
        opts.namespacesFor(name).map((ns) => listAll(client, r, ns, lists, toPage)),
      );
      if (perNamespace.some((o) => o === 'forbidden'))
        forbidden(r, name, client.where, diagnostics, unreadable, true, opts.required);
      // Only when every namespace's list is complete do they become facts, together.
      else pages = perNamespace.flatMap((o) => (o === 'absent' || o === 'forbidden' ? [] : o));
    } else forbidden(r, name, client.where, diagnostics, unreadable, false, opts.required);
    if (pages) {
      objects += pages.reduce((n, p) => n + p.count, 0);
      if (opts.record)
        opts.record(
          name,
          r,
          pages.flatMap((p) => p.items),
        );
      parts.set(
        r.plural,
        pages.map((p) => p.facts),
      );
    }
    done++;
    opts.progress?.(name, done, resources.length, objects);
  });
  // Merge in a fixed kind order, never completion order, so output does not depend on timing.
  const ordered = resources.flatMap((r) => parts.get(r.plural) ?? []);
  const facts = mergeFacts(name, ordered.length ? ordered : [emptyFacts(name)]);
  facts.unreadable = [...new Set([...facts.unreadable, ...unreadable])].sort();
  // A group the server does not serve has none of its kinds; a kind it refused is unknown.
  facts.workloadsListed = !workloadKinds.some((k) => facts.unreadable.includes(k));
  // The CRDs' names, metadata only (a CRD's schema can be megabytes), alongside the kinds.
  const readCrdNames = (apis: ServedApis) => {
    const crdList = crdResource(apis);
    return crdList
      ? listKeys(client, crdList, lists).then((keys) => {
          if (keys === 'forbidden') {
            diagnostics.push(
              diag(
                'MP3007',
                `the identity for ${name} may not list customresourcedefinitions.apiextensions.k8s.io; missing CRDs are reported as kinds not served`,
              ),
            );
            return undefined;
          }
          const names = keys.map((k) => k.name).sort();
          opts.record?.(
            name,
            crdList,
            names.map((n) => ({
              apiVersion: apiVersionOf(crdList),
              kind: crdList.kind,
              metadata: { name: n },
            })),
          );
          return names;
        })
      : Promise.resolve(undefined);
  };
  if (!withApis) return { value: facts, diagnostics };
  const { apis, documents } = discovery.finish();
  opts.recordDiscovery?.(name, documents);
  facts.apis = apis;
  const crds = await readCrdNames(apis);
  if (crds) facts.crds = crds;
  return { value: facts, diagnostics };
}

/** Where a cluster serves CRDs (apiextensions.k8s.io at its preferred version), if it does. */
function crdResource(apis: ServedApis): ApiResource | undefined {
  const group = apis.groups.find((g) => g.name === 'apiextensions.k8s.io');
  const r = apis.resources.find(
    (x) =>
      x.group === 'apiextensions.k8s.io' &&
      x.version === group?.preferredVersion &&
      x.plural === 'customresourcedefinitions',
  );
  return r ? asApiResource(r) : undefined;
}

/**
 * The cluster's discovery: /api and /apis (the groups), then, through `fetch`, the resource list of every
 * group/version (run in the read's one pool, alongside the kinds, which need the groups only). A
 * group/version whose list fails with a server error (an aggregated API that is down) is left out: it is
 * then named by the group list but has no resources, which the compatibility check reports as not checked.
 */
async function readDiscovery(client: HttpClient): Promise<{
  groups: Set<string>;
  groupVersions: { group: string; version: string }[];
  fetch: (gv: { group: string; version: string }) => Promise<void>;
  finish: () => { apis: ServedApis; documents: Record<string, unknown>[] };
}> {
  const core = await client.get('/api', isObject);
  if (core.status !== 200) throw unexpected(client, core, '/api');
  const res = await client.get('/apis', isGroupList);
  if (res.status !== 200) throw unexpected(client, res, '/apis');
  const documents: Record<string, unknown>[] = [
    { ...(core.json as Record<string, unknown>), kind: 'APIVersions' },
    { ...(res.json as Record<string, unknown>), kind: 'APIGroupList' },
  ];
  const first = servedApisFrom(documents) ?? { groups: [], resources: [], unread: [] };
  const groupVersions = first.groups.flatMap((g) =>
    g.versions.map((version) => ({ group: g.name, version })),
  );
  const lists = new Map<string, Record<string, unknown>>();
  return {
    groups: new Set(first.groups.map((g) => g.name).filter((g) => g !== '')),
    groupVersions,
    fetch: async (gv) => {
      const path = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
      const r = await client.get(path, isObject).catch((err: unknown) => {
        // Retries spent on one group/version's server errors or bad bodies: the rest of discovery still
        // counts. Credentials, deadlines and connection failures end the read as anywhere else.
        if (
          err instanceof DiscoveryError &&
          (err.diagnostic.code === 'MP3014' || err.diagnostic.code === 'MP3016')
        )
          return undefined;
        throw err;
      });
      if (r?.status === 200)
        lists.set(gvLabel(gv), { ...(r.json as Record<string, unknown>), kind: 'APIResourceList' });
    },
    finish: () => {
      for (const gv of groupVersions) {
        const doc = lists.get(gvLabel(gv));
        if (doc) documents.push(doc);
      }
      return { apis: servedApisFrom(documents) ?? first, documents };
    },
  };
}

interface Page {
  facts: ClusterFacts;
  items: KubeObject[];
  count: number;
}

function forbidden(
  r: ApiResource,
  cluster: string,
  where: string,
  diagnostics: Diagnostic[],
  unreadable: string[],
  namespaced: boolean,
  required: ReadonlySet<string> = REQUIRED,
): void {
  const permission = `list ${r.plural}${r.group ? `.${r.group}` : ''}`;
  if (required.has(r.kind)) {
    throw new DiscoveryError(
      diag(
        'MP3008',
        `the identity of ${where} may not ${permission}${namespaced ? ' (not even in the plan namespaces)' : ''}; migplan cannot plan ${cluster} without ${r.kind}s`,
      ),
    );
  }
  unreadable.push(r.kind);
  const consequence =
    r.kind === 'SecurityContextConstraints'
      ? 'SCC grants are not checked'
      : r.kind.startsWith('Egress') || r.kind === 'NetworkPolicy'
        ? 'network allowances are not checked'
        : `${r.kind}s are not considered`;
  diagnostics.push(
    diag('MP3007', `the identity for ${cluster} may not ${permission}; ${consequence}`),
  );
}

/**
 * Lists one resource page by page and hands the pages over only when the list is complete. Kubernetes'
 * contract for an expired continue token (410 Gone) is to start the list again and drop what was read
 * (k8s.io/client-go tools/pager/pager.go ListPager.List; kubectl does the same): the pages of the broken
 * list belong to an older resourceVersion and must not mix with the new one. Relists are bounded.
 */
async function listAll<T>(
  client: HttpClient,
  r: ApiResource,
  namespace: string | undefined,
  lists: ListSettings,
  toPage: (items: KubeObject[]) => T,
): Promise<T[] | 'forbidden' | 'absent'> {
  const base = `${apiPath(r)}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}`;
  const selector = r.labelSelector ? `&labelSelector=${encodeURIComponent(r.labelSelector)}` : '';
  let metadataOnly = lists.metadataOnly === true;
  for (let relist = 0; ; relist++) {
    const pages: T[] = [];
    let cont: string | undefined;
    let expired = false;
    do {
      const path = `${base}?limit=${lists.pageSize}${selector}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const res = await client.get(
        path,
        isListPage,
        metadataOnly ? METADATA_ONLY : 'application/json',
      );
      if (!cont && res.status === 406 && metadataOnly) {
        // A server (or proxy) that cannot serve PartialObjectMetadataList: the full list, same paging.
        metadataOnly = false;
        relist--;
        expired = true;
        break;
      }
      if (!cont && res.status === 403) return 'forbidden';
      if (!cont && res.status === 404) return 'absent';
      if (cont && res.status === 410) {
        expired = true;
        break;
      }
      if (res.status !== 200) throw unexpected(client, res, base);
      const page = res.json as ListPage;
      // List items carry no kind/apiVersion on the wire; the planner (and snapshots) need them.
      pages.push(
        toPage(
          (page.items ?? []).map((o) => ({ apiVersion: apiVersionOf(r), kind: r.kind, ...o })),
        ),
      );
      const next = page.metadata?.continue || undefined;
      if (next !== undefined && next === cont)
        throw new DiscoveryError(
          diag(
            'MP3016',
            `GET ${base} on ${client.where} returned the same continue token twice; the list would never end`,
          ),
        );
      cont = next;
    } while (cont);
    if (!expired) return pages;
    if (relist >= lists.maxRelists)
      throw new DiscoveryError(
        diag(
          'MP3015',
          `the list of ${r.kind}s${namespace ? ` in namespace ${namespace}` : ''} on ${client.where} could not be completed: its continue token expired (410 Gone) ${relist + 1} times; no partial list is used`,
        ),
      );
  }
}

interface ListPage {
  items?: KubeObject[];
  metadata?: { continue?: string };
}

function isObject(json: unknown): string | undefined {
  return isDict(json) ? undefined : 'not a JSON object';
}

function isGroupList(json: unknown): string | undefined {
  if (!isDict(json)) return 'not a JSON object';
  const groups = json['groups'];
  if (groups === undefined) return undefined;
  if (!Array.isArray(groups) || !groups.every((g) => isDict(g) && typeof g['name'] === 'string'))
    return 'not an APIGroupList';
  return undefined;
}

function isListPage(json: unknown): string | undefined {
  if (!isDict(json)) return 'not a JSON object';
  const items = json['items'];
  if (items !== undefined && items !== null && !(Array.isArray(items) && items.every(isDict)))
    return 'not a list of objects';
  const meta = json['metadata'];
  if (meta !== undefined && !isDict(meta)) return 'not a list of objects';
  const cont = isDict(meta) ? meta['continue'] : undefined;
  if (cont !== undefined && typeof cont !== 'string')
    return 'a list with a malformed continue token';
  return undefined;
}

function unexpected(client: HttpClient, res: Response, path: string): DiscoveryError {
  let message = '';
  try {
    const status = JSON.parse(res.body) as unknown;
    message = isDict(status) && typeof status['message'] === 'string' ? status['message'] : '';
  } catch {
    message = res.body;
  }
  return new DiscoveryError(
    diag(
      'MP3014',
      `GET ${path.split('?')[0] ?? path} on ${client.where} answered ${res.status}${message ? `: ${printableSnippet(message, 200)}` : ''}`,
    ),
  );
}
