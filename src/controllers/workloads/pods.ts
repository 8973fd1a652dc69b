// Pod predicates the workload controllers share (pkg/api/v1/pod and pkg/controller/controller_utils.go
// in kube-controller-manager): active, terminating, ready, available after minReadySeconds.
import type { Pod, PodCondition } from './types.js';

export function readyCondition(p: Pod): PodCondition | undefined {
  return p.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(p: Pod): boolean {
  return readyCondition(p)?.status === 'True';
}

/** IsPodActive: not finished and not being deleted. */
export function isPodActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

/** FilterTerminatingPods: being deleted, not yet in a terminal phase. */
export function isPodTerminating(p: Pod): boolean {
  const phase = p.status?.phase;
  return !!p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

function ms(t: string | null | undefined): number | undefined {
  if (!t) return undefined;
  const v = Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * The instant (ms) a ready pod counts as available: Ready's lastTransitionTime + minReadySeconds.
 * Upstream compares with Before(now), so available means strictly after that instant.
 */
export function availableAt(p: Pod, minReadySeconds: number): number | undefined {
  if (!isPodReady(p)) return undefined;
  if (!minReadySeconds) return -Infinity;
  const t = ms(readyCondition(p)?.lastTransitionTime);
  return t === undefined ? undefined : t + minReadySeconds * 1000;
}

/** IsPodAvailable(pod, minReadySeconds, now). */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const at = availableAt(p, minReadySeconds);
  return at !== undefined && (at === -Infinity || at < now);
}

/** podReadyTime: when a ready pod became ready (undefined when not ready or unknown). */
export function podReadyTime(p: Pod): number | undefined {
  return isPodReady(p) ? ms(readyCondition(p)?.lastTransitionTime) : undefined;
}

export function creationTime(p: { metadata: { creationTimestamp?: string | null } }): number | undefined {
  return ms(p.metadata.creationTimestamp);
}
