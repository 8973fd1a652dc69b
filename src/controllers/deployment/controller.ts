// The Deployment controller loop (kube-controller-manager's deployment controller): Deployment,
// ReplicaSet and Pod events map to Deployment keys in a coalescing queue; the worker re-reads
// current state, asks the pure planner what to do, and applies the plan through the registry:
// ReplicaSet adoptions, creates, updates and deletes in order (each with its Event), then the
// status (with the revision annotation) through /status. Progress deadlines re-queue on the clock.
import { isStatusError } from '../../machinery/status.js';
import { selectorFromLabelSelector } from '../../machinery/labels.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import type { StoreEvent } from '../../storage/store.js';
import { QueueController } from '../base.js';
import type { EventRecorder } from '../recorder.js';
import { FIELD_MANAGER, key, splitKey } from '../replicaset/controller.js';
import {
  controllerOf, DelayedEnqueuer, newControllerRef, withControllerRef, withoutOwner,
  type Deployment, type Pod, type ReplicaSet,
} from '../workloads/index.js';
import { CONTROLLER_KIND, planDeployment } from './planner.js';
import type { DeploymentPlan, PlannedEvent, RSAction } from './types.js';

export interface DeploymentControllerOptions {
  recorder: EventRecorder;
  batchDelayMs?: number;
}

export class DeploymentController extends QueueController {
  private deployments: Strategy;
  private rss: Strategy;
  private pods: Strategy;
  private delayed: DelayedEnqueuer;

  constructor(r: Registry, private readonly o: DeploymentControllerOptions) {
    super(r, { batchDelayMs: o.batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000 });
    this.deployments = r.resource('apps', 'deployments');
    this.rss = r.resource('apps', 'replicasets');
    this.pods = r.resource('', 'pods');
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(
      r.watch(this.deployments, (ev) => this.queue.add(key(ev.object.obj))),
      r.watch(this.rss, (ev) => this.onReplicaSet(ev)),
      r.watch(this.pods, (ev) => this.onPod(ev)),
      () => this.delayed.stop(),
    );
    for (const d of r.list(this.deployments, undefined).items) this.queue.add(key(d.obj));
  }

  /** addReplicaSet/updateReplicaSet/deleteReplicaSet: the owning Deployment, or for orphans every one that selects it. */
  private onReplicaSet(ev: StoreEvent): void {
    const cur = ev.object.obj as ReplicaSet;
    const prev = ev.prev?.obj as ReplicaSet | undefined;
    const ns = cur.metadata.namespace ?? '';
    let orphan = false;
    for (const o of [cur, prev]) {
      if (!o) continue;
      const ref = controllerOf(o);
      if (ref?.kind === 'Deployment') this.queue.add(`${ns}/${ref.name}`);
      else if (!ref) orphan = true;
    }
    if (orphan && ev.type !== 'DELETED') this.enqueueSelecting(ns, [cur, prev]);
  }

  private enqueueSelecting(ns: string, objs: (KObject | undefined)[]): void {
    for (const d of this.r.list(this.deployments, ns).items) {
      try {
        const sel = selectorFromLabelSelector((d.obj as Deployment).spec?.selector);
        if (!sel.empty() && objs.some((o) => o && sel.matches(o.metadata.labels))) this.queue.add(key(d.obj));
      } catch {
        // An invalid selector selects nothing.
      }
    }
  }

  /** deletePod: a Recreate rollout waits for the last old pod to go. */
  private onPod(ev: StoreEvent): void {
    if (ev.type !== 'DELETED') return;
    const p = ev.object.obj as Pod;
    const ref = controllerOf(p);
    if (ref?.kind !== 'ReplicaSet') return;
    const ns = p.metadata.namespace ?? '';
    const rs = this.r.tryGet(this.rss, ns, ref.name)?.obj;
    const owner = rs && controllerOf(rs);
    if (owner?.kind !== 'Deployment') return;
    const d = this.r.tryGet(this.deployments, ns, owner.name)?.obj as Deployment | undefined;
    if (d?.spec?.strategy?.type === 'Recreate') this.queue.add(`${ns}/${owner.name}`);
  }

