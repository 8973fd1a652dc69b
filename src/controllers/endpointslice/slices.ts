// Service-level facts and EndpointSlice metadata as the controller writes it (spec §1.1, §1.2, §4).
import type { OwnerReference } from '../../machinery/types.js';
import {
  ANNOTATION_TOPOLOGY_AWARE_HINTS,
  ANNOTATION_TOPOLOGY_MODE,
  CONTROLLER_NAME,
  LABEL_HEADLESS,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
} from './constants.js';
import { isIPv6String } from './ip.js';
import type { AddressType, EndpointPort, EndpointSlice, Service } from './types.js';

/** nil and {} selectors are indistinguishable after an API round trip; both mean "no selector". */
export function serviceSelector(service: Service): Record<string, string> | undefined {
  const sel = service.spec?.selector;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/** Plain equality-based map match: every selector key/value must be on the object. */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}

/** Not "IP set": clusterIP None or empty. Such Services get the headless label. */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== 'None' && ip !== '';
}

/** Address types to reconcile, in a fixed order (upstream iterates a set, i.e. randomly). */
export function supportedAddressTypes(service: Service): AddressType[] {
  const out: AddressType[] = [];
  for (const f of service.spec?.ipFamilies ?? []) {
    if ((f === 'IPv4' || f === 'IPv6') && !out.includes(f)) out.push(f);
  }
  if (out.length > 0) return out;
  // Un-defaulted Service (old API server): single family from clusterIP, else both.
  const ip = service.spec?.clusterIP ?? '';
  if (ip !== '' && ip !== 'None') return [isIPv6String(ip) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** Auto hints: deprecated annotation wins when present (even if it says "disabled"). */
export function hintsEnabled(service: Service): boolean {
  const ann = service.metadata.annotations ?? {};
  const val = ANNOTATION_TOPOLOGY_AWARE_HINTS in ann ? ann[ANNOTATION_TOPOLOGY_AWARE_HINTS] : ann[ANNOTATION_TOPOLOGY_MODE];
  return val === 'Auto' || val === 'auto';
}

export function isReservedLabelKey(key: string): boolean {
  return key === LABEL_SERVICE_NAME || key === LABEL_MANAGED_BY || key === LABEL_HEADLESS;
}

function withoutReserved(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!isReservedLabelKey(k)) out[k] = v;
  return out;
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => k in b && b[k] === a[k]);
}

/**
 * setEndpointSliceLabels: the Service's non-reserved labels plus headless/service-name/managed-by.
 * `changed` compares only the non-reserved labels, so a headless flip alone is not a change.
 */
export function sliceLabels(sliceLabelsNow: Record<string, string> | undefined, service: Service): { labels: Record<string, string>; changed: boolean } {
  const svc = withoutReserved(service.metadata.labels);
  const changed = !sameMap(withoutReserved(sliceLabelsNow), svc);
  const labels: Record<string, string> = { ...svc };
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = service.metadata.name ?? '';
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return { labels, changed };
}

export function serviceOwnerReference(service: Service): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    name: service.metadata.name ?? '',
    uid: service.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/** `<service>-`; the dash could only be dropped for names that can't be valid Service names. */
export function slicePrefix(service: Service): string {
  return `${service.metadata.name ?? ''}-`;
}

/** A fresh, unnamed slice for one (address type, port list); the name is given at the end of planning. */
export function newEndpointSlice(service: Service, addressType: AddressType, ports: EndpointPort[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(service),
      namespace: service.metadata.namespace,
      labels: sliceLabels(undefined, service).labels,
      ownerReferences: [serviceOwnerReference(service)],
    },
    addressType,
    endpoints: [],
    ports: ports.map((p) => ({ ...p })),
  };
}

/**
 * The placeholder comparison: namespace, exact label map, addressType, empty ports and endpoints.
 * Name, annotations, ownerReferences and timestamps are ignored (upstream's placeholderSliceCompare).
 */
export function equalsPlaceholder(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    (slice.metadata.namespace ?? '') === (placeholder.metadata.namespace ?? '') &&
    sameMap(slice.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
    slice.addressType === placeholder.addressType &&
    (slice.ports ?? []).length === 0 &&
    (slice.endpoints ?? []).length === 0
  );
}
