// What the EndpointSlice controller remembers about one Service between syncs, so a sync converts
// only the pods that changed and re-examines only the slices those changes touch. It is a memo
// of planService's inputs, not a second algorithm: plan() gives exactly what planService(service,
// pods, nodes, existing, opts) gives for the pods set here (test/controllers/endpointslice/
// incremental.test.ts drives both with random changes and compares every plan).
//
// Kept per address type and port-map key (address-type-state.ts): the desired endpoints by endpoint key, which of them no
// existing slice holds ("unplaced"), and an index endpoint key → the slice holding it. Kept per
// existing slice (by object identity, stored objects never change): its endpoint keys and which of
// them differ from what is desired ("bad"). A slice with nothing bad is unchanged without looking
// at its endpoints again. Anything unusual (one endpoint key in two slices) falls back to the full
// reconcile of reconcile.ts for that address type.
import { LABEL_ZONE } from './constants.js';
import { AddressTypeState, type KeyState, type SliceView } from './address-type-state.js';
import { copyEndpoint, endpointKey, podToEndpoint, shouldPodBeInEndpoints } from './endpoints.js';
import { planServiceWith, type Plan, type PlanOptions } from './planner.js';
import { portMapKey, portResolver } from './ports.js';
import {
  finishAddressType, placeEndpoints, reconcileAddressType,
  type AddressTypeResult, type MappingResults, type PodInfo,
} from './reconcile.js';
import { copySlice } from './slice-sets.js';
import { ownedBy, selectorMatches, serviceSelector, sliceLabels } from './slices.js';
import type { NodeView } from './topology.js';
import { computeTriggerTime, computeTriggerTimeChanges, type TriggerTimeState } from './trigger-time.js';
import type { AddressType, Endpoint, EndpointPort, EndpointSlice, Pod, Service } from './types.js';

/** The pods set since a trigger time was last committed (parallel lists), and which change came last. */
export interface TriggerChanges {
  names: string[];
  pods: (Pod | undefined)[];
  version: number;
}

/** One selected pod and what it contributes. */
const NO_ENDPOINTS: readonly string[] = Object.freeze([]);

interface PodEntry {
  pod: Pod;
  /** Ports and port-map key; null when ShouldPodBeInEndpoints says no. */
  info: { ports: EndpointPort[]; key: string } | null;
  /** The node facts its endpoints were built with: MISSING, or the zone label ('' for none). */
  nodeFacts: string;
  /**
   * The endpoints it contributes, one per address type at most: address type and endpoint key,
   * in pairs (one flat list: most pods have one endpoint, and a pair object a pod adds up).
   */
  endpoints: readonly string[];
}

const MISSING = '\0missing';

/** A pod version and the endpoints it contributed: address type, endpoint key, endpoint, in triples. */
interface Contributed {
  pod: Pod;
  endpoints: (AddressType | string | Endpoint)[];
}

/** Pods of one port-map key, across address types (a key exists even if no pod has an address). */
interface PortGroup {
  ports: EndpointPort[];
  names: Set<string>;
  /** Smallest pod name (groups are reconciled in order of their first pod); undefined = recompute. */
  minName?: string;
}

