// The EndpointSliceMirroring controller loop: user-written Endpoints of selector-less Services are
// mirrored into EndpointSlices managed by endpointslicemirroring-controller.k8s.io.
import { isStatusError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { Counter, Gauge, Histogram, type MetricsRegistry } from '../../metrics/registry.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import type { StoreEvent } from '../../storage/store.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { MirroringMetricsCache, METRICS_SUBSYSTEM as SUB, PER_SYNC_BUCKETS, SYNC_DURATION_BUCKETS } from './metrics.js';
import { planMirroring } from './planner.js';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './slices.js';
import type { EndpointSlice } from './types.js';

class MirroringMetrics {
  readonly added: Histogram;
  readonly updated: Histogram;
  readonly removed: Histogram;
  readonly skipped: Histogram;
  readonly duration: Histogram;
  readonly desired: Gauge;
  readonly numSlices: Gauge;
  readonly desiredSlices: Gauge;
  readonly changes: Counter;
  constructor(reg: MetricsRegistry, readonly cache: MirroringMetricsCache) {
    this.added = reg.register(new Histogram(`${SUB}_endpoints_added_per_sync`, 'Number of endpoints added on each Endpoints sync', PER_SYNC_BUCKETS));
    this.updated = reg.register(new Histogram(`${SUB}_endpoints_updated_per_sync`, 'Number of endpoints updated on each Endpoints sync', PER_SYNC_BUCKETS));
    this.removed = reg.register(new Histogram(`${SUB}_endpoints_removed_per_sync`, 'Number of endpoints removed on each Endpoints sync', PER_SYNC_BUCKETS));
    this.skipped = reg.register(new Histogram(`${SUB}_addresses_skipped_per_sync`, 'Number of addresses skipped on each Endpoints sync due to being invalid or exceeding MaxEndpointsPerSubset', PER_SYNC_BUCKETS));
    this.duration = reg.register(new Histogram(`${SUB}_endpoints_sync_duration`, 'Duration of syncEndpoints() in seconds', SYNC_DURATION_BUCKETS));
    this.desired = reg.register(new Gauge(`${SUB}_endpoints_desired`, 'Number of endpoints desired'));
    this.numSlices = reg.register(new Gauge(`${SUB}_num_endpoint_slices`, 'Number of EndpointSlices'));
    this.desiredSlices = reg.register(new Gauge(`${SUB}_desired_endpoint_slices`, 'Number of EndpointSlices that would exist with perfect endpoint allocation'));
    this.changes = reg.register(new Counter(`${SUB}_changes`, 'Number of EndpointSlice changes'));
  }
}

export class MirroringController extends QueueController {
  private services: Strategy;
  private endpoints: Strategy;
  private slices: Strategy;
  private recorder: EventRecorder;
  private metrics: MirroringMetrics;

  constructor(r: Registry, reg: MetricsRegistry, private readonly maxEndpointsPerSubset = 1000) {
    super(r, { baseDelayMs: 10, maxDelayMs: 5000 });
    this.services = r.resource('', 'services');
    this.endpoints = r.resource('', 'endpoints');
    this.slices = r.resource('discovery.k8s.io', 'endpointslices');
    this.recorder = new EventRecorder(r, { component: 'endpoint-slice-mirroring-controller' });
    this.metrics = new MirroringMetrics(reg, new MirroringMetricsCache(maxEndpointsPerSubset));
    const key = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    this.unsubscribers.push(
      r.watch(this.services, (ev) => this.queue.add(key(ev.object.obj))),
      r.watch(this.endpoints, (ev) => this.queue.add(key(ev.object.obj))),
      r.watch(this.slices, (ev) => this.onSlice(ev)),
    );
    for (const e of r.list(this.endpoints, undefined).items) this.queue.add(key(e.obj));
  }

  private onSlice(ev: StoreEvent): void {
    for (const o of [ev.object.obj, ev.prev?.obj]) {
      const l = o?.metadata.labels ?? {};
      if (l[LABEL_MANAGED_BY] === CONTROLLER_NAME && l[LABEL_SERVICE_NAME]) this.queue.add(`${o!.metadata.namespace}/${l[LABEL_SERVICE_NAME]}`);
    }
  }

  protected sync(k: string): void {
    const started = performance.now();
    const [ns, name] = k.split('/');
    const svc = this.r.tryGet(this.services, ns, name)?.obj;
    const ep = this.r.tryGet(this.endpoints, ns, name)?.obj;
    // Only this controller's slices matter to the plan (mirroredSlices): asking for them by both
    // labels lets the label index skip the EndpointSlice controller's slices of the Service.
    const existing = this.r.list(this.slices, ns, { labelSelector: `${LABEL_SERVICE_NAME}=${name},${LABEL_MANAGED_BY}=${CONTROLLER_NAME}` })
      .items.map((s) => s.obj as unknown as EndpointSlice);
    const plan = planMirroring(svc as any, ep as any, existing, { maxEndpointsPerSubset: this.maxEndpointsPerSubset, namespace: ns, name });
    const m = this.metrics;
    for (const s of plan.create) {
      this.r.create(this.slices, ns, s, { fieldManager: CONTROLLER_NAME });
      m.changes.inc({ operation: 'create' });
    }
    for (const s of plan.update) {
      this.r.update(this.slices, ns, s.metadata.name ?? '', s, { fieldManager: CONTROLLER_NAME });
      m.changes.inc({ operation: 'update' });
    }
    for (const s of plan.delete) {
      try {
        this.r.delete(this.slices, ns, s.metadata.name ?? '');
        m.changes.inc({ operation: 'delete' });
      } catch (e) {
        if (!(isStatusError(e) && e.code === 404)) throw e;
      }
    }
    if (ep) for (const e of plan.events) this.recorder.record(ep, e.type, e.reason, e.message);
    const obs = plan.metrics.observations;
    if (obs) {
      m.added.observe(obs.endpointsAdded);
      m.updated.observe(obs.endpointsUpdated);
      m.removed.observe(obs.endpointsRemoved);
      m.skipped.observe(obs.addressesSkipped);
    }
    m.cache.apply(k, plan.metrics);
    const g = m.cache.gauges();
    m.desired.set(g.endpointsDesired);
    m.numSlices.set(g.numEndpointSlices);
    m.desiredSlices.set(g.desiredEndpointSlices);
    m.duration.observe((performance.now() - started) / 1000);
  }



}
