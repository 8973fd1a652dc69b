import { describe, expect, it } from 'vitest';
import { computeTriggerTime, formatRFC3339Nano } from '../../../src/controllers/endpointslice/index.js';
import { makePod, makeService } from './helpers.js';

describe('RFC3339Nano formatting', () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z'],
    ['2024-05-01T10:00:00.120Z', '2024-05-01T10:00:00.12Z'],
    ['2024-05-01T10:00:00.001Z', '2024-05-01T10:00:00.001Z'],
    ['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00Z'],
  ])('%s → %s', (input, want) => {
    expect(formatRFC3339Nano(Date.parse(input))).toBe(want);
  });
});

describe('computeTriggerTime (spec §4.4)', () => {
  const svc = makeService(); // created 2025-01-01T00:00:00Z
  const p = (i: number, t: string) => makePod(i, { readyTransition: t });

  it('first sync: the Service creationTimestamp', () => {
    const { triggerTime } = computeTriggerTime(undefined, svc, [p(0, '2025-01-05T00:00:00Z')]);
    expect(triggerTime).toBe('2025-01-01T00:00:00Z');
  });

  it('later syncs: the earliest Ready transition newer than remembered; null if none', () => {
    const first = computeTriggerTime(undefined, svc, [p(0, '2025-01-05T00:00:00Z'), p(1, '2025-01-05T00:00:00Z')]);
    const same = computeTriggerTime(first.state, svc, [p(0, '2025-01-05T00:00:00Z'), p(1, '2025-01-05T00:00:00Z')]);
    expect(same.triggerTime).toBeNull();
    const changed = computeTriggerTime(same.state, svc, [
      p(0, '2025-01-07T00:00:00Z'),
      p(1, '2025-01-06T00:00:00Z'),
      p(2, '2025-01-06T12:00:00Z'),
    ]);
    expect(changed.triggerTime).toBe('2025-01-06T00:00:00Z');
  });

  it('pods without a Ready condition contribute nothing; a deleted pod gives null', () => {
    const noCond = makePod(3);
    noCond.status!.conditions = [];
    const first = computeTriggerTime(undefined, svc, [p(0, '2025-01-05T00:00:00Z')]);
    expect(computeTriggerTime(first.state, svc, [p(0, '2025-01-05T00:00:00Z'), noCond]).triggerTime).toBeNull();
    expect(computeTriggerTime(first.state, svc, []).triggerTime).toBeNull();
  });
});
