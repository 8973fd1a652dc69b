// POST pods (generateName) while the EndpointSlice controller runs and a Service selects every new
// pod; then the time the controllers need to settle once the load stops. Bare fastify parses and
// echoes the same body. Created pods have no IP yet (status is reset on create), so the controller
// lists and plans over all of them but publishes no addresses.
import { startBare } from '../lib/bare.js';
import { alternate, rowOf, type LoadParams } from '../lib/compare.js';
import { createService, ensureNamespace, podCreateBody, startSim } from '../lib/fixtures.js';
import type { Scenario } from '../lib/report.js';

export const params: LoadParams = { connections: 10, duration: 4, pipelining: 1 };

export const scenario: Scenario = {
  name: 'post-pods',
  async run(ctx) {
    const sim = await startSim();
    const bare = await startBare('/unused');
    try {
      ensureNamespace(sim, 'bench');
      createService(sim, 'bench', 'web', { app: 'web' });
      await sim.settled();
      const path = '/api/v1/namespaces/bench/pods';
      const req = {
        connections: params.connections, duration: ctx.seconds(params.duration), pipelining: params.pipelining,
        method: 'POST', headers: { 'content-type': 'application/json' }, body: podCreateBody({ app: 'web' }),
      };
      let converge = 0;
      const { k, b } = await alternate(ctx, { ...req, url: sim.url + path }, { ...req, url: bare.url + path }, `POST ${path}`, async () => {
        const t0 = performance.now();
        await sim.settled();
        converge = performance.now() - t0;
      });
      const pods = sim.store.count('pods');
      return [
        rowOf('POST pod (controller on)', k, b, '≥ 0.5× bare', 0.5, `${pods} pods at the end`),
        {
          scenario: '  slices settle after POST load', kubesim: converge, unit: 'ms', target: '< 200 ms', met: converge < 200,
          note: 'load stop → sim.settled()',
        },
      ];
    } finally {
      await bare.close();
      await sim.close();
    }
  },
};
