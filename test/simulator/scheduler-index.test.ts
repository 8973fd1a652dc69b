// ClusterView.schedule walks zones and nodes in the scheduler's order and stops at the first fit:
// held to schedulePod's full pass over every node, on seeded random clusters that change as pods
// bind, finish and go, and as nodes join, leave, move zone or get tainted.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { ClusterView, schedulePod } from '../../src/simulator/index.js';
import { readyConditions } from '../../src/simulator/nodes.js';
import { SeededRandom } from '../../src/util/random.js';

type J = Record<string, any>;

function randomNode(rnd: SeededRandom, i: number): KObject {
  const zones = ['zone-a', 'zone-b', 'zone-c', ''];
  const labels: Record<string, string> = { disk: rnd.int(3) === 0 ? 'ssd' : 'hdd' };
  const zone = zones[rnd.int(zones.length)];
  if (zone) labels['topology.kubernetes.io/zone'] = zone;
  const spec: J = {};
  if (rnd.int(10) === 0) spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
  if (rnd.int(20) === 0) spec.unschedulable = true;
  const ready = rnd.int(15) !== 0;
  return {
    metadata: { name: `n-${(i * 7919) % 1000}-${i}`, labels },
    spec,
    status: {
      allocatable: { cpu: String(1 + rnd.int(4)), memory: '4Gi', pods: String(1 + rnd.int(6)) },
      conditions: ready ? readyConditions(0) : [{ type: 'Ready', status: 'False' }],
    },
  };
}

function randomPod(rnd: SeededRandom, uid: string): KObject {
  const spec: J = { containers: [{ name: 'c', image: 'x' }] };
  if (rnd.int(3) === 0) spec.containers[0].resources = { requests: { cpu: `${100 * (1 + rnd.int(15))}m` } };
  if (rnd.int(6) === 0) spec.nodeSelector = { disk: 'ssd' };
  if (rnd.int(8) === 0) spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
  return { metadata: { name: uid, namespace: 'default', uid }, spec, status: { phase: 'Pending' } };
}

describe('ClusterView.schedule', () => {
  it.each([1, 2, 3, 4, 5, 6])('picks what the full pass picks (seed %i)', (seed) => {
    const rnd = new SeededRandom(seed);
    const v = new ClusterView();
    const nodes: KObject[] = [];
    for (let i = 0; i < 5 + rnd.int(40); i++) {
      nodes.push(randomNode(rnd, i));
      v.setNode(nodes[i]);
    }
    const bound: KObject[] = [];
    let placed = 0;
    let unfit = 0;
    for (let step = 0; step < 600; step++) {
      const p = randomPod(rnd, `p-${seed}-${step}`);
      const got = v.schedule(p);
      expect(got).toEqual(schedulePod(p, v.nodes()));
      if (got.node !== undefined) {
        placed++;
        const b = { ...p, spec: { ...(p.spec as J), nodeName: got.node }, status: { phase: 'Running' } };
        v.observePod(b, false);
        bound.push(b);
      } else unfit++;
      const r = rnd.int(20);
      if (r === 0 && bound.length) {
        const i = rnd.int(bound.length);
        const [gone] = bound.splice(i, 1);
        if (rnd.int(2)) v.observePod(gone, true);
        else v.observePod({ ...gone, status: { phase: 'Succeeded' } }, false);
      } else if (r === 1) {
        const n = randomNode(rnd, nodes.length);
        nodes.push(n);
        v.setNode(n);
      } else if (r === 2 && nodes.length > 1) {
        const [n] = nodes.splice(rnd.int(nodes.length), 1);
        v.deleteNode(n.metadata.name!);
      } else if (r === 3 && nodes.length) {
        // Same node, new zone, taints and labels (a relabel or a kubectl taint).
        const i = rnd.int(nodes.length);
        const fresh = randomNode(rnd, 0);
        nodes[i] = { ...fresh, metadata: { ...fresh.metadata, name: nodes[i].metadata.name } };
        v.setNode(nodes[i]);
      } else if (r === 4) {
        // A pod bound (by hand) to a node the view does not know yet, counted once it appears.
        const p2 = randomPod(rnd, `hand-${seed}-${step}`);
        v.observePod({ ...p2, spec: { ...(p2.spec as J), nodeName: `n-late-${step}` }, status: { phase: 'Running' } }, false);
        if (rnd.int(2)) {
          const n = randomNode(rnd, nodes.length);
          nodes.push({ ...n, metadata: { ...n.metadata, name: `n-late-${step}` } });
          v.setNode(nodes[nodes.length - 1]);
        }
      }
    }
    expect(placed).toBeGreaterThan(50);
    expect(unfit).toBeGreaterThan(0);
    v.clear();
    expect(v.schedule(randomPod(rnd, 'after-clear'))).toEqual({ message: 'no nodes available to schedule pods' });
  });
});
