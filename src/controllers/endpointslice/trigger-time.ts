// The endpoints.kubernetes.io/last-change-trigger-time value (spec §4.4), computed from remembered
// per-Service state like upstream's TriggerTimeTracker, but as a pure function of (state, inputs).
import type { Pod, Service } from './types.js';

/** What the tracker remembers about one Service between syncs (times in epoch ms). */
export interface TriggerTimeState {
  serviceTriggerTime: number | null;
  /** pod name → lastTransitionTime of its Ready condition at the previous sync */
  podTriggerTimes: Record<string, number>;
}

function parseTime(s: string | null | undefined): number | null {
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

/** Go's time.RFC3339Nano in UTC: fraction with trailing zeros trimmed, none if zero. */
export function formatRFC3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

/** Normalises an RFC 3339 timestamp to the RFC3339Nano form the controller writes. */
export function normalizeTimestamp(s: string): string {
  const ms = parseTime(s);
  return ms === null ? s : formatRFC3339Nano(ms);
}

function podTriggerTime(pod: Pod): number | null {
  const conditions = pod.status?.conditions;
  if (!conditions) return null;
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === 'Ready') return parseTime(conditions[i].lastTransitionTime);
  return null;
}

/**
 * ComputeEndpointLastChangeTriggerTime. First sync for a Service (`previous` undefined): its
 * creationTimestamp. Later: the earliest Ready-transition time (or Service creation) newer than
 * remembered; null when nothing changed, which removes the annotation from written slices.
 * `pods` are all pods the selector lists, as upstream passes them.
 */
export function computeTriggerTime(
  previous: TriggerTimeState | undefined,
  service: Service,
  pods: readonly Pod[],
): { triggerTime: string | null; state: TriggerTimeState } {
  let min: number | null = null;
  const consider = (t: number, before: number | null | undefined) => {
    // A zero (unknown) remembered time counts as "before everything".
    if (before === null || before === undefined || t > before) min = min === null ? t : Math.min(min, t);
  };
  const podTriggerTimes: Record<string, number> = {};
  for (const pod of pods) {
    const t = podTriggerTime(pod);
    const name = pod.metadata.name ?? '';
    if (t === null) continue;
    podTriggerTimes[name] = t;
    consider(t, previous?.podTriggerTimes[name]);
  }
  const serviceTime = parseTime(service.metadata.creationTimestamp);
  if (serviceTime !== null) consider(serviceTime, previous?.serviceTriggerTime);
  const state: TriggerTimeState = { serviceTriggerTime: serviceTime, podTriggerTimes };
  if (previous === undefined) return { triggerTime: serviceTime === null ? null : formatRFC3339Nano(serviceTime), state };
  return { triggerTime: min === null ? null : formatRFC3339Nano(min), state };
}

/**
 * computeTriggerTime when only the `changed` pods (names[i] → pods[i], its current version,
 * undefined when gone; no name twice)
 * differ from those `previous` was computed from: the same trigger time without visiting every
 * pod. commit() turns `previous` (in place) into the state computeTriggerTime would return.
 */
export function computeTriggerTimeChanges(
  previous: TriggerTimeState,
  service: Service,
  changed: { readonly names: readonly string[]; readonly pods: readonly (Pod | undefined)[] },
): { triggerTime: string | null; commit: () => TriggerTimeState } {
  let min: number | null = null;
  const { names, pods } = changed;
  const times = new Array<number | null>(names.length);
  const known = previous.podTriggerTimes;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const pod = pods[i];
    const t = pod ? podTriggerTime(pod) : null;
    times[i] = t;
    if (t === null) continue;
    // A zero (unknown) remembered time counts as "before everything".
    const before = known[name];
    if (before === null || before === undefined || t > before) min = min === null ? t : Math.min(min, t);
  }
  const serviceTime = parseTime(service.metadata.creationTimestamp);
  if (serviceTime !== null) {
    const before = previous.serviceTriggerTime;
    if (before === null || before === undefined || serviceTime > before) min = min === null ? serviceTime : Math.min(min, serviceTime);
  }
  const commit = () => {
    for (let i = 0; i < names.length; i++) {
      const t = times[i];
      if (t === null) delete known[names[i]];
      else known[names[i]] = t;
    }
    previous.serviceTriggerTime = serviceTime;
    return previous;
  };
  return { triggerTime: min === null ? null : formatRFC3339Nano(min), commit };
}
