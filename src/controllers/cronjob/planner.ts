// The CronJob controller's decisions (cronjob_controllerv2.go syncCronJob, cleanupFinishedJobs and
// utils.go mostRecentScheduleTime), pure: the CronJob, the Jobs it owns and now in; the Job to
// create, the Jobs to delete, the status, events and when the next schedule falls due out.
import type { KObject } from '../../machinery/types.js';
import { rfc3339 } from '../../util/clock.js';
import { newControllerRef } from '../workloads/controllerref.js';
import { parseSchedule, rfc3339In, ScheduleError, validTimeZone, type Schedule } from './schedule.js';

type J = Record<string, any>;

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface CronJob extends KObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    jobTemplate?: { metadata?: J; spec?: J };
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
  };
  status?: J;
}

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface CronJobPlan {
  create?: KObject;
  /** Jobs to delete with background propagation, and why (Replace, history limits). */
  delete: { name: string; uid: string }[];
  /** The status to write; the created Job's reference is appended by the applier. */
  status: J;
  events: PlanEvent[];
  /** ms until the next schedule (plus upstream's 100 ms slack); undefined: nothing to wait for. */
  requeueAfterMs?: number;
}

export interface CronJobPlanInput {
  cronJob: CronJob;
  jobs: KObject[];
  now: number;
}

const jobCondition = (job: KObject): J | undefined =>
  (((job.status as J | undefined)?.conditions ?? []) as J[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** getJobName: "<cronjob>-<scheduled time in minutes since the epoch>". */
export const jobName = (cj: KObject, scheduledMs: number): string => `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;

/** Go's RFC1123Z in UTC, as the MissSchedule event prints the time. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export interface ScheduleTimes {
  /** The latest activation at or before now that has not run yet. */
  mostRecent?: number;
  /** When counting starts: lastScheduleTime, else creation, moved up by startingDeadlineSeconds. */
  earliest: number;
  /** More than 100 activations were missed. */
  tooManyMissed: boolean;
  /** Why the schedule cannot be used (it never fires). */
  invalid?: string;
}

/** mostRecentScheduleTime. */
export function mostRecentScheduleTime(cj: CronJob, now: number, sched: Schedule, withDeadline: boolean): ScheduleTimes {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && deadline !== undefined && deadline !== null) earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = sched.next(earliest);
  // A schedule that never fires ("0 0 31 2 *") reads as zero times apart, as upstream words it.
  if (t1 === undefined) return { earliest, tooManyMissed: false, invalid: 'time difference between two schedules is less than 1 second' };
  if (now < t1) return { earliest, tooManyMissed: false };
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, tooManyMissed: false };
  // Many activations passed: estimate how many from the interval, then walk the last stretch.
  const interval = Math.round((t2 - t1) / 1000);
  const missed = Math.floor((now - t1) / 1000 / interval) + 1;
  let mostRecent: number | undefined;
  const from = t1 + Math.max(0, missed - 2) * interval * 1000;
  for (let t = sched.next(from - 1); t !== undefined && t <= now; t = sched.next(t)) mostRecent = t;
  return { earliest, mostRecent, tooManyMissed: missed > 100 };
}

/** syncCronJob + cleanupFinishedJobs. */
export function planCronJob({ cronJob: cj, jobs, now }: CronJobPlanInput): CronJobPlan {
  const status: J = { ...(cj.status ?? {}) };
  const plan: CronJobPlan = { delete: [], status, events: [] };
  let active = [...((status.active ?? []) as J[])];
  const byUID = new Map(jobs.map((j) => [j.metadata.uid, j]));
  for (const job of jobs) {
    const inActive = active.some((r) => r.uid === job.metadata.uid);
    const done = jobCondition(job);
    if (inActive && done) {
      plan.events.push({ type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${job.metadata.name}, condition: ${done.type}` });
      active = active.filter((r) => r.uid !== job.metadata.uid);
    } else if (!inActive && !done) {
      // Ours but not in the list (a lost status write, or made by someone else): reported, not tracked.
      plan.events.push({ type: 'Warning', reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${job.metadata.name}` });
    }
    if (done?.type === 'Complete') {
      const completed = Date.parse((job.status as J | undefined)?.completionTime ?? '');
      if (!Number.isNaN(completed) && !(Date.parse(status.lastSuccessfulTime ?? '') >= completed)) status.lastSuccessfulTime = rfc3339(completed);
    }
  }
  for (const ref of active) {
    if (!byUID.has(ref.uid)) plan.events.push({ type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${ref.name}` });
  }
  active = active.filter((r) => byUID.has(r.uid));
  status.active = active.length ? active : undefined;
  if (!status.active) delete status.active;
  cleanupFinished(cj, jobs, plan);
  if (cj.metadata.deletionTimestamp) return plan;

  const tz = cj.spec?.timeZone;
  if (tz && !validTimeZone(tz)) {
    plan.events.push({ type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}` });
    return plan;
  }
  if (cj.spec?.suspend) return plan;
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    plan.events.push({
      type: 'Warning', reason: 'UnsupportedSchedule',
      message: `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    });
  }
  let sched: Schedule;
  try {
    sched = parseSchedule(schedule, tz);
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    plan.events.push({ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(schedule)} : ${e.message}` });
    return plan;
  }
  const times = mostRecentScheduleTime(cj, now, sched, true);
  if (times.invalid) {
    plan.events.push({ type: 'Warning', reason: 'InvalidSchedule', message: `invalid schedule: ${schedule} : ${times.invalid}` });
    return plan;
  }
  if (times.tooManyMissed) {
    plan.events.push({ type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew' });
  }
  const next = sched.next(times.mostRecent ?? Math.max(now, times.earliest));
  if (next !== undefined) plan.requeueAfterMs = Math.max(0, next - now) + 100;
  const scheduled = times.mostRecent;
  if (scheduled === undefined) return plan;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
    plan.events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123z(scheduled)}` });
    return plan;
  }
  const name = jobName(cj, scheduled);
  if (active.some((r) => r.name === name) || Date.parse(status.lastScheduleTime ?? '') === scheduled) return plan;
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    plan.events.push({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    return plan;
  }
  if (policy === 'Replace') {
    for (const ref of active) {
      plan.delete.push({ name: ref.name, uid: ref.uid });
      plan.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${ref.name}` });
    }
    active = [];
    delete status.active;
  }
  plan.create = jobFromTemplate(cj, scheduled, name);
  plan.events.push({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${name}` });
  status.lastScheduleTime = rfc3339(scheduled);
  return plan;
}

