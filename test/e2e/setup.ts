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

export const POD = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  containers:
  - name: app
    image: nginx:1.27
`;
