// Pod status as a kubelet writes it: container statuses, and the kubelet-owned conditions derived
// from them. Conditions other components own (readiness gates, DisruptionTarget) are kept and come
// first, then the kubelet's five in its order, as the kubelet's status manager merges them.
import type { KObject } from '../machinery/types.js';
import { rfc3339 } from '../util/clock.js';
import { digest } from './nodes.js';
import { READY_ANNOTATION } from './options.js';

type J = Record<string, any>;

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

export const specOf = (pod: KObject): J => (pod.spec ?? {}) as J;
export const statusOf = (pod: KObject): J => (pod.status ?? {}) as J;
export const containersOf = (pod: KObject): J[] => (specOf(pod).containers ?? []) as J[];
export const initContainersOf = (pod: KObject): J[] => (specOf(pod).initContainers ?? []) as J[];

export function condition(pod: KObject, type: string): J | undefined {
  return ((statusOf(pod).conditions ?? []) as J[]).find((c) => c.type === type);
}

export function conditionTrue(pod: KObject, type: string): boolean {
  return condition(pod, type)?.status === 'True';
}

export const isTerminal = (pod: KObject): boolean => {
  const phase = statusOf(pod).phase;
  return phase === 'Succeeded' || phase === 'Failed';
};

/** The annotation test handle: a running pod told to report not ready. */
export const forcedUnready = (pod: KObject): boolean => pod.metadata.annotations?.[READY_ANNOTATION] === 'false';

/** Filled by imageID beside it (a running container reports both). */
const normalizedImages = new Map<string, string>();

/** "nginx" → "docker.io/library/nginx:latest": the reference containerd reports back. */
export function normalizeImage(image: string): string {
  const [name, digestPart] = image.split('@');
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let full = name;
  if (slash < 0) full = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') full = `docker.io/${name}`;
  const tagged = /:[^/]+$/.test(full);
  if (digestPart) return `${full}@${digestPart}`;
  return tagged ? full : `${full}:latest`;
}

/** image reference → its imageID: a handful of images serve every pod, each a sha256 to compute. */
const imageIDs = new Map<string, string>();

/** A repo digest that is stable for an image reference. */
export function imageID(image: string): string {
  let id = imageIDs.get(image);
  if (id === undefined) {
    id = computeImageID(image);
    if (imageIDs.size >= 1000) {
      imageIDs.clear();
      normalizedImages.clear();
    }
    imageIDs.set(image, id);
    normalizedImages.set(image, normalizeImage(image));
  }
  return id;
}

function computeImageID(image: string): string {
  const ref = normalizeImage(image);
  const at = ref.indexOf('@');
  if (at >= 0) return ref;
  const repo = ref.replace(/:[^/]+$/, '');
  return `${repo}@sha256:${digest(`image/${ref}`, 64)}`;
}

export function containerID(pod: KObject, name: string): string {
  return `containerd://${digest(`container/${pod.metadata.uid}/${name}`, 64)}`;
}

/**
 * Container states, frozen and shared by the statuses that carry them: the empty lastState, one
 * waiting state a reason, and the running states of the last few start times (pods started in the
 * same second).
 */
const EMPTY_STATE: J = Object.freeze({});
const waitingStates = new Map<string, J>();
const runningStates = new Map<string, J>();

/** The state kept under `key` in `cache`, made (frozen) the first time; a full cache starts over. */
function sharedState(cache: Map<string, J>, key: string, which: 'waiting' | 'running', inner: J): J {
  let s = cache.get(key);
  if (s === undefined) {
    if (cache.size >= 64) cache.clear();
    cache.set(key, (s = Object.freeze({ [which]: Object.freeze(inner) })));
  }
  return s;
}

const waitingState = (reason: string): J => waitingStates.get(reason) ?? sharedState(waitingStates, reason, 'waiting', { reason });
const runningState = (startedAt: string): J => runningStates.get(startedAt) ?? sharedState(runningStates, startedAt, 'running', { startedAt });

export function waitingStatus(c: J, reason: string): J {
  return {
    name: c.name, image: c.image, imageID: '', lastState: EMPTY_STATE, ready: false, restartCount: 0, started: false,
    state: waitingState(reason),
  };
}

export function runningStatus(pod: KObject, c: J, startedAt: string, ready: boolean): J {
  const image = String(c.image ?? '');
  const id = imageID(image);
  return {
    containerID: containerID(pod, c.name), image: normalizedImages.get(image) ?? normalizeImage(image), imageID: id,
    lastState: EMPTY_STATE, name: c.name, ready, restartCount: 0, started: true, state: runningState(startedAt),
  };
}

