// The Job controller's decisions (job_controller.go syncJob, manageJob,
// trackJobStatusAndRemoveFinalizers), pure: the Job, its claimed pods and now in; the pods to
// create and delete, the finalizers to remove, the status (with the interim one that parks
// finished pods in uncountedTerminatedPods before their finalizers go), events and when to look
// again out. Finishing is two-step as in 1.31+: FailureTarget / SuccessCriteriaMet first, then
// Failed / Complete once no pod is still terminating.
import type { KObject } from '../../machinery/types.js';
import { rfc3339 } from '../../util/clock.js';
import {
  completionIndex, formatIndexes, hasTrackingFinalizer, isActivePod, isIndexed, isPodFailed, isReadyPod, isSucceeded,
  isTerminatingPod, isFinishedPod, newJobPod, parseIndexes, remainingBackoff, type BackoffOptions, type Job,
} from './pods.js';

type J = Record<string, any>;

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface JobPlan {
  create: KObject[];
  delete: { name: string; uid: string }[];
  removeFinalizers: { name: string; uid: string }[];
  /** Written before the finalizers are removed: finished pods parked as uncounted. */
  interim?: J;
  status: J;
  events: PlanEvent[];
  requeueAfterMs?: number;
}

export interface JobPlanInput {
  job: Job;
  pods: KObject[];
  now: number;
  backoff: BackoffOptions;
}

const BACKOFF_MESSAGE = 'Job has reached the specified backoff limit';
const DEADLINE_MESSAGE = 'Job was active longer than specified deadline';
const COMPLETIONS_MESSAGE = 'Reached expected number of succeeded pods';

export const conditionOf = (status: J, type: string): J | undefined => ((status.conditions ?? []) as J[]).find((c) => c.type === type);
const isTrue = (status: J, type: string) => conditionOf(status, type)?.status === 'True';

/** IsJobFinished: a Complete or Failed condition is True. */
export const isJobFinished = (status: J | undefined): boolean => !!status && (isTrue(status, 'Complete') || isTrue(status, 'Failed'));

/** ensureJobConditionStatus: sets a condition; lastTransitionTime moves only when status flips. */
function setCondition(status: J, type: string, value: 'True' | 'False', reason: string, message: string, now: string): boolean {
  const conds = [...((status.conditions ?? []) as J[])];
  const i = conds.findIndex((c) => c.type === type);
  if (i < 0) {
    if (value === 'False') return false;
    conds.push({ type, status: value, lastProbeTime: now, lastTransitionTime: now, reason, message });
  } else {
    const c = conds[i];
    if (c.status === value && c.reason === reason && c.message === message) return false;
    conds[i] = { ...c, status: value, reason, message, lastProbeTime: now, lastTransitionTime: c.status === value ? c.lastTransitionTime : now };
  }
  status.conditions = conds;
  return true;
}

/** Counts finished pods (parking them in uncounted first), as trackJobStatusAndRemoveFinalizers does. */
function track(job: Job, pods: KObject[], status: J, jobFailing: boolean, plan: JobPlan): void {
  const uncounted = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
  const completions = job.spec?.completions ?? 0;
  const succeededIndexes = parseIndexes(status.completedIndexes, completions);
  let parked = false;
  for (const p of pods) {
    if (!hasTrackingFinalizer(p)) continue;
    const failed = isPodFailed(p, job);
    if (!isFinishedPod(p) && !p.metadata.deletionTimestamp && !jobFailing) continue;
    const uid = p.metadata.uid ?? '';
    plan.removeFinalizers.push({ name: p.metadata.name ?? '', uid });
    if (isSucceeded(p) && !uncounted.failed.includes(uid)) {
      if (isIndexed(job)) {
        const ix = completionIndex(p);
        if (ix < 0 || ix >= completions || succeededIndexes.has(ix)) continue;
        succeededIndexes.add(ix);
      }
      if (!uncounted.succeeded.includes(uid)) {
        uncounted.succeeded.push(uid);
        parked = true;
      }
    } else if (failed || jobFailing) {
      const ix = completionIndex(p);
      if (isIndexed(job) && (ix < 0 || ix >= completions)) continue;
      if (!uncounted.failed.includes(uid)) {
        uncounted.failed.push(uid);
        parked = true;
      }
    }
  }
  if (parked) plan.interim = { ...status, uncountedTerminatedPods: uncounted };
  // Once the finalizers are gone, the parked pods are counted for good.
  status.succeeded = Number(status.succeeded ?? 0) + uncounted.succeeded.length;
  status.failed = Number(status.failed ?? 0) + uncounted.failed.length;
  status.uncountedTerminatedPods = {};
  if (isIndexed(job)) status.completedIndexes = formatIndexes(succeededIndexes);
}

