// batch/v1 defaulting and validation, cases after k8s.io/kubernetes pkg/apis/batch/v1/defaults_test.go
// (TestSetDefaultJob, TestSetDefaultCronJob), pkg/apis/batch/validation/validation_test.go (TestValidateJob,
// TestValidateJobUpdate, TestValidateCronJob, TestValidateCronJobScheduleTZ, TestValidateJobTemplateSpec) and
// pkg/registry/batch/job/strategy_test.go (generateSelector).
import { describe, expect, it } from 'vitest';
import { fieldErrorBody, type FieldError } from '../../src/machinery/status.js';
import type { KObject } from '../../src/machinery/types.js';
import { copyTemplateLabels, defaultCronJob, defaultJob, generateJobSelector } from '../../src/registry/kinds/batch-defaults.js';
import {
  scheduleError, validateCronJob, validateCronJobUpdate, validateJob, validateJobStatus, validateJobUpdate,
} from '../../src/registry/kinds/batch-validation.js';

type J = Record<string, any>;
const errors = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
const UID = '1a2b3c4d-0000-4000-8000-000000000001';

const podTemplate = (extra: J = {}, labels?: J): J => ({
  ...(labels ? { metadata: { labels } } : {}),
  spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never', ...extra },
});

/** What the apiserver does to a Job on create: defaults, then the strategy's generated selector. */
function job(spec: J = {}, name = 'pi'): KObject {
  const o = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default', uid: UID }, spec: { template: podTemplate(), ...spec } } as KObject;
  defaultJob(o);
  generateJobSelector(o);
  copyTemplateLabels(o);
  return o;
}

function cronJob(spec: J = {}, name = 'backup'): KObject {
  const o = {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default', uid: UID },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate({ restartPolicy: 'OnFailure' }) } }, ...spec },
  } as KObject;
  defaultCronJob(o);
  return o;
}

describe('Job defaults and generated selector', () => {
  it('defaults a non-parallel job and labels it after its uid and name', () => {
    const j = job();
    expect(j.spec).toMatchObject({
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
    });
    const generated = { 'batch.kubernetes.io/controller-uid': UID, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': UID, 'job-name': 'pi' };
    expect((j.spec as J).template.metadata.labels).toEqual(generated);
    // A Job without labels takes its template's.
    expect(j.metadata.labels).toEqual(generated);
    expect((j.spec as J).template.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
  });

  it.each<[string, J, J]>([
    ['parallelism only: no completions', { parallelism: 3 }, { parallelism: 3, completions: undefined }],
    ['completions only: parallelism 1', { completions: 5 }, { parallelism: 1, completions: 5 }],
    ['backoffLimitPerIndex: backoffLimit max int32', { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 }, { backoffLimit: 2147483647 }],
    ['podFailurePolicy: replacement policy Failed', { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } },
      { podReplacementPolicy: 'Failed', podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } }],
  ])('%s', (_name, spec, want) => {
    const s = job(spec).spec as J;
    for (const [k, v] of Object.entries(want)) expect(s[k]).toEqual(v);
  });

  it('keeps user labels and a manual selector', () => {
    const j = job({ template: podTemplate({}, { app: 'pi' }) });
    expect(j.metadata.labels).toEqual({ app: 'pi' });
    const manual = job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: podTemplate({}, { app: 'pi' }) });
    expect((manual.spec as J).selector).toEqual({ matchLabels: { app: 'pi' } });
    expect(validateJob(manual)).toEqual([]);
  });
});

