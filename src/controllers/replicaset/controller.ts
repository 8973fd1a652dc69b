// The ReplicaSet controller loop (kube-controller-manager's replicaset controller): ReplicaSet and
// Pod events map to ReplicaSet keys in a coalescing queue; the worker re-reads current state, asks
// the pure planner (planner.ts) what to do, and writes through the registry like any client:
// adoptions and releases, pod creates in slow-start batches, ranked deletes, then status.
// Expectations are not needed: the registry's reads are never behind our own writes.
import { isStatusError } from '../../machinery/status.js';
import { selectorFromLabelSelector } from '../../machinery/labels.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import type { StoreEvent } from '../../storage/store.js';
import { QueueController } from '../base.js';
import type { EventRecorder } from '../recorder.js';
import {
  controllerOf, DelayedEnqueuer, newControllerRef, podFromTemplate, slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE,
  withControllerRef, withoutOwner, type Pod, type ReplicaSet,
} from '../workloads/index.js';
import { calculateStatus, nextAvailableAt, planReplicaSet, relatedPods, siblingsWithSurplus, statusUpdate } from './planner.js';

/** kube-controller-manager's client writes carry this field manager. */
export const FIELD_MANAGER = 'kube-controller-manager';

export interface ReplicaSetControllerOptions {
  recorder: EventRecorder;
  batchDelayMs?: number;
  burstReplicas?: number;
}

export class ReplicaSetController extends QueueController {
  private rss: Strategy;
  private pods: Strategy;
  private delayed: DelayedEnqueuer;
  /** ReplicaSets per namespace: an orphan pod's event costs nothing where there are none. */
  private perNamespace = new Map<string, number>();
  /** Keys whose sync is under way (a scale-up first runs its shrinking siblings). */
  private syncing = new Set<string>();

  constructor(r: Registry, private readonly o: ReplicaSetControllerOptions) {
    super(r, { batchDelayMs: o.batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000 });
    this.rss = r.resource('apps', 'replicasets');
    this.pods = r.resource('', 'pods');
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(
      r.watch(this.rss, (ev) => this.onReplicaSet(ev)),
      r.watch(this.pods, (ev) => this.onPod(ev)),
      () => this.delayed.stop(),
    );
    for (const rs of r.list(this.rss, undefined).items) {
      this.count(rs.obj, 1);
      this.queue.add(key(rs.obj));
    }
  }

  private count(o: KObject, delta: number): void {
    const ns = o.metadata.namespace ?? '';
    const n = (this.perNamespace.get(ns) ?? 0) + delta;
    if (n > 0) this.perNamespace.set(ns, n);
    else this.perNamespace.delete(ns);
  }

  private onReplicaSet(ev: StoreEvent): void {
    if (ev.type === 'ADDED') this.count(ev.object.obj, 1);
    else if (ev.type === 'DELETED') this.count(ev.object.obj, -1);
    this.queue.add(key(ev.object.obj));
  }

  /** addPod/updatePod/deletePod: the owning ReplicaSet, or for orphans every one that selects it. */
  private onPod(ev: StoreEvent): void {
    const cur = ev.object.obj as Pod;
    const prev = ev.prev?.obj as Pod | undefined;
    const ns = cur.metadata.namespace ?? '';
    const curRef = controllerOf(cur);
    const prevRef = prev && controllerOf(prev);
    // The ReplicaSets named by either version's controller reference, the current one's first, once.
    const byCur = curRef?.kind === 'ReplicaSet';
    const byPrev = prevRef?.kind === 'ReplicaSet';
    if (byCur) this.queue.add(`${ns}/${curRef!.name}`);
    if (byPrev && !(byCur && prevRef!.name === curRef!.name)) this.queue.add(`${ns}/${prevRef!.name}`);
    // An orphan is offered to every ReplicaSet that selects it, when it appears or when its labels
    // or owner changed (a status change of an orphan concerns nobody).
    if (curRef || ev.type === 'DELETED' || !this.perNamespace.has(ns)) return;
    if (ev.type === 'MODIFIED' && prev && !prevRef && JSON.stringify(prev.metadata.labels ?? {}) === JSON.stringify(cur.metadata.labels ?? {})) return;
    for (const rs of this.r.list(this.rss, ns).items) {
      try {
        const sel = selectorFromLabelSelector((rs.obj as ReplicaSet).spec?.selector);
        if (!sel.empty() && sel.matches(cur.metadata.labels)) this.queue.add(key(rs.obj));
      } catch {
        // An invalid selector selects nothing.
      }
    }
  }

