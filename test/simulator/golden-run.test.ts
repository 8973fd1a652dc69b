// Every write of a seeded run (120 pods of many shapes, deletions, a node added and one deleted) on a
// FakeClock, hashed: the simulator's CPU work may change, its writes may not. The digest was taken
// from the simulator before the per-pod CPU work of issue 16 (commit 59b1df5).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultStages } from '../../src/simulator/index.js';
import { harness, simplePod, type J } from './helpers.js';

describe('a seeded run writes what it always wrote', () => {
  // With the default stages the engine skips re-matching a pod unchanged since its stage matched
  // (engine.ts, pureMatch); the same stages passed in as custom ones are matched on every look.
  it.each([
    ['default stages (matched once per pod version)', undefined],
    ['the same stages as custom ones (matched on every look)', defaultStages()],
  ])('same events, objects and order: %s', (_name, stages) => {
    const h = harness({ seed: { nodes: 7 }, stages });
    const writes: string[] = [];
    // Event names end in a process-wide sequence number (held apart in recorder-name.test.ts).
    const name = /("name":"[^"]+)\.[0-9a-f]{12,}"/g;
    h.r.watchAll((ev) => writes.push(`${ev.type} ${ev.resource} ${JSON.stringify(ev.object.obj).replace(name, '$1.N"')}`));
    const nodes = h.r.resource('', 'nodes');
    for (let i = 0; i < 120; i++) {
      const extra: J = i % 7 === 3 ? { annotations: { 'kubesim.io/ready': 'false' } } : {};
      const spec: J = i % 5 === 2 ? { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'busybox' }] } : {};
      if (i % 11 === 4) spec.containers = [{ name: 'a', image: 'nginx', resources: { requests: { cpu: '3' } } }, { name: 'b', image: 'redis:7', imagePullPolicy: 'Always' }];
      if (i % 13 === 6) spec.nodeSelector = { 'topology.kubernetes.io/zone': 'zone-b' };
      if (i % 17 === 8) spec.hostNetwork = true;
      if (i % 19 === 9) spec.readinessGates = [{ conditionType: 'x/y' }];
      h.createPod(simplePod(`p${i}`, extra, spec));
      if (i === 60) h.r.create(nodes, '', { metadata: { name: 'late', labels: { 'topology.kubernetes.io/zone': 'zone-c' } } });
      if (i % 10 === 9) h.clock.advance(7);
    }
    for (let t = 0; t < 100; t++) {
      if (t === 20) for (let k = 0; k < 120; k += 6) h.deletePod(`p${k}`);
      if (t === 30) h.r.delete(nodes, '', 'node-2');
      h.clock.advance(37);
    }
    expect(h.sim.errors).toEqual([]);
    expect(writes.length).toBe(1440);
    expect(createHash('sha256').update(writes.join('\n')).digest('hex')).toBe('e754651236602ad9b2ed9e8019e1ab3307bd4efff8d6cf410cfafd6f0f96e840');
  });
});
