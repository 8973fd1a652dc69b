// The controllers' work queue: keys queued many times before the worker runs are processed once;
// a failing key is retried with backoff; idle() resolves only when nothing is queued or retrying.
import { describe, expect, it } from 'vitest';
import { MAX_WINDOW_MS, WINDOW_FACTOR, WorkQueue } from '../../src/controllers/queue.js';

describe('WorkQueue', () => {
  it('coalesces a burst of adds into one process call per key', async () => {
    const seen: string[] = [];
    const q = new WorkQueue({ process: (k) => seen.push(k) });
    for (let i = 0; i < 100; i++) q.add(i % 2 ? 'ns/a' : 'ns/b');
    await q.idle();
    expect(seen.sort()).toEqual(['ns/a', 'ns/b']);
    expect(q.isIdle()).toBe(true);
  });

  it('retries a failing key with backoff until it succeeds, and is idle only then', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const q = new WorkQueue({
      process: () => {
        calls++;
        if (calls < 4) throw new Error(`fail ${calls}`);
      },
      onError: (_k, e) => errors.push(e),
      baseDelayMs: 1,
    });
    q.add('x');
    await q.idle();
    expect(calls).toBe(4);
    expect(errors).toHaveLength(3);
  });

  it('with a batch window, adds during the window still coalesce', async () => {
    const seen: string[] = [];
    const q = new WorkQueue({ process: (k) => seen.push(k), batchDelayMs: 20 });
    q.add('k');
    await new Promise((r) => setTimeout(r, 5));
    q.add('k');
    await q.idle();
    expect(seen).toEqual(['k']);
  });

  it('widens the next batch window to WINDOW_FACTOR times the last drain, at most MAX_WINDOW_MS', async () => {
    // A key added just after a drain that took d ms waits about min(MAX, FACTOR·d) before the next
    // drain (timers only fire late, never early: lower bounds only).
    for (const costMs of [2, 20]) {
      const ends: number[] = [];
      const starts: number[] = [];
      let drained = 0;
      const q = new WorkQueue({
        batchDelayMs: 1,
        process: () => {
          starts.push(performance.now());
          const until = performance.now() + costMs;
          while (performance.now() < until) { /* a drain that costs costMs */ }
          ends.push(performance.now());
          if (++drained === 1) setImmediate(() => q.add('again'));
        },
      });
      q.add('first');
      await q.idle();
      await new Promise((r) => setTimeout(r, 1));
      await q.idle();
      expect(starts).toHaveLength(2);
      const window = Math.min(MAX_WINDOW_MS, WINDOW_FACTOR * costMs);
      expect(starts[1] - ends[0]).toBeGreaterThanOrEqual(window - 1);
    }
  });

  it('stop() drops queued work and releases waiters', async () => {
    const seen: string[] = [];
    const q = new WorkQueue({ process: (k) => seen.push(k), batchDelayMs: 50 });
    q.add('k');
    const waiting = q.idle();
    q.stop();
    await waiting;
    expect(seen).toEqual([]);
  });
});
