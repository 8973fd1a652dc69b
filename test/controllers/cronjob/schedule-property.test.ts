// The schedule evaluator against a brute-force minute-by-minute scan (the definition of robfig's
// SpecSchedule.Next), for random five-field schedules, seeded: next(t) is the first minute after
// t whose fields match, with robfig's day rule (day-of-month OR day-of-week when both are
// restricted, AND when either is a star).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../src/controllers/cronjob/schedule.js';

function field(min: number, max: number) {
  const n = fc.integer({ min, max });
  return fc.oneof(
    fc.constant('*'),
    n.map(String),
    fc.tuple(n, n).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(fc.integer({ min: 2, max: 7 })).map(([s]) => `*/${s}`),
    fc.uniqueArray(n, { minLength: 2, maxLength: 4 }).map((xs) => xs.join(',')),
  );
}

function expand(f: string, min: number, max: number): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of f.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo: number;
    let hi: number;
    if (range === '*') {
      [lo, hi] = [min, max];
      if (step === 1) star = true;
    } else if (range.includes('-')) [lo, hi] = range.split('-').map(Number);
    else [lo, hi] = [Number(range), stepText ? max : Number(range)];
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

describe('schedule next() against a brute-force scan', () => {
  it('finds the first matching minute', () => {
    fc.assert(fc.property(
      field(0, 59), field(0, 23), field(1, 31), field(0, 6), fc.integer({ min: 0, max: 360 * 24 * 60 }),
      (minute, hour, dom, dow, offsetMinutes) => {
        const spec = `${minute} ${hour} ${dom} * ${dow}`;
        const t = Date.parse('2026-01-01T00:00:00Z') + offsetMinutes * 60_000 + 17_000;
        const [mi, h, d, w] = [expand(minute, 0, 59), expand(hour, 0, 23), expand(dom, 1, 31), expand(dow, 0, 6)];
        let want: number | undefined;
        for (let c = Math.floor(t / 60_000) * 60_000 + 60_000, n = 0; n < 70 * 24 * 60; c += 60_000, n++) {
          const x = new Date(c);
          const dayOK = d.star || w.star ? d.set.has(x.getUTCDate()) && w.set.has(x.getUTCDay()) : d.set.has(x.getUTCDate()) || w.set.has(x.getUTCDay());
          if (mi.set.has(x.getUTCMinutes()) && h.set.has(x.getUTCHours()) && dayOK) {
            want = c;
            break;
          }
        }
        fc.pre(want !== undefined);
        expect(parseSchedule(spec).next(t), spec).toBe(want);
      },
    ), { seed: 4242, numRuns: 150 });
  });
});
