// endpoint_slice_controller_* metrics (names, types, labels and buckets as upstream; spec §8).
import { Counter, Gauge, Histogram, exponentialBuckets, type MetricsRegistry } from '../../metrics/registry.js';
import type { Plan } from './planner.js';

const SUB = 'endpoint_slice_controller';

export class EndpointSliceMetrics {
  readonly added: Histogram;
  readonly removed: Histogram;
  readonly desired: Gauge;
  readonly numSlices: Gauge;
  readonly desiredSlices: Gauge;
  readonly changes: Counter;
  readonly changedPerSync: Histogram;
  readonly syncs: Counter;
  readonly byTrafficDistribution: Gauge;
  private perService = new Map<string, { endpoints: number; actualSlices: number; desiredSlices: number; td: string | null }>();

  constructor(reg: MetricsRegistry) {
    const b = exponentialBuckets(2, 2, 15);
    this.added = reg.register(new Histogram(`${SUB}_endpoints_added_per_sync`, 'Number of endpoints added on each Service sync', b, 'BETA'));
    this.removed = reg.register(new Histogram(`${SUB}_endpoints_removed_per_sync`, 'Number of endpoints removed on each Service sync', b, 'BETA'));
    this.desired = reg.register(new Gauge(`${SUB}_endpoints_desired`, 'Number of endpoints desired', 'BETA'));
    this.numSlices = reg.register(new Gauge(`${SUB}_num_endpoint_slices`, 'Number of EndpointSlices', 'BETA'));
    this.desiredSlices = reg.register(new Gauge(`${SUB}_desired_endpoint_slices`, 'Number of EndpointSlices that would exist with perfect endpoint allocation', 'BETA'));
    this.changes = reg.register(new Counter(`${SUB}_changes`, 'Number of EndpointSlice changes', 'ALPHA'));
    this.changedPerSync = reg.register(new Histogram(`${SUB}_endpointslices_changed_per_sync`, 'Number of EndpointSlices changed on each Service sync', undefined, 'ALPHA'));
    this.syncs = reg.register(new Counter(`${SUB}_syncs`, 'Number of EndpointSlice syncs', 'ALPHA'));
    this.byTrafficDistribution = reg.register(new Gauge(`${SUB}_services_count_by_traffic_distribution`, 'Number of Services using some specific trafficDistribution', 'BETA'));
    this.desired.set(0);
    this.numSlices.set(0);
    this.desiredSlices.set(0);
  }

  observe(serviceKey: string, plan: Plan): void {
    const m = plan.metrics;
    if (!m) return this.forget(serviceKey);
    for (const at of m.perAddressType) {
      this.added.observe(at.endpointsAdded);
      this.removed.observe(at.endpointsRemoved);
      this.changedPerSync.observe(at.slicesChanged, { topology: at.topology, traffic_distribution: at.trafficDistribution });
    }
    this.setService(serviceKey, { ...m.service, td: m.trafficDistribution });
  }

  forget(serviceKey: string): void {
    this.setService(serviceKey, undefined);
  }

  private setService(k: string, next: { endpoints: number; actualSlices: number; desiredSlices: number; td: string | null } | undefined): void {
    const prev = this.perService.get(k);
    if (prev) {
      this.desired.add(-prev.endpoints);
      this.numSlices.add(-prev.actualSlices);
      this.desiredSlices.add(-prev.desiredSlices);
      if (prev.td) this.byTrafficDistribution.add(-1, { traffic_distribution: prev.td });
    }
    if (next) {
      this.desired.add(next.endpoints);
      this.numSlices.add(next.actualSlices);
      this.desiredSlices.add(next.desiredSlices);
      if (next.td) this.byTrafficDistribution.add(1, { traffic_distribution: next.td });
      this.perService.set(k, next);
    } else this.perService.delete(k);
  }
}
