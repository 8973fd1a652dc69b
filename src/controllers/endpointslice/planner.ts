// planService: everything the EndpointSlice controller would write for one Service, as data.
// Pure: no I/O, clock or randomness of its own (names come from opts.generateName).
import {
  ANNOTATION_TRIGGER_TIME,
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  MAX_ENDPOINTS_PER_SLICE_LIMIT,
} from './constants.js';
import { shouldPodBeInEndpoints } from './endpoints.js';
import { type PlanEvent } from './events.js';
import { applyHints, type TopologyHintsState } from './plan-hints.js';
import { portResolver } from './ports.js';
import { reconcileAddressType, type AddressTypeResult, type EfficiencyInfo, type PodInfo } from './reconcile.js';
import { ownedBy, selectorMatches, serviceSelector, slicePrefix, supportedAddressTypes } from './slices.js';
import { buildNodeView, isNodeView, type NodeView } from './topology.js';
import { normalizeTimestamp } from './trigger-time.js';
import type { AddressType, EndpointSlice, Node, Pod, Service } from './types.js';

export type { TopologyHintsState } from './plan-hints.js';

export interface PlanOptions {
  /** --max-endpoints-per-slice: default 100, 1..1000. */
  maxEndpointsPerSlice: number;
  /** RFC 3339; the trigger time when `triggerTime` is not given. */
  now: string;
  /** Returns prefix + 5 random chars (the API server's generateName rule); called once per create. */
  generateName: (prefix: string) => string;
  /**
   * last-change-trigger-time from computeTriggerTime(): a timestamp, or null for "zero" (the
   * annotation is removed from written slices). Undefined: use `now`.
   */
  triggerTime?: string | null;
  /** What the topology cache remembers about this Service's hints (from the previous plan). */
  topologyState?: TopologyHintsState;
  /** Feature gate TopologyAwareHints (default true). Off: no topology cache, Auto never runs. */
  topologyAwareHints?: boolean;
  /** Feature gate PreferSameTrafficDistribution (default true): accept PreferSameZone/PreferSameNode. */
  preferSameTrafficDistribution?: boolean;
  /**
   * Not upstream behaviour: delete our managed slices of a Service without selector (or of type
   * ExternalName). Upstream leaves them in place (issue #118376). Default false.
   */
  deleteSlicesWithoutSelector?: boolean;
}

export interface AddressTypeMetrics {
  addressType: AddressType;
  /** endpoints_added_per_sync / endpoints_removed_per_sync observations. */
  endpointsAdded: number;
  endpointsRemoved: number;
  /** endpointslices_changed_per_sync observation: creates + updates + deletes of this address type. */
  slicesChanged: number;
  /** Its labels. */
  topology: 'Auto' | 'Disabled';
  trafficDistribution: string;
  /** EfficiencyInfo per port-map key. */
  portCache: EfficiencyInfo[];
}

export interface PlanMetrics {
  perAddressType: AddressTypeMetrics[];
  /**
   * What the metrics cache holds for this Service afterwards (endpoints_desired,
   * num_endpoint_slices, desired_endpoint_slices contributions). Upstream replaces the Service's
   * entry once per address type, so a dual-stack Service reports its last address type's totals.
   */
  service: { endpoints: number; actualSlices: number; desiredSlices: number };
  /** The Service's services_count_by_traffic_distribution bucket, or null. */
  trafficDistribution: string | null;
}

export interface Plan {
  /** POST in order; each has metadata.name from generateName (and generateName itself). */
  create: EndpointSlice[];
  /** PUT in order; full objects keeping name, uid and resourceVersion of the slice they replace. */
  update: EndpointSlice[];
  /** DELETE in order; the existing objects as given. */
  delete: EndpointSlice[];
  /** Topology events, in the order upstream records them. */
  events: PlanEvent[];
  /** Non-fatal sync errors (missing Nodes); see failedToUpdateEvent(). The writes still happen. */
  errors: string[];
  /** null when the Service is skipped. */
  metrics: PlanMetrics | null;
  /** Next topology state to pass in on the following plan. */
  topologyState: TopologyHintsState;
  skipped?: 'ExternalName' | 'NoSelector';
}

