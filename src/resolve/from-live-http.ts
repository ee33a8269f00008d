import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { maskCredentials, printableSnippet } from '../diagnostics/sanitize.js';
import { decodeUtf8 } from '../io/read-bounded.js';

/** A failure that ends the read of one cluster with a diagnostic (never a stack trace). */
export class DiscoveryError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** A request ended because another one of the same read failed first; that failure is what gets reported. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled after another request failed');
  }
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 10 * 60_000;
/**
 * Connecting and the TLS handshake get at most 10 s, like client-go: k8s.io/apimachinery
 * pkg/util/net/http.go SetOldTransportDefaults takes TLSHandshakeTimeout from Go's http.DefaultTransport (10 s).
 */
export const CONNECT_TIMEOUT_CAP_MS = 10_000;

const DEADLINE = Symbol('deadline');
const CANCELLED = Symbol('cancelled');

/**
 * The time one cluster read may take (kubeconfig, credential plugin, discovery, every page, retries and waits),
 * and the switch that stops every request of the read: at the deadline, or when one request failed for good.
 */
export class ReadBudget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;

  constructor(readonly deadlineMs: number) {
    this.endsAt = performance.now() + deadlineMs;
    this.timer = setTimeout(() => this.controller.abort(DEADLINE), deadlineMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.reason === DEADLINE;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** Stops the requests still running after one failed, so a failing read ends at once. */
  cancel(): void {
    if (!this.controller.signal.aborted) this.controller.abort(CANCELLED);
  }

  finish(): void {
    clearTimeout(this.timer);
  }

  /** What to throw when the budget stopped a wait: the deadline diagnostic, or a silent cancellation. */
  stopped(where: string, waitingFor: string): Error {
    if (!this.expired) return new Cancelled();
    return new DiscoveryError(
      diag(
        'MP3018',
        `reading ${where} did not finish within ${formatDuration(this.deadlineMs)} (--timeout); it was waiting for ${waitingFor}`,
      ),
    );
  }
}

/** 1500 -> "1.5s", 90000 -> "1m30s", as Go's time.Duration prints (kubectl's flags read the same form). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m || (h && s) ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body of a 2xx answer (always present and checked for those). */
  json?: unknown;
}

export interface HttpClientOptions {
  /** Base URL of the API server (its credentials are never printed: see `where`). */
  server: URL;
  /** TLS material, agent and Authorization header from the kubeconfig. */
  base: RequestOptions;
  /** How messages name the cluster: `context "x" (https://host:6443)`, credentials masked. */
  where: string;
  budget: ReadBudget;
  attempts: number;
  /** TCP connect, then TLS handshake: each at most this long. */
  connectTimeoutMs: number;
  /** Until the response headers, then between two chunks of the body. */
  responseTimeoutMs: number;
  maxBodyBytes: number;
  /** Connections kept open and reused for this cluster: at most this many at once (the read's concurrency). */
  maxSockets: number;
}

export interface HttpClient {
  readonly where: string;
  /**
   * GET with bounded retries for 429/5xx, dropped connections and bodies that are cut off, not JSON, or
   * rejected by `check` (which says what is wrong, or nothing). Other statuses are returned as they are.
   */
  get(
    path: string,
    check?: (json: unknown) => string | undefined,
    accept?: string,
  ): Promise<Response>;
  /** Closes the kept-alive connections once the read is over. */
  close(): void;
}

type Phase =
  'the TCP connection' | 'the TLS handshake' | 'the response headers' | 'the response body';

class RequestTimeout extends Error {
  constructor(
    readonly phase: Phase,
    readonly ms: number,
  ) {
    super(`no ${phase} within ${ms} ms`);
  }
}

class Stopped extends Error {
  constructor(readonly phase: Phase) {
    super('stopped');
  }
}

class Truncated extends Error {
  constructor(readonly received: Buffer) {
    super('response body ended early');
  }
}

/**
 * A kept-alive connection the server had already closed (idle timeout, restart) before this request reached it:
 * nothing was answered, so the request is sent again at once and does not count as an attempt.
 */
class StaleConnection extends Error {
  constructor(readonly reason: Error) {
    super('a reused connection was closed by the server');
  }
}

class TooLarge extends Error {
  constructor(readonly limit: number) {
    super('response body too large');
  }
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
/** How a request fails when the kept-alive socket it was written to had been closed by the server. */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;
const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];
/** Longest Retry-After honoured; a server asking for more is waited on for this long. */
const MAX_RETRY_AFTER_MS = 10_000;

interface Failure {
  code: 'MP3014' | 'MP3016';
  text: string;
}

