// The watch core, after kube-apiserver's cacheWatcher: initial state or resume from the event log,
// selector transitions (ADDED when an object starts matching, DELETED when it stops), bookmarks,
// timeouts, and cutting off consumers that stop reading. Transports only encode and write.
import type { KObject } from '../machinery/types.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { deepFreeze } from '../util/copy.js';
import type { StoreEvent, EventType } from './events.js';
import type { Store } from './store.js';
import type { StoredObject } from './table.js';

export interface WatchSpec {
  /** Store table key of the watched resource. */
  resource: string;
  namespace?: string;
  filter: (obj: KObject) => boolean;
  /** Resume after this revision; undefined starts from the current state. */
  fromRV?: number;
  /** Send the current state as ADDED events first (resourceVersion unset/0, or sendInitialEvents). */
  initialEvents: boolean;
  /** Send the BOOKMARK annotated k8s.io/initial-events-end after the initial events. */
  initialEventsEndBookmark: boolean;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutMs: number;
}

export interface WatchSink {
  /** Returns false when the consumer is not keeping up; the watch is then cut off. */
  event(type: EventType, obj: StoredObject): boolean;
  bookmark(rv: number, initialEventsEnd: boolean): boolean;
  /** Too old resourceVersion: an ERROR event with a 410 Status, then the end. */
  expired(requestedRV: number, oldest: number): void;
  close(reason: 'timeout' | 'slow' | 'server' | 'client'): void;
}

const prevAtRV = new WeakMap<StoreEvent, StoredObject>();

/** For a DELETED caused by a selector transition: the previous content carrying the event's RV. */
function previousWithEventRV(ev: StoreEvent): StoredObject {
  let s = prevAtRV.get(ev);
  if (!s) {
    const o = structuredClone(ev.prev!.obj) as KObject;
    o.metadata.resourceVersion = String(ev.rv);
    s = { obj: deepFreeze(o), rv: ev.rv };
    prevAtRV.set(ev, s);
  }
  return s;
}

export class Watch {
  private unsubscribe?: () => void;
  private timers: TimerHandle[] = [];
  private closed = false;
  private lastRV = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly spec: WatchSpec,
    private readonly sink: WatchSink) {}

  /** Starts streaming. Everything up to subscribing runs synchronously, so no change can slip between. */
  start(): void {
    const { spec } = this;
    let backlog: StoreEvent[] = [];
    if (spec.fromRV !== undefined && !spec.initialEvents) {
      const log = this.store.log(spec.resource);
      const since = spec.fromRV >= this.store.currentRevision ? [] : log.since(spec.fromRV);
      if (!since) {
        this.sink.expired(spec.fromRV, log.oldestResumable + 1);
        this.finish('server', false);
        return;
      }
      backlog = since;
      this.lastRV = spec.fromRV;
    }
    this.unsubscribe = this.store.subscribe(spec.resource, (ev) => this.onEvent(ev));
    if (spec.initialEvents) {
      const snapshotRV = this.store.currentRevision;
      for (const o of this.store.list(spec.resource, spec.namespace)) {
        if (spec.filter(o.obj) && !this.emit('ADDED', o)) return;
      }
      this.lastRV = snapshotRV;
      if (spec.initialEventsEndBookmark && !this.sink.bookmark(snapshotRV, true)) return this.finish('slow');
    }
    for (const ev of backlog) this.onEvent(ev);
    if (spec.bookmarks) this.scheduleBookmark();
    this.timers.push(this.clock.setTimeout(() => this.finish('timeout'), spec.timeoutMs));
  }

  private scheduleBookmark(): void {
    this.timers.push(this.clock.setTimeout(() => {
      if (this.closed) return;
      if (!this.sink.bookmark(Math.max(this.lastRV, this.store.currentRevision), false)) return this.finish('slow');
      this.scheduleBookmark();
    }, this.spec.bookmarkIntervalMs));
  }

  private onEvent(ev: StoreEvent): void {
    if (this.closed || ev.rv <= this.lastRV) return;
    const ns = this.spec.namespace;
    const m = ev.object.obj.metadata;
    if (ns !== undefined && (m.namespace ?? '') !== ns) return;
    const now = ev.type !== 'DELETED' && this.spec.filter(ev.object.obj);
    const before = ev.prev !== undefined && this.spec.filter(ev.prev.obj);
    this.lastRV = ev.rv;
    if (ev.type === 'ADDED') {
      if (now) this.emit('ADDED', ev.object);
    } else if (ev.type === 'DELETED') {
      if (before || this.spec.filter(ev.object.obj)) this.emit('DELETED', ev.object);
    } else if (now && before) this.emit('MODIFIED', ev.object);
    else if (now) this.emit('ADDED', ev.object);
    else if (before) this.emit('DELETED', previousWithEventRV(ev));
  }

  private emit(type: EventType, obj: StoredObject): boolean {
    if (this.sink.event(type, obj)) return true;
    this.finish('slow');
    return false;
  }

  /** Ends the watch: stops timers and the subscription and tells the sink (unless it asked). */
  finish(reason: 'timeout' | 'slow' | 'server' | 'client', notify = true): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers) this.clock.clearTimeout(t);
    if (notify && reason !== 'client') this.sink.close(reason);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
