// EndpointSliceMirroring controller: pure planner for selector-less Services' user-written Endpoints.
export { planMirroring, shouldMirror } from './planner.js';
export type { MirroringPlan, MirroringPlanReason, PlanMirroringOptions } from './planner.js';
export { desiredFromEndpoints } from './desired.js';
export type { DesiredGroup, DesiredState } from './desired.js';
export { addressToEndpoint, endpointKey, endpointsEqualBeyondHash, EndpointSet } from './endpoints.js';
export { addrTypePortMapKey, fnv128a, slicePortsFromEndpointPorts, sortSlicePorts } from './ports.js';
export {
  ANNOTATION_LAST_APPLIED, CONTROLLER_NAME, DEFAULT_MAX_ENDPOINTS_PER_SUBSET, EVENT_SOURCE, LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME, LABEL_SKIP_MIRROR, mirroredAnnotations, mirroredLabels, newEndpointSlice, sliceNamePrefix,
} from './slices.js';
export { invalidIPAddressEvent, tooManyAddressesEvent } from './events.js';
export { MirroringMetricsCache, METRICS_SUBSYSTEM, PER_SYNC_BUCKETS, SYNC_DURATION_BUCKETS } from './metrics.js';
export type { EfficiencyInfo, MirroringSyncMetrics } from './metrics.js';
export type { AddressType, EndpointSlice, SliceEndpoint, SlicePort } from './types.js';
