// The EndpointSlice controller loop: store events map to Service keys in a coalescing queue; the
// worker re-reads current state, asks the pure planner what should exist, and applies the plan
// through the registry like any client. Its own writes are recognised by generation and skipped.
import { isStatusError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { selectorFromSet } from '../../machinery/labels.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import type { StoreEvent } from '../../storage/store.js';
import { rfc3339 } from '../../util/clock.js';
import { shareUnchanged } from '../../util/copy.js';
import { isPlainStored } from '../../storage/table.js';
import { generateName } from '../../util/random.js';
import { QueueController } from '../base.js';
import { PodServiceMap } from '../podmap.js';
import type { EventRecorder } from '../recorder.js';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './constants.js';
import { computeTriggerTime, type TriggerTimeState } from './trigger-time.js';
import type { TopologyHintsState } from './plan-hints.js';
import { planService, type Plan, type PlanOptions } from './planner.js';
import { ServiceEndpointState, triggerTimeFor } from './service-state.js';
import { buildNodeView, type NodeView } from './topology.js';
import type { EndpointSlice, Node, Pod, Service } from './types.js';
import type { EndpointSliceMetrics } from './controller-metrics.js';

export interface EndpointSliceControllerOptions {
  maxEndpointsPerSlice: number;
  recorder: EventRecorder;
  metrics: EndpointSliceMetrics;
  /** Delay before a queued Service is synced, so write storms batch (ms). */
  batchDelayMs?: number;
}

export class EndpointSliceController extends QueueController {
  private triggerTimes = new Map<string, TriggerTimeState>();
  private topology = new Map<string, TopologyHintsState>();
  /** slice uid → generation we last wrote: events for our own writes are not re-queued. */
  private written = new Map<string, number>();
  /** Service key → its selected pods and what was planned from them (rebuilt when the Service changes). */
  private states = new Map<string, ServiceEndpointState>();
  /** Service key → pods whose events concerned it since its last sync. */
  private dirtyPods = new Map<string, Set<string>>();
  /** The node list as the planner sees it; dropped on every node event. */
  private nodeView?: NodeView;
  private podMap: PodServiceMap;
  private services: Strategy;
  private pods: Strategy;
  private nodes: Strategy;
  private slices: Strategy;

  constructor(r: Registry, private readonly o: EndpointSliceControllerOptions) {
    super(r, {
      batchDelayMs: o.batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000, onError: (key, e) => this.onSyncError(key, e),
    });
    this.services = r.resource('', 'services');
    this.pods = r.resource('', 'pods');
    this.nodes = r.resource('', 'nodes');
    this.slices = r.resource('discovery.k8s.io', 'endpointslices');
    this.podMap = new PodServiceMap(r);
    this.unsubscribers.push(
      this.podMap.stop,
      r.watch(this.services, (ev) => this.queue.add(key(ev.object.obj))),
      r.watch(this.pods, (ev) => this.onPod(ev)),
      r.watch(this.nodes, (ev) => this.onNode(ev)),
      r.watch(this.slices, (ev) => this.onSlice(ev)),
    );
    for (const s of r.list(this.services, undefined).items) this.queue.add(key(s.obj));
  }

  private onPod(ev: StoreEvent): void {
    const name = ev.object.obj.metadata.name ?? '';
    for (const k of this.podMap.servicesFor(ev)) {
      let dirty = this.dirtyPods.get(k);
      if (!dirty) this.dirtyPods.set(k, (dirty = new Set()));
      dirty.add(name);
      this.queue.add(k);
    }
  }

  private onNode(ev: StoreEvent): void {
    this.nodeView = undefined;
    const zone = (o?: KObject) => o?.metadata.labels?.['topology.kubernetes.io/zone'];
    if (ev.type === 'MODIFIED' && zone(ev.prev?.obj) === zone(ev.object.obj) &&
      JSON.stringify((ev.prev?.obj.status as any)?.allocatable) === JSON.stringify((ev.object.obj.status as any)?.allocatable)) return;
    // Zones and allocatable CPU feed endpoint zones and topology hints: every Service may change.
    for (const s of this.r.list(this.services, undefined).items) this.queue.add(key(s.obj));
  }

  private onSlice(ev: StoreEvent): void {
    const o = ev.object.obj;
    const labels = o.metadata.labels ?? {};
    const prevLabels = ev.prev?.obj.metadata.labels ?? {};
    const ours = labels[LABEL_MANAGED_BY] === CONTROLLER_NAME || prevLabels[LABEL_MANAGED_BY] === CONTROLLER_NAME;
    if (!ours) return;
    const uid = o.metadata.uid ?? '';
    if (ev.type !== 'DELETED' && this.written.get(uid) === o.metadata.generation) return;
    if (ev.type === 'DELETED') this.written.delete(uid);
    const ns = o.metadata.namespace ?? '';
    for (const svc of new Set([labels[LABEL_SERVICE_NAME], prevLabels[LABEL_SERVICE_NAME]])) {
      if (svc) this.queue.add(`${ns}/${svc}`);
    }
  }

  private onSyncError(k: string, e: unknown): void {
    this.o.metrics.syncs.inc({ result: 'error' });
    const [ns, name] = k.split('/');
    const svc = this.r.tryGet(this.services, ns, name);
    if (svc && !(isStatusError(e) && (e.reason === 'Conflict' || e.reason === 'AlreadyExists'))) {
      this.o.recorder.record(svc.obj, 'Warning', 'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${k}: ${(e as Error).message}`);
    }
  }

  /** syncService: one Service, current state in, writes out. */
  protected sync(k: string): void {
    const [ns, name] = k.split('/');
    const svc = this.r.tryGet(this.services, ns, name);
    if (!svc) {
      // Slices are owned by the Service: the garbage collector removes them.
      this.triggerTimes.delete(k);
      this.topology.delete(k);
      this.states.delete(k);
      this.dirtyPods.delete(k);
      this.o.metrics.forget(k);
      return;
    }
    const service = svc.obj as Service;
    const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
    const nodes = this.currentNodes();
    const existing = this.r.list(this.slices, ns, { labelSelector: `${LABEL_SERVICE_NAME}=${name}` }).items.map((s) => s.obj as EndpointSlice);
    const opts: PlanOptions = {
      maxEndpointsPerSlice: this.o.maxEndpointsPerSlice,
      now: rfc3339(this.r.now()),
      generateName: (prefix) => generateName(this.r.opts.random, prefix),
      topologyState: this.topology.get(k),
    };
    let plan: Plan;
    let commitTrigger: () => TriggerTimeState;
    if (selector && Object.keys(selector).length) {
      const state = this.serviceState(k, service, selector);
      const trig = triggerTimeFor(state, this.triggerTimes.get(k));
      plan = state.plan(nodes, existing, { ...opts, triggerTime: trig.triggerTime });
      commitTrigger = trig.commit;
    } else {
      this.states.delete(k);
      this.dirtyPods.delete(k);
      const trig = computeTriggerTime(this.triggerTimes.get(k), service, []);
      plan = planService(service, [], nodes, existing, { ...opts, triggerTime: trig.triggerTime });
      commitTrigger = () => trig.state;
    }
    this.apply(ns, plan, existing);
    this.triggerTimes.set(k, commitTrigger());
    this.topology.set(k, plan.topologyState);
    for (const ev of plan.events) this.o.recorder.record(service, ev.type as 'Normal' | 'Warning', ev.reason, ev.message);
    if (plan.errors.length) {
      this.o.recorder.record(service, 'Warning', 'FailedToUpdateEndpointSlices',
        `Error updating Endpoint Slices for Service ${k}: ${plan.errors.join(', ')}`);
    }
    this.o.metrics.observe(k, plan);
    this.o.metrics.syncs.inc({ result: 'success' });
  }

  /**
   * The Service's selected pods, brought up to date: re-listed when the Service object changed,
   * otherwise only the pods whose events concerned it since the last sync are read again.
   */
  private serviceState(k: string, service: Service, selector: Record<string, string>): ServiceEndpointState {
    const ns = service.metadata.namespace ?? '';
    let state = this.states.get(k);
    const dirty = this.dirtyPods.get(k);
    this.dirtyPods.delete(k);
    if (state?.service !== service) {
      const pods = this.r.list(this.pods, ns, { labelSelector: selectorFromSet(selector).toString() }).items.map((p) => p.obj as Pod);
      state = new ServiceEndpointState(service, pods);
      this.states.set(k, state);
    } else if (dirty) {
      for (const pod of dirty) state.setPod(pod, this.r.tryGet(this.pods, ns, pod)?.obj as Pod | undefined);
    }
    return state;
  }

  private currentNodes(): NodeView {
    this.nodeView ??= buildNodeView(this.r.list(this.nodes, undefined).items.map((n) => n.obj as Node));
    return this.nodeView;
  }

  private apply(ns: string, plan: Plan, existing: readonly EndpointSlice[]): void {
    const m = this.o.metrics;
    for (const s of plan.create) {
      const res = this.r.create(this.slices, ns, s, { fieldManager: 'endpointslice-controller' });
      this.remember(res.object);
      m.changes.inc({ operation: 'create' });
    }
    const stored = plan.update.length ? new Map(existing.map((e) => [e.metadata.name ?? '', e])) : undefined;
    for (const s of plan.update) {
      // The planned slice is the registry's from here on: the parts equal to the stored version's
      // become those (frozen) parts, which the no-op check, field ownership and the store's freeze
      // then pass over by identity instead of walking a fresh copy of every kept endpoint. Not
      // metadata: the write path sets fields there.
      const old = stored!.get(s.metadata.name ?? '');
      const cur = old && this.r.tryGet(this.slices, ns, s.metadata.name ?? '');
      if (old && cur && cur.obj === old && isPlainStored(cur)) shareStoredParts(s, old);
      const res = this.r.update(this.slices, ns, s.metadata.name ?? '', s, { fieldManager: 'endpointslice-controller' });
      this.remember(res.object);
      m.changes.inc({ operation: 'update' });
    }
    for (const s of plan.delete) {
      try {
        this.r.delete(this.slices, ns, s.metadata.name ?? '', { preconditions: { uid: s.metadata.uid } });
        m.changes.inc({ operation: 'delete' });
      } catch (e) {
        if (!(isStatusError(e) && e.code === 404)) throw e;
      }
    }
  }

  private remember(o: KObject): void {
    if (o.metadata.uid) this.written.set(o.metadata.uid, o.metadata.generation ?? 0);
  }
}

function key(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** shareUnchanged for each field of `s` but metadata, against the stored version `old`. */
function shareStoredParts(s: EndpointSlice, old: EndpointSlice): void {
  const o = s as unknown as Record<string, unknown>;
  const p = old as unknown as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k === 'metadata' || k === '__proto__') continue;
    const v = o[k];
    if (typeof v === 'object' && v !== null) o[k] = shareUnchanged(v, p[k]);
  }
}