/** A running container stopped by the kubelet: exit 0 after SIGTERM within the grace period. */
export function terminatedStatus(cs: J, finishedAt: string): J {
  return exitedStatus(cs, finishedAt, 0);
}

/** A container that exited by itself with `exitCode` (reason Completed for 0, Error otherwise, as containerd reports). */
export function exitedStatus(cs: J, finishedAt: string, exitCode: number): J {
  const startedAt = cs.state?.running?.startedAt ?? finishedAt;
  const reason = exitCode === 0 ? 'Completed' : 'Error';
  return {
    ...cs, ready: false, started: false,
    state: { terminated: { containerID: cs.containerID, exitCode, finishedAt, reason, startedAt } },
  };
}

/** Why the readiness gates hold a pod back, worded like the kubelet; undefined when all pass. */
export function gatesMessage(pod: KObject): string | undefined {
  for (const g of (specOf(pod).readinessGates ?? []) as J[]) {
    const c = condition(pod, g.conditionType);
    if (!c) return `corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`;
    if (c.status !== 'True') return `the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`;
  }
  return undefined;
}

export interface Cond {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

function byName(statuses: J[], name: unknown): J | undefined {
  for (const s of statuses) if (s.name === name) return s;
  return undefined;
}

const TRUE: Cond = Object.freeze({ status: 'True' });
const FALSE: Cond = Object.freeze({ status: 'False' });
const COMPLETED_TRUE: Cond = Object.freeze({ status: 'True', reason: 'PodCompleted' });
const COMPLETED_FALSE: Cond = Object.freeze({ status: 'False', reason: 'PodCompleted' });
const FAILED_FALSE: Cond = Object.freeze({ status: 'False', reason: 'PodFailed' });

/** The kubelet's five conditions in KUBELET_CONDITIONS order (shared constants where they carry no message). */
function deriveConditions(pod: KObject): Cond[] {
  const st = statusOf(pod);
  const completed = st.phase === 'Succeeded';
  const failed = st.phase === 'Failed';
  const sandbox = !completed && !failed && Array.isArray(st.podIPs) && st.podIPs.length > 0;
  // One pass over the init containers: plain ones not yet terminated hold Initialized back, sidecars
  // (restartPolicy Always) not ready hold Ready back, in spec order.
  let pendingInit: string[] | undefined;
  let unready: string[] | undefined;
  const inits = initContainersOf(pod);
  if (inits.length) {
    const initStatuses = (st.initContainerStatuses ?? []) as J[];
    for (const c of inits) {
      const s = byName(initStatuses, c.name);
      if (c.restartPolicy !== 'Always') {
        if (!s?.state?.terminated) (pendingInit ??= []).push(c.name);
      } else if (!s?.ready) (unready ??= []).push(c.name);
    }
  }
  const initialized: Cond = completed ? COMPLETED_TRUE
    : pendingInit ? { status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${pendingInit.join(' ')}]` }
      : TRUE;
  const statuses = (st.containerStatuses ?? []) as J[];
  for (const c of containersOf(pod)) if (!byName(statuses, c.name)?.ready) (unready ??= []).push(c.name);
  // A terminal pod's containers are not ready whatever their statuses say (kubelet status/generate.go).
  const containers: Cond = completed ? COMPLETED_FALSE
    : failed ? FAILED_FALSE
    : unready ? { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` }
      : TRUE;
  const gates = containers.status === 'True' ? gatesMessage(pod) : undefined;
  const ready: Cond = gates ? { status: 'False', reason: 'ReadinessGatesNotReady', message: gates } : containers;
  return [sandbox ? TRUE : FALSE, initialized, ready, containers, TRUE];
}

/** The kubelet's view of the pod's conditions, from its container statuses and sandbox. */
export function kubeletConditions(pod: KObject): Map<string, Cond> {
  const d = deriveConditions(pod);
  return new Map(KUBELET_CONDITIONS.map((type, i) => [type, d[i]]));
}

const isKubeletCondition = (type: unknown): boolean =>
  type === 'PodReadyToStartContainers' || type === 'Initialized' || type === 'Ready' || type === 'ContainersReady' || type === 'PodScheduled';

/**
 * Rewrites the kubelet-owned conditions of `pod` (its status edited in place): lastTransitionTime
 * moves only when a condition's status flips, as the status manager does.
 */
