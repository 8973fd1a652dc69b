// Bytes written to watchers and not yet read by them, per watcher and server-wide.
//
// The apiserver's cacher gives each watcher a bounded buffer and ends a watcher that cannot take
// an event in time ("unresponsive"): the client re-lists and watches again, and
// apiserver_terminated_watchers_total counts it. Here the buffer is the connection's unread
// bytes, so the same rule is two limits: one per watcher, and a budget for all of them, since 200
// stalled watchers at the per-watcher limit each would hold gigabytes. When the total goes over
// the budget, the watchers with the most unread bytes are ended until it fits.
import { Counter, type MetricsRegistry } from '../metrics/registry.js';

export const DEFAULT_WATCH_BUFFER_BYTES = 8 * 1024 * 1024;
export const DEFAULT_WATCH_BUFFER_BUDGET = 128 * 1024 * 1024;

/** One watch connection, as the accounting sees it. */
export interface BufferedWatcher {
  group: string;
  resource: string;
  /** Bytes queued on the connection that the client has not read yet. */
  unread(): number;
  /** Ends the watch and drops what it had queued (the connection is closed). */
  terminate(): void;
}

export class WatchBuffers {
  private readonly known = new Map<BufferedWatcher, number>();
  private total = 0;
  private readonly terminated?: Counter;

  constructor(readonly perWatcher = DEFAULT_WATCH_BUFFER_BYTES, readonly budget = DEFAULT_WATCH_BUFFER_BUDGET,
    metrics?: MetricsRegistry) {
    this.terminated = metrics?.register(new Counter('apiserver_terminated_watchers_total',
      'Counter of watchers closed due to unresponsiveness broken by resource type.'));
  }

  join(w: BufferedWatcher): void {
    this.known.set(w, 0);
  }

  leave(w: BufferedWatcher): void {
    this.total -= this.known.get(w) ?? 0;
    this.known.delete(w);
  }

  /** The connection drained (or its unread count changed without a write). */
  update(w: BufferedWatcher, unread: number): void {
    const prev = this.known.get(w);
    if (prev === undefined) return;
    this.total += unread - prev;
    this.known.set(w, unread);
  }

  /**
   * Accounts one event written to `w`, which had `before` bytes unread and has `after` now.
   * What was unread before the event decides, so one large event alone never cuts a reader off.
   * False when `w` must end (it is not terminated here: its watch ends it on the way back).
   */
  wrote(w: BufferedWatcher, before: number, after: number): boolean {
    this.update(w, after);
    if (before > this.perWatcher) {
      this.count(w);
      return false;
    }
    if (this.total <= this.budget) return true;
    return this.shed(w);
  }

  /** Ends the watchers furthest behind until the total fits the budget; false when that includes `current`. */
  private shed(current: BufferedWatcher): boolean {
    // Reads drain connections without a write to report it: recount before ending anyone.
    this.total = 0;
    for (const w of this.known.keys()) {
      const n = w.unread();
      this.known.set(w, n);
      this.total += n;
    }
    let keep = true;
    while (this.total > this.budget) {
      let worst: BufferedWatcher | undefined;
      let most = 0;
      for (const [w, n] of this.known) if (n > most) [worst, most] = [w, n];
      if (!worst) break;
      this.count(worst);
      this.leave(worst);
      if (worst === current) keep = false;
      else worst.terminate();
    }
    return keep;
  }

  private count(w: BufferedWatcher): void {
    this.terminated?.inc({ group: w.group, resource: w.resource });
  }

  /** Unread bytes of all watchers, as last seen (tests, metrics). */
  get unreadTotal(): number {
    return this.total;
  }
}
