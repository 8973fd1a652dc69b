// The controllers' work queue: keys queued many times before the worker runs are processed once;
// a failing key is retried with backoff; idle() resolves only when nothing is queued or retrying.
import { describe, expect, it } from 'vitest';
import { batchWindow, MAX_WINDOW_MS, QUIET_PART, WINDOW_FACTOR, WorkQueue } from '../../src/controllers/queue.js';

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

  it.each([[0, 0], [0.25, 6], [2, 48], [4, 96], [5, MAX_WINDOW_MS], [200, MAX_WINDOW_MS]])(
    'a drain of %d ms is followed by a window of %d ms (WINDOW_FACTOR × d, at most MAX_WINDOW_MS)', (d, w) => {
      expect(batchWindow(d)).toBeCloseTo(w, 6);
      expect(w).toBe(Math.min(MAX_WINDOW_MS, WINDOW_FACTOR * d));
    });

  /** Two drains: the first costs costMs, the second is of a key added just after it; keys keep coming every `every` ms until it. */
  async function twoDrains(costMs: number, every: number | undefined): Promise<number> {
    const ends: number[] = [];
    const starts: number[] = [];
    let drained = 0;
    let feeder: NodeJS.Timeout | undefined;
    const q = new WorkQueue({
      batchDelayMs: 5,
      process: () => {
        starts.push(performance.now());
        const until = performance.now() + costMs;
        while (performance.now() < until) { /* a drain that costs costMs */ }
        ends.push(performance.now());
        if (++drained === 1) {
          setImmediate(() => q.add('again'));
          if (every) feeder = setInterval(() => drained === 1 && q.add('again'), every);
        } else clearInterval(feeder);
      },
    });
    q.add('first');
    for (let i = 0; i < 100 && starts.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    clearInterval(feeder);
    q.stop();
    expect(starts).toHaveLength(2);
    return starts[1] - ends[0];
  }

  it('under a storm, waits the window batchWindow gives for the last drain', async () => {
    // Keys every millisecond: the window runs its full length (timers fire late, never early: a lower bound).
    for (const costMs of [2, 20]) expect(await twoDrains(costMs, 1)).toBeGreaterThanOrEqual(batchWindow(costMs) - 1);
  });

  it('ends the window early once no key has come for a quarter of it (the storm is over)', async () => {
    const gap = await twoDrains(20, undefined);
    expect(gap).toBeGreaterThanOrEqual(batchWindow(20) / QUIET_PART - 1);
    expect(gap).toBeLessThan(batchWindow(20));
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
