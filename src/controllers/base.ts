// What every controller loop shares: a coalescing work queue of keys, the store subscriptions that
// feed it, and the idle/stop plumbing tests and benchmarks use.
import type { Registry } from '../registry/registry.js';
import { WorkQueue, type QueueOptions } from './queue.js';

export abstract class QueueController {
  protected readonly queue: WorkQueue;
  protected readonly unsubscribers: (() => void)[] = [];

  constructor(protected readonly r: Registry, o: Omit<QueueOptions, 'process'> = {}) {
    this.queue = new WorkQueue({ process: (k) => this.sync(k), ...o });
  }

  /** Reconciles one key against current state; throwing retries it with backoff. */
  protected abstract sync(key: string): void;

  idle(): Promise<void> {
    return this.queue.idle();
  }

  isIdle(): boolean {
    return this.queue.isIdle();
  }

  stop(): void {
    for (const u of this.unsubscribers) u();
    this.queue.stop();
  }
}