describe('Job validation', () => {
  it('accepts a defaulted job', () => {
    expect(validateJob(job())).toEqual([]);
  });

  it.each<[string, J, string[]]>([
    ['negative parallelism', { parallelism: -1 }, ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0']],
    ['negative completions', { completions: -1 }, ['spec.completions: Invalid value: -1: must be greater than or equal to 0']],
    ['negative activeDeadlineSeconds', { activeDeadlineSeconds: -1 }, ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['negative backoffLimit', { backoffLimit: -1 }, ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['restartPolicy defaulted to Always', { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['indexed without completions', { completionMode: 'Indexed', parallelism: 2 }, ['spec.completions: Required value: when completion mode is Indexed']],
    ['unknown completion mode', { completionMode: 'Sometimes' },
      ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']],
    ['backoffLimitPerIndex needs Indexed', { backoffLimitPerIndex: 1 }, ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode']],
    ['bad podReplacementPolicy', { podReplacementPolicy: 'Always' },
      ['spec.podReplacementPolicy: Unsupported value: "Always": supported values: "Failed", "TerminatingOrFailed"']],
    ['podFailurePolicy with OnFailure', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] }, template: podTemplate({ restartPolicy: 'OnFailure' }) },
      ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified']],
    ['podFailurePolicy without action', { podFailurePolicy: { rules: [{ onExitCodes: { operator: 'In', values: [1] } }] } },
      ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]']],
  ])('%s', (_name, spec, want) => {
    expect(errors(validateJob(job(spec)))).toEqual(want);
  });

  it.each<[string, J, string[]]>([
    ['exit codes: operator, container, values', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'nope', operator: 'Has', values: [3, 1, 1] } }] } }, [
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Has": supported values: "In", "NotIn"',
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 1',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,1,1]: must be ordered',
    ]],
    ['exit code 0 with In', { podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [0, 2] } }] } },
      ['spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator']],
    ['neither requirement', { podFailurePolicy: { rules: [{ action: 'Count' }] } },
      ['spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required']],
    ['both requirements', { podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }] } },
      ['spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported']],
    ['bad condition status', { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }] } },
      ['spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"']],
    ['FailIndex without backoffLimitPerIndex', { podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] } },
      ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set']],
    ['successPolicy on a NonIndexed job', { successPolicy: { rules: [{ succeededCount: 1 }] } },
      ['spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode']],
    ['successPolicy without rules', { completionMode: 'Indexed', completions: 3, successPolicy: { rules: [] } },
      ['spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified']],
    ['successPolicy indexes and count', { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0,2-3', succeededCount: 4 }, { succeededIndexes: '3-1' }, {}] } }, [
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)',
      'spec.successPolicy.rules[1].succeededIndexes: Invalid value: "3-1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1',
      'spec.successPolicy.rules[2]: Required value: at least one of succeededCount or succeededIndexes must be specified',
    ]],
    ['successPolicy index beyond completions', { completionMode: 'Indexed', completions: 2, successPolicy: { rules: [{ succeededIndexes: '1-2' }] } },
      ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-2": error parsing succeededIndexes: too large index: "2"']],
  ])('policies: %s', (_name, spec, want) => {
    expect(errors(validateJob(job(spec)))).toEqual(want);
  });

  it('rejects a generated selector the template labels do not carry (validateGeneratedSelector)', () => {
    const j = job();
    (j.spec as J).template.metadata.labels['job-name'] = 'other';
    expect(errors(validateJob(j))).toEqual([
      `spec.template.metadata.labels[job-name]: Invalid value: ${JSON.stringify((j.spec as J).template.metadata.labels)}: must be 'pi'`,
    ]);
    const k = job();
    delete (k.spec as J).template.metadata.labels['batch.kubernetes.io/controller-uid'];
    expect(errors(validateJob(k))).toEqual([
      `spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value: must be '${UID}'`,
      `spec.template.metadata.labels: Invalid value: ${JSON.stringify((k.spec as J).template.metadata.labels)}: \`selector\` does not match template \`labels\``,
    ]);
  });

  it('checks the pod hostname of the last index of an Indexed job', () => {
    const name = 'a'.repeat(60);
    expect(errors(validateJob(job({ completionMode: 'Indexed', completions: 1000 }, name)))).toEqual([
      `metadata.name: Invalid value: "${name}": will not able to create pod with invalid DNS label: ${name}-999`,
    ]);
  });

  it('keeps completions, selector and template immutable (TestValidateJobUpdate)', () => {
    const old = job();
    const next = (f: (s: J) => void) => { const j = structuredClone(old); f(j.spec as J); return j; };
    expect(validateJobUpdate(next((s) => { s.parallelism = 4; s.activeDeadlineSeconds = 60; }), old)).toEqual([]);
    expect(errors(validateJobUpdate(next((s) => { s.completions = 2; }), old))).toEqual(['spec.completions: Invalid value: 2: field is immutable']);
    const changed = next((s) => { s.template.spec.containers[0].image = 'busybox:2'; });
    expect(errors(validateJobUpdate(changed, old))).toEqual([`spec.template: Invalid value: ${JSON.stringify((changed.spec as J).template)}: field is immutable`]);
  });

  it('lets a suspended job that never started change its scheduling directives only', () => {
    const old = job({ suspend: true });
    const moved = structuredClone(old);
    Object.assign((moved.spec as J).template.spec, { nodeSelector: { zone: 'a' }, tolerations: [{ key: 'k', operator: 'Exists' }] });
    (moved.spec as J).template.metadata.annotations = { note: 'x' };
    expect(validateJobUpdate(moved, old)).toEqual([]);
    expect(errors(validateJobUpdate(moved, { ...old, status: { startTime: '2026-01-01T00:00:00Z' } } as KObject))[0]).toMatch(/^spec\.template: Invalid value: .*: field is immutable$/);
    const image = structuredClone(old);
    (image.spec as J).template.spec.containers[0].image = 'other';
    expect(errors(validateJobUpdate(image, old))[0]).toMatch(/field is immutable$/);
  });

  it('checks status counters', () => {
    const j = job();
    expect(errors(validateJobStatus({ ...j, status: { active: -1, succeeded: 1 } } as KObject, { ...j, status: { succeeded: 2 } } as KObject))).toEqual([
      'status.active: Invalid value: -1: must be greater than or equal to 0', 'status.succeeded: Invalid value: 1: cannot decrease the succeeded counter',
    ]);
  });
});

