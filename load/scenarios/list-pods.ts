// LIST 1,000 Running, real-size pods (one namespace, no selector), against bare fastify sending the
// identical bytes. The pods look like a cluster's (lib/real-pod.ts): a ReplicaSet's pods with two
// containers, bound and given kubelet status through the registry, with the managedFields that
// leaves (kube-controller-manager, kube-scheduler, kubelet).
import { compareGet, rowOf, type LoadParams } from '../lib/compare.js';
import { ensureNamespace, startSim } from '../lib/fixtures.js';
import { createRealPods } from '../lib/real-pod.js';
import type { Scenario } from '../lib/report.js';

export const params: LoadParams & { pods: number } = { connections: 10, duration: 4, pipelining: 1, pods: 1000 };

export const scenario: Scenario = {
  name: 'list-pods',
  async run(ctx) {
    // No workload controllers: the ReplicaSet is there for its pods' ownerReferences only.
    const sim = await startSim({ workloadControllers: false });
    try {
      ensureNamespace(sim, 'bench');
      createRealPods(sim, 'bench', params.pods);
      await sim.settled();
      const { k, b, body } = await compareGet(ctx, sim, '/api/v1/namespaces/bench/pods', params);
      const bytes = Buffer.byteLength(body.body);
      return [rowOf(`LIST ${params.pods} Running pods`, k, b, '≥ 0.80× bare', 0.8,
        `${(bytes / 1e6).toFixed(2)} MB body, ${(bytes / params.pods / 1000).toFixed(1)} KB/pod`)];
    } finally {
      await sim.close();
    }
  },
};
