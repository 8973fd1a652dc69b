// --state-file: the whole cluster state (objects and the resourceVersion counter) survives restarts.
// Recovery reads snapshot + journal; restore puts the objects back with their own
// resourceVersions instead of running the bootstrap; from then on every store event is journaled
// synchronously, and a clean close folds the journal into a fresh snapshot.
import type { Registry } from '../registry/registry.js';
import { storeKey } from '../registry/strategy.js';
import type { Store, StoreEvent } from '../storage/store.js';
import { objectJSON } from '../storage/table.js';
import {
  clearLine, delLine, journalPath, putLine, snapshotEndLine, snapshotHeaderLine, snapshotObjectLine,
} from './format.js';
import { Journal, writeFileAtomic } from './journal.js';
import { lockStateFile, unlockStateFile } from './lock.js';
import { liveObjects, recoverState, StateFileError, type RecoveredState } from './recover.js';

export { StateFileError };

/** What buildApp calls: restore instead of bootstrapping, and hear about resets. */
export interface PersistenceHooks {
  /** Fills the empty store from saved state and starts journaling; false when there was nothing saved. */
  restore(registry: Registry): boolean;
  /** The store was just cleared (reset); recorded so a restart does not bring old objects back. */
  cleared(): void;
}

export interface PersistenceOptions {
  /** Warnings (a dropped journal tail); default: stderr. */
  warn?: (msg: string) => void;
  /** fsync at most this long after a write (default 5 ms). */
  syncIntervalMs?: number;
  /** fsync at once after this many unsynced writes (default 256). */
  syncEvery?: number;
  /** Fold the journal into the snapshot once it is larger than this (default 64 MiB). */
  compactAtBytes?: number;
  /** A journal write failed: the write is refused (500) and nothing else can be saved. Default: warn. */
  onError?: (err: Error) => void;
}

export class StatePersistence implements PersistenceHooks {
  private journal?: Journal;
  private store?: Store;
  private resources = new Set<string>();
  private seq = 0;
  private unsubscribe?: () => void;
  private failed?: Error;
  private readonly warn: (msg: string) => void;

  private constructor(readonly path: string, private readonly recovered: RecoveredState | undefined,
    private readonly opts: PersistenceOptions) {
    this.warn = opts.warn ?? ((m) => process.stderr.write(`kubesim: warning: ${m}\n`));
    this.seq = recovered?.seq ?? 0;
  }

  /** Reads what was saved at `path` (throws StateFileError when the snapshot is damaged or in use). */
  static open(path: string, opts: PersistenceOptions = {}): StatePersistence {
    const warn = opts.warn ?? ((m: string) => process.stderr.write(`kubesim: warning: ${m}\n`));
    // Two servers appending to one journal would corrupt it: one server per state file (lock.ts).
    lockStateFile(path);
    try {
      return new StatePersistence(path, recoverState(path, warn), { ...opts, warn });
    } catch (e) {
      unlockStateFile(path);
      throw e;
    }
  }

  /** The resourceVersion counter found on disk, if any state was. */
  get recoveredRevision(): number | undefined {
    return this.recovered?.revision;
  }

  get recoveredObjects(): number {
    return this.recovered?.objects.size ?? 0;
  }

  restore(registry: Registry): boolean {
    const store = registry.store;
    this.store = store;
    for (const s of registry.strategies()) this.resources.add(storeKey(s));
    const st = this.recovered;
    if (st) {
      // Each object gets its own resourceVersion back: the counter is set just below it and the
      // store's create stamps the next one.
      for (const o of liveObjects(st)) {
        store.bumpRevisionTo(o.rv - 1);
        const stored = store.create(o.resource, o.obj);
        if (stored.rv !== o.rv) throw new Error(`restoring ${o.resource} ${o.obj.metadata.name}: resourceVersion ${stored.rv} != ${o.rv}`);
        this.resources.add(o.resource);
      }
      store.bumpRevisionTo(st.revision);
      // Watch history from before the restart is gone, as after an apiserver restart with a
      // compacted etcd: resuming from an older resourceVersion answers 410 and clients relist.
      for (const r of this.resources) store.log(r).compactTo(st.revision);
    }
    this.journal = new Journal(journalPath(this.path), {
      syncIntervalMs: this.opts.syncIntervalMs, syncEvery: this.opts.syncEvery, afterSync: () => this.maybeCompact(),
    });
    if (st && (st.replayed > 0 || st.droppedTail)) this.compact();
    this.unsubscribe = store.subscribeAll((ev) => this.record(ev));
    return st !== undefined;
  }

  cleared(): void {
    if (this.store) this.append(clearLine(++this.seq, this.store.currentRevision));
  }

  private record(ev: StoreEvent): void {
    this.resources.add(ev.resource);
    const m = ev.object.obj.metadata;
    this.append(ev.type === 'DELETED'
      ? delLine(++this.seq, ev.resource, ev.rv, m.namespace ?? '', m.name ?? '')
      : putLine(++this.seq, ev.resource, ev.rv, objectJSON(ev.object)));
  }

  private append(line: string): void {
    if (this.failed) throw this.failed;
    try {
      this.journal!.append(line);
    } catch (e) {
      this.failed = new Error(`cannot write the state journal: ${(e as Error).message}`);
      (this.opts.onError ?? ((err) => this.warn(err.message)))(this.failed);
      throw this.failed;
    }
  }

  private maybeCompact(): void {
    if (this.failed || !this.journal) return;
    if (this.journal.bytes > (this.opts.compactAtBytes ?? 64 * 1024 * 1024)) this.compact();
  }

  /** Writes the whole store as a snapshot, then empties the journal. */
  compact(): void {
    const store = this.store;
    if (!store || !this.journal) return;
    this.journal.sync();
    const resources = [...this.resources].sort();
    const seq = this.seq;
    let count = 0;
    function* lines(): Generator<string> {
      yield snapshotHeaderLine(store!.currentRevision, seq);
      for (const r of resources) {
        for (const o of store!.list(r)) {
          count++;
          yield snapshotObjectLine(r, objectJSON(o));
        }
      }
      yield snapshotEndLine(count);
    }
    writeFileAtomic(this.path, lines());
    this.journal.truncate();
  }

  /** Stops journaling; with `snapshot` (a clean shutdown) the journal is folded into the snapshot first. */
  close(snapshot = true): void {
    if (this.journal) {
      this.unsubscribe?.();
      if (snapshot && !this.failed) this.compact();
      this.journal.close();
      this.journal = undefined;
    }
    unlockStateFile(this.path);
  }
}
