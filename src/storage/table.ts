// One resource's objects, grouped by namespace, with sorted views for lists that survive write
// storms (changes are merged into the last view instead of re-sorting) and a label index so
// selective lists don't scan everything.
import type { KObject } from '../machinery/types.js';
import { plainJSONIntact } from '../util/copy.js';

/** An equality-style label requirement: the label `key` has one of `values` (=, ==, in). */
export interface LabelTerm {
  key: string;
  values: readonly string[];
}

export interface StoredObject {
  /** Frozen: nothing outside the store may mutate it. */
  readonly obj: KObject;
  readonly rv: number;
  /**
   * obj is plain JSON, frozen all the way down (see freezeVersion): a write may share its parts.
   * Kept here rather than in copy.ts's WeakSet of plain values; read it through isPlainStored.
   */
  readonly plain?: boolean;
  /** JSON of obj as UTF-8 bytes (objectBytes), serialised once and shared by GET, LIST and watchers. */
  bytes?: Buffer;
}

/** Whether the stored version is plain frozen JSON a write may share parts of (isPlainFrozen of its object). */
export function isPlainStored(s: StoredObject): boolean {
  return s.plain === true && plainJSONIntact();
}

/**
 * Encoded bytes kept on stored versions, at most about this much in all: a LIST of every pod or
 * slice of a large cluster would otherwise keep a second, serialised copy of all of them for as
 * long as they stay unchanged (~50 MiB for 10,000 slices, ~450 MiB for 150,000 pods).
 */
export const CACHED_BYTES_BUDGET = 16 * 1024 * 1024;
/** The versions holding cached bytes (weakly: a replaced version goes, bytes and all). */
let cached: WeakRef<StoredObject>[] = [];
let cachedTotal = 0;

/**
 * The object's JSON as a Buffer, encoded once per stored version and shared by GET and LIST
 * bodies. Only the bytes are kept, not a string too. Past CACHED_BYTES_BUDGET of encodings since
 * the last time, every cached encoding is let go (the next read encodes again): the hot objects of
 * a GET or LIST loop are cached again at once, a one-off LIST of everything is not kept.
 */
export function objectBytes(s: StoredObject): Buffer {
  let b = s.bytes;
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(s.obj));
    if (cachedTotal + b.length > CACHED_BYTES_BUDGET) dropCachedBytes();
    s.bytes = b;
    cachedTotal += b.length;
    cached.push(new WeakRef(s));
  }
  return b;
}

/** Lets every cached encoding go (objectBytes encodes again on the next read). */
export function dropCachedBytes(): void {
  for (const r of cached) {
    const s = r.deref();
    if (s) s.bytes = undefined;
  }
  cached = [];
  cachedTotal = 0;
}

/** Bytes encoded and cached since they were last let go (for tests). */
export function cachedBytesTotal(): number {
  return cachedTotal;
}

/** The object's JSON text (journal lines); decoded from the cached bytes. */
export function objectJSON(s: StoredObject): string {
  return objectBytes(s).toString('utf8');
}

/** The etcd-like key: "namespace/name", or "name" for cluster-scoped objects. Lists sort by it. */
export function objectKey(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOfStored(s: StoredObject): string {
  const m = s.obj.metadata;
  return objectKey(m.namespace ?? '', m.name ?? '');
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Applies `changes` (key → new state, or undefined for gone) to `sorted` (ordered by `keyOf`) and
 * returns a new array: O(n) copying plus a binary search per change, instead of a re-sort.
 */
export function mergeSorted(sorted: readonly StoredObject[], changes: ReadonlyMap<string, StoredObject | undefined>,
  keyOf: (s: StoredObject) => string): StoredObject[] {
  const keys = [...changes.keys()].sort(compareKeys);
  const out: StoredObject[] = [];
  let i = 0;
  for (const k of keys) {
    let lo = i;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyOf(sorted[mid]) < k) lo = mid + 1;
      else hi = mid;
    }
    for (; i < lo; i++) out.push(sorted[i]);
    if (i < sorted.length && keyOf(sorted[i]) === k) i++;
    const v = changes.get(k);
    if (v) out.push(v);
  }
  for (; i < sorted.length; i++) out.push(sorted[i]);
  return out;
}

const nameOf = (s: StoredObject): string => s.obj.metadata.name ?? '';

/**
 * One namespace's objects sorted by name. A built array is never mutated (callers keep iterating
 * it while they write); changes since it was built are kept aside and merged on the next read.
 */
class NamespaceView {
  private sorted: StoredObject[] | null = null;
  private pending = new Map<string, StoredObject | undefined>();

  changed(name: string, s: StoredObject | undefined): void {
    if (!this.sorted) return;
    this.pending.set(name, s);
    // Past this many changes a fresh sort is as cheap as merging; stop tracking until the next read.
    if (this.pending.size > 256 && this.pending.size > this.sorted.length / 2) this.drop();
  }

  drop(): void {
    this.sorted = null;
    this.pending.clear();
  }

  get(objects: ReadonlyMap<string, StoredObject>): StoredObject[] {
    if (!this.sorted) {
      this.sorted = [...objects.keys()].sort(compareKeys).map((k) => objects.get(k)!);
    } else if (this.pending.size) {
      this.sorted = mergeSorted(this.sorted, this.pending, nameOf);
    }
    this.pending.clear();
    return this.sorted;
  }
}

type Labels = Readonly<Record<string, string>> | undefined;

function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => b !== undefined && Object.prototype.hasOwnProperty.call(b, k) && String(b[k]) === String(a![k]));
}

/** The index ids ("key\0value") of a frozen label map, made once: pods of a template share one map. */
const idsOfLabels = new WeakMap<object, readonly string[]>();

