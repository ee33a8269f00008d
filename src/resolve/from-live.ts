import { existsSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { Cluster } from '../spec/spec.js';
import {
  apiPath,
  apiVersionOf,
  objectPath,
  plannerResources,
  type ApiResource,
} from './api-resources.js';
import { emptyFacts, type ClusterFacts } from './cluster-facts.js';
import type { ClusterSource } from './cluster-source.js';
import { factsFromObjects, mergeFacts, type KubeObject } from './facts-from-objects.js';

export interface LiveOptions {
  /** --kubeconfig; otherwise KUBECONFIG (several files, : separated) or ~/.kube/config, as kubectl does. */
  kubeconfig?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative discovery.kubeconfig paths resolve against (the spec's). */
  baseDir: string;
  /** Namespaces the plans touch on a cluster: the per-namespace fallback after a 403 on a cluster-wide list. */
  namespacesFor: (cluster: string) => readonly string[];
  pageSize?: number;
  concurrency?: number;
  attempts?: number;
  timeoutMs?: number;
  /** Called with every page of raw objects (kind and apiVersion filled in), for `migplan snapshot`. */
  record?: (cluster: string, resource: ApiResource, items: KubeObject[]) => void;
  progress?: (cluster: string, kindsDone: number, kindsTotal: number, objects: number) => void;
}

/** A failure that ends discovery of one cluster with a diagnostic (never a stack trace). */
class DiscoveryError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Required kinds: without them there is no plan. Everything else degrades to a warning. */
const REQUIRED = new Set([
  'Namespace',
  'Pod',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
]);

/**
 * Reads clusters through their kubeconfig contexts: one paged LIST per kind (cluster-wide, per namespace only
 * after a 403), kinds in parallel with bounded concurrency, retries with backoff for 429/5xx.
 */
export function liveSource(opts: LiveOptions): ClusterSource {
  return {
    kind: 'live',
    read: (name: string, cluster: Cluster) => asResult(name, () => discover(name, cluster, opts)),
  };
}

export function loadKubeConfig(
  opts: Pick<LiveOptions, 'kubeconfig' | 'env' | 'baseDir'>,
  cluster: Cluster,
): KubeConfig {
  const files = cluster.discovery?.kubeconfig
    ? [resolvePath(opts.baseDir, cluster.discovery.kubeconfig)]
    : opts.kubeconfig
      ? [opts.kubeconfig]
      : (opts.env['KUBECONFIG'] ?? `${opts.env['HOME'] ?? homedir()}/.kube/config`)
          .split(':')
          .filter(Boolean);
  const existing = files.filter((f) => existsSync(f));
  if (existing.length === 0)
    throw new DiscoveryError(
      diag('MP3010', `no kubeconfig found (looked at ${files.join(', ') || 'nothing'})`),
    );
  const kc = new KubeConfig();
  // KUBECONFIG files merge first-wins, like kubectl.
  for (const [i, file] of existing.entries()) {
    try {
      if (i === 0) kc.loadFromFile(file);
      else {
        const more = new KubeConfig();
        more.loadFromFile(file);
        for (const c of more.clusters) if (!kc.getCluster(c.name)) kc.clusters.push(c);
        for (const u of more.users) if (!kc.getUser(u.name)) kc.users.push(u);
        for (const c of more.contexts) if (!kc.getContextObject(c.name)) kc.contexts.push(c);
      }
    } catch (err) {
      throw new DiscoveryError(
        diag(
          'MP3010',
          `cannot load kubeconfig ${file}: ${(err as Error).message.split('\n')[0] ?? ''}`,
        ),
      );
    }
  }
  return kc;
}

/** Opens an authenticated client for a cluster's context (kubeconfig, CA, client certs, tokens, exec, proxy). */
async function connect(name: string, cluster: Cluster, opts: LiveOptions): Promise<HttpClient> {
  const contextName = cluster.discovery?.context;
  if (!contextName)
    throw new DiscoveryError(
      diag(
        'MP3003',
        `cluster "${name}" has no discovery.context; compile --from live cannot read it`,
      ),
    );
  const kc = loadKubeConfig(opts, cluster);
  if (!kc.getContextObject(contextName)) {
    throw new DiscoveryError(
      diag(
        'MP3010',
        `kubeconfig has no context "${contextName}" (contexts: ${kc.contexts.map((c) => c.name).join(', ') || 'none'})`,
      ),
    );
  }
  kc.setCurrentContext(contextName);
  const server = kc.getCurrentCluster()?.server ?? '';
  const where = `context "${contextName}" (${server})`;
  const base: RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(base);
  } catch (err) {
    throw new DiscoveryError(
      diag(
        'MP3011',
        `credentials for ${where} could not be obtained: ${(err as Error).message.split('\n')[0] ?? ''}`,
      ),
    );
  }
  return httpClient(server, base, where, opts);
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
  return asResult(name, async () => {
    const client = await connect(name, cluster, opts);
    const found: KubeObject[] = [];
    await withConcurrency(refs, opts.concurrency ?? 6, async (ref) => {
      const path = objectPath(ref.resource, ref.namespace, ref.name);
      const res = await client.get(path);
      if (res.status === 404) return;
      if (res.status !== 200) throw unexpected(res, path);
      found.push({
        apiVersion: apiVersionOf(ref.resource),
        kind: ref.resource.kind,
        ...(JSON.parse(res.body) as KubeObject),
      });
    });
    return { value: found, diagnostics: [] };
  });
}

/** Turns a DiscoveryError into the diagnostic it carries, located at the cluster's discovery settings. */
async function asResult<T>(
  name: string,
  work: () => Promise<StageResult<T>>,
): Promise<StageResult<T>> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DiscoveryError)
      return {
        diagnostics: [{ ...err.diagnostic, path: ['spec', 'clusters', name, 'discovery'] }],
      };
    throw err;
  }
}

