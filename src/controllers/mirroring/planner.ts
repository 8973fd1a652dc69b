// Pure planner of the EndpointSliceMirroring controller (spec §7.1, upstream
// pkg/controller/endpointslicemirroring): user-written Endpoints of selector-less Services are
// mirrored into EndpointSlices, one slice per (subset ports, address type).
import { hasSelector } from '../endpoints/pods.js';
import { ANNOTATION_LEADER } from '../endpoints/meta.js';
import type { ControllerEvent, Endpoints, Service } from '../endpoints/types.js';
import { desiredFromEndpoints, type DesiredGroup } from './desired.js';
import { invalidIPAddressEvent, tooManyAddressesEvent } from './events.js';
import type { EfficiencyInfo, MirroringSyncMetrics } from './metrics.js';
import { addrTypePortMapKey } from './ports.js';
import {
  CONTROLLER_NAME, DEFAULT_MAX_ENDPOINTS_PER_SUBSET, hasStaleOwner, LABEL_MANAGED_BY, LABEL_SERVICE_NAME,
  LABEL_SKIP_MIRROR, metadataMirrored, newEndpointSlice, totalChanges, type EndpointChanges,
} from './slices.js';
import type { EndpointSlice } from './types.js';

export interface PlanMirroringOptions {
  /** --mirroring-max-endpoints-per-subset: 1..1000, default 1000. */
  maxEndpointsPerSubset?: number;
  /** Key of the sync, needed only when neither the Endpoints nor the Service exists any more. */
  namespace?: string;
  name?: string;
}

export type MirroringPlanReason =
  | 'Mirrored'
  | 'EndpointsNotFound'
  | 'SkipMirror' // skip-mirror label or leader-election annotation on the Endpoints
  | 'ServiceNotFound'
  | 'ServiceHasSelector';

export interface MirroringPlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
  /** Warning events to record on the Endpoints. */
  events: ControllerEvent[];
  metrics: MirroringSyncMetrics;
  reason: MirroringPlanReason;
}

interface GroupPlan extends EndpointChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** shouldMirror: the skip-mirror label and leader-election records opt an Endpoints out. */
export function shouldMirror(endpoints: Endpoints): boolean {
  const m = endpoints.metadata;
  return m.labels?.[LABEL_SKIP_MIRROR] !== 'true' && !(m.annotations && ANNOTATION_LEADER in m.annotations);
}

/** Slices this controller mirrored for `namespace/name`, first by name so choices are stable. */
function mirroredSlices(slices: EndpointSlice[], namespace: string | undefined, name: string | undefined): EndpointSlice[] {
  return slices
    .filter((s) => s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)
    .filter((s) => name === undefined || s.metadata.labels?.[LABEL_SERVICE_NAME] === name)
    .filter((s) => namespace === undefined || (s.metadata.namespace ?? '') === namespace)
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0));
}

function cleanup(slices: EndpointSlice[], reason: MirroringPlanReason): MirroringPlan {
  return { create: [], update: [], delete: slices, events: [], metrics: { portCache: null }, reason };
}

/** reconcileByPortMapping: at most one slice per group, rewritten whole when anything differs. */
function reconcileGroup(endpoints: Endpoints, existing: EndpointSlice[], group: DesiredGroup, max: number): GroupPlan {
  const plan: GroupPlan = { create: [], update: [], delete: [], added: 0, updated: 0, removed: 0 };
  if (group.endpoints.size === 0) {
    plan.delete = existing;
    plan.removed = existing.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0);
    return plan;
  }
  if (existing.length === 0) {
    plan.added = group.endpoints.size;
  } else {
    plan.delete = existing.slice(1);
    Object.assign(plan, totalChanges(existing[0], group.endpoints));
    const unchanged = plan.added === 0 && plan.updated === 0 && plan.removed === 0;
    if (unchanged && metadataMirrored(existing[0], endpoints) && !hasStaleOwner(existing[0], endpoints)) return plan;
  }
  const slice = newEndpointSlice(endpoints, group.ports, group.addressType, existing[0]?.metadata.name);
  slice.endpoints = group.endpoints.values().slice(0, max);
  if (existing.length > 0) plan.update.push(slice);
  else plan.create.push(slice);
  return plan;
}