function labelIds(labels: Labels): readonly string[] {
  if (labels === undefined) return [];
  let ids = idsOfLabels.get(labels);
  if (ids === undefined) {
    ids = Object.keys(labels).map((k) => `${k}\0${String(labels[k])}`);
    if (Object.isFrozen(labels)) idsOfLabels.set(labels, ids);
  }
  return ids;
}

/** One namespace's label index: "key\0value" → names of the objects carrying that label. */
class LabelIndex {
  private sets = new Map<string, Set<string>>();

  replace(name: string, before: Labels, after: Labels): void {
    if (sameLabels(before, after)) return;
    for (const id of labelIds(before)) {
      const set = this.sets.get(id);
      set?.delete(name);
      if (set?.size === 0) this.sets.delete(id);
    }
    for (const id of labelIds(after)) {
      let set = this.sets.get(id);
      if (!set) {
        set = new Set();
        this.sets.set(id, set);
      }
      set.add(name);
    }
  }

  /**
   * Names that may match every term: those of the most selective term (an object has one value
   * per key, so the sets of one term's values are disjoint). Undefined when even that term has
   * more than `limit` names.
   */
  candidates(terms: readonly LabelTerm[], limit: number): string[] | undefined {
    let best: Set<string>[] | undefined;
    let bestSize = Infinity;
    for (const t of terms) {
      const sets: Set<string>[] = [];
      let size = 0;
      for (const v of t.values) {
        const set = this.sets.get(`${t.key}\0${v}`);
        if (set) {
          sets.push(set);
          size += set.size;
        }
      }
      if (size < bestSize) {
        best = sets;
        bestSize = size;
      }
    }
    if (!best || bestSize > limit) return undefined;
    const out: string[] = [];
    for (const set of best) for (const n of set) out.push(n);
    return out;
  }
}

export class ResourceTable {
  private byNamespace = new Map<string, Map<string, StoredObject>>();
  private views = new Map<string, NamespaceView>();
  private allSorted: StoredObject[] | null = null;
  /** Namespaces in key order ("a-b/..." sorts before "a/..."), rebuilt when one comes or goes. */
  private nsOrder: string[] | null = null;
  private labels = new Map<string, LabelIndex>();
  size = 0;

  get(namespace: string, name: string): StoredObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Stores a version of the object; `absent` when the caller has just seen the name free (a create). */
  put(namespace: string, name: string, obj: KObject, rv: number, plain: boolean, absent = false): StoredObject {
    let m = this.byNamespace.get(namespace);
    if (!m) {
      m = new Map();
      this.byNamespace.set(namespace, m);
      this.nsOrder = null;
    }
    const stored: StoredObject = { obj, rv, plain };
    const old = absent ? undefined : m.get(name);
    m.set(name, stored);
    if (!old) this.size++;
    let idx = this.labels.get(namespace);
    if (!idx) {
      idx = new LabelIndex();
      this.labels.set(namespace, idx);
    }
    idx.replace(name, old?.obj.metadata.labels, obj.metadata.labels);
    this.changed(namespace, name, stored);
    return stored;
  }

  remove(namespace: string, name: string): void {
    const m = this.byNamespace.get(namespace);
    const old = m?.get(name);
    if (!m || !old) return;
    m.delete(name);
    this.size--;
    this.labels.get(namespace)?.replace(name, old.obj.metadata.labels, undefined);
    if (m.size === 0) {
      this.byNamespace.delete(namespace);
      this.views.delete(namespace);
      this.labels.delete(namespace);
      this.nsOrder = null;
    }
    this.changed(namespace, name, undefined);
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  count(namespace?: string): number {
    if (namespace === undefined || this.size === 0) return this.size;
    return this.byNamespace.get(namespace)?.size ?? 0;
  }

  /**
   * Objects sorted by name within a namespace, or by key ("namespace/name") across all. The array
   * is shared with other readers: do not modify it.
   */
  sorted(namespace?: string): StoredObject[] {
    if (namespace !== undefined) {
      const m = this.byNamespace.get(namespace);
      if (!m) return [];
      let v = this.views.get(namespace);
      if (!v) {
        v = new NamespaceView();
        this.views.set(namespace, v);
      }
      return v.get(m);
    }
    if (!this.allSorted) {
      const out: StoredObject[] = [];
      for (const ns of this.namespaceOrder()) {
        for (const o of this.sorted(ns)) out.push(o);
      }
      this.allSorted = out;
    }
    return this.allSorted;
  }

  /**
   * Objects that may match every term (each term: the label `key` has one of `values`), sorted by
   * key; a superset the caller still filters. Undefined when the index would not narrow the list
   * much, so scanning the sorted view is as good.
   */
  byLabels(namespace: string | undefined, terms: readonly LabelTerm[]): StoredObject[] | undefined {
    if (terms.length === 0) return undefined;
    const limit = Math.max(64, this.count(namespace) / 4);
    const out: StoredObject[] = [];
    for (const ns of namespace === undefined ? this.namespaceOrder() : [namespace]) {
      const m = this.byNamespace.get(ns);
      const idx = this.labels.get(ns);
      if (!m || !idx) continue;
      const names = idx.candidates(terms, limit - out.length);
      if (!names) return undefined;
      for (const n of names.sort(compareKeys)) out.push(m.get(n)!);
    }
    return out;
  }

  private namespaceOrder(): string[] {
    if (!this.nsOrder) this.nsOrder = [...this.byNamespace.keys()].sort((a, b) => compareKeys(`${a}/`, `${b}/`));
    return this.nsOrder;
  }

  private changed(namespace: string, name: string, s: StoredObject | undefined): void {
    this.views.get(namespace)?.changed(name, s);
    this.allSorted = null;
  }
}
