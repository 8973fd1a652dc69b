// The controllers' work queue: keys queued many times before the worker runs are processed once;
// a failing key is retried with backoff; idle() resolves only when nothing is queued or retrying.
import { describe, expect, it } from 'vitest';
import { batchWindow, LATENCY_BUDGET_MS, MAX_FACTOR, MAX_WINDOW_MS, MIN_FACTOR, WorkQueue } from '../../src/controllers/queue.js';

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

  it.each([
    // drain ms, window ms: cheap drains sync at once (the floor applies), mid-size ones aim at the
    // latency budget within [MIN, MAX]·d, costly ones keep the controller at 1/(MIN + 1) up to the cap.
    [0, 0], [0.25, 3], [2, 24], [3, 36], [6, 34], [8, 32], [10, 40], [15, 60], [25, 100], [200, 100],
  ])('a drain of %d ms is followed by a window of %d ms', (d, w) => {
    expect(batchWindow(d)).toBeCloseTo(w, 6);
    if (d > 0 && w < MAX_WINDOW_MS) {
      expect(w).toBeGreaterThanOrEqual(MIN_FACTOR * d);
      expect(w).toBeLessThanOrEqual(MAX_FACTOR * d);
      expect(w === MAX_FACTOR * d || w === MIN_FACTOR * d || w + d === LATENCY_BUDGET_MS).toBe(true);
    }
  });

  it('waits the window batchWindow gives for the last drain before the next one', async () => {
    // A key added just after a drain that took d ms waits batchWindow(d) before the next drain
    // (timers only fire late, never early: lower bounds only).
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
      // The drain measured a little over costMs: its window is at least batchWindow(costMs) - 1.
      expect(starts[1] - ends[0]).toBeGreaterThanOrEqual(batchWindow(costMs) - 1);
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
