// The DaemonSet planner. Cases ported from upstream pkg/controller/daemon/daemon_controller_test.go
// (one pod per node, nodeSelector, node affinity, taints and the default tolerations, nodes added
// and removed, misscheduled pods, failed pods, duplicate pods, status) and update_test.go
// (rolling update with maxUnavailable, maxSurge, OnDelete, history), in our own words.
import { describe, expect, it } from 'vitest';
import { placement, targetNode } from '../../../src/controllers/daemonset/nodes.js';
import { nextBackoff } from '../../../src/controllers/daemonset/planner.js';
import { daemonSet, iso, node, T0, World } from './world.js';

type J = Record<string, any>;
const three = () => [node('node-1'), node('node-2'), node('node-3')];

describe('placement (NodeShouldRunDaemonPod)', () => {
  it.each([
    { name: 'plain node', node: node('n'), spec: {}, want: [true, true] },
    { name: 'nodeSelector matches', node: node('n', { labels: { disk: 'ssd' } }), spec: { nodeSelector: { disk: 'ssd' } }, want: [true, true] },
    { name: 'nodeSelector does not match', node: node('n'), spec: { nodeSelector: { disk: 'ssd' } }, want: [false, false] },
    { name: 'spec.nodeName elsewhere', node: node('n'), spec: { nodeName: 'other' }, want: [false, false] },
    { name: 'NoSchedule taint untolerated', node: node('n', { taints: [{ key: 'k', effect: 'NoSchedule' }] }), spec: {}, want: [false, true] },
    { name: 'NoExecute taint untolerated', node: node('n', { taints: [{ key: 'k', effect: 'NoExecute' }] }), spec: {}, want: [false, false] },
    { name: 'taint tolerated', node: node('n', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), spec: { tolerations: [{ key: 'k', operator: 'Equal', value: 'v' }] }, want: [true, true] },
    { name: 'unschedulable node: tolerated by default', node: node('n', { unschedulable: true }), spec: {}, want: [true, true] },
    { name: 'disk-pressure: tolerated by default', node: node('n', { taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] }), spec: {}, want: [true, true] },
    { name: 'network-unavailable: only hostNetwork daemons', node: node('n', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }), spec: {}, want: [false, true] },
    { name: 'network-unavailable with hostNetwork', node: node('n', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }), spec: { hostNetwork: true }, want: [true, true] },
    { name: 'NotReady node: not-ready NoSchedule is not tolerated', node: node('n', { ready: false }), spec: {}, want: [false, true] },
    {
      name: 'required node affinity',
      node: node('n', { labels: { role: 'edge' } }),
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'role', operator: 'In', values: ['core'] }] }] } } } },
      want: [false, false],
    },
  ])('$name', ({ node: n, spec, want }) => {
    const p = placement(spec, n);
    expect([p.shouldRun, p.shouldContinueRunning]).toEqual(want);
  });
});

