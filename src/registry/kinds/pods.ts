// core/v1 Pod: defaults as the apiserver and its default admission plugins apply them, status reset on
// create, the pod update rules, field selectors and graceful deletion (CheckGracefulDelete).
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { jsonEqual } from '../../util/copy.js';
import { internAt } from '../../util/intern.js';
import { conditionsByType, kindStruct, podSpec } from '../../machinery/patch/types-k8s.js';
import { mapList, struct } from '../../machinery/patch/schema.js';
import { podPrinter } from '../printers/pod.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS, arr, dflt, obj, str } from './common.js';
import { defaultPodSpecFields } from './pod-template.js';
import { validatePodSpec } from './pod-validation.js';

/** A pod's spec: SetDefaults_PodSpec (shared with pod templates), then the pod-only defaults and admission's. */
export function defaultPodSpec(spec: Record<string, any>): void {
  defaultPodSpecFields(spec);
  dflt(spec, 'serviceAccountName', 'default');
  dflt(spec, 'serviceAccount', spec.serviceAccountName);
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  dflt(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  if (spec.priority === undefined) spec.priority = 0;
  // DefaultTolerationSeconds admission.
  const tol = arr(spec.tolerations);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tol.some((t) => t.key === key)) tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tol;
}

/** QoS class from requests/limits (pkg/apis/core/helper/qos). */
export function qosClass(spec: Record<string, any>): string {
  const cs = [...arr(spec.containers), ...arr(spec.initContainers)];
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The v1 conversion keeps podIP/podIPs (and hostIP/hostIPs) consistent: either fills the other. */
function normalizeStatusIPs(o: KObject): void {
  const st = o.status as Record<string, any> | undefined;
  if (!st) return;
  for (const [one, many] of [['podIP', 'podIPs'], ['hostIP', 'hostIPs']]) {
    const list = arr(st[many]);
    if (st[one] && list.length === 0) st[many] = [{ ip: st[one] }];
    else if (!st[one] && list.length > 0 && list[0]?.ip) st[one] = list[0].ip;
  }
}

const MUTABLE_NOTE = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validatePodUpdate(o: KObject, old: KObject, subresource: string): FieldError[] {
  const a = (o.spec ?? {}) as Record<string, any>;
  const b = (old.spec ?? {}) as Record<string, any>;
  const oldTol = arr(b.tolerations);
  const newTol = arr(a.tolerations);
  const tolOk = oldTol.every((t) => newTol.some((n) => jsonEqual(n, t)));
  // Scheduling gates may only be removed, never added.
  const oldGates = arr(b.schedulingGates).map((g) => g.name);
  const gatesOk = arr(a.schedulingGates).every((g) => oldGates.includes(g.name));
  // Binding (the scheduler's pods/binding) is the one way nodeName gets set.
  const nodeNameFree = subresource === 'binding' && !b.nodeName;
  return specEqualButMutable(a, b, nodeNameFree) && tolOk && gatesOk ? [] : [fieldError.forbidden('spec', MUTABLE_NOTE)];
}

/** Fields of a pod's spec an update may change (checked on their own above, or free). */
const MUTABLE_SPEC = new Set(['activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'tolerations', 'schedulingGates']);

/**
 * The two specs are equal (as JSON: key order and undefined values aside) once the mutable fields,
 * containers' images and (when binding sets it) nodeName are left out. Compared in place: every
 * binding runs this, and copying both specs to delete those fields first cost more than the rest.
 */
function specEqualButMutable(a: Record<string, any>, b: Record<string, any>, nodeNameFree: boolean): boolean {
  return everyKey(a, b, (k) => {
    if (MUTABLE_SPEC.has(k) || (nodeNameFree && k === 'nodeName')) return true;
    return k === 'containers' || k === 'initContainers' ? containersEqualButImage(a[k], b[k]) : jsonEqual(a[k], b[k]);
  });
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Whether `ok` holds for every own key of `a` or `b` (each key once, `a`'s first), without building
 * the union of their key lists.
 */
function everyKey(a: Record<string, unknown>, b: Record<string, unknown>, ok: (k: string) => boolean): boolean {
  for (const k in a) if (hasOwn.call(a, k) && !ok(k)) return false;
  for (const k in b) if (hasOwn.call(b, k) && !hasOwn.call(a, k) && !ok(k)) return false;
  return true;
}

function containersEqualButImage(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return jsonEqual(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!isPlainObject(x) || !isPlainObject(y)) {
      if (!jsonEqual(x, y)) return false;
      continue;
    }
    if (!everyKey(x, y, (k) => k === 'image' || jsonEqual(x[k], y[k]))) return false;
  }
  return true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const pods: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true,
    shortNames: ['po'], categories: ['all'], verbs: ALL_VERBS,
    // log, exec, attach and portforward are the kubelet's, served by src/http/pod-connect.ts.
    subresources: ['status', 'log', 'exec', 'attach', 'portforward'],
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  returnDeletedObject: true,
  prepareForCreate(o) {
    const spec = obj(o, 'spec');
    defaultPodSpec(spec);
    o.status = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  prepareForUpdate(o, _old, ctx) {
    normalizeStatusIPs(o);
    if (ctx.subresource === 'status' || ctx.subresource === 'binding') return;
    defaultPodSpec(obj(o, 'spec'));
  },
  validate(o) {
    return validatePodSpec(o.spec, 'spec');
  },
  validateUpdate(o, old, ctx) {
    if (ctx.subresource === 'status') return [];
    return [...validatePodSpec(o.spec, 'spec'), ...validatePodUpdate(o, old, ctx.subresource)];
  },
  selectableFields(o) {
    const spec = (o.spec ?? {}) as Record<string, any>;
    const status = (o.status ?? {}) as Record<string, any>;
    return {
      'spec.nodeName': str(spec.nodeName),
      'spec.restartPolicy': str(spec.restartPolicy),
      'spec.schedulerName': str(spec.schedulerName),
      'spec.serviceAccountName': str(spec.serviceAccountName),
      'spec.hostNetwork': String(spec.hostNetwork === true),
      'status.phase': str(status.phase),
      'status.podIP': str(status.podIP),
      'status.podIPs': arr(status.podIPs).map((p) => str(p.ip)).join(','),
      'status.nominatedNodeName': str(status.nominatedNodeName),
    };
  },
  gracePeriodSeconds(o, opts) {
    const spec = (o.spec ?? {}) as Record<string, any>;
    const phase = (o.status as { phase?: string } | undefined)?.phase;
    // CheckGracefulDelete: unscheduled and terminal pods go at once.
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    if (opts.gracePeriodSeconds !== undefined) return opts.gracePeriodSeconds;
    return typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
  },
  share(o, old) {
    // Pods from one template share their spec's parts and labels, and pods on one node their
    // hostIPs (the simulated kubelet shares conditions itself, see simulator/pod-status.ts).
    const m = o.metadata as Record<string, unknown>;
    internAt(m, 'labels', old?.metadata.labels);
    const spec = o.spec as Record<string, unknown> | undefined;
    const oldSpec = old?.spec as Record<string, unknown> | undefined;
    if (isPlainObject(spec) && spec !== oldSpec && !Object.isFrozen(spec)) {
      for (const k of Object.keys(spec)) internAt(spec, k, oldSpec?.[k]);
      // Once bound, the whole spec: pods of one template on one node are alike.
      if (spec.nodeName) internAt(o as Record<string, unknown>, 'spec', oldSpec, true);
    }
    const status = o.status as Record<string, unknown> | undefined;
    const oldStatus = old?.status as Record<string, unknown> | undefined;
    if (!isPlainObject(status) || status === oldStatus || Object.isFrozen(status)) return;
    internAt(status, 'hostIPs', oldStatus?.hostIPs);
    for (const key of ['containerStatuses', 'initContainerStatuses']) {
      const list = status[key];
      if (!Array.isArray(list) || list === oldStatus?.[key] || Object.isFrozen(list)) continue;
      for (const cs of list as unknown[]) {
        if (!isPlainObject(cs) || Object.isFrozen(cs)) continue;
        internAt(cs, 'state', undefined);
        internAt(cs, 'lastState', undefined);
      }
    }
  },
  printer: podPrinter,
  patch: {
    schema: kindStruct({
      spec: podSpec,
      status: struct({
        conditions: conditionsByType,
        podIPs: mapList(['ip'], struct(), { mergeKey: 'ip' }),
        hostIPs: mapList(['ip'], struct(), { mergeKey: 'ip' }),
        resourceClaimStatuses: mapList(['name'], struct(), { mergeKey: 'name' }),
      }),
    }),
    zero: { spec: { containers: null }, status: {} },
    // The pod strategy's GetResetFields: /status may not set deletionTimestamp or ownerReferences either.
    resetFields: { '': [['status']], status: [['spec'], ['metadata', 'deletionTimestamp'], ['metadata', 'ownerReferences']] },
  },
  protobuf: { message: 'k8s.io.api.core.v1.Pod', subresourceMessages: { 'v1/Binding': 'k8s.io.api.core.v1.Binding' } },
};
