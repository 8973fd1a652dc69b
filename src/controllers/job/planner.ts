// The Job controller's decisions (job_controller.go syncJob, manageJob,
// trackJobStatusAndRemoveFinalizers), pure: the Job, its claimed pods and now in; the pods to
// create and delete, the finalizers to remove, the status (with the interim one written before the
// finalizers go: finished pods parked in uncountedTerminatedPods and the FailureTarget /
// SuccessCriteriaMet condition), events and when to look again out. As upstream, the end state is
// evaluated in order: an earlier SuccessCriteriaMet or FailureTarget, then backoffLimit and
// activeDeadlineSeconds, then completions; Failed / Complete follow once no pod is terminating.
import type { KObject } from '../../machinery/types.js';
import { rfc3339 } from '../../util/clock.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { matchSuccessPolicy } from './success-policy.js';
import { failedIndexes, hasBackoffLimitPerIndex, indexBackoff, replacementAnnotations } from './per-index.js';
import {
  completionIndex, formatIndexes, hasTrackingFinalizer, isActivePod, isIndexed, isPodFailed, isReadyPod,
  isTerminatingPod, newJobPod, onlyReplaceFailedPods, parseIndexes, remainingBackoff, type BackoffOptions, type Job,
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
  /** Written before the finalizers are removed: finished pods parked as uncounted, interim conditions. */
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

interface Finish {
  type: 'SuccessCriteriaMet' | 'FailureTarget';
  reason: string;
  message: string;
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

/** pastBackoffLimitOnFailure: with OnFailure, container restarts of running pods count as failures. */
function restartsPastLimit(job: Job, pods: KObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const st = (p.status ?? {}) as J;
    if (st.phase !== 'Running' && st.phase !== 'Pending') continue;
    for (const cs of [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])] as J[]) restarts += Number(cs.restartCount ?? 0);
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** Whether a pod's index is usable (Indexed Jobs only count pods with a valid index). */
const validIndex = (job: Job, p: KObject): boolean => {
  if (!isIndexed(job)) return true;
  const ix = completionIndex(p);
  return ix >= 0 && ix < (job.spec?.completions ?? 0);
};

/** What the sync starts from: the pods by state and the counts including pods not yet counted. */
interface Counts {
  tracked: KObject[];
  active: KObject[];
  terminating: number;
  ready: number;
  failed: number;
  succeeded: number;
  /** Indexed Jobs: completed indexes before and after this sync. */
  prevIndexes: Set<number>;
  indexes: Set<number>;
  /** backoffLimitPerIndex: indexes failed for good. */
  failedIndexes: Set<number>;
}

function count(job: Job, pods: KObject[], status: J): Counts {
  const uncountedFailed = new Set<string>(status.uncountedTerminatedPods.failed ?? []);
  const uncountedSucceeded = new Set<string>(status.uncountedTerminatedPods.succeeded ?? []);
  const tracked = pods.filter(hasTrackingFinalizer);
  const active = pods.filter(isActivePod);
  const succeededPod = (p: KObject) => (p.status as J | undefined)?.phase === 'Succeeded';
  // nonIgnoredFailedPodsCount: failures an Ignore rule of the podFailurePolicy matches do not count.
  const newFailed = tracked.filter((p) => !uncountedFailed.has(p.metadata.uid ?? '') && validIndex(job, p) && isPodFailed(p, job)
    && matchPodFailurePolicy(job.spec?.podFailurePolicy as J | undefined, p).countFailed).length;
  const newSucceeded = tracked.filter((p) => succeededPod(p) && !uncountedSucceeded.has(p.metadata.uid ?? '')).length;
  const prevIndexes = parseIndexes(status.completedIndexes, job.spec?.completions ?? 0);
  const indexes = new Set(prevIndexes);
  if (isIndexed(job)) for (const p of tracked) if (succeededPod(p) && validIndex(job, p)) indexes.add(completionIndex(p));
  const failed = hasBackoffLimitPerIndex(job)
    ? failedIndexes(job, pods, parseIndexes(status.failedIndexes, job.spec?.completions ?? 0), indexes) : new Set<number>();
  return {
    tracked, active, prevIndexes, indexes, failedIndexes: failed,
    terminating: pods.filter(isTerminatingPod).length,
    ready: active.filter(isReadyPod).length,
    failed: Number(status.failed ?? 0) + newFailed + uncountedFailed.size,
    succeeded: isIndexed(job) ? indexes.size : Number(status.succeeded ?? 0) + newSucceeded + uncountedSucceeded.size,
  };
}

/** The end decided in an earlier sync, or a failure now (backoff limit, deadline). */
function endState(job: Job, pods: KObject[], status: J, failed: number, now: number, plan: JobPlan): Finish | undefined {
  const met = conditionOf(status, 'SuccessCriteriaMet');
  const target = conditionOf(status, 'FailureTarget');
  if (met?.status === 'True') return { type: 'SuccessCriteriaMet', reason: met.reason, message: met.message };
  if (target?.status === 'True') return { type: 'FailureTarget', reason: target.reason, message: target.message };
  // getFailJobMessage: a failed pod matching a FailJob rule ends the Job.
  if (job.spec?.podFailurePolicy) {
    for (const p of pods) {
      if (!isPodFailed(p, job)) continue;
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy as J, p).failJobMessage;
      if (m) return { type: 'FailureTarget', reason: 'PodFailurePolicy', message: m };
    }
  }
  if (failed > (job.spec?.backoffLimit ?? 6) || restartsPastLimit(job, pods)) {
    return { type: 'FailureTarget', reason: 'BackoffLimitExceeded', message: BACKOFF_MESSAGE };
  }
  const deadline = job.spec?.activeDeadlineSeconds;
  const started = Date.parse(status.startTime ?? '');
  if (deadline === undefined || deadline === null || job.spec?.suspend === true || Number.isNaN(started)) return undefined;
  const left = started + deadline * 1000 - now;
  if (left <= 0) return { type: 'FailureTarget', reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE };
  plan.requeueAfterMs = left;
  return undefined;
}

