// The Job planner. Cases ported from upstream pkg/controller/job/job_controller_test.go
// (TestControllerSyncJob: job start, WQ job, too few/too many active pods, job finish, backoff
// limit, suspend/resume, deadline; TestTrackJobStatusAndRemoveFinalizers; indexed jobs) and
// indexed_job_utils_test.go / backoff_utils_test.go, in our own words.
import { describe, expect, it } from 'vitest';
import { formatIndexes, parseIndexes, remainingBackoff } from '../../../src/controllers/job/pods.js';
import { BACKOFF, job, T0, World } from './world.js';

type J = Record<string, any>;
const active = (p: { metadata: { deletionTimestamp?: string } ; status?: unknown }) =>
  !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((p.status as J)?.phase);

describe('manageJob: how many pods (TestControllerSyncJob)', () => {
  it.each([
    { name: 'job start', spec: { parallelism: 2, completions: 5 }, create: 2 },
    { name: 'work queue job start (no completions)', spec: { parallelism: 2, completions: null }, create: 2 },
    { name: 'parallelism above remaining completions', spec: { parallelism: 5, completions: 3 }, create: 3 },
    { name: 'parallelism 0', spec: { parallelism: 0, completions: 3 }, create: 0 },
  ])('$name', ({ spec, create }) => {
    const w = new World(job(spec));
    const plan = w.sync();
    expect(plan.create.length).toBe(create);
    expect(plan.status.active).toBe(create);
    expect(plan.status.startTime).toBe('2026-01-01T00:00:00Z');
  });

  it('pods carry the tracking finalizer and a controller reference', () => {
    const w = new World(job());
    const p = w.sync().create[0] as J;
    expect(p.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(p.metadata.generateName).toBe('pi-');
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'uid-pi', controller: true, blockOwnerDeletion: true }]);
  });

  it('correct number of pods: nothing to do', () => {
    const w = new World(job({ parallelism: 2, completions: 5 }));
    w.sync();
    const plan = w.sync();
    expect([plan.create.length, plan.delete.length]).toEqual([0, 0]);
  });

  it('too many active pods: the excess is deleted, not-ready first', () => {
    const w = new World(job({ parallelism: 3, completions: 5 }));
    w.sync();
    const [a] = w.names();
    w.run(a);
    w.setSpec({ parallelism: 1 });
    const plan = w.sync();
    expect(plan.delete.length).toBe(2);
    expect(plan.delete.map((d) => d.name)).not.toContain(a);
    expect(plan.status.active).toBe(1);
  });

  it('too few active pods after a success: one more', () => {
    const w = new World(job({ parallelism: 2, completions: 5 }));
    w.sync();
    w.finish(w.names()[0], 'Succeeded');
    const plan = w.sync();
    expect(plan.status.succeeded).toBe(1);
    expect(plan.create.length).toBe(1);
    expect(plan.status.active).toBe(2);
  });

  it('a work queue job stops creating pods after the first success and completes when all are done', () => {
    const w = new World(job({ parallelism: 2, completions: null }));
    w.sync();
    const [a, b] = w.names();
    w.finish(a, 'Succeeded');
    let plan = w.sync();
    expect(plan.create).toEqual([]);
    expect(w.cond('Complete')).toBeUndefined();
    w.finish(b, 'Succeeded');
    plan = w.sync();
    expect(w.cond('Complete')?.status).toBe('True');
    expect(plan.status.succeeded).toBe(2);
  });
});

describe('tracking finished pods (TestTrackJobStatusAndRemoveFinalizers)', () => {
  it('parks a finished pod in uncountedTerminatedPods, removes its finalizer, then counts it', () => {
    const w = new World(job({ completions: 2 }));
    w.sync();
    const [a] = w.names();
    w.finish(a, 'Succeeded');
    const plan = w.sync();
    expect(plan.interim?.uncountedTerminatedPods).toEqual({ succeeded: [w.pods.get(a)!.metadata.uid], failed: [] });
    expect(plan.removeFinalizers.map((r) => r.name)).toEqual([a]);
    expect(plan.status).toMatchObject({ succeeded: 1, uncountedTerminatedPods: {} });
    // Counted once only.
    const again = w.sync();
    expect(again.interim).toBeUndefined();
    expect(again.status.succeeded).toBe(1);
  });

  it('a pod deleted before it finished counts as failed and is replaced at once (TerminatingOrFailed)', () => {
    const w = new World(job());
    w.sync();
    const [a] = w.names();
    w.pods.get(a)!.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const plan = w.sync();
    expect(plan.status.failed).toBe(1);
    expect(plan.status.terminating).toBe(1);
    expect(plan.removeFinalizers.map((r) => r.name)).toEqual([a]);
    // The failure back-off holds the replacement back.
    expect(plan.create).toEqual([]);
    expect(plan.requeueAfterMs).toBe(10_000);
  });

  it('podReplacementPolicy Failed: a terminating pod is not yet a failure', () => {
    const w = new World(job({ podReplacementPolicy: 'Failed' }));
    w.sync();
    const [a] = w.names();
    w.pods.get(a)!.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const plan = w.sync();
    expect(plan.status.failed ?? 0).toBe(0);
    expect(plan.create).toEqual([]);
  });
});

