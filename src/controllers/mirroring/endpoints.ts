// Endpoints address → EndpointSlice endpoint (spec §7.1 step 3), and the endpoint identity and
// "equal beyond hash" rules the mirroring controller shares with the slice controller (§2.8).
import { parseIP } from '../endpoints/ip.js';
import type { EndpointAddress, ObjectReference } from '../endpoints/types.js';
import type { AddressType, SliceEndpoint } from './types.js';

/**
 * addressToEndpoint: the IP is re-serialised canonically; targetRef and nodeName are copied as
 * they are, hostname only when non-empty. Only `ready` is set: mirrored endpoints carry no
 * serving/terminating conditions and no zone. Null for an invalid IP.
 */
export function addressToEndpoint(address: EndpointAddress, ready: boolean): { endpoint: SliceEndpoint; addressType: AddressType } | null {
  const parsed = parseIP(address.ip);
  if (!parsed) return null;
  const endpoint: SliceEndpoint = { addresses: [parsed.text], conditions: { ready } };
  if (address.hostname) endpoint.hostname = address.hostname;
  if (address.targetRef) endpoint.targetRef = { ...address.targetRef };
  if (address.nodeName !== undefined && address.nodeName !== null) endpoint.nodeName = address.nodeName;
  return { endpoint, addressType: parsed.family };
}

/** Identity inside a group: sorted addresses, hostname, target namespace/name (not UID). */
export function endpointKey(ep: SliceEndpoint): string {
  const addresses = [...(ep.addresses ?? [])].sort();
  return JSON.stringify([addresses, ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** Go pointer comparison: unset and set differ, two set values compare by value. */
const ptrChanged = <T>(a: T | undefined | null, b: T | undefined | null) =>
  (a === undefined || a === null) !== (b === undefined || b === null) || ((a ?? null) !== null && a !== b);

function refEqualIgnoringResourceVersion(a: ObjectReference | undefined, b: ObjectReference | undefined): boolean {
  if (!a || !b) return !a && !b;
  const fields: (keyof ObjectReference)[] = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'];
  return fields.every((f) => (a[f] ?? '') === (b[f] ?? ''));
}

/** EndpointsEqualBeyondHash: nodeName, zone, the three conditions and targetRef (minus resourceVersion). */
export function endpointsEqualBeyondHash(a: SliceEndpoint, b: SliceEndpoint): boolean {
  if (ptrChanged(a.nodeName, b.nodeName) || ptrChanged(a.zone, b.zone)) return false;
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  if (ptrChanged(ca.ready, cb.ready) || ptrChanged(ca.serving, cb.serving) || ptrChanged(ca.terminating, cb.terminating)) return false;
  return refEqualIgnoringResourceVersion(a.targetRef, b.targetRef);
}

/**
 * An EndpointSet: keyed by identity, insertion-ordered. Inserting an endpoint whose identity is
 * already present replaces it in place (a Go map assignment).
 */
export class EndpointSet {
  private readonly items = new Map<string, SliceEndpoint>();
  insert(ep: SliceEndpoint): void {
    this.items.set(endpointKey(ep), ep);
  }
  get(ep: SliceEndpoint): SliceEndpoint | undefined {
    return this.items.get(endpointKey(ep));
  }
  get size(): number {
    return this.items.size;
  }
  values(): SliceEndpoint[] {
    return [...this.items.values()];
  }
}
