// A delaying queue on the injected clock (client-go's AddAfter in spirit): keys fall due at a
// time, one clock timer is armed for the earliest, and everything due is handed over in rounds
// (a round is every key due when it starts; keys made due while it runs wait for the next round).
// One timer for thousands of pods keeps a FakeClock's advance() cheap and a RealClock quiet.
// With `sliceMs` the rounds are worked off in slices of about that much CPU time, each followed by
// a setImmediate turn, so that a backlog of due stages (a burst of thousands of pods) never holds
// the event loop: requests and watches are served between slices. The keys, their order and the
// rounds are the same either way; only other work may now run in between.
import type { Clock, TimerHandle } from '../util/clock.js';

interface Entry {
  due: number;
  key: string;
  seq: number;
}

export interface TimelineOptions {
  /** Work off due keys in slices of at most about this many ms, yielding to I/O between them. */
  sliceMs?: number;
}

/** Rounds per timer firing before the timeline stops to arm its timer again (a runaway guard). */
const MAX_ROUNDS = 10_000;

export class Timeline {
  private heap: Entry[] = [];
  /** key → its live heap entry; older entries for the key are skipped when popped. */
  private live = new Map<string, Entry>();
  private seq = 0;
  private timer: TimerHandle | undefined;
  private armedFor = Infinity;
  private busy = false;
  private stopped = false;
  /** The round being handed over, and how far into it (keys before `next` are done). */
  private round: Entry[] = [];
  private next = 0;
  private rounds = 0;
  private resume: NodeJS.Immediate | undefined;
  private readonly sliceMs: number | undefined;

  constructor(private readonly clock: Clock, private readonly fire: (keys: string[]) => void, opts: TimelineOptions = {}) {
    this.sliceMs = opts.sliceMs;
  }

  /** Makes `key` due at `due` (ms since epoch), replacing any earlier schedule for it. */
  at(key: string, due: number): void {
    if (this.stopped) return;
    const cur = this.live.get(key);
    if (cur !== undefined && cur.due === due) return;
    const e: Entry = { due, key, seq: ++this.seq };
    this.live.set(key, e);
    this.push(e);
    this.arm();
  }

  cancel(key: string): void {
    this.live.delete(key);
  }

  dueOf(key: string): number | undefined {
    return this.live.get(key)?.due;
  }

  /** Keys scheduled, plus those of the current round not handed over yet. */
  get size(): number {
    return this.live.size + this.round.length - this.next;
  }

  /** When the earliest key falls due (ms since epoch), or undefined when nothing is scheduled. */
  nextDue(): number | undefined {
    this.dropStale();
    const queued = this.heap.length ? this.heap[0].due : undefined;
    if (this.next >= this.round.length) return queued;
    const waiting = this.round[this.next].due;
    return queued === undefined ? waiting : Math.min(waiting, queued);
  }

  /** Keys due now or earlier (nothing waits on a timer), including the rest of a round being worked off. */
  hasDue(): boolean {
    if (this.next < this.round.length) return true;
    this.dropStale();
    return this.heap.length > 0 && this.heap[0].due <= this.clock.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.resume) clearImmediate(this.resume);
    this.resume = undefined;
    this.heap = [];
    this.live.clear();
    this.round = [];
    this.next = 0;
  }

  clear(): void {
    this.heap = [];
    this.live.clear();
    this.round = [];
    this.next = 0;
  }

  private arm(): void {
    if (this.busy || this.stopped) return;
    this.dropStale();
    const next = this.heap.length ? this.heap[0].due : Infinity;
    if (next >= this.armedFor) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = next;
    if (next === Infinity) return;
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, next - this.clock.now()));
  }

  /** Hands over every due key, round after round while firing makes more keys due right away. */
  private run(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.busy = true;
    this.rounds = 0;
    this.drain();
  }

  /** Works off rounds until none is due, or (sliced) until the slice is used up: then resumes after I/O. */
  private drain(): void {
    this.resume = undefined;
    if (this.stopped) return;
    const budget = this.sliceMs;
    const start = budget === undefined ? 0 : performance.now();
    let finished = false;
    try {
      for (;;) {
        if (this.next >= this.round.length) {
          this.round = this.rounds < MAX_ROUNDS ? this.popDue() : [];
          this.next = 0;
          this.rounds++;
          if (!this.round.length) break;
        }
        if (budget === undefined) {
          const keys = this.round.map((e) => e.key);
          this.next = this.round.length;
          this.fire(keys);
          continue;
        }
        this.fire([this.round[this.next++].key]);
        if (this.stopped) return;
        if (performance.now() - start >= budget) {
          this.resume = setImmediate(() => this.drain());
          return;
        }
      }
      finished = true;
    } finally {
      if (finished || this.resume === undefined) {
        // Done, or a key threw: as before slicing, the rest of the round is dropped and the timer re-armed.
        this.round = [];
        this.next = 0;
        this.busy = false;
        this.arm();
      }
    }
  }

  private popDue(): Entry[] {
    const now = this.clock.now();
    const out: Entry[] = [];
    while (this.heap.length && this.heap[0].due <= now) {
      const e = this.pop();
      if (this.live.get(e.key) !== e) continue;
      this.live.delete(e.key);
      out.push(e);
    }
    return out;
  }

  private dropStale(): void {
    while (this.heap.length && this.live.get(this.heap[0].key) !== this.heap[0]) this.pop();
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && less(h[r], h[l]) ? r : l;
        if (!less(h[m], last)) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

/** Earlier due first; among equals, first scheduled first (keeps creation order). */
function less(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