  protected sync(k: string): void {
    const [ns, name] = splitKey(k);
    const stored = this.r.tryGet(this.rss, ns, name);
    if (!stored) {
      this.delayed.forget(k);
      return;
    }
    const rs = stored.obj as ReplicaSet;
    const now = this.r.now();
    const pods = this.r.list(this.pods, ns).items.map((p) => p.obj as Pod);
    const all = this.r.list(this.rss, ns).items.map((x) => x.obj as ReplicaSet);
    const plan = planReplicaSet({ rs, pods, relatedPods: relatedPods(rs, all, pods), now, burstReplicas: this.o.burstReplicas });
    if (plan.create > 0 && !this.syncing.has(k)) {
      this.syncing.add(k);
      try {
        for (const sibling of siblingsWithSurplus(rs, all, pods)) if (!this.syncing.has(key(sibling))) this.sync(key(sibling));
      } finally {
        this.syncing.delete(k);
      }
    }
    let claimError: unknown;
    for (const p of plan.release) claimError ??= this.release(rs, p);
    const active = plan.active.filter((p) => {
      if (!plan.adopt.includes(p)) return true;
      const err = this.adopt(rs, p);
      claimError ??= err;
      return err === undefined;
    });
    let manageError: string | undefined;
    if (!claimError) manageError = this.manage(rs, plan.create, plan.delete);
    const status = statusUpdate(rs, calculateStatus(rs, active, plan.terminating, manageError, now));
    const written = status ? this.writeStatus(rs, status) : rs;
    const due = nextAvailableAt(written, active, this.r.now());
    if (due !== undefined && manageError === undefined) this.delayed.at(k, due);
    if (claimError) throw claimError;
    if (manageError !== undefined) throw new Error(manageError);
  }

  /** manageReplicas: creates in slow-start batches, deletes in one go; the first error's text. */
  private manage(rs: ReplicaSet, create: number, del: Pod[]): string | undefined {
    const ns = rs.metadata.namespace ?? '';
    if (create > 0) {
      const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
      const res = slowStartBatch(create, SLOW_START_INITIAL_BATCH_SIZE, () => {
        try {
          const created = this.r.create(this.pods, ns, podFromTemplate(rs.spec?.template, rs, ref), { fieldManager: FIELD_MANAGER });
          this.o.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.object.metadata.name}`);
        } catch (e) {
          // A terminating namespace refuses every create; that is not a failure to report.
          if (isNamespaceTerminating(e)) return;
          this.o.recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
          throw e;
        }
      });
      return res.error === undefined ? undefined : (res.error as Error).message;
    }
    let first: string | undefined;
    for (const p of del) {
      try {
        this.r.delete(this.pods, ns, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
        this.o.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (e) {
        if (isStatusError(e) && e.code === 404) continue;
        this.o.recorder.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
        first ??= (e as Error).message;
      }
    }
    return first;
  }

  /** AdoptPod: re-checks the ReplicaSet is current and alive, then adds our controllerRef. */
  private adopt(rs: ReplicaSet, p: Pod): unknown {
    const ns = rs.metadata.namespace ?? '';
    const fresh = this.r.tryGet(this.rss, ns, rs.metadata.name ?? '')?.obj;
    if (!fresh || fresh.metadata.uid !== rs.metadata.uid) return new Error(`original ReplicaSet ${ns}/${rs.metadata.name} is gone`);
    if (fresh.metadata.deletionTimestamp) return new Error(`${ns}/${rs.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
    return this.patchOwners(p, (o) => {
      if (controllerOf(o)) throw new Error(`pod ${ns}/${o.metadata.name} already has a controller`);
      o.metadata.ownerReferences = withControllerRef(o, ref);
    });
  }

  /** ReleasePod: drops our owner reference from a pod that no longer matches. */
  private release(rs: ReplicaSet, p: Pod): unknown {
    return this.patchOwners(p, (o) => {
      const refs = withoutOwner(o, rs.metadata.uid ?? '');
      if (refs) o.metadata.ownerReferences = refs;
      else delete o.metadata.ownerReferences;
    });
  }

  private patchOwners(p: Pod, fn: (o: KObject) => void): unknown {
    try {
      this.r.mutate(this.pods, p.metadata.namespace ?? '', p.metadata.name ?? '', (o) => {
        if (o.metadata.uid !== p.metadata.uid) throw new Error('pod was replaced');
        fn(o);
      }, { fieldManager: FIELD_MANAGER });
      return undefined;
    } catch (e) {
      return isStatusError(e) && e.code === 404 ? undefined : e;
    }
  }

  private writeStatus(rs: ReplicaSet, status: ReplicaSet['status']): ReplicaSet {
    const res = this.r.mutate(this.rss, rs.metadata.namespace ?? '', rs.metadata.name ?? '', (o) => {
      (o as ReplicaSet).status = status;
    }, { fieldManager: FIELD_MANAGER, subresource: 'status' });
    return res.object as ReplicaSet;
  }
}

function isNamespaceTerminating(e: unknown): boolean {
  return isStatusError(e) && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

export function key(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function splitKey(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}