export function jobRef(job: KObject): J {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion };
}

/** getJobFromTemplate2: the template's labels and annotations, the scheduled-time annotation, our owner reference. */
export function jobFromTemplate(cj: CronJob, scheduled: number, name: string): KObject {
  const t = cj.spec?.jobTemplate ?? {};
  const metadata: KObject['metadata'] = {
    name, namespace: cj.metadata.namespace,
    labels: { ...(t.metadata?.labels ?? {}) },
    annotations: { ...(t.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(cj.spec?.timeZone, scheduled) },
    ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
  };
  if (Object.keys(metadata.labels!).length === 0) delete metadata.labels;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: structuredClone(t.spec ?? {}) };
}

/** cleanupFinishedJobs: keep the newest successful/failed Jobs within the history limits. */
function cleanupFinished(cj: CronJob, jobs: KObject[], plan: CronJobPlan): void {
  const limits: [string, number | undefined][] = [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]];
  for (const [type, limit] of limits) {
    if (limit === undefined || limit === null) continue;
    const finished = jobs.filter((j) => jobCondition(j)?.type === type && !j.metadata.deletionTimestamp).sort(byStartTime);
    for (const j of finished.slice(0, Math.max(0, finished.length - limit))) {
      plan.delete.push({ name: j.metadata.name ?? '', uid: j.metadata.uid ?? '' });
      plan.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${j.metadata.name}` });
    }
  }
}

/** byJobStartTime: oldest start first; Jobs without a start time last; ties by name. */
function byStartTime(a: KObject, b: KObject): number {
  const sa = Date.parse((a.status as J | undefined)?.startTime ?? '');
  const sb = Date.parse((b.status as J | undefined)?.startTime ?? '');
  if (Number.isNaN(sa) !== Number.isNaN(sb)) return Number.isNaN(sa) ? 1 : -1;
  if (!Number.isNaN(sa) && sa !== sb) return sa - sb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}
