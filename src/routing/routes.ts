// computeRoutes: a Service, its EndpointSlices and the nodes → where each node's kube-proxy would
// send the Service's traffic. Pure: no registry, no clock, no I/O (the HTTP adapter is http.ts).
//
// Slices are merged like kube-proxy's EndpointSliceCache (pkg/proxy/endpointslicecache.go): every
// slice labelled with the Service's name counts, an endpoint is its first address, and an address
// listed by several slices is one endpoint (the copy on this node wins, as upstream prefers the
// local one). Conditions default as upstream reads them: ready and serving unless false,
// terminating only if true.
import { clusterEndpoints, localEndpoints, type ProxyEndpoint, type RouteSource } from './categorize.js';

const LABEL_ZONE = 'topology.kubernetes.io/zone';

type J = Record<string, any>;

export interface RoutePort {
  name: string;
  port: number;
  protocol: string;
}

export interface RouteEndpoint {
  address: string;
  nodeName: string | null;
  zone: string | null;
  targetRef: { kind?: string; namespace?: string; name?: string; uid?: string } | null;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  ports: RoutePort[];
}

export interface TrafficRoute {
  policy: 'Cluster' | 'Local';
  source: RouteSource;
  endpoints: RouteEndpoint[];
}

export interface NodeRoutes {
  service: { namespace: string; name: string };
  node: string;
  zone: string | null;
  internal: TrafficRoute;
  /** null when the Service takes no traffic from outside (not NodePort/LoadBalancer, no externalIPs). */
  external: TrafficRoute | null;
}

export interface ServiceRoutes {
  service: { namespace: string; name: string };
  nodes: NodeRoutes[];
}

interface Merged extends ProxyEndpoint {
  out: RouteEndpoint;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function portsOf(slice: J): RoutePort[] {
  const ports: RoutePort[] = [];
  for (const p of (slice.ports ?? []) as J[]) {
    // kube-proxy ignores ports without a number.
    if (typeof p.port !== 'number' || p.port === 0) continue;
    ports.push({ name: typeof p.name === 'string' ? p.name : '', port: p.port, protocol: str(p.protocol) ?? 'TCP' });
  }
  return ports;
}

function toEndpoint(ep: J, ports: RoutePort[]): Merged | undefined {
  const address = str(ep.addresses?.[0]);
  if (!address) return undefined;
  const c = (ep.conditions ?? {}) as J;
  const ref = ep.targetRef as J | null | undefined;
  const out: RouteEndpoint = {
    address,
    nodeName: str(ep.nodeName) ?? null,
    zone: str(ep.zone) ?? null,
    targetRef: ref ? { kind: ref.kind, namespace: ref.namespace, name: ref.name, uid: ref.uid } : null,
    ready: c.ready !== false,
    serving: c.serving !== false,
    terminating: c.terminating === true,
    ports: [...ports],
  };
  const names = (list: unknown) => ((list ?? []) as J[]).map((h) => String(h?.name ?? '')).filter(Boolean);
  return {
    address, nodeName: out.nodeName ?? undefined, zone: out.zone ?? undefined,
    ready: out.ready, serving: out.serving, terminating: out.terminating,
    zoneHints: names(ep.hints?.forZones), nodeHints: names(ep.hints?.forNodes), out,
  };
}

/** One endpoint per address across the Service's slices, in address order. */
export function mergeSlices(slices: readonly J[], nodeName: string): Merged[] {
  const byAddress = new Map<string, Merged>();
  const sorted = [...slices].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  for (const slice of sorted) {
    if (slice.addressType === 'FQDN') continue; // kube-proxy programs IPs only
    const ports = portsOf(slice);
    if (ports.length === 0) continue;
    for (const raw of (slice.endpoints ?? []) as J[]) {
      const ep = toEndpoint(raw, ports);
      if (!ep) continue;
      const seen = byAddress.get(ep.address);
      if (!seen || (ep.nodeName === nodeName && seen.nodeName !== nodeName)) {
        if (seen) ep.out.ports = mergePorts(seen.out.ports, ep.out.ports);
        byAddress.set(ep.address, ep);
      } else {
        seen.out.ports = mergePorts(seen.out.ports, ep.out.ports);
      }
    }
  }
  return [...byAddress.values()].sort((a, b) => compareAddresses(a.address, b.address));
}

function mergePorts(a: RoutePort[], b: RoutePort[]): RoutePort[] {
  const out = [...a];
  for (const p of b) if (!out.some((q) => q.name === p.name && q.port === p.port && q.protocol === p.protocol)) out.push(p);
  return out;
}

/** IPv4 numerically, then everything else as text. */
function compareAddresses(a: string, b: string): number {
  const n = (s: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(s) ? s.split('.').reduce((acc, x) => acc * 256 + Number(x), 0) : undefined);
  const x = n(a);
  const y = n(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Services kube-proxy lets in from outside: NodePorts, load balancers, external IPs. */
function externallyAccessible(spec: J): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

function route(policy: 'Cluster' | 'Local', endpoints: Merged[], nodeName: string, zone: string): TrafficRoute {
  const r = policy === 'Local' ? localEndpoints(endpoints, nodeName) : clusterEndpoints(endpoints, nodeName, zone);
  return { policy, source: r.source, endpoints: r.endpoints.map((e) => e.out) };
}

/** The routes from one node. */
export function routesForNode(service: J, slices: readonly J[], node: J): NodeRoutes {
  const nodeName = String(node.metadata?.name ?? '');
  const zone = str(node.metadata?.labels?.[LABEL_ZONE]);
  const spec = (service.spec ?? {}) as J;
  const endpoints = mergeSlices(slices, nodeName);
  const policyOf = (v: unknown): 'Cluster' | 'Local' => (v === 'Local' ? 'Local' : 'Cluster');
  return {
    service: { namespace: String(service.metadata?.namespace ?? ''), name: String(service.metadata?.name ?? '') },
    node: nodeName,
    zone: zone ?? null,
    internal: route(policyOf(spec.internalTrafficPolicy), endpoints, nodeName, zone ?? ''),
    external: externallyAccessible(spec) ? route(policyOf(spec.externalTrafficPolicy), endpoints, nodeName, zone ?? '') : null,
  };
}

/** The routes from every node, in node name order. */
export function routesForAllNodes(service: J, slices: readonly J[], nodes: readonly J[]): ServiceRoutes {
  const sorted = [...nodes].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name), 'en', { numeric: true }));
  return {
    service: { namespace: String(service.metadata?.namespace ?? ''), name: String(service.metadata?.name ?? '') },
    nodes: sorted.map((n) => routesForNode(service, slices, n)),
  };
}

/** Only the slices that belong to the Service (kubernetes.io/service-name), as kube-proxy keys them. */
export function slicesOfService(service: J, slices: readonly J[]): J[] {
  const ns = service.metadata?.namespace;
  const name = service.metadata?.name;
  return slices.filter((s) => s.metadata?.namespace === ns && s.metadata?.labels?.['kubernetes.io/service-name'] === name);
}