/** pastBackoffLimitOnFailure: with OnFailure, container restarts count as failures. */
function restartsPastLimit(job: Job, active: KObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of active) {
    const st = (p.status ?? {}) as J;
    for (const cs of [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])] as J[]) restarts += Number(cs.restartCount ?? 0);
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export function planJob({ job, pods, now, backoff }: JobPlanInput): JobPlan {
  const plan: JobPlan = { create: [], delete: [], removeFinalizers: [], status: {}, events: [] };
  const nowText = rfc3339(now);
  const status: J = { ...(job.status ?? {}) };
  plan.status = status;
  const finished = isJobFinished(status);
  // The failure decided earlier (FailureTarget), or one decided now.
  let failure = isTrue(status, 'FailureTarget') ? conditionOf(status, 'FailureTarget') : undefined;
  track(job, pods, status, finished ? !isTrue(status, 'Complete') : !!failure, plan);
  const active = pods.filter(isActivePod);
  const terminating = pods.filter(isTerminatingPod).length;
  status.active = active.length;
  status.ready = active.filter(isReadyPod).length;
  status.terminating = terminating;
  if (finished || job.metadata.deletionTimestamp) return plan;

  const suspended = job.spec?.suspend === true;
  if (!status.startTime && !suspended) status.startTime = nowText;
  const backoffLimit = job.spec?.backoffLimit ?? 6;
  if (!failure && !isTrue(status, 'SuccessCriteriaMet')) {
    const deadline = job.spec?.activeDeadlineSeconds;
    const started = Date.parse(status.startTime ?? '');
    if (Number(status.failed ?? 0) > backoffLimit || restartsPastLimit(job, active)) {
      failure = { reason: 'BackoffLimitExceeded', message: BACKOFF_MESSAGE };
    } else if (deadline !== undefined && !suspended && !Number.isNaN(started)) {
      const left = started + deadline * 1000 - now;
      if (left <= 0) failure = { reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE };
      else plan.requeueAfterMs = left;
    }
    if (failure) {
      setCondition(status, 'FailureTarget', 'True', failure.reason, failure.message, nowText);
      plan.events.push({ type: 'Warning', reason: failure.reason, message: failure.message });
    }
  }
  if (failure) {
    // Every pod still running is stopped; Failed is written once none is left terminating.
    deleteAll(active, plan, status);
    if (status.terminating === 0 && plan.delete.length === 0) {
      setCondition(status, 'Failed', 'True', failure.reason, failure.message, nowText);
    }
    return plan;
  }

  if (isTrue(status, 'SuccessCriteriaMet') || complete(job, status, active.length)) {
    setCondition(status, 'SuccessCriteriaMet', 'True', 'CompletionsReached', COMPLETIONS_MESSAGE, nowText);
    deleteAll(active, plan, status);
    if (status.terminating === 0 && plan.delete.length === 0) {
      setCondition(status, 'Complete', 'True', 'CompletionsReached', COMPLETIONS_MESSAGE, nowText);
      status.completionTime = nowText;
      plan.events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    }
    return plan;
  }

  if (suspended) {
    deleteAll(active, plan, status);
    if (setCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowText)) {
      plan.events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
    }
    return plan;
  }
  if (conditionOf(status, 'Suspended') && setCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowText)) {
    plan.events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
    // The deadline counts continuous activity: resuming restarts it.
    status.startTime = nowText;
  }
  manage(job, pods, active, status, plan, now, backoff);
  return plan;
}

