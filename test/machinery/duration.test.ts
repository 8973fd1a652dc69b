import { describe, expect, it } from 'vitest';
import { age, humanDuration, parseTimestamp, shortHumanDuration, until } from '../../src/machinery/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1999, '0s'], // up to one whole second in the future is clock skew
    [-1 * s, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 30 * s, '2m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 59 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 23 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [2 * y + 10 * d, '2y10d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y + 100 * d, '8y'],
    [123 * y, '123y'],
  ];
  it.each(cases)('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('shortHumanDuration', () => {
  it.each([[-5 * s, '<invalid>'], [-1 * s, '0s'], [59 * s, '59s'], [61 * m, '1h'], [90 * s, '1m'], [25 * h, '1d'],
    [400 * d, '1y']])('%d ms → %s', (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe('age and timestamps', () => {
  const now = Date.parse('2026-11-21T06:00:00Z');
  it.each([
    ['2026-11-21T05:55:00Z', '5m'],
    ['2026-11-21T05:59:18.123456Z', '41s'], // MicroTime
    ['2026-11-21T06:00:01Z', '0s'],
    ['2026-11-21T06:00:05Z', '<invalid>'],
    ['2026-11-18T05:00:00Z', '3d1h'],
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['garbage', '<unknown>'],
    ['0001-01-01T00:00:00Z', '<unknown>'], // Go's zero time
  ])('age(%j) = %s', (ts, want) => {
    expect(age(ts, now)).toBe(want);
  });

  it('computes time until a timestamp', () => {
    expect(until('2026-11-21T06:00:30Z', now)).toBe('30s');
    expect(until(undefined, now)).toBe('<unknown>');
  });

  it('parses RFC 3339', () => {
    expect(parseTimestamp('2026-11-21T06:00:00Z')).toBe(now);
    expect(parseTimestamp(12)).toBeUndefined();
  });
});
