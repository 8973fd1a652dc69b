// Pod helpers the legacy Endpoints controller shares with the EndpointSlice controller (spec §1.3,
// §2.3, §3.1): inclusion, readiness, hostname and named-port resolution.
import type { Pod, Service, ServicePort } from './types.js';

export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The pod's IPs as the API server stores them. The v1→internal conversion fills podIPs from a
 * lone podIP, so a stored pod never has podIP without podIPs; we apply the same rule here in
 * case a writer bypassed that normalisation.
 */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip) => Boolean(ip));
  if (ips.length === 0 && pod.status?.podIP) return [pod.status.podIP];
  return ips;
}

/**
 * ShouldPodBeInEndpoints: terminal pods (Succeeded/Failed) and pods without an IP are out;
 * terminating pods are in only when `includeTerminating` (for Endpoints that is the Service's
 * publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** Hostname is published only for pods whose subdomain names this Service, in its namespace. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  const hostname = pod.spec?.hostname ?? '';
  return (
    hostname.length > 0 &&
    pod.spec?.subdomain === service.metadata.name &&
    (pod.metadata.namespace ?? '') === (service.metadata.namespace ?? '')
  );
}

/** A nil or empty selector selects nothing: `{}` does not survive an API round trip (issue #25836). */
export function hasSelector(service: Service): boolean {
  const sel = service.spec?.selector;
  return Boolean(sel) && Object.keys(sel!).length > 0;
}

/** Equality-based selector match: every selector key/value must be on the pod. */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** Pods the Service selects: same namespace, labels matching the selector. */
export function selectPods(service: Service, pods: Pod[]): Pod[] {
  if (!hasSelector(service)) return [];
  const ns = service.metadata.namespace ?? '';
  return pods.filter((p) => (p.metadata.namespace ?? '') === ns && selectorMatches(service.spec!.selector!, p.metadata.labels));
}

/**
 * FindPort: an integer targetPort is used as is; a named one is looked up among the pod's
 * container ports with the same name and protocol, then among restartable init containers
 * (sidecars). Returns undefined when nothing matches (the pod is left out of that port).
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  const search = (containers: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[]) => {
    for (const c of containers) {
      for (const p of c.ports ?? []) {
        if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
      }
    }
    return undefined;
  };
  const regular = search(pod.spec?.containers ?? []);
  if (regular !== undefined) return regular;
  return search((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'));
}
