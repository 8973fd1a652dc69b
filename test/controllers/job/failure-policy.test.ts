// spec.podFailurePolicy. Cases ported from upstream pkg/controller/job/pod_failure_policy_test.go
// (TestMatchPodFailurePolicy: exit codes In/NotIn, container names, init containers, zero exit
// codes never match, pod conditions, first matching rule wins) and the FailJob/Ignore cases of
// job_controller_test.go, in our own words.
import { describe, expect, it } from 'vitest';
import { matchPodFailurePolicy } from '../../../src/controllers/job/failure-policy.js';
import { job, World } from './world.js';

type J = Record<string, any>;

const failedPod = (containers: [string, number][], extra: J = {}) => ({
  metadata: { name: 'p', namespace: 'ns' },
  status: {
    phase: 'Failed',
    containerStatuses: containers.map(([name, exitCode]) => ({ name, state: { terminated: { exitCode } } })),
    ...extra,
  },
});

describe('matchPodFailurePolicy', () => {
  it.each([
    { name: 'no policy: counted', policy: undefined, pod: failedPod([['main', 1]]), want: { countFailed: true } },
    {
      name: 'exit code In → FailJob',
      policy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 2] } }] },
      pod: failedPod([['main', 2]]),
      want: { countFailed: true, action: 'FailJob', failJobMessage: 'Container main for pod ns/p failed with exit code 2 matching FailJob rule at index 0' },
    },
    {
      name: 'exit code NotIn → Ignore',
      policy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [1] } }] },
      pod: failedPod([['main', 42]]), want: { countFailed: false, action: 'Ignore' },
    },
    {
      name: 'zero exit codes never match',
      policy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }] },
      pod: failedPod([['main', 0]]), want: { countFailed: true },
    },
    {
      name: 'containerName restricts the rule',
      policy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'side', operator: 'In', values: [1] } }] },
      pod: failedPod([['main', 1]]), want: { countFailed: true },
    },
    {
      name: 'init containers are looked at too',
      policy: { rules: [{ action: 'Count', onExitCodes: { operator: 'In', values: [3] } }] },
      pod: failedPod([], { initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 3 } } }] }),
      want: { countFailed: true, action: 'Count' },
    },
    {
      name: 'pod condition → Ignore',
      policy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      pod: failedPod([['main', 137]], { conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
      want: { countFailed: false, action: 'Ignore' },
    },
    {
      name: 'pod condition FailJob message',
      policy: { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      pod: failedPod([['main', 137]], { conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
      want: { countFailed: true, action: 'FailJob', failJobMessage: 'Pod ns/p has condition DisruptionTarget matching FailJob rule at index 0' },
    },
    {
      name: 'the first matching rule wins',
      policy: { rules: [
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [5] } },
        { action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } },
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } },
      ] },
      pod: failedPod([['main', 1]]),
      want: { countFailed: true, action: 'FailJob', failJobMessage: 'Container main for pod ns/p failed with exit code 1 matching FailJob rule at index 1' },
    },
  ])('$name', ({ policy, pod, want }) => {
    expect(matchPodFailurePolicy(policy, pod)).toEqual(want);
  });
});

describe('the Job planner with a podFailurePolicy', () => {
  const withPolicy = (rules: J[]) => job({ backoffLimit: 6, podReplacementPolicy: 'Failed', podFailurePolicy: { rules } });

  it('a FailJob match fails the Job with reason PodFailurePolicy', () => {
    const w = new World(withPolicy([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }]));
    w.sync();
    const [a] = w.names();
    w.pods.get(a)!.status = { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 42 } } }] };
    w.sync();
    expect(w.cond('FailureTarget')).toMatchObject({ reason: 'PodFailurePolicy', message: `Container c for pod default/${a} failed with exit code 42 matching FailJob rule at index 0` });
    expect(w.cond('Failed')).toMatchObject({ reason: 'PodFailurePolicy' });
    expect(w.job.status!.failed).toBe(1);
  });

  it('an Ignore match is replaced without counting towards backoffLimit', () => {
    const w = new World(withPolicy([{ action: 'Ignore', onExitCodes: { operator: 'In', values: [137] } }]));
    w.sync();
    const [a] = w.names();
    w.pods.get(a)!.status = { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 137 } } }] };
    let plan = w.sync();
    expect(plan.status.failed ?? 0).toBe(0);
    expect(plan.removeFinalizers.map((r) => r.name)).toEqual([a]);
    // The failure back-off still applies (upstream records every failed pod in it).
    expect(plan.create).toEqual([]);
    w.now += plan.requeueAfterMs!;
    plan = w.sync();
    expect(plan.create.length).toBe(1);
    expect(plan.status.failed ?? 0).toBe(0);
  });
});

describe('successPolicy (success_policy_test.go)', () => {
  it.each([
    { name: 'no policy', policy: undefined, done: [0, 1], want: undefined },
    { name: 'succeededIndexes all done', policy: { rules: [{ succeededIndexes: '0-2' }] }, done: [0, 1, 2], want: 'Matched rules at index 0' },
    { name: 'succeededIndexes partly done', policy: { rules: [{ succeededIndexes: '0-2' }] }, done: [0, 2], want: undefined },
    { name: 'succeededIndexes with succeededCount', policy: { rules: [{ succeededIndexes: '0-4', succeededCount: 2 }] }, done: [1, 3], want: 'Matched rules at index 0' },
    { name: 'succeededCount over all indexes', policy: { rules: [{ succeededIndexes: '9', }, { succeededCount: 3 }] }, done: [5, 6, 7], want: 'Matched rules at index 1' },
    { name: 'nothing succeeded yet', policy: { rules: [{ succeededCount: 0 }] }, done: [], want: undefined },
  ])('$name', async ({ policy, done, want }) => {
    const { matchSuccessPolicy } = await import('../../../src/controllers/job/success-policy.js');
    expect(matchSuccessPolicy(policy, 10, new Set(done))).toBe(want);
  });

  it('an Indexed Job meeting its successPolicy stops the other pods and completes with reason SuccessPolicy', () => {
    const w = new World(job({ completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }));
    w.sync();
    const leader = w.names().find((n) => n.startsWith('pi-0-'))!;
    w.finish(leader, 'Succeeded');
    let plan = w.sync();
    expect(plan.delete.length).toBe(2);
    expect(w.cond('SuccessCriteriaMet')).toMatchObject({ reason: 'SuccessPolicy', message: 'Matched rules at index 0' });
    expect(w.cond('Complete')).toBeUndefined();
    plan = w.sync();
    w.finishDeletes();
    plan = w.sync();
    expect(w.cond('Complete')).toMatchObject({ reason: 'SuccessPolicy', message: 'Matched rules at index 0' });
    expect(plan.status).toMatchObject({ succeeded: 1, completedIndexes: '0' });
    expect(plan.status.failed ?? 0).toBe(0);
  });
});