async function discover(
  name: string,
  cluster: Cluster,
  opts: LiveOptions,
): Promise<StageResult<ClusterFacts>> {
  const client = await connect(name, cluster, opts);
  const diagnostics: Diagnostic[] = [];
  const groups = await servedGroups(client);
  const resources = plannerResources.filter((r) => r.group === '' || groups.has(r.group));
  for (const g of [
    ...new Set(plannerResources.filter((r) => r.group && !groups.has(r.group)).map((r) => r.group)),
  ].sort()) {
    diagnostics.push(diag('MP3006', `${name} does not serve ${g}; its kinds are not read`));
  }
  const unreadable: string[] = [];
  const parts = new Map<string, ClusterFacts[]>();
  let done = 0;
  let objects = 0;
  await withConcurrency(resources, opts.concurrency ?? 6, async (r) => {
    const collected: ClusterFacts[] = [];
    const onPage = (items: KubeObject[]) => {
      objects += items.length;
      opts.record?.(name, r, items);
      collected.push(factsFromObjects(name, items));
    };
    const outcome = await listAll(client, r, undefined, onPage, opts.pageSize);
    if (outcome === 'forbidden') {
      if (r.namespaced) {
        // RBAC may allow the plan's namespaces even when the cluster-wide list is refused.
        const fallback = await Promise.all(
          opts.namespacesFor(name).map((ns) => listAll(client, r, ns, onPage, opts.pageSize)),
        );
        if (fallback.some((o) => o === 'forbidden'))
          forbidden(r, name, diagnostics, unreadable, true);
      } else forbidden(r, name, diagnostics, unreadable, false);
    }
    parts.set(r.plural, collected);
    done++;
    opts.progress?.(name, done, resources.length, objects);
  });
  // Merge in a fixed kind order, never completion order, so output does not depend on timing.
  const ordered = resources.flatMap((r) => parts.get(r.plural) ?? []);
  const facts = mergeFacts(name, ordered.length ? ordered : [emptyFacts(name)]);
  facts.unreadable = [...new Set([...facts.unreadable, ...unreadable])].sort();
  return { value: facts, diagnostics };
}

