// The StatefulSet planner through whole lifecycles against the in-memory world (world.ts), for
// random sizes, pod management policies, partitions and maxUnavailable, seeded: OrderedReady only
// ever creates an ordinal once every lower one is Running and Ready; a rolling update never has
// more than maxUnavailable pods down; the end state has exactly the ordinals wanted, pods at or
// above the partition on the update revision and the rest on the current one; and re-planning the
// converged state plans nothing (the invariants upstream's stateful_set_control_test.go checks
// after its random scale and update runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../src/machinery/types.js';
import { statefulSet, World } from './world.js';

type J = Record<string, any>;
const ordinal = (p: KObject) => Number(/-(\d+)$/.exec(p.metadata.name!)![1]);
const readyPod = (p: KObject | undefined) => !!p && (p.status as J)?.phase === 'Running' && !p.metadata.deletionTimestamp
  && ((p.status as J).conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');

/** One sync with the invariants checked, then the cluster catches up (pods ready, deletions done). */
function step(w: World, maxUnavailable: number, updating: boolean): void {
  const monotonic = (w.set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const before = new Map([...w.pods.values()].map((p) => [ordinal(p), p]));
  const plan = w.sync();
  if (monotonic) {
    expect(plan.create.length).toBeLessThanOrEqual(1);
    for (const c of plan.create) {
      for (let o = 0; o < ordinal(c); o++) expect(readyPod(before.get(o)), `ordinal ${o} ready before ${c.metadata.name}`).toBe(true);
    }
  }
  if (updating) {
    const replicas = w.set.spec?.replicas ?? 1;
    let down = 0;
    for (let o = 0; o < replicas; o++) if (!readyPod(w.pods.get(`db-${o}`))) down++;
    expect(down).toBeLessThanOrEqual(maxUnavailable);
  }
  w.readyAll();
  w.finishDeletes();
}

function run(w: World, maxUnavailable: number, updating: boolean): void {
  let quiet = 0;
  for (let i = 0; i < 200 && quiet < 2; i++) {
    const n = w.pods.size;
    step(w, maxUnavailable, updating);
    quiet = w.last!.create.length || w.last!.delete.length || w.pods.size !== n ? 0 : quiet + 1;
  }
}

describe('StatefulSet lifecycles (seeded model)', () => {
  it('scale up, update with partition and maxUnavailable, scale down', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom('OrderedReady', 'Parallel'),
      fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 3 }),
      (replicas, scaleTo, policy, partition, maxUnavailable) => {
        const w = new World(statefulSet({
          replicas, podManagementPolicy: policy,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition, maxUnavailable } },
        }));
        run(w, maxUnavailable, false);
        expect(w.names()).toEqual(Array.from({ length: replicas }, (_, i) => `db-${i}`).sort());
        const oldRev = w.set.status!.currentRevision;
        w.setSpec({ template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } } });
        run(w, maxUnavailable, true);
        const newRev = w.set.status!.updateRevision;
        for (const p of w.pods.values()) {
          expect(p.metadata.labels!['controller-revision-hash']).toBe(ordinal(p) >= partition ? newRev : oldRev);
        }
        w.setSpec({ replicas: scaleTo });
        run(w, maxUnavailable, false);
        expect(w.names()).toEqual(Array.from({ length: scaleTo }, (_, i) => `db-${i}`).sort());
        const again = w.sync();
        expect([again.create.length, again.delete.length, again.relabel.length]).toEqual([0, 0, 0]);
        expect(w.set.status).toMatchObject({ replicas: scaleTo, readyReplicas: scaleTo });
      },
    ), { seed: 1357, numRuns: 60 });
  });
});
