// The node side of topology-mode Auto (spec §6.1): CPU ratio per zone and per-zone allocations.
// Upstream keeps this in a TopologyCache refreshed on node events; here it is a value built from
// the node list, which the controller may cache and rebuild when nodes change.
import { EXCLUDED_NODE_LABELS, LABEL_ZONE, OVERLOAD_THRESHOLD } from './constants.js';
import type { Node } from './types.js';

export interface NodeView {
  byName: ReadonlyMap<string, Node>;
  /** zone → share of allocatable CPU (sorted by zone name); null = insufficient node information. */
  cpuRatiosByZone: ReadonlyMap<string, number> | null;
}

export interface ZoneAllocation {
  minimum: number;
  maximum: number;
  desired: number;
}

export const TOPOLOGY_MESSAGES = {
  noZoneSpecified: 'One or more endpoints do not have a zone specified',
  noAllocatedHintsForZones: 'No hints allocated for zones',
  enabled: 'Topology Aware Hints has been enabled',
  disabled: 'Topology Aware Hints has been disabled',
  insufficientNodeInfo: 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes',
  nodesReadyInOneZoneOnly: 'Nodes only ready in one zone',
  insufficientNumberOfEndpoints: 'Insufficient number of endpoints',
  minAllocationExceedsOverloadThreshold:
    'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold',
} as const;

const SUFFIX_MULTIPLIERS: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A resource.Quantity as millis, rounded up like Quantity.MilliValue(); 0 if unparsable. */
export function quantityToMillis(q: string | undefined): number {
  const m = /^([+-]?[0-9]*\.?[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec((q ?? '').trim());
  if (!m) return 0;
  const base = parseFloat(m[1]);
  const mult = m[2] !== undefined ? 10 ** parseInt(m[2].slice(1), 10) : SUFFIX_MULTIPLIERS[m[3] ?? ''];
  // Round before ceil so binary float noise (0.1 * 1000) doesn't add a milli.
  return Math.ceil(Math.round(base * mult * 1000 * 1e6) / 1e6);
}

function isNodeReady(node: Node): boolean {
  const c = (node.status?.conditions ?? []).find((x) => x.type === 'Ready');
  return c?.status === 'True';
}

function hasExcludedLabels(node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  return EXCLUDED_NODE_LABELS.some((k) => k in labels);
}

/** SetNodes: skip control-plane and not-Ready nodes; any other node without zone or CPU spoils it all. */
export function cpuRatiosByZone(nodes: readonly Node[]): Map<string, number> | null {
  const cpuByZone = new Map<string, number>();
  let total = 0;
  for (const node of nodes) {
    if (hasExcludedLabels(node) || !isNodeReady(node)) continue;
    const zone = node.metadata.labels?.[LABEL_ZONE] ?? '';
    const cpu = quantityToMillis(node.status?.allocatable?.cpu);
    if (zone === '' || cpu === 0) return null;
    total += cpu;
    cpuByZone.set(zone, (cpuByZone.get(zone) ?? 0) + cpu);
  }
  if (total === 0 || cpuByZone.size < 2) return null;
  const ratios = new Map<string, number>();
  for (const zone of [...cpuByZone.keys()].sort()) ratios.set(zone, cpuByZone.get(zone)! / total);
  return ratios;
}

export function buildNodeView(nodes: readonly Node[]): NodeView {
  const byName = new Map<string, Node>();
  for (const n of nodes) if (n.metadata.name !== undefined) byName.set(n.metadata.name, n);
  return { byName, cpuRatiosByZone: cpuRatiosByZone(nodes) };
}

export function isNodeView(v: unknown): v is NodeView {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as NodeView).byName instanceof Map;
}

/** Per-zone minimum/desired/maximum for `n` ready endpoints, or the reason hints can't be used. */
export function getAllocations(
  ratios: ReadonlyMap<string, number> | null,
  n: number,
): { allocations: Map<string, ZoneAllocation> } | { message: string } {
  if (ratios === null) return { message: TOPOLOGY_MESSAGES.insufficientNodeInfo };
  if (ratios.size < 2) return { message: TOPOLOGY_MESSAGES.nodesReadyInOneZoneOnly };
  const counts = `(${n} endpoints, ${ratios.size} zones)`;
  if (ratios.size > n) return { message: `${TOPOLOGY_MESSAGES.insufficientNumberOfEndpoints} ${counts}` };
  const allocations = new Map<string, ZoneAllocation>();
  let minTotal = 0;
  for (const [zone, ratio] of ratios) {
    const desired = ratio * n;
    const minimum = Math.ceil(desired * (1 / (1 + OVERLOAD_THRESHOLD)));
    allocations.set(zone, { minimum, maximum: 0, desired: Math.max(desired, minimum) });
    minTotal += minimum;
    if (minTotal > n) return { message: `${TOPOLOGY_MESSAGES.minAllocationExceedsOverloadThreshold} ${counts}` };
  }
  for (const a of allocations.values()) a.maximum = a.minimum + n - minTotal;
  return { allocations };
}

/**
 * After a node change: does a Service with these remembered hinted-endpoint counts (one address
 * type) need a resync because some zone fell below its minimum? Used to requeue Services.
 */
export function serviceOverloaded(zoneCounts: Readonly<Record<string, number>>, ratios: ReadonlyMap<string, number> | null): boolean {
  const zones = Object.keys(zoneCounts);
  if (zones.length === 0) return false;
  if (ratios === null || ratios.size === 0) return true;
  const total = zones.reduce((s, z) => s + zoneCounts[z], 0);
  for (const [zone, ratio] of ratios) {
    if (!(zone in zoneCounts)) return true;
    if (zoneCounts[zone] < Math.ceil(total * ratio * (1 / (1 + OVERLOAD_THRESHOLD)))) return true;
  }
  return false;
}
