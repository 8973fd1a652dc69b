// --pod-lifecycle manual, and the per-pod kubesim.io/lifecycle: manual annotation: the simulator
// leaves such pods entirely to their clients, whose /status writes are reflected unchanged.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { harness, simplePod, status, type Harness, type J } from './helpers.js';

const clientStatus = {
  phase: 'Running',
  podIP: '192.0.2.10',
  podIPs: [{ ip: '192.0.2.10' }, { ip: '2001:db8::10' }],
  hostIP: '198.51.100.1',
  hostIPs: [{ ip: '198.51.100.1' }],
  startTime: '2025-12-31T23:00:00Z',
  conditions: [
    { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-12-31T23:00:05Z' },
    { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-12-31T23:00:05Z' },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-12-31T23:00:00Z' },
  ],
  containerStatuses: [{
    name: 'app', ready: true, started: true, restartCount: 3, image: 'nginx:1.27', imageID: '',
    state: { running: { startedAt: '2025-12-31T23:00:01Z' } }, lastState: {},
  }],
};

/** A PUT to /status, as a client does it: the whole object with the new status. */
function putStatus(h: Harness, name: string, st: J): KObject {
  const pods = h.r.resource('', 'pods');
  const cur = structuredClone(h.pod(name)!) as KObject;
  cur.status = structuredClone(st);
  return h.r.update(pods, 'default', name, cur, { subresource: 'status' }).object;
}

describe('--pod-lifecycle manual', () => {
  const h = harness({ mode: 'manual' });

  it('still seeds Ready nodes with pod CIDRs', () => {
    expect((h.node('node-1')!.spec as J).podCIDRs).toEqual(['10.244.0.0/24', 'fd00:10:244::/64']);
  });

  it('neither schedules nor touches a new pod', () => {
    h.createPod(simplePod('m'));
    const rv = h.pod('m')!.metadata.resourceVersion;
    h.clock.advance(60_000);
    expect(h.pod('m')!.metadata.resourceVersion).toBe(rv);
    expect((h.pod('m')!.spec as J).nodeName).toBeUndefined();
    expect(status(h.pod('m'))).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(h.events('m')).toEqual([]);
  });

  it('reflects exact IPs, phase and conditions set through /status', () => {
    putStatus(h, 'm', clientStatus);
    h.clock.advance(60_000);
    expect(status(h.pod('m'))).toEqual(clientStatus);
  });

  it('reflects readiness flips unchanged', () => {
    const notReady = structuredClone(clientStatus);
    notReady.conditions[0].status = 'False';
    notReady.containerStatuses[0].ready = false;
    putStatus(h, 'm', notReady);
    h.clock.advance(60_000);
    expect(status(h.pod('m'))).toEqual(notReady);
  });

  it('leaves graceful deletion to the client', () => {
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'm', (p) => {
      (p.spec as J).nodeName = 'node-1';
    }, { subresource: 'binding' });
    h.deletePod('m');
    h.clock.advance(120_000);
    expect(h.pod('m')!.metadata.deletionTimestamp).toBeDefined();
    h.deletePod('m', { gracePeriodSeconds: 0 });
    expect(h.pod('m')).toBeUndefined();
  });

  it('registers no user-created node status but still assigns pod CIDRs', () => {
    h.r.create(h.r.resource('', 'nodes'), '', { metadata: { name: 'extra' } });
    h.clock.advance(0);
    const n = h.node('extra')!;
    expect((n.spec as J).podCIDRs).toEqual(['10.244.3.0/24', 'fd00:10:244:3::/64']);
    expect(n.status).toEqual({});
  });
});

describe('kubesim.io/lifecycle: manual in auto mode', () => {
  it('is never scheduled or patched while other pods run', () => {
    const h = harness();
    h.createPod(simplePod('hands-off', { annotations: { 'kubesim.io/lifecycle': 'manual' } }));
    h.createPod(simplePod('normal'));
    h.clock.advance(1000);
    expect(status(h.pod('normal')).phase).toBe('Running');
    expect(status(h.pod('hands-off'))).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    putStatus(h, 'hands-off', clientStatus);
    h.clock.advance(1000);
    expect(status(h.pod('hands-off'))).toEqual(clientStatus);
  });

  it('stops the simulator mid-way once the annotation is added', () => {
    const h = harness({ delays: { start: 5000 } });
    h.createPod(simplePod('midway'));
    h.clock.advance(100);
    expect(status(h.pod('midway')).startTime).toBeDefined();
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'midway', (p) => {
      p.metadata.annotations = { 'kubesim.io/lifecycle': 'manual' };
    });
    h.clock.advance(10_000);
    expect(status(h.pod('midway')).phase).toBe('Pending');
  });
});
