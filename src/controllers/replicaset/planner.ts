// The ReplicaSet controller's decisions (pkg/controller/replicaset/replica_set.go syncReplicaSet,
// manageReplicas, getPodsToDelete; replica_set_utils.go calculateStatus), as pure functions:
// current state in (the ReplicaSet, the namespace's pods, the time), what to write out. No I/O,
// clock or randomness here; controller.ts applies the plan.
import { selectorFromLabelSelector, selectorFromSet } from '../../machinery/labels.js';
import { rfc3339 } from '../../util/clock.js';
import {
  availableAt, claimObjects, controllerOf, isPodActive, isPodAvailable, isPodReady, isPodTerminating, podsToDelete,
  type Condition, type Pod, type ReplicaSet, type ReplicaSetStatus,
} from '../workloads/index.js';

/** --concurrent-... burstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetPlanInput {
  rs: ReplicaSet;
  /** Every pod of the namespace (the controller claims among them). */
  pods: Pod[];
  /**
   * Pods of every ReplicaSet sharing this one's controller (getIndirectlyRelatedPods), used to rank
   * pods by how many siblings share their node. Empty when the ReplicaSet has no controller.
   */
  relatedPods?: Pod[];
  now: number;
  burstReplicas?: number;
}

export interface ReplicaSetPlan {
  /** Orphans to adopt, and owned pods that no longer match to release. */
  adopt: Pod[];
  release: Pod[];
  /** Claimed active pods (adoptions included), before this plan's creates and deletes. */
  active: Pod[];
  /** Claimed pods being deleted that are not finished (status.terminatingReplicas). */
  terminating: Pod[];
  /** Pods to create from the template (slow-start batches are the applier's). */
  create: number;
  /** Pods to delete, best candidates first. */
  delete: Pod[];
}

export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

export function planReplicaSet(input: ReplicaSetPlanInput): ReplicaSetPlan {
  const { rs, now } = input;
  const burst = input.burstReplicas ?? BURST_REPLICAS;
  let selector;
  try {
    selector = selectorFromLabelSelector(rs.spec?.selector);
  } catch {
    // An invalid selector matches nothing: upstream logs and gives up on this ReplicaSet.
    return { adopt: [], release: [], active: [], terminating: [], create: 0, delete: [] };
  }
  const claim = claimObjects(rs, selector, input.pods.filter(isPodActive));
  const uid = rs.metadata.uid;
  const terminating = input.pods.filter((p) => isPodTerminating(p) && controllerOf(p)?.uid === uid && selector.matches(p.metadata.labels));
  const plan: ReplicaSetPlan = { adopt: claim.adopt, release: claim.release, active: claim.claimed, terminating, create: 0, delete: [] };
  // manageReplicas runs only while the ReplicaSet is not being deleted.
  if (rs.metadata.deletionTimestamp) return plan;
  const diff = claim.claimed.length - replicasOf(rs);
  if (diff < 0) plan.create = Math.min(-diff, burst);
  else if (diff > 0) plan.delete = podsToDelete(claim.claimed, input.relatedPods ?? [], Math.min(diff, burst), now);
  return plan;
}

function replicaFailure(rs: ReplicaSet): Condition | undefined {
  return rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
}

/**
 * calculateStatus: counts over the claimed active pods; ReplicaFailure set (FailedCreate /
 * FailedDelete, the error's text) when managing replicas failed, removed once it succeeds.
 * terminatingReplicas is set: DeploymentReplicaSetTerminatingReplicas is beta and on in 1.35.
 */
export function calculateStatus(rs: ReplicaSet, active: Pod[], terminating: Pod[], manageError: string | undefined, now: number): ReplicaSetStatus {
  const template = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const p of active) {
    if (template.matches(p.metadata.labels)) fully++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  let conditions = rs.status?.conditions;
  const failure = replicaFailure(rs);
  if (manageError !== undefined && !failure) {
    const diff = active.length - replicasOf(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions = [...(conditions ?? []), {
      type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now),
      reason, message: manageError,
    }];
  } else if (manageError === undefined && failure) {
    conditions = (conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  }
  return omitEmpty({
    replicas: active.length, fullyLabeledReplicas: fully, readyReplicas: ready, availableReplicas: available,
    terminatingReplicas: terminating.length, observedGeneration: rs.status?.observedGeneration,
    conditions: conditions?.length ? conditions : undefined,
  });
}

/** The status as the apiserver serialises it: omitempty integers left out when 0. */
function omitEmpty(s: ReplicaSetStatus): ReplicaSetStatus {
  const out: ReplicaSetStatus = { replicas: s.replicas ?? 0 };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.terminatingReplicas !== undefined) out.terminatingReplicas = s.terminatingReplicas;
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.conditions) out.conditions = s.conditions;
  return out;
}

