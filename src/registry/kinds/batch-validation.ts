// batch/v1 validation: rules and messages of pkg/apis/batch/validation/validation.go (ValidateJob,
// validateJobSpec, ValidateJobSpecUpdate, validateGeneratedSelector, ValidateCronJobCreate/Update,
// ValidateJobTemplateSpec, validateScheduleFormat, validateTimeZone) and the options the job strategy
// passes (pkg/registry/batch/job/strategy.go): prefixed batch labels required, scheduling directives of
// a suspended job that never started mutable.
import { parseSchedule, ScheduleError, validTimeZone } from '../../controllers/cronjob/schedule.js';
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { isDNS1123Label } from '../../machinery/validation.js';
import { jsonEqual } from '../../util/copy.js';
import { arr, str } from './common.js';
import { validatePodFailurePolicy, validateSuccessPolicy } from './job-policies.js';
import { templateLabels, validatePodTemplate } from './pod-template.js';
import { asSelector, immutable, nonNegative, validateLabelSelector } from './workload-validation.js';

type J = Record<string, any>;

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';

const MAX_PARALLELISM_INDEXED = 100_000;
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];
const specOf = (o: KObject): J => (o.spec ?? {}) as J;

// ---- Job ----

/** ValidateHasLabel at spec.template.metadata.labels[<key>]. */
function hasLabel(labels: Record<string, string>, key: string, want: string): FieldError[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [fieldError.required(path, `must be '${want}'`)];
  return labels[key] === want ? [] : [fieldError.invalid(path, labels, `must be '${want}'`)];
}

