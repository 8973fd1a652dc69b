// Pure planner of the legacy Endpoints controller (spec §7.2, upstream pkg/controller/endpoint):
// given a Service, its candidate Pods and the current Endpoints object, decide the one write the
// controller would make. No I/O, clock or randomness: the trigger time comes in through opts.
import { freezeStored } from '../../util/copy.js';
import type { ObjectMeta } from '../../machinery/types.js';
import { mapsEqual, subsetsEqual, subsetsEqualIgnoringResourceVersion } from './compare.js';
import { isIPv6String } from './ip.js';
import { ANNOTATION_TRIGGER_TIME, formatRFC3339Nano, LABEL_HEADLESS } from './meta.js';
import { findPort, hasSelector, isPodReady, podIPs, selectPods, shouldPodBeInEndpoints, shouldSetHostname } from './pods.js';
import { repackSubsets } from './repack.js';
import { ANNOTATION_OVER_CAPACITY, capacityAnnotationSetCorrectly, OVER_CAPACITY_TRUNCATED, truncateSubsets } from './truncate.js';
import type { EndpointAddress, EndpointPort, Endpoints, EndpointSubset, Pod, Service } from './types.js';

export interface PlanEndpointsOptions {
  /**
   * Last-change trigger time computed for this sync by the trigger-time tracker the EndpointSlice
   * controller also uses (spec §4.4): epoch ms, or an RFC 3339 string such as
   * computeTriggerTime returns. Missing, null, 0 or '' means "zero": the annotation is removed
   * from the written object.
   */
  triggerTime?: number | string | null;
}

export type EndpointsPlanReason =
  | 'ServiceNotFound' // the Service is gone: its Endpoints go too
  | 'ExternalName' // ExternalName Services get no Endpoints from this controller
  | 'NoSelector' // selector-less Services keep whatever Endpoints users wrote
  | 'Created'
  | 'Updated'
  | 'Unchanged' // subsets, labels and capacity annotation already right
  | 'NoOpUpdate'; // upstream would PUT an identical object, which the API server ignores

export interface EndpointsPlan {
  action: 'create' | 'update' | 'delete' | 'none';
  /** create/update: the full object to write; delete: the object to delete. */
  endpoints?: Endpoints;
  reason: EndpointsPlanReason;
}

/** IsServiceIPSet: a ClusterIP that is neither empty nor "None". */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

/**
 * podToEndpointAddressForService: one IP per pod, of the Service's primary family
 * (spec.ipFamilies[0]; else the ClusterIP's family; for headless Services the pod's own podIP
 * family). Pods without an IP of that family are skipped.
 */
export function podAddress(service: Service, pod: Pod): EndpointAddress | undefined {
  let v6: boolean;
  const families = service.spec?.ipFamilies ?? [];
  if (families.length > 0) v6 = families[0] === 'IPv6';
  else if (isServiceIPSet(service)) v6 = isIPv6String(service.spec?.clusterIP);
  else v6 = isIPv6String(pod.status?.podIP);
  const ip = podIPs(pod).find((candidate) => isIPv6String(candidate) === v6);
  if (!ip) return undefined;
  const m = pod.metadata;
  const targetRef = { kind: 'Pod', namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' };
  // Upstream always points nodeName at pod.spec.nodeName; an empty one would fail validation,
  // so it is only written when set (a pod has an IP only once scheduled anyway). Built whole and
  // frozen: the Endpoints written share it with the controller's state instead of a copy a pod.
  const nodeName = pod.spec?.nodeName;
  const address: EndpointAddress = shouldSetHostname(pod, service)
    ? (nodeName ? { ip, hostname: pod.spec!.hostname, nodeName, targetRef } : { ip, hostname: pod.spec!.hostname, targetRef })
    : (nodeName ? { ip, nodeName, targetRef } : { ip, targetRef });
  return freezeStored(address);
}

/** One single-address subset per (pod, resolvable service port), before RepackSubsets. */
export function desiredSubsets(service: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = Boolean(service.spec?.publishNotReadyAddresses);
  const servicePorts = service.spec?.ports ?? [];
  const headless = service.spec?.clusterIP === 'None';
  const subsets: EndpointSubset[] = [];
  for (const pod of selectPods(service, pods)) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = podAddress(service, pod);
    if (!address) continue;
    const ready = publishNotReady || isPodReady(pod);
    const add = (ports: EndpointPort[]) =>
      subsets.push(ready ? { addresses: [address], ports } : { notReadyAddresses: [address], ports });
    if (servicePorts.length === 0) {
      // Only headless Services may go without ports.
      if (headless) add([]);
      continue;
    }
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      add([ep]);
    }
  }
  return repackSubsets(subsets);
}

function withoutKey(m: Record<string, string> | undefined, key: string): Record<string, string> {
  const out = { ...(m ?? {}) };
  delete out[key];
  return out;
}

