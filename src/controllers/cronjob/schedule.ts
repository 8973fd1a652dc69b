// Cron schedules as the CronJob controller reads them (robfig/cron v3's standard parser, which
// kube-controller-manager uses): five fields (minute hour day-of-month month day-of-week) with
// lists, ranges, steps, `*`/`?`, month and weekday names, the @yearly/@monthly/@weekly/@daily/
// @hourly descriptors and @every <duration>; evaluated in an IANA time zone through Intl.
// Error texts follow robfig's, since the controller puts them in its events.

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: Bounds[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/** A field's allowed values, and whether it was written as `*`/`?` (matters for day matching). */
interface FieldSet {
  values: Set<number>;
  star: boolean;
}

export interface Schedule {
  /** The first activation strictly after `t` (ms since the epoch); undefined if none within 5 years. */
  next(t: number): number | undefined;
}

export class ScheduleError extends Error {}

function parseNumber(s: string, b: Bounds): number {
  const named = b.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^-?\d+$/.test(s)) throw new ScheduleError(`failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new ScheduleError(`negative number (${n}) not allowed: ${s}`);
  return n;
}

/** One comma-separated part: `*`, `?`, `a`, `a-b`, each optionally `/step`. */
function parseRange(expr: string, b: Bounds, into: FieldSet): void {
  const rangeAndStep = expr.split('/');
  if (rangeAndStep.length > 2) throw new ScheduleError(`too many slashes: ${expr}`);
  const lowAndHigh = rangeAndStep[0].split('-');
  if (lowAndHigh.length > 2) throw new ScheduleError(`too many hyphens: ${expr}`);
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseNumber(lowAndHigh[0], b);
    end = lowAndHigh.length === 2 ? parseNumber(lowAndHigh[1], b) : start;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1], { min: 0, max: 0 });
    if (step <= 0) throw new ScheduleError(`step of range should be a positive number: ${expr}`);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1 && !star) end = b.max;
    if (step > 1) star = false;
  }
  if (start < b.min) throw new ScheduleError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new ScheduleError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new ScheduleError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

function parseField(text: string, b: Bounds): FieldSet {
  const set: FieldSet = { values: new Set(), star: false };
  for (const part of text.split(',')) parseRange(part, b, set);
  return set;
}

/** Go's time.ParseDuration for the units @every accepts; milliseconds. */
function parseDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * units[m[2]];
    matched = re.lastIndex;
  }
  if (s === '' || matched !== s.length) throw new ScheduleError(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s)}`);
  return total;
}

/** Parses a schedule; `timeZone` is an IANA name (spec.timeZone), UTC when absent. */
export function parseSchedule(spec: string, timeZone?: string): Schedule {
  let text = spec.trim();
  // robfig's "CRON_TZ=Zone ..." / "TZ=Zone ..." prefix (the controller warns it is unsupported).
  const tzPrefix = /^(?:CRON_)?TZ=(\S+)\s+/.exec(text);
  if (tzPrefix) {
    if (!validTimeZone(tzPrefix[1])) throw new ScheduleError(`provided bad location ${tzPrefix[1]}: unknown time zone ${tzPrefix[1]}`);
    timeZone = tzPrefix[1];
    text = text.slice(tzPrefix[0].length);
  }
  if (text.startsWith('@every ')) {
    const every = Math.max(1000, Math.floor(parseDuration(text.slice(7).trim()) / 1000) * 1000);
    // Activations every `every` after t, on whole seconds (robfig's ConstantDelaySchedule).
    return { next: (t) => Math.floor(t / 1000) * 1000 + every };
  }
  if (text.startsWith('@')) {
    const expanded = DESCRIPTORS[text.toLowerCase()];
    if (!expanded) throw new ScheduleError(`unrecognized descriptor: ${text}`);
    return parseSchedule(expanded, timeZone);
  }
  const parts = text.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5) throw new ScheduleError(`expected exactly 5 fields, found ${parts.length}: ${text}`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]));
  const fields = wallClock(timeZone);
  return {
    next(t: number): number | undefined {
      let c = Math.floor(t / 60_000) * 60_000 + 60_000;
      const limit = t + 5 * 366 * 86_400_000;
      while (c <= limit) {
        const w = fields(c);
        const domMatch = dom.values.has(w.day);
        const dowMatch = dow.values.has(w.weekday);
        const dayOK = dom.star || dow.star ? domMatch && dowMatch : domMatch || dowMatch;
        if (!month.values.has(w.month) || !dayOK || !hour.values.has(w.hour)) {
          c += (60 - w.minute) * 60_000; // the next local hour
          continue;
        }
        if (!minute.values.has(w.minute)) {
          c += 60_000;
          continue;
        }
        return c;
      }
      return undefined;
    },
  };
}

interface WallClock {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether Intl knows the zone (the controller's UnknownTimeZone check). */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock fields of an instant in `tz` (UTC fast path). */
export function wallClock(tz?: string): (ms: number) => WallClock {
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') {
    return (ms) => {
      const d = new Date(ms);
      return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
    };
  }
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  const fmt = f;
  return (ms) => {
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(ms)) p[part.type] = part.value;
    return { month: Number(p.month), day: Number(p.day), weekday: WEEKDAYS[p.weekday], hour: Number(p.hour), minute: Number(p.minute) };
  };
}

/** The UTC offset of `tz` at an instant, in minutes (for RFC 3339 timestamps in that zone). */
export function offsetMinutes(tz: string | undefined, ms: number): number {
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  const asUTC = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUTC - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Go's time.Format(time.RFC3339) of an instant in `tz`: "2026-01-01T09:00:00+09:00", "...Z" in UTC. */
export function rfc3339In(tz: string | undefined, ms: number): string {
  const off = offsetMinutes(tz, ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + off * 60_000).toISOString().slice(0, 19);
  if (off === 0) return `${local}Z`;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
