// Pod → Endpoint conversion (spec §1.3, §2) and endpoint identity / change detection (§2.8).
import { LABEL_ZONE } from './constants.js';
import { parsedIP } from './ip.js';
import type { AddressType, Endpoint, EndpointConditions, Node, ObjectReference, Pod, Service } from './types.js';

export function isPodReady(pod: Pod): boolean {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'Ready');
  return c?.status === 'True';
}

/** ShouldPodBeInEndpoints(pod, includeTerminating=true): not terminal and has some IP. */
export function shouldPodBeInEndpoints(pod: Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return Boolean(pod.status?.podIP) || (pod.status?.podIPs ?? []).length > 0;
}

/** hostname is published only for pods whose subdomain names this Service, in its namespace. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  const hostname = pod.spec?.hostname ?? '';
  return (
    hostname.length > 0 &&
    pod.spec?.subdomain === service.metadata.name &&
    pod.metadata.namespace === service.metadata.namespace
  );
}

/** Canonical addresses of the requested family, from status.podIPs only (podIP alone yields none). */
export function endpointAddresses(pod: Pod, addressType: AddressType): string[] {
  const out: string[] = [];
  for (const { ip } of pod.status?.podIPs ?? []) {
    // Upstream would write "<nil>" for an unparsable IP (and fail validation); we skip it.
    const parsed = parsedIP(ip);
    if (parsed && parsed.family === addressType) out.push(parsed.text);
  }
  return out;
}

/** The eight condition sets, frozen and shared by every endpoint: index ready·4 + serving·2 + terminating. */
const CONDITIONS: readonly EndpointConditions[] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Object.freeze({ ready: i >= 4, serving: (i & 2) !== 0, terminating: (i & 1) !== 0 }));

/**
 * The endpoint for a pod. Its conditions, targetRef and addresses are frozen (only the endpoint
 * itself gets hints), so the slices written from it share them instead of copying.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service, addressType: AddressType, prev?: PreviousEndpoint): Endpoint {
  const serving = isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  // Compatibility rule: never ready while terminating, unless the Service publishes not-ready addresses.
  const ready = Boolean(service.spec?.publishNotReadyAddresses) || (serving && !terminating);
  const m = pod.metadata;
  const pt = prev?.ep.targetRef;
  // The previous version's frozen targetRef and addresses when they would come out the same.
  const targetRef: ObjectReference = pt && pt.namespace === m.namespace && pt.name === m.name && pt.uid === (m.uid || undefined)
    ? pt
    : Object.freeze(m.uid ? { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid } : { kind: 'Pod', namespace: m.namespace, name: m.name });
  const conditions = CONDITIONS[(ready ? 4 : 0) + (serving ? 2 : 0) + (terminating ? 1 : 0)];
  // Arrays grown by push() keep room for 17 elements; this one may live as long as the pod.
  const addresses = prev && samePodIPs(prev.pod, pod) ? prev.ep.addresses : Object.freeze(endpointAddresses(pod, addressType).slice()) as string[];
  const nodeName = pod.spec?.nodeName || undefined;
  const zone = node?.metadata.labels?.[LABEL_ZONE] || undefined;
  if (shouldSetHostname(pod, service)) {
    const ep: Endpoint = { addresses, conditions, hostname: pod.spec?.hostname, targetRef };
    if (nodeName) ep.nodeName = nodeName;
    if (zone) ep.zone = zone;
    return ep;
  }
  return endpointOf(addresses, conditions, targetRef, nodeName, zone);
}

/** An endpoint podToEndpoint made for an earlier version of the same pod, same Service and address type. */
export interface PreviousEndpoint {
  pod: Pod;
  ep: Endpoint;
}

/** Whether two versions of a pod list the same IP texts (so their endpoint addresses are the same). */
function samePodIPs(a: Pod, b: Pod): boolean {
  const x = a.status?.podIPs ?? [];
  const y = b.status?.podIPs ?? [];
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i].ip !== y[i].ip) return false;
  return true;
}

/**
 * An endpoint without hostname or hints, built whole: fields added one by one after the first
 * four go to a separate out-of-line array (~40 bytes an endpoint, two endpoints a pod: the
 * controller's and the slice's). Same keys in the same order as podToEndpoint sets them.
 */
export function endpointOf(addresses: string[], conditions: EndpointConditions | undefined, targetRef: ObjectReference | null | undefined,
  nodeName: string | null | undefined, zone: string | null | undefined): Endpoint {
  if (nodeName !== undefined) {
    return zone !== undefined ? { addresses, conditions, targetRef, nodeName, zone } : { addresses, conditions, targetRef, nodeName };
  }
  return zone !== undefined ? { addresses, conditions, targetRef, zone } : { addresses, conditions, targetRef };
}

