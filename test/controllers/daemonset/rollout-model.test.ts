// The DaemonSet planner through whole rollouts against the in-memory world (world.ts), for random
// node counts and maxUnavailable/maxSurge (ints and percentages), seeded. After every sync: without
// surge, at most maxUnavailable nodes lack an available pod; with surge, at most maxSurge nodes run
// two pods and no node is left without an available one. Every rollout ends with one updated pod
// per node, and re-planning the end state plans nothing (update_test.go's invariants).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../src/machinery/types.js';
import { targetNode } from '../../../src/controllers/daemonset/nodes.js';
import { daemonSet, node, World } from './world.js';

type J = Record<string, any>;
const available = (p: KObject) => !p.metadata.deletionTimestamp && ((p.status as J).conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');
const scaled = (v: number | string, total: number) => (typeof v === 'number' ? v : Math.ceil((Number(v.slice(0, -1)) * total) / 100));

describe('DaemonSet rollouts (seeded model)', () => {
  it('keep the unavailability and surge bounds and end with one updated pod per node', () => {
    const bound = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '50%', '100%'));
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), bound, bound, (n, maxUnavailable, maxSurge) => {
      const surge = scaled(maxSurge, n);
      const unavailable = surge > 0 ? 0 : Math.max(1, scaled(maxUnavailable, n));
      const nodes = Array.from({ length: n }, (_, i) => node(`node-${i + 1}`));
      const w = new World(daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } } }), nodes);
      w.converge();
      w.setTemplate('agent:2');
      let quiet = 0;
      for (let i = 0; i < 200 && quiet < 2; i++) {
        const plan = w.sync();
        const perNode = new Map<string, KObject[]>();
        for (const p of w.pods.values()) perNode.set(targetNode(p)!, [...(perNode.get(targetNode(p)!) ?? []), p]);
        const lacking = nodes.filter((x) => !(perNode.get(x.metadata.name!) ?? []).some(available)).length;
        const doubled = [...perNode.values()].filter((ps) => ps.filter((p) => !p.metadata.deletionTimestamp).length > 1).length;
        if (surge > 0) {
          expect(lacking).toBe(0);
          expect(doubled).toBeLessThanOrEqual(surge);
        } else {
          expect(lacking).toBeLessThanOrEqual(unavailable);
        }
        w.readyAll();
        w.finishDeletes();
        quiet = plan.create.length || plan.delete.length ? 0 : quiet + 1;
      }
      const pods = [...w.pods.values()];
      expect(pods.length).toBe(n);
      expect(new Set(pods.map((p) => targetNode(p))).size).toBe(n);
      expect(pods.every((p) => (p.spec as J).containers[0].image === 'agent:2')).toBe(true);
      expect(w.ds.status).toMatchObject({ desiredNumberScheduled: n, updatedNumberScheduled: n, numberAvailable: n });
      const again = w.sync();
      expect([again.create.length, again.delete.length]).toEqual([0, 0]);
    }), { seed: 2468, numRuns: 60 });
  });
});
