// spec.trafficDistribution hints (spec §6.2): a per-endpoint rule with no balancing.
import { endpointReady } from './endpoints.js';
import { copySlice, type SliceSets } from './slice-sets.js';
import type { Endpoint, EndpointSlice } from './types.js';

const isSet = (v: string | null | undefined): v is string => v !== undefined && v !== null;

/** Hints one ready endpoint should carry: its zone, plus its node under PreferSameNode. */
function wantedHints(ep: Endpoint, nodeHints: boolean) {
  return {
    zone: isSet(ep.zone) ? ep.zone : undefined,
    node: nodeHints && isSet(ep.nodeName) ? ep.nodeName : undefined,
  };
}

function needsUpdate(slice: EndpointSlice, nodeHints: boolean): boolean {
  for (const ep of slice.endpoints ?? []) {
    if (!endpointReady(ep)) continue;
    const want = wantedHints(ep, nodeHints);
    const zones = ep.hints?.forZones ?? [];
    const nodes = ep.hints?.forNodes ?? [];
    if (want.zone !== undefined ? zones.length !== 1 || zones[0].name !== want.zone : zones.length > 0) return true;
    if (want.node !== undefined ? nodes.length !== 1 || nodes[0].name !== want.node : nodes.length > 0) return true;
  }
  return false;
}

function setHints(slice: EndpointSlice, nodeHints: boolean): void {
  for (const ep of slice.endpoints ?? []) {
    if (!endpointReady(ep)) continue;
    const want = wantedHints(ep, nodeHints);
    if (want.zone === undefined && want.node === undefined) {
      delete ep.hints;
      continue;
    }
    ep.hints = {};
    if (want.zone !== undefined) ep.hints.forZones = [{ name: want.zone }];
    if (want.node !== undefined) ep.hints.forNodes = [{ name: want.node }];
  }
}

/**
 * ReconcileHints for PreferClose / PreferSameZone (zone hints) and PreferSameNode (zone + node
 * hints). Unchanged slices move to update only if a ready endpoint's hints are missing or wrong.
 */
export function reconcileTrafficDistributionHints(trafficDistribution: string, sets: SliceSets): SliceSets {
  const nodeHints = trafficDistribution === 'PreferSameNode';
  const update = [...sets.update];
  const unchanged: EndpointSlice[] = [];
  for (const s of sets.unchanged) {
    if (needsUpdate(s, nodeHints)) update.push(copySlice(s));
    else unchanged.push(s);
  }
  for (const s of [...sets.create, ...update]) setHints(s, nodeHints);
  return { create: sets.create, update, unchanged };
}
