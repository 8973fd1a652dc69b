// The StatefulSet controller's decisions (stateful_set_control.go updateStatefulSet), pure: the set,
// its claimed pods and revisions in; the revision to keep, the pods to create and delete, the
// events and the status out. One plan is one sync: with OrderedReady (monotonic) it stops at the
// first pod that must be created, is terminating or is not yet Running and Ready; with Parallel it
// creates and deletes everything at once. Rolling updates replace one pod at a time, highest
// ordinal first, down to the partition.
import type { KObject } from '../../machinery/types.js';
import {
  nextRevisionNumber, planUpdateRevision, revisionsToPrune, sortRevisions, templatePatch,
  newRevision, type ControllerRevision, type RevisionPlan,
} from '../workloads/history.js';
import { isPodAvailable } from '../workloads/pods.js';
import type { Pod, PodTemplateSpec } from '../workloads/types.js';
import {
  identityMatches, isFailed, isHealthy, isRunningAndReady, isSucceeded, isTerminating, LABEL_POD_INDEX, LABEL_POD_NAME,
  newStatefulSetPod, ordinalOf, replicasOf, revisionOf, startOrdinal, type StatefulSet,
} from './pods.js';

type J = Record<string, any>;

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

export interface StatefulSetPlan {
  revision: RevisionPlan;
  /** ControllerRevisions past revisionHistoryLimit. */
  prune: ControllerRevision[];
  create: KObject[];
  delete: { name: string; uid: string }[];
  /** Pods whose identity labels are missing or wrong: the labels to set. */
  relabel: { name: string; labels: Record<string, string> }[];
  events: PlanEvent[];
  status: StatefulSetStatus;
  /** ms from now when minReadySeconds make a ready pod available (then sync again). */
  requeueAfterMs?: number;
}

export interface PlanInput {
  set: StatefulSet;
  pods: KObject[];
  revisions: ControllerRevision[];
  now: number;
}

/** The template a revision's data carries (its patch replaces the set's template). */
function templateOf(rev: ControllerRevision): PodTemplateSpec {
  const t = { ...((rev.data as J | undefined)?.spec?.template ?? {}) };
  delete t.$patch;
  return t;
}

/** getStatefulSetRevisions: the current and update revisions, and what keeping them takes. */
function revisionsFor(set: StatefulSet, revisions: ControllerRevision[]): { plan: RevisionPlan; current: ControllerRevision; collisionCount: number } {
  let collisionCount = Number(set.status?.collisionCount ?? 0);
  const sorted = sortRevisions(revisions);
  const build = () => newRevision({
    owner: set, apiVersion: 'apps/v1', kind: 'StatefulSet', templateLabels: set.spec?.template?.metadata?.labels,
    data: templatePatch(set.spec?.template), revision: nextRevisionNumber(sorted), collisionCount,
  });
  let plan = planUpdateRevision(sorted, build());
  // A new revision whose name is taken by different data: count a collision and rename it.
  while (plan.create && sorted.some((r) => r.metadata.name === plan.create!.metadata.name)) {
    collisionCount++;
    plan = planUpdateRevision(sorted, build());
  }
  const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? plan.update;
  return { plan, current, collisionCount };
}

const msg = (verb: string, pod: string, set: KObject) => `${verb} Pod ${pod} in StatefulSet ${set.metadata.name} successful`;

export function planStatefulSet({ set, pods, revisions, now }: PlanInput): StatefulSetPlan {
  const { plan: revision, current, collisionCount } = revisionsFor(set, revisions);
  const update = revision.update;
  const currentName = current.metadata.name ?? '';
  const updateName = update.metadata.name ?? '';
  const minReady = set.spec?.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation ?? 0, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0,
    availableReplicas: 0, currentRevision: currentName, updateRevision: updateName, collisionCount,
  };
  let requeueAfterMs: number | undefined;
  for (const p of pods) {
    status.replicas++;
    if (isRunningAndReady(p)) {
      status.readyReplicas++;
      if (isPodAvailable(p as Pod, minReady, now)) status.availableReplicas++;
      else requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, availableIn(p, minReady, now));
    }
    if (!isTerminating(p)) {
      if (revisionOf(p) === currentName) status.currentReplicas++;
      if (revisionOf(p) === updateName) status.updatedReplicas++;
    }
  }
  const out: StatefulSetPlan = { revision, prune: [], create: [], delete: [], relabel: [], events: [], status, requeueAfterMs };
  const live = new Set([currentName, updateName, ...pods.map((p) => revisionOf(p) ?? '')]);
  out.prune = revisionsToPrune(revisions, live, set.spec?.revisionHistoryLimit ?? 10);
  if (!set.metadata.deletionTimestamp) processReplicas(set, pods, current, update, out, now);
  completeRollingUpdate(set, out.status);
  return out;
}

function availableIn(p: KObject, minReady: number, now: number): number {
  const ready = ((p.status as J | undefined)?.conditions ?? []).find((c: J) => c.type === 'Ready');
  const t = Date.parse(ready?.lastTransitionTime ?? '');
  return Number.isNaN(t) ? 1000 : Math.max(0, t + minReady * 1000 - now + 1);
}

