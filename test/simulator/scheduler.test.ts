// The simulated scheduler: filters worded like the real plugins, zone-then-node spreading, and
// unschedulable pods that get another try when the cluster changes.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { ClusterView, schedulePod } from '../../src/simulator/index.js';
import { readyConditions } from '../../src/simulator/nodes.js';
import { cond, harness, simplePod, status, type J } from './helpers.js';

function node(name: string, zone: string, extra: { spec?: J; status?: J; labels?: Record<string, string> } = {}): KObject {
  return {
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone, ...extra.labels } },
    spec: extra.spec ?? {},
    status: { allocatable: { cpu: '2', memory: '4Gi', pods: '3' }, conditions: readyConditions(0), ...extra.status },
  };
}

function pod(uid: string, spec: J = {}, nodeName?: string): KObject {
  return {
    metadata: { name: uid, namespace: 'default', uid },
    spec: { containers: [{ name: 'c', image: 'x', ...spec.container }], ...spec, ...(nodeName ? { nodeName } : {}) },
    status: { phase: 'Running' },
  };
}

function view(nodes: KObject[], placed: [string, J?][] = []): ClusterView {
  const v = new ClusterView();
  for (const n of nodes) v.setNode(n);
  placed.forEach(([nodeName, spec], i) => v.observePod(pod(`placed-${i}`, spec ?? {}, nodeName), false));
  return v;
}

describe('schedulePod filters', () => {
  const notReady = { status: { allocatable: { pods: '10' }, conditions: [{ type: 'Ready', status: 'False' }] } };
  it.each([
    { name: 'no nodes', nodes: [], spec: {}, want: 'no nodes available to schedule pods' },
    {
      name: 'unschedulable node', nodes: [node('a', 'z1', { spec: { unschedulable: true } })], spec: {},
      want: '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'NotReady node (not-ready taint)', nodes: [node('a', 'z1', notReady)], spec: {},
      want: '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'user taint', nodes: [node('a', 'z1', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } })], spec: {},
      want: '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'nodeSelector and resources, reasons sorted and counted',
      nodes: [node('a', 'z1'), node('b', 'z2'), node('c', 'z3', { labels: { disk: 'ssd' } })],
      spec: { nodeSelector: { disk: 'ssd' }, container: { resources: { requests: { cpu: '3' } } } },
      want: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    },
  ])('$name', ({ nodes, spec, want }) => {
    expect(schedulePod(pod('p', spec), view(nodes).nodes())).toEqual({ message: want });
  });

  it.each([
    { name: 'tolerated taint', spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] } },
    { name: 'tolerate everything', spec: { tolerations: [{ operator: 'Exists' }] } },
  ])('$name fits', ({ spec }) => {
    const n = node('a', 'z1', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
    expect(schedulePod(pod('p', spec), view([n]).nodes())).toEqual({ node: 'a' });
  });

  it('counts pods against allocatable pods and memory requests', () => {
    const nodes = [node('a', 'z1')];
    expect(schedulePod(pod('p'), view(nodes, [['a'], ['a'], ['a']]).nodes())).toMatchObject({ message: expect.stringContaining('1 Too many pods') });
    const big = { container: { resources: { limits: { memory: '3Gi' } } } };
    expect(schedulePod(pod('p', big), view(nodes, [['a', big]]).nodes())).toMatchObject({ message: expect.stringContaining('1 Insufficient memory') });
    expect(schedulePod(pod('p', big), view(nodes).nodes())).toEqual({ node: 'a' });
  });
});

describe('schedulePod spreading', () => {
  it('picks the emptiest zone, then its emptiest node, ties by name', () => {
    const nodes = [node('a1', 'z1'), node('a2', 'z1'), node('b1', 'z2'), node('c1', 'z3')];
    expect(schedulePod(pod('p'), view(nodes).nodes())).toEqual({ node: 'a1' });
    expect(schedulePod(pod('p'), view(nodes, [['a1']]).nodes())).toEqual({ node: 'b1' });
    expect(schedulePod(pod('p'), view(nodes, [['a1'], ['b1']]).nodes())).toEqual({ node: 'c1' });
    expect(schedulePod(pod('p'), view(nodes, [['a1'], ['b1'], ['c1']]).nodes())).toEqual({ node: 'a2' });
  });

  it('stops counting terminal and deleted pods', () => {
    const v = view([node('a', 'z1'), node('b', 'z2')]);
    const p = pod('x', {}, 'a');
    v.observePod(p, false);
    expect(schedulePod(pod('p'), v.nodes())).toEqual({ node: 'b' });
    v.observePod({ ...p, status: { phase: 'Succeeded' } }, false);
    expect(schedulePod(pod('p'), v.nodes())).toEqual({ node: 'a' });
    v.observePod(p, false);
    v.observePod(p, true);
    expect(v.podCount('a')).toBe(0);
  });

  it('spreads 30 pods evenly over the default 3 zones', () => {
    const h = harness();
    for (let i = 0; i < 30; i++) h.createPod(simplePod(`p${i}`));
    h.clock.advance(1000);
    const byNode = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const n = (h.pod(`p${i}`)!.spec as J).nodeName as string;
      byNode.set(n, (byNode.get(n) ?? 0) + 1);
    }
    expect(Object.fromEntries(byNode)).toEqual({ 'node-1': 10, 'node-2': 10, 'node-3': 10 });
  });

  it('spreads over zones first with several nodes per zone', () => {
    const h = harness({ seed: { nodes: 6, zones: ['east', 'west'] } });
    for (let i = 0; i < 4; i++) h.createPod(simplePod(`p${i}`));
    h.clock.advance(1000);
    const zoneOf = (n: string) => h.node(n)!.metadata.labels!['topology.kubernetes.io/zone'];
    const nodes = [0, 1, 2, 3].map((i) => (h.pod(`p${i}`)!.spec as J).nodeName as string);
    expect(nodes.map(zoneOf)).toEqual(['east', 'west', 'east', 'west']);
    expect(new Set(nodes).size).toBe(4);
  });
});

