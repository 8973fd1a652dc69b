// Deployment status (sync.go calculateStatus / syncDeploymentStatus, progress.go syncRolloutStatus,
// getReplicaFailures, requeueStuckDeployment): counts over the ReplicaSets, Available by minimum
// availability, Progressing by progress against the deadline, ReplicaFailure promoted from the
// ReplicaSets.
import type { Condition, DeploymentStatus, ReplicaSet } from '../workloads/index.js';
import type { DeploymentSync } from './planner.js';
import * as u from './util.js';

/** calculateStatus */
export function calculateStatus(s: DeploymentSync, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const d = s.d;
  const available = u.availableReplicaCount(all);
  const total = u.specReplicaCount(all);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: u.actualReplicaCount(all),
    updatedReplicas: u.actualReplicaCount([newRS]),
    readyReplicas: u.readyReplicaCount(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    terminatingReplicas: u.terminatingReplicaCount(all),
    collisionCount: d.status?.collisionCount,
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (available >= u.replicas(d) - u.maxUnavailable(d)) {
    u.setCondition(status, u.newCondition('Available', 'True', u.MIN_AVAILABLE, 'Deployment has minimum availability.', s.now));
  } else {
    u.setCondition(status, u.newCondition('Available', 'False', u.MIN_UNAVAILABLE, 'Deployment does not have minimum availability.', s.now));
  }
  return status;
}

/** syncDeploymentStatus: for scaling and paused syncs, no progress estimation. */
export function syncDeploymentStatus(s: DeploymentSync, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  s.d.status = calculateStatus(s, all, newRS);
}

function replicaFailures(all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Condition[] {
  const toDeployment = (c: Condition): Condition => ({
    type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message,
  });
  const of = (rs: ReplicaSet | undefined) => (rs?.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(toDeployment);
  const fromNew = of(newRS);
  return fromNew.length ? fromNew : all.flatMap(of);
}

/** syncRolloutStatus: status with progress (Progressing condition) during a rollout. */
export function syncRolloutStatus(s: DeploymentSync, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const d = s.d;
  const next = calculateStatus(s, all, newRS);
  if (!u.hasProgressDeadline(d)) u.removeCondition(next, 'Progressing');
  const cur = u.getCondition(d.status, 'Progressing');
  const complete = next.replicas === next.updatedReplicas && cur?.reason === u.NEW_RS_AVAILABLE;
  if (u.hasProgressDeadline(d) && !complete) {
    const rsName = newRS?.metadata.name;
    if (u.deploymentComplete(d, next)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      u.setCondition(next, u.newCondition('Progressing', 'True', u.NEW_RS_AVAILABLE, msg, s.now));
    } else if (u.deploymentProgressing(d, next)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const c = u.newCondition('Progressing', 'True', u.REPLICASET_UPDATED, msg, s.now);
      // Progress refreshes lastUpdateTime even with an unchanged reason; a True condition keeps
      // its lastTransitionTime.
      if (cur) {
        if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
        u.removeCondition(next, 'Progressing');
      }
      u.setCondition(next, c);
    } else if (u.deploymentTimedOut(d, next, s.now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      u.setCondition(next, u.newCondition('Progressing', 'False', u.TIMED_OUT, msg, s.now));
    }
  }
  const failures = replicaFailures(all, newRS);
  if (failures.length) u.setCondition(next, failures[0]);
  else u.removeCondition(next, 'ReplicaFailure');
  requeueStuck(s, next);
  d.status = next;
}

/**
 * requeueStuckDeployment: while a rollout with a deadline is neither complete nor timed out, look
 * again when the deadline would pass (lastUpdateTime + progressDeadlineSeconds, plus a second).
 */
function requeueStuck(s: DeploymentSync, next: DeploymentStatus): void {
  const d = s.d;
  const cur = u.getCondition(d.status, 'Progressing');
  if (!u.hasProgressDeadline(d) || !cur) return;
  if (u.deploymentComplete(d, next) || cur.reason === u.TIMED_OUT) return;
  const last = Date.parse(cur.lastUpdateTime ?? '');
  if (Number.isNaN(last)) return;
  const after = last + d.spec!.progressDeadlineSeconds! * 1000 - s.now;
  const delay = after < 1000 ? 1000 : after + 1000;
  s.requeueAfterMs = s.requeueAfterMs === undefined ? delay : Math.min(s.requeueAfterMs, delay);
}
