// Injected time. Everything that reads "now" or waits goes through a Clock so tests can use FakeClock.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

let nextTimerId = 1;

export class RealClock implements Clock {
  private timers = new Map<number, NodeJS.Timeout>();
  now(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = nextTimerId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }
  clearTimeout(h: TimerHandle): void {
    const t = this.timers.get(h.id);
    if (t) clearTimeout(t);
    this.timers.delete(h.id);
  }
}

/** A manually advanced clock; timers fire in due order inside advance(). */
export class FakeClock implements Clock {
  private t: number;
  private timers = new Map<number, { due: number; fn: () => void }>();
  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = nextTimerId++;
    this.timers.set(id, { due: this.t + Math.max(0, ms), fn });
    return { id };
  }
  clearTimeout(h: TimerHandle): void {
    this.timers.delete(h.id);
  }
  /** Moves time forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let nextId = -1;
      let next: { due: number; fn: () => void } | undefined;
      for (const [id, timer] of this.timers) {
        if (timer.due <= end && (!next || timer.due < next.due)) {
          next = timer;
          nextId = id;
        }
      }
      if (!next) break;
      this.timers.delete(nextId);
      this.t = Math.max(this.t, next.due);
      next.fn();
    }
    this.t = end;
  }
  pendingTimers(): number {
    return this.timers.size;
  }
}

// Writes stamp times many times a second, mostly within the same second: the last one is remembered.
let lastSecond = Number.NaN;
let lastText = '';
/** RFC 3339 UTC with second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec === lastSecond) return lastText;
  const text = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  lastSecond = sec;
  lastText = text;
  return text;
}

/** RFC 3339 UTC with microseconds, as metav1.MicroTime serialises. */
export function rfc3339Micro(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}