/** The pod an ordinal should have: the current revision below the partition, the update revision above. */
function newVersionedPod(set: StatefulSet, current: ControllerRevision, update: ControllerRevision, ordinal: number): KObject {
  const s = set.spec ?? {};
  const rolling = (s.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const partition = s.updateStrategy?.rollingUpdate?.partition;
  const start = startOrdinal(set);
  const belowPartition = partition === undefined
    ? ordinal < start + Number(set.status?.currentReplicas ?? 0)
    : ordinal < start + partition;
  // Upstream builds the current-revision pod from the revision's stored template.
  if (rolling && belowPartition && current !== update) return newStatefulSetPod(set, templateOf(current), current.metadata.name ?? '', ordinal);
  return newStatefulSetPod(set, set.spec?.template, update.metadata.name ?? '', ordinal);
}

/** One sync's view of the set's pods: by ordinal slot, and those beyond the range. */
interface Slots {
  set: StatefulSet;
  replicas: (KObject | undefined)[];
  condemned: KObject[];
  monotonic: boolean;
  unavailable(p: KObject | undefined): boolean;
  remove(p: KObject): void;
}

function processReplicas(set: StatefulSet, pods: KObject[], current: ControllerRevision, update: ControllerRevision, out: StatefulSetPlan, now: number): void {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const start = startOrdinal(set);
  const count = replicasOf(set);
  const replicas: (KObject | undefined)[] = new Array(count).fill(undefined);
  const condemned: KObject[] = [];
  for (const p of pods) {
    const o = ordinalOf(p);
    if (o >= start && o < start + count) replicas[o - start] = p;
    else if (o >= 0) condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const slots: Slots = {
    set, replicas, condemned,
    monotonic: (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel',
    unavailable: (p) => !p || !isHealthy(p) || !isPodAvailable(p as Pod, minReady, now),
    remove: (p) => {
      out.delete.push({ name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' });
      out.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: msg('delete', p.metadata.name ?? '', set) });
    },
  };
  if (!ensureReplicas(slots, current, update, out, now)) return;
  if (!scaleDown(slots)) return;
  rollingUpdate(slots, update, out);
}

/** processReplica for each ordinal; false when a monotonic set must stop here. */
function ensureReplicas(slots: Slots, current: ControllerRevision, update: ControllerRevision, out: StatefulSetPlan, now: number): boolean {
  const { set, replicas, monotonic } = slots;
  const start = startOrdinal(set);
  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i];
    if (pod && (isFailed(pod) || isSucceeded(pod))) {
      // A pod that ran to completion is replaced: deleted now, recreated once it is gone.
      if (!isTerminating(pod)) slots.remove(pod);
      if (monotonic) return false;
      continue;
    }
    if (!pod) {
      const created = newVersionedPod(set, current, update, start + i);
      out.create.push(created);
      out.events.push({ type: 'Normal', reason: 'SuccessfulCreate', message: msg('create', created.metadata.name ?? '', set) });
      if (monotonic) return false;
      continue;
    }
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod))) return false;
    if (monotonic && !isPodAvailable(pod as Pod, set.spec?.minReadySeconds ?? 0, now)) return false;
    if (!identityMatches(set, pod)) {
      out.relabel.push({ name: pod.metadata.name ?? '', labels: { [LABEL_POD_NAME]: pod.metadata.name ?? '', [LABEL_POD_INDEX]: String(start + i) } });
    }
  }
  return true;
}

/** processCondemned: highest ordinal first; monotonic waits for each to go and for unavailable pods. */
function scaleDown(slots: Slots): boolean {
  const { replicas, condemned, monotonic } = slots;
  // The first unavailable pod, in ordinal order over replicas then condemned (upstream's scan order).
  const firstUnavailable = [...replicas.filter((p): p is KObject => !!p), ...[...condemned].reverse()].find((p) => slots.unavailable(p));
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return false;
      continue;
    }
    if (monotonic && slots.unavailable(pod) && pod !== firstUnavailable) return false;
    slots.remove(pod);
    if (monotonic) return false;
  }
  return true;
}

/**
 * Rolling update (MaxUnavailableStatefulSet, on by default in 1.35): with at most maxUnavailable
 * pods unavailable, replace pods from the highest ordinal down to the partition.
 */
function rollingUpdate(slots: Slots, update: ControllerRevision, out: StatefulSetPlan): void {
  const { set, replicas } = slots;
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  const ru = set.spec?.updateStrategy?.rollingUpdate;
  const maxUnavailable = maxUnavailableOf(ru?.maxUnavailable, replicas.length);
  const down = replicas.filter((p) => slots.unavailable(p)).length;
  if (down > maxUnavailable) return;
  let budget = maxUnavailable - down;
  for (let target = replicas.length - 1; target >= (ru?.partition ?? 0) && budget > 0; target--) {
    const pod = replicas[target];
    if (pod && revisionOf(pod) !== update.metadata.name && !isTerminating(pod)) {
      slots.remove(pod);
      budget--;
      out.status.currentReplicas--;
    }
  }
}

/** getStatefulSetMaxUnavailable: an int or a percentage of replicas (rounded down), at least 1. */
function maxUnavailableOf(v: number | string | undefined, replicas: number): number {
  let n = 1;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    n = m ? Math.floor((Number(m[1]) * replicas) / 100) : Number(v) || 1;
  }
  return Math.max(1, n);
}

/** completeRollingUpdate: every pod updated and ready → the update revision becomes current. */
function completeRollingUpdate(set: StatefulSet, st: StatefulSetStatus): void {
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  if (st.updatedReplicas === st.replicas && st.readyReplicas === st.replicas) {
    st.currentReplicas = st.updatedReplicas;
    st.currentRevision = st.updateRevision;
  }
}
