// How a Deployment moves between ReplicaSets: rolling updates (rolling.go), Recreate (recreate.go)
// and proportional scaling while a rollout is under way (sync.go scale).
import type { ReplicaSet } from '../workloads/index.js';
import type { DeploymentSync } from './planner.js';
import { syncRolloutStatus } from './status.js';
import * as u from './util.js';

/** rolloutRolling: scale the new ReplicaSet up, then old ones down, within surge and availability. */
export function rolloutRolling(s: DeploymentSync): void {
  const { newRS, oldRSs } = s.allReplicaSets(true);
  const all = [...oldRSs, newRS];
  if (!newRS) {
    syncRolloutStatus(s, all, newRS);
    return;
  }
  if (reconcileNewReplicaSet(s, all.filter((x): x is ReplicaSet => !!x), newRS)) return syncRolloutStatus(s, all, newRS);
  if (reconcileOldReplicaSets(s, u.filterActive(oldRSs), newRS)) return syncRolloutStatus(s, all, newRS);
  if (u.deploymentComplete(s.d, s.d.status ?? {})) s.cleanup(oldRSs);
  syncRolloutStatus(s, all, newRS);
}

export function reconcileNewReplicaSet(s: DeploymentSync, all: ReplicaSet[], newRS: ReplicaSet): boolean {
  const want = u.replicas(s.d);
  if (u.rsReplicas(newRS) === want) return false;
  if (u.rsReplicas(newRS) > want) return s.scaleAndRecord(newRS, want);
  return s.scaleAndRecord(newRS, u.newRSNewReplicas(s.d, all, newRS));
}

/**
 * reconcileOldReplicaSets: how many old pods may go without dropping below
 * replicas - maxUnavailable, counting the new ReplicaSet's unavailable pods against it; unhealthy
 * old replicas go first.
 */
export function reconcileOldReplicaSets(s: DeploymentSync, oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const oldPods = u.specReplicaCount(oldRSs);
  if (oldPods === 0) return false;
  const allPods = u.specReplicaCount([...oldRSs, newRS]);
  const minAvailable = u.replicas(s.d) - u.maxUnavailable(s.d);
  const newUnavailable = u.rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldForRollingUpdate(s, [...oldRSs, newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

export function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: ReplicaSet[], maxCleanup: number): number {
  oldRSs.sort(u.byCreation);
  let total = 0;
  for (const rs of oldRSs) {
    if (total >= maxCleanup) break;
    const n = u.rsReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (n === 0 || n === available) continue;
    const down = Math.min(maxCleanup - total, n - available);
    // A status still counting more available pods than the ReplicaSet now wants (it was just
    // scaled down) would turn this into a scale-up: refuse, and sync again later.
    if (n - down > n) throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${n} -> ${n - down}`);
    s.scaleAndRecord(rs, n - down);
    total += down;
  }
  return total;
}

export function scaleDownOldForRollingUpdate(s: DeploymentSync, all: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = u.replicas(s.d) - u.maxUnavailable(s.d);
  const available = u.availableReplicaCount(all);
  if (available <= minAvailable) return 0;
  oldRSs.sort(u.byCreation);
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of oldRSs) {
    if (total >= toScaleDown) break;
    if (u.rsReplicas(rs) === 0) continue;
    const down = Math.min(u.rsReplicas(rs), toScaleDown - total);
    s.scaleAndRecord(rs, u.rsReplicas(rs) - down);
    total += down;
  }
  return total;
}

/** rolloutRecreate: all old pods gone first, then the new ReplicaSet at full size. */
export function rolloutRecreate(s: DeploymentSync): void {
  let { newRS, oldRSs } = s.allReplicaSets(false);
  let all = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of u.filterActive(oldRSs)) if (s.scaleAndRecord(rs, 0)) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(s, all, newRS);
  if (oldPodsRunning(s, newRS, oldRSs)) return syncRolloutStatus(s, all, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = s.allReplicaSets(true));
    all = [...oldRSs, newRS];
  }
  if (newRS) s.scaleAndRecord(newRS, u.replicas(s.d));
  if (u.deploymentComplete(s.d, s.d.status ?? {})) s.cleanup(oldRSs);
  syncRolloutStatus(s, all, newRS);
}

/** oldPodsRunning: old ReplicaSets still report pods, or own pods not yet finished. */
export function oldPodsRunning(s: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (u.actualReplicaCount(oldRSs) > 0) return true;
  for (const [rs, pods] of s.podsByRS) {
    if (rs === newRS) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

/**
 * scale (sync.go): with one active ReplicaSet (or none), it takes the whole size; a saturated new
 * ReplicaSet sends old ones to 0; otherwise, in a rolling update, the change in size is spread
 * over the active ReplicaSets in proportion to their size (largest first; newer first when
 * growing, older first when shrinking), leftovers to the first.
 */
export function scale(s: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const d = s.d;
  const activeOrLatest = u.findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (u.rsReplicas(activeOrLatest) !== u.replicas(d)) s.scaleAndRecord(activeOrLatest, u.replicas(d));
    return;
  }
  if (u.isSaturated(d, newRS)) {
    for (const old of u.filterActive(oldRSs)) s.scaleAndRecord(old, 0);
    return;
  }
  if (!u.isRollingUpdate(d)) return;
  const all = u.filterActive([...oldRSs, newRS]);
  const allowed = u.replicas(d) > 0 ? u.replicas(d) + u.maxSurge(d) : 0;
  const toAdd = allowed - u.specReplicaCount(all);
  let op = '';
  if (toAdd > 0) {
    all.sort(u.bySizeNewer);
    op = 'up';
  } else if (toAdd < 0) {
    all.sort(u.bySizeOlder);
    op = 'down';
  }
  let added = 0;
  const sizes = new Map<ReplicaSet, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = u.proportion(rs, d, toAdd, added);
      sizes.set(rs, u.rsReplicas(rs) + p);
      added += p;
    } else sizes.set(rs, u.rsReplicas(rs));
  }
  all.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) sizes.set(rs, Math.max(0, sizes.get(rs)! + toAdd - added));
    s.scaleReplicaSet(rs, sizes.get(rs)!, op);
  });
}
