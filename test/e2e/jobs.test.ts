// Jobs and CronJobs end to end. With the real kubectl: a Job with completions 2 reaches Complete
// (`kubectl wait`), its Succeeded pods leave the EndpointSlices; a failing Job (kubesim.io/exit-code)
// reaches Failed after backoffLimit; an Indexed Job; ttlSecondsAfterFinished; GC of a running
// Job's pods. In process on a FakeClock: a CronJob creates Jobs at the scheduled minutes and
// prunes its history.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { FakeClock } from '../../src/util/clock.js';
import { client, eventually } from '../helpers/http.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();
type J = Record<string, any>;

const job = (name: string, spec: string, annotations = '{}') => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  template:
    metadata: {labels: {app: ${name}}, annotations: ${annotations}}
    spec:
      restartPolicy: Never
      containers: [{name: work, image: 'busybox:1.36', ports: [{name: http, containerPort: 8080}]}]
`;

async function jobJSON(name: string): Promise<J> {
  return JSON.parse((await k().run(['get', 'job', name, '-o', 'json'])).stdout);
}

describe('Job (kubectl)', () => {
  it('completions 2 reaches Complete; its Succeeded pods leave the EndpointSlices', async () => {
    const svc = await client(srv().url).post('/api/v1/namespaces/default/services', {
      metadata: { name: 'pi' }, spec: { selector: { app: 'pi' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    expect(svc.status).toBe(201);
    // While the pods run they are ready endpoints: watch the slices (no polling race with the run time).
    const r = srv().sim.registry;
    let mostReady = 0;
    const off = r.watch(r.resource('discovery.k8s.io', 'endpointslices'), (ev) => {
      const sl = ev.object.obj as J;
      if (sl.metadata.labels?.['kubernetes.io/service-name'] !== 'pi' || sl.addressType !== 'IPv4') return;
      mostReady = Math.max(mostReady, (sl.endpoints ?? []).filter((e: J) => e.conditions?.ready).length);
    });
    try {
      const apply = await k().run(['apply', '-f', k().file('pi.yaml', job('pi', '  completions: 2\n  parallelism: 2', '{kubesim.io/run-seconds: "2"}'))]);
      expect(apply.code, apply.stderr).toBe(0);
      const wait = await k().run(['wait', '--for=condition=Complete', 'job/pi', '--timeout=30s']);
      expect(wait.code, wait.stderr).toBe(0);
      expect(wait.stdout).toContain('job.batch/pi condition met');
    } finally {
      off();
    }
    expect(mostReady).toBe(2);
    const j = await jobJSON('pi');
    expect(j.status).toMatchObject({ succeeded: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(j.status.active).toBeUndefined();
    expect(j.status.conditions.map((c: J) => [c.type, c.status, c.reason])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'], ['Complete', 'True', 'CompletionsReached'],
    ]);
    expect(j.status.completionTime).toBeDefined();
    const table = await k().run(['get', 'job', 'pi']);
    expect(table.stdout).toMatch(/^pi\s+Complete\s+2\/2\s/m);
    const byLabel = await k().run(['get', 'pods', '-l', 'job-name=pi', '-o', 'name']);
    expect(byLabel.stdout.trim().split('\n')).toHaveLength(2);
    const pods = JSON.parse((await k().run(['get', 'pods', '-l', 'app=pi', '-o', 'json'])).stdout).items as J[];
    expect(pods.map((p) => p.status.phase)).toEqual(['Succeeded', 'Succeeded']);
    for (const p of pods) {
      expect(p.metadata.finalizers).toBeUndefined();
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: 'pi', controller: true, blockOwnerDeletion: true })]);
    }
    await eventually(async () => {
      const out = await k().run(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=pi', '-o', 'json']);
      const v4 = JSON.parse(out.stdout).items.find((s: J) => s.addressType === 'IPv4');
      return (v4?.endpoints ?? []).length === 0 || undefined;
    }, 10000, 'no endpoints once the pods succeeded');
    const events = JSON.parse((await k().run(['get', 'events', '--field-selector', 'involvedObject.name=pi,involvedObject.kind=Job', '-o', 'json'])).stdout);
    expect(events.items.map((e: J) => e.reason)).toEqual(expect.arrayContaining(['SuccessfulCreate', 'Completed']));
  });

  it('a failing Job reaches Failed after backoffLimit', async () => {
    const apply = await k().run(['apply', '-f', k().file('bad.yaml', job('bad', '  backoffLimit: 1', '{kubesim.io/exit-code: "3", kubesim.io/run-seconds: "0.2"}'))]);
    expect(apply.code, apply.stderr).toBe(0);
    const wait = await k().run(['wait', '--for=condition=Failed', 'job/bad', '--timeout=30s']);
    expect(wait.code, wait.stderr).toBe(0);
    const j = await jobJSON('bad');
    expect(j.status.failed).toBe(2);
    expect(j.status.conditions.map((c: J) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    const pods = JSON.parse((await k().run(['get', 'pods', '-l', 'app=bad', '-o', 'json'])).stdout).items as J[];
    expect(pods.map((p) => [p.status.phase, p.status.containerStatuses[0].state.terminated.exitCode])).toEqual([['Failed', 3], ['Failed', 3]]);
  });

  it('an Indexed Job completes every index', async () => {
    const apply = await k().run(['apply', '-f', k().file('idx.yaml', job('idx', '  completions: 3\n  parallelism: 3\n  completionMode: Indexed', '{kubesim.io/run-seconds: "0.5"}'))]);
    expect(apply.code, apply.stderr).toBe(0);
    const wait = await k().run(['wait', '--for=condition=Complete', 'job/idx', '--timeout=30s']);
    expect(wait.code, wait.stderr).toBe(0);
    expect((await jobJSON('idx')).status.completedIndexes).toBe('0-2');
    const pods = JSON.parse((await k().run(['get', 'pods', '-l', 'app=idx', '-o', 'json'])).stdout).items as J[];
    expect(pods.map((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    expect(pods.map((p) => p.spec.hostname).sort()).toEqual(['idx-0', 'idx-1', 'idx-2']);
  });

  it('ttlSecondsAfterFinished deletes the finished Job and its pods', async () => {
    const apply = await k().run(['apply', '-f', k().file('ttl.yaml', job('ttl', '  ttlSecondsAfterFinished: 1', '{kubesim.io/run-seconds: "0.2"}'))]);
    expect(apply.code, apply.stderr).toBe(0);
    await eventually(async () => {
      const out = await k().run(['get', 'jobs,pods', '-l', 'app=ttl', '-o', 'name']);
      const all = await k().run(['get', 'job', 'ttl', '--ignore-not-found', '-o', 'name']);
      return (out.stdout.trim() === '' && all.stdout.trim() === '') || undefined;
    }, 20000, 'the Job and its pods gone');
  });

  it('deleting a running Job deletes its pods (background propagation)', async () => {
    const apply = await k().run(['apply', '-f', k().file('long.yaml', job('long', '  parallelism: 2\n  completions: 2', '{kubesim.io/run-seconds: "600"}'))]);
    expect(apply.code, apply.stderr).toBe(0);
    await eventually(async () => (await k().run(['get', 'pods', '-l', 'app=long', '-o', 'name'])).stdout.trim().split('\n').length === 2 || undefined, 10000, 'two pods');
    const del = await k().run(['delete', 'job', 'long']);
    expect(del.code, del.stderr).toBe(0);
    await eventually(async () => (await k().run(['get', 'pods', '-l', 'app=long', '-o', 'name'])).stdout.trim() === '' || undefined, 20000, 'pods gone');
  });

  it('foreground deletion waits for the pods, which the Job controller lets go of', async () => {
    const apply = await k().run(['apply', '-f', k().file('fg.yaml', job('fg', '  parallelism: 2\n  completions: 2', '{kubesim.io/run-seconds: "600"}'))]);
    expect(apply.code, apply.stderr).toBe(0);
    await eventually(async () => (await k().run(['get', 'pods', '-l', 'app=fg', '-o', 'name'])).stdout.trim().split('\n').length === 2 || undefined, 10000, 'two pods');
    const del = await k().run(['delete', 'job', 'fg', '--cascade=foreground', '--timeout=30s']);
    expect(del.code, del.stderr).toBe(0);
    expect((await k().run(['get', 'job', 'fg', '--ignore-not-found', '-o', 'name'])).stdout.trim()).toBe('');
    expect((await k().run(['get', 'pods', '-l', 'app=fg', '-o', 'name'])).stdout.trim()).toBe('');
  });
});

describe('CronJob on a FakeClock (in process)', () => {
  it('creates Jobs at the scheduled minutes and keeps successfulJobsHistoryLimit of them', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const sim = await buildApp({ clock, seed: 7 });
    try {
      const r = sim.registry;
      const cronjobs = r.resource('batch', 'cronjobs');
      const jobs = r.resource('batch', 'jobs');
      r.create(cronjobs, 'default', {
        apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' },
        spec: {
          schedule: '* * * * *', successfulJobsHistoryLimit: 2,
          jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
        },
      });
      await sim.settled();
      expect(r.list(jobs, 'default').items).toEqual([]);
      const names: string[] = [];
      for (let minute = 1; minute <= 4; minute++) {
        // Up to the next activation (the controller looks 100 ms after it), then let the Job run.
        clock.advance(Date.parse(`2026-01-01T00:0${minute}:00Z`) + 100 - clock.now());
        await sim.settled();
        const name = `tick-${Date.parse(`2026-01-01T00:0${minute}:00Z`) / 60_000}`;
        names.push(name);
        const created = r.tryGet(jobs, 'default', name)?.obj as J | undefined;
        expect(created, `Job for minute ${minute}`).toBeDefined();
        expect(created!.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(`2026-01-01T00:0${minute}:00Z`);
        await sim.settle(5000);
        expect(((r.get(jobs, 'default', name).obj as J).status.conditions ?? []).map((c: J) => c.type)).toContain('Complete');
      }
      await sim.settled();
      const left = r.list(jobs, 'default').items.map((j) => j.obj.metadata.name).sort();
      expect(left).toEqual(names.slice(2).sort());
      const cj = r.get(cronjobs, 'default', 'tick').obj as J;
      expect(cj.status.lastScheduleTime).toBe('2026-01-01T00:04:00Z');
      expect(Date.parse(cj.status.lastSuccessfulTime)).toBeGreaterThan(Date.parse('2026-01-01T00:04:00Z'));
      expect(cj.status.active).toBeUndefined();
    } finally {
      await sim.app.close();
    }
  });

  it('concurrencyPolicy Forbid skips a minute while the previous Job still runs', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const sim = await buildApp({ clock, seed: 8 });
    try {
      const r = sim.registry;
      const cronjobs = r.resource('batch', 'cronjobs');
      const jobs = r.resource('batch', 'jobs');
      r.create(cronjobs, 'default', {
        apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'slow' },
        spec: {
          schedule: '* * * * *', concurrencyPolicy: 'Forbid',
          jobTemplate: { spec: { template: { metadata: { annotations: { 'kubesim.io/run-seconds': '90' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
        },
      });
      await sim.settled();
      for (const minute of [1, 2]) {
        clock.advance(Date.parse(`2026-01-01T00:0${minute}:00Z`) + 100 - clock.now());
        await sim.settle(1000);
      }
      expect(r.list(jobs, 'default').items.map((j) => j.obj.metadata.name)).toEqual([`slow-${Date.parse('2026-01-01T00:01:00Z') / 60_000}`]);
      const events = r.list(r.resource('', 'events'), 'default').items.map((e) => e.obj as J).filter((e) => e.involvedObject.name === 'slow');
      expect(events.map((e) => e.reason)).toContain('JobAlreadyActive');
    } finally {
      await sim.app.close();
    }
  });
});
