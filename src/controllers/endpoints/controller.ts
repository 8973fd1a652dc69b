// The legacy Endpoints controller loop: one Endpoints object per Service with a selector, written
// through the registry from the pure planner's decision.
import { isStatusError } from '../../machinery/status.js';
import { selectorFromSet } from '../../machinery/labels.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import { computeTriggerTime, type TriggerTimeState } from '../endpointslice/trigger-time.js';
import type { Pod as SlicePod, Service as SliceService } from '../endpointslice/types.js';
import { PodServiceMap } from '../podmap.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { failedToCreateEndpointEvent, failedToUpdateEndpointEvent } from './events.js';
import { planEndpoints } from './planner.js';
import type { Endpoints, Pod, Service } from './types.js';

export class EndpointsController extends QueueController {
  private triggerTimes = new Map<string, TriggerTimeState>();
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
      r.watch(this.pods, (ev) => { for (const k of podMap.servicesFor(ev)) this.queue.add(k); }),
    );
    for (const s of r.list(this.services, undefined).items) this.queue.add(key(s.obj));
  }

  protected sync(k: string): void {
    const [ns, name] = k.split('/');
    const svc = this.r.tryGet(this.services, ns, name)?.obj as Service | undefined;
    const existing = this.r.tryGet(this.endpoints, ns, name)?.obj as Endpoints | undefined;
    if (!svc && !existing) {
      this.triggerTimes.delete(k);
      return;
    }
    // Only the selected pods, as upstream lists them: listing the namespace would make every
    // Service track every pod.
    const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    const pods = selector && Object.keys(selector).length
      ? this.r.list(this.pods, ns, { labelSelector: selectorFromSet(selector).toString() }).items.map((p) => p.obj as Pod)
      : [];
    const trig = svc ? computeTriggerTime(this.triggerTimes.get(k), svc as SliceService, pods as SlicePod[]) : undefined;
    const plan = planEndpoints(svc, pods, existing, { triggerTime: trig?.triggerTime });
    try {
      if (plan.action === 'create') this.r.create(this.endpoints, ns, plan.endpoints, { fieldManager: 'endpoint-controller' });
      else if (plan.action === 'update') this.r.update(this.endpoints, ns, name, plan.endpoints, { fieldManager: 'endpoint-controller' });
      else if (plan.action === 'delete') this.r.delete(this.endpoints, ns, name, { preconditions: { uid: existing?.metadata.uid } });
    } catch (e) {
      if (isStatusError(e) && e.code === 404 && plan.action === 'delete') return;
      if (svc && plan.endpoints && !(isStatusError(e) && e.reason === 'Conflict')) {
        const ev = plan.action === 'create' ? failedToCreateEndpointEvent(plan.endpoints, e as Error) : failedToUpdateEndpointEvent(plan.endpoints, e as Error);
        this.recorder.record(plan.endpoints as unknown as KObject, ev.type, ev.reason, ev.message);
      }
      throw e;
    }
    if (trig) this.triggerTimes.set(k, trig.state);
  }



}