  protected sync(k: string): void {
    const [ns, name] = splitKey(k);
    const stored = this.r.tryGet(this.deployments, ns, name);
    if (!stored) {
      this.delayed.forget(k);
      return;
    }
    const deployment = stored.obj as Deployment;
    const plan = planDeployment({
      deployment,
      replicaSets: this.r.list(this.rss, ns).items.map((x) => x.obj as ReplicaSet),
      pods: deployment.spec?.strategy?.type === 'Recreate' ? this.r.list(this.pods, ns).items.map((x) => x.obj as Pod) : [],
      now: this.r.now(),
    });
    this.apply(deployment, plan);
    if (plan.requeueAfterMs !== undefined) this.delayed.at(k, this.r.now() + plan.requeueAfterMs);
  }

  private apply(d: Deployment, plan: DeploymentPlan): void {
    for (const a of plan.actions) {
      this.applyAction(d, a);
      if (a.event) this.record(d, a.event);
    }
    for (const e of plan.events) this.record(d, e);
    if (plan.status || plan.annotations) this.writeStatus(d, plan);
  }

  private record(d: Deployment, e: PlannedEvent): void {
    this.o.recorder.record(d, e.type, e.reason, e.message);
  }

  private applyAction(d: Deployment, a: RSAction): void {
    const ns = d.metadata.namespace ?? '';
    const name = a.rs.metadata.name ?? '';
    const sameRS = (o: KObject) => {
      if (a.rs.metadata.uid && o.metadata.uid !== a.rs.metadata.uid) throw new Error(`replica set ${ns}/${name} was replaced`);
    };
    switch (a.op) {
      case 'create': {
        const body = { ...a.rs, metadata: { ...a.rs.metadata } };
        delete body.metadata.creationTimestamp;
        delete body.status;
        try {
          this.r.create(this.rss, ns, body, { fieldManager: FIELD_MANAGER });
        } catch (e) {
          if (!isStatusError(e) || e.reason !== 'AlreadyExists') {
            this.record(d, { type: 'Warning', reason: 'ReplicaSetCreateError', message: `Failed to create new replica set "${name}": ${(e as Error).message}` });
          }
          throw e;
        }
        return;
      }
      case 'update':
        this.r.mutate(this.rss, ns, name, (o) => {
          sameRS(o);
          const rs = o as ReplicaSet;
          rs.spec = { ...rs.spec, replicas: a.rs.spec?.replicas, minReadySeconds: a.rs.spec?.minReadySeconds };
          rs.metadata.annotations = { ...a.rs.metadata.annotations };
        }, { fieldManager: FIELD_MANAGER });
        return;
      case 'delete':
        try {
          this.r.delete(this.rss, ns, name, { preconditions: { uid: a.rs.metadata.uid } });
        } catch (e) {
          if (!(isStatusError(e) && e.code === 404)) throw e;
        }
        return;
      case 'adopt': {
        const fresh = this.r.tryGet(this.deployments, ns, d.metadata.name ?? '')?.obj;
        if (!fresh || fresh.metadata.uid !== d.metadata.uid || fresh.metadata.deletionTimestamp) throw new Error(`deployment ${ns}/${d.metadata.name} is gone or being deleted`);
        const ref = newControllerRef(d, CONTROLLER_KIND.apiVersion, CONTROLLER_KIND.kind);
        this.r.mutate(this.rss, ns, name, (o) => {
          sameRS(o);
          if (controllerOf(o)) throw new Error(`replica set ${ns}/${name} already has a controller`);
          o.metadata.ownerReferences = withControllerRef(o, ref);
        }, { fieldManager: FIELD_MANAGER });
        return;
      }
      case 'release':
        this.r.mutate(this.rss, ns, name, (o) => {
          sameRS(o);
          const refs = withoutOwner(o, d.metadata.uid ?? '');
          if (refs) o.metadata.ownerReferences = refs;
          else delete o.metadata.ownerReferences;
        }, { fieldManager: FIELD_MANAGER });
    }
  }

  /**
   * UpdateStatus with the revision annotation, as kube-controller-manager writes it: the
   * Deployment status strategy takes annotations from the request and bumps no generation.
   */
  private writeStatus(d: Deployment, plan: DeploymentPlan): void {
    this.r.mutate(this.deployments, d.metadata.namespace ?? '', d.metadata.name ?? '', (o) => {
      if (o.metadata.uid !== d.metadata.uid) throw new Error('deployment was replaced');
      if (plan.status) (o as Deployment).status = plan.status;
      if (plan.annotations) o.metadata.annotations = plan.annotations;
    }, { fieldManager: FIELD_MANAGER, subresource: 'status' });
  }
}