/**
 * recycleSlices: a create and a delete of the same address type become one update of the
 * deleted slice's name. (Upstream pairs them through a name lookup that can pick the wrong create
 * when both address types are involved; this pairs them as intended.)
 */
function recycle(plan: Pick<MirroringPlan, 'create' | 'update' | 'delete'>): void {
  for (const type of ['IPv4', 'IPv6', 'FQDN']) {
    const creates = plan.create.filter((s) => s.addressType === type);
    const deletes = plan.delete.filter((s) => s.addressType === type);
    for (let i = 0; i < creates.length && i < deletes.length; i++) {
      plan.create = plan.create.filter((s) => s !== creates[i]);
      plan.delete = plan.delete.filter((s) => s !== deletes[i]);
      creates[i].metadata.name = deletes[i].metadata.name;
      plan.update.push(creates[i]);
    }
  }
}

function mirrorEvents(endpoints: Endpoints, max: number, invalid: number, skipped: number): ControllerEvent[] {
  const events: ControllerEvent[] = [];
  if (invalid > 0) events.push(invalidIPAddressEvent(endpoints, invalid));
  if (skipped > invalid) events.push(tooManyAddressesEvent(endpoints, max, skipped));
  return events;
}

function reconcile(endpoints: Endpoints, existing: EndpointSlice[], max: number): MirroringPlan {
  const desired = desiredFromEndpoints(endpoints, max);
  const byKey = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const key = addrTypePortMapKey(s.addressType, s.ports);
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  const plan: MirroringPlan = { create: [], update: [], delete: [], events: [], metrics: { portCache: {} }, reason: 'Mirrored' };
  const totals: EndpointChanges = { added: 0, updated: 0, removed: 0 };
  const portCache: Record<string, EfficiencyInfo> = {};
  for (const group of desired.groups.values()) {
    const slices = byKey.get(group.key) ?? [];
    const g = reconcileGroup(endpoints, slices, group, max);
    plan.create.push(...g.create);
    plan.update.push(...g.update);
    plan.delete.push(...g.delete);
    totals.added += g.added;
    totals.updated += g.updated;
    totals.removed += g.removed;
    portCache[group.key] = { endpoints: group.endpoints.size, slices: slices.length + g.create.length - g.delete.length };
  }
  // Groups no longer desired at all (e.g. the ports changed): their slices go.
  for (const [key, slices] of byKey) if (!desired.groups.has(key)) plan.delete.push(...slices);
  recycle(plan);
  // No new slices for an Endpoints that is being deleted.
  if (endpoints.metadata.deletionTimestamp) plan.create = [];
  plan.events = mirrorEvents(endpoints, max, desired.invalidAddresses, desired.addressesSkipped);
  plan.metrics = {
    observations: { endpointsAdded: totals.added, endpointsUpdated: totals.updated, endpointsRemoved: totals.removed, addressesSkipped: desired.addressesSkipped },
    portCache,
  };
  return plan;
}

/**
 * planMirroring: the writes the mirroring controller would make for the Endpoints `endpoints`
 * (undefined when it no longer exists) given its same-named Service and the EndpointSlices in
 * the namespace (only those labelled as mirrored for this name are considered). Planning again
 * against the slices it produced yields no writes.
 */
export function planMirroring(
  service: Service | undefined,
  endpoints: Endpoints | undefined,
  existingSlices: EndpointSlice[],
  opts: PlanMirroringOptions = {},
): MirroringPlan {
  const max = opts.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET;
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new RangeError(`mirroring-max-endpoints-per-subset must be between 1 and 1000, got ${max}`);
  }
  const meta = endpoints?.metadata ?? service?.metadata;
  const slices = mirroredSlices(existingSlices, meta?.namespace ?? opts.namespace, meta?.name ?? opts.name);
  if (!endpoints) return cleanup(slices, 'EndpointsNotFound');
  if (!shouldMirror(endpoints)) return cleanup(slices, 'SkipMirror');
  if (!service) return cleanup(slices, 'ServiceNotFound');
  if (hasSelector(service)) return cleanup(slices, 'ServiceHasSelector');
  return reconcile(endpoints, slices, max);
}
