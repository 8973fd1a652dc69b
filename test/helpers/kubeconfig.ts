// Kubeconfigs for the three clients. client-node 2.x refuses http:// unless the cluster entry says
// insecure-skip-tls-verify, so every kubeconfig here carries it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export const TEST_TOKEN = 'kubesim-test-token';

export function kubeconfigYAML(url: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubesim',
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: tester',
    '  user:',
    `    token: ${TEST_TOKEN}`,
    'contexts:',
    '- name: kubesim',
    `  context: {cluster: kubesim, user: tester, namespace: ${namespace}}`,
    'current-context: kubesim',
    '',
  ].join('\n');
}

/** Writes a kubeconfig into a fresh temp dir and returns its path. */
export function writeKubeconfig(url: string, dir = mkdtempSync(join(tmpdir(), 'kubesim-kc-'))): string {
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, kubeconfigYAML(url));
  return path;
}

/** A client-node KubeConfig pointing at the test server. */
export function clientNodeConfig(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYAML(url));
  return kc;
}
