// Public surface of the EndpointSlice controller's pure planner.
export * from './constants.js';
export type * from './types.js';
export { parseIP, isIPv6String, type ParsedIP } from './ip.js';
export { fnv128a, portDump, portHash, sortPorts, portMapKey, findPort, endpointPortsForPod, portResolver } from './ports.js';
export {
  isPodReady,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  endpointAddresses,
  podToEndpoint,
  endpointKey,
  endpointsEqualBeyondKey,
  endpointReady,
} from './endpoints.js';
export {
  serviceSelector,
  selectorMatches,
  isServiceIPSet,
  supportedAddressTypes,
  hintsEnabled,
  isReservedLabelKey,
  sliceLabels,
  serviceOwnerReference,
  ownedBy,
  slicePrefix,
  newEndpointSlice,
  equalsPlaceholder,
} from './slices.js';
export {
  buildNodeView,
  cpuRatiosByZone,
  getAllocations,
  quantityToMillis,
  serviceOverloaded,
  TOPOLOGY_MESSAGES,
  type NodeView,
  type ZoneAllocation,
} from './topology.js';
export { usableTrafficDistribution, type TopologyHintsState } from './plan-hints.js';
export { computeTriggerTime, formatRFC3339Nano, normalizeTimestamp, type TriggerTimeState } from './trigger-time.js';
export { aggregateErrorMessage, failedToUpdateEvent, withAddressType, type PlanEvent } from './events.js';
export type { EfficiencyInfo } from './reconcile.js';
export {
  planService,
  managedSlices,
  type Plan,
  type PlanOptions,
  type PlanMetrics,
  type AddressTypeMetrics,
} from './planner.js';
