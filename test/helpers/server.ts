// Starts kubesim in-process on an ephemeral loopback port, so test files can run in parallel
// without port clashes. Every test file gets its own fresh cluster.
import { buildApp, type Kubesim, type KubesimOptions } from '../../src/app.js';

export interface TestServer {
  sim: Kubesim;
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(opts: KubesimOptions = {}): Promise<TestServer> {
  const sim = await buildApp(opts);
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = sim.app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('kubesim did not bind a TCP port');
  const port = addr.port;
  return { sim, url: `http://127.0.0.1:${port}`, port, close: () => sim.app.close() };
}
