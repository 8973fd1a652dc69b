// Every pod stage on a FakeClock: what a watcher sees at each step, with default and custom delays.
import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../src/util/clock.js';
import { cond, harness, simplePod, status, type J } from './helpers.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');

describe('pod lifecycle stages (default delays)', () => {
  const h = harness();
  h.createPod(simplePod('web'));
  const steps: { at: number; check: (p: J) => void }[] = [
    {
      at: 0,
      check: (p) => {
        expect(p.spec.nodeName).toBeUndefined();
        expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
      },
    },
    {
      at: 10, // pod-schedule
      check: (p) => {
        expect(p.spec.nodeName).toBe('node-1');
        expect(p.status.conditions).toEqual([
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(t0), observedGeneration: 1 },
        ]);
        expect(p.status.startTime).toBeUndefined();
      },
    },
    {
      at: 30, // pod-initialize
      check: (p) => {
        expect(p.status.phase).toBe('Pending');
        expect(p.status.hostIP).toBe('172.18.0.2');
        expect(p.status.hostIPs).toEqual([{ ip: '172.18.0.2' }, { ip: 'fc00:f853:ccd:e793::2' }]);
        expect(p.status.startTime).toBe(rfc3339(t0));
        expect(p.status.podIP).toBeUndefined();
        expect(p.status.containerStatuses).toEqual([{
          name: 'app', image: 'nginx:1.27', imageID: '', lastState: {}, ready: false, restartCount: 0, started: false,
          state: { waiting: { reason: 'ContainerCreating' } },
        }]);
        expect(p.status.conditions.map((c: J) => [c.type, c.status, c.reason])).toEqual([
          ['PodReadyToStartContainers', 'False', undefined],
          ['Initialized', 'True', undefined],
          ['Ready', 'False', 'ContainersNotReady'],
          ['ContainersReady', 'False', 'ContainersNotReady'],
          ['PodScheduled', 'True', undefined],
        ]);
        expect(cond(h.pod('web'), 'Ready')!.message).toBe('containers with unready status: [app]');
      },
    },
    {
      at: 70, // pod-start
      check: (p) => {
        expect(p.status.phase).toBe('Running');
        expect(p.status.podIP).toBe('10.244.0.2');
        expect(p.status.podIPs).toEqual([{ ip: '10.244.0.2' }, { ip: 'fd00:10:244::2' }]);
        const cs = p.status.containerStatuses[0];
        expect(cs).toMatchObject({
          name: 'app', ready: false, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27',
          state: { running: { startedAt: rfc3339(t0) } },
        });
        expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
        expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
        expect(cond(h.pod('web'), 'PodReadyToStartContainers')!.status).toBe('True');
        expect(cond(h.pod('web'), 'Ready')!.status).toBe('False');
        expect(p.status.qosClass).toBe('BestEffort');
      },
    },
    {
      at: 89,
      check: () => expect(cond(h.pod('web'), 'Ready')!.status).toBe('False'),
    },
    {
      at: 90, // pod-ready
      check: (p) => {
        expect(p.status.containerStatuses[0].ready).toBe(true);
        expect(p.status.conditions.map((c: J) => [c.type, c.status])).toEqual([
          ['PodReadyToStartContainers', 'True'], ['Initialized', 'True'], ['Ready', 'True'],
          ['ContainersReady', 'True'], ['PodScheduled', 'True'],
        ]);
        expect(p.status.observedGeneration).toBe(1);
      },
    },
  ];
  let now = 0;
  for (const step of steps) {
    it(`at +${step.at}ms`, () => {
      h.clock.advance(step.at - now);
      now = step.at;
      step.check(h.pod('web') as J);
    });
  }
  it('records the scheduler and kubelet events, worded as upstream', () => {
    const evs = h.events('web');
    expect(evs.map((e) => [e.reason, e.message, (e.source as J).component, (e.source as J).host, (e.involvedObject as J).fieldPath]))
      .toEqual([
        ['Scheduled', 'Successfully assigned default/web to node-1', 'default-scheduler', undefined, undefined],
        ['Pulled', 'Container image "nginx:1.27" already present on machine and can be accessed by the pod', 'kubelet', 'node-1', 'spec.containers{app}'],
        ['Created', 'Created container: app', 'kubelet', 'node-1', 'spec.containers{app}'],
        ['Started', 'Started container app', 'kubelet', 'node-1', 'spec.containers{app}'],
      ]);
    const e = evs[1] as J;
    expect(e).toMatchObject({
      type: 'Normal', count: 1, eventTime: null, reportingComponent: 'kubelet', reportingInstance: 'node-1',
      involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: 'default', name: 'web', uid: h.pod('web')!.metadata.uid },
    });
    expect(e.firstTimestamp).toBe(rfc3339(t0));
    expect(e.lastTimestamp).toBe(rfc3339(t0));
    expect(h.sim.errors).toEqual([]);
  });
  it('leaves a ready pod alone', () => {
    const rv = h.pod('web')!.metadata.resourceVersion;
    h.clock.advance(60_000);
    expect(h.pod('web')!.metadata.resourceVersion).toBe(rv);
  });
});

