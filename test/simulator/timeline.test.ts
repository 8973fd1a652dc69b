// The delaying queue under the engine, and the simulator's resync after a store reset.
import { describe, expect, it } from 'vitest';
import { seedNodes } from '../../src/simulator/index.js';
import { Timeline } from '../../src/simulator/timeline.js';
import { FakeClock } from '../../src/util/clock.js';
import { cond, harness, simplePod, status } from './helpers.js';

describe('Timeline', () => {
  it('fires keys in due order with one clock timer, the latest schedule of a key winning', () => {
    const clock = new FakeClock(0);
    const fired: [number, string[]][] = [];
    const tl = new Timeline(clock, (keys) => fired.push([clock.now(), keys]));
    tl.at('b', 20);
    tl.at('a', 10);
    tl.at('c', 10);
    tl.at('b', 5);
    tl.at('gone', 7);
    tl.cancel('gone');
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(100);
    expect(fired).toEqual([[5, ['b']], [10, ['a', 'c']]]);
    expect(tl.size).toBe(0);
  });

  it('picks up keys made due while firing in the same run', () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    const tl = new Timeline(clock, (keys) => {
      for (const k of keys) {
        seen.push(k);
        if (k.length < 3) tl.at(`${k}x`, clock.now());
      }
    });
    tl.at('a', 0);
    clock.advance(0);
    expect(seen).toEqual(['a', 'ax', 'axx']);
  });

  it('does nothing after stop', () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    const tl = new Timeline(clock, (keys) => seen.push(...keys));
    tl.at('a', 5);
    tl.stop();
    tl.at('b', 5);
    clock.advance(10);
    expect(seen).toEqual([]);
  });
});

describe('resync', () => {
  it('starts over from the store after a reset', () => {
    const h = harness();
    for (let i = 0; i < 3; i++) h.createPod(simplePod(`old${i}`));
    h.clock.advance(1000);
    h.r.store.clear();
    h.r.create(h.r.resource('', 'namespaces'), '', { metadata: { name: 'default' } });
    seedNodes(h.r);
    h.sim.resync();
    h.createPod(simplePod('fresh'));
    h.clock.advance(1000);
    expect(cond(h.pod('fresh'), 'Ready')!.status).toBe('True');
    expect(status(h.pod('fresh'))).toMatchObject({ podIP: '10.244.0.2' });
    expect((h.pod('fresh')!.spec as Record<string, unknown>).nodeName).toBe('node-1');
    expect(h.sim.errors).toEqual([]);
  });

  it('stops reacting after stop()', () => {
    const h = harness();
    h.sim.stop();
    h.createPod(simplePod('ignored'));
    h.clock.advance(1000);
    expect(status(h.pod('ignored'))).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
});

describe('node leases', () => {
  it('each seeded node has its kubelet Lease in kube-node-lease, owned by the Node', async () => {
    const { buildApp } = await import('../../src/app.js');
    const sim = await buildApp({ seed: 2 });
    try {
      const leases = sim.registry.list(sim.registry.resource('coordination.k8s.io', 'leases'), 'kube-node-lease').items.map((l) => l.obj as any);
      expect(leases.map((l) => l.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
      const node = sim.registry.get(sim.registry.resource('', 'nodes'), '', 'node-1').obj;
      expect(leases[0].spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40 });
      expect(leases[0].spec.renewTime).toMatch(/\.\d{6}Z$/);
      expect(leases[0].metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: node.metadata.uid }]);
    } finally {
      await sim.app.close();
    }
  });
});
