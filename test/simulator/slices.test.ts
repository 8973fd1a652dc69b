// Due work in bounded slices: a sliced timeline hands over the same keys in the same order and
// rounds as an unsliced one, yields to the event loop between slices, and the simulator writes the
// same objects in the same order either way.
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/simulator/timeline.js';
import { FakeClock } from '../../src/util/clock.js';
import { harness, simplePod } from './helpers.js';

const tick = () => new Promise((r) => setImmediate(r));

function scenario(sliceMs: number | undefined) {
  const clock = new FakeClock(0);
  const seen: string[] = [];
  const tl = new Timeline(clock, (keys) => {
    for (const k of keys) {
      seen.push(`${clock.now()}:${k}`);
      if (k.length < 4) tl.at(`${k}x`, clock.now());
      if (k === 'b') tl.at('later', clock.now() + 5);
    }
  }, { sliceMs });
  for (const k of ['c', 'a', 'b', 'd']) tl.at(k, k === 'd' ? 3 : 1);
  return { clock, seen, tl };
}

describe('Timeline slices', () => {
  it('hands over the same keys in the same order as without slices, yielding between them', async () => {
    const whole = scenario(undefined);
    whole.clock.advance(10);
    const sliced = scenario(0);
    const between: number[] = [];
    // Time moves from one due key to the next, as settle() moves it: a slice resumed after advance()
    // returned would otherwise run at the later time advance() moved on to.
    for (let step = 0; step < 10; step++) {
      const due = sliced.tl.nextDue();
      if (due === undefined) break;
      sliced.clock.advance(due - sliced.clock.now());
      // With a zero budget every key is its own slice: the first runs inside advance(), the rest after turns.
      for (let i = 0; i < 100 && sliced.tl.hasDue(); i++) {
        between.push(sliced.seen.length);
        await tick();
      }
    }
    expect(sliced.seen).toEqual(whole.seen);
    expect(new Set(between).size).toBeGreaterThan(5);
    expect(sliced.tl.size).toBe(0);
    expect(sliced.tl.hasDue()).toBe(false);
  });

  it('nextDue and size count the rest of a round; stop drops it', async () => {
    const s = scenario(0);
    s.clock.advance(1);
    expect(s.tl.nextDue()).toBe(1);
    expect(s.tl.size).toBeGreaterThan(0);
    s.tl.stop();
    await tick();
    await tick();
    expect(s.seen.length).toBe(1);
    expect(s.tl.hasDue()).toBe(false);
    expect(s.tl.size).toBe(0);
  });
});

describe('simulator in slices', () => {
  async function run(sliceMs: number | undefined): Promise<string[]> {
    const h = harness({ sliceMs, seed: { nodes: 4 } });
    const writes: string[] = [];
    // Event names end in a process-wide sequence number: the same events, numbered on from the last run.
    const name = /("name":"[^"]+)\.[0-9a-f]{12,}"/g;
    h.r.watchAll((ev) => writes.push(`${ev.type} ${ev.resource} ${JSON.stringify(ev.object.obj).replace(name, '$1.N"')}`));
    for (let i = 0; i < 30; i++) {
      const extra = i % 7 === 3 ? { annotations: { 'kubesim.io/ready': 'false' } } : {};
      const spec = i % 5 === 2 ? { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'busybox' }] } : {};
      h.createPod(simplePod(`p${i}`, extra, spec));
    }
    // From one due time to the next (as settle() does): a slice resumed after advance() returned would
    // otherwise run at the later time advance() moved on to.
    const drain = async () => {
      for (let i = 0; i < 10_000 && !h.sim.isIdle(); i++) await tick();
    };
    const end = h.clock.now() + 3000;
    let deleted = false;
    for (let i = 0; i < 10_000; i++) {
      const due = h.sim.nextDue();
      if (due === undefined || due > end) break;
      if (!deleted && due > end - 2500) {
        deleted = true;
        for (let k = 0; k < 30; k += 4) h.deletePod(`p${k}`);
        await drain();
        continue;
      }
      h.clock.advance(Math.max(0, due - h.clock.now()));
      await drain();
    }
    expect(deleted).toBe(true);
    expect(h.sim.errors).toEqual([]);
    h.sim.stop();
    return writes;
  }

  it('writes the same objects in the same order as in one go', async () => {
    const whole = await run(undefined);
    const sliced = await run(0);
    expect(whole.length).toBeGreaterThan(200);
    expect(sliced).toEqual(whole);
  });
});