const byPodName = (a: Endpoint, b: Endpoint) => {
  const x = a.targetRef?.name ?? '';
  const y = b.targetRef?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

const bySliceName = (a: SliceView, b: SliceView) => {
  const x = a.obj.metadata.name ?? '';
  const y = b.obj.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

export class ServiceEndpointState {
  private readonly pods = new Map<string, PodEntry>();
  private readonly groups = new Map<string, PortGroup>();
  /** Selected pods skipped for a missing Node (only when the Service doesn't publish not-ready addresses). */
  private readonly missingNode = new Set<string>();
  private readonly types = new Map<AddressType, AddressTypeState>();
  private readonly portsOf: ReturnType<typeof portResolver>;
  private readonly selector: Record<string, string> | undefined;
  private readonly publishNotReady: boolean;
  private nodes: NodeView | undefined;
  /** Pods set since the last commitTriggerTime(), with their latest version (undefined: gone). */
  private readonly triggerChanges = new Map<string, Pod | undefined>();
  private triggerFull = true;
  /** Counts setPod changes, so a commit can tell whether any came after its snapshot. */
  private triggerVersion = 0;

  constructor(readonly service: Service, pods: Iterable<Pod>) {
    this.selector = serviceSelector(service);
    this.publishNotReady = Boolean(service.spec?.publishNotReadyAddresses);
    this.portsOf = portResolver(service);
    for (const p of pods) this.setPod(p.metadata.name ?? '', p);
    // The first trigger time looks at every pod anyway.
    this.triggerChanges.clear();
  }

  /** The current version of a pod (undefined: deleted or no longer selected). Unselected pods are ignored. */
  setPod(name: string, pod: Pod | undefined): void {
    if (pod && !this.selects(pod)) pod = undefined;
    const old = this.pods.get(name);
    if (old?.pod === pod) return;
    this.triggerChanges.set(name, pod);
    this.triggerVersion++;
    // What the old version contributed, to build the new endpoints from where nothing changed.
    const prev = old && pod && old.endpoints.length ? this.contributed(old) : undefined;
    if (old) this.retract(name, old);
    if (!pod) {
      this.pods.delete(name);
      return;
    }
    const entry: PodEntry = { pod, info: null, nodeFacts: MISSING, endpoints: NO_ENDPOINTS };
    if (shouldPodBeInEndpoints(pod)) entry.info = this.portsOf(pod);
    this.pods.set(name, entry);
    this.contribute(name, entry, prev);
  }

  /** An entry's endpoints as its pod last contributed them: address type, key and endpoint, in triples. */
  private contributed(entry: PodEntry): Contributed {
    const out: Contributed['endpoints'] = [];
    const eps = entry.endpoints;
    for (let i = 0; i < eps.length; i += 2) {
      const ep = this.types.get(eps[i] as AddressType)?.keys.get(entry.info!.key)?.desired.get(eps[i + 1]);
      if (ep) out.push(eps[i] as AddressType, eps[i + 1], ep);
    }
    return { pod: entry.pod, endpoints: out };
  }

  /** All pods set, in no particular order (the trigger-time tracker's full pass). */
  allPods(): Pod[] {
    return [...this.pods.values()].map((e) => e.pod);
  }

  /**
   * The pods set since the last commit, as a snapshot that commitTriggerTime() takes back; `full`
   * when the next trigger time needs every pod.
   */
  triggerTimeChanges(): { full: boolean; changes: TriggerChanges } {
    const names: string[] = [];
    const pods: (Pod | undefined)[] = [];
    for (const [name, pod] of this.triggerChanges) {
      names.push(name);
      pods.push(pod);
    }
    return { full: this.triggerFull, changes: { names, pods, version: this.triggerVersion } };
  }

  /** A trigger time computed from `used` was written: those changes are accounted for. */
  commitTriggerTime(used: TriggerChanges): void {
    this.triggerFull = false;
    // Nothing set since the snapshot: it was all of them.
    if (used.version === this.triggerVersion) {
      this.triggerChanges.clear();
      return;
    }
    for (let i = 0; i < used.names.length; i++) {
      if (this.triggerChanges.get(used.names[i]) === used.pods[i]) this.triggerChanges.delete(used.names[i]);
    }
  }

  /** planService(service, <the pods set>, nodes, existingSlices, opts). */
  plan(nodes: NodeView, existingSlices: readonly EndpointSlice[], opts: PlanOptions): Plan {
    this.useNodes(nodes);
    return planServiceWith(this.service, nodes, existingSlices, opts,
      (existing, addressType) => this.reconcile(existing, addressType, opts.maxEndpointsPerSlice));
  }

  private selects(pod: Pod): boolean {
    return pod.metadata.namespace === this.service.metadata.namespace &&
      this.selector !== undefined && selectorMatches(this.selector, pod.metadata.labels);
  }

  private type(addressType: AddressType): AddressTypeState {
    let t = this.types.get(addressType);
    if (!t) {
      this.types.set(addressType, (t = new AddressTypeState()));
      // A new address type starts from every pod's endpoint of that family.
      for (const [, entry] of this.pods) this.contributeType(entry, addressType, t);
    }
    return t;
  }

  private nodeFacts(pod: Pod): string {
    const node = this.nodes?.byName.get(pod.spec?.nodeName ?? '');
    return node ? (node.metadata.labels?.[LABEL_ZONE] || '') : MISSING;
  }

  private contribute(name: string, entry: PodEntry, prev?: Contributed): void {
    if (!entry.info) return;
    let g = this.groups.get(entry.info.key);
    if (!g) this.groups.set(entry.info.key, (g = { ports: entry.info.ports, names: new Set(), minName: name }));
    g.names.add(name);
    if (g.minName !== undefined && name < g.minName) g.minName = name;
    entry.nodeFacts = this.nodeFacts(entry.pod);
    if (entry.nodeFacts === MISSING && !this.publishNotReady) this.missingNode.add(name);
    for (const [addressType, t] of this.types) this.contributeType(entry, addressType, t, prev);
  }

  private contributeType(entry: PodEntry, addressType: AddressType, t: AddressTypeState, prev?: Contributed): void {
    if (!entry.info || (entry.nodeFacts === MISSING && !this.publishNotReady)) return;
    const node = this.nodes?.byName.get(entry.pod.spec?.nodeName ?? '');
    let before: Endpoint | undefined;
    let beforeKey = '';
    if (prev) {
      const eps = prev.endpoints;
      for (let i = 0; i < eps.length; i += 3) {
        if (eps[i] !== addressType) continue;
        beforeKey = eps[i + 1] as string;
        before = eps[i + 2] as Endpoint;
      }
    }
    const ep = podToEndpoint(entry.pod, node, this.service, addressType, before && { pod: prev!.pod, ep: before });
    if (ep.addresses.length === 0) return;
    // endpointKey reads the addresses, hostname and targetRef only: the same ones give the same key.
    const key = before && ep.addresses === before.addresses && ep.targetRef === before.targetRef && ep.hostname === before.hostname
      ? beforeKey
      : endpointKey(ep);
    entry.endpoints = entry.endpoints.length === 0 ? [addressType, key] : [...entry.endpoints, addressType, key];
    t.setDesired(entry.info.key, key, ep);
  }

  private retract(name: string, entry: PodEntry): void {
    if (!entry.info) return;
    const g = this.groups.get(entry.info.key)!;
    g.names.delete(name);
    if (g.names.size === 0) this.groups.delete(entry.info.key);
    else if (g.minName === name) g.minName = undefined;
    this.missingNode.delete(name);
    const eps = entry.endpoints;
    for (let i = 0; i < eps.length; i += 2) this.types.get(eps[i] as AddressType)!.setDesired(entry.info.key, eps[i + 1], undefined);
    entry.endpoints = NO_ENDPOINTS;
  }

  /** A new node list: pods whose node appeared, vanished or changed zone get new endpoints. */
  private useNodes(nodes: NodeView): void {
    if (this.nodes === nodes) return;
    const first = this.nodes === undefined;
    this.nodes = nodes;
    for (const [name, entry] of this.pods) {
      if (!entry.info) continue;
      const facts = this.nodeFacts(entry.pod);
      if (facts === entry.nodeFacts) continue;
      if (first) {
        // Before the first plan no address type holds endpoints yet: only the node facts change.
        entry.nodeFacts = facts;
        if (facts !== MISSING || this.publishNotReady) this.missingNode.delete(name);
        continue;
      }
      this.retract(name, entry);
      this.contribute(name, entry);
    }
  }

  /** Port-map keys in the order of their first pod by name, as buildDesired registers them. */
  private groupOrder(): [string, PortGroup][] {
    const out = [...this.groups];
    if (out.length < 2) return out;
    for (const [, g] of out) {
      if (g.minName !== undefined) continue;
      for (const n of g.names) if (g.minName === undefined || n < g.minName) g.minName = n;
    }
    return out.sort(([, a], [, b]) => (a.minName! < b.minName! ? -1 : a.minName! > b.minName! ? 1 : 0));
  }

  private errors(): string[] {
    if (this.missingNode.size === 0) return [];
    const svc = `${this.service.metadata.namespace}/${this.service.metadata.name}`;
    return [...this.missingNode].sort().map((n) => {
      const nodeName = this.pods.get(n)!.pod.spec?.nodeName ?? '';
      return `skipping Pod ${n} for Service ${svc}: Node ${nodeName} Not Found`;
    });
  }

  /** Brings the slice views of one address type up to date with `existing`. */
  private refreshViews(t: AddressTypeState, existing: readonly EndpointSlice[]): SliceView[] {
    const seen = new Set<string>();
    const views: SliceView[] = [];
    for (const s of existing) {
      const name = s.metadata.name ?? '';
      seen.add(name);
      let view = t.views.get(name);
      if (view?.obj !== s) {
        t.removeView(name);
        view = this.viewOf(s);
        t.addView(view);
      }
      views.push(view);
    }
    for (const name of [...t.views.keys()]) if (!seen.has(name)) t.removeView(name);
    return views.sort(bySliceName);
  }

  private viewOf(s: EndpointSlice): SliceView {
    const endpoints = new Map<string, Endpoint>();
    for (const ep of s.endpoints ?? []) {
      const key = endpointKey(ep);
      if (!endpoints.has(key)) endpoints.set(key, ep);
    }
    return {
      obj: s, owned: ownedBy(s, this.service), portKey: portMapKey(s.ports), endpoints, bad: new Set(),
      labelsChanged: sliceLabels(s.metadata.labels, this.service).changed, indexed: false,
    };
  }

  private reconcile(existing: readonly EndpointSlice[], addressType: AddressType, max: number): AddressTypeResult {
    const t = this.type(addressType);
    const views = this.refreshViews(t, existing);
    if (t.clashes > 0) return this.reconcileInFull(existing, addressType, max);
    const sorted = views.map((v) => v.obj);
    const toDelete: EndpointSlice[] = [];
    const existingByKey = new Map<string, EndpointSlice[]>();
    const viewsByKey = new Map<string, SliceView[]>();
    for (const v of views) {
      if (!v.owned) {
        toDelete.push(v.obj);
        continue;
      }
      const list = viewsByKey.get(v.portKey);
      if (list) {
        list.push(v);
        existingByKey.get(v.portKey)!.push(v.obj);
      } else {
        viewsByKey.set(v.portKey, [v]);
        existingByKey.set(v.portKey, [v.obj]);
      }
    }
    const r: MappingResults = { create: [], update: [], toDelete, portCache: new Map(), added: 0, removed: 0 };
    for (const [key, group] of this.groupOrder()) {
      const ks = t.key(key);
      const slicesOfKey = viewsByKey.get(key) ?? [];
      const numEndpoints = ks.desired.size;
      const m = this.reconcileKey(addressType, ks, group, slicesOfKey, max, r);
      r.portCache.set(key, { endpoints: numEndpoints, slices: slicesOfKey.length + m.created - m.deleted });
    }
    return finishAddressType(this.service, addressType, sorted, existingByKey, (key) => this.groups.has(key), r, this.errors());
  }

  /** reconcileByPortMapping for one port-map key; appends to `r`, returns its own create/delete counts. */
  private reconcileKey(addressType: AddressType, s: KeyState, group: PortGroup, views: readonly SliceView[], max: number,
    r: MappingResults): { created: number; deleted: number } {
    const slices = new Map<string, EndpointSlice>();
    const unchanged = new Set<string>();
    const toUpdate = new Set<string>();
    const toDelete: EndpointSlice[] = [];
    // Step 1, for the slices a change touched: keep still-desired endpoints (as desired now).
    for (const v of views) {
      const slice = v.obj;
      const name = slice.metadata.name ?? '';
      slices.set(name, slice);
      if (v.bad.size === 0 && !v.labelsChanged) {
        unchanged.add(name);
        continue;
      }
      const { labels } = sliceLabels(slice.metadata.labels, this.service);
      if (v.bad.size === 0) {
        const copy = copySlice(slice);
        copy.metadata.labels = labels;
        slices.set(name, copy);
        toUpdate.add(name);
        continue;
      }
      const old = slice.endpoints ?? [];
      const kept: Endpoint[] = [];
      for (const key of v.endpoints.keys()) {
        const want = s.desired.get(key);
        if (want) kept.push(copyEndpoint(want));
      }
      r.removed += old.length - kept.length;
      if (kept.length === 0) {
        toDelete.push(slice);
        continue;
      }
      const copy = copySlice(slice, kept);
      copy.metadata.labels = labels;
      slices.set(name, copy);
      toUpdate.add(name);
    }
    const rest = [...s.unplaced].map((k) => s.desired.get(k)!).sort(byPodName).map(copyEndpoint);
    r.added += rest.length;
    const create = placeEndpoints(this.service, addressType, group.ports, max, { slices, toUpdate, unchanged }, rest);
    r.create.push(...create);
    r.update.push(...[...toUpdate].map((n) => slices.get(n)!));
    r.toDelete.push(...toDelete);
    return { created: create.length, deleted: toDelete.length };
  }

  /** The full reconcile (reconcile.ts) over every selected pod, for states the index can't express. */
  private reconcileInFull(existing: readonly EndpointSlice[], addressType: AddressType, max: number): AddressTypeResult {
    const infos: PodInfo[] = [];
    for (const [, e] of this.pods) if (e.info) infos.push({ pod: e.pod, ...e.info });
    infos.sort((a, b) => {
      const x = a.pod.metadata.name ?? '';
      const y = b.pod.metadata.name ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return reconcileAddressType(this.service, infos, this.nodes!.byName, existing, addressType, max);
  }
}

/**
 * The last-change-trigger-time for the next sync of `state`: computeTriggerTime over every pod
 * the first time (or after `previous` was lost), otherwise from the pods changed since the last
 * commit. Call commit() once the sync's writes succeeded and keep the state it returns.
 */
export function triggerTimeFor(state: ServiceEndpointState, previous: TriggerTimeState | undefined) {
  const { full, changes } = state.triggerTimeChanges();
  if (previous && !full) {
    const r = computeTriggerTimeChanges(previous, state.service, changes);
    return { triggerTime: r.triggerTime, commit: () => { state.commitTriggerTime(changes); return r.commit(); } };
  }
  const r = computeTriggerTime(previous, state.service, state.allPods());
  return { triggerTime: r.triggerTime, commit: () => { state.commitTriggerTime(changes); return r.state; } };
}