describe('deletions by the controller (deleteJobPods vs deleteActivePods)', () => {
  it('excess and suspended pods lose the tracking finalizer first and are not failures', () => {
    const w = new World(job({ parallelism: 3, completions: 6 }));
    w.sync();
    w.setSpec({ parallelism: 1 });
    let plan = w.sync();
    expect(plan.delete.length).toBe(2);
    expect(plan.removeFinalizers.map((r) => r.name).sort()).toEqual(plan.delete.map((d) => d.name).sort());
    expect(plan.status.terminating).toBe(2);
    plan = w.sync();
    expect(plan.status.failed ?? 0).toBe(0);
  });

  it('a failing Job keeps the finalizers of the pods it stops and counts them as failed', () => {
    const w = new World(job({ backoffLimit: 0, parallelism: 2, completions: 2 }));
    w.sync();
    const [a, b] = w.names();
    w.finish(a, 'Failed');
    const plan = w.sync();
    expect(plan.delete.map((d) => d.name)).toEqual([b]);
    // Both pods are parked as failed in the interim status, with the FailureTarget condition.
    expect(plan.interim?.uncountedTerminatedPods.failed.sort()).toEqual([w.pods.get(a)!.metadata.uid, w.pods.get(b)!.metadata.uid].sort());
    expect(plan.interim?.conditions.map((c: J) => c.type)).toEqual(['FailureTarget']);
    expect(plan.status.failed).toBe(2);
    expect(w.cond('Failed')).toBeUndefined();
  });
});