export function httpClient(o: HttpClientOptions): HttpClient {
  const { where, budget } = o;
  const base = o.server.href.endsWith('/') ? o.server : new URL(`${o.server.href}/`);
  const agent = pooledAgent(o.base.agent, o.maxSockets, o.server.protocol);

  const once = (path: string, accept: string) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(path, base);
      const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
      let phase: Phase = 'the TCP connection';
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      let response: IncomingMessage | undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      const onAbort = () => stop(new Stopped(phase));
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        budget.signal.removeEventListener('abort', onAbort);
      };
      const fail = (err: Error) => {
        if (settled) return;
        finish();
        reject(
          !response &&
            req.reusedSocket &&
            STALE_CODES.has((err as NodeJS.ErrnoException).code ?? '')
            ? new StaleConnection(err)
            : response &&
                !response.complete &&
                !(err instanceof Stopped) &&
                !(err instanceof RequestTimeout) &&
                !(err instanceof TooLarge)
              ? new Truncated(Buffer.concat(chunks))
              : err,
        );
      };
      const stop = (err: Error) => {
        fail(err);
        req.destroy(err);
      };
      const arm = (p: Phase, ms: number) => {
        phase = p;
        clearTimeout(timer);
        timer = setTimeout(() => stop(new RequestTimeout(p, ms)), ms);
      };
      const req = request(
        url,
        {
          ...o.base,
          agent,
          method: 'GET',
          headers: { ...(o.base.headers ?? {}), Accept: accept },
        },
        (res) => {
          response = res;
          arm('the response body', o.responseTimeoutMs);
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > o.maxBodyBytes) return stop(new TooLarge(o.maxBodyBytes));
            chunks.push(c);
            arm('the response body', o.responseTimeoutMs);
          });
          res.on('end', () => {
            if (settled) return;
            if (!res.complete) return fail(new Truncated(Buffer.concat(chunks)));
            finish();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: decodeUtf8(Buffer.concat(chunks)),
            });
          });
          // A connection closed mid-body: 'error' (aborted) and/or 'close' without 'end'.
          res.on('error', () => fail(new Truncated(Buffer.concat(chunks))));
          res.on('close', () => {
            if (!res.complete) fail(new Truncated(Buffer.concat(chunks)));
          });
        },
      );
      req.on('socket', (socket: Socket) => {
        // Armed only once the pool hands out a socket: a request queued behind busy connections is not connecting.
        if (socket.connecting) arm('the TCP connection', o.connectTimeoutMs);
        const afterTcp = () => {
          if (socket instanceof TLSSocket && !handshakeDone(socket)) {
            arm('the TLS handshake', o.connectTimeoutMs);
            socket.once('secureConnect', () => arm('the response headers', o.responseTimeoutMs));
          } else arm('the response headers', o.responseTimeoutMs);
        };
        if (socket.connecting) socket.once('connect', afterTcp);
        else afterTcp();
      });
      req.on('error', fail);
      if (budget.signal.aborted) return stop(new Stopped(phase));
      budget.signal.addEventListener('abort', onAbort, { once: true });
      req.end();
    });

  /** One attempt; a stale kept-alive connection is replaced once, on the spot, within the same attempt. */
  const exchange = async (path: string, accept: string) => {
    try {
      return await once(path, accept);
    } catch (err) {
      if (!(err instanceof StaleConnection)) throw err;
      return once(path, accept).catch((again: unknown) => {
        throw again instanceof StaleConnection ? again.reason : again;
      });
    }
  };

  return {
    where,
    close: () => agent.destroy(),
    async get(path, check, accept = 'application/json') {
      // Messages name the path without its query: continue tokens are long and say nothing to a reader.
      const shown = `GET ${path.split('?')[0] ?? path}`;
      let last: Failure | undefined;
      for (let attempt = 0; attempt < o.attempts; attempt++) {
        if (budget.signal.aborted) throw budget.stopped(where, `${shown}`);
        let res: Response | undefined;
        try {
          res = await exchange(path, accept);
        } catch (err) {
          last = failure(err, shown);
        }
        if (res) {
          if (res.status === 401)
            throw new DiscoveryError(
              diag('MP3009', `${where} rejected the credentials (401 Unauthorized)`),
            );
          if (RETRYABLE.has(res.status)) last = { code: 'MP3014', text: `${res.status}` };
          else if (res.status < 200 || res.status > 299) return res;
          else {
            const problem = parseChecked(res, check);
            if (problem === undefined) return res;
            last = { code: 'MP3016', text: problem };
          }
        }
        if (attempt === o.attempts - 1) break;
        const retryAfter = Number(res?.headers['retry-after']);
        const backoff = Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
        const wait =
          Number.isFinite(retryAfter) && retryAfter > 0
            ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS)
            : backoff;
        if (wait > budget.remainingMs())
          throw new DiscoveryError(
            diag(
              'MP3018',
              `reading ${where} did not finish within ${formatDuration(budget.deadlineMs)} (--timeout): ${shown} answered ${last?.text ?? 'nothing'} and the next retry would come after the deadline`,
            ),
          );
        await sleep(wait, budget.signal).catch(() => {
          throw budget.stopped(where, `a retry of ${shown} (last: ${last?.text ?? 'nothing'})`);
        });
      }
      if (last?.code === 'MP3016')
        throw new DiscoveryError(
          diag('MP3016', `${shown} on ${where} returned ${last.text} (${o.attempts} attempts)`),
        );
      throw new DiscoveryError(
        diag(
          'MP3014',
          `${shown} on ${where} still failed after ${o.attempts} attempts (last: ${last?.text ?? 'nothing'})`,
        ),
      );
    },
  };

  /** Throws what must not be retried; returns what may be. */
  function failure(err: unknown, shown: string): Failure {
    if (err instanceof Stopped) throw budget.stopped(where, `${err.phase} of ${shown}`);
    if (err instanceof RequestTimeout)
      throw new DiscoveryError(
        diag(
          'MP3017',
          `${where} did not answer ${shown}: no ${err.phase.replace(/^the /, '')} within ${formatDuration(err.ms)} (${err.phase === 'the TCP connection' || err.phase === 'the TLS handshake' ? 'connect timeout' : '--request-timeout'})`,
        ),
      );
    if (err instanceof TooLarge)
      throw new DiscoveryError(
        diag(
          'MP3016',
          `${shown} on ${where} returned a body larger than ${Math.round(err.limit / 2 ** 20)} MiB`,
        ),
      );
    if (err instanceof Truncated)
      return {
        code: 'MP3016',
        text: `a body cut off after ${err.received.length} bytes${err.received.length ? `: "${printableSnippet(err.received.toString('utf8'))}"` : ''}`,
      };
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (TLS_CODES.test(code))
      throw new DiscoveryError(diag('MP3012', `TLS verification of ${where} failed: ${code}`));
    if (UNREACHABLE.includes(code))
      throw new DiscoveryError(diag('MP3013', `cannot reach ${where}: ${code}`));
    // ECONNRESET, EPIPE and the like: retried.
    return { code: 'MP3014', text: code || maskCredentials((err as Error).message) };
  }
}

