// Legacy Endpoints controller: pure planner and the helpers the mirroring controller shares.
export { planEndpoints, planEndpointsFor, desiredSubsets, isServiceIPSet } from './planner.js';
export type { EndpointsPlan, EndpointsPlanReason, PlanEndpointsOptions } from './planner.js';
export { repackSubsets, sortSubsets, compareEndpointAddresses } from './repack.js';
export { truncateSubsets, capacityAnnotationSetCorrectly, MAX_ENDPOINTS_CAPACITY, ANNOTATION_OVER_CAPACITY, OVER_CAPACITY_TRUNCATED } from './truncate.js';
export { subsetsEqual, subsetsEqualIgnoringResourceVersion } from './compare.js';
export { parseIP, isIPv6String } from './ip.js';
export type { IPFamily, ParsedIP } from './ip.js';
export { findPort, hasSelector, isPodReady, selectPods, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
export { failedToCreateEndpointEvent, failedToUpdateEndpointEvent } from './events.js';
export { ANNOTATION_LEADER, ANNOTATION_TRIGGER_TIME, EVENT_SOURCE, LABEL_HEADLESS, formatRFC3339Nano } from './meta.js';
export type * from './types.js';
