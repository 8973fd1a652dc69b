// Service port → slice port mapping (spec §3.1) and the hash-based port order and port-map key (§3.2, §3.4).
import type { EndpointPort, Pod, Service, ServicePort, Container } from './types.js';

const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

/** FNV-1a 128-bit over the UTF-8 bytes, as 32 lowercase hex chars (Go's hash/fnv New128a). */
export function fnv128a(s: string): string {
  let h = FNV128_OFFSET;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= BigInt(b);
    h = (h * FNV128_PRIME) & MASK128;
  }
  return h.toString(16).padStart(32, '0');
}

/**
 * The text go-spew prints for a discovery/v1 EndpointPort (pointer addresses off, strings unquoted);
 * upstream hashes exactly this. Missing name/protocol are printed as the API server defaults them.
 */
export function portDump(p: EndpointPort): string {
  const port = p.port ?? '<nil>';
  const app = p.appProtocol ?? '<nil>';
  return `(v1.EndpointPort){Name:(*string)${p.name ?? ''} Protocol:(*v1.Protocol)${p.protocol ?? 'TCP'} Port:(*int32)${port} AppProtocol:(*string)${app}}`;
}

// Hashing is BigInt-heavy while the set of distinct ports is tiny, so memoise by dump.
const hashMemo = new Map<string, string>();
const HASH_MEMO_LIMIT = 10_000;

export function portHash(p: EndpointPort): string {
  const dump = portDump(p);
  let h = hashMemo.get(dump);
  if (h === undefined) {
    if (hashMemo.size >= HASH_MEMO_LIMIT) hashMemo.clear();
    h = fnv128a(dump);
    hashMemo.set(dump, h);
  }
  return h;
}

/** A copy of `ports` in the order the controller writes them: ascending by per-port hash. */
export function sortPorts(ports: readonly EndpointPort[] | null | undefined): EndpointPort[] {
  const keyed = (ports ?? []).map((p) => ({ p, h: portHash(p) }));
  keyed.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  return keyed.map((k) => k.p);
}

/**
 * Groups endpoints that share a port list. Any key derived from the sorted list is fine (only the
 * in-slice order is visible); null and [] give the same key (upstream fix for #133474).
 */
export function portMapKey(ports: readonly EndpointPort[] | null | undefined): string {
  // Must match the key portResolver() derives from an already sorted list.
  return sortPorts(ports).map(portHash).join(',');
}

function findNamedPort(containers: readonly Container[] | undefined, name: string, protocol: string): number | undefined {
  for (const c of containers ?? []) {
    for (const cp of c.ports ?? []) {
      if (cp.name === name && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
    }
  }
  return undefined;
}

/**
 * FindPort: a numeric targetPort is used as is; a named one is looked up in the pod's containers
 * (name and protocol must match), then in sidecars (init containers with restartPolicy Always).
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  const protocol = sp.protocol ?? 'TCP';
  const direct = findNamedPort(pod.spec?.containers, target, protocol);
  if (direct !== undefined) return direct;
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return findNamedPort(sidecars, target, protocol);
}

/**
 * The slice ports one pod contributes, already in slice order. Service ports whose named target
 * the pod lacks are left out (the pod lands in a slice with a shorter port list).
 */
export function endpointPortsForPod(service: Service, pod: Pod): EndpointPort[] {
  return buildPorts(service.spec?.ports ?? [], resolvePorts(service, pod));
}

/** FindPort for every service port of `service` (undefined = skipped for this pod). */
function resolvePorts(service: Service, pod: Pod): (number | undefined)[] {
  const spec = service.spec ?? {};
  const servicePorts = spec.ports ?? [];
  if (servicePorts.length === 0 && spec.clusterIP === 'None') return [];
  return servicePorts.map((sp) => findPort(pod, sp));
}

function buildPorts(servicePorts: readonly ServicePort[], resolved: readonly (number | undefined)[]): EndpointPort[] {
  const out: EndpointPort[] = [];
  resolved.forEach((port, i) => {
    if (port === undefined) return;
    const sp = servicePorts[i];
    const ep: EndpointPort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port };
    if (sp.appProtocol !== undefined && sp.appProtocol !== null) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  });
  return sortPorts(out);
}

/**
 * endpointPortsForPod plus the port-map key, shared between pods whose ports resolve to the same
 * numbers (most pods of a Service), so hashing happens once per distinct port list, not per pod.
 * Returned port lists are shared: treat them as read-only.
 */
export function portResolver(service: Service): (pod: Pod) => { ports: EndpointPort[]; key: string } {
  const cache = new Map<string, { ports: EndpointPort[]; key: string }>();
  const servicePorts = service.spec?.ports ?? [];
  return (pod) => {
    const resolved = resolvePorts(service, pod);
    const signature = resolved.join(',');
    let hit = cache.get(signature);
    if (!hit) {
      const ports = buildPorts(servicePorts, resolved);
      hit = { ports, key: ports.map(portHash).join(',') };
      cache.set(signature, hit);
    }
    return hit;
  };
}
