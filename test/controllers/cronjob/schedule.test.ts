// The cron schedule parser and evaluator. Cases after robfig/cron v3 parser_test.go and
// spec_test.go (TestActivation, TestNext, TestErrors), the library kube-controller-manager's
// CronJob controller (pkg/controller/cronjob/utils.go) parses schedules with.
import { describe, expect, it } from 'vitest';
import { parseSchedule, rfc3339In, ScheduleError } from '../../../src/controllers/cronjob/schedule.js';

const at = (s: string) => Date.parse(s);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

describe('next activation (UTC)', () => {
  it.each([
    { spec: '* * * * *', from: '2026-01-01T00:00:00Z', want: '2026-01-01T00:01:00Z' },
    { spec: '* * * * *', from: '2026-01-01T00:00:30Z', want: '2026-01-01T00:01:00Z' },
    { spec: '*/5 * * * *', from: '2026-01-01T00:03:00Z', want: '2026-01-01T00:05:00Z' },
    { spec: '0 * * * *', from: '2026-01-01T00:00:00Z', want: '2026-01-01T01:00:00Z' },
    { spec: '@hourly', from: '2026-01-01T00:59:59Z', want: '2026-01-01T01:00:00Z' },
    { spec: '@daily', from: '2026-01-01T12:00:00Z', want: '2026-01-02T00:00:00Z' },
    { spec: '@midnight', from: '2026-01-01T12:00:00Z', want: '2026-01-02T00:00:00Z' },
    { spec: '@weekly', from: '2026-01-01T00:00:00Z', want: '2026-01-04T00:00:00Z' }, // a Sunday
    { spec: '@monthly', from: '2026-01-15T00:00:00Z', want: '2026-02-01T00:00:00Z' },
    { spec: '@yearly', from: '2026-01-15T00:00:00Z', want: '2027-01-01T00:00:00Z' },
    { spec: '@annually', from: '2026-01-15T00:00:00Z', want: '2027-01-01T00:00:00Z' },
    { spec: '30 9 * * 1-5', from: '2026-01-02T10:00:00Z', want: '2026-01-05T09:30:00Z' }, // Fri after 9:30 → Mon
    { spec: '30 9 * * MON-FRI', from: '2026-01-02T10:00:00Z', want: '2026-01-05T09:30:00Z' },
    { spec: '0 0 1 JAN,jul *', from: '2026-02-01T00:00:00Z', want: '2026-07-01T00:00:00Z' },
    { spec: '15,45 */6 * * *', from: '2026-01-01T06:20:00Z', want: '2026-01-01T06:45:00Z' },
    { spec: '0 10-16/4 * * *', from: '2026-01-01T10:00:00Z', want: '2026-01-01T14:00:00Z' },
    { spec: '5/20 * * * *', from: '2026-01-01T00:06:00Z', want: '2026-01-01T00:25:00Z' }, // N/step = N-max/step
    { spec: '0 0 29 2 *', from: '2026-01-01T00:00:00Z', want: '2028-02-29T00:00:00Z' },
    // Day of month and day of week both restricted: either matches.
    { spec: '0 0 13 * 5', from: '2026-01-01T00:00:00Z', want: '2026-01-02T00:00:00Z' }, // Friday the 2nd
    // One of them a star: both must match (the star always does).
    { spec: '0 0 13 * *', from: '2026-01-01T00:00:00Z', want: '2026-01-13T00:00:00Z' },
    { spec: '0 0 ? * 0', from: '2026-01-01T00:00:00Z', want: '2026-01-04T00:00:00Z' },
    // */1 counts as a star; */2 does not (robfig clears the star bit for steps > 1).
    { spec: '0 0 */2 * 1', from: '2026-01-01T00:00:00Z', want: '2026-01-03T00:00:00Z' },
    { spec: '0 0 31 2 *', from: '2026-01-01T00:00:00Z', want: undefined }, // never
    { spec: '@every 90s', from: '2026-01-01T00:00:00.500Z', want: '2026-01-01T00:01:30Z' },
  ])('$spec after $from', ({ spec, from, want }) => {
    expect(iso(parseSchedule(spec).next(at(from)))).toBe(want);
  });
});

describe('time zones', () => {
  it.each([
    { spec: '0 9 * * *', tz: 'Asia/Tokyo', from: '2026-01-01T00:00:00Z', want: '2026-01-02T00:00:00Z' }, // 09:00 JST
    { spec: '0 9 * * *', tz: 'America/New_York', from: '2026-01-01T00:00:00Z', want: '2026-01-01T14:00:00Z' }, // EST
    { spec: '0 9 * * *', tz: 'America/New_York', from: '2026-07-01T00:00:00Z', want: '2026-07-01T13:00:00Z' }, // EDT
    // 02:30 does not exist on the spring-forward day in New York: that day has no activation.
    { spec: '30 2 * * *', tz: 'America/New_York', from: '2026-03-08T00:00:00Z', want: '2026-03-09T06:30:00Z' },
    { spec: '0 0 * * *', tz: 'Asia/Kolkata', from: '2026-01-01T00:00:00Z', want: '2026-01-01T18:30:00Z' },
  ])('$spec in $tz after $from', ({ spec, tz, from, want }) => {
    expect(iso(parseSchedule(spec, tz).next(at(from)))).toBe(want);
  });

  it('formats scheduled times as RFC 3339 in the zone', () => {
    expect(rfc3339In(undefined, at('2026-01-02T00:00:00Z'))).toBe('2026-01-02T00:00:00Z');
    expect(rfc3339In('Asia/Tokyo', at('2026-01-02T00:00:00Z'))).toBe('2026-01-02T09:00:00+09:00');
    expect(rfc3339In('America/New_York', at('2026-01-01T14:00:00Z'))).toBe('2026-01-01T09:00:00-05:00');
    expect(rfc3339In('Asia/Kolkata', at('2026-01-01T18:30:00Z'))).toBe('2026-01-02T00:00:00+05:30');
  });
});

describe('errors (robfig wording)', () => {
  it.each([
    { spec: '* * * *', msg: 'expected exactly 5 fields, found 4: * * * *' },
    { spec: '* * * * * *', msg: 'expected exactly 5 fields, found 6: * * * * * *' },
    { spec: '60 * * * *', msg: 'end of range (60) above maximum (59): 60' },
    { spec: '* 24 * * *', msg: 'end of range (24) above maximum (23): 24' },
    { spec: '* * 0 * *', msg: 'beginning of range (0) below minimum (1): 0' },
    { spec: '5-1 * * * *', msg: 'beginning of range (5) beyond end of range (1): 5-1' },
    { spec: '*/0 * * * *', msg: 'step of range should be a positive number: */0' },
    { spec: '1-2-3 * * * *', msg: 'too many hyphens: 1-2-3' },
    { spec: '*/2/3 * * * *', msg: 'too many slashes: */2/3' },
    { spec: 'x * * * *', msg: 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax' },
    { spec: '@fortnightly', msg: 'unrecognized descriptor: @fortnightly' },
    { spec: '* * * * 7', msg: 'end of range (7) above maximum (6): 7' },
  ])('$spec', ({ spec, msg }) => {
    expect(() => parseSchedule(spec)).toThrow(ScheduleError);
    expect(() => parseSchedule(spec)).toThrow(msg);
  });
});
