// Which endpoints a node's kube-proxy sends a Service's traffic to: kube-proxy v1.35's
// CategorizeEndpoints (pkg/proxy/topology.go), restated over our own endpoint model.
//
//   Cluster policy: the ready endpoints, narrowed by hints when the hints allow it
//     - node hints (PreferSameNode) win when every ready endpoint has one and one names this node;
//     - else zone hints when every ready endpoint has one and one names this node's zone;
//     - no ready endpoint anywhere: the endpoints that are serving and terminating.
//   Local policy: this node's ready endpoints; if it has none, this node's serving-and-terminating
//     ones; hints play no part.
//
// In v1.35 kube-proxy no longer reads the Service's topology-mode annotation or
// trafficDistribution: they matter only through the hints the EndpointSlice controller writes.

/** One endpoint as kube-proxy sees it after merging a Service's slices. */
export interface ProxyEndpoint {
  address: string;
  nodeName?: string;
  zone?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zoneHints: readonly string[];
  nodeHints: readonly string[];
}

/** The rule that chose the endpoints, named for people reading the answer. */
export type RouteSource = 'ready' | 'hints-zone' | 'hints-node' | 'terminating-fallback' | 'local' | 'none';

export interface Categorized<E extends ProxyEndpoint> {
  endpoints: E[];
  source: RouteSource;
}

type TopologyMode = '' | 'PreferSameZone' | 'PreferSameNode';

const servingTerminating = (ep: ProxyEndpoint) => ep.serving && ep.terminating;

/**
 * The topology mode the hints allow for this node. Node hints are looked at first (the
 * PreferSameTrafficDistribution gate is on by default in v1.35); a single ready endpoint without a
 * hint of a kind switches that kind off, and hints that never name this node (or zone) are ignored.
 */
export function topologyMode(endpoints: readonly ProxyEndpoint[], nodeName: string, zone: string): TopologyMode {
  let anyReady = false;
  let everyNodeHinted = true;
  let nodeHinted = false;
  let everyZoneHinted = true;
  let zoneHinted = false;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    anyReady = true;
    if (ep.nodeHints.length === 0) everyNodeHinted = false;
    else if (ep.nodeHints.includes(nodeName)) nodeHinted = true;
    if (ep.zoneHints.length === 0) everyZoneHinted = false;
    else if (ep.zoneHints.includes(zone)) zoneHinted = true;
  }
  if (!anyReady) return '';
  if (everyNodeHinted && nodeHinted) return 'PreferSameNode';
  // An empty zone never matches a hint, so a node without a zone label gets no zone filtering.
  if (everyZoneHinted && zoneHinted && zone !== '') return 'PreferSameZone';
  return '';
}

function fitsTopology(ep: ProxyEndpoint, mode: TopologyMode, nodeName: string, zone: string): boolean {
  if (mode === 'PreferSameNode') return ep.nodeHints.includes(nodeName);
  if (mode === 'PreferSameZone') return ep.zoneHints.includes(zone);
  return true;
}

const SOURCE_OF_MODE: Record<TopologyMode, RouteSource> = { '': 'ready', PreferSameZone: 'hints-zone', PreferSameNode: 'hints-node' };

/** Endpoints for traffic under the Cluster policy, as seen from nodeName in zone. */
export function clusterEndpoints<E extends ProxyEndpoint>(endpoints: readonly E[], nodeName: string, zone: string): Categorized<E> {
  const mode = topologyMode(endpoints, nodeName, zone);
  const chosen = endpoints.filter((ep) => ep.ready && fitsTopology(ep, mode, nodeName, zone));
  if (chosen.length > 0) return { endpoints: chosen, source: SOURCE_OF_MODE[mode] };
  // The mode only narrows when it leaves something, so nothing here means nothing is ready at all.
  const fallback = endpoints.filter(servingTerminating);
  if (fallback.length > 0) return { endpoints: fallback, source: 'terminating-fallback' };
  return { endpoints: [], source: 'none' };
}

/** Endpoints for traffic under the Local policy: this node's own, ready first, else serving-terminating. */
export function localEndpoints<E extends ProxyEndpoint>(endpoints: readonly E[], nodeName: string): Categorized<E> {
  const own = endpoints.filter((ep) => nodeName !== '' && ep.nodeName === nodeName);
  const ready = own.filter((ep) => ep.ready);
  if (ready.length > 0) return { endpoints: ready, source: 'local' };
  const fallback = own.filter(servingTerminating);
  if (fallback.length > 0) return { endpoints: fallback, source: 'terminating-fallback' };
  return { endpoints: [], source: 'none' };
}

/**
 * Whether the Service has a usable endpoint anywhere in the cluster (kube-proxy's hasAnyEndpoints):
 * a Local policy with none on this node drops the traffic, while with none anywhere it rejects it.
 */
export function hasAnyEndpoints(endpoints: readonly ProxyEndpoint[]): boolean {
  return endpoints.some((ep) => ep.ready || servingTerminating(ep));
}
