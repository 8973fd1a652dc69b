// The simulated kubelet's conditions and container states are shared, frozen objects (memory at
// 150,000 pods): held to the formulation that built fresh ones, on seeded pods, and shared where
// the values are equal (pods started in the same second, a condition that did not change).
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { kubeletConditions, refreshConditions, runningStatus, setScheduled, waitingStatus } from '../../src/simulator/pod-status.js';
import { rfc3339 } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';

type J = Record<string, any>;
const KUBELET = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** refreshConditions as it was: fresh condition objects every time. */
function reference(pod: KObject, now: number): void {
  const st = (pod.status ?? (pod.status = {})) as J;
  const old = (st.conditions ?? []) as J[];
  const derived = kubeletConditions(pod);
  const next: J[] = old.filter((c) => !KUBELET.includes(c.type));
  for (const type of KUBELET) {
    const d = derived.get(type)!;
    const prev = old.find((c) => c.type === type);
    const c: J = {
      lastProbeTime: null,
      lastTransitionTime: prev && prev.status === d.status ? prev.lastTransitionTime : rfc3339(now),
      observedGeneration: pod.metadata.generation,
      status: d.status,
      type,
    };
    if (d.reason) c.reason = d.reason;
    if (d.message) c.message = d.message;
    if (type === 'PodScheduled' && prev) Object.assign(c, { lastTransitionTime: prev.lastTransitionTime });
    next.push(c);
  }
  st.conditions = next;
  st.observedGeneration = pod.metadata.generation;
}

function randomPod(rnd: SeededRandom, name: string): KObject {
  const containers = [{ name: 'app', image: 'nginx' }, { name: 'side', image: 'busybox' }].slice(0, 1 + rnd.int(2));
  const phase = ['Pending', 'Running', 'Succeeded', 'Failed'][rnd.int(4)];
  const statuses = containers.map((c) => ({ name: c.name, ready: rnd.int(2) === 1, state: rnd.int(2) ? { running: {} } : { waiting: {} } }));
  const status: J = { phase, containerStatuses: statuses };
  if (rnd.int(2)) status.podIPs = [{ ip: '10.0.0.1' }];
  if (rnd.int(3) === 0) status.conditions = [{ type: 'example.com/gate', status: rnd.int(2) ? 'True' : 'False' }];
  const spec: J = { containers, nodeName: 'n1' };
  if (rnd.int(3) === 0) spec.readinessGates = [{ conditionType: 'example.com/gate' }];
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'd', uid: name, generation: 1 + rnd.int(2) }, spec, status };
}

describe('shared pod conditions', () => {
  it('write the same JSON as fresh ones, over seeded pods and a run of refreshes', () => {
    const rnd = new SeededRandom(16);
    for (let i = 0; i < 300; i++) {
      const a = randomPod(rnd, `p-${i}`);
      const b = structuredClone(a);
      let now = 1_700_000_000_000 + rnd.int(5) * 1000;
      for (let step = 0; step < 4; step++) {
        refreshConditions(a, now);
        reference(b, now);
        expect(JSON.stringify(a.status)).toBe(JSON.stringify(b.status));
        // Between refreshes the kubelet's view may change: a container becomes ready, or not.
        const cs = ((a.status as J).containerStatuses as J[]).map((c) => ({ ...c, ready: rnd.int(2) === 1 }));
        (a.status as J).containerStatuses = cs;
        (b.status as J).containerStatuses = structuredClone(cs);
        now += rnd.int(3) * 1000;
      }
    }
  });

  it('are the same frozen objects for equal values, and an unchanged list is the list it was', () => {
    const now = 1_700_000_100_000;
    const mk = (name: string): KObject => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'd', uid: name, generation: 1 },
      spec: { containers: [{ name: 'app' }], nodeName: 'n1' },
      status: { phase: 'Running', podIPs: [{ ip: '10.0.0.9' }], containerStatuses: [{ name: 'app', ready: true }] },
    });
    const a = mk('a');
    const b = mk('b');
    setScheduled(a, now, true);
    setScheduled(b, now, true);
    refreshConditions(a, now);
    refreshConditions(b, now);
    const ca = (a.status as J).conditions as J[];
    expect((b.status as J).conditions).toBe(ca);
    expect(Object.isFrozen(ca) && ca.every((c) => Object.isFrozen(c))).toBe(true);
    refreshConditions(a, now + 5000);
    expect((a.status as J).conditions).toBe(ca);
    (a.status as J).containerStatuses = [{ name: 'app', ready: false }];
    refreshConditions(a, now + 5000);
    const after = (a.status as J).conditions as J[];
    expect(after).not.toBe(ca);
    const byType = (l: J[], t: string) => l.find((c) => c.type === t)!;
    expect(byType(after, 'PodScheduled')).toBe(byType(ca, 'PodScheduled'));
    expect(byType(after, 'Ready').status).toBe('False');
    expect(byType(after, 'Ready').lastTransitionTime).toBe(rfc3339(now + 5000));
  });

  it('container states: one empty lastState, one waiting state a reason, one running state a start time', () => {
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', uid: 'u' } };
    const w1 = waitingStatus({ name: 'a', image: 'i' }, 'ContainerCreating');
    const w2 = waitingStatus({ name: 'b', image: 'i' }, 'ContainerCreating');
    expect(w2.state).toBe(w1.state);
    expect(w2.lastState).toBe(w1.lastState);
    const r1 = runningStatus(pod, { name: 'a', image: 'nginx' }, '2026-12-07T10:00:00Z', true);
    const r2 = runningStatus(pod, { name: 'b', image: 'nginx' }, '2026-12-07T10:00:00Z', false);
    expect(r2.state).toBe(r1.state);
    expect(r1.state).toEqual({ running: { startedAt: '2026-12-07T10:00:00Z' } });
    expect(Object.isFrozen(r1.state.running)).toBe(true);
  });
});
