// Building mirrored EndpointSlices and deciding whether an existing one already matches
// (spec §7.1 steps 4–5).
import type { OwnerReference } from '../../machinery/types.js';
import { mapsEqual } from '../endpoints/compare.js';
import { ANNOTATION_TRIGGER_TIME } from '../endpoints/meta.js';
import type { Endpoints } from '../endpoints/types.js';
import { EndpointSet, endpointsEqualBeyondHash } from './endpoints.js';
import type { AddressType, EndpointSlice, SlicePort } from './types.js';

export const CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const EVENT_SOURCE = 'endpoint-slice-mirroring-controller';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
export const ANNOTATION_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;

/** Endpoints annotations every mirrored slice carries: all but trigger-time and last-applied. */
export function mirroredAnnotations(endpoints: Endpoints): Record<string, string> {
  const out = { ...(endpoints.metadata.annotations ?? {}) };
  delete out[ANNOTATION_TRIGGER_TIME];
  delete out[ANNOTATION_LAST_APPLIED];
  return out;
}

/** All Endpoints labels, with service-name and managed-by forced to the mirroring values. */
export function mirroredLabels(endpoints: Endpoints): Record<string, string> {
  return { ...(endpoints.metadata.labels ?? {}), [LABEL_SERVICE_NAME]: endpoints.metadata.name ?? '', [LABEL_MANAGED_BY]: CONTROLLER_NAME };
}

/** metav1.NewControllerRef(endpoints, v1 Endpoints). */
export function endpointsOwnerRef(endpoints: Endpoints): OwnerReference {
  return { apiVersion: 'v1', kind: 'Endpoints', name: endpoints.metadata.name ?? '', uid: endpoints.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** `<name>-`, unless the dash would make it longer than a DNS subdomain may be. */
export function sliceNamePrefix(name: string): string {
  return name.length + 1 > 253 ? name : `${name}-`;
}

/**
 * newEndpointSlice: a fresh object every time (a rewrite keeps only the name). It carries no
 * resourceVersion, so updates are unconditional, as upstream's are.
 */
export function newEndpointSlice(endpoints: Endpoints, ports: SlicePort[], addressType: AddressType, name?: string): EndpointSlice {
  const metadata: EndpointSlice['metadata'] = name ? { name } : { generateName: sliceNamePrefix(endpoints.metadata.name ?? '') };
  metadata.namespace = endpoints.metadata.namespace;
  metadata.labels = mirroredLabels(endpoints);
  const annotations = mirroredAnnotations(endpoints);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  metadata.ownerReferences = [endpointsOwnerRef(endpoints)];
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata,
    addressType,
    endpoints: [],
    ports: ports.map((p) => ({ ...p })),
  };
}

/**
 * An owner reference to an Endpoints of this name but another UID: the slice was mirrored from
 * a deleted and recreated Endpoints and must be rewritten (kubernetes PR #125359).
 */
export function hasStaleOwner(slice: EndpointSlice, endpoints: Endpoints): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => o.kind === 'Endpoints' && o.name === endpoints.metadata.name && o.uid !== endpoints.metadata.uid,
  );
}

export interface EndpointChanges {
  added: number;
  updated: number;
  removed: number;
}

/** totalChanges: how far one existing slice's endpoints are from the desired set. */
export function totalChanges(slice: EndpointSlice, desired: EndpointSet): EndpointChanges {
  let removed = 0;
  let updated = 0;
  let matches = 0;
  for (const ep of slice.endpoints ?? []) {
    const want = desired.get(ep);
    if (!want) {
      removed++;
      continue;
    }
    matches++;
    if (!endpointsEqualBeyondHash(want, ep)) updated++;
  }
  return { added: desired.size - matches, updated, removed };
}

/** Labels (minus the two the controller owns) and annotations already mirror the Endpoints. */
export function metadataMirrored(slice: EndpointSlice, endpoints: Endpoints): boolean {
  const labels = { ...(slice.metadata.labels ?? {}) };
  delete labels[LABEL_MANAGED_BY];
  delete labels[LABEL_SERVICE_NAME];
  return mapsEqual(endpoints.metadata.labels, labels) && mapsEqual(mirroredAnnotations(endpoints), slice.metadata.annotations);
}