/** Our slices among `existing`: managed by this controller, for this Service, not being deleted. */
export function managedSlices(service: Service, existing: readonly EndpointSlice[]): EndpointSlice[] {
  return existing.filter(
    (s) =>
      s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME &&
      s.metadata.labels?.[LABEL_SERVICE_NAME] === service.metadata.name &&
      (s.metadata.namespace ?? service.metadata.namespace) === service.metadata.namespace &&
      !s.metadata.deletionTimestamp,
  );
}

/** Selected pods that may contribute endpoints, sorted by name (our order for new endpoints). */
function selectPods(service: Service, selector: Record<string, string>, pods: readonly Pod[]): PodInfo[] {
  const out: PodInfo[] = [];
  const portsOf = portResolver(service);
  for (const pod of pods) {
    if (pod.metadata.namespace !== service.metadata.namespace) continue;
    if (!selectorMatches(selector, pod.metadata.labels) || !shouldPodBeInEndpoints(pod)) continue;
    out.push({ pod, ...portsOf(pod) });
  }
  return out.sort((a, b) => {
    const x = a.pod.metadata.name ?? '';
    const y = b.pod.metadata.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function portCacheTotals(cache: readonly EfficiencyInfo[], max: number) {
  let endpoints = 0;
  let actualSlices = 0;
  let desiredSlices = 0;
  for (const e of cache) {
    endpoints += e.endpoints;
    actualSlices += e.slices;
    desiredSlices += Math.ceil(e.endpoints / max);
  }
  // There is always a placeholder.
  return { endpoints, actualSlices, desiredSlices: Math.max(desiredSlices, 1) };
}

function setTriggerTime(slice: EndpointSlice, triggerTime: string | null): void {
  const annotations = { ...(slice.metadata.annotations ?? {}) };
  if (triggerTime !== null) annotations[ANNOTATION_TRIGGER_TIME] = triggerTime;
  else delete annotations[ANNOTATION_TRIGGER_TIME];
  if (Object.keys(annotations).length > 0) slice.metadata.annotations = annotations;
  else delete slice.metadata.annotations;
}

/**
 * finalize (§5.6 step 2): turn create+delete pairs into updates of the to-be-deleted slice, which
 * must be owned by the Service and of the same address type. The last create takes the next delete.
 */
function recycle(service: Service, create: EndpointSlice[], update: EndpointSlice[], del: EndpointSlice[]): void {
  for (let i = 0; i < del.length && create.length > 0; ) {
    const old = del[i];
    const slice = create[create.length - 1];
    if (old.addressType !== slice.addressType || !ownedBy(old, service)) {
      i++;
      continue;
    }
    slice.metadata.name = old.metadata.name;
    if (old.metadata.uid !== undefined) slice.metadata.uid = old.metadata.uid;
    if (old.metadata.resourceVersion !== undefined) slice.metadata.resourceVersion = old.metadata.resourceVersion;
    create.pop();
    update.push(slice);
    del.splice(i, 1);
  }
}

function skippedPlan(managed: EndpointSlice[], reason: Plan['skipped'], opts: PlanOptions, state: TopologyHintsState): Plan {
  const del = opts.deleteSlicesWithoutSelector ? managed : [];
  return { create: [], update: [], delete: del, events: [], errors: [], metrics: null, topologyState: state, skipped: reason };
}

/** Reconciles one address type's existing managed slices against the desired endpoints (§5.1–5.5). */
export type AddressTypeReconciler = (existing: readonly EndpointSlice[], addressType: AddressType) => AddressTypeResult;

interface PlanContext {
  service: Service;
  reconcile: AddressTypeReconciler;
  nodes: NodeView;
  state: TopologyHintsState;
  triggerTime: string | null;
  opts: PlanOptions;
}

/** One address type: reconcile (§5.1–5.5), hints (§6), then finalize (§5.6) into `plan`. */
function planAddressType(ctx: PlanContext, managed: EndpointSlice[], addressType: AddressType, plan: Plan): AddressTypeMetrics {
  const { service, opts } = ctx;
  const existing = managed.filter((s) => s.addressType === addressType);
  const r = ctx.reconcile(existing, addressType);
  const hinted = applyHints(service, r, ctx.nodes, ctx.state, addressType, opts);
  const create = [...hinted.sets.create];
  const update = [...hinted.sets.update];
  const del = [...r.delete];
  recycle(service, create, update, del);
  const slicesChanged = create.length + update.length + del.length;
  // No creates while the Service is being deleted: they would race the garbage collector.
  if (service.metadata.deletionTimestamp) create.length = 0;
  for (const s of create) s.metadata.name = opts.generateName(slicePrefix(service));
  for (const s of [...create, ...update]) setTriggerTime(s, ctx.triggerTime);
  plan.create.push(...create);
  plan.update.push(...update);
  plan.delete.push(...del);
  plan.events.push(...hinted.events);
  plan.errors.push(...r.errors);
  return {
    addressType,
    endpointsAdded: r.added,
    endpointsRemoved: r.removed,
    slicesChanged,
    topology: hinted.topologyLabel,
    trafficDistribution: hinted.metricTrafficDistribution,
    portCache: [...r.portCache.values()],
  };
}

export function planService(
  service: Service,
  pods: readonly Pod[],
  nodes: readonly Node[] | NodeView,
  existingSlices: readonly EndpointSlice[],
  opts: PlanOptions,
): Plan {
  const view = isNodeView(nodes) ? nodes : buildNodeView(nodes);
  let selected: PodInfo[] | undefined;
  return planServiceWith(service, view, existingSlices, opts, (existing, addressType) => {
    // Only reached for a Service with a selector.
    selected ??= selectPods(service, serviceSelector(service)!, pods);
    return reconcileAddressType(service, selected, view.byName, existing, addressType, opts.maxEndpointsPerSlice);
  });
}

/**
 * planService with the reconcile of each address type supplied by the caller: the full one above,
 * or the controller's incremental one (service-state.ts), which must give the same result.
 */
export function planServiceWith(
  service: Service,
  nodes: NodeView,
  existingSlices: readonly EndpointSlice[],
  opts: PlanOptions,
  reconcile: AddressTypeReconciler,
): Plan {
  const max = opts.maxEndpointsPerSlice;
  if (!Number.isInteger(max) || max < 1 || max > MAX_ENDPOINTS_PER_SLICE_LIMIT) {
    throw new RangeError(`maxEndpointsPerSlice must be an integer in 1..${MAX_ENDPOINTS_PER_SLICE_LIMIT}, got ${max}`);
  }
  const state: TopologyHintsState = {
    populated: opts.topologyState?.populated ?? false,
    zoneCounts: { ...(opts.topologyState?.zoneCounts ?? {}) },
  };
  const managed = managedSlices(service, existingSlices);
  if (service.spec?.type === 'ExternalName') return skippedPlan(managed, 'ExternalName', opts, state);
  const selector = serviceSelector(service);
  if (!selector) return skippedPlan(managed, 'NoSelector', opts, state);

  const supported = supportedAddressTypes(service);
  const unsupported = managed.filter((s) => !supported.includes(s.addressType as AddressType));
  if (opts.topologyAwareHints !== false) {
    for (const s of unsupported) {
      delete state.zoneCounts[s.addressType];
      state.populated = false;
    }
  }
  const ctx: PlanContext = {
    service,
    reconcile,
    nodes,
    state,
    triggerTime: opts.triggerTime === undefined ? normalizeTimestamp(opts.now) : opts.triggerTime ? normalizeTimestamp(opts.triggerTime) : null,
    opts,
  };
  const plan: Plan = { create: [], update: [], delete: [], events: [], errors: [], metrics: null, topologyState: state };
  const perAddressType = supported.map((addressType) => planAddressType(ctx, managed, addressType, plan));
  // Slices of address types the Service no longer has go last.
  plan.delete.push(...unsupported);
  const last = perAddressType[perAddressType.length - 1];
  plan.metrics = {
    perAddressType,
    service: portCacheTotals(last.portCache, max),
    trafficDistribution: last.trafficDistribution || null,
  };
  return plan;
}