describe('manage', () => {
  it('creates one pod per node, pinned by matchFields, with the default tolerations and labels', () => {
    const w = new World(daemonSet(), three());
    const plan = w.sync();
    expect(plan.create.length).toBe(3);
    const p = plan.create[0] as J;
    expect(p.metadata.generateName).toBe('agent-');
    expect(p.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': plan.hash, 'pod-template-generation': '1' });
    expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }]);
    expect(p.spec.tolerations.map((t: J) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-agent', controller: true, blockOwnerDeletion: true }]);
    expect(plan.create.map((c) => targetNode(c))).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('follows nodes added and removed', () => {
    const w = new World(daemonSet(), three());
    w.converge();
    w.nodes.push(node('node-4'));
    expect(w.sync().create.map((c) => targetNode(c))).toEqual(['node-4']);
    w.readyAll();
    w.nodes = w.nodes.filter((n) => n.metadata.name !== 'node-2');
    const plan = w.sync();
    expect(plan.delete.map((d) => targetNode(w.pods.get(d.name)!))).toEqual(['node-2']);
  });

  it('removes a pod from a node that no longer matches (misscheduled until then)', () => {
    const w = new World(daemonSet({}, { nodeSelector: { agent: 'yes' } }), [node('node-1', { labels: { agent: 'yes' } }), node('node-2', { labels: { agent: 'yes' } })]);
    w.converge();
    w.nodes[1] = node('node-2');
    const plan = w.sync();
    expect(plan.status).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 });
    expect(plan.delete.length).toBe(1);
  });

  it('a NoSchedule taint added later does not evict; a NoExecute one does', () => {
    const w = new World(daemonSet(), [node('node-1')]);
    w.converge();
    w.nodes = [node('node-1', { taints: [{ key: 'x', effect: 'NoSchedule' }] })];
    expect(w.sync().delete).toEqual([]);
    w.nodes = [node('node-1', { taints: [{ key: 'x', effect: 'NoExecute' }] })];
    expect(w.sync().delete.length).toBe(1);
  });

  it('deletes a failed daemon pod (FailedDaemonPod) and recreates it once it is gone', () => {
    const w = new World(daemonSet(), [node('node-1')]);
    w.converge();
    const [name] = [...w.pods.keys()];
    w.pods.get(name)!.status = { phase: 'Failed' };
    let plan = w.sync();
    expect(plan.delete.map((d) => d.name)).toEqual([name]);
    expect(plan.events[0]).toEqual({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod kube-system/${name} on node node-1, will try to kill it` });
    w.finishDeletes();
    plan = w.sync();
    expect(plan.create.length).toBe(1);
  });

  it('a daemon that keeps failing is replaced at most once per back-off period (failedPodsBackoff)', () => {
    const w = new World(daemonSet(), [node('node-1')]);
    w.converge();
    const fail = () => {
      for (const p of w.pods.values()) if (!p.metadata.deletionTimestamp) p.status = { phase: 'Failed' };
    };
    fail();
    expect(w.sync().delete.length).toBe(1);
    expect(w.backoff.get('node-1')).toEqual({ delayMs: 1000, lastMs: T0 });
    w.finishDeletes();
    w.sync();
    fail();
    // Still within the 1 s back-off: the failed pod stays, the sync comes back when it ends.
    let plan = w.sync();
    expect(plan.delete).toEqual([]);
    expect(plan.requeueAfterMs).toBe(1000);
    w.now += 1000;
    plan = w.sync();
    expect(plan.delete.length).toBe(1);
    expect(w.backoff.get('node-1')).toEqual({ delayMs: 2000, lastMs: T0 + 1000 });
  });

  it.each([
    { name: 'first failure', prev: undefined, now: 0, want: { delayMs: 1000, lastMs: 0 } },
    { name: 'doubles', prev: { delayMs: 4000, lastMs: 0 }, now: 5000, want: { delayMs: 8000, lastMs: 5000 } },
    { name: 'capped at 15 min', prev: { delayMs: 600_000, lastMs: 0 }, now: 600_000, want: { delayMs: 900_000, lastMs: 600_000 } },
    { name: 'reset after twice the maximum', prev: { delayMs: 900_000, lastMs: 0 }, now: 1_800_001, want: { delayMs: 1000, lastMs: 1_800_001 } },
  ])('failed pods back-off: $name', ({ prev, now, want }) => {
    expect(nextBackoff(prev, now)).toEqual(want);
  });

  it('keeps the oldest of duplicate pods on a node', () => {
    const w = new World(daemonSet(), [node('node-1')]);
    w.converge();
    const [first] = [...w.pods.values()];
    const dup = structuredClone(first);
    dup.metadata.name = 'agent-dup';
    dup.metadata.uid = 'dup';
    dup.metadata.creationTimestamp = iso(T0 + 60_000);
    w.pods.set('agent-dup', dup);
    expect(w.sync().delete.map((d) => d.name)).toEqual(['agent-dup']);
  });

  it('status once every pod is ready: what kubectl rollout status waits for', () => {
    const w = new World(daemonSet(), three());
    // Status is computed from the pods the sync started with, as upstream's informer cache.
    let plan = w.sync();
    expect(plan.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 0, numberReady: 0, numberAvailable: 0, numberUnavailable: 3 });
    plan = w.sync();
    expect(plan.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 0, numberAvailable: 0, numberUnavailable: 3 });
    w.readyAll();
    plan = w.sync();
    expect(plan.status).toEqual({
      currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 1,
      updatedNumberScheduled: 3, numberAvailable: 3, collisionCount: 0,
    });
  });
});

describe('rolling update (update_test.go)', () => {
  it('maxUnavailable 1: one node at a time, waiting for the new pod to be available', () => {
    const w = new World(daemonSet(), three());
    w.converge();
    w.setTemplate('agent:2');
    let plan = w.sync();
    expect(plan.revision.create?.revision).toBe(2);
    expect(plan.delete.length).toBe(1);
    expect(plan.status.updatedNumberScheduled).toBe(0);
    w.finishDeletes();
    plan = w.sync();
    expect(plan.create.length).toBe(1);
    expect(w.sync().delete).toEqual([]); // the new pod is not ready yet
    w.converge();
    expect(w.ds.status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, desiredNumberScheduled: 3 });
    expect([...w.pods.values()].every((p) => (p.spec as J).containers[0].image === 'agent:2')).toBe(true);
  });

  it('maxUnavailable 100%: every node at once', () => {
    const w = new World(daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%', maxSurge: 0 } } }), three());
    w.converge();
    w.setTemplate('agent:2');
    expect(w.sync().delete.length).toBe(3);
  });

  it('maxSurge: the new pod starts beside the old one, which goes once the new one is available', () => {
    const w = new World(daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }), three());
    w.converge();
    w.setTemplate('agent:2');
    let plan = w.sync();
    expect(plan.create.length).toBe(1);
    expect(plan.delete).toEqual([]);
    const node = targetNode(plan.create[0]);
    w.readyAll();
    plan = w.sync();
    expect(plan.delete.map((d) => targetNode(w.pods.get(d.name)!))).toEqual([node]);
    w.finishDeletes();
    w.converge();
    expect(Object.values(w.byNode()).map((ps) => ps.length)).toEqual([1, 1, 1]);
    expect(w.ds.status!.updatedNumberScheduled).toBe(3);
  });

  it('OnDelete: nothing is replaced until deleted', () => {
    const w = new World(daemonSet({ updateStrategy: { type: 'OnDelete' } }), three());
    w.converge();
    w.setTemplate('agent:2');
    w.converge();
    expect(w.last.delete).toEqual([]);
    expect(w.ds.status!.updatedNumberScheduled).toBe(0);
  });

  it('rolling back renumbers the old revision instead of creating one', () => {
    const w = new World(daemonSet(), three());
    w.converge();
    const first = w.revisions[0].metadata.name;
    w.setTemplate('agent:2');
    w.converge();
    w.setTemplate('agent:1');
    const plan = w.sync();
    expect(plan.revision).toEqual({ renumber: { name: first, revision: 3 } });
    expect(w.revisions[0].metadata.labels!['controller-revision-hash']).toBe(plan.hash);
  });
});