describe('cron schedules (robfig/cron ParseStandard errors)', () => {
  it.each<[string, string | undefined]>([
    ['*/1 * * * *', undefined],
    ['0 0 * * ?', undefined],
    ['30 9 * * MON-FRI', undefined],
    ['@hourly', undefined],
    ['@every 1h30m', undefined],
    ['error', 'expected exactly 5 fields, found 1: [error]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['TZ=Nowhere/Land 0 * * * *', 'provided bad location Nowhere/Land: unknown time zone Nowhere/Land'],
  ])('%s', (schedule, want) => {
    expect(scheduleError(schedule)).toBe(want);
  });
});

describe('CronJob defaults and validation', () => {
  it('defaults Allow, not suspended, history 3/1; the job template gets pod defaults only', () => {
    const c = cronJob();
    expect(c.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    const jobSpec = (c.spec as J).jobTemplate.spec;
    expect(jobSpec.parallelism).toBeUndefined();
    expect(jobSpec.template.spec).toMatchObject({ restartPolicy: 'OnFailure', schedulerName: 'default-scheduler' });
    expect(validateCronJob(c)).toEqual([]);
  });

  it.each<[string, J, string[]]>([
    ['missing schedule', { schedule: '' }, ['spec.schedule: Required value']],
    ['bad schedule', { schedule: 'error' }, ['spec.schedule: Invalid value: "error": expected exactly 5 fields, found 1: [error]']],
    ['TZ in the schedule', { schedule: 'TZ=UTC 0 * * * *' }, ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ['unknown time zone', { timeZone: 'Mars/Olympus' }, ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
    ['time zone with bad characters', { timeZone: 'America/New York' }, ['spec.timeZone: Invalid value: "America/New York": unknown time zone America/New York']],
    ['Local time zone', { timeZone: 'Local' }, ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
    ['empty time zone', { timeZone: '' }, ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
    ['bad concurrency policy', { concurrencyPolicy: 'Sometimes' },
      ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
    ['negative history', { failedJobsHistoryLimit: -1 }, ['spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['selector in the job template', { jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate() } } },
      ['spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated']],
    ['restartPolicy Always in the job template', { jobTemplate: { spec: { template: podTemplate({ restartPolicy: 'Always' }) } } },
      ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
  ])('%s', (_name, spec, want) => {
    expect(errors(validateCronJob(cronJob(spec)))).toEqual(want);
  });

  it('accepts IANA zones, limits names to 52 characters on create only', () => {
    expect(validateCronJob(cronJob({ timeZone: 'America/New_York' }))).toEqual([]);
    expect(validateCronJob(cronJob({ timeZone: 'Etc/UTC' }))).toEqual([]);
    const long = cronJob({}, 'c'.repeat(53));
    expect(errors(validateCronJob(long))).toEqual([`metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`]);
    expect(validateCronJobUpdate(long, long)).toEqual([]);
  });

  it('tolerates TZ in a schedule that already had it, unless timeZone is set too', () => {
    const old = cronJob({ schedule: 'TZ=UTC 0 * * * *' });
    expect(validateCronJobUpdate(cronJob({ schedule: 'TZ=UTC 5 * * * *' }), old)).toEqual([]);
    expect(errors(validateCronJobUpdate(cronJob({ schedule: 'TZ=UTC 5 * * * *', timeZone: 'UTC' }), old))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 5 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });
});
