// startKubesim({ cluster: 'external' }): the same handle as the simulator's, backed by a real
// cluster. What only the simulator can do (fault injection, a FakeClock, simulated nodes, its
// registry and store) is refused with an error that says so.
import type { KubesimServer, StartOptions } from '../index.js';
import { manifestObjects } from '../manifests.js';
import { ExternalCluster } from './cluster.js';

export { ExternalCluster, type ExternalOptions } from './cluster.js';
export { ClusterClient, ClusterRequestError } from './http.js';
export { KubeconfigError, parseKubeconfig, readKubeconfig, type ClusterConnection } from './kubeconfig.js';

/** Something only the simulator can do was asked of an external cluster. */
export class ExternalModeError extends Error {}

const MODE = "in external mode (cluster: 'external' or KUBESIM_EXTERNAL_KUBECONFIG)";

function refuse(what: string): never {
  throw new ExternalModeError(`${what} is not available ${MODE}: only the simulator has it; skip this test on a real cluster`);
}

/** Options that configure the simulator itself cannot be honoured by a real cluster. */
function checkOptions(o: StartOptions): void {
  const simulatorOnly: Array<[keyof StartOptions, string]> = [
    ['clock', 'a clock (FakeClock)'], ['nodes', 'simulated nodes (nodes)'], ['zones', 'simulated zones (zones)'],
    ['podLifecycle', 'podLifecycle'], ['stateFile', 'a state file (stateFile)'], ['podStageDelays', 'podStageDelays'],
  ];
  for (const [key, what] of simulatorOnly) if (o[key] !== undefined) refuse(what);
  if (o.faults && o.faults.length > 0) refuse('fault injection (faults)');
}

export function wantsExternal(o: StartOptions): boolean {
  return o.cluster === 'external' || (o.cluster === undefined && !!process.env.KUBESIM_EXTERNAL_KUBECONFIG);
}

export async function startExternal(o: StartOptions): Promise<KubesimServer> {
  checkOptions(o);
  const c = new ExternalCluster({ kubeconfig: o.kubeconfig, context: o.context, kubeconfigPath: o.kubeconfigPath });
  try {
    await c.start({ load: o.load, manifests: o.manifests });
  } catch (e) {
    await c.close().catch(() => undefined);
    throw e;
  }
  const url = new URL(c.url);
  return {
    cluster: 'external',
    url: c.url,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    namespace: c.namespace,
    kubeconfig: c.kubeconfig,
    kubeconfigPath: c.kubeconfigPath,
    ca: c.client.conn.ca,
    token: c.client.conn.token,
    apply: (m, opts) => c.applyObjects(manifestObjects(m), opts ?? {}),
    reset: () => c.reset(),
    settled: () => c.settled(),
    settle: async () => refuse('settle() (it moves a FakeClock)'),
    close: () => c.close(),
    get sim(): never { return refuse('sim'); },
    get registry(): never { return refuse('registry'); },
    get store(): never { return refuse('store'); },
    get app(): never { return refuse('app'); },
    get clock(): never { return refuse('clock'); },
    get faults(): never { return refuse('fault injection (faults)'); },
  };
}
