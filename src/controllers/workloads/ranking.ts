// Which pods a ReplicaSet deletes first when it has too many (ActivePodsWithRanks.Less in
// pkg/controller/controller_utils.go and getPodsToDelete in pkg/controller/replicaset). Earlier in
// the order = deleted first:
//   1. not scheduled before scheduled
//   2. Pending before Unknown before Running
//   3. not ready before ready
//   4. lower controller.kubernetes.io/pod-deletion-cost first (PodDeletionCost, GA)
//   5. more related pods on the same node first ("doubled up")
//   6. ready for less time first, compared on a log2 scale of the age (LogarithmicScaleDown, GA),
//      ties broken by uid
//   7. more container restarts first (then more sidecar restarts)
//   8. newer first, log2 scale again, ties broken by uid
import { creationTime, isPodActive, isPodReady, podReadyTime } from './pods.js';
import type { Pod } from './types.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseRank(p: Pod): number {
  // Go's map lookup yields 0 for a phase outside the table, like Pending.
  return phaseOrdinal[p.status?.phase ?? ''] ?? 0;
}

/** GetDeletionCostFromPodAnnotations; an unparsable value counts as 0. */
export function deletionCost(p: Pod): number {
  const v = p.metadata.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function maxRestarts(p: Pod): [number, number] {
  let regular = 0;
  let sidecar = 0;
  for (const c of p.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set((p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const c of p.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return [regular, sidecar];
}

/** log2 buckets of the age in nanoseconds (-1 for "not in the past"), as logarithmicRankDiff. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** afterOrZero: an unknown time sorts first, then the later time. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

function compareTimes(a: number | undefined, b: number | undefined, pa: Pod, pb: Pod, now?: number): number {
  if (a === b) return 0;
  if (now === undefined || a === undefined || b === undefined) return afterOrZero(a, b) ? -1 : 1;
  const diff = logRank(a, now) - logRank(b, now);
  if (diff === 0) {
    const ua = pa.metadata.uid ?? '';
    const ub = pb.metadata.uid ?? '';
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  }
  return diff < 0 ? -1 : 1;
}

export interface RankedPod {
  pod: Pod;
  /** Active related pods on the same node. */
  rank: number;
}

/** Negative when a should be deleted before b. */
export function compareForDeletion(a: RankedPod, b: RankedPod, now?: number): number {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  if (phaseRank(pa) !== phaseRank(pb)) return phaseRank(pa) - phaseRank(pb);
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb) {
    const c = compareTimes(podReadyTime(pa), podReadyTime(pb), pa, pb, now);
    if (c !== 0) return c;
  }
  const [ga, sa] = maxRestarts(pa);
  const [gb, sb] = maxRestarts(pb);
  if (ga !== gb) return gb - ga;
  if (sa !== sb) return sb - sa;
  return compareTimes(creationTime(pa), creationTime(pb), pa, pb, now);
}

/** getPodsRankedByRelatedPodsOnSameNode: rank = active related pods on the pod's node. */
export function rankByColocation(pods: Pod[], related: Pod[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/** getPodsToDelete: the `diff` pods to delete; no ordering when all of them go. */
export function podsToDelete(pods: Pod[], related: Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const ranked = rankByColocation(pods, related);
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}
