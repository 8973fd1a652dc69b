// The CronJob planner. Cases ported from upstream pkg/controller/cronjob/cronjob_controllerv2_test.go
// (TestControllerV2SyncCronJob: not yet time, on time, concurrency policies, suspend, starting
// deadline, too many missed, finished jobs, history limits, time zones) and utils_test.go
// (TestMostRecentScheduleTime, getJobName), in our own words.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../src/machinery/types.js';
import { jobName, mostRecentScheduleTime, planCronJob, type CronJob } from '../../../src/controllers/cronjob/planner.js';
import { parseSchedule } from '../../../src/controllers/cronjob/schedule.js';

type J = Record<string, any>;
const at = (s: string) => Date.parse(s);

function cronJob(spec: J = {}, status: J = {}, created = '2026-01-01T00:00:00Z'): CronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', uid: 'uid-cj', creationTimestamp: created },
    spec: {
      schedule: '*/5 * * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { team: 'a' } }, spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
    status,
  };
}

function jobOf(name: string, opts: { uid?: string; done?: 'Complete' | 'Failed'; start?: string; completion?: string } = {}): KObject {
  const status: J = {};
  if (opts.start) status.startTime = opts.start;
  if (opts.done) status.conditions = [{ type: opts.done, status: 'True' }];
  if (opts.completion) status.completionTime = opts.completion;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default', uid: opts.uid ?? `uid-${name}` }, status };
}
const ref = (name: string) => ({ apiVersion: 'batch/v1', kind: 'Job', name, namespace: 'default', uid: `uid-${name}` });

