// The §5 reconciler for one Service and one address type: what should exist, as create/update/
// delete lists plus the untouched rest. No hints (hints.ts), no names or annotations (planner.ts).
import { endpointKey, endpointsEqualBeyondKey, podToEndpoint } from './endpoints.js';
import { portMapKey } from './ports.js';
import { copySlice, type SliceSets } from './slice-sets.js';
import { equalsPlaceholder, newEndpointSlice, ownedBy, sliceLabels } from './slices.js';
import type { AddressType, Endpoint, EndpointPort, EndpointSlice, Node, Pod, Service } from './types.js';

/** A selected pod that passed ShouldPodBeInEndpoints, with its port list (slice order) and key. */
export interface PodInfo {
  pod: Pod;
  ports: EndpointPort[];
  key: string;
}

/** Endpoints and slices of one port-map key, as the metrics cache records them (EfficiencyInfo). */
export interface EfficiencyInfo {
  endpoints: number;
  slices: number;
}

export interface AddressTypeResult extends SliceSets {
  delete: EndpointSlice[];
  /** Desired endpoints not found in any existing slice. */
  added: number;
  /** Endpoints dropped from existing slices. */
  removed: number;
  portCache: Map<string, EfficiencyInfo>;
  /** Pods skipped because their Node is unknown. */
  errors: string[];
}

interface DesiredGroup {
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

const byName = (a: EndpointSlice, b: EndpointSlice) => {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Desired endpoints per port-map key. A key is registered even if its pods have no address of this type. */
function buildDesired(service: Service, pods: readonly PodInfo[], nodes: ReadonlyMap<string, Node>, addressType: AddressType) {
  const groups = new Map<string, DesiredGroup>();
  const errors: string[] = [];
  const publishNotReady = Boolean(service.spec?.publishNotReadyAddresses);
  for (const { pod, ports, key } of pods) {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: new Map() }));
    const nodeName = pod.spec?.nodeName ?? '';
    const node = nodes.get(nodeName);
    if (!node && !publishNotReady) {
      const svc = `${service.metadata.namespace}/${service.metadata.name}`;
      errors.push(`skipping Pod ${pod.metadata.name} for Service ${svc}: Node ${nodeName} Not Found`);
      continue;
    }
    const ep = podToEndpoint(pod, node, service, addressType);
    if (ep.addresses.length > 0) group.endpoints.set(endpointKey(ep), ep);
  }
  return { groups, errors };
}

/** getSliceToFill: the slice closest to full after taking all `n` endpoints, if any fits. */
function sliceToFill(slices: readonly EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints ?? []).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = s;
      if (diff === 0) break;
    }
  }
  return closest;
}

/** Step 1's outcome for one port mapping: slices by name (copies for those being written). */
export interface PortMappingSlices {
  slices: Map<string, EndpointSlice>;
  /** Names being written, in the order they were chosen. */
  toUpdate: Set<string>;
  /** Names left as they are, in name order. */
  unchanged: Set<string>;
}

/**
 * Steps 2–3 of reconcileByPortMapping: top up slices already being written (fullest first), then
 * fill one unchanged slice if the whole remainder fits, else create new slices. `rest` are the
 * desired endpoints no existing slice holds, in pod name order. Returns the slices to create.
 */
export function placeEndpoints(service: Service, addressType: AddressType, ports: EndpointPort[], max: number,
  sets: PortMappingSlices, rest: readonly Endpoint[]): EndpointSlice[] {
  const { slices, toUpdate, unchanged } = sets;
  let next = 0;

  // Step 2: top up slices that are being written anyway, fullest first.
  if (rest.length > 0 && toUpdate.size > 0) {
    const fullestFirst = [...toUpdate].map((n) => slices.get(n)!);
    fullestFirst.sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length || byName(a, b));
    for (const s of fullestFirst) while (next < rest.length && s.endpoints!.length < max) s.endpoints!.push(rest[next++]);
  }

  // Step 3: one unchanged slice if the whole remainder fits in it, otherwise new slices.
  const create: EndpointSlice[] = [];
  while (next < rest.length) {
    const remaining = rest.length - next;
    let target: EndpointSlice | undefined;
    if (remaining < max && unchanged.size > 0) {
      const candidate = sliceToFill([...unchanged].map((n) => slices.get(n)!), remaining, max);
      if (candidate) {
        target = copySlice(candidate);
        slices.set(candidate.metadata.name ?? '', target);
        unchanged.delete(candidate.metadata.name ?? '');
        toUpdate.add(candidate.metadata.name ?? '');
      }
    }
    if (!target) {
      target = newEndpointSlice(service, addressType, ports);
      create.push(target);
    }
    while (next < rest.length && target.endpoints!.length < max) target.endpoints!.push(rest[next++]);
  }
  return create;
}

/**
 * reconcileByPortMapping (§5.3): shrink existing slices in place, top up the ones already being
 * updated, then fill one unchanged slice only if the whole remainder fits, else create new ones.
 * Consumes `desired`. Existing slices must be sorted by name (our deterministic tie-break).
 */