export function planJob({ job, pods, now, backoff }: JobPlanInput): JobPlan {
  const plan: JobPlan = { create: [], delete: [], removeFinalizers: [], status: {}, events: [] };
  const nowText = rfc3339(now);
  const status: J = { ...(job.status ?? {}), uncountedTerminatedPods: { ...(job.status?.uncountedTerminatedPods ?? {}) } };
  plan.status = status;
  const c = count(job, pods, status);
  if (isJobFinished(status)) {
    // A finished Job only lets go of pods it still holds.
    for (const p of c.tracked) plan.removeFinalizers.push(ref(p));
    return plan;
  }
  if (!status.startTime && job.spec?.suspend !== true) status.startTime = nowText;
  let finish = endState(job, pods, status, c.failed, now, plan) ?? perIndexEnd(job, c);
  if (!finish && isIndexed(job)) {
    const m = matchSuccessPolicy(job.spec?.successPolicy as J | undefined, job.spec?.completions ?? 0, c.indexes);
    if (m) finish = { type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message: m };
  }
  let { active, ready, terminating } = c;
  if (finish) {
    // deleteActivePods: the pods keep their finalizers, so they are counted (as failed) below.
    for (const p of active) deletePod(plan, p, false);
    terminating += active.length;
    active = [];
    ready = 0;
  } else {
    if (!job.metadata.deletionTimestamp) {
      ({ active, ready, terminating } = manage(job, pods, active, ready, terminating, c.succeeded, new Set([...c.indexes, ...c.failedIndexes]), plan, now, backoff));
    }
    // Success by completions, once nothing is left running.
    const completions = job.spec?.completions;
    const complete = active.length === 0 && (completions === undefined || completions === null ? c.succeeded > 0 : c.succeeded >= completions);
    if (complete) finish = { type: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: COMPLETIONS_MESSAGE };
    else if (!job.metadata.deletionTimestamp) suspendConditions(job, status, plan, nowText);
  }
  Object.assign(status, { active: active.length + plan.create.length, ready, terminating });
  if (hasBackoffLimitPerIndex(job)) status.failedIndexes = formatIndexes(c.failedIndexes);
  track(job, c.tracked, status, plan, finish, c.indexes, c.prevIndexes);
  if (finish && !conditionOf(status, finish.type)) {
    setCondition(status, finish.type, 'True', finish.reason, finish.message, nowText);
    plan.interim = { ...status };
  }
  // After the finalizers are removed every parked pod is counted for good.
  status.succeeded = isIndexed(job) ? c.indexes.size : Number(status.succeeded ?? 0) + (status.uncountedTerminatedPods.succeeded ?? []).length;
  status.failed = Number(status.failed ?? 0) + (status.uncountedTerminatedPods.failed ?? []).length;
  status.uncountedTerminatedPods = {};
  if (finish && terminating === 0) enactFinished(job, status, finish, nowText, plan);
  if (plan.interim && !parkedSomething(plan.interim) && !finishAdded(plan.interim, job)
    && plan.interim.completedIndexes === job.status?.completedIndexes) delete plan.interim;
  return plan;
}