/**
 * updateReplicaSetStatus: the status to write (observedGeneration = generation), or undefined in
 * the steady state where counts, conditions and observedGeneration already agree.
 */
export function statusUpdate(rs: ReplicaSet, next: ReplicaSetStatus): ReplicaSetStatus | undefined {
  const cur = rs.status ?? {};
  const gen = rs.metadata.generation ?? 0;
  const same = (cur.replicas ?? 0) === (next.replicas ?? 0) &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    cur.terminatingReplicas === next.terminatingReplicas &&
    gen === (cur.observedGeneration ?? 0) &&
    JSON.stringify(cur.conditions ?? []) === JSON.stringify(next.conditions ?? []);
  if (same) return undefined;
  const out = { ...next };
  if (gen) out.observedGeneration = gen;
  else delete out.observedGeneration;
  return out;
}

/**
 * When the next ready pod becomes available (minReadySeconds measured from its Ready transition),
 * so the controller can re-sync then; undefined when nothing is waiting on the clock. Upstream
 * re-queues after minReadySeconds once all replicas are ready; waking at the exact instant gives
 * the same counts sooner.
 */
export function nextAvailableAt(rs: ReplicaSet, active: Pod[], now: number): number | undefined {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  if (!minReady) return undefined;
  let next: number | undefined;
  for (const p of active) {
    const at = availableAt(p, minReady);
    if (at === undefined || at === -Infinity || at < now) continue;
    // Available strictly after `at`: wake a millisecond later.
    if (next === undefined || at + 1 < next) next = at + 1;
  }
  return next;
}

/**
 * getIndirectlyRelatedPods: the pods selected by every ReplicaSet that shares this one's
 * controller (this one included), each pod once.
 */
export function relatedPods(rs: ReplicaSet, replicaSets: ReplicaSet[], pods: Pod[]): Pod[] {
  const owner = controllerOf(rs);
  if (!owner) return [];
  const seen = new Set<string>();
  const out: Pod[] = [];
  for (const other of replicaSets) {
    if (controllerOf(other)?.uid !== owner.uid || other.metadata.namespace !== rs.metadata.namespace) continue;
    let sel;
    try {
      sel = selectorFromLabelSelector(other.spec?.selector);
    } catch {
      continue;
    }
    for (const p of pods) {
      const uid = p.metadata.uid ?? '';
      if (seen.has(uid) || !sel.matches(p.metadata.labels)) continue;
      seen.add(uid);
      out.push(p);
    }
  }
  return out;
}

/**
 * Sibling ReplicaSets (same controller) that own more active pods than they want: their deletions
 * should land before this one creates. kube-controller-manager syncs ReplicaSets concurrently and
 * a rollout can briefly exceed maxSurge in live pods; running the shrinking siblings first keeps
 * the live pods of a Deployment within replicas + maxSurge at every moment.
 */
export function siblingsWithSurplus(rs: ReplicaSet, replicaSets: ReplicaSet[], pods: Pod[]): ReplicaSet[] {
  const owner = controllerOf(rs);
  if (!owner) return [];
  const siblings = replicaSets.filter((o) => o.metadata.uid !== rs.metadata.uid && controllerOf(o)?.uid === owner.uid);
  if (!siblings.length) return [];
  const owned = new Map<string, number>();
  for (const p of pods) {
    const ref = controllerOf(p);
    if (ref && isPodActive(p)) owned.set(ref.uid, (owned.get(ref.uid) ?? 0) + 1);
  }
  return siblings.filter((o) => (owned.get(o.metadata.uid ?? '') ?? 0) > replicasOf(o) && !o.metadata.deletionTimestamp);
}