/** validateGeneratedSelector: a generated selector must select this job's uid and name labels. */
function validateGeneratedSelector(o: KObject): FieldError[] {
  const spec = specOf(o);
  if (spec.manualSelector === true || !spec.selector) return [];
  const uid = str(o.metadata.uid);
  const name = str(o.metadata.name);
  const errs: FieldError[] = [];
  if (!uid) errs.push(fieldError.required('metadata.uid'));
  const labels = templateLabels(spec.template);
  errs.push(...hasLabel(labels, LEGACY_CONTROLLER_UID_LABEL, uid), ...hasLabel(labels, LEGACY_JOB_NAME_LABEL, name));
  errs.push(...hasLabel(labels, CONTROLLER_UID_LABEL, uid), ...hasLabel(labels, JOB_NAME_LABEL, name));
  const expected = { [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, [LEGACY_CONTROLLER_UID_LABEL]: uid, [LEGACY_JOB_NAME_LABEL]: name };
  const sel = asSelector(spec.selector);
  if (sel && !sel.matches(expected)) errs.push(fieldError.invalid('spec.selector', spec.selector, '`selector` not auto-generated'));
  return errs;
}

function validateIndexed(spec: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(fieldError.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed') {
    if (spec.completions === undefined || spec.completions === null) errs.push(fieldError.required(`${path}.completions`, 'when completion mode is Indexed'));
    if (typeof spec.parallelism === 'number' && spec.parallelism > MAX_PARALLELISM_INDEXED) {
      errs.push(fieldError.invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
    }
  } else {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (spec[f] !== undefined && spec[f] !== null) errs.push(fieldError.invalid(`${path}.${f}`, spec[f], 'requires indexed completion mode'));
    }
  }
  return errs;
}

/** validateJobSpec: counters, completion mode, policies, the pod template and its restart policy. */
function validateJobSpecFields(spec: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...nonNegative(spec[f], `${path}.${f}`));
  }
  if (typeof spec.maxFailedIndexes === 'number' && (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null)) {
    errs.push(fieldError.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  errs.push(...validateIndexed(spec, path));
  if (spec.podFailurePolicy) errs.push(...validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (spec.successPolicy) {
    if (spec.completionMode !== 'Indexed') errs.push(fieldError.invalid(`${path}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
    else errs.push(...validateSuccessPolicy(spec, `${path}.successPolicy`));
  }
  const rpp = spec.podReplacementPolicy;
  if (rpp !== undefined && rpp !== null) {
    const allowed = spec.podFailurePolicy ? ['Failed'] : REPLACEMENT_POLICIES;
    if (!allowed.includes(rpp)) errs.push(fieldError.notSupported(`${path}.podReplacementPolicy`, rpp, allowed));
  }
  errs.push(...validatePodTemplate(spec.template, `${path}.template`));
  const restart = str(spec.template?.spec?.restartPolicy);
  const rp = `${path}.template.spec.restartPolicy`;
  if (restart === 'Always' || restart === '') errs.push(fieldError.required(rp, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never') errs.push(fieldError.notSupported(rp, restart, ['OnFailure', 'Never']));
  else if (spec.podFailurePolicy && restart !== 'Never') errs.push(fieldError.invalid(rp, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: validateJobSpec plus a required selector that selects the template. */
function validateJobSpec(spec: J): FieldError[] {
  const errs = validateJobSpecFields(spec, 'spec');
  if (!spec.selector) errs.push(fieldError.required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const sel = spec.selector ? asSelector(spec.selector) : undefined;
  if (sel && !sel.matches(templateLabels(spec.template))) {
    errs.push(fieldError.invalid('spec.template.metadata.labels', templateLabels(spec.template), '`selector` does not match template `labels`'));
  }
  return errs;
}

export function validateJob(o: KObject): FieldError[] {
  const spec = specOf(o);
  const errs = [...validateGeneratedSelector(o), ...validateJobSpec(spec)];
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const hostname = `${str(o.metadata.name)}-${spec.completions - 1}`;
    if (isDNS1123Label(hostname).length) {
      errs.push(fieldError.invalid('metadata.name', str(o.metadata.name), `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

/**
 * The template may change only in a suspended job that never started, and then only its scheduling
 * directives (node affinity, node selector, tolerations, labels, annotations, scheduling gates).
 */
function templateUpdate(o: KObject, old: KObject): FieldError[] {
  const spec = specOf(o);
  const oldSpec = specOf(old);
  const mutable = oldSpec.suspend === true && !(old.status as J | undefined)?.startTime;
  if (!mutable) return immutable(spec.template, oldSpec.template, 'spec.template');
  const strip = (t: J | undefined): J => {
    const c = structuredClone(t ?? {}) as J;
    if (c.metadata) { delete c.metadata.labels; delete c.metadata.annotations; }
    if (c.spec) {
      delete c.spec.nodeSelector; delete c.spec.tolerations; delete c.spec.schedulingGates;
      if (c.spec.affinity) { delete c.spec.affinity.nodeAffinity; if (Object.keys(c.spec.affinity).length === 0) delete c.spec.affinity; }
    }
    return c;
  };
  return jsonEqual(strip(spec.template), strip(oldSpec.template)) ? [] : [fieldError.invalid('spec.template', spec.template, 'field is immutable')];
}

export function validateJobUpdate(o: KObject, old: KObject): FieldError[] {
  const spec = specOf(o);
  const oldSpec = specOf(old);
  const errs = [...validateJobSpec(spec), ...immutable(spec.completions, oldSpec.completions, 'spec.completions')];
  errs.push(...immutable(spec.selector, oldSpec.selector, 'spec.selector'), ...templateUpdate(o, old));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(spec[f], oldSpec[f], `spec.${f}`));
  }
  return errs;
}

export function validateJobStatus(o: KObject, old: KObject): FieldError[] {
  const s = (o.status ?? {}) as J;
  const before = (old.status ?? {}) as J;
  const errs = ['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((f) => nonNegative(s[f], `status.${f}`));
  if ((s.succeeded ?? 0) < (before.succeeded ?? 0)) errs.push(fieldError.invalid('status.succeeded', s.succeeded ?? 0, 'cannot decrease the succeeded counter'));
  if ((s.failed ?? 0) < (before.failed ?? 0)) errs.push(fieldError.invalid('status.failed', s.failed ?? 0, 'cannot decrease the failed counter'));
  return errs;
}

// ---- CronJob ----

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** robfig/cron's ParseStandard error for a schedule, or undefined when it parses. */
export function scheduleError(schedule: string): string | undefined {
  let spec = schedule;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!validTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (!DESCRIPTORS.includes(spec) && !spec.startsWith('@every ')) return `unrecognized descriptor: ${spec}`;
  } else {
    const fields = spec.split(/\s+/).filter((f) => f !== '');
    if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  }
  try {
    parseSchedule(spec);
    return undefined;
  } catch (e) {
    if (e instanceof ScheduleError) return e.message;
    throw e;
  }
}

/** Names the IANA database could hold (data.iana.org theory: components of [A-Za-z.-_0-9+], ≤ 14 characters). */
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const zone = str(tz);
  if (zone === '') return [fieldError.invalid(path, zone, 'timeZone must be nil or non-empty string')];
  if (zone.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !TZ_PART.test(p))) {
    return [fieldError.invalid(path, zone, `unknown time zone ${zone}`)];
  }
  if (zone.toLowerCase() === 'local') return [fieldError.invalid(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return validTimeZone(zone) ? [] : [fieldError.invalid(path, zone, `unknown time zone ${zone}`)];
}

/** ValidateJobTemplateSpec: the job spec rules; the selector is always generated. */
function validateJobTemplate(template: J | undefined): FieldError[] {
  const path = 'spec.jobTemplate.spec';
  const spec = (template?.spec ?? {}) as J;
  const errs = validateJobSpecFields(spec, path);
  if (spec.selector) errs.push(fieldError.invalid(`${path}.selector`, spec.selector, '`selector` will be auto-generated'));
  if (spec.manualSelector === true) errs.push(fieldError.notSupported(`${path}.manualSelector`, true, ['nil', 'false']));
  return errs;
}

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];

function validateCronJobSpec(o: KObject, old: KObject | undefined): FieldError[] {
  const spec = specOf(o);
  const oldSpec = old ? specOf(old) : undefined;
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (schedule === '') errs.push(fieldError.required('spec.schedule'));
  else {
    const err = scheduleError(schedule);
    if (err) errs.push(fieldError.invalid('spec.schedule', schedule, err));
    const allowTZ = str(oldSpec?.schedule).includes('TZ');
    if (allowTZ && schedule.includes('TZ') && spec.timeZone !== undefined && spec.timeZone !== null) {
      errs.push(fieldError.invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(fieldError.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || !jsonEqual(oldSpec.timeZone ?? null, spec.timeZone ?? null)) errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const policy = str(spec.concurrencyPolicy);
  if (policy === '') errs.push(fieldError.required('spec.concurrencyPolicy'));
  else if (!CONCURRENCY.includes(policy)) errs.push(fieldError.notSupported('spec.concurrencyPolicy', policy, CONCURRENCY));
  errs.push(...validateJobTemplate(spec.jobTemplate));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

export function validateCronJob(o: KObject): FieldError[] {
  const errs = validateCronJobSpec(o, undefined);
  // The controller appends an 11-character suffix to job names, which may not exceed 63.
  if (str(o.metadata.name).length > 52) errs.push(fieldError.invalid('metadata.name', str(o.metadata.name), 'must be no more than 52 characters'));
  return errs;
}

export function validateCronJobUpdate(o: KObject, old: KObject): FieldError[] {
  return validateCronJobSpec(o, old);
}