describe('finishing', () => {
  it('completes with SuccessCriteriaMet then Complete, with upstream reasons', () => {
    const w = new World(job({ completions: 2, parallelism: 2 }));
    w.sync();
    for (const n of w.names()) w.finish(n, 'Succeeded');
    w.now += 5000;
    const plan = w.sync();
    expect(plan.status.conditions.map((c: J) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(plan.status).toMatchObject({ succeeded: 2, active: 0, ready: 0, completionTime: '2026-01-01T00:00:05Z' });
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    // A finished job does nothing more.
    const again = w.sync();
    expect([again.create, again.delete, again.events]).toEqual([[], [], []]);
  });

  it('fails after backoffLimit failures: FailureTarget, then Failed', () => {
    const w = new World(job({ backoffLimit: 1 }));
    w.sync();
    w.finish(w.names()[0], 'Failed');
    w.now += 1000;
    let plan = w.sync();
    expect(plan.status.failed).toBe(1);
    expect(plan.create).toEqual([]); // back-off
    w.now += 10_000;
    plan = w.sync();
    expect(plan.create.length).toBe(1);
    w.finish(w.names()[1], 'Failed');
    plan = w.sync();
    expect(plan.status.failed).toBe(2);
    expect(plan.status.conditions.map((c: J) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(plan.events).toContainEqual({ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  });

  it('OnFailure: container restarts count against the backoff limit', () => {
    const w = new World(job({ backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'x' }] } } }));
    w.sync();
    const [a] = w.names();
    w.pods.get(a)!.status = { phase: 'Running', containerStatuses: [{ name: 'c', restartCount: 2 }] };
    const plan = w.sync();
    expect(plan.delete.map((d) => d.name)).toEqual([a]);
    expect(w.cond('FailureTarget')?.reason).toBe('BackoffLimitExceeded');
    expect(w.cond('Failed')).toBeUndefined(); // the pod is still terminating
    w.sync();
    w.finishDeletes();
    w.sync();
    expect(w.cond('Failed')?.reason).toBe('BackoffLimitExceeded');
  });

  it('activeDeadlineSeconds: DeadlineExceeded, active pods deleted, Failed when they are gone', () => {
    const w = new World(job({ activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }));
    let plan = w.sync();
    expect(plan.requeueAfterMs).toBe(30_000);
    w.now += 30_000;
    plan = w.sync();
    expect(plan.delete.length).toBe(2);
    expect(w.cond('FailureTarget')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(w.cond('Failed')).toBeUndefined();
    plan = w.sync();
    expect(plan.status.failed).toBe(2);
    w.finishDeletes();
    w.sync();
    expect(w.cond('Failed')).toMatchObject({ status: 'True', reason: 'DeadlineExceeded' });
  });
});

describe('suspend and resume', () => {
  it('suspending deletes active pods and sets Suspended; resuming resets startTime', () => {
    const w = new World(job({ parallelism: 2, completions: 4 }));
    w.sync();
    w.setSpec({ suspend: true });
    w.now += 60_000;
    let plan = w.sync();
    expect(plan.delete.length).toBe(2);
    expect(w.cond('Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
    w.sync();
    w.finishDeletes();
    w.setSpec({ suspend: false });
    w.now += 60_000;
    plan = w.sync();
    expect(w.cond('Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(plan.status.startTime).toBe('2026-01-01T00:02:00Z');
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
  });

  it('a job created suspended creates no pods and has no startTime', () => {
    const w = new World(job({ suspend: true }));
    const plan = w.sync();
    expect(plan.create).toEqual([]);
    expect(plan.status.startTime).toBeUndefined();
  });
});

describe('Indexed jobs', () => {
  it('creates the lowest pending indexes with index annotation, label, hostname and env', () => {
    const w = new World(job({ completionMode: 'Indexed', completions: 5, parallelism: 2 }));
    const plan = w.sync();
    expect(plan.create.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1']);
    const p = plan.create[1] as J;
    expect(p.metadata.labels['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(p.metadata.generateName).toBe('pi-1-');
    expect(p.spec.hostname).toBe('pi-1');
    expect(p.spec.containers[0].env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
    });
  });

  it('succeeded Indexed pods are counted by index, not parked by uid', () => {
    const w = new World(job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }));
    w.sync();
    w.finish(w.names()[0], 'Succeeded');
    const plan = w.sync();
    expect(plan.interim?.uncountedTerminatedPods).toEqual({ succeeded: [], failed: [] });
    expect(plan.interim?.completedIndexes).toBe('0');
    expect(plan.status).toMatchObject({ succeeded: 1, completedIndexes: '0' });
  });

  it('tracks completedIndexes and completes when every index succeeded', () => {
    const w = new World(job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }));
    w.sync();
    const names = w.names();
    w.finish(names[0], 'Succeeded');
    w.finish(names[2], 'Succeeded');
    let plan = w.sync();
    expect(plan.status.completedIndexes).toBe('0,2');
    w.finish(names[1], 'Succeeded');
    plan = w.sync();
    expect(plan.status.completedIndexes).toBe('0-2');
    expect(w.cond('Complete')?.status).toBe('True');
  });

  it('replaces a failed index with a pod for the same index', () => {
    const w = new World(job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }));
    w.sync();
    w.finish(w.names()[1], 'Failed');
    w.sync();
    w.now += 10_000;
    const plan = w.sync();
    expect(plan.create.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'])).toEqual(['1']);
  });

  it('deletes duplicate index pods', () => {
    const w = new World(job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }));
    w.sync();
    const [a] = w.names();
    const dup = structuredClone(w.pods.get(a)!);
    dup.metadata.name = 'pi-0-dup';
    dup.metadata.uid = 'dup';
    w.pods.set('pi-0-dup', dup);
    const plan = w.sync();
    expect(plan.delete.length).toBe(1);
    expect(w.names(active).length).toBe(2);
  });
});

describe('helpers', () => {
  it.each([
    { xs: [], want: '' },
    { xs: [0], want: '0' },
    { xs: [0, 1], want: '0,1' },
    { xs: [0, 1, 2], want: '0-2' },
    { xs: [1, 3, 4, 5, 7, 8, 9], want: '1,3-5,7-9' },
    { xs: [5, 2, 3, 2], want: '2,3,5' },
  ])('completedIndexes of $xs is "$want"', ({ xs, want }) => {
    expect(formatIndexes(xs)).toBe(want);
    expect([...parseIndexes(want, 100)].sort((a, b) => a - b)).toEqual([...new Set(xs)].sort((a, b) => a - b));
  });

  it.each([
    { name: 'no failures', failures: [], now: 0, want: 0 },
    { name: 'one failure: the base delay', failures: [0], now: 0, want: 10_000 },
    { name: 'two failures: doubled', failures: [0, 0], now: 0, want: 20_000 },
    { name: 'partly elapsed', failures: [0, 0], now: 5_000, want: 15_000 },
    { name: 'capped', failures: Array(12).fill(0), now: 0, want: 600_000 },
    { name: 'a later success resets', failures: [0], succeededAt: 1000, now: 1000, want: 0 },
  ])('back-off: $name', ({ failures, succeededAt, now, want }) => {
    const pod = (phase: string, at: number) => ({
      metadata: { name: `p${at}`, creationTimestamp: new Date(T0).toISOString() },
      status: { phase, containerStatuses: [{ state: { terminated: { finishedAt: new Date(T0 + at).toISOString() } } }] },
    });
    const pods = [...failures.map((t) => pod('Failed', t)), ...(succeededAt !== undefined ? [pod('Succeeded', succeededAt)] : [])];
    expect(remainingBackoff(pods, job(), T0 + now, BACKOFF)).toBe(want);
  });
});

describe('TooManySucceededPods', () => {
  it('warns when more pods succeeded than completions (an adopted pod finished too)', () => {
    const w = new World(job({ completions: 1, parallelism: 1 }));
    w.sync();
    const extra = structuredClone(w.pods.get(w.names()[0])!);
    extra.metadata.name = 'pi-adopted';
    extra.metadata.uid = 'adopted';
    w.pods.set('pi-adopted', extra);
    for (const n of w.names()) w.finish(n, 'Succeeded');
    const plan = w.sync();
    expect(plan.status.succeeded).toBe(2);
    expect(plan.events).toContainEqual({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
    expect(w.cond('Complete')?.status).toBe('True');
  });
});
