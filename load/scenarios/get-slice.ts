// GET one EndpointSlice holding 100 endpoints (the controller's own output), against bare fastify
// sending the identical bytes.
import { compareGet, rowOf, type LoadParams } from '../lib/compare.js';
import { createPods, createService, ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Scenario } from '../lib/report.js';

export const params: LoadParams & { endpoints: number } = { connections: 10, duration: 4, pipelining: 1, endpoints: 100 };

export const scenario: Scenario = {
  name: 'get-slice',
  async run(ctx) {
    const sim = await startSim();
    try {
      ensureNamespace(sim, 'bench');
      createPods(sim, 'bench', 'web', params.endpoints, () => ({ app: 'web' }), { running: true });
      createService(sim, 'bench', 'web', { app: 'web' });
      await sim.settled();
      const slices = sim.store.list('discovery.k8s.io/endpointslices', 'bench');
      const slice = slices.find((s) => ((s.obj as { endpoints?: unknown[] }).endpoints ?? []).length === params.endpoints);
      if (!slice) throw new Error('no EndpointSlice with all endpoints');
      const path = `/apis/discovery.k8s.io/v1/namespaces/bench/endpointslices/${slice.obj.metadata.name}`;
      const { k, b } = await compareGet(ctx, sim, path, params);
      return [rowOf(`GET slice (${params.endpoints} endpoints)`, k, b, '≥ 0.90× bare', 0.9)];
    } finally {
      await sim.close();
    }
  },
};
