// Human-readable durations as the apiserver renders Age columns (k8s.io/apimachinery
// pkg/util/duration.HumanDuration; behaviour copied from the apiserver). ~2-3 significant figures.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go truncates durations toward zero when converting to whole units. */
const whole = (ms: number, unit: number): number => Math.trunc(ms / unit);

/**
 * Formats a duration given in milliseconds. Up to one second in the future counts as "0s" (clock
 * skew between machines); further in the future is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${whole(hours, 24)}d` : `${whole(hours, 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${whole(hours, 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = whole(hours, 24) % 365;
    return days === 0 ? `${whole(hours, 24 * 365)}y` : `${whole(hours, 24 * 365)}y${days}d`;
  }
  return `${whole(hours, 24 * 365)}y`;
}

/** The single-unit variant (ShortHumanDuration) some columns use. */
export function shortHumanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${whole(hours, 24)}d`;
  return `${whole(hours, 24 * 365)}y`;
}

/** 0001-01-01T00:00:00Z, what Go's zero time.Time serialises to. */
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp (metav1.Time or MicroTime), or undefined
 * for Go's zero time: absent, null, empty, unparsable, or year 1.
 */
export function parseTimestamp(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  if (Number.isNaN(t) || t === GO_ZERO_TIME) return undefined;
  return t;
}

/** translateTimestampSince: the age of a timestamp at `now`, "<unknown>" for the zero time. */
export function age(ts: unknown, now: number): string {
  const t = parseTimestamp(ts);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

/** translateTimestampUntil: time left until a timestamp. */
export function until(ts: unknown, now: number): string {
  const t = parseTimestamp(ts);
  return t === undefined ? '<unknown>' : humanDuration(t - now);
}
