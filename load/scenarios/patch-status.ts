// PATCH pod status: readiness flips (merge patch on /status) over pods that a Service selects, so each
// write makes the EndpointSlice controller update a slice. Bare fastify parses and echoes the patch.
import { startBare } from '../lib/bare.js';
import { alternate, rowOf, type LoadParams } from '../lib/compare.js';
import { countWrites, createPods, createService, ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Scenario } from '../lib/report.js';

export const params: LoadParams & { pods: number } = { connections: 10, duration: 4, pipelining: 1, pods: 1000 };

export const scenario: Scenario = {
  name: 'patch-status',
  async run(ctx) {
    const sim = await startSim();
    const bare = await startBare('/unused');
    try {
      ensureNamespace(sim, 'bench');
      const names = createPods(sim, 'bench', 'web', params.pods, () => ({ app: 'web' }), { running: true });
      createService(sim, 'bench', 'web', { app: 'web' });
      await sim.settled();
      const prefix = '/api/v1/namespaces/bench/pods';
      const req = {
        connections: params.connections, duration: ctx.seconds(params.duration), pipelining: params.pipelining,
        headers: { 'content-type': 'application/merge-patch+json' }, flip: { prefix, names },
      };
      const writes = countWrites(sim);
      let converge = 0;
      const { k, b } = await alternate(ctx, { ...req, url: sim.url }, { ...req, url: bare.url }, `PATCH ${prefix}/*/status`, async () => {
        const t0 = performance.now();
        await sim.settled();
        converge = performance.now() - t0;
        writes.stop();
      });
      const sliceWrites = writes.counts.get('discovery.k8s.io/endpointslices') ?? 0;
      const podWrites = writes.counts.get('pods') ?? 0;
      return [
        rowOf('PATCH pod status (ready flips)', k, b, '', 0,
          `${podWrites} pod writes → ${sliceWrites} slice writes; settle ${converge.toFixed(0)} ms`),
      ];
    } finally {
      await bare.close();
      await sim.close();
    }
  },
};