describe('syncCronJob', () => {
  it('not yet time: nothing, and look again at the next activation (+100 ms)', () => {
    const plan = planCronJob({ cronJob: cronJob(), jobs: [], now: at('2026-01-01T00:03:00Z') });
    expect(plan.create).toBeUndefined();
    expect(plan.requeueAfterMs).toBe(2 * 60_000 + 100);
  });

  it('on time: a Job named after the scheduled minute, from the template, owned by the CronJob', () => {
    const plan = planCronJob({ cronJob: cronJob(), jobs: [], now: at('2026-01-01T00:05:10Z') });
    const j = plan.create as J;
    expect(j.metadata.name).toBe(`hello-${at('2026-01-01T00:05:00Z') / 60_000}`);
    expect(j.metadata.labels).toEqual({ team: 'a' });
    expect(j.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:05:00Z' });
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'uid-cj', controller: true, blockOwnerDeletion: true }]);
    expect(j.spec.template.spec.containers[0].image).toBe('busybox');
    expect(plan.status.lastScheduleTime).toBe('2026-01-01T00:05:00Z');
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${j.metadata.name}` }]);
    expect(plan.requeueAfterMs).toBe(4 * 60_000 + 50_000 + 100);
  });

  it('an activation already run is not run again', () => {
    const cj = cronJob({}, { lastScheduleTime: '2026-01-01T00:05:00Z' });
    expect(planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-01T00:06:00Z') }).create).toBeUndefined();
  });

  it.each([
    { policy: 'Allow', create: true, deleted: [] as string[], event: 'SuccessfulCreate' },
    { policy: 'Forbid', create: false, deleted: [], event: 'JobAlreadyActive' },
    { policy: 'Replace', create: true, deleted: ['hello-1'], event: 'SuccessfulDelete' },
  ])('concurrencyPolicy $policy with a Job still running', ({ policy, create, deleted, event }) => {
    const cj = cronJob({ concurrencyPolicy: policy }, { active: [ref('hello-1')], lastScheduleTime: '2026-01-01T00:00:00Z' });
    const plan = planCronJob({ cronJob: cj, jobs: [jobOf('hello-1')], now: at('2026-01-01T00:05:00Z') });
    expect(plan.create !== undefined).toBe(create);
    expect(plan.delete.map((d) => d.name)).toEqual(deleted);
    expect(plan.events.map((e) => e.reason)).toContain(event);
    if (policy === 'Forbid') {
      expect(plan.events).toContainEqual({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    }
    if (policy === 'Replace') expect(plan.status.active).toBeUndefined();
  });

  it('suspended: no Job', () => {
    expect(planCronJob({ cronJob: cronJob({ suspend: true }), jobs: [], now: at('2026-01-01T00:05:00Z') }).create).toBeUndefined();
  });

  it('startingDeadlineSeconds passed: MissSchedule, no Job', () => {
    const cj = cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 10 });
    const times = mostRecentScheduleTime(cj, at('2026-01-01T01:00:30Z'), parseSchedule('0 * * * *'), false);
    expect(times.mostRecent).toBe(at('2026-01-01T01:00:00Z'));
    // The controller itself counts from now - deadline, so it finds nothing to run at all.
    const plan = planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-01T01:00:30Z') });
    expect(plan.create).toBeUndefined();
    const late = planCronJob({ cronJob: cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 10 }, { lastScheduleTime: '2026-01-01T00:00:00Z' }), jobs: [], now: at('2026-01-01T01:00:30Z') });
    expect(late.create).toBeUndefined();
  });

  it('within startingDeadlineSeconds: the Job starts late', () => {
    const cj = cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 60 });
    expect(planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-01T01:00:30Z') }).create).toBeDefined();
  });

  it('many missed activations: only the most recent runs, with TooManyMissedTimes', () => {
    const cj = cronJob({ schedule: '* * * * *' });
    const plan = planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-01T03:00:30Z') });
    expect(plan.events[0]).toMatchObject({ type: 'Warning', reason: 'TooManyMissedTimes' });
    expect(plan.status.lastScheduleTime).toBe('2026-01-01T03:00:00Z');
  });

  it('a finished active Job leaves the active list; Complete sets lastSuccessfulTime', () => {
    const cj = cronJob({}, { active: [ref('hello-1')], lastScheduleTime: '2026-01-01T00:00:00Z' });
    const plan = planCronJob({
      cronJob: cj, jobs: [jobOf('hello-1', { done: 'Complete', start: '2026-01-01T00:00:01Z', completion: '2026-01-01T00:00:09Z' })], now: at('2026-01-01T00:01:00Z'),
    });
    expect(plan.status.active).toBeUndefined();
    expect(plan.status.lastSuccessfulTime).toBe('2026-01-01T00:00:09Z');
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'SawCompletedJob', message: 'Saw completed job: hello-1, condition: Complete' });
  });

  it('an active Job that went missing is dropped', () => {
    const cj = cronJob({}, { active: [ref('hello-1')], lastScheduleTime: '2026-01-01T00:00:00Z' });
    const plan = planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-01T00:01:00Z') });
    expect(plan.status.active).toBeUndefined();
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'MissingJob', message: 'Active job went missing: hello-1' });
  });

  it('history limits delete the oldest finished Jobs by start time', () => {
    const cj = cronJob({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }, { lastScheduleTime: '2026-01-01T00:00:00Z' });
    const jobs = [
      jobOf('hello-3', { done: 'Complete', start: '2026-01-01T00:03:00Z' }),
      jobOf('hello-1', { done: 'Complete', start: '2026-01-01T00:01:00Z' }),
      jobOf('hello-2', { done: 'Complete', start: '2026-01-01T00:02:00Z' }),
      jobOf('hello-f', { done: 'Failed', start: '2026-01-01T00:02:30Z' }),
      jobOf('hello-r', { start: '2026-01-01T00:00:30Z' }),
    ];
    const plan = planCronJob({ cronJob: cj, jobs, now: at('2026-01-01T00:04:00Z') });
    expect(plan.delete.map((d) => d.name)).toEqual(['hello-1', 'hello-2', 'hello-f']);
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'SuccessfulDelete', message: 'Deleted job hello-1' });
  });

  it('an unparseable schedule is reported, not retried', () => {
    const plan = planCronJob({ cronJob: cronJob({ schedule: '61 * * * *' }), jobs: [], now: at('2026-01-01T00:05:00Z') });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'UnparseableSchedule', message: 'unparseable schedule: "61 * * * *" : end of range (61) above maximum (59): 61' }]);
    expect(plan.requeueAfterMs).toBeUndefined();
  });

  it('an unfinished Job of ours missing from the active list is reported as UnexpectedJob', () => {
    const cj = cronJob({}, { lastScheduleTime: '2026-01-01T00:00:00Z' });
    const plan = planCronJob({ cronJob: cj, jobs: [jobOf('hello-9')], now: at('2026-01-01T00:01:00Z') });
    expect(plan.status.active).toBeUndefined();
    expect(plan.events).toContainEqual({ type: 'Warning', reason: 'UnexpectedJob', message: 'Saw a job that the controller did not create or forgot: hello-9' });
  });

  it('a schedule that never fires is an InvalidSchedule', () => {
    const plan = planCronJob({ cronJob: cronJob({ schedule: '0 0 31 2 *' }), jobs: [], now: at('2026-01-01T00:05:00Z') });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'InvalidSchedule', message: 'invalid schedule: 0 0 31 2 * : time difference between two schedules is less than 1 second' }]);
  });

  it('a TZ prefix in the schedule works but is warned about (UnsupportedSchedule)', () => {
    const plan = planCronJob({ cronJob: cronJob({ schedule: 'CRON_TZ=Asia/Tokyo 0 9 * * *' }), jobs: [], now: at('2026-01-02T00:00:05Z') });
    expect(plan.events[0]).toMatchObject({ type: 'Warning', reason: 'UnsupportedSchedule' });
    expect(plan.create).toBeDefined();
  });

  it('an unknown time zone is reported', () => {
    const plan = planCronJob({ cronJob: cronJob({ timeZone: 'Mars/Olympus' }), jobs: [], now: at('2026-01-01T00:05:00Z') });
    expect(plan.events[0]).toMatchObject({ type: 'Warning', reason: 'UnknownTimeZone' });
  });

  it('timeZone: activations and the scheduled-time annotation in that zone', () => {
    const cj = cronJob({ schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' });
    const plan = planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-02T00:00:05Z') });
    expect((plan.create as J).metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-02T09:00:00+09:00');
  });

  it('a CronJob being deleted only tidies its status', () => {
    const cj = cronJob();
    cj.metadata.deletionTimestamp = '2026-01-01T00:05:00Z';
    expect(planCronJob({ cronJob: cj, jobs: [], now: at('2026-01-01T00:05:00Z') }).create).toBeUndefined();
  });
});

describe('mostRecentScheduleTime (utils_test.go)', () => {
  const sched = parseSchedule('0 * * * *');
  it.each([
    { name: 'before the first activation', now: '2026-01-01T00:30:00Z', last: undefined, want: undefined },
    { name: 'right at it', now: '2026-01-01T01:00:00Z', last: undefined, want: '2026-01-01T01:00:00Z' },
    { name: 'two missed', now: '2026-01-01T02:30:00Z', last: undefined, want: '2026-01-01T02:00:00Z' },
    { name: 'after the last run', now: '2026-01-01T05:30:00Z', last: '2026-01-01T05:00:00Z', want: undefined },
    { name: 'many missed', now: '2026-01-10T05:30:00Z', last: '2026-01-01T05:00:00Z', want: '2026-01-10T05:00:00Z' },
  ])('$name', ({ now, last, want }) => {
    const cj = cronJob({ schedule: '0 * * * *' }, last ? { lastScheduleTime: last } : {});
    const t = mostRecentScheduleTime(cj, at(now), sched, false).mostRecent;
    expect(t === undefined ? undefined : new Date(t).toISOString().replace('.000Z', 'Z')).toBe(want);
  });

  it('job names count minutes since the epoch', () => {
    expect(jobName(cronJob(), at('2026-01-01T00:05:00Z'))).toBe('hello-29453765') // 1767225900 s / 60;
  });
});