function forbidden(
  r: ApiResource,
  cluster: string,
  diagnostics: Diagnostic[],
  unreadable: string[],
  namespaced: boolean,
): void {
  const permission = `list ${r.plural}${r.group ? `.${r.group}` : ''}`;
  if (REQUIRED.has(r.kind)) {
    throw new DiscoveryError(
      diag(
        'MP3008',
        `the identity for ${cluster} may not ${permission}${namespaced ? ' (not even in the plan namespaces)' : ''}; migplan cannot plan without ${r.kind}s`,
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

interface HttpClient {
  get(path: string): Promise<Response>;
}

async function servedGroups(client: HttpClient): Promise<Set<string>> {
  const core = await client.get('/api');
  if (core.status !== 200) throw unexpected(core, '/api');
  const res = await client.get('/apis');
  if (res.status !== 200) throw unexpected(res, '/apis');
  const list = JSON.parse(res.body) as { groups?: { name: string }[] };
  return new Set((list.groups ?? []).map((g) => g.name));
}

/** Lists one resource page by page, handing each page over as soon as it arrives. */
async function listAll(
  client: HttpClient,
  r: ApiResource,
  namespace: string | undefined,
  onPage: (items: KubeObject[]) => void,
  pageSize = 500,
): Promise<'ok' | 'forbidden' | 'absent'> {
  const base = `${apiPath(r)}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}`;
  let cont: string | undefined;
  let restarts = 0;
  do {
    const path = `${base}?limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const res = await client.get(path);
    if (res.status === 403) return 'forbidden';
    if (res.status === 404) return 'absent';
    if (res.status === 410 && cont && restarts++ < 2) {
      cont = undefined; // the continue token expired: start the list again
      continue;
    }
    if (res.status !== 200) throw unexpected(res, path);
    const page = JSON.parse(res.body) as { items?: KubeObject[]; metadata?: { continue?: string } };
    // List items carry no kind/apiVersion on the wire; the planner (and snapshots) need them.
    onPage((page.items ?? []).map((o) => ({ apiVersion: apiVersionOf(r), kind: r.kind, ...o })));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return 'ok';
}

function unexpected(res: Response, path: string): DiscoveryError {
  let message = '';
  try {
    message = (JSON.parse(res.body) as { message?: string }).message ?? '';
  } catch {
    message = res.body.slice(0, 200);
  }
  return new DiscoveryError(
    diag('MP3014', `GET ${path} answered ${res.status}${message ? `: ${message}` : ''}`),
  );
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;

function httpClient(
  server: string,
  base: RequestOptions,
  where: string,
  opts: LiveOptions,
): HttpClient {
  const attempts = opts.attempts ?? 5;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const once = (path: string) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
      const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
      const req = request(
        url,
        {
          ...base,
          method: 'GET',
          headers: { ...(base.headers ?? {}), Accept: 'application/json' },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        ),
      );
      req.on('error', reject);
      req.end();
    });
  return {
    async get(path: string): Promise<Response> {
      let last = '';
      for (let attempt = 0; attempt < attempts; attempt++) {
        let res: Response | undefined;
        try {
          res = await once(path);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? '';
          if (TLS_CODES.test(code))
            throw new DiscoveryError(
              diag('MP3012', `TLS verification of ${where} failed: ${code}`),
            );
          if (
            ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)
          ) {
            throw new DiscoveryError(diag('MP3013', `cannot reach ${where}: ${code}`));
          }
          last = code || (err as Error).message; // ECONNRESET, timeouts: retry
        }
        if (res) {
          if (res.status === 401)
            throw new DiscoveryError(
              diag('MP3009', `${where} rejected the credentials (401 Unauthorized)`),
            );
          if (!RETRYABLE.has(res.status)) return res;
          last = `${res.status}`;
        }
        if (attempt === attempts - 1) break;
        const retryAfter = Number(res?.headers['retry-after']);
        const backoff = Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
        await sleep(
          Number.isFinite(retryAfter) && retryAfter > 0
            ? Math.min(retryAfter * 1000, 10_000)
            : backoff,
        );
      }
      throw new DiscoveryError(
        diag(
          'MP3014',
          `GET ${path} on ${where} still failed after ${attempts} attempts (last: ${last})`,
        ),
      );
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withConcurrency<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}
