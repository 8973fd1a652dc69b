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

/** JSON.stringify(a) === JSON.stringify(b) for two array elements (undefined and non-finite numbers are null). */
function sameJSON(a: unknown, b: unknown): boolean {
  const na = a === undefined || (typeof a === 'number' && !Number.isFinite(a)) ? null : a;
  const nb = b === undefined || (typeof b === 'number' && !Number.isFinite(b)) ? null : b;
  if (na === nb) return true;
  if ((typeof na === 'object' && na !== null) || (typeof nb === 'object' && nb !== null)) return JSON.stringify(na) === JSON.stringify(nb);
  return false;
}

function sameList<T>(a: T[] | undefined | null, b: T[] | undefined | null, same: (x: T, y: T) => boolean): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
  return true;
}

function sameCanonical(x: readonly unknown[], y: readonly unknown[]): boolean {
  for (let i = 0; i < x.length; i++) if (!sameJSON(x[i], y[i])) return false;
  return true;
}

/** canonicalAddress(a) and canonicalAddress(b) serialise alike, without building either. */
function sameAddress(a: EndpointAddress, b: EndpointAddress, ignoreResourceVersion: boolean): boolean {
  if (a === b) return true;
  if (!sameJSON(a.ip ?? '', b.ip ?? '') || !sameJSON(a.hostname ?? '', b.hostname ?? '') || !sameJSON(a.nodeName ?? null, b.nodeName ?? null)) return false;
  const r = a.targetRef;
  const s = b.targetRef;
  if (!r || !s) return !r && !s;
  return sameJSON(r.kind ?? '', s.kind ?? '') && sameJSON(r.namespace ?? '', s.namespace ?? '') && sameJSON(r.name ?? '', s.name ?? '') &&
    sameJSON(r.uid ?? '', s.uid ?? '') && sameJSON(r.apiVersion ?? '', s.apiVersion ?? '') &&
    (ignoreResourceVersion || sameJSON(r.resourceVersion ?? '', s.resourceVersion ?? '')) && sameJSON(r.fieldPath ?? '', s.fieldPath ?? '');
}

const samePort = (p: EndpointPort, q: EndpointPort) => sameCanonical(canonicalPort(p), canonicalPort(q));

/** canonicalSubsets(a) === canonicalSubsets(b), comparing field by field (big Endpoints are compared every sync). */
function sameSubsets(a: EndpointSubset[] | undefined | null, b: EndpointSubset[] | undefined | null, ignoreResourceVersion: boolean): boolean {
  const same = (x: EndpointAddress, y: EndpointAddress) => sameAddress(x, y, ignoreResourceVersion);
  return sameList(a, b, (s, t) =>
    sameList(s.addresses, t.addresses, same) && sameList(s.notReadyAddresses, t.notReadyAddresses, same) && sameList(s.ports, t.ports, samePort));
}

/** endpointSubsetsEqualIgnoreResourceVersion: order-sensitive, targetRef.resourceVersion ignored. */
export function subsetsEqualIgnoringResourceVersion(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  return sameSubsets(a, b, true);
}

/** Exact (semantic) equality, as the API server sees it when deciding whether an update is a no-op. */
export function subsetsEqual(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  return sameSubsets(a, b, false);
}

/** The JSON comparison the functions above stand for (kept as their reference in tests). */
export function canonicalSubsetsEqual(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined, ignoreResourceVersion: boolean): boolean {
  return canonicalSubsets(a, ignoreResourceVersion) === canonicalSubsets(b, ignoreResourceVersion);
}

/** Semantic equality of string maps: nil and {} are equal. */
export function mapsEqual(a: Record<string, string> | undefined | null, b: Record<string, string> | undefined | null): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b ?? {}, k) && b![k] === a![k]);
}
