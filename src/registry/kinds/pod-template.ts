// Pod templates as the workload kinds embed them (core/v1 PodTemplateSpec): the defaults the
// apiserver's generated defaulters apply to spec.template.spec (SetDefaults_PodSpec, _Container,
// _ContainerPort, _Probe in pkg/apis/core/v1/defaults.go) — not the pod-only ones (SetDefaults_Pod's
// enableServiceLinks and host-network hostPorts, which templates skip since 1.28) nor admission's (service account, priority, default tolerations) — and
// ValidatePodTemplateSpec (pkg/apis/core/validation/validation.go).
import { fieldError, type FieldError } from '../../machinery/status.js';
import { validateAnnotations, validateLabels } from '../../machinery/validation.js';
import { arr, dflt, obj, str } from './common.js';
import { validatePodSpec } from './pod-validation.js';

/** SetDefaults_Container and friends: pull policy by tag, termination message, port protocol, probes. */
export function defaultContainer(c: Record<string, any>): void {
  const ref = str(c.image).split('@')[0];
  const tagged = /:[^/]+$/.test(ref) && !ref.endsWith(':latest');
  dflt(c, 'imagePullPolicy', str(c.image).includes('@') || tagged ? 'IfNotPresent' : 'Always');
  dflt(c, 'terminationMessagePath', '/dev/termination-log');
  dflt(c, 'terminationMessagePolicy', 'File');
  if (c.resources === undefined || c.resources === null) c.resources = {};
  for (const p of arr(c.ports)) dflt(p, 'protocol', 'TCP');
  for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
    if (!probe || typeof probe !== 'object') continue;
    dflt(probe, 'timeoutSeconds', 1);
    dflt(probe, 'periodSeconds', 10);
    dflt(probe, 'successThreshold', 1);
    dflt(probe, 'failureThreshold', 3);
  }
}

/** SetDefaults_PodSpec: what every pod spec gets, in a pod or a template. */
export function defaultPodSpecFields(spec: Record<string, any>): void {
  for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) defaultContainer(c);
  dflt(spec, 'restartPolicy', 'Always');
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = 30;
  }
  dflt(spec, 'dnsPolicy', 'ClusterFirst');
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  dflt(spec, 'schedulerName', 'default-scheduler');
}

/** Defaults a PodTemplateSpec in place (creating `spec` when absent, as the Go struct always has one). */
export function defaultPodTemplate(template: Record<string, any>): void {
  defaultPodSpecFields(obj(template, 'spec'));
}

/** ValidatePodTemplateSpec: template labels (reported at `<path>.labels`, as upstream does), annotations, pod spec. */
export function validatePodTemplate(template: unknown, path: string): FieldError[] {
  const t = (template ?? {}) as Record<string, any>;
  const meta = (t.metadata ?? {}) as Record<string, any>;
  const errs = [
    ...validateLabels(meta.labels, `${path}.labels`),
    ...validateAnnotations(meta.annotations, `${path}.annotations`),
    ...validatePodSpec(t.spec, `${path}.spec`),
  ];
  if (arr(t.spec?.ephemeralContainers).length > 0) {
    errs.push(fieldError.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

export function templateLabels(template: unknown): Record<string, string> {
  return ((template as Record<string, any> | undefined)?.metadata?.labels ?? {}) as Record<string, string>;
}