/** Whether the Job's success criteria are met. */
function complete(job: Job, status: J, active: number): boolean {
  const completions = job.spec?.completions;
  const succeeded = Number(status.succeeded ?? 0);
  if (isIndexed(job)) return parseIndexes(status.completedIndexes, completions ?? 0).size === completions;
  if (completions === undefined || completions === null) return succeeded > 0 && active === 0;
  return succeeded >= completions;
}

function deleteAll(active: KObject[], plan: JobPlan, status: J): void {
  for (const p of active) {
    plan.delete.push({ name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' });
    plan.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}` });
  }
  status.active = 0;
  status.ready = 0;
}

/** Pods to remove first when there are too many: not ready before ready, newest first. */
function removalOrder(a: KObject, b: KObject): number {
  const ra = isReadyPod(a) ? 1 : 0;
  const rb = isReadyPod(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return (Date.parse(b.metadata.creationTimestamp ?? '') || 0) - (Date.parse(a.metadata.creationTimestamp ?? '') || 0);
}

/** manageJob: as many active pods as parallelism and the remaining completions want. */
function manage(job: Job, pods: KObject[], active: KObject[], status: J, plan: JobPlan, now: number, backoff: BackoffOptions): void {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  const succeeded = Number(status.succeeded ?? 0);
  let want: number;
  let excess: KObject[] = [];
  if (isIndexed(job)) {
    const done = parseIndexes(status.completedIndexes, completions ?? 0);
    // Pods for indexes already done, out of range, or duplicated are excess.
    const seen = new Set<number>();
    const keep: KObject[] = [];
    for (const p of [...active].sort((a, b) => -removalOrder(a, b))) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= (completions ?? 0) || done.has(ix) || seen.has(ix)) excess.push(p);
      else {
        seen.add(ix);
        keep.push(p);
      }
    }
    want = Math.min(parallelism, (completions ?? 0) - done.size);
    if (keep.length > want) excess.push(...keep.sort(removalOrder).slice(0, keep.length - want));
    const activeCount = active.length - excess.length;
    if (activeCount < want && createAfterBackoff(pods, job, now, backoff, plan)) {
      const pending = [];
      for (let i = 0; i < (completions ?? 0) && pending.length < want - activeCount; i++) if (!done.has(i) && !seen.has(i)) pending.push(i);
      plan.create.push(...pending.map((i) => newJobPod(job, i)));
    }
  } else {
    if (completions === undefined || completions === null) want = succeeded > 0 ? active.length : parallelism;
    else want = Math.max(0, Math.min(parallelism, completions - succeeded));
    if (active.length > want) excess = [...active].sort(removalOrder).slice(0, active.length - want);
    const diff = want - active.length;
    if (diff > 0 && createAfterBackoff(pods, job, now, backoff, plan)) {
      for (let i = 0; i < diff; i++) plan.create.push(newJobPod(job));
    }
  }
  // Replacements for terminating pods wait when only failed pods are replaced.
  if (onlyFailedWait(job, status) && plan.create.length) plan.create.length = Math.max(0, plan.create.length - status.terminating);
  for (const p of excess) {
    plan.delete.push({ name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' });
    plan.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}` });
  }
  status.active = active.length - excess.length + plan.create.length;
}

const onlyFailedWait = (job: Job, status: J): boolean =>
  (job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null) && Number(status.terminating ?? 0) > 0;

/** False (and a requeue) while the failure back-off runs. */
function createAfterBackoff(pods: KObject[], job: Job, now: number, backoff: BackoffOptions, plan: JobPlan): boolean {
  const wait = remainingBackoff(pods, job, now, backoff);
  if (wait <= 0) return true;
  plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, wait);
  return false;
}
