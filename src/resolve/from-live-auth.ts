import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:http';
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { diag } from '../diagnostics/diagnostic.js';
import { escapeControl, maskCredentials } from '../diagnostics/sanitize.js';
import type { Cluster } from '../spec/spec.js';
import { DiscoveryError, formatDuration, type ReadBudget } from './from-live-http.js';

export interface KubeconfigOptions {
  /** --kubeconfig; otherwise KUBECONFIG (several files, : separated) or ~/.kube/config, as kubectl does. */
  kubeconfig?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative discovery.kubeconfig paths resolve against (the spec's). */
  baseDir: string;
}

/** Where and how to send requests for one context; `where` names it in every message, credentials masked. */
export interface Connection {
  server: URL;
  base: RequestOptions;
  where: string;
}

export function loadKubeConfig(opts: KubeconfigOptions, cluster: Cluster): KubeConfig {
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
      throw new DiscoveryError(diag('MP3010', `cannot load kubeconfig ${file}: ${firstLine(err)}`));
    }
  }
  return kc;
}

/**
 * Resolves a context into a server URL and request options (CA, client certificates, token, exec plugin,
 * proxy), refusing what would leak a credential or be misreported later: a token over plain HTTP, CA data
 * that holds no certificate.
 */
export async function openConnection(
  kc: KubeConfig,
  contextName: string,
  budget: ReadBudget,
): Promise<Connection> {
  const context = kc.getContextObject(contextName);
  if (!context) {
    throw new DiscoveryError(
      diag(
        'MP3010',
        `kubeconfig has no context "${contextName}" (contexts: ${kc.contexts.map((c) => c.name).join(', ') || 'none'})`,
      ),
    );
  }
  kc.setCurrentContext(contextName);
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new DiscoveryError(
      diag(
        'MP3010',
        `context "${contextName}" names cluster "${context.cluster}", which the kubeconfig does not define`,
      ),
    );
  const shownServer = maskCredentials(cluster.server ?? '');
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new DiscoveryError(
      diag(
        'MP3010',
        `context "${contextName}" has no valid server URL (${escapeControl(shownServer) || 'empty'})`,
      ),
    );
  }
  const where = `context "${contextName}" (${escapeControl(shownServer)})`;
  if (server.protocol !== 'https:' && server.protocol !== 'http:')
    throw new DiscoveryError(diag('MP3010', `the server of ${where} is not an http(s) URL`));
  const user = kc.getCurrentUser();
  const base: RequestOptions = {};

  if (server.protocol === 'http:') {
    // Plain HTTP is readable by anyone on the path: only contexts without credentials (kubectl proxy) may use it.
    const sends = credentialsOf(user, server);
    if (sends.length)
      throw new DiscoveryError(
        diag(
          'MP3019',
          `the server of ${where} is plain HTTP; migplan will not send the context's ${sends.join(' and ')} unencrypted`,
        ),
      );
    // client-node builds its agent for http:// only when TLS verification is off; there is no TLS here to verify.
    const index = kc.clusters.indexOf(cluster);
    kc.clusters[index] = { ...cluster, skipTLSVerify: true };
    try {
      await kc.applyToHTTPSOptions(base);
    } catch (err) {
      throw new DiscoveryError(diag('MP3010', `cannot use ${where}: ${firstLine(err)}`));
    } finally {
      kc.clusters[index] = cluster;
    }
    return { server, base, where };
  }

  checkCertificateAuthority(cluster, where);
  if (user?.exec) {
    const credential = await runExecPlugin(user.exec as ExecConfig, where, budget);
    // The plugin ran here (bounded, output hidden); client-node then only applies its result.
    kc.users[kc.users.indexOf(user)] = {
      ...user,
      exec: undefined,
      ...(credential.token ? { token: credential.token } : {}),
      ...(credential.clientCertificateData ? { certData: credential.clientCertificateData } : {}),
      ...(credential.clientKeyData ? { keyData: credential.clientKeyData } : {}),
    };
  }
  try {
    await kc.applyToHTTPSOptions(base);
  } catch (err) {
    // Auth providers run commands and refresh tokens; what they say may hold a credential.
    const provider = (user?.authProvider as { name?: string } | undefined)?.name;
    throw new DiscoveryError(
      diag(
        'MP3011',
        provider
          ? `the auth provider "${escapeControl(provider)}" of ${where} failed; its message is not shown, as it may hold credentials`
          : `credentials for ${where} could not be obtained: ${firstLine(err)}`,
      ),
    );
  }
  return { server, base, where };
}

