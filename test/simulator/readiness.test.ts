// Readiness: readiness gates set by clients through /status, a readinessProbe's initialDelaySeconds,
// and the kubesim.io/ready annotation that flips a running pod's readiness.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { cond, harness, simplePod, status, type Harness, type J } from './helpers.js';

function setCondition(h: Harness, name: string, type: string, value: 'True' | 'False'): void {
  const pods = h.r.resource('', 'pods');
  h.r.mutate(pods, 'default', name, (p: KObject) => {
    const st = p.status as J;
    st.conditions = [...(st.conditions as J[]).filter((c) => c.type !== type), { type, status: value, lastTransitionTime: null }];
  }, { subresource: 'status' });
}

describe('readiness gates', () => {
  const h = harness();
  h.createPod(simplePod('gated', {}, { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] }));

  it('holds Ready back while a gate condition is missing', () => {
    h.clock.advance(1000);
    expect(cond(h.pod('gated'), 'ContainersReady')!.status).toBe('True');
    expect(cond(h.pod('gated'), 'Ready')).toMatchObject({
      status: 'False', reason: 'ReadinessGatesNotReady',
      message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
    });
  });

  it('holds Ready back while a gate is False', () => {
    setCondition(h, 'gated', 'example.com/lb', 'True');
    setCondition(h, 'gated', 'example.com/dns', 'False');
    h.clock.advance(10);
    expect(cond(h.pod('gated'), 'Ready')).toMatchObject({
      status: 'False', message: 'the status of pod readiness gate "example.com/dns" is not "True", but False',
    });
  });

  it('turns Ready once every gate is True, keeping the client conditions first', () => {
    setCondition(h, 'gated', 'example.com/dns', 'True');
    h.clock.advance(10);
    expect(cond(h.pod('gated'), 'Ready')!.status).toBe('True');
    expect((status(h.pod('gated')).conditions as J[]).map((c) => c.type)).toEqual([
      'example.com/lb', 'example.com/dns', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled',
    ]);
  });

  it('drops Ready when a gate goes back to False', () => {
    setCondition(h, 'gated', 'example.com/lb', 'False');
    h.clock.advance(10);
    expect(cond(h.pod('gated'), 'Ready')!.status).toBe('False');
    expect(h.sim.errors).toEqual([]);
  });
});

describe('readinessProbe', () => {
  it('delays readiness by the longest initialDelaySeconds', () => {
    const h = harness();
    h.createPod(simplePod('probed', {}, {
      containers: [
        { name: 'a', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5 } },
        { name: 'b', image: 'nginx', readinessProbe: { tcpSocket: { port: 81 }, initialDelaySeconds: 2 } },
      ],
    }));
    h.clock.advance(70);
    expect(status(h.pod('probed')).phase).toBe('Running');
    h.clock.advance(5000 + 20 - 1);
    expect(cond(h.pod('probed'), 'Ready')!.status).toBe('False');
    h.clock.advance(1);
    expect(cond(h.pod('probed'), 'Ready')!.status).toBe('True');
    expect((status(h.pod('probed')).containerStatuses as J[]).every((c) => c.ready)).toBe(true);
  });
});

describe('kubesim.io/ready annotation', () => {
  const h = harness();
  const annotate = (value: string | undefined) => h.r.mutate(h.r.resource('', 'pods'), 'default', 'flip', (p) => {
    const a = { ...(p.metadata.annotations ?? {}) };
    if (value === undefined) delete a['kubesim.io/ready'];
    else a['kubesim.io/ready'] = value;
    p.metadata.annotations = a;
  });

  it('never lets a pod created with ready=false turn ready', () => {
    h.createPod(simplePod('flip', { annotations: { 'kubesim.io/ready': 'false' } }));
    h.clock.advance(5000);
    expect(status(h.pod('flip')).phase).toBe('Running');
    expect(cond(h.pod('flip'), 'Ready')!.status).toBe('False');
  });

  it('turns ready once the annotation goes', () => {
    annotate(undefined);
    h.clock.advance(20);
    expect(cond(h.pod('flip'), 'Ready')!.status).toBe('True');
  });

  it('turns a ready pod not ready at once, with an Unhealthy warning', () => {
    annotate('false');
    h.clock.advance(0);
    expect(cond(h.pod('flip'), 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(status(h.pod('flip')).containerStatuses[0].ready).toBe(false);
    const unhealthy = h.events('flip').find((e) => e.reason === 'Unhealthy') as J;
    expect(unhealthy).toMatchObject({ type: 'Warning', involvedObject: { fieldPath: 'spec.containers{app}' } });
  });

  it('treats any other value as ready', () => {
    annotate('true');
    h.clock.advance(20);
    expect(cond(h.pod('flip'), 'Ready')!.status).toBe('True');
  });
});
