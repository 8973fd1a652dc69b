// LIST 1,000 pods (one namespace, no selector), against bare fastify sending the identical bytes.
import { compareGet, rowOf, type LoadParams } from '../lib/compare.js';
import { createPods, ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Scenario } from '../lib/report.js';

export const params: LoadParams & { pods: number } = { connections: 10, duration: 4, pipelining: 1, pods: 1000 };

export const scenario: Scenario = {
  name: 'list-pods',
  async run(ctx) {
    const sim = await startSim();
    try {
      ensureNamespace(sim, 'bench');
      createPods(sim, 'bench', 'pod', params.pods, (i) => ({ app: `app-${i % 10}` }), { running: true });
      await sim.settled();
      const { k, b, body } = await compareGet(ctx, sim, '/api/v1/namespaces/bench/pods', params);
      return [rowOf(`LIST ${params.pods} pods`, k, b, '≥ 0.70× bare', 0.7, `${(body.body.length / 1024).toFixed(0)} KiB body`)];
    } finally {
      await sim.close();
    }
  },
};
