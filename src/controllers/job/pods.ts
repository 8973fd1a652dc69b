// What a Job's pods are and how the controller reads them (job_controller.go, indexed_job_utils.go,
// backoff_utils.go): pods carry the job-tracking finalizer until they are counted; Indexed pods
// carry their completion index (annotation, label, hostname, JOB_COMPLETION_INDEX); failed pods
// count towards the backoff delay of the next pod.
import type { KObject } from '../../machinery/types.js';
import { newControllerRef } from '../workloads/controllerref.js';
import { isPodReady } from '../workloads/pods.js';
import { podFromTemplate } from '../workloads/template.js';
import type { Pod, PodTemplateSpec } from '../workloads/types.js';

type J = Record<string, any>;

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export interface Job extends KObject {
  spec?: {
    parallelism?: number;
    completions?: number | null;
    completionMode?: 'NonIndexed' | 'Indexed';
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    suspend?: boolean;
    podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
    podFailurePolicy?: unknown;
    ttlSecondsAfterFinished?: number;
    selector?: J;
    template?: PodTemplateSpec;
    [k: string]: unknown;
  };
  status?: J;
}

const phase = (p: KObject): string | undefined => (p.status as J | undefined)?.phase;
export const isSucceeded = (p: KObject): boolean => phase(p) === 'Succeeded';
export const isFinishedPod = (p: KObject): boolean => phase(p) === 'Succeeded' || phase(p) === 'Failed';
export const isTerminatingPod = (p: KObject): boolean => Boolean(p.metadata.deletionTimestamp) && !isFinishedPod(p);
export const isActivePod = (p: KObject): boolean => !isFinishedPod(p) && !p.metadata.deletionTimestamp;
export const hasTrackingFinalizer = (p: KObject): boolean => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
export const isReadyPod = (p: KObject): boolean => isPodReady(p as Pod);
export const isIndexed = (job: Job): boolean => job.spec?.completionMode === 'Indexed';

/** onlyReplaceFailedPods: replacements wait for terminating pods to be Failed. */
export const onlyReplaceFailedPods = (job: Job): boolean =>
  job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(p: KObject, job: Job): boolean {
  if (phase(p) === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(p.metadata.deletionTimestamp) && phase(p) !== 'Succeeded';
}

/** getCompletionIndex: the pod's index, or -1 when missing or malformed. */
export function completionIndex(p: KObject): number {
  const v = p.metadata.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : -1;
}

/** The pod the controller creates for a Job (and, in Indexed mode, for one index). */
export function newJobPod(job: Job, index?: number): KObject {
  const pod = podFromTemplate(job.spec?.template, job, newControllerRef(job, 'batch/v1', 'Job'));
  pod.metadata.namespace = job.metadata.namespace;
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
  if (index === undefined) return pod;
  const i = String(index);
  pod.metadata.generateName = `${job.metadata.name}-${i}-`;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: i };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX]: i };
  const spec = pod.spec as J;
  spec.hostname = `${job.metadata.name}-${i}`;
  const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
  for (const key of ['initContainers', 'containers']) {
    for (const c of (spec[key] ?? []) as J[]) {
      if (!((c.env ?? []) as J[]).some((e) => e.name === 'JOB_COMPLETION_INDEX')) c.env = [...(c.env ?? []), env];
    }
  }
  return pod;
}

// ---- completed indexes (orderedIntervals) ----

/** "1,3-5,7" → [1,3,4,5,7]. */
export function parseIndexes(s: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a) && i < completions; i++) if (Number.isInteger(i) && i >= 0) out.add(i);
  }
  return out;
}

/** orderedIntervals.String: runs of three or more as "a-b", a pair as "a,b". */
export function formatIndexes(set: Iterable<number>): string {
  const xs = [...new Set(set)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    if (j === i) parts.push(String(xs[i]));
    else if (j === i + 1) parts.push(`${xs[i]},${xs[j]}`);
    else parts.push(`${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

// ---- back-off (backoff_utils.go) ----

export interface BackoffOptions {
  /** DefaultJobPodFailureBackOff: 10 s upstream. */
  baseMs: number;
  /** MaxJobPodFailureBackOff: 10 min upstream. */
  maxMs: number;
}

export const UPSTREAM_BACKOFF: BackoffOptions = { baseMs: 10_000, maxMs: 600_000 };

/** When a pod finished: its containers' latest finishedAt, else its deletion or creation time. */
export function finishTime(p: KObject): number {
  let t = 0;
  for (const cs of ((p.status as J | undefined)?.containerStatuses ?? []) as J[]) {
    const f = Date.parse(cs.state?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(f)) t = Math.max(t, f);
  }
  if (t) return t;
  return Date.parse(p.metadata.deletionTimestamp ?? p.metadata.creationTimestamp ?? '') || 0;
}

/**
 * The back-off before the next pod: failures since the last success double the delay
 * (base · 2^(n-1), capped), counted from the last failure. 0 when no wait is needed.
 */
export function remainingBackoff(pods: readonly KObject[], job: Job, now: number, o: BackoffOptions): number {
  const lastSuccess = Math.max(0, ...pods.filter(isSucceeded).map(finishTime));
  const failures = pods.filter((p) => isPodFailed(p, job) && finishTime(p) >= lastSuccess);
  if (failures.length === 0) return 0;
  const lastFailure = Math.max(...failures.map(finishTime));
  const delay = Math.min(o.baseMs * 2 ** (failures.length - 1), o.maxMs);
  return Math.max(0, lastFailure + delay - now);
}
