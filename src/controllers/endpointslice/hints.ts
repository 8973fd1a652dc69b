// Topology hints (spec §6): removing them, and the topology-mode Auto allocation heuristic (§6.1).
import { jsonEqual } from '../../util/copy.js';
import { endpointReady } from './endpoints.js';
import { copySlice, countReady, type SliceSets } from './slice-sets.js';
import { getAllocations, TOPOLOGY_MESSAGES, type ZoneAllocation } from './topology.js';
import type { EndpointSlice } from './types.js';

const anyHints = (s: EndpointSlice) => (s.endpoints ?? []).some((ep) => ep.hints !== undefined && ep.hints !== null);

// Stored slices are deep-frozen and never change: a sync that leaves a big Service's slices alone
// should not walk every endpoint of every slice again to find none has hints.
const hintsMemo = new WeakMap<EndpointSlice, boolean>();

function hasHints(s: EndpointSlice): boolean {
  if (!Object.isFrozen(s) || !Object.isFrozen(s.endpoints ?? [])) return anyHints(s);
  let h = hintsMemo.get(s);
  if (h === undefined) hintsMemo.set(s, (h = anyHints(s)));
  return h;
}

/** Strips hints from slices being written, and moves unchanged slices that carry hints to update. */
export function removeHintsFromSlices(sets: SliceSets): SliceSets {
  for (const s of [...sets.create, ...sets.update]) for (const ep of s.endpoints ?? []) delete ep.hints;
  const update = [...sets.update];
  const unchanged: EndpointSlice[] = [];
  for (const s of sets.unchanged) {
    if (!hasHints(s)) {
      unchanged.push(s);
      continue;
    }
    const copy = copySlice(s);
    for (const ep of copy.endpoints ?? []) delete ep.hints;
    update.push(copy);
  }
  return { create: sets.create, update, unchanged };
}

/**
 * getHintsByZone: hinted zones of one unchanged slice's ready endpoints, or null when the slice
 * must be rewritten (a ready endpoint without zone hints, a zone without allocation, or counts that
 * would push a zone past its maximum given the slices kept so far).
 *
 * Deliberate deviation: an endpoint's hint for its *own* zone is accepted even when that zone has
 * no allocation (its nodes are all control-plane or not Ready). Upstream's assignment gives exactly
 * that hint, then rejects it on every later sync and rewrites the slice again and again.
 */
function hintsByZone(slice: EndpointSlice, kept: Map<string, number>, allocations: Map<string, ZoneAllocation>): Map<string, number> | null {
  const counts = new Map<string, number>();
  for (const ep of slice.endpoints ?? []) {
    if (!endpointReady(ep)) continue;
    const zones = ep.hints?.forZones ?? [];
    if (zones.length === 0) return null;
    for (const z of zones) {
      if (!allocations.has(z.name) && z.name !== ep.zone) return null;
      counts.set(z.name, (counts.get(z.name) ?? 0) + 1);
    }
  }
  for (const [zone, n] of counts) {
    const a = allocations.get(zone);
    if (a && n + (kept.get(zone) ?? 0) > a.maximum) return null;
  }
  return counts;
}

/** The zone with the largest positive value; ties go to the first zone in name order. */
function getMost(m: Map<string, number>): [string, number] {
  let best: [string, number] = ['', 0];
  for (const [z, n] of m) if (n > best[1]) best = [z, n];
  return best;
}

/** Whole endpoints each zone should give away / receive, from fractional surpluses and deficits. */
function givingAndReceiving(allocations: Map<string, ZoneAllocation>, allocated: Map<string, number>) {
  const giveWanted = new Map<string, number>();
  const receiveWanted = new Map<string, number>();
  for (const [zone, a] of allocations) {
    const have = allocated.get(zone) ?? 0;
    if (have > a.desired) giveWanted.set(zone, have - a.desired);
    else if (have < a.desired) receiveWanted.set(zone, a.desired - have);
  }
  const giving = new Map<string, number>();
  const receiving = new Map<string, number>();
  for (;;) {
    const [gz, give] = getMost(giveWanted);
    const [rz, receive] = getMost(receiveWanted);
    if (gz === '' || rz === '' || (give < 1 && receive < 1) || give < 0.5 || receive < 0.5) break;
    giving.set(gz, (giving.get(gz) ?? 0) + 1);
    giveWanted.set(gz, give - 1);
    receiving.set(rz, (receiving.get(rz) ?? 0) + 1);
    receiveWanted.set(rz, receive - 1);
  }
  return { giving: sortByKey(giving), receiving: sortByKey(receiving) };
}

