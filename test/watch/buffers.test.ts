// WatchBuffers: the per-watcher limit and the server-wide budget of unread watch bytes.
import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../src/metrics/registry.js';
import { WatchBuffers, type BufferedWatcher } from '../../src/http/watch-buffers.js';

function watcher(resource: string): BufferedWatcher & { queued: number; ended: boolean } {
  const w = {
    group: '', resource, queued: 0, ended: false,
    unread: () => w.queued,
    terminate: () => { w.ended = true; },
  };
  return w;
}

/** Writes `n` bytes to `w` the way a transport does and returns whether the watch goes on. */
function write(b: WatchBuffers, w: ReturnType<typeof watcher>, n: number): boolean {
  const before = w.queued;
  w.queued += n;
  return b.wrote(w, before, w.queued);
}

describe('WatchBuffers', () => {
  it('ends a watcher whose unread bytes were over its limit before an event, and counts it', () => {
    const metrics = new MetricsRegistry();
    const b = new WatchBuffers(100, 10_000, metrics);
    const w = watcher('pods');
    b.join(w);
    expect(write(b, w, 500)).toBe(true); // one large event alone never cuts a reader off
    expect(write(b, w, 1)).toBe(false);
    expect(metrics.render()).toContain('apiserver_terminated_watchers_total{group="",resource="pods"} 1');
  });

  it('over the budget, ends the watchers furthest behind first, counting what readers drained', () => {
    const b = new WatchBuffers(1000, 1000);
    const [a, c, d] = [watcher('pods'), watcher('services'), watcher('pods')];
    for (const w of [a, c, d]) b.join(w);
    expect(write(b, a, 600)).toBe(true);
    expect(write(b, c, 300)).toBe(true);
    a.queued = 100; // a's client read most of it, without a write to report it
    expect(write(b, d, 500)).toBe(true); // 100 + 300 + 500 fits after a recount
    expect(write(b, d, 200)).toBe(false); // 1100: d is furthest behind and is the one writing
    expect([a.ended, c.ended]).toEqual([false, false]);
    expect(write(b, c, 750)).toBe(false); // c (1050) goes; a stays
    expect(a.ended).toBe(false);
    expect(b.unreadTotal).toBe(100);
  });

  it('ends other watchers than the one writing when they hold the most', () => {
    const b = new WatchBuffers(1000, 1000);
    const [a, c] = [watcher('pods'), watcher('pods')];
    b.join(a);
    b.join(c);
    write(b, a, 900);
    expect(write(b, c, 200)).toBe(true);
    expect(a.ended).toBe(true);
    b.leave(c);
    expect(b.unreadTotal).toBe(0);
  });
});
