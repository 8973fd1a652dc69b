// batch/v1 defaults (pkg/apis/batch/v1/defaults.go SetDefaults_Job, SetDefaults_CronJob,
// SetDefaults_PodFailurePolicyOnPodConditionsPattern) and the pod template defaults the generated
// defaulters apply inside them. A CronJob's jobTemplate.spec gets only the template and pattern
// defaults: SetDefaults_Job runs on Jobs, not on JobTemplateSpecs.
import type { KObject } from '../../machinery/types.js';
import { arr, obj } from './common.js';
import { defaultPodTemplate } from './pod-template.js';

const INT32_MAX = 2147483647;
const unset = (v: unknown): boolean => v === undefined || v === null;

function defaultPatterns(spec: Record<string, any>): void {
  for (const rule of arr(spec.podFailurePolicy?.rules)) {
    for (const pattern of arr(rule?.onPodConditions)) if (pattern && !pattern.status) pattern.status = 'True';
  }
}

export function defaultJob(o: KObject): void {
  const spec = obj(o, 'spec');
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : INT32_MAX;
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  defaultPatterns(spec);
  if (unset(spec.podReplacementPolicy)) spec.podReplacementPolicy = unset(spec.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed';
  if (unset(spec.manualSelector)) spec.manualSelector = false;
  defaultPodTemplate(obj(spec, 'template'));
  copyTemplateLabels(o);
}

/** A Job without labels takes its template's (SetDefaults_Job; upstream re-applies it on every read). */
export function copyTemplateLabels(o: KObject): void {
  const labels = (o.spec as Record<string, any> | undefined)?.template?.metadata?.labels as Record<string, string> | undefined;
  if (labels && Object.keys(o.metadata.labels ?? {}).length === 0 && Object.keys(labels).length > 0) o.metadata.labels = { ...labels };
}

export function defaultCronJob(o: KObject): void {
  const spec = obj(o, 'spec');
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobSpec = obj(obj(spec, 'jobTemplate'), 'spec');
  defaultPatterns(jobSpec);
  defaultPodTemplate(obj(jobSpec, 'template'));
}

/**
 * The job strategy's generateSelector (pkg/registry/batch/job/strategy.go), for jobs without
 * manualSelector: the template gets job-name and controller-uid labels (legacy and
 * batch.kubernetes.io/ forms; labels the user set are left alone) and the selector matches the uid.
 */
export function generateJobSelector(o: KObject): void {
  const spec = obj(o, 'spec');
  if (spec.manualSelector === true) return;
  const labels = obj(obj(obj(spec, 'template'), 'metadata'), 'labels');
  const name = String(o.metadata.name ?? '');
  const uid = String(o.metadata.uid ?? '');
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (!(key in labels)) labels[key] = name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(key in labels)) labels[key] = uid;
  const matchLabels = obj(obj(spec, 'selector'), 'matchLabels');
  if (!('batch.kubernetes.io/controller-uid' in matchLabels)) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}
