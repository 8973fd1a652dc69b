// Reading a user's kubeconfig for external mode: the current context's server, CA and credentials
// (token, token file, client certificate, basic auth), with file references resolved against the
// kubeconfig's directory as clientcmd does. Exec and auth-provider plugins are refused: external
// mode talks plain HTTPS and runs no credential helpers.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface ClusterConnection {
  /** The API server's base URL, without a trailing slash. */
  server: string;
  ca?: string;
  insecureSkipTLSVerify: boolean;
  token?: string;
  clientCert?: string;
  clientKey?: string;
  username?: string;
  password?: string;
  /** The context's namespace, when it names one. */
  namespace?: string;
}

/** A kubeconfig external mode cannot use; the message says why. */
export class KubeconfigError extends Error {}

type J = Record<string, any>;

function named(list: unknown, name: string, what: string, path: string): J {
  const hit = Array.isArray(list) ? list.find((e) => e?.name === name) : undefined;
  if (!hit) throw new KubeconfigError(`${path}: no ${what} named ${JSON.stringify(name)}`);
  return (hit[what] ?? {}) as J;
}

function fileOrData(entry: J, fileKey: string, dataKey: string, base: string): string | undefined {
  if (typeof entry[dataKey] === 'string' && entry[dataKey]) return Buffer.from(entry[dataKey], 'base64').toString('utf8');
  const f = entry[fileKey];
  if (typeof f !== 'string' || !f) return undefined;
  return readFileSync(isAbsolute(f) ? f : resolve(base, f), 'utf8');
}

/** Parses kubeconfig text; `path` resolves relative file references and names the file in errors. */
export function parseKubeconfig(text: string, path = '<kubeconfig>', context?: string): ClusterConnection {
  let doc: J;
  try {
    doc = parse(text) as J;
  } catch (e) {
    throw new KubeconfigError(`${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new KubeconfigError(`${path}: not a kubeconfig`);
  const ctxName = context ?? doc['current-context'];
  if (typeof ctxName !== 'string' || !ctxName) throw new KubeconfigError(`${path}: no current-context`);
  const ctx = named(doc.contexts, ctxName, 'context', path);
  const cluster = named(doc.clusters, String(ctx.cluster), 'cluster', path);
  const user = ctx.user !== undefined ? named(doc.users, String(ctx.user), 'user', path) : {};
  if (user.exec || user['auth-provider']) {
    throw new KubeconfigError(`${path}: user ${JSON.stringify(ctx.user)} uses an exec or auth-provider plugin; external mode needs a token, token file or client certificate`);
  }
  if (typeof cluster.server !== 'string' || !cluster.server) throw new KubeconfigError(`${path}: cluster ${JSON.stringify(ctx.cluster)} has no server`);
  const base = path.startsWith('<') ? process.cwd() : dirname(resolve(path));
  const tokenFile = typeof user.tokenFile === 'string' && user.tokenFile ? resolve(base, user.tokenFile) : undefined;
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ca: fileOrData(cluster, 'certificate-authority', 'certificate-authority-data', base),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    token: typeof user.token === 'string' && user.token ? user.token : tokenFile ? readFileSync(tokenFile, 'utf8').trim() : undefined,
    clientCert: fileOrData(user, 'client-certificate', 'client-certificate-data', base),
    clientKey: fileOrData(user, 'client-key', 'client-key-data', base),
    username: typeof user.username === 'string' ? user.username : undefined,
    password: typeof user.password === 'string' ? user.password : undefined,
    namespace: typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : undefined,
  };
}

export function readKubeconfig(path: string, context?: string): ClusterConnection {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`kubeconfig ${path}: ${(e as Error).message}`);
  }
  return parseKubeconfig(text, path, context);
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** A self-contained kubeconfig (credentials inline) for the same cluster, defaulting to `namespace`. */
export function connectionKubeconfig(c: ClusterConnection, namespace: string, name = 'kubesim-external'): string {
  const cluster: J = { server: c.server };
  if (c.ca) cluster['certificate-authority-data'] = b64(c.ca);
  if (c.insecureSkipTLSVerify || !c.server.startsWith('https:')) cluster['insecure-skip-tls-verify'] = true;
  const user: J = {};
  if (c.token) user.token = c.token;
  if (c.clientCert) user['client-certificate-data'] = b64(c.clientCert);
  if (c.clientKey) user['client-key-data'] = b64(c.clientKey);
  if (c.username) user.username = c.username;
  if (c.password) user.password = c.password;
  return stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name, cluster }], users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name, namespace } }],
    'current-context': name, preferences: {},
  });
}