export function refreshConditions(pod: KObject, now: number): void {
  const st = (pod.status ?? (pod.status = {})) as J;
  const old = (st.conditions ?? []) as J[];
  const derived = deriveConditions(pod);
  const next: J[] = [];
  for (let j = 0; j < old.length; j++) if (!isKubeletCondition(old[j].type)) next.push(old[j]);
  const generation = pod.metadata.generation;
  let nowText: string | undefined;
  for (let i = 0; i < KUBELET_CONDITIONS.length; i++) {
    const type = KUBELET_CONDITIONS[i];
    const d = derived[i];
    let prev: J | undefined;
    for (let j = 0; j < old.length; j++) {
      if (old[j].type === type) {
        prev = old[j];
        break;
      }
    }
    const ltt = prev && (type === 'PodScheduled' || prev.status === d.status) ? prev.lastTransitionTime : (nowText ??= rfc3339(now));
    next.push(sharedCondition(ltt, generation, d.status, type, d.reason || undefined, d.message || undefined, prev));
  }
  // The same conditions as before: the same list (a write that changes nothing else is a no-op);
  // else a list of shared conditions is shared too.
  let same = next.length === old.length;
  for (let i = 0; same && i < next.length; i++) same = next[i] === old[i];
  st.conditions = same ? old : sharedList(next);
  st.observedGeneration = generation;
}

/**
 * Pod conditions, frozen and shared: pods started in the same second carry equal ones, and a
 * condition that did not change is the very object it was. Found by every field through nested
 * maps (type → status → reason → message → observedGeneration → lastTransitionTime: no key string
 * to build; Map keys tell undefined, null, '' and 1 from '1' apart); dropped when full.
 */
type Level = Map<unknown, unknown>;
let conditions: Level = new Map();
let conditionCount = 0;
const MAX_CONDITIONS = 4096;
/** The conditions sharedCondition made, numbered (a `prev` equal field for field is reused without a lookup). */
const made = new WeakMap<J, number>();
let madeCount = 0;
/** Lists of made conditions by their numbers. */
const lists = new Map<string, J[]>();

function sharedList(list: J[]): J[] {
  let key = '';
  for (const c of list) {
    const id = made.get(c);
    if (id === undefined) return list;
    key = key === '' ? String(id) : `${key},${id}`;
  }
  let l = lists.get(key);
  if (l === undefined) {
    if (lists.size >= MAX_CONDITIONS) lists.clear();
    lists.set(key, (l = Object.freeze(list) as J[]));
  }
  return l;
}

function level(m: Level, k: unknown): Level {
  let next = m.get(k) as Level | undefined;
  if (next === undefined) m.set(k, (next = new Map()));
  return next;
}

function sharedCondition(lastTransitionTime: unknown, observedGeneration: unknown, status: string, type: string, reason?: string, message?: string, prev?: J): J {
  if (prev !== undefined && prev.lastTransitionTime === lastTransitionTime && prev.observedGeneration === observedGeneration
    && prev.status === status && prev.type === type && prev.reason === reason && prev.message === message && made.has(prev)) return prev;
  if (conditionCount >= MAX_CONDITIONS) {
    conditions = new Map();
    conditionCount = 0;
  }
  const leaf = level(level(level(level(level(conditions, type), status), reason), message), observedGeneration);
  let c = leaf.get(lastTransitionTime) as J | undefined;
  if (c === undefined) {
    c = { lastProbeTime: null, lastTransitionTime, observedGeneration, status, type };
    if (reason !== undefined) c.reason = reason;
    if (message !== undefined) c.message = message;
    leaf.set(lastTransitionTime, Object.freeze(c));
    conditionCount++;
    made.set(c, madeCount++);
  }
  return c;
}

/** The PodScheduled condition the scheduler writes (True after binding, False with a reason otherwise). */
export function setScheduled(pod: KObject, now: number, ok: boolean, message?: string, reason = 'Unschedulable'): void {
  const st = (pod.status ?? (pod.status = {})) as J;
  const conds = ((st.conditions ?? []) as J[]).filter((c) => c.type !== 'PodScheduled');
  const prev = condition(pod, 'PodScheduled');
  const status = ok ? 'True' : 'False';
  const ltt = prev && prev.status === status ? prev.lastTransitionTime : rfc3339(now);
  const c = ok ? sharedCondition(ltt, pod.metadata.generation, status, 'PodScheduled')
    : { lastProbeTime: null, lastTransitionTime: ltt, observedGeneration: pod.metadata.generation, status, type: 'PodScheduled', reason, message };
  st.conditions = [...conds, c];
}
