// Re-queues a key when something falls due on the injected clock (minReadySeconds elapsing, a
// progress deadline passing): the workqueue's AddAfter, on the cluster's Clock so a FakeClock
// drives it. One timer per key; the earliest due time wins.
import type { Clock, TimerHandle } from '../../util/clock.js';

export class DelayedEnqueuer {
  private timers = new Map<string, { due: number; h: TimerHandle }>();

  constructor(private readonly clock: Clock, private readonly add: (key: string) => void) {}

  /** Queues `key` once `at` (ms on the clock) has passed. */
  at(key: string, at: number): void {
    const now = this.clock.now();
    const cur = this.timers.get(key);
    if (cur && cur.due <= at && cur.due > now) return;
    if (cur) this.clock.clearTimeout(cur.h);
    const h = this.clock.setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, Math.max(0, at - now));
    this.timers.set(key, { due: at, h });
  }

  forget(key: string): void {
    const cur = this.timers.get(key);
    if (cur) this.clock.clearTimeout(cur.h);
    this.timers.delete(key);
  }

  stop(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t.h);
    this.timers.clear();
  }
}