/** Drops empty lists and empty port names, as Go's omitempty does on the wire. */
function toWire(subsets: EndpointSubset[]): EndpointSubset[] {
  return subsets.map((s) => {
    const out: EndpointSubset = {};
    if (s.addresses?.length) out.addresses = s.addresses;
    if (s.notReadyAddresses?.length) out.notReadyAddresses = s.notReadyAddresses;
    if (s.ports?.length) out.ports = s.ports.map((p) => (p.name ? p : withoutName(p)));
    return out;
  });
}

function withoutName(p: EndpointPort): EndpointPort {
  const { name: _name, ...rest } = p;
  return rest;
}

function triggerTimeText(t: number | string | null | undefined): string | undefined {
  if (!t) return undefined;
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isNaN(ms) ? String(t) : formatRFC3339Nano(ms);
}

function buildEndpoints(service: Service, existing: Endpoints | undefined, subsets: EndpointSubset[], opts: PlanEndpointsOptions): Endpoints {
  const meta: ObjectMeta = existing
    ? structuredClone(existing.metadata)
    : { name: service.metadata.name, namespace: service.metadata.namespace };
  const annotations = { ...(meta.annotations ?? {}) };
  const trigger = triggerTimeText(opts.triggerTime);
  if (trigger) annotations[ANNOTATION_TRIGGER_TIME] = trigger;
  else delete annotations[ANNOTATION_TRIGGER_TIME];
  const truncated = truncateSubsets(subsets);
  if (truncated) annotations[ANNOTATION_OVER_CAPACITY] = OVER_CAPACITY_TRUNCATED;
  else delete annotations[ANNOTATION_OVER_CAPACITY];
  const labels = { ...(service.metadata.labels ?? {}) };
  if (isServiceIPSet(service)) delete labels[LABEL_HEADLESS];
  else labels[LABEL_HEADLESS] = '';
  meta.labels = labels;
  meta.annotations = annotations;
  if (Object.keys(labels).length === 0) delete meta.labels;
  if (Object.keys(annotations).length === 0) delete meta.annotations;
  const endpoints: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta };
  // `subsets` is omitempty: an Endpoints without addresses comes back without the field.
  if (subsets.length > 0) endpoints.subsets = toWire(truncated ?? subsets);
  return endpoints;
}

/** What the API server would store is identical to what exists: the PUT would not bump anything. */
function sameStoredContent(a: Endpoints, b: Endpoints): boolean {
  // The maps first: they are small, and the trigger-time annotation usually differs.
  return mapsEqual(a.metadata.labels, b.metadata.labels) && mapsEqual(a.metadata.annotations, b.metadata.annotations) && subsetsEqual(a.subsets, b.subsets);
}

/**
 * planEndpoints: the Endpoints object the endpoints controller would write for `service`.
 * `pods` may be every pod of the namespace (or the cluster): selection by namespace and
 * selector happens here. `existing` is the current Endpoints object named like the Service.
 */
export function planEndpoints(service: Service | undefined, pods: Pod[], existing: Endpoints | undefined, opts: PlanEndpointsOptions = {}): EndpointsPlan {
  return planEndpointsFor(service, (svc) => desiredSubsets(svc, pods), existing, opts);
}

/**
 * planEndpoints with the desired subsets supplied by the caller (the controller's incremental
 * state, src/controllers/endpoints/state.ts): `subsets(service)` must return what
 * desiredSubsets(service, pods) would, and is only called for a Service with a selector.
 */
export function planEndpointsFor(service: Service | undefined, subsetsOf: (service: Service) => EndpointSubset[],
  existing: Endpoints | undefined, opts: PlanEndpointsOptions = {}): EndpointsPlan {
  if (!service) {
    return existing ? { action: 'delete', endpoints: existing, reason: 'ServiceNotFound' } : { action: 'none', reason: 'ServiceNotFound' };
  }
  if (service.spec?.type === 'ExternalName') return { action: 'none', reason: 'ExternalName' };
  if (!hasSelector(service)) return { action: 'none', reason: 'NoSelector' };

  const subsets = subsetsOf(service);
  if (existing) {
    // The headless label is not on the Service, so it is left out of the comparison.
    const compareLabels = withoutKey(existing.metadata.labels, LABEL_HEADLESS);
    if (
      subsetsEqualIgnoringResourceVersion(existing.subsets, subsets) &&
      mapsEqual(compareLabels, service.metadata.labels) &&
      capacityAnnotationSetCorrectly(existing.metadata.annotations, existing.subsets)
    ) {
      return { action: 'none', reason: 'Unchanged' };
    }
  }
  const endpoints = buildEndpoints(service, existing, subsets, opts);
  if (!existing) return { action: 'create', endpoints, reason: 'Created' };
  if (sameStoredContent(existing, endpoints)) return { action: 'none', reason: 'NoOpUpdate' };
  return { action: 'update', endpoints, reason: 'Updated' };
}
