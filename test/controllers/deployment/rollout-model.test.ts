// The Deployment planner driven through whole rollouts against a small model of the rest of the
// cluster (ReplicaSets get their pods at once; a pod is available one step after it exists), for
// random sizes and maxSurge/maxUnavailable (ints and percentages), seeded: the surge and
// availability bounds upstream's rolling update promises hold after every sync, and every rollout
// ends with the new ReplicaSet at full size, the old ones at 0 and a complete status. Re-planning
// the finished state plans nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDeployment } from '../../../src/controllers/deployment/planner.js';
import * as u from '../../../src/controllers/deployment/util.js';
import type { Deployment, IntOrString, ReplicaSet } from '../../../src/controllers/workloads/index.js';
import { deployment } from './helpers.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

interface World {
  d: Deployment;
  rss: ReplicaSet[];
  now: number;
  uid: number;
}

/** One Deployment sync applied to the world, as the applier would. */
function sync(w: World): void {
  const plan = planDeployment({ deployment: w.d, replicaSets: w.rss, pods: [], now: w.now });
  for (const a of plan.actions) {
    if (a.op === 'create') {
      const rs = structuredClone(a.rs);
      rs.metadata.uid = `rs-${w.uid++}`;
      rs.metadata.generation = 1;
      rs.metadata.creationTimestamp = new Date(w.now).toISOString();
      rs.status = { replicas: 0 };
      w.rss.push(rs);
    } else if (a.op === 'update') {
      const rs = w.rss.find((x) => x.metadata.name === a.rs.metadata.name)!;
      rs.spec = { ...rs.spec, replicas: a.rs.spec?.replicas, minReadySeconds: a.rs.spec?.minReadySeconds };
      rs.metadata.annotations = { ...a.rs.metadata.annotations };
      rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
    } else if (a.op === 'delete') {
      w.rss = w.rss.filter((x) => x.metadata.name !== a.rs.metadata.name);
    }
  }
  if (plan.status) w.d.status = plan.status;
  if (plan.annotations) w.d.metadata.annotations = plan.annotations;
}

/** The ReplicaSet controller and kubelet: pods follow spec at once; those that existed become available. */
function kubelet(w: World): void {
  for (const rs of w.rss) {
    const want = rs.spec?.replicas ?? 0;
    const had = rs.status?.replicas ?? 0;
    const available = Math.min(want, had);
    rs.status = { replicas: want, readyReplicas: available, availableReplicas: available, observedGeneration: rs.metadata.generation, terminatingReplicas: 0 };
  }
  w.now += 1000;
}

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));
const isZero = (v: IntOrString) => v === 0 || v === '0%';

describe('rolling updates against a model cluster', () => {
  it('keep within maxSurge and maxUnavailable on every sync and always finish', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 40 }), intOrPercent, intOrPercent,
      (replicas, surge, unavailable) => {
        fc.pre(!(isZero(surge) && isZero(unavailable)));
        const d = deployment(replicas, { surge, unavailable, deadline: 600, image: 'nginx:1' });
        d.metadata.generation = 1;
        const w: World = { d, rss: [], now: T0, uid: 0 };
        // Bring up revision 1 completely.
        for (let i = 0; i < 200 && !(w.d.status?.availableReplicas === replicas && w.d.status?.updatedReplicas === replicas); i++) {
          sync(w);
          kubelet(w);
        }
        sync(w);
        expect(w.d.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });

        // Roll to revision 2.
        w.d.spec!.template!.spec = { containers: [{ name: 'c', image: 'nginx:2' }] };
        w.d.metadata.generation = 2;
        const maxSurge = u.maxSurge(w.d);
        const minAvailable = replicas - u.maxUnavailable(w.d);
        let steps = 0;
        for (; steps < 400; steps++) {
          sync(w);
          const total = w.rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
          expect(total).toBeLessThanOrEqual(replicas + maxSurge);
          const available = w.rss.reduce((n, rs) => n + Math.min(rs.spec?.replicas ?? 0, rs.status?.availableReplicas ?? 0), 0);
          expect(available).toBeGreaterThanOrEqual(minAvailable);
          for (const rs of w.rss) expect(rs.spec?.replicas).toBeGreaterThanOrEqual(0);
          const c = u.getCondition(w.d.status, 'Progressing');
          if (c?.reason === u.NEW_RS_AVAILABLE && w.d.status?.observedGeneration === 2) break;
          kubelet(w);
        }
        expect(steps).toBeLessThan(400);
        const newRS = u.findNewReplicaSet(w.d, w.rss)!;
        expect(newRS.spec?.replicas).toBe(replicas);
        expect(newRS.metadata.annotations?.[u.REVISION]).toBe('2');
        expect(w.rss.filter((rs) => rs !== newRS).every((rs) => rs.spec?.replicas === 0)).toBe(true);
        expect(w.d.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas, observedGeneration: 2 });
        expect(w.d.metadata.annotations?.[u.REVISION]).toBe('2');

        // Quiet: planning the finished state again writes nothing.
        const again = planDeployment({ deployment: w.d, replicaSets: w.rss, pods: [], now: w.now });
        expect(again.actions).toEqual([]);
        expect(again.status).toBeUndefined();
      },
    ), { seed: 12, numRuns: 300 });
  });
});