/**
 * Identity of an endpoint inside a port-map group: sorted addresses, hostname and the target's
 * namespace/name. Pod UID, node, zone and conditions are deliberately not part of it, so those
 * changes become in-place updates.
 */
export function endpointKey(ep: Endpoint): string {
  const addresses = ep.addresses ?? [];
  const addr = addresses.length === 1 ? addresses[0] : [...addresses].sort().join(',');
  // NUL can't occur in addresses, hostnames or object names, so the fields can't run together.
  return `${addr}\0${ep.hostname ?? ''}\0${ep.targetRef?.namespace ?? ''}\0${ep.targetRef?.name ?? ''}`;
}

const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;

function ptrChanged<T>(a: T | null | undefined, b: T | null | undefined): boolean {
  if (isNil(a) !== isNil(b)) return true;
  return !isNil(a) && a !== b;
}

function targetRefsEqual(a: ObjectReference | null | undefined, b: ObjectReference | null | undefined): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  // kind, namespace, name, uid, apiVersion, fieldPath; resourceVersion is ignored so pod writes
  // alone don't churn slices. Spelled out: this runs for every endpoint of every changed slice.
  return (a.kind ?? '') === (b.kind ?? '') && (a.namespace ?? '') === (b.namespace ?? '') && (a.name ?? '') === (b.name ?? '') &&
    (a.uid ?? '') === (b.uid ?? '') && (a.apiVersion ?? '') === (b.apiVersion ?? '') && (a.fieldPath ?? '') === (b.fieldPath ?? '');
}

/** EndpointsEqualBeyondHash: node, zone, the three conditions and targetRef. Hints are not compared. */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  if (ptrChanged(a.nodeName, b.nodeName) || ptrChanged(a.zone, b.zone)) return false;
  const ac = a.conditions ?? {};
  const bc = b.conditions ?? {};
  if (ptrChanged(ac.ready, bc.ready) || ptrChanged(ac.serving, bc.serving)) return false;
  if (ptrChanged(ac.terminating, bc.terminating)) return false;
  return targetRefsEqual(a.targetRef, b.targetRef);
}

export function endpointReady(ep: Endpoint): boolean {
  return ep.conditions?.ready === true;
}

const isFrozenOrAbsent = (v: object | null | undefined): boolean => v === undefined || (v !== null && Object.isFrozen(v));

/** Keys addresses, conditions, targetRef, then nodeName and/or zone, none undefined: what endpointOf builds. */
function usualKeys(ep: Endpoint): boolean {
  const k = Object.keys(ep);
  if (k.length < 3 || k.length > 5 || k[0] !== 'addresses' || k[1] !== 'conditions' || k[2] !== 'targetRef') return false;
  if (ep.conditions === undefined || ep.targetRef === undefined) return false;
  if (k.length === 3) return true;
  if (k.length === 4) return (k[3] === 'nodeName' && ep.nodeName !== undefined) || (k[3] === 'zone' && ep.zone !== undefined);
  return k[3] === 'nodeName' && k[4] === 'zone' && ep.nodeName !== undefined && ep.zone !== undefined;
}

/**
 * A private copy of a remembered endpoint: written slices are mutated (hints) and frozen by the store.
 * Only the endpoint itself is copied: its addresses, conditions and targetRef are frozen (see
 * podToEndpoint) and shared with the slices written. Object.assign, not spread: V8 gives a spread
 * copy a hidden class that cannot take the freeze transition, so each frozen copy got a hidden
 * class of its own (~0.5 KiB an endpoint); assigned copies share one. Same keys in the same order
 * (remembered endpoints come from podToEndpoint: plain data keys only).
 */
export function copyEndpoint(ep: Endpoint): Endpoint {
  // The usual endpoint (see endpointOf) is rebuilt whole: an assigned copy of five fields keeps the
  // fifth in a separate out-of-line array.
  if (Object.isFrozen(ep.addresses) && isFrozenOrAbsent(ep.conditions) && isFrozenOrAbsent(ep.targetRef) && usualKeys(ep)) {
    return endpointOf(ep.addresses, ep.conditions, ep.targetRef, ep.nodeName, ep.zone);
  }
  const out: Endpoint = Object.assign({}, ep);
  if (!Object.isFrozen(ep.addresses)) out.addresses = [...ep.addresses];
  if (ep.conditions && !Object.isFrozen(ep.conditions)) out.conditions = Object.assign({}, ep.conditions);
  if (ep.targetRef && !Object.isFrozen(ep.targetRef)) out.targetRef = Object.assign({}, ep.targetRef);
  return out;
}
