// The StatefulSet controller loop: StatefulSet, Pod and ControllerRevision events map to
// StatefulSet keys; the worker claims the set's pods and revisions, asks the pure planner
// (planner.ts) what one sync does and writes it through the registry: revision, pods, status,
// history. The registry is never behind our own writes, so no expectations are needed.
import { isStatusError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import type { StoreEvent } from '../../storage/store.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { DelayedEnqueuer } from '../workloads/delayed.js';
import type { ControllerRevision } from '../workloads/history.js';
import {
  applyRevision, claim, deleteObject, KCM_FIELD_MANAGER, keyOf, omitZero, ownerKeysFor, selectorOf, splitKey, writeStatus,
} from '../workloads/owned.js';
import { isMemberOf, type StatefulSet } from './pods.js';
import { planStatefulSet, type StatefulSetPlan } from './planner.js';

export class StatefulSetController extends QueueController {
  private sets: Strategy;
  private pods: Strategy;
  private revisions: Strategy;
  private delayed: DelayedEnqueuer;
  private recorder: EventRecorder;

  constructor(r: Registry, batchDelayMs?: number) {
    super(r, { batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000 });
    this.sets = r.resource('apps', 'statefulsets');
    this.pods = r.resource('', 'pods');
    this.revisions = r.resource('apps', 'controllerrevisions');
    this.recorder = new EventRecorder(r, { component: 'statefulset-controller' });
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(
      r.watch(this.sets, (ev) => this.queue.add(keyOf(ev.object.obj))),
      r.watch(this.pods, (ev) => this.onOwned(ev)),
      r.watch(this.revisions, (ev) => this.onOwned(ev)),
      () => this.delayed.stop(),
    );
    for (const s of r.list(this.sets, undefined).items) this.queue.add(keyOf(s.obj));
  }

  /** A pod or revision changed: its StatefulSet, or for an orphan every set in its namespace that selects it. */
  private onOwned(ev: StoreEvent): void {
    for (const k of ownerKeysFor(this.r, this.sets, 'StatefulSet', ev)) this.queue.add(k);
  }

  protected sync(k: string): void {
    const [ns, name] = splitKey(k);
    const stored = this.r.tryGet(this.sets, ns, name);
    if (!stored) {
      this.delayed.forget(k);
      return;
    }
    const set = stored.obj as StatefulSet;
    const selector = selectorOf(set.spec?.selector);
    const candidates = this.r.list(this.pods, ns).items.map((p) => p.obj).filter((p) => isMemberOf(set, p));
    const pods = claim(this.r, this.pods, set, 'apps/v1', 'StatefulSet', selector, candidates);
    const revs = claim(this.r, this.revisions, set, 'apps/v1', 'StatefulSet', selector,
      this.r.list(this.revisions, ns).items.map((x) => x.obj)) as ControllerRevision[];
    const plan = planStatefulSet({ set, pods, revisions: revs, now: this.r.now() });
    if (!applyRevision(this.r, this.sets, this.revisions, set, plan.revision, plan.status.collisionCount)) return;
    this.applyPods(set, plan);
    // StatefulSetStatus: readyReplicas, currentReplicas, updatedReplicas and observedGeneration are omitempty.
    const status = omitZero({ ...plan.status }, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'observedGeneration']);
    writeStatus(this.r, this.sets, set, { ...status, ...(set.status?.conditions ? { conditions: set.status.conditions } : {}) });
    for (const r of plan.prune) deleteObject(this.r, this.revisions, ns, r.metadata.name ?? '', r.metadata.uid ?? '');
    if (plan.requeueAfterMs !== undefined) this.delayed.at(k, this.r.now() + plan.requeueAfterMs);
  }

  private applyPods(set: StatefulSet, plan: StatefulSetPlan): void {
    const ns = set.metadata.namespace ?? '';
    for (const p of plan.create) {
      try {
        this.r.create(this.pods, ns, p, { fieldManager: KCM_FIELD_MANAGER });
        this.recorder.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
      } catch (e) {
        if (isStatusError(e) && e.code === 409) continue;
        this.recorder.record(set, 'Warning', 'FailedCreate', `create Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
        throw e;
      }
    }
    for (const d of plan.delete) {
      if (deleteObject(this.r, this.pods, ns, d.name, d.uid)) {
        this.recorder.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${d.name} in StatefulSet ${set.metadata.name} successful`);
      }
    }
    for (const rl of plan.relabel) {
      this.r.mutate(this.pods, ns, rl.name, (o: KObject) => {
        o.metadata.labels = { ...(o.metadata.labels ?? {}), ...rl.labels };
      }, { fieldManager: KCM_FIELD_MANAGER });
    }
    for (const ev of plan.events) {
      if (ev.reason !== 'SuccessfulCreate' && ev.reason !== 'SuccessfulDelete') this.recorder.record(set, ev.type, ev.reason, ev.message);
    }
  }
}
