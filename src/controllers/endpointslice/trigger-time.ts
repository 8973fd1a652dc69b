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
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  return parseTime(ready?.lastTransitionTime);
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
 * computeTriggerTime when only the `changed` pods (name → current version, undefined when gone)
 * differ from those `previous` was computed from: the same trigger time without visiting every
 * pod. commit() turns `previous` (in place) into the state computeTriggerTime would return.
 */
export function computeTriggerTimeChanges(
  previous: TriggerTimeState,
  service: Service,
  changed: ReadonlyMap<string, Pod | undefined>,
): { triggerTime: string | null; commit: () => TriggerTimeState } {
  let min: number | null = null;
  const consider = (t: number, before: number | null | undefined) => {
    if (before === null || before === undefined || t > before) min = min === null ? t : Math.min(min, t);
  };
  const times = new Map<string, number | null>();
  for (const [name, pod] of changed) {
    const t = pod ? podTriggerTime(pod) : null;
    times.set(name, t);
    if (t !== null) consider(t, previous.podTriggerTimes[name]);
  }
  const serviceTime = parseTime(service.metadata.creationTimestamp);
  if (serviceTime !== null) consider(serviceTime, previous.serviceTriggerTime);
  const commit = () => {
    for (const [name, t] of times) {
      if (t === null) delete previous.podTriggerTimes[name];
      else previous.podTriggerTimes[name] = t;
    }
    previous.serviceTriggerTime = serviceTime;
    return previous;
  };
  return { triggerTime: min === null ? null : formatRFC3339Nano(min), commit };
}