describe('unschedulable pods', () => {
  it('report PodScheduled False and are scheduled once a node fits', () => {
    const h = harness();
    h.createPod(simplePod('picky', {}, { nodeSelector: { disk: 'ssd' } }));
    h.clock.advance(1000);
    expect(cond(h.pod('picky'), 'PodScheduled')).toMatchObject({
      status: 'False', reason: 'Unschedulable',
      message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
    const failed = h.events('picky').filter((e) => e.reason === 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', source: { component: 'default-scheduler' } });
    const rv = h.pod('picky')!.metadata.resourceVersion;
    h.clock.advance(60_000);
    expect(h.pod('picky')!.metadata.resourceVersion).toBe(rv);

    h.r.mutate(h.r.resource('', 'nodes'), '', 'node-2', (n) => {
      n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' };
    });
    h.clock.advance(1000);
    expect((h.pod('picky')!.spec as J).nodeName).toBe('node-2');
    expect(cond(h.pod('picky'), 'PodScheduled')!.status).toBe('True');
    expect(cond(h.pod('picky'), 'PodScheduled')!.reason).toBeUndefined();
    expect(cond(h.pod('picky'), 'Ready')!.status).toBe('True');
  });

  it('skips cordoned and NotReady nodes', () => {
    const h = harness();
    const nodes = h.r.resource('', 'nodes');
    h.r.mutate(nodes, '', 'node-1', (n) => {
      (n.spec as J).unschedulable = true;
    });
    h.r.mutate(nodes, '', 'node-2', (n) => {
      (n.status as J).conditions = (n.status as J).conditions.map((c: J) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    }, { subresource: 'status' });
    for (let i = 0; i < 3; i++) h.createPod(simplePod(`p${i}`));
    h.clock.advance(1000);
    expect([0, 1, 2].map((i) => (h.pod(`p${i}`)!.spec as J).nodeName)).toEqual(['node-3', 'node-3', 'node-3']);
  });

  it('waits for room when a node is full and takes it when a pod goes', () => {
    const h = harness({ seed: { nodes: 1 } });
    h.r.mutate(h.r.resource('', 'nodes'), '', 'node-1', (n) => {
      (n.status as J).allocatable = { ...(n.status as J).allocatable, pods: '2' };
    }, { subresource: 'status' });
    for (let i = 0; i < 3; i++) h.createPod(simplePod(`p${i}`));
    h.clock.advance(1000);
    expect(cond(h.pod('p2'), 'PodScheduled')!.message).toContain('1 Too many pods');
    h.deletePod('p0', { gracePeriodSeconds: 0 });
    h.clock.advance(1000);
    expect(status(h.pod('p2')).phase).toBe('Running');
  });
});

describe('pods the default scheduler leaves alone', () => {
  it('ignores pods that name another scheduler, and starts them once bound', () => {
    const h = harness();
    h.createPod(simplePod('custom', {}, { schedulerName: 'my-scheduler' }));
    h.clock.advance(1000);
    expect((h.pod('custom')!.spec as J).nodeName).toBeUndefined();
    expect(status(h.pod('custom')).conditions).toBeUndefined();
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'custom', (p) => {
      (p.spec as J).nodeName = 'node-2';
    }, { subresource: 'binding' });
    h.clock.advance(1000);
    expect(cond(h.pod('custom'), 'Ready')!.status).toBe('True');
  });

  it('marks pods with scheduling gates SchedulingGated', () => {
    const h = harness();
    h.createPod(simplePod('gated', {}, { schedulingGates: [{ name: 'example.com/wait' }] }));
    h.clock.advance(1000);
    expect((h.pod('gated')!.spec as J).nodeName).toBeUndefined();
    expect(cond(h.pod('gated'), 'PodScheduled')).toMatchObject({
      status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates',
    });
    expect(h.events('gated')).toEqual([]);
  });

  it('tries an unschedulable pod again when its spec changes', () => {
    const h = harness();
    const nodes = h.r.resource('', 'nodes');
    for (const n of ['node-1', 'node-2', 'node-3']) {
      h.r.mutate(nodes, '', n, (o) => {
        (o.spec as J).taints = [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }];
      });
    }
    h.createPod(simplePod('tol'));
    h.clock.advance(1000);
    expect(cond(h.pod('tol'), 'PodScheduled')!.message).toContain('3 node(s) had untolerated taint {dedicated: infra}');
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'tol', (p) => {
      (p.spec as J).tolerations = [...(p.spec as J).tolerations, { key: 'dedicated', operator: 'Exists' }];
    });
    h.clock.advance(1000);
    expect(status(h.pod('tol')).phase).toBe('Running');
  });
});
