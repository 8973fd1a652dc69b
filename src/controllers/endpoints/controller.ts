// The legacy Endpoints controller loop: one Endpoints object per Service with a selector, written
// through the registry from the pure planner's decision.
import { isStatusError } from '../../machinery/status.js';
import { selectorFromSet } from '../../machinery/labels.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import { computeTriggerTime, type TriggerTimeState } from '../endpointslice/trigger-time.js';
import type { Service as SliceService } from '../endpointslice/types.js';
import { PodServiceMap } from '../podmap.js';
import { clone } from '../../util/copy.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { failedToCreateEndpointEvent, failedToUpdateEndpointEvent } from './events.js';
import { planEndpoints, planEndpointsFor } from './planner.js';
import { EndpointsServiceState } from './state.js';
import type { EndpointsPlan } from './planner.js';
import type { Endpoints, Pod, Service } from './types.js';

export class EndpointsController extends QueueController {
  private triggerTimes = new Map<string, TriggerTimeState>();
  /** Service key → its selected pods (rebuilt when the Service changes). */
  private states = new Map<string, EndpointsServiceState>();
  /** Service key → pods whose events concerned it since its last sync. */
  private dirtyPods = new Map<string, Set<string>>();
  private services: Strategy;
  private pods: Strategy;
  private endpoints: Strategy;
  private recorder: EventRecorder;

  constructor(r: Registry, batchDelayMs?: number) {
    super(r, { baseDelayMs: 10, maxDelayMs: 5000, batchDelayMs });
    this.services = r.resource('', 'services');
    this.pods = r.resource('', 'pods');
    this.endpoints = r.resource('', 'endpoints');
    this.recorder = new EventRecorder(r, { component: 'endpoint-controller' });
    const key = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    const podMap = new PodServiceMap(r);
    this.unsubscribers.push(
      podMap.stop,
      r.watch(this.services, (ev) => this.queue.add(key(ev.object.obj))),
      // Like upstream, Endpoints changes themselves are not watched: a hand-edited Endpoints is
      // corrected on the Service's next sync, and one without a Service is left alone.
      r.watch(this.pods, (ev) => this.onPod(podMap.servicesFor(ev), ev.object.obj.metadata.name ?? '')),
    );
    for (const s of r.list(this.services, undefined).items) this.queue.add(key(s.obj));
  }

  private onPod(keys: string[], pod: string): void {
    for (const k of keys) {
      let dirty = this.dirtyPods.get(k);
      if (!dirty) this.dirtyPods.set(k, (dirty = new Set()));
      dirty.add(pod);
      this.queue.add(k);
    }
  }

  protected sync(k: string): void {
    const [ns, name] = k.split('/');
    const svc = this.r.tryGet(this.services, ns, name)?.obj as Service | undefined;
    const existing = this.r.tryGet(this.endpoints, ns, name)?.obj as Endpoints | undefined;
    if (!svc) {
      this.states.delete(k);
      this.dirtyPods.delete(k);
    }
    if (!svc && !existing) {
      this.triggerTimes.delete(k);
      return;
    }
    // Only the selected pods, as upstream lists them: listing the namespace would make every
    // Service track every pod. They are listed once per Service object; after that only the pods
    // whose events concerned the Service are read again.
    const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    let plan: EndpointsPlan;
    let trig: { triggerTime: string | null; commit: () => TriggerTimeState } | undefined;
    if (svc && selector && Object.keys(selector).length) {
      const state = this.serviceState(k, svc, selector);
      trig = state.triggerTimeFor(this.triggerTimes.get(k));
      plan = planEndpointsFor(svc, () => state.subsets(), existing, { triggerTime: trig.triggerTime });
    } else {
      this.states.delete(k);
      this.dirtyPods.delete(k);
      const t = svc ? computeTriggerTime(this.triggerTimes.get(k), svc as SliceService, []) : undefined;
      if (t) trig = { triggerTime: t.triggerTime, commit: () => t.state };
      plan = planEndpoints(svc, [], existing, { triggerTime: trig?.triggerTime });
    }
    try {
      // The planned object may share addresses with the remembered state; the registry keeps (and
      // freezes) what it is given, so it gets a copy.
      if (plan.action === 'create') this.r.create(this.endpoints, ns, clone(plan.endpoints), { fieldManager: 'endpoint-controller' });
      else if (plan.action === 'update') this.r.update(this.endpoints, ns, name, clone(plan.endpoints), { fieldManager: 'endpoint-controller' });
      else if (plan.action === 'delete') this.r.delete(this.endpoints, ns, name, { preconditions: { uid: existing?.metadata.uid } });
    } catch (e) {
      if (isStatusError(e) && e.code === 404 && plan.action === 'delete') return;
      if (svc && plan.endpoints && !(isStatusError(e) && e.reason === 'Conflict')) {
        const ev = plan.action === 'create' ? failedToCreateEndpointEvent(plan.endpoints, e as Error) : failedToUpdateEndpointEvent(plan.endpoints, e as Error);
        this.recorder.record(plan.endpoints as unknown as KObject, ev.type, ev.reason, ev.message);
      }
      throw e;
    }
    if (trig) this.triggerTimes.set(k, trig.commit());
  }

  private serviceState(k: string, service: Service, selector: Record<string, string>): EndpointsServiceState {
    const ns = service.metadata.namespace ?? '';
    let state = this.states.get(k);
    const dirty = this.dirtyPods.get(k);
    this.dirtyPods.delete(k);
    if (state?.service !== service) {
      const pods = this.r.list(this.pods, ns, { labelSelector: selectorFromSet(selector).toString() }).items.map((p) => p.obj as Pod);
      state = new EndpointsServiceState(service, pods);
      this.states.set(k, state);
    } else if (dirty) {
      for (const pod of dirty) state.setPod(pod, this.r.tryGet(this.pods, ns, pod)?.obj as Pod | undefined);
    }
    return state;
  }



}