const sortByKey = (m: Map<string, number>) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Re-hints endpoints of giving zones to receiving zones; returns the change in count per zone. */
function redistribute(slices: EndpointSlice[], giving: Map<string, number>, receiving: Map<string, number>): Map<string, number> {
  const diff = new Map<string, number>();
  for (const slice of slices) {
    for (const ep of slice.endpoints ?? []) {
      if (!endpointReady(ep)) continue;
      if (giving.size === 0 || receiving.size === 0) return diff;
      if (!ep.zone || !((giving.get(ep.zone) ?? 0) > 0)) continue;
      const [rz, toReceive] = [...receiving].find(([, n]) => n > 0) ?? ['', 0];
      if (rz === '') continue;
      ep.hints = { forZones: [{ name: rz }] };
      const toGive = giving.get(ep.zone)!;
      if (toGive === 1) giving.delete(ep.zone);
      else giving.set(ep.zone, toGive - 1);
      if (toReceive === 1) receiving.delete(rz);
      else receiving.set(rz, toReceive - 1);
      diff.set(rz, (diff.get(rz) ?? 0) + 1);
      diff.set(ep.zone, (diff.get(ep.zone) ?? 0) - 1);
    }
  }
  return diff;
}

export type AutoHintsResult =
  | { sets: SliceSets; allocatedByZone: Record<string, number> }
  | { sets: SliceSets; disabledMessage: string };

/**
 * AddHints for topology-mode Auto. On failure every hint is removed. Deliberate deviation: the
 * failure paths strip hints from the slice lists as they were before unchanged slices were
 * re-examined, so a slice that was only re-examined (and has no hints) is not rewritten as a no-op.
 */
export function addAutoHints(sets: SliceSets, ratios: ReadonlyMap<string, number> | null): AutoHintsResult {
  const total = countReady(sets.create) + countReady(sets.update) + countReady(sets.unchanged);
  const alloc = getAllocations(ratios, total);
  if ('message' in alloc) return { sets: removeHintsFromSlices(sets), disabledMessage: alloc.message };
  const { allocations } = alloc;

  const allocated = new Map<string, number>();
  // Unchanged slices whose hints are no longer acceptable are re-hinted on a copy.
  const moved: { original: EndpointSlice; copy: EndpointSlice }[] = [];
  for (const s of sets.unchanged) {
    const counts = hintsByZone(s, allocated, allocations);
    if (counts === null) {
      moved.push({ original: s, copy: copySlice(s) });
      continue;
    }
    for (const [z, n] of counts) allocated.set(z, (allocated.get(z) ?? 0) + n);
  }

  // Step 1: every ready endpoint being written starts with a hint for its own zone.
  const allocatable = [...sets.create, ...sets.update, ...moved.map((m) => m.copy)];
  for (const slice of allocatable) {
    for (const ep of slice.endpoints ?? []) {
      // Not-ready endpoints are left as they are (upstream clears hints on a copy only).
      if (!endpointReady(ep)) continue;
      if (!ep.zone) return { sets: removeHintsFromSlices(sets), disabledMessage: TOPOLOGY_MESSAGES.noZoneSpecified };
      allocated.set(ep.zone, (allocated.get(ep.zone) ?? 0) + 1);
      ep.hints = { forZones: [{ name: ep.zone }] };
    }
  }

  // Steps 2–3: move whole endpoints from over-served zones to under-served ones.
  const { giving, receiving } = givingAndReceiving(allocations, allocated);
  for (const [zone, d] of redistribute(allocatable, giving, receiving)) allocated.set(zone, (allocated.get(zone) ?? 0) + d);

  if (allocated.size === 0) {
    return { sets: removeHintsFromSlices(sets), disabledMessage: TOPOLOGY_MESSAGES.noAllocatedHintsForZones };
  }
  // Deliberate deviation: a re-examined slice whose hints came out as they were is not rewritten.
  // Upstream PUTs it unchanged on every sync, e.g. when a ready endpoint's zone has only
  // control-plane nodes (its own-zone hint is never "valid", but is re-assigned identically).
  const rewrite = moved.filter((m) => !jsonEqual(m.copy.endpoints, m.original.endpoints));
  const rewritten = new Set(rewrite.map((m) => m.original));
  return {
    sets: {
      create: sets.create,
      update: [...sets.update, ...rewrite.map((m) => m.copy)],
      unchanged: sets.unchanged.filter((s) => !rewritten.has(s)),
    },
    allocatedByZone: Object.fromEntries([...allocated].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
