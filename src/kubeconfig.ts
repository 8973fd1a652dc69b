// A kubeconfig pointing at a running kubesim, so kubectl and client libraries need nothing else.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** http(s)://host:port */
  server: string;
  /** PEM of the CA that signed the serving certificate (https only). */
  ca?: string;
  /**
   * Bearer token for the user entry. Without one, an https kubeconfig still gets a placeholder
   * token: kubectl prompts for a username and password when an https user entry has no credentials.
   */
  token?: string;
  /** The context's namespace (default "default"). */
  namespace?: string;
  /** Name of the cluster, user and context entries (default "kubesim"). */
  name?: string;
}

/** The kubeconfig as YAML. */
export function kubeconfigYAML(o: KubeconfigOptions): string {
  const name = o.name ?? 'kubesim';
  const cluster: Record<string, unknown> = { server: o.server };
  if (o.server.startsWith('https:') && o.ca) {
    cluster['certificate-authority-data'] = Buffer.from(o.ca, 'utf8').toString('base64');
  } else {
    // Plain http has nothing to verify; @kubernetes/client-node 2.x still wants the flag set to
    // talk to a non-TLS server, and kubectl accepts it.
    cluster['insecure-skip-tls-verify'] = true;
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: userEntry(o) }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: o.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

/** What a server that checks no token accepts; says so to whoever reads the kubeconfig. */
export const NO_TOKEN_NEEDED = 'kubesim-no-token-required';

function userEntry(o: KubeconfigOptions): Record<string, string> {
  if (o.token) return { token: o.token };
  // clientcmd asks for basic-auth credentials on https when it cannot identify the user
  // (canIdentifyUser: no username, client certificate, token, auth or exec provider).
  if (o.server.startsWith('https:')) return { token: NO_TOKEN_NEEDED };
  return {};
}

/** Writes a kubeconfig readable only by its owner (it may hold a token). */
export function writeKubeconfig(path: string, yaml: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, yaml, { mode: 0o600 });
  chmodSync(path, 0o600);
}
