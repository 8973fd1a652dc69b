// DELETE and deletecollection: preconditions, finalizers (incl. the propagation-policy ones the
// garbage collector honours), graceful deletion, then removal.
import { conflict, notFound } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { StoredObject } from '../storage/store.js';
import { StoreConflictError } from '../storage/store.js';
import { rfc3339 } from '../util/clock.js';
import { clone } from '../util/copy.js';
import type { ListOptions } from './list.js';
import type { Registry } from './registry.js';
import { storeKey, type DeleteOptions, type Strategy } from './strategy.js';
import type { WriteOptions } from './writes.js';

export interface DeleteResult {
  object: KObject;
  stored?: StoredObject;
  /** True when the object is gone; false when deletion is pending (finalizers, grace period). */
  deleted: boolean;
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export class Deleter {
  constructor(private readonly r: Registry) {}

  delete(s: Strategy, namespace: string, name: string, opts: DeleteOptions, o: WriteOptions): DeleteResult {
    const cur = this.r.tryGet(s, namespace, name);
    if (!cur) throw notFound(s.info.resource, s.info.group, name);
    this.checkPreconditions(s, cur, opts);
    s.checkDelete?.(cur.obj);
    const next = clone(cur.obj) as KObject;
    const m = next.metadata;
    const now = this.r.now();
    const grace = Math.max(0, s.gracePeriodSeconds?.(cur.obj, opts) ?? 0);
    const finalizers = new Set(m.finalizers ?? []);
    const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : undefined);
    if (!m.deletionTimestamp || finalizers.size > 0) {
      if (policy === 'Foreground') {
        finalizers.add(FOREGROUND_FINALIZER);
        finalizers.delete(ORPHAN_FINALIZER);
      } else if (policy === 'Orphan') {
        finalizers.add(ORPHAN_FINALIZER);
        finalizers.delete(FOREGROUND_FINALIZER);
      } else if (policy === 'Background') {
        finalizers.delete(FOREGROUND_FINALIZER);
        finalizers.delete(ORPHAN_FINALIZER);
      }
    }
    if (finalizers.size) m.finalizers = [...finalizers];
    else delete m.finalizers;
    const pending = finalizers.size > 0 || grace > 0 || (s.deletionPending?.(next) ?? false);
    if (m.deletionTimestamp) {
      // Already terminating: a shorter grace period moves the deadline; grace 0 without finalizers removes it.
      const remaining = m.deletionGracePeriodSeconds ?? 0;
      if (pending && grace < remaining) {
        m.deletionTimestamp = rfc3339(now + grace * 1000);
        m.deletionGracePeriodSeconds = grace;
      }
    } else if (pending) {
      m.deletionTimestamp = rfc3339(now + grace * 1000);
      m.deletionGracePeriodSeconds = grace;
      s.beginDelete?.(next);
    }
    if (pending) return this.store(s, cur, next, o);
    if (o.dryRun) return { object: cur.obj, deleted: true };
    try {
      const tomb = this.r.store.delete(storeKey(s), cur.obj.metadata.namespace ?? '', name, cur.rv);
      return { object: tomb.obj, stored: tomb, deleted: true };
    } catch (e) {
      if (e instanceof StoreConflictError) throw conflict(s.info.resource, s.info.group, name);
      throw e;
    }
  }

  private store(s: Strategy, cur: StoredObject, next: KObject, o: WriteOptions): DeleteResult {
    if (o.dryRun) return { object: next, deleted: false };
    if (JSON.stringify(next) === JSON.stringify(cur.obj)) return { object: cur.obj, stored: cur, deleted: false };
    const stored = this.r.store.update(storeKey(s), next, cur.rv);
    return { object: stored.obj, stored, deleted: false };
  }

  private checkPreconditions(s: Strategy, cur: StoredObject, opts: DeleteOptions): void {
    const p = opts.preconditions;
    if (!p) return;
    const name = cur.obj.metadata.name ?? '';
    if (p.uid && p.uid !== cur.obj.metadata.uid) {
      throw conflict(s.info.resource, s.info.group, name,
        `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${cur.obj.metadata.uid}`);
    }
    if (p.resourceVersion && p.resourceVersion !== String(cur.rv)) {
      throw conflict(s.info.resource, s.info.group, name,
        `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${cur.rv}`);
    }
  }

  deleteCollection(s: Strategy, namespace: string | undefined, lo: ListOptions, opts: DeleteOptions, o: WriteOptions): KObject[] {
    const { items } = this.r.list(s, namespace, { labelSelector: lo.labelSelector, fieldSelector: lo.fieldSelector });
    const out: KObject[] = [];
    for (const it of items) {
      const m = it.obj.metadata;
      try {
        out.push(this.delete(s, m.namespace ?? '', m.name ?? '', opts, o).object);
      } catch (e) {
        // An item deleted meanwhile is simply skipped, as the apiserver does.
        if ((e as { code?: number }).code !== 404) throw e;
      }
    }
    return out;
  }
}
