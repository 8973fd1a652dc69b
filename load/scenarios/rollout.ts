// A rolling update of a 1,000-replica Deployment (maxSurge 25%, maxUnavailable 25%) behind a
// Service, with the simulated cluster on: the time from the template change until the Deployment
// reports the rollout complete and every old pod is gone, and the EndpointSlice writes each
// replaced pod costs. The first row is the time to bring the 1,000 pods up from nothing.
// 13 nodes × 110 pods fit the 1,250 pods the surge allows (pods beyond a node's 110 stay Pending).
import { countWrites, createService, ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Scenario } from '../lib/report.js';
import type { Sim } from '../lib/fixtures.js';

export const params = { replicas: 1000, maxSurge: '25%', maxUnavailable: '25%', nodes: 13 };

type J = any;

function deploymentBody(replicas: number): J {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'big' },
    spec: {
      replicas, selector: { matchLabels: { app: 'big' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: params.maxSurge, maxUnavailable: params.maxUnavailable } },
      template: {
        metadata: { labels: { app: 'big' } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  };
}

/** Polls (real time) until the Deployment's rollout is complete and no pod of it is terminating. */
async function rolledOut(sim: Sim, ns: string, replicas: number, timeoutMs: number): Promise<void> {
  const deployments = sim.registry.resource('apps', 'deployments');
  const pods = sim.registry.resource('', 'pods');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = sim.registry.get(deployments, ns, 'big').obj as J;
    const s = d.status ?? {};
    const done = s.observedGeneration >= d.metadata.generation && s.updatedReplicas === replicas &&
      s.replicas === replicas && s.availableReplicas === replicas;
    if (done && sim.registry.list(pods, ns).items.length === replicas) {
      await sim.settled();
      return;
    }
    if (Date.now() > deadline) throw new Error(`rollout not complete after ${timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const scenario: Scenario = {
  name: 'rollout',
  async run(ctx) {
    const replicas = ctx.quick ? 200 : params.replicas;
    const sim = await startSim({ simulate: true, nodes: params.nodes });
    try {
      ensureNamespace(sim, 'bench');
      createService(sim, 'bench', 'big', { app: 'big' });
      const deployments = sim.registry.resource('apps', 'deployments');
      const t0 = performance.now();
      sim.registry.create(deployments, 'bench', deploymentBody(replicas));
      await rolledOut(sim, 'bench', replicas, 300_000);
      const up = performance.now() - t0;
      ctx.log(`  ${replicas} pods up in ${up.toFixed(0)} ms`);

      const w = countWrites(sim);
      const t1 = performance.now();
      sim.registry.mutate(deployments, 'bench', 'big', (d) => {
        (d as J).spec.template.spec.containers[0].image = 'registry.k8s.io/pause:3.10';
      });
      await rolledOut(sim, 'bench', replicas, 300_000);
      const roll = performance.now() - t1;
      w.stop();
      const n = (r: string) => w.counts.get(r) ?? 0;
      const slices = n('discovery.k8s.io/endpointslices');
      const rsWrites = n('apps/replicasets');
      const scaleEvents = sim.registry.list(sim.registry.resource('', 'events'), 'bench').items
        .filter((e) => (e.obj as J).reason === 'ScalingReplicaSet').length;
      return [
        {
          scenario: `deployment ${replicas} replicas up`, kubesim: up, unit: 'ms',
          note: `create → ${replicas} available, ${params.nodes} nodes, simulated kubelet (Ready ~90 ms after create)`,
        },
        {
          scenario: `  rolling update ${params.maxSurge} surge`, kubesim: roll, unit: 'ms to complete',
          note: `template change → complete, old pods gone (grace ≤ 2 s); ${n('pods')} pod writes, ${rsWrites} ReplicaSet writes, ${scaleEvents} scaling events`,
        },
        {
          scenario: '  slice writes per replaced pod', kubesim: slices / replicas, unit: 'slice writes/pod',
          note: `${slices} EndpointSlice writes for ${replicas} replaced pods; ${n('endpoints')} Endpoints writes`,
        },
      ];
    } finally {
      await sim.close();
    }
  },
};
