// The DaemonSet controller loop: DaemonSet, Pod, Node and ControllerRevision events map to
// DaemonSet keys (a node change touches every DaemonSet); the worker claims the set's pods and
// revisions, asks the pure planner (planner.ts) and writes the plan: revision, pod creates and
// deletes, status, history.
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
import { nextBackoff, planDaemonSet, type BackoffEntry, type DaemonSet, type DaemonSetPlan } from './planner.js';

export class DaemonSetController extends QueueController {
  private sets: Strategy;
  private pods: Strategy;
  private nodes: Strategy;
  private revisions: Strategy;
  private delayed: DelayedEnqueuer;
  private recorder: EventRecorder;
  /** DaemonSet key → node → failed-pods back-off (in memory, as upstream's). */
  private backoff = new Map<string, Map<string, BackoffEntry>>();

  constructor(r: Registry, batchDelayMs?: number) {
    super(r, { batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000 });
    this.sets = r.resource('apps', 'daemonsets');
    this.pods = r.resource('', 'pods');
    this.nodes = r.resource('', 'nodes');
    this.revisions = r.resource('apps', 'controllerrevisions');
    this.recorder = new EventRecorder(r, { component: 'daemonset-controller' });
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(
      r.watch(this.sets, (ev) => this.queue.add(keyOf(ev.object.obj))),
      r.watch(this.pods, (ev) => this.onOwned(ev)),
      r.watch(this.revisions, (ev) => this.onOwned(ev)),
      r.watch(this.nodes, (ev) => this.onNode(ev)),
      () => this.delayed.stop(),
    );
    for (const s of r.list(this.sets, undefined).items) this.queue.add(keyOf(s.obj));
  }

  private onOwned(ev: StoreEvent): void {
    for (const k of ownerKeysFor(this.r, this.sets, 'DaemonSet', ev)) this.queue.add(k);
  }

  /** Node labels, taints, readiness or existence changed: every DaemonSet looks again. */
  private onNode(ev: StoreEvent): void {
    const relevant = (o: typeof ev.object.obj | undefined) => JSON.stringify([
      o?.metadata.labels, (o?.spec as Record<string, unknown> | undefined)?.taints, (o?.spec as Record<string, unknown> | undefined)?.unschedulable,
      ((o?.status as Record<string, any> | undefined)?.conditions ?? []).find((c: Record<string, unknown>) => c.type === 'Ready')?.status,
    ]);
    if (ev.type === 'MODIFIED' && relevant(ev.prev?.obj) === relevant(ev.object.obj)) return;
    for (const s of this.r.list(this.sets, undefined).items) this.queue.add(keyOf(s.obj));
  }

  protected sync(k: string): void {
    const [ns, name] = splitKey(k);
    const stored = this.r.tryGet(this.sets, ns, name);
    if (!stored) {
      this.delayed.forget(k);
      this.backoff.delete(k);
      return;
    }
    const ds = stored.obj as DaemonSet;
    const selector = selectorOf(ds.spec?.selector);
    const pods = claim(this.r, this.pods, ds, 'apps/v1', 'DaemonSet', selector, this.r.list(this.pods, ns).items.map((p) => p.obj));
    const revs = claim(this.r, this.revisions, ds, 'apps/v1', 'DaemonSet', selector,
      this.r.list(this.revisions, ns).items.map((x) => x.obj)) as ControllerRevision[];
    const nodes = this.r.list(this.nodes, undefined).items.map((n) => n.obj);
    const now = this.r.now();
    const backoff = this.backoff.get(k) ?? new Map<string, BackoffEntry>();
    const plan = planDaemonSet({ ds, nodes, pods, revisions: revs, now, failedBackoff: backoff });
    for (const n of plan.backoffNodes) backoff.set(n, nextBackoff(backoff.get(n), now));
    if (backoff.size) this.backoff.set(k, backoff);
    if (!applyRevision(this.r, this.sets, this.revisions, ds, plan.revision, Number(plan.status.collisionCount ?? 0))) return;
    this.applyPods(ds, plan);
    // DaemonSetStatus: observedGeneration, updatedNumberScheduled, numberAvailable and numberUnavailable are omitempty.
    const status = omitZero({ ...plan.status }, ['observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']);
    writeStatus(this.r, this.sets, ds, { ...status, ...(ds.status?.conditions ? { conditions: ds.status.conditions } : {}) });
    for (const r of plan.prune) deleteObject(this.r, this.revisions, ns, r.metadata.name ?? '', r.metadata.uid ?? '');
    if (plan.requeueAfterMs !== undefined) this.delayed.at(k, this.r.now() + plan.requeueAfterMs);
  }

  private applyPods(ds: DaemonSet, plan: DaemonSetPlan): void {
    const ns = ds.metadata.namespace ?? '';
    for (const d of plan.delete) {
      if (deleteObject(this.r, this.pods, ns, d.name, d.uid)) this.recorder.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${d.name}`);
    }
    for (const p of plan.create) {
      try {
        const created = this.r.create(this.pods, ns, p, { fieldManager: KCM_FIELD_MANAGER });
        this.recorder.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.object.metadata.name}`);
      } catch (e) {
        this.recorder.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
        throw e;
      }
    }
    for (const ev of plan.events) {
      if (ev.reason !== 'SuccessfulDelete') this.recorder.record(ds, ev.type, ev.reason, ev.message);
    }
  }
}