function reconcileByPortMapping(service: Service, existing: readonly EndpointSlice[], group: DesiredGroup, addressType: AddressType, max: number) {
  const desired = group.endpoints;
  const slices = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete: EndpointSlice[] = [];
  let removed = 0;

  // Step 1: keep still-desired endpoints (as their desired version), note what changed.
  for (const slice of existing) {
    const name = slice.metadata.name ?? '';
    slices.set(name, slice);
    const old = slice.endpoints ?? [];
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of old) {
      const key = endpointKey(ep);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, ep)) endpointUpdated = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice.metadata.labels, service);
    if (endpointUpdated || kept.length !== old.length) {
      removed += old.length - kept.length;
      if (kept.length === 0) {
        toDelete.push(slice);
        continue;
      }
      const copy = copySlice(slice, kept);
      copy.metadata.labels = labels;
      slices.set(name, copy);
      toUpdate.add(name);
    } else if (labelsChanged) {
      const copy = copySlice(slice);
      copy.metadata.labels = labels;
      slices.set(name, copy);
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  const added = desired.size;
  // From here on endpoints are only taken in order, so walk an array instead of the map.
  const create = placeEndpoints(service, addressType, group.ports, max, { slices, toUpdate, unchanged }, [...desired.values()]);
  const update = [...toUpdate].map((n) => slices.get(n)!);
  return { create, update, delete: toDelete, added, removed };
}

/** This address type's existing slices by name; unowned ones go to delete, the rest by port-map key. */
export function groupExisting(service: Service, existing: readonly EndpointSlice[]) {
  const sorted = [...existing].sort(byName);
  const toDelete: EndpointSlice[] = [];
  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const s of sorted) {
    if (!ownedBy(s, service)) {
      toDelete.push(s);
      continue;
    }
    const key = portMapKey(s.ports);
    const list = existingByKey.get(key);
    if (list) list.push(s);
    else existingByKey.set(key, [s]);
  }
  return { sorted, toDelete, existingByKey };
}

/** What the port mappings of one address type produced, before §5.4–5.5. */
export interface MappingResults {
  create: EndpointSlice[];
  update: EndpointSlice[];
  toDelete: EndpointSlice[];
  portCache: Map<string, EfficiencyInfo>;
  added: number;
  removed: number;
}

/** §5.4 (port lists nobody wants any more) and §5.5 (the placeholder), then the unchanged rest. */
export function finishAddressType(service: Service, addressType: AddressType, sorted: readonly EndpointSlice[],
  existingByKey: ReadonlyMap<string, EndpointSlice[]>, wanted: (key: string) => boolean, r: MappingResults,
  errors: string[]): AddressTypeResult {
  const { create, update, toDelete, portCache } = r;
  for (const [key, slicesOfKey] of existingByKey) if (!wanted(key)) toDelete.push(...slicesOfKey);

  // Keep exactly one placeholder when there would otherwise be no slice at all.
  if (sorted.length === toDelete.length && create.length === 0) {
    const placeholder = newEndpointSlice(service, addressType, []);
    if (toDelete.length === 1 && equalsPlaceholder(toDelete[0], placeholder)) toDelete.length = 0;
    else create.push(placeholder);
    portCache.set(portMapKey([]), { endpoints: 0, slices: 1 });
  }

  const changed = new Set([...update, ...toDelete].map((s) => s.metadata.name));
  const unchanged = sorted.filter((s) => !changed.has(s.metadata.name));
  return { create, update, delete: toDelete, unchanged, added: r.added, removed: r.removed, portCache, errors };
}

/**
 * reconcileByAddressType minus hints and API calls: `existing` are this address type's managed
 * slices (owned or not). Returns what to create/update/delete and which slices stay unchanged.
 */
export function reconcileAddressType(
  service: Service,
  pods: readonly PodInfo[],
  nodes: ReadonlyMap<string, Node>,
  existing: readonly EndpointSlice[],
  addressType: AddressType,
  max: number,
): AddressTypeResult {
  const { sorted, toDelete, existingByKey } = groupExisting(service, existing);
  const { groups, errors } = buildDesired(service, pods, nodes, addressType);
  const r: MappingResults = { create: [], update: [], toDelete, portCache: new Map(), added: 0, removed: 0 };
  for (const [key, group] of groups) {
    const numEndpoints = group.endpoints.size;
    const slicesOfKey = existingByKey.get(key) ?? [];
    const m = reconcileByPortMapping(service, slicesOfKey, group, addressType, max);
    r.added += m.added;
    r.removed += m.removed;
    r.portCache.set(key, { endpoints: numEndpoints, slices: slicesOfKey.length + m.create.length - m.delete.length });
    r.create.push(...m.create);
    r.update.push(...m.update);
    toDelete.push(...m.delete);
  }
  return finishAddressType(service, addressType, sorted, existingByKey, (key) => groups.has(key), r, errors);
}
