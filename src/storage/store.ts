// The versioned object store: one global revision (like etcd's), per-resource tables, an ordered
// event log per resource for watch resume and consistent paginated lists. It knows no kinds.
import type { KObject } from '../machinery/types.js';
import { freezeVersion } from '../util/copy.js';
import { isPlainStored, ResourceTable, type LabelTerm, type StoredObject } from './table.js';
import { EventLog, type StoreEvent, type EventType } from './events.js';

export type { StoredObject, LabelTerm } from './table.js';
export type { StoreEvent, EventType } from './events.js';

export class StoreConflictError extends Error {
  constructor(readonly current: StoredObject | undefined) {
    super('resourceVersion mismatch');
  }
}
export class StoreExistsError extends Error {}
export class StoreNotFoundError extends Error {}

export interface StoreOptions {
  /** Events kept per resource for watch resume and list continuation (default 10000). */
  watchHistory?: number;
}

export type StoreListener = (ev: StoreEvent) => void;

export class Store {
  private revision = 0;
  private tables = new Map<string, ResourceTable>();
  private logs = new Map<string, EventLog>();
  private listeners = new Map<string, Set<StoreListener>>();
  private anyListeners = new Set<StoreListener>();
  /**
   * Snapshots of the listener sets as arrays, made on the first emit after a change to a set: an
   * emit iterates a snapshot (a listener added or removed meanwhile takes effect from the next
   * emit, as with a copy per emit) without copying the set on every write.
   */
  private listenerArrays = new Map<string, StoreListener[]>();
  private anyListenerArray: StoreListener[] | null = null;
  readonly watchHistory: number;

  constructor(opts: StoreOptions = {}) {
    this.watchHistory = Math.max(1, opts.watchHistory ?? 10000);
  }

  /** The current global revision, i.e. the resourceVersion of the newest write. */
  get currentRevision(): number {
    return this.revision;
  }

  /** Used when restoring persisted state: the counter never goes backwards. */
  bumpRevisionTo(rv: number): void {
    if (rv > this.revision) this.revision = rv;
  }

  table(resource: string): ResourceTable {
    let t = this.tables.get(resource);
    if (!t) {
      t = new ResourceTable();
      this.tables.set(resource, t);
    }
    return t;
  }

  /** Drops every resource's watch history at or before `rv` (see compactor.ts). */
  compactThrough(rv: number): void {
    for (const l of this.logs.values()) l.compactThrough(rv);
  }

  log(resource: string): EventLog {
    let l = this.logs.get(resource);
    if (!l) {
      l = new EventLog(this.watchHistory);
      this.logs.set(resource, l);
    }
    return l;
  }

  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.tables.get(resource)?.get(namespace, name);
  }

  /** Objects of a resource, optionally in one namespace, sorted by namespace/name like etcd keys. */
  list(resource: string, namespace?: string): StoredObject[] {
    const t = this.tables.get(resource);
    return t ? t.sorted(namespace) : [];
  }

  /**
   * The label index: objects (sorted like list) that may match every term, a superset to filter;
   * undefined when the index would not narrow the list much and a scan of list() is as good.
   */
  listByLabels(resource: string, namespace: string | undefined, terms: readonly LabelTerm[]): StoredObject[] | undefined {
    const t = this.tables.get(resource);
    return t ? t.byLabels(namespace, terms) : [];
  }

  count(resource: string, namespace?: string): number {
    return this.tables.get(resource)?.count(namespace) ?? 0;
  }

  /** Inserts a new object; the store stamps metadata.resourceVersion. */
  create(resource: string, obj: KObject): StoredObject {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const t = this.table(resource);
    if (t.get(ns, name)) throw new StoreExistsError(`${resource} ${ns}/${name} exists`);
    const rv = ++this.revision;
    obj.metadata.resourceVersion = String(rv);
    const stored = t.put(ns, name, obj, rv, freezeVersion(obj, undefined), true);
    this.emit(resource, 'ADDED', stored, undefined);
    return stored;
  }

  /**
   * Compare-and-swap update: when expectedRV is given it must equal the stored version.
   * The caller passes a fresh object; it is frozen and becomes the stored version.
   */
  update(resource: string, obj: KObject, expectedRV?: number): StoredObject {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const t = this.table(resource);
    const cur = t.get(ns, name);
    if (!cur) throw new StoreNotFoundError(`${resource} ${ns}/${name} not found`);
    if (expectedRV !== undefined && cur.rv !== expectedRV) throw new StoreConflictError(cur);
    const rv = ++this.revision;
    obj.metadata.resourceVersion = String(rv);
    // Parts the new version shares with the current one (unchanged subtrees) need no walk.
    const stored = t.put(ns, name, obj, rv, freezeVersion(obj, isPlainStored(cur) ? cur.obj : undefined));
    this.emit(resource, 'MODIFIED', stored, cur);
    return stored;
  }

  /** Removes an object; the DELETED event carries its last state with the deletion's resourceVersion. */
  delete(resource: string, namespace: string, name: string, expectedRV?: number): StoredObject {
    const t = this.table(resource);
    const cur = t.get(namespace, name);
    if (!cur) throw new StoreNotFoundError(`${resource} ${namespace}/${name} not found`);
    if (expectedRV !== undefined && cur.rv !== expectedRV) throw new StoreConflictError(cur);
    const rv = ++this.revision;
    t.remove(namespace, name);
    // Stored objects are frozen, so the tombstone can share everything but its metadata.
    const last: KObject = { ...cur.obj, metadata: { ...cur.obj.metadata, resourceVersion: String(rv) } };
    const plain = freezeVersion(last, isPlainStored(cur) ? cur.obj : undefined);
    const tomb: StoredObject = { obj: last, rv, plain };
    this.emit(resource, 'DELETED', tomb, cur);
    return tomb;
  }

  /** Removes everything (reset); history is dropped so old resourceVersions answer 410. */
  clear(): void {
    this.tables.clear();
    for (const l of this.logs.values()) l.compactTo(this.revision);
  }

  subscribe(resource: string, fn: StoreListener): () => void {
    let set = this.listeners.get(resource);
    if (!set) {
      set = new Set();
      this.listeners.set(resource, set);
    }
    set.add(fn);
    this.listenerArrays.delete(resource);
    return () => {
      set!.delete(fn);
      this.listenerArrays.delete(resource);
    };
  }

  /** Every event of every resource, in revision order (persistence, metrics). */
  subscribeAll(fn: StoreListener): () => void {
    this.anyListeners.add(fn);
    this.anyListenerArray = null;
    return () => {
      this.anyListenerArray = null;
      return this.anyListeners.delete(fn);
    };
  }

  private emit(resource: string, type: EventType, stored: StoredObject, prev: StoredObject | undefined): void {
    const ev: StoreEvent = { type, resource, rv: stored.rv, object: stored, prev };
    this.log(resource).append(ev);
    // Store-wide listeners (the journal) first: nobody sees a change before it is persisted.
    const any = this.anyListenerArray ??= [...this.anyListeners];
    for (let i = 0; i < any.length; i++) any[i](ev);
    let fns = this.listenerArrays.get(resource);
    if (fns === undefined) {
      const set = this.listeners.get(resource);
      if (set === undefined) return;
      fns = [...set];
      this.listenerArrays.set(resource, fns);
    }
    for (let i = 0; i < fns.length; i++) fns[i](ev);
  }
}
