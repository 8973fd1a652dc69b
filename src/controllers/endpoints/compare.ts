// Equality the way the endpoints controller judges it: Go's semantic DeepEqual, where a nil and an
// empty list or map are the same and an unset plain string equals "". Pointer fields (nodeName,
// appProtocol) stay distinct from "".
import type { EndpointAddress, EndpointPort, EndpointSubset } from './types.js';

function canonicalAddress(a: EndpointAddress, ignoreResourceVersion: boolean): unknown[] {
  const r = a.targetRef;
  const ref = r
    ? [r.kind ?? '', r.namespace ?? '', r.name ?? '', r.uid ?? '', r.apiVersion ?? '',
      ignoreResourceVersion ? '' : (r.resourceVersion ?? ''), r.fieldPath ?? '']
    : null;
  return [a.ip ?? '', a.hostname ?? '', a.nodeName ?? null, ref];
}

const canonicalPort = (p: EndpointPort): unknown[] => [p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null];

function canonicalSubsets(subsets: EndpointSubset[] | undefined | null, ignoreResourceVersion: boolean): string {
  return JSON.stringify(
    (subsets ?? []).map((s) => [
      (s.addresses ?? []).map((a) => canonicalAddress(a, ignoreResourceVersion)),
      (s.notReadyAddresses ?? []).map((a) => canonicalAddress(a, ignoreResourceVersion)),
      (s.ports ?? []).map(canonicalPort),
    ]),
  );
}

/** endpointSubsetsEqualIgnoreResourceVersion: order-sensitive, targetRef.resourceVersion ignored. */
export function subsetsEqualIgnoringResourceVersion(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  return canonicalSubsets(a, true) === canonicalSubsets(b, true);
}

/** Exact (semantic) equality, as the API server sees it when deciding whether an update is a no-op. */
export function subsetsEqual(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  return canonicalSubsets(a, false) === canonicalSubsets(b, false);
}

/** Semantic equality of string maps: nil and {} are equal. */
export function mapsEqual(a: Record<string, string> | undefined | null, b: Record<string, string> | undefined | null): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b ?? {}, k) && b![k] === a![k]);
}
