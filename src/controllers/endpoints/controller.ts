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
import { clone, freezeStored, isPlainFrozen, markPlainFrozen } from '../../util/copy.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { failedToCreateEndpointEvent, failedToUpdateEndpointEvent } from './events.js';
import { planEndpoints, planEndpointsFor } from './planner.js';
import { EndpointsServiceState } from './state.js';
import type { EndpointsPlan } from './planner.js';
import type { EndpointAddress, EndpointSubset, Endpoints, Pod, Service } from './types.js';

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
  /** Service key → the address lists it last wrote (subset index/field → planned and frozen lists; see storedCopy). */
  private addressCopies = new Map<string, Map<string, AddressCopies>>();

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
      this.addressCopies.delete(k);
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
      // freezes) what it is given, so it gets a copy (see storedCopy).
      if (plan.action === 'create') this.r.create(this.endpoints, ns, this.storedCopy(k, plan.endpoints!), { fieldManager: 'endpoint-controller' });
      else if (plan.action === 'update') this.r.update(this.endpoints, ns, name, this.storedCopy(k, plan.endpoints!), { fieldManager: 'endpoint-controller' });
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

  /**
   * clone(e), except that each address object is a frozen copy made once per address object of the
   * remembered state (a pod's address is a new object only when the pod changed): a write of
   * 3,000 addresses copies and freezes the few that changed, and the registry's no-op check and
   * the store's freeze find the others identical to (or known frozen like) the stored ones.
   */
  private storedCopy(k: string, e: Endpoints): Endpoints {
    if (!Array.isArray(e.subsets) || e.subsets.some((ss) => Object.prototype.hasOwnProperty.call(ss ?? {}, '__proto__'))) return clone(e);
    let lists = this.addressCopies.get(k);
    if (!lists) this.addressCopies.set(k, (lists = new Map()));
    const used = new Map<string, AddressCopies>();
    const out = clone({ ...e, subsets: [] }) as Endpoints;
    out.subsets = e.subsets.map((ss, i) => {
      if (typeof ss !== 'object' || ss === null) return clone([ss])[0];
      const c: Record<string, unknown> = {};
      for (const key of Object.keys(ss)) {
        const v = (ss as Record<string, unknown>)[key];
        if ((key === 'addresses' || key === 'notReadyAddresses') && Array.isArray(v)) {
          const at = `${i}/${key}`;
          const copies = copyAddresses(v, lists.get(at));
          used.set(at, copies);
          c[key] = copies.copy;
        } else if (v !== undefined) c[key] = clone(v);
      }
      return c as EndpointSubset;
    });
    this.addressCopies.set(k, used);
    return out;
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

/** An address list as planned and its copy as written: `copy[i]` is a frozen copy of `src[i]`. */
interface AddressCopies {
  src: readonly EndpointAddress[];
  copy: EndpointAddress[];
}

/** How far ahead in the previous list a planned address is looked for (pods gone since). */
const LOOKAHEAD = 8;

/**
 * Frozen copies of `src`'s addresses, reusing the copy of each address object that was in `prev`
 * (the state keeps its addresses sorted and changes a few per sync, so the lists are walked side by
 * side: one comparison per unchanged address, no map lookups). The list itself is frozen and
 * marked plain too (every element is a frozen plain copy).
 */
function copyAddresses(src: readonly EndpointAddress[], prev: AddressCopies | undefined): AddressCopies {
  const copy = new Array<EndpointAddress>(src.length);
  const ps = prev?.src ?? [];
  const pc = prev?.copy ?? [];
  let j = 0;
  for (let i = 0; i < src.length; i++) {
    const a = src[i];
    if (typeof a !== 'object' || a === null) {
      copy[i] = clone([a])[0];
      continue;
    }
    let m = j;
    const stop = Math.min(ps.length, j + LOOKAHEAD);
    while (m < stop && ps[m] !== a) m++;
    if (m < stop) {
      copy[i] = pc[m];
      j = m + 1;
    } else {
      // Addresses from podAddress are frozen plain already: written as they are.
      copy[i] = isPlainFrozen(a) ? a : freezeStored(clone(a));
    }
  }
  // Frozen plain all the way down: the store's freeze and the validation stop at the list.
  return { src: src.slice(), copy: markPlainFrozen(Object.freeze(copy)) as EndpointAddress[] };
}
