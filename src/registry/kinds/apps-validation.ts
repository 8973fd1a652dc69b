// apps/v1 validation: rules and messages of pkg/apis/apps/validation/validation.go (ValidateDeployment*,
// ValidateReplicaSet*, ValidateStatefulSet*, ValidateDaemonSet*, ValidateControllerRevision*), with the
// selector immutability the apps/v1 strategies add (pkg/registry/apps/*/strategy.go ValidateUpdate).
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { jsonEqual } from '../../util/copy.js';
import { validateAnnotations, validateLabels } from '../../machinery/validation.js';
import { templateLabels, validatePodTemplate } from './pod-template.js';
import {
  asSelector, emptySelector, immutable, intOrPercentValue, nonNegative, notMoreThan100Percent, validateIntOrPercent,
  validateLabelSelector,
} from './workload-validation.js';

type J = Record<string, any>;
const specOf = (o: KObject): J => (o.spec ?? {}) as J;
const statusOf = (o: KObject): J => (o.status ?? {}) as J;

/** spec.selector: required, valid, non-empty ("empty selector is invalid for <kind>"). */
function validateSelector(spec: J, kind: string): FieldError[] {
  if (spec.selector === undefined || spec.selector === null) return [fieldError.required('spec.selector')];
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  if (emptySelector(spec.selector)) errs.push(fieldError.invalid('spec.selector', spec.selector, `empty selector is invalid for ${kind}`));
  return errs;
}

function selectorMatchesTemplate(spec: J, path: string): FieldError[] {
  const sel = asSelector(spec.selector);
  if (!sel || sel.empty() || sel.matches(templateLabels(spec.template))) return [];
  return [fieldError.invalid(`${path}.metadata.labels`, templateLabels(spec.template), '`selector` does not match template `labels`')];
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function validateReplicaSetTemplate(spec: J, kindName: string): FieldError[] {
  if (!asSelector(spec.selector)) return [fieldError.invalid('spec.selector', spec.selector ?? null, 'invalid label selector')];
  const errs = [...selectorMatchesTemplate(spec, 'spec.template'), ...validatePodTemplate(spec.template, 'spec.template')];
  errs.push(...alwaysRestart(spec, kindName));
  return errs;
}

/** Controllers of long-running pods: restartPolicy Always, no activeDeadlineSeconds. */
function alwaysRestart(spec: J, kindName: string): FieldError[] {
  const podSpec = (spec.template?.spec ?? {}) as J;
  const errs: FieldError[] = [];
  if ((podSpec.restartPolicy ?? '') !== 'Always') {
    errs.push(fieldError.notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy ?? '', ['Always']));
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(fieldError.forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindName} is not Supported`));
  }
  return errs;
}

// ---- Deployment ----

function validateDeploymentStrategy(strategy: J | undefined): FieldError[] {
  const s = strategy ?? {};
  const path = 'spec.strategy';
  if (s.type === 'Recreate') {
    return s.rollingUpdate ? [fieldError.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (s.type !== 'RollingUpdate') return [fieldError.notSupported(path, s, ['Recreate', 'RollingUpdate'])];
  if (!s.rollingUpdate) return [fieldError.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
  const ru = s.rollingUpdate as J;
  const rp = `${path}.rollingUpdate`;
  const errs = [...validateIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`), ...validateIntOrPercent(ru.maxSurge, `${rp}.maxSurge`)];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(fieldError.invalid(`${rp}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`));
  return errs;
}

