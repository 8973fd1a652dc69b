// The Job planner through whole runs against the in-memory world (world.ts), for random
// parallelism, completions, completion modes, backoff limits and pod outcomes, seeded. After every
// sync: never more active pods than parallelism (nor than the completions still missing), the
// counters never go down, uncounted pods are always settled by the end of the sync, and a finished
// Job stays finished. Every run ends Complete (with completions successes) or Failed (with more
// than backoffLimit failures), with every pod let go of (no tracking finalizer left).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF, job, World } from './world.js';

type J = Record<string, any>;
const running = (p: { metadata: J; status?: unknown }) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((p.status as J)?.phase);

describe('Job runs (seeded model)', () => {
  it('keep their invariants and end Complete or Failed', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.integer({ min: 0, max: 3 }),
      fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      (parallelism, completions, indexed, backoffLimit, outcomes) => {
        const w = new World(job({ parallelism, completions, backoffLimit, completionMode: indexed ? 'Indexed' : 'NonIndexed' }));
        let succeeded = 0;
        let failed = 0;
        let o = 0;
        for (let i = 0; i < 200; i++) {
          const plan = w.sync();
          const st = plan.status;
          const active = [...w.pods.values()].filter(running).length;
          expect(active).toBeLessThanOrEqual(parallelism);
          expect(st.active).toBe(active);
          expect(st.uncountedTerminatedPods).toEqual({});
          expect(st.succeeded ?? 0).toBeGreaterThanOrEqual(succeeded);
          expect(st.failed ?? 0).toBeGreaterThanOrEqual(failed);
          succeeded = st.succeeded ?? 0;
          failed = st.failed ?? 0;
          if (!indexed) expect(active).toBeLessThanOrEqual(Math.max(0, completions - succeeded));
          if (w.cond('Complete') || w.cond('Failed')) break;
          // Each running pod ends one way or the other; time moves past any back-off.
          for (const p of [...w.pods.values()].filter(running)) {
            w.run(p.metadata.name!);
            w.finish(p.metadata.name!, outcomes[o++ % outcomes.length] ? 'Succeeded' : 'Failed');
          }
          w.finishDeletes();
          w.now += BACKOFF.maxMs;
        }
        const st = w.job.status as J;
        if (w.cond('Complete')) {
          expect(st.succeeded).toBe(completions);
          if (indexed) expect(st.completedIndexes).toBe(completions === 1 ? '0' : completions === 2 ? '0,1' : `0-${completions - 1}`);
        } else {
          expect(w.cond('Failed')?.reason).toBe('BackoffLimitExceeded');
          expect(st.failed).toBeGreaterThan(backoffLimit);
        }
        for (const p of w.pods.values()) expect(p.metadata.finalizers ?? []).toEqual([]);
        const again = w.sync();
        expect([again.create.length, again.delete.length, again.events.length]).toEqual([0, 0, 0]);
      },
    ), { seed: 97531, numRuns: 80 });
  });
});