/** backoffLimitPerIndex: too many failed indexes, or every index either succeeded or failed. */
function perIndexEnd(job: Job, c: Counts): Finish | undefined {
  if (!hasBackoffLimitPerIndex(job)) return undefined;
  const max = (job.spec as J | undefined)?.maxFailedIndexes;
  if (typeof max === 'number' && c.failedIndexes.size > max) {
    return { type: 'FailureTarget', reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
  }
  if (c.failedIndexes.size > 0 && c.failedIndexes.size + c.indexes.size >= (job.spec?.completions ?? 0)) {
    return { type: 'FailureTarget', reason: 'FailedIndexes', message: 'Job has failed indexes' };
  }
  return undefined;
}

/** enactJobFinished + recordJobFinished: Complete or Failed, once no pod is terminating. */
function enactFinished(job: Job, status: J, finish: Finish, nowText: string, plan: JobPlan): void {
  const final = finish.type === 'FailureTarget' ? 'Failed' : 'Complete';
  setCondition(status, final, 'True', finish.reason, finish.message, nowText);
  if (final === 'Complete') {
    status.completionTime = nowText;
    const completions = job.spec?.completions;
    if (completions !== undefined && completions !== null && Number(status.succeeded ?? 0) > completions) {
      plan.events.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
    }
    plan.events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  } else {
    plan.events.push({ type: 'Warning', reason: finish.reason, message: finish.message });
  }
}

const ref = (p: KObject) => ({ name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' });
const parkedSomething = (st: J) => ((st.uncountedTerminatedPods?.succeeded ?? []).length + (st.uncountedTerminatedPods?.failed ?? []).length) > 0;
const finishAdded = (st: J, job: Job) => ['SuccessCriteriaMet', 'FailureTarget'].some((t) => conditionOf(st, t) && !conditionOf(job.status ?? {}, t));

/** deleteJobPods drops the tracking finalizer first (not a failure); deleteActivePods keeps it. */
function deletePod(plan: JobPlan, p: KObject, dropFinalizer: boolean): void {
  if (dropFinalizer && hasTrackingFinalizer(p)) plan.removeFinalizers.push(ref(p));
  plan.delete.push(ref(p));
  plan.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}` });
}

/** The Suspended condition and its events as a Job is suspended or resumed. */
function suspendConditions(job: Job, status: J, plan: JobPlan, nowText: string): void {
  if (job.spec?.suspend === true) {
    if (setCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowText)) {
      plan.events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
    }
    return;
  }
  if (!conditionOf(status, 'Suspended') || !setCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowText)) return;
  plan.events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
  // The deadline counts continuous activity: resuming restarts it.
  status.startTime = nowText;
}

/** trackJobStatusAndRemoveFinalizers: park finished pods as uncounted and let go of them. */
function track(job: Job, tracked: KObject[], status: J, plan: JobPlan, finish: Finish | undefined, indexes: Set<number>, prev: Set<number>): void {
  const uncounted = { succeeded: [...(status.uncountedTerminatedPods.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods.failed ?? [])] };
  const releasing = new Set(plan.removeFinalizers.map((r) => r.uid));
  const failing = finish !== undefined && finish.type === 'FailureTarget';
  for (const p of tracked) {
    const uid = p.metadata.uid ?? '';
    if (releasing.has(uid)) continue;
    const phase = (p.status as J | undefined)?.phase;
    const failed = isPodFailed(p, job);
    if (!(job.metadata.deletionTimestamp || finish || phase === 'Succeeded' || failed)) continue;
    plan.removeFinalizers.push(ref(p));
    if (phase === 'Succeeded' && !uncounted.failed.includes(uid)) {
      // Indexed Jobs count completed indexes, not pod uids.
      if (!isIndexed(job) && !uncounted.succeeded.includes(uid)) uncounted.succeeded.push(uid);
    } else if ((failed || failing) && validIndex(job, p) && !uncounted.failed.includes(uid)) {
      if (matchPodFailurePolicy(job.spec?.podFailurePolicy as J | undefined, p).countFailed) uncounted.failed.push(uid);
    }
  }
  status.uncountedTerminatedPods = uncounted;
  if (isIndexed(job)) status.completedIndexes = formatIndexes(indexes);
  const parked = uncounted.succeeded.length + uncounted.failed.length > 0 || (isIndexed(job) && indexes.size !== prev.size);
  if (parked) plan.interim = { ...status, uncountedTerminatedPods: { ...uncounted } };
}

/** Pods to remove first: not ready before ready, unscheduled before scheduled, newest first. */
function removalOrder(a: KObject, b: KObject): number {
  const r = (isReadyPod(a) ? 1 : 0) - (isReadyPod(b) ? 1 : 0);
  if (r) return r;
  const s = ((a.spec as J | undefined)?.nodeName ? 1 : 0) - ((b.spec as J | undefined)?.nodeName ? 1 : 0);
  if (s) return s;
  return (Date.parse(b.metadata.creationTimestamp ?? '') || 0) - (Date.parse(a.metadata.creationTimestamp ?? '') || 0);
}

/** manageJob: delete the excess (suspended: every active pod) or create what is missing, never both. */
function manage(
  job: Job, pods: KObject[], active: KObject[], ready: number, terminating: number, succeeded: number, done: Set<number>,
  plan: JobPlan, now: number, backoff: BackoffOptions,
): { active: KObject[]; ready: number; terminating: number } {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  let rm: KObject[];
  let want: number;
  if (job.spec?.suspend === true) {
    rm = [...active];
    want = 0;
  } else {
    if (completions === undefined || completions === null) want = succeeded > 0 ? active.length : parallelism;
    else want = Math.max(0, Math.min(parallelism, completions - succeeded));
    rm = podsForRemoval(job, active, Math.max(0, active.length - want));
  }
  if (rm.length) {
    for (const p of rm) deletePod(plan, p, true);
    const gone = new Set(rm);
    return { active: active.filter((p) => !gone.has(p)), ready: ready - rm.filter(isReadyPod).length, terminating: terminating + rm.length };
  }
  const waitFor = onlyReplaceFailedPods(job) ? terminating : 0;
  const diff = want - waitFor - active.length;
  if (diff <= 0) return { active, ready, terminating };
  const perIndex = hasBackoffLimitPerIndex(job);
  // With backoffLimitPerIndex each index waits its own back-off instead of the Job's.
  const wait = perIndex ? 0 : remainingBackoff(pods, job, now, backoff);
  if (wait > 0) {
    plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, wait);
    return { active, ready, terminating };
  }
  if (isIndexed(job)) {
    const taken = new Set(active.map(completionIndex));
    for (let i = 0; i < (completions ?? 0) && plan.create.length < diff; i++) {
      if (done.has(i) || taken.has(i)) continue;
      if (!perIndex) {
        plan.create.push(newJobPod(job, i));
        continue;
      }
      const left = indexBackoff(job, pods, i, now, backoff);
      if (left > 0) {
        plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, left);
        continue;
      }
      const pod = newJobPod(job, i);
      pod.metadata.annotations = { ...pod.metadata.annotations, ...replacementAnnotations(job, pods, i) };
      plan.create.push(pod);
    }
  } else {
    for (let i = 0; i < diff; i++) plan.create.push(newJobPod(job));
  }
  return { active, ready, terminating };
}

/** activePodsForRemoval: duplicate or out-of-range indexes first, then by removal order. */
function podsForRemoval(job: Job, active: KObject[], atLeast: number): KObject[] {
  const rm: KObject[] = [];
  let left = [...active];
  if (isIndexed(job)) {
    const seen = new Set<number>();
    left = [];
    for (const p of [...active].sort((a, b) => -removalOrder(a, b))) {
      const ix = completionIndex(p);
      if (!validIndex(job, p) || seen.has(ix)) rm.push(p);
      else {
        seen.add(ix);
        left.push(p);
      }
    }
  }
  if (rm.length < atLeast) rm.push(...left.sort(removalOrder).slice(0, atLeast - rm.length));
  return rm;
}
