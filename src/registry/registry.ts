// The generic registry: one implementation of every verb, parameterised by per-kind strategies.
// Every writer (HTTP, controllers, simulator) comes through here, so validation and watch events
// are the same for all.
import { notFound } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { Store, StoredObject, StoreEvent } from '../storage/store.js';
import { Watch, type WatchSink, type WatchSpec } from '../storage/watch.js';
import type { Clock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import { list, type ListOptions, type ListResult } from './list.js';
import { storeKey, type ResourceInfo, type Strategy } from './strategy.js';
import { checkNamespaceLifecycle } from './admission.js';
import { remapViewError, toStorageBody, viewStored } from './views.js';
import type { KindValidator } from './schema.js';
import { Writer, type WriteOptions, type WriteResult } from './writes.js';
import { Deleter, type DeleteResult } from './delete.js';
import type { DeleteOptions } from './strategy.js';
import { patchObject, type PatchOptions, type PatchType } from './patch.js';
import { patchScale, toScale, updateScale } from './scale.js';

export type { WriteOptions, WriteResult } from './writes.js';
export type { DeleteResult } from './delete.js';

export interface RegistryOptions {
  clock: Clock;
  random: Random;
  /** Looks up the schema validator of a kind (openapi/), if any. */
  validatorFor?: (apiVersion: string, kind: string) => KindValidator | undefined;
}

export class Registry {
  private byGVR = new Map<string, Strategy>();
  private byKind = new Map<string, Strategy>();
  private ordered: Strategy[] = [];
  private byStoreKey = new Map<string, Strategy>();
  readonly writer: Writer;
  readonly deleter: Deleter;

  constructor(readonly store: Store, readonly opts: RegistryOptions) {
    this.writer = new Writer(this);
    this.deleter = new Deleter(this);
  }

  private changeListeners = new Set<() => void>();

  /** Serves a kind (built-ins at start; custom resources when their CRD is established). */
  register(s: Strategy): void {
    const i = s.info;
    const old = this.byGVR.get(`${i.group}/${i.version}/${i.resource}`);
    if (old) this.ordered = this.ordered.filter((x) => x !== old);
    this.byGVR.set(`${i.group}/${i.version}/${i.resource}`, s);
    this.byKind.set(`${i.group}/${i.version}/${i.kind}`, s);
    this.ordered.push(s);
    if (!s.view) this.byStoreKey.set(storeKey(s), s);
    this.changed();
  }

  /** Stops serving a kind (a deleted CRD's versions). Stored objects are the caller's business. */
  unregister(s: Strategy): void {
    const i = s.info;
    if (this.byGVR.get(`${i.group}/${i.version}/${i.resource}`) !== s) return;
    this.byGVR.delete(`${i.group}/${i.version}/${i.resource}`);
    if (this.byKind.get(`${i.group}/${i.version}/${i.kind}`) === s) this.byKind.delete(`${i.group}/${i.version}/${i.kind}`);
    this.ordered = this.ordered.filter((x) => x !== s);
    if (!s.view && this.byStoreKey.get(storeKey(s)) === s) this.byStoreKey.delete(storeKey(s));
    this.changed();
  }

  /** Calls `fn` whenever the kind list changes (discovery and OpenAPI caches). */
  onKindsChanged(fn: () => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  private changed(): void {
    this.byResource.clear();
    for (const fn of [...this.changeListeners]) fn();
  }

  /** The strategy whose objects live under a store resource key (as in store events). */
  forStoreKey(key: string): Strategy | undefined {
    return this.byStoreKey.get(key);
  }

  strategies(): readonly Strategy[] {
    return this.ordered;
  }

  lookup(group: string, version: string, resource: string): Strategy | undefined {
    return this.byGVR.get(`${group}/${version}/${resource}`);
  }

  lookupKind(apiVersion: string, kind: string): Strategy | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** resource() answers, until the kind list changes (admission and the event recorder ask per write). */
  /** group → resource → strategy, filled as kinds are asked for (no "group/resource" text per call). */
  private byResource = new Map<string, Map<string, Strategy>>();

  /** A strategy by resource name in its preferred version, e.g. ("", "pods"). */
  resource(group: string, resource: string): Strategy {
    let inGroup = this.byResource.get(group);
    const hit = inGroup?.get(resource);
    if (hit) return hit;
    for (const s of this.ordered) {
      if (s.info.group === group && s.info.resource === resource) {
        if (!inGroup) this.byResource.set(group, (inGroup = new Map()));
        inGroup.set(resource, s);
        return s;
      }
    }
    throw new Error(`resource ${resource}.${group} is not registered`);
  }

  get(s: Strategy, namespace: string, name: string): StoredObject {
    const o = this.tryGet(s, namespace, name);
    if (!o) throw notFound(s.info.resource, s.info.group, name);
    return o;
  }

  /** GET .../{name}/scale: the autoscaling/v1 Scale of a kind with a scale subresource. */
  getScale(s: Strategy, namespace: string, name: string): KObject {
    return toScale(s, this.get(s, namespace, name).obj);
  }

  tryGet(s: Strategy, namespace: string, name: string): StoredObject | undefined {
    const o = this.store.get(storeKey(s), s.info.namespaced ? namespace : '', name);
    return o && s.view ? viewStored(s.view, o) : o;
  }

  /** How many objects of the kind there are (in one namespace, or everywhere): O(1). */
  count(s: Strategy, namespace?: string): number {
    return this.store.count(storeKey(s), s.info.namespaced ? namespace : undefined);
  }

  list(s: Strategy, namespace: string | undefined, o: ListOptions = {}): ListResult {
    if (s.view) {
      const res = list(this.store, s.view.of, s.info.namespaced ? namespace : undefined, o);
      return { ...res, items: res.items.map((i) => viewStored(s.view!, i)) };
    }
    return list(this.store, s, s.info.namespaced ? namespace : undefined, o);
  }

  create(s: Strategy, namespace: string, body: unknown, o: WriteOptions = {}): WriteResult {
    if (s.view) {
      return this.inView(s, () => {
        if (s.info.namespaced && namespace) checkNamespaceLifecycle(this, s, namespace, '');
        const core = toStorageBody(s, body, (obj) => this.writer.checkSchema(s, obj, o));
        return this.viewResult(s, this.writer.create(s.view!.of, namespace, core, o));
      });
    }
    return this.writer.create(s, namespace, body, o);
  }

  update(s: Strategy, namespace: string, name: string, body: unknown, o: WriteOptions = {}): WriteResult {
    if (o.subresource === 'scale') return updateScale(this, s, namespace, name, body, o);
    if (s.view) {
      return this.inView(s, () => {
        const core = toStorageBody(s, body, (obj) => this.writer.checkSchema(s, obj, o));
        return this.viewResult(s, this.writer.update(s.view!.of, namespace, name, core, o));
      });
    }
    return this.writer.update(s, namespace, name, body, o);
  }

  private inView<T>(s: Strategy, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw remapViewError(s, e);
    }
  }

  private viewResult(s: Strategy, res: WriteResult): WriteResult {
    const v = s.view!;
    if (res.stored) {
      const stored = viewStored(v, res.stored);
      return { ...res, stored, object: stored.obj };
    }
    return { ...res, object: v.fromStorage(res.object) };
  }

  patch(s: Strategy, namespace: string, name: string, type: PatchType, patch: unknown, o: PatchOptions = {}): WriteResult {
    if (o.subresource === 'scale') return patchScale(this, s, namespace, name, type, patch, o);
    return patchObject(this, s, namespace, name, type, patch, o);
  }

  /** Read-modify-write with a mutator, for controllers and the simulator (retries on conflicts). */
  mutate(s: Strategy, namespace: string, name: string, fn: (obj: KObject) => void, o: WriteOptions = {}): WriteResult {
    return this.writer.mutate(s, namespace, name, fn, o);
  }

  delete(s: Strategy, namespace: string, name: string, opts: DeleteOptions = {}, o: WriteOptions = {}): DeleteResult {
    if (s.view) {
      return this.inView(s, () => {
        const res = this.deleter.delete(s.view!.of, namespace, name, opts, o);
        const stored = res.stored ? viewStored(s.view!, res.stored) : undefined;
        return { ...res, stored, object: stored?.obj ?? s.view!.fromStorage(res.object) };
      });
    }
    return this.deleter.delete(s, namespace, name, opts, o);
  }

  deleteCollection(s: Strategy, namespace: string | undefined, lo: ListOptions, opts: DeleteOptions, o: WriteOptions = {}): KObject[] {
    if (s.view) return this.deleter.deleteCollection(s.view.of, namespace, lo, opts, o).map((x) => s.view!.fromStorage(x));
    return this.deleter.deleteCollection(s, namespace, lo, opts, o);
  }

  /**
   * Calls `fn` for every change of the kind's objects, synchronously after each write, in
   * resourceVersion order; returns the unsubscribe function. Controllers, the simulator and the
   * HTTP watch core watch through here rather than through store table keys.
   */
  watch(s: Strategy, fn: (ev: StoreEvent) => void): () => void {
    return this.store.subscribe(storeKey(s), fn);
  }

  /**
   * A client's watch on a kind (history, resume, bookmarks, initial events): the watch core of
   * src/storage/watch.ts over the store table of the kind's objects. Call start() on it.
   */
  openWatch(s: Strategy, spec: Omit<WatchSpec, 'resource'>, sink: WatchSink): Watch {
    return new Watch(this.store, this.opts.clock, { ...spec, resource: storeKey(s) }, sink);
  }

  /** Every change of every kind, in resourceVersion order (garbage collector, persistence). */
  watchAll(fn: (ev: StoreEvent) => void): () => void {
    return this.store.subscribeAll(fn);
  }

  now(): number {
    return this.opts.clock.now();
  }

  /**
   * The protobuf message a request body of this apiVersion/kind decodes with, from the served
   * kinds' definitions (a kind's own message, or one its subresources take, e.g. v1 Binding).
   */
  readonly protobufMessages = (apiVersion: string, kind: string): string | undefined => {
    const own = this.lookupKind(apiVersion, kind)?.protobuf || undefined;
    if (own) return own.message;
    for (const s of this.ordered) {
      const m = s.protobuf ? s.protobuf.subresourceMessages?.[`${apiVersion}/${kind}`] : undefined;
      if (m) return m;
    }
    return undefined;
  };

  infoOf(s: Strategy): ResourceInfo {
    return s.info;
  }
}
