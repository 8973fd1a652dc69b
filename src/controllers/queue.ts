// A coalescing work queue (client-go workqueue in spirit): a key queued many times before the worker
// reaches it is processed once; failures are retried with exponential backoff. Batching and backoff
// are scheduling, not simulated time: they run on real timers even when the cluster runs on a
// FakeClock, so tests that await idle() never stall on a timer nobody advances.

export interface QueueOptions {
  /** Processes one key; throwing retries it later. */
  process: (key: string) => void;
  onError?: (key: string, err: unknown) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Delay (real time) before a newly added key is processed, so write storms coalesce. */
  batchDelayMs?: number;
}

/**
 * The batch window after a drain that took d ms (see schedule): WINDOW_FACTOR·d, so that under a
 * write storm a drain comes every (WINDOW_FACTOR + 1)·d ms at most and each controller takes at
 * most 1/(WINDOW_FACTOR + 1) of the thread; never longer than MAX_WINDOW_MS (the longest a change
 * waits for its sync during a storm), never shorter than the queue's batchDelayMs. A window ends
 * early once no key has come for a quarter of it (the storm is over), so a storm's last changes are
 * not held for a window its size. The pod pipeline of issue 16 spent 23% of its time in the two
 * endpoint controllers' drains with a 4·d window and no early end (load/README.md).
 */
export const WINDOW_FACTOR = 24;
export const MAX_WINDOW_MS = 100;
/**
 * A window ends early after a quarter of its length (at least batchDelayMs) without a new key: a
 * busy thread leaves gaps of a few ms between a storm's changes, which must not end its windows.
 */
export const QUIET_PART = 4;

/** The window after a drain of `d` ms (before the queue's batchDelayMs floor). */
export function batchWindow(d: number): number {
  return Math.min(MAX_WINDOW_MS, WINDOW_FACTOR * d);
}

export class WorkQueue {
  private pending = new Set<string>();
  private failures = new Map<string, number>();
  private retryTimers = new Map<string, NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private lastDrainMs = 0;
  private batchTimer?: NodeJS.Timeout;
  /** When the last key was added, and when the current batch window ends (performance.now()). */
  private lastAddAt = 0;
  private windowEnd = 0;
  /** How long without a new key ends the current window early. */
  private quietMs = 0;

  constructor(private readonly o: QueueOptions) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    if (this.o.batchDelayMs) this.lastAddAt = performance.now();
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const quiet = this.o.batchDelayMs ?? 0;
    // Not unref'd: a pending sync keeps the process alive (someone may be awaiting idle()).
    if (!quiet) {
      setImmediate(() => this.drain());
      return;
    }
    // The batch window widens with the cost of the last drain (see batchWindow).
    const window = Math.max(quiet, batchWindow(this.lastDrainMs));
    this.windowEnd = performance.now() + window;
    this.quietMs = Math.max(quiet, window / QUIET_PART);
    this.batchTimer = setTimeout(this.check, this.quietMs);
  }

  /** Drains at the end of the window, or as soon as no key has come for quietMs. */
  private readonly check = (): void => {
    this.batchTimer = undefined;
    const now = performance.now();
    // Timers count whole milliseconds of the loop's clock: a millisecond early is on time.
    const next = Math.min(this.windowEnd, this.lastAddAt + this.quietMs);
    if (next - now <= 1) this.drain();
    else this.batchTimer = setTimeout(this.check, next - now);
  };

  private drain(): void {
    this.scheduled = false;
    this.batchTimer = undefined;
    if (this.stopped) return;
    const started = performance.now();
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      try {
        this.o.process(key);
        this.failures.delete(key);
      } catch (e) {
        this.o.onError?.(key, e);
        this.retry(key);
      }
    }
    this.lastDrainMs = performance.now() - started;
    if (this.pending.size) this.schedule();
    else if (this.retryTimers.size === 0) this.notifyIdle();
  }

  private retry(key: string): void {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    const delay = Math.min((this.o.baseDelayMs ?? 5) * 2 ** (n - 1), this.o.maxDelayMs ?? 5000);
    if (this.retryTimers.has(key)) return;
    this.retryTimers.set(key, setTimeout(() => {
      this.retryTimers.delete(key);
      this.add(key);
    }, delay));
  }

  /** Resolves once nothing is queued or being retried (tests, benchmarks). */
  idle(): Promise<void> {
    if (!this.pending.size && !this.scheduled && this.retryTimers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }

  isIdle(): boolean {
    return !this.pending.size && !this.scheduled && this.retryTimers.size === 0;
  }

  get length(): number {
    return this.pending.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    for (const t of this.retryTimers.values()) clearTimeout(t);
    this.retryTimers.clear();
    this.pending.clear();
    this.notifyIdle();
  }
}
