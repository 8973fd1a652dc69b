// Graceful deletion: the pod stays terminating for min(grace, --max-grace-seconds), its containers
// then stop, and the simulated kubelet removes it with gracePeriodSeconds 0 unless finalizers wait.
import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../src/util/clock.js';
import { cond, harness, simplePod, status, type J } from './helpers.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');

function runningPod(opts: Parameters<typeof harness>[0] = {}, pod = simplePod('victim')) {
  const h = harness(opts);
  h.createPod(pod);
  h.clock.advance(1000);
  expect(cond(h.pod('victim'), 'Ready')!.status).toBe('True');
  return h;
}

describe('graceful deletion', () => {
  it.each([
    { name: 'default grace (30 s) capped at 2 s', grace: undefined, cap: undefined, removedAfter: 2000, dgps: 30 },
    { name: 'grace 1 s under the cap', grace: 1, cap: undefined, removedAfter: 1000, dgps: 1 },
    { name: 'grace 30 s with a 5 s cap', grace: 30, cap: 5, removedAfter: 5000, dgps: 30 },
    { name: 'cap 0 removes at once', grace: 10, cap: 0, removedAfter: 0, dgps: 10 },
  ])('$name', ({ grace, cap, removedAfter, dgps }) => {
    const h = runningPod(cap === undefined ? {} : { maxGraceSeconds: cap });
    const deletedAt = h.clock.now();
    h.deletePod('victim', grace === undefined ? {} : { gracePeriodSeconds: grace });
    const p = h.pod('victim')!;
    expect(p.metadata.deletionGracePeriodSeconds).toBe(dgps);
    expect(p.metadata.deletionTimestamp).toBe(rfc3339(deletedAt + dgps * 1000));
    if (removedAfter > 0) {
      h.clock.advance(removedAfter - 1);
      expect(h.pod('victim')).toBeDefined();
      expect(cond(h.pod('victim'), 'Ready')!.status).toBe('True');
      expect(status(h.pod('victim')).containerStatuses[0].state.running).toBeDefined();
    }
    h.clock.advance(removedAfter === 0 ? 0 : 1);
    expect(h.pod('victim')).toBeUndefined();
    expect(h.sim.errors).toEqual([]);
  });

  it('stops the containers, then removes the pod, and says so in events', () => {
    const h = runningPod();
    const pods = h.r.resource('', 'pods');
    const seen: J[] = [];
    h.r.store.subscribe('pods', (ev) => seen.push({ type: ev.type, obj: ev.object.obj }));
    h.deletePod('victim');
    h.clock.advance(2000);
    expect(seen.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'DELETED']);
    const terminated = seen[1].obj;
    expect(terminated.status.phase).toBe('Succeeded');
    expect(terminated.status.containerStatuses[0]).toMatchObject({
      ready: false, started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: rfc3339(t0), finishedAt: rfc3339(t0 + 3000) } },
    });
    expect(terminated.status.conditions.find((c: J) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(terminated.status.conditions.find((c: J) => c.type === 'PodReadyToStartContainers').status).toBe('False');
    const killing = h.events('victim').find((e) => e.reason === 'Killing') as J;
    expect(killing).toMatchObject({
      message: 'Stopping container app', type: 'Normal', source: { component: 'kubelet', host: 'node-1' },
      involvedObject: { fieldPath: 'spec.containers{app}' },
    });
    expect(h.r.tryGet(pods, 'default', 'victim')).toBeUndefined();
  });

  it('moves the deadline when deleted again with a shorter grace period', () => {
    const h = runningPod({ maxGraceSeconds: 60 });
    h.deletePod('victim', { gracePeriodSeconds: 30 });
    h.clock.advance(1000);
    h.deletePod('victim', { gracePeriodSeconds: 2 });
    expect(h.pod('victim')!.metadata.deletionGracePeriodSeconds).toBe(2);
    h.clock.advance(1999);
    expect(h.pod('victim')).toBeDefined();
    h.clock.advance(1);
    expect(h.pod('victim')).toBeUndefined();
  });

  it('waits for finalizers, then removes the pod once they are gone', () => {
    const h = runningPod({}, simplePod('victim', { finalizers: ['example.com/hold'] }));
    h.deletePod('victim');
    h.clock.advance(10_000);
    const p = h.pod('victim')!;
    expect(status(p).phase).toBe('Succeeded');
    expect(p.metadata.finalizers).toEqual(['example.com/hold']);
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'victim', (o) => {
      o.metadata.finalizers = [];
    });
    h.clock.advance(0);
    expect(h.pod('victim')).toBeUndefined();
  });

  it('removes a terminating pod that never started right away', () => {
    const h = harness({ delays: { initialize: 60_000 } });
    h.createPod(simplePod('victim'));
    h.clock.advance(100);
    expect(status(h.pod('victim')).startTime).toBeUndefined();
    h.deletePod('victim');
    expect(h.pod('victim')!.metadata.deletionTimestamp).toBeDefined();
    h.clock.advance(0);
    expect(h.pod('victim')).toBeUndefined();
  });

  it('never deletes a pod annotated kubesim.io/lifecycle: manual', () => {
    const h = runningPod();
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'victim', (o) => {
      o.metadata.annotations = { 'kubesim.io/lifecycle': 'manual' };
    });
    h.deletePod('victim');
    h.clock.advance(120_000);
    const p = h.pod('victim')!;
    expect(p.metadata.deletionTimestamp).toBeDefined();
    expect(status(p).phase).toBe('Running');
    expect(h.events('victim').map((e) => e.reason)).not.toContain('Killing');
    h.deletePod('victim', { gracePeriodSeconds: 0 });
    expect(h.pod('victim')).toBeUndefined();
  });

  it('lets a new pod with the same name start fresh', () => {
    const h = runningPod();
    const oldUID = h.pod('victim')!.metadata.uid;
    h.deletePod('victim');
    h.clock.advance(2000);
    h.createPod(simplePod('victim'));
    h.clock.advance(1000);
    const p = h.pod('victim')!;
    expect(p.metadata.uid).not.toBe(oldUID);
    expect(cond(p, 'Ready')!.status).toBe('True');
    expect(h.events('victim').filter((e) => e.reason === 'Scheduled')).toHaveLength(2);
  });
});