/** What a request to this server would carry: kubectl sends every one of these as headers. */
function credentialsOf(user: ReturnType<KubeConfig['getCurrentUser']>, server: URL): string[] {
  const out: string[] = [];
  if (user?.token) out.push('bearer token');
  if (user?.username || user?.password || server.username || server.password)
    out.push('username and password');
  if (user?.exec || user?.authProvider) out.push('credential plugin token');
  return out;
}

/**
 * Node takes any bytes as CA data and only fails later, as a self-signed certificate; a kubeconfig whose CA
 * is not a PEM certificate is reported as what it is.
 */
function checkCertificateAuthority(
  cluster: { caData?: string; caFile?: string },
  where: string,
): void {
  let pem: string;
  let field: string;
  if (cluster.caFile) {
    field = `certificate-authority ${cluster.caFile}`;
    try {
      pem = readFileSync(cluster.caFile, 'latin1');
    } catch (err) {
      throw new DiscoveryError(
        diag(
          'MP3020',
          `cannot read the ${field} of ${where}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        ),
      );
    }
  } else if (cluster.caData) {
    field = 'certificate-authority-data';
    pem = Buffer.from(cluster.caData, 'base64').toString('latin1');
  } else return; // the system's trusted CAs
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0)
    throw new DiscoveryError(
      diag(
        'MP3020',
        `the ${field} of ${where} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      ),
    );
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      throw new DiscoveryError(
        diag(
          'MP3020',
          `the ${field} of ${where} holds a certificate that cannot be parsed${blocks.length > 1 ? ` (certificate ${i + 1} of ${blocks.length})` : ''}`,
        ),
      );
    }
  }
}

interface ExecConfig {
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

/** Largest ExecCredential read from a plugin; a credential is a few kilobytes. */
const MAX_PLUGIN_OUTPUT = 1 << 20;

/**
 * Runs a client-go exec credential plugin (client.authentication.k8s.io ExecCredential) as kubectl does
 * (kubernetes/client-go plugin/pkg/client/auth/exec/exec.go, Authenticator.refreshCredsLocked: KUBERNETES_EXEC_INFO
 * in the environment, the credential as JSON on stdout), bounded by the read's deadline. Its stderr is
 * read and dropped: plugins print refresh tokens and URLs with codes there; messages name the command and
 * the exit status only.
 */
function runExecPlugin(
  exec: ExecConfig,
  where: string,
  budget: ReadBudget,
): Promise<ExecCredentialStatus> {
  const command = String(exec.command ?? '');
  const label = `the exec credential plugin "${escapeControl(maskCredentials(command))}" of ${where}`;
  const failed = (message: string) => new DiscoveryError(diag('MP3011', `${label} ${message}`));
  if (!command) return Promise.reject(failed('names no command'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])),
    KUBERNETES_EXEC_INFO: JSON.stringify({
      apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    }),
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err: Error | undefined, value?: ExecCredentialStatus) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onAbort);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(value ?? {});
    };
    const child = spawn(command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_PLUGIN_OUTPUT) settle(failed(`printed more than ${MAX_PLUGIN_OUTPUT} bytes`));
      else out.push(c);
    });
    child.stderr.resume();
    const timer = setTimeout(
      () =>
        settle(failed(`did not finish within ${formatDuration(budget.deadlineMs)} (--timeout)`)),
      budget.remainingMs(),
    );
    const onAbort = () => settle(budget.stopped(where, `the exec credential plugin`));
    budget.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) =>
      settle(failed(`could not be run: ${err.code ?? 'error'}`)),
    );
    child.on('close', (code, signal) => {
      if (code !== 0)
        return settle(
          failed(
            `${signal ? `was killed by ${signal}` : `exited with status ${code}`}; its output is not shown, as it may hold credentials`,
          ),
        );
      let status: ExecCredentialStatus | undefined;
      try {
        status = (
          JSON.parse(Buffer.concat(out).toString('utf8')) as { status?: ExecCredentialStatus }
        ).status;
      } catch {
        status = undefined;
      }
      if (!status || typeof status !== 'object')
        return settle(failed('printed no ExecCredential with a status'));
      settle(undefined, status);
    });
  });
}

function firstLine(err: unknown): string {
  return escapeControl(maskCredentials(String((err as Error).message ?? err).split('\n')[0] ?? ''));
}