describe('configurable delays', () => {
  it('runs each stage after its own delay', () => {
    const h = harness({ delays: { schedule: 1000, initialize: 2000, start: 3000, ready: 4000 } });
    h.createPod(simplePod('slow'));
    const seen: [number, string][] = [];
    const phase = () => {
      const p = h.pod('slow') as J;
      if (cond(h.pod('slow'), 'Ready')?.status === 'True') return 'ready';
      if (p.status.phase === 'Running') return 'running';
      if (p.status.startTime) return 'initialized';
      if (p.spec.nodeName) return 'scheduled';
      return 'pending';
    };
    for (let t = 0; t <= 10_000; t += 500) {
      seen.push([t, phase()]);
      h.clock.advance(500);
    }
    const firstAt = (s: string) => seen.find(([, p]) => p === s)?.[0];
    expect([firstAt('scheduled'), firstAt('initialized'), firstAt('running'), firstAt('ready')]).toEqual([1000, 3000, 6000, 10_000]);
  });

  it('keeps a stage timer when an unrelated update arrives meanwhile', () => {
    const h = harness({ delays: { schedule: 0, initialize: 0, start: 0, ready: 1000 } });
    h.createPod(simplePod('p'));
    h.clock.advance(500);
    expect(status(h.pod('p')).phase).toBe('Running');
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'p', (p) => {
      p.metadata.labels = { touched: 'yes' };
    });
    h.clock.advance(500);
    expect(cond(h.pod('p'), 'Ready')!.status).toBe('True');
  });
});

describe('containers', () => {
  it('runs init containers to completion and sidecars alongside', () => {
    const h = harness();
    h.createPod(simplePod('init', {}, {
      initContainers: [
        { name: 'setup', image: 'busybox' },
        { name: 'proxy', image: 'envoyproxy/envoy:v1.31', restartPolicy: 'Always' },
      ],
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }, { name: 'log', image: 'localhost:5000/log' }],
    }));
    h.clock.advance(100);
    const st = status(h.pod('init'));
    expect(st.initContainerStatuses.map((c: J) => [c.name, Object.keys(c.state)[0], c.ready])).toEqual([
      ['setup', 'terminated', false], ['proxy', 'running', true],
    ]);
    expect(st.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(st.containerStatuses.map((c: J) => [c.name, c.image, c.ready])).toEqual([
      ['app', 'registry.k8s.io/pause:3.10', true], ['log', 'localhost:5000/log:latest', true],
    ]);
    expect(cond(h.pod('init'), 'Ready')!.status).toBe('True');
    const reasons = h.events('init').map((e) => `${e.reason}:${(e.involvedObject as J).fieldPath ?? ''}`);
    expect(reasons).toContain('Pulling:spec.initContainers{setup}');
    expect(reasons).toContain('Started:spec.containers{log}');
  });

  it('gives hostNetwork pods the node addresses and holds no pod IP for them', () => {
    const h = harness();
    h.createPod(simplePod('hn', {}, { hostNetwork: true }));
    h.clock.advance(100);
    const st = status(h.pod('hn'));
    expect(st.podIPs).toEqual(st.hostIPs);
    expect(st.podIP).toBe(st.hostIP);
    h.createPod(simplePod('other', {}, { nodeName: 'node-1' }));
    h.clock.advance(100);
    expect(status(h.pod('other')).podIP).toBe('10.244.0.2');
  });

  it('starts a pod created with spec.nodeName without scheduling it', () => {
    const h = harness();
    h.createPod(simplePod('pinned', {}, { nodeName: 'node-3' }));
    h.clock.advance(100);
    expect(status(h.pod('pinned')).podIP).toBe('10.244.2.2');
    expect(h.events('pinned').map((e) => e.reason)).not.toContain('Scheduled');
  });

  it('starts pods bound to a node once that node appears', () => {
    const h = harness();
    h.createPod(simplePod('early', {}, { nodeName: 'late-node' }));
    h.clock.advance(1000);
    expect(status(h.pod('early')).startTime).toBeUndefined();
    h.r.create(h.r.resource('', 'nodes'), '', { metadata: { name: 'late-node' } });
    h.clock.advance(1000);
    expect(cond(h.pod('early'), 'Ready')!.status).toBe('True');
    expect(status(h.pod('early')).podIP).toBe('10.244.3.2');
  });
});
