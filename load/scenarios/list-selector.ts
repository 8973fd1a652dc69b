// LIST with a label selector over 10,000 pods in one namespace, selecting 1% of them (100 pods),
// against bare fastify sending the identical bytes.
import { compareGet, rowOf, type LoadParams } from '../lib/compare.js';
import { createPods, ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Scenario } from '../lib/report.js';

export const params: LoadParams & { pods: number; groups: number } = {
  connections: 10, duration: 4, pipelining: 1, pods: 10_000, groups: 100,
};

export const scenario: Scenario = {
  name: 'list-selector',
  async run(ctx) {
    const sim = await startSim();
    try {
      ensureNamespace(sim, 'bench');
      createPods(sim, 'bench', 'pod', params.pods, (i) => ({ app: `app-${i % params.groups}`, tier: 'web' }));
      await sim.settled();
      const path = '/api/v1/namespaces/bench/pods?labelSelector=app%3Dapp-42%2Ctier%3Dweb';
      const { k, b, body } = await compareGet(ctx, sim, path, params);
      const items = (JSON.parse(body.body) as { items: unknown[] }).items.length;
      return [rowOf(`LIST selector ${items}/${params.pods} pods`, k, b, '', 0, 'app=app-42,tier=web')];
    } finally {
      await sim.close();
    }
  },
};
