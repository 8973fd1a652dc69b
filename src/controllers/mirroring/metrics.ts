// Mirroring controller metrics (spec §8, subsystem endpoint_slice_mirroring_controller). The
// planner reports per-sync numbers; MirroringMetricsCache turns them into the three gauges.

export const METRICS_SUBSYSTEM = 'endpoint_slice_mirroring_controller';

/** Histogram buckets of the *_per_sync metrics: 2, 4, 8, … 32768. */
export const PER_SYNC_BUCKETS = Array.from({ length: 15 }, (_, i) => 2 ** (i + 1));
/** Buckets of endpoints_sync_duration (seconds): 0.001 × 2^k, 15 of them. */
export const SYNC_DURATION_BUCKETS = Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i);

export interface EfficiencyInfo {
  endpoints: number;
  slices: number;
}

export interface MirroringSyncMetrics {
  /**
   * Histogram observations of a sync that reconciled (absent when the sync only cleaned up):
   * endpoints_added_per_sync, endpoints_updated_per_sync, endpoints_removed_per_sync,
   * addresses_skipped_per_sync.
   */
  observations?: { endpointsAdded: number; endpointsUpdated: number; endpointsRemoved: number; addressesSkipped: number };
  /** Per (addressType, ports) key of this Endpoints, to store in the cache; null = forget this Endpoints. */
  portCache: Record<string, EfficiencyInfo> | null;
}

/**
 * The controller-wide cache behind endpoints_desired, num_endpoint_slices and
 * desired_endpoint_slices. `changes{operation}` and `endpoints_sync_duration` are counted by the
 * applier, per successful API write and per sync.
 */
export class MirroringMetricsCache {
  private readonly byEndpoints = new Map<string, Record<string, EfficiencyInfo>>();
  constructor(private readonly maxEndpointsPerSubset: number) {}

  /** Applies one sync's result for the Endpoints `namespace/name`. */
  apply(key: string, metrics: MirroringSyncMetrics): void {
    if (metrics.portCache === null) this.byEndpoints.delete(key);
    else this.byEndpoints.set(key, metrics.portCache);
  }

  gauges(): { endpointsDesired: number; numEndpointSlices: number; desiredEndpointSlices: number } {
    let endpointsDesired = 0;
    let numEndpointSlices = 0;
    let desiredEndpointSlices = 0;
    for (const items of this.byEndpoints.values()) {
      for (const info of Object.values(items)) {
        endpointsDesired += info.endpoints;
        numEndpointSlices += info.slices;
        desiredEndpointSlices += Math.ceil(info.endpoints / this.maxEndpointsPerSubset);
      }
    }
    return { endpointsDesired, numEndpointSlices, desiredEndpointSlices };
  }
}