/** Parses a 2xx body; says what came back when it is not the JSON asked for. */
function parseChecked(
  res: Response,
  check: ((json: unknown) => string | undefined) | undefined,
): string | undefined {
  const type = res.headers['content-type'];
  const what = () =>
    `${Buffer.byteLength(res.body)} bytes${type ? `, ${printableSnippet(type, 60)}` : ''}`;
  try {
    res.json = JSON.parse(res.body) as unknown;
  } catch {
    return `a body that is not JSON (${what()}): "${printableSnippet(res.body)}"`;
  }
  const problem = check?.(res.json);
  return problem === undefined
    ? undefined
    : `${problem} (${what()}): "${printableSnippet(res.body)}"`;
}

/**
 * The agent client-node built for the context (TLS material, proxy), turned into a keep-alive pool no larger than
 * the read's concurrency: client-node's applyToHTTPSOptions creates it with keepAlive false, so every request
 * would open a new TCP connection and repeat the TLS handshake.
 */
export function pooledAgent(
  agent: RequestOptions['agent'],
  maxSockets: number,
  protocol: string,
): HttpAgent {
  const pool = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  if (!(agent instanceof HttpAgent))
    return protocol === 'http:' ? new HttpAgent(pool) : new HttpsAgent(pool);
  if (agent.constructor === HttpsAgent || agent.constructor === HttpAgent) {
    const options = (agent as HttpsAgent).options;
    return agent.constructor === HttpsAgent
      ? new HttpsAgent({ ...options, ...pool })
      : new HttpAgent({ ...options, ...pool });
  }
  // A proxy agent (hpagent, socks-proxy-agent) extends Node's Agent, which reads these fields per request.
  Object.assign(agent, pool);
  return agent;
}

/** True when a TLS socket already finished its handshake (a reused connection). */
function handshakeDone(socket: TLSSocket): boolean {
  // getProtocol() already names a version before the handshake; the Finished message exists only after it.
  return socket.getFinished() !== undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs work over items with bounded concurrency. The first failure stops the others (their requests are
 * cancelled) and is the one thrown, so a failing read ends at once and reports one cause.
 */
export async function withConcurrency<T>(
  items: readonly T[],
  limit: number,
  budget: ReadBudget,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        if (!failure) {
          failure = { error };
          budget.cancel();
        }
      }
    }
  });
  await Promise.all(runners);
  if (failure) throw failure.error;
}