export function validateDeployment(o: KObject): FieldError[] {
  const spec = specOf(o);
  const errs = [...nonNegative(spec.replicas, 'spec.replicas'), ...validateSelector(spec, 'deployment')];
  errs.push(...validateReplicaSetTemplate(spec, 'Deployment'));
  errs.push(...validateDeploymentStrategy(spec.strategy));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(fieldError.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateDeploymentUpdate(o: KObject, old: KObject): FieldError[] {
  return [...validateDeployment(o), ...immutable(specOf(o).selector, specOf(old).selector, 'spec.selector')];
}

/** Counters that may not exceed status.replicas, and available ≤ ready. */
function replicaCounters(status: J, fields: string[], availableVsReady: string): FieldError[] {
  const errs: FieldError[] = [];
  const total = status.replicas ?? 0;
  for (const f of fields) {
    if ((status[f] ?? 0) > total) errs.push(fieldError.invalid(`status.${f}`, status[f] ?? 0, 'cannot be greater than status.replicas'));
  }
  if ((status.availableReplicas ?? 0) > (status.readyReplicas ?? 0)) {
    errs.push(fieldError.invalid('status.availableReplicas', status.availableReplicas, availableVsReady));
  }
  return errs;
}

function nonNegativeAll(status: J, fields: string[]): FieldError[] {
  return fields.flatMap((f) => nonNegative(status[f], `status.${f}`));
}

/** collisionCount may only grow (IsDecremented). */
function collisionCount(o: KObject, old: KObject): FieldError[] {
  const now = statusOf(o).collisionCount;
  const before = statusOf(old).collisionCount;
  if (typeof before !== 'number') return [];
  if (typeof now === 'number' && now >= before) return [];
  return [fieldError.invalid('status.collisionCount', typeof now === 'number' ? now : 0, 'cannot be decremented')];
}

export function validateDeploymentStatus(o: KObject, old: KObject): FieldError[] {
  const s = statusOf(o);
  return [
    ...nonNegativeAll(s, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount']),
    ...replicaCounters(s, ['updatedReplicas', 'readyReplicas', 'availableReplicas'], 'cannot be greater than readyReplicas'),
    ...collisionCount(o, old),
  ];
}

// ---- ReplicaSet ----

export function validateReplicaSet(o: KObject): FieldError[] {
  const spec = specOf(o);
  return [
    ...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    // Upstream's ReplicaSet check names deployments in its message; kept as is.
    ...validateSelector(spec, 'deployment'),
    ...validateReplicaSetTemplate(spec, 'ReplicaSet'),
  ];
}

export function validateReplicaSetUpdate(o: KObject, old: KObject): FieldError[] {
  return [...validateReplicaSet(o), ...immutable(specOf(o).selector, specOf(old).selector, 'spec.selector')];
}

export function validateReplicaSetStatus(o: KObject): FieldError[] {
  const s = statusOf(o);
  return [
    ...nonNegativeAll(s, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']),
    ...replicaCounters(s, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'], 'cannot be greater than readyReplicas'),
  ];
}

// ---- StatefulSet ----

function validateStatefulSetStrategy(strategy: J | undefined): FieldError[] {
  const s = strategy ?? {};
  const path = 'spec.updateStrategy';
  switch (s.type ?? '') {
    case '':
      return [fieldError.required(path)];
    case 'OnDelete':
      return s.rollingUpdate ? [fieldError.invalid(`${path}.rollingUpdate`, s.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate': {
      if (!s.rollingUpdate) return [];
      const ru = s.rollingUpdate as J;
      const rp = `${path}.rollingUpdate`;
      const errs = nonNegative(ru.partition, `${rp}.partition`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...validateIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`));
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(fieldError.invalid(`${rp}.maxUnavailable`, ru.maxUnavailable, 'cannot be 0'));
        errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      }
      return errs;
    }
    default:
      return [fieldError.invalid(path, s, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

const RETENTION = ['Retain', 'Delete'];

export function validateStatefulSet(o: KObject): FieldError[] {
  const spec = specOf(o);
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') errs.push(fieldError.required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(fieldError.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateStatefulSetStrategy(spec.updateStrategy));
  const retention = spec.persistentVolumeClaimRetentionPolicy as J | undefined;
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      if (!RETENTION.includes(retention[f] ?? '')) {
        errs.push(fieldError.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, retention[f] ?? '', RETENTION));
      }
    }
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.ordinals) errs.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'));
  errs.push(...validateSelector(spec, 'statefulset'));
  if (!asSelector(spec.selector)) errs.push(fieldError.invalid('spec.selector', spec.selector ?? null, ''));
  else {
    // Upstream checks only the template's metadata here (its pod spec check is still a TODO).
    const meta = (spec.template?.metadata ?? {}) as J;
    errs.push(...selectorMatchesTemplate(spec, 'spec.template'));
    errs.push(...validateLabels(meta.labels, 'spec.template.labels'), ...validateAnnotations(meta.annotations, 'spec.template.annotations'));
  }
  errs.push(...alwaysRestart(spec, 'StatefulSet'));
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSetUpdate(o: KObject, old: KObject): FieldError[] {
  const errs = validateStatefulSet(o);
  const strip = (spec: J): J => Object.fromEntries(Object.entries(spec).filter(([k]) => !STS_MUTABLE.includes(k)));
  if (!jsonEqual(strip(specOf(o)), strip(specOf(old)))) {
    errs.push(fieldError.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', " +
      "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
  return errs;
}

export function validateStatefulSetStatus(o: KObject, old: KObject): FieldError[] {
  const s = statusOf(o);
  return [
    ...nonNegativeAll(s, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount']),
    ...replicaCounters(s, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'], 'cannot be greater than status.readyReplicas'),
    ...collisionCount(o, old),
  ];
}

// ---- DaemonSet ----

function validateDaemonSetStrategy(strategy: J | undefined): FieldError[] {
  const s = strategy ?? {};
  const path = 'spec.updateStrategy';
  if (s.type === 'OnDelete') return [];
  if (s.type !== 'RollingUpdate') return [fieldError.notSupported(path, s, ['RollingUpdate', 'OnDelete'])];
  if (!s.rollingUpdate) return [fieldError.required(`${path}.rollingUpdate`)];
  const ru = s.rollingUpdate as J;
  const rp = `${path}.rollingUpdate`;
  const errs = [
    ...validateIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`), ...validateIntOrPercent(ru.maxSurge, `${rp}.maxSurge`),
    ...notMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`), ...notMoreThan100Percent(ru.maxSurge, `${rp}.maxSurge`),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(fieldError.invalid(`${rp}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(fieldError.required(`${rp}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

export function validateDaemonSet(o: KObject): FieldError[] {
  const spec = specOf(o);
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  const sel = asSelector(spec.selector);
  if (sel && !sel.matches(templateLabels(spec.template))) {
    errs.push(fieldError.invalid('spec.template.metadata.labels', templateLabels(spec.template), '`selector` does not match template `labels`'));
  }
  if (spec.selector && emptySelector(spec.selector)) {
    errs.push(fieldError.invalid('spec.selector', spec.selector, 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplate(spec.template, 'spec.template'), ...alwaysRestart(spec, 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateDaemonSetStrategy(spec.updateStrategy));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export function validateDaemonSetUpdate(o: KObject, old: KObject): FieldError[] {
  return [...validateDaemonSet(o), ...immutable(specOf(o).selector, specOf(old).selector, 'spec.selector')];
}

export function validateDaemonSetStatus(o: KObject, old: KObject): FieldError[] {
  return [
    ...nonNegativeAll(statusOf(o), ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady',
      'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount']),
    ...collisionCount(o, old),
  ];
}

// ---- ControllerRevision ----

export function validateControllerRevision(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (o.data === undefined || o.data === null) errs.push(fieldError.required('data', 'data is mandatory'));
  errs.push(...nonNegative(o.revision, 'revision'));
  return errs;
}

export function validateControllerRevisionUpdate(o: KObject, old: KObject): FieldError[] {
  return [...validateControllerRevision(o), ...immutable(o.data, old.data, 'data')];
}

