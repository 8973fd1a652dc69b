// When is the cluster quiet? The controllers' queues are empty and no simulator stage is due. On
// real timers settled() also waits out the simulator stages due soon (a new pod turns Ready ~90 ms
// after creation, a deleted one is gone within --max-grace-seconds), so that apply → settled() →
// assert sees the slices those pods lead to. On a FakeClock time is the test's: settled() runs what
// is due now but never moves time, and settle() advances it from one due stage to the next.
import { FakeClock, type Clock } from './util/clock.js';

/** Simulator stages due within this much real time are waited for by settled(). */
export const SETTLE_HORIZON_MS = 5000;
/** settled() gives up after this long (real ms) on a cluster that never calms down. */
const SETTLE_LIMIT_MS = 30_000;

export interface Quiescent {
  idle(): Promise<void>;
  isIdle(): boolean;
}

export interface Settleable {
  controllers: Quiescent[];
  /** The simulated cluster, when there is one (read at call time: it starts after the controllers). */
  simulator(): (Quiescent & { nextDue(): number | undefined }) | undefined;
  clock: Clock;
}

const tick = () => new Promise((r) => setImmediate(r));

/** Controllers feed each other (slices → GC → ...): wait until a full pass finds nothing to do. */
async function controllersIdle(s: Settleable): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await Promise.all(s.controllers.map((c) => c.idle()));
    await tick();
    if (s.controllers.every((c) => c.isIdle())) return;
  }
}

async function quietNow(s: Settleable): Promise<boolean> {
  await controllersIdle(s);
  const sim = s.simulator();
  if (!sim) return true;
  // A FakeClock fires timers only inside advance(): run what is due now without moving time.
  if (s.clock instanceof FakeClock) s.clock.advance(0);
  await sim.idle();
  await tick();
  return sim.isIdle() && s.controllers.every((c) => c.isIdle());
}

export function settler(s: Settleable): { settled(): Promise<void>; settle(maxMs?: number): Promise<void> } {
  const fake = s.clock instanceof FakeClock;
  const settled = async () => {
    const limit = Date.now() + SETTLE_LIMIT_MS;
    while (Date.now() < limit) {
      if (!(await quietNow(s))) continue;
      const due = s.simulator()?.nextDue();
      if (fake || due === undefined) return;
      const wait = due - s.clock.now();
      if (wait > SETTLE_HORIZON_MS) return;
      await new Promise((r) => setTimeout(r, Math.max(1, wait + 1)));
    }
  };
  /** FakeClock: advance through every stage due within maxMs of now, settling after each. */
  const settle = async (maxMs = 60_000) => {
    await settled();
    if (!fake) return;
    const clock = s.clock as FakeClock;
    const end = clock.now() + maxMs;
    for (let i = 0; i < 100_000; i++) {
      const due = s.simulator()?.nextDue();
      if (due === undefined || due > end) return;
      clock.advance(Math.max(0, due - clock.now()));
      await settled();
    }
  };
  return { settled, settle };
}
