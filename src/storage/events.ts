// A bounded, ordered log of one resource's changes: the basis of watch resume (from any retained
// resourceVersion) and of consistent list snapshots for limit/continue.
import type { StoredObject } from './table.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  resource: string;
  rv: number;
  /** The new state (for DELETED: the last state, carrying the deletion's resourceVersion). */
  object: StoredObject;
  /** The state before the change (MODIFIED, DELETED). */
  prev?: StoredObject;
}

export class EventLog {
  private ring: StoreEvent[] = [];
  private head = 0;
  /** Every change after this revision is retained; anything at or before it may be gone. */
  private compactedRV = 0;

  constructor(private readonly capacity: number) {}

  append(ev: StoreEvent): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(ev);
      return;
    }
    const evicted = this.ring[this.head];
    this.compactedRV = evicted.rv;
    this.ring[this.head] = ev;
    this.head = (this.head + 1) % this.capacity;
  }

  /** The oldest revision a watch may resume from. */
  get oldestResumable(): number {
    return this.compactedRV;
  }

  /**
   * Drops the events at or before `rv` (periodic compaction: src/storage/compactor.ts). Resuming
   * from before the newest dropped event is then 410 Expired, as after an etcd compaction.
   */
  compactThrough(rv: number): void {
    const n = this.ring.length;
    const kept: StoreEvent[] = [];
    for (let i = 0; i < n; i++) {
      const ev = this.ring[(this.head + i) % n];
      if (ev.rv <= rv) this.compactedRV = Math.max(this.compactedRV, ev.rv);
      else kept.push(ev);
    }
    this.ring = kept;
    this.head = 0;
  }

  compactTo(rv: number): void {
    this.ring = [];
    this.head = 0;
    this.compactedRV = rv;
  }

  /** Events with rv > fromRV in order, or undefined when history no longer reaches back that far. */
  since(fromRV: number): StoreEvent[] | undefined {
    if (fromRV < this.compactedRV) return undefined;
    const n = this.ring.length;
    const out: StoreEvent[] = [];
    // Binary search over the ring (ordered by rv starting at head).
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ring[(this.head + mid) % n].rv <= fromRV) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < n; i++) out.push(this.ring[(this.head + i) % n]);
    return out;
  }
}
