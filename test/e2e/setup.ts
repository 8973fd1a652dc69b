// Per-file setup for the kubectl suite: a fresh server on its own port and a kubectl bound to it.
import { afterAll, beforeAll } from 'vitest';
import { Kubectl } from '../helpers/kubectl.js';
import { startServer, type TestServer } from '../helpers/server.js';
import type { KubesimOptions } from '../../src/app.js';

export function useKubectl(opts: KubesimOptions = {}): { srv: () => TestServer; k: () => Kubectl } {
  let server: TestServer;
  let kubectl: Kubectl;
  beforeAll(async () => {
    server = await startServer(opts);
    kubectl = new Kubectl(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });
  return { srv: () => server, k: () => kubectl };
}

/**
 * A pod that no node can take (its nodeSelector matches none), so it stays Pending with no node,
 * exactly as on a real cluster, whatever the pod simulator does with schedulable pods.
 */
export const UNSCHEDULABLE = { 'kubesim.test/never': 'true' };

export const POD = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  nodeSelector: ${JSON.stringify(UNSCHEDULABLE)}
  containers:
  - name: app
    image: nginx:1.27
`;
