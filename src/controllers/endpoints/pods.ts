// Pod helpers the legacy Endpoints controller shares with the EndpointSlice controller (spec §1.3,
// §2.3, §3.1): inclusion, readiness, hostname and named-port resolution.
import { selectorMatches } from '../endpointslice/slices.js';
import type { Pod, Service } from './types.js';

// Readiness, the hostname rule, selector matching and named-port lookup are the EndpointSlice
// controller's own helpers: both controllers follow the same upstream functions.
export { isPodReady, shouldSetHostname } from '../endpointslice/endpoints.js';
export { findPort } from '../endpointslice/ports.js';
export { selectorMatches };

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

/** A nil or empty selector selects nothing: `{}` does not survive an API round trip (issue #25836). */
export function hasSelector(service: Service): boolean {
  const sel = service.spec?.selector;
  return Boolean(sel) && Object.keys(sel!).length > 0;
}

/** Pods the Service selects: same namespace, labels matching the selector. */
export function selectPods(service: Service, pods: Pod[]): Pod[] {
  if (!hasSelector(service)) return [];
  const ns = service.metadata.namespace ?? '';
  return pods.filter((p) => (p.metadata.namespace ?? '') === ns && selectorMatches(service.spec!.selector!, p.metadata.labels));
}

