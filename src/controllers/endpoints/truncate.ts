// The 1000-address cap of an Endpoints object (spec §7.2), as the endpoints controller applies it.
import type { EndpointSubset } from './types.js';

/** Most addresses (ready + not ready) one Endpoints object carries. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const OVER_CAPACITY_TRUNCATED = 'truncated';

export function countAddresses(subsets: EndpointSubset[] | undefined): { ready: number; notReady: number } {
  let ready = 0;
  let notReady = 0;
  for (const s of subsets ?? []) {
    ready += s.addresses?.length ?? 0;
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  return { ready, notReady };
}

/**
 * False when the existing object is over capacity (it must be rewritten truncated) or carries the
 * over-capacity annotation while under capacity.
 */
export function capacityAnnotationSetCorrectly(annotations: Record<string, string> | undefined, subsets: EndpointSubset[] | undefined): boolean {
  const { ready, notReady } = countAddresses(subsets);
  if (ready + notReady > MAX_ENDPOINTS_CAPACITY) return false;
  return !(annotations && ANNOTATION_OVER_CAPACITY in annotations);
}

/**
 * truncateEndpoints: keeps at most 1000 addresses, preferring ready ones. When ready addresses
 * alone exceed the cap, every not-ready address goes and each subset keeps
 * ceil(share × 1000) ready ones (capped by what is left); otherwise all ready addresses stay and the
 * remaining room is shared among not-ready ones the same way. The first addresses in sorted order
 * are kept. Returns null when nothing needs truncating.
 */
export function truncateSubsets(subsets: EndpointSubset[]): EndpointSubset[] | null {
  const { ready: totalReady, notReady: totalNotReady } = countAddresses(subsets);
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return null;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((subset) => {
    const pool = (truncateReady ? subset.addresses : subset.notReadyAddresses) ?? [];
    // Rounding up means the last subsets may get less than their share.
    const toBeAdded = Math.min(Math.ceil((pool.length / numTotal) * max), canBeAdded);
    const kept = pool.slice(0, toBeAdded);
    canBeAdded -= kept.length;
    const out: EndpointSubset = { ...subset };
    if (truncateReady) {
      if (subset.addresses) out.addresses = kept;
      delete out.notReadyAddresses;
    } else if (subset.notReadyAddresses) {
      out.notReadyAddresses = kept;
    }
    return out;
  });
}
