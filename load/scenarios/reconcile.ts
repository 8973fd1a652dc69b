// Controller reconcile of one Service selecting 10,000 running, ready pods: the time from creating
// the Service until the controllers settle (100 slices of 100 endpoints), then single-pod readiness
// flips: writes each one causes and the time to settle again.
import { countWrites, createPods, createService, ensureNamespace, startSim } from '../lib/fixtures.js';
import { percentile, type Scenario } from '../lib/report.js';

export const params = { pods: 10_000, flips: 20 };

export const scenario: Scenario = {
  name: 'reconcile',
  async run(ctx) {
    const sim = await startSim();
    try {
      ensureNamespace(sim, 'bench');
      const t = performance.now();
      const names = createPods(sim, 'bench', 'big', params.pods, () => ({ app: 'big' }), { running: true });
      await sim.settled();
      ctx.log(`  ${params.pods} running pods in ${(performance.now() - t).toFixed(0)} ms`);
      const first = countWrites(sim);
      const t0 = performance.now();
      createService(sim, 'bench', 'big', { app: 'big' });
      await sim.settled();
      const converge = performance.now() - t0;
      first.stop();
      const slices = first.counts.get('discovery.k8s.io/endpointslices') ?? 0;

      const pods = sim.registry.resource('', 'pods');
      const flips = ctx.quick ? 5 : params.flips;
      const times: number[] = [];
      let sliceWrites = 0;
      let allWrites = 0;
      for (let i = 0; i < flips; i++) {
        const name = names[(i * 7919) % names.length];
        const w = countWrites(sim);
        const s = performance.now();
        sim.registry.mutate(pods, 'bench', name, (p) => {
          const c = (p.status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready')!;
          c.status = c.status === 'True' ? 'False' : 'True';
        }, { subresource: 'status' });
        await sim.settled();
        times.push(performance.now() - s);
        w.stop();
        sliceWrites += w.counts.get('discovery.k8s.io/endpointslices') ?? 0;
        for (const [, n] of w.counts) allWrites += n;
      }
      return [
        {
          scenario: `reconcile ${params.pods}-endpoint Service`, kubesim: converge, unit: 'ms to converge',
          note: `${slices} slice writes, all writes: ${[...first.counts].map(([r, n]) => `${r.split('/').pop()} ${n}`).join(', ')}`,
        },
        {
          scenario: '  single pod readiness flip', kubesim: sliceWrites / flips, unit: 'slice writes/change',
          p50: percentile(times, 50), p99: percentile(times, 99),
          note: `${flips} flips; ${(allWrites / flips).toFixed(1)} writes/change incl. the pod and Endpoints; p50/p99 = flip → settled`,
        },
      ];
    } finally {
      await sim.close();
    }
  },
};
