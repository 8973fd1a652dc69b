// A delaying queue on the injected clock (client-go's AddAfter in spirit): keys fall due at a
// time, one clock timer is armed for the earliest, and everything due is handed over in one batch.
// One timer for thousands of pods keeps a FakeClock's advance() cheap and a RealClock quiet.
import type { Clock, TimerHandle } from '../util/clock.js';

interface Entry {
  due: number;
  key: string;
  seq: number;
}

export class Timeline {
  private heap: Entry[] = [];
  /** key → seq of its live heap entry; older entries for the key are skipped when popped. */
  private live = new Map<string, { seq: number; due: number }>();
  private seq = 0;
  private timer: TimerHandle | undefined;
  private armedFor = Infinity;
  private busy = false;
  private stopped = false;

  constructor(private readonly clock: Clock, private readonly fire: (keys: string[]) => void) {}

  /** Makes `key` due at `due` (ms since epoch), replacing any earlier schedule for it. */
  at(key: string, due: number): void {
    if (this.stopped) return;
    const cur = this.live.get(key);
    if (cur && cur.due === due) return;
    const e = { due, key, seq: ++this.seq };
    this.live.set(key, { seq: e.seq, due });
    this.push(e);
    this.arm();
  }

  cancel(key: string): void {
    this.live.delete(key);
  }

  dueOf(key: string): number | undefined {
    return this.live.get(key)?.due;
  }

  get size(): number {
    return this.live.size;
  }

  /** When the earliest key falls due (ms since epoch), or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    this.dropStale();
    return this.heap[0]?.due;
  }

  /** Keys due now or earlier (nothing waits on a timer). */
  hasDue(): boolean {
    this.dropStale();
    return this.heap.length > 0 && this.heap[0].due <= this.clock.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.heap = [];
    this.live.clear();
  }

  clear(): void {
    this.heap = [];
    this.live.clear();
  }

  private arm(): void {
    if (this.busy || this.stopped) return;
    this.dropStale();
    const next = this.heap[0]?.due ?? Infinity;
    if (next >= this.armedFor) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = next;
    if (next === Infinity) return;
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, next - this.clock.now()));
  }

  /** Hands over every due key, again and again while firing makes more keys due right away. */
  private run(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.busy = true;
    try {
      for (let round = 0; round < 10_000; round++) {
        const keys = this.popDue();
        if (!keys.length) break;
        this.fire(keys);
      }
    } finally {
      this.busy = false;
      this.arm();
    }
  }

  private popDue(): string[] {
    const now = this.clock.now();
    const keys: string[] = [];
    while (this.heap.length && this.heap[0].due <= now) {
      const e = this.pop();
      if (this.live.get(e.key)?.seq !== e.seq) continue;
      this.live.delete(e.key);
      keys.push(e.key);
    }
    return keys;
  }

  private dropStale(): void {
    while (this.heap.length && this.live.get(this.heap[0].key)?.seq !== this.heap[0].seq) this.pop();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Earlier due first; among equals, first scheduled first (keeps creation order). */
function less(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
