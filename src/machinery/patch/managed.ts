// metadata.managedFields in and out of its working form: one field set per manager
// identifier (manager + operation + apiVersion for updates + subresource), as in
// k8s.io/apimachinery/pkg/util/managedfields/internal.
import type { ManagedFieldsEntry } from '../types.js';
import { freezeStored, isPlainFrozen, markPlainFrozen } from '../../util/copy.js';
import { FieldSet } from './fieldset.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerInfo {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
}

export interface ManagedSet extends ManagerInfo {
  set: FieldSet;
  time?: string;
}

/** Managed fields keyed by manager identifier. */
export type Managed = Map<string, ManagedSet>;

/**
 * The identifier of a manager entry: the entry as JSON without fields and time, and without
 * apiVersion for appliers (so re-applying at another version is the same manager).
 */
export function managerIdentifier(info: ManagerInfo): string {
  const id: Record<string, string> = { manager: info.manager, operation: info.operation };
  if (info.operation === 'Update') id.apiVersion = info.apiVersion;
  if (info.subresource) id.subresource = info.subresource;
  return JSON.stringify(id);
}

/** How a conflict message names a manager: `"mgr"`, `"mgr" using v1`, `"mgr" with subresource "status" using v1`. */
export function printManager(identifier: string): string {
  let info: Partial<ManagerInfo>;
  try {
    info = JSON.parse(identifier) as Partial<ManagerInfo>;
  } catch {
    return JSON.stringify(identifier);
  }
  let s = JSON.stringify(info.manager ?? '');
  if (info.subresource) s += ` with subresource ${JSON.stringify(info.subresource)}`;
  return info.operation === 'Update' ? `${s} using ${info.apiVersion ?? ''}` : s;
}

/** Decodes managedFields; undefined when an entry is malformed (the caller decides what then). */
export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): Managed | undefined {
  const managed: Managed = new Map();
  for (const e of entries ?? []) {
    if (e.operation !== 'Apply' && e.operation !== 'Update') return undefined;
    if (!e.apiVersion || e.fieldsType !== 'FieldsV1') return undefined;
    const info: ManagerInfo = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion };
    if (e.subresource) info.subresource = e.subresource;
    const entry: ManagedSet = { ...info, set: FieldSet.fromFieldsV1(e.fieldsV1) };
    if (e.time) entry.time = e.time;
    managed.set(managerIdentifier(info), entry);
  }
  return managed;
}

/** Entries encoded here: canonical FieldsV1 and key order, so re-encoding their set gives the same JSON. */
const encodedEntries = new WeakSet<ManagedFieldsEntry>();
/** The FieldsV1 (frozen) a field set encodes to, when already known. */
const fieldsV1Of = new WeakMap<FieldSet, Record<string, unknown>>();

/** Decoded managedFields of a stored (frozen) object, and the stored entry each set came from. */
export interface StoredManaged {
  managed: Managed;
  /** Entries that re-encode to themselves, by the ManagedSet decoded from them. */
  entryOf: Map<ManagedSet, ManagedFieldsEntry>;
}

/**
 * Decoded forms of the most recently written (or read) stored managedFields, oldest first. Bounded
 * rather than weak: a WeakMap kept the decoded form of every stored object for as long as the
 * object lived (~1 KiB a pod), though it only saves work for the next write of a recently written
 * object. A settled object's is dropped and, should it be written again, decoded again.
 */
const decodedStored = new Map<readonly ManagedFieldsEntry[], StoredManaged>();
const MAX_DECODED = 4096;

function rememberDecoded(entries: readonly ManagedFieldsEntry[], d: StoredManaged): void {
  decodedStored.delete(entries);
  decodedStored.set(entries, d);
  if (decodedStored.size > MAX_DECODED) decodedStored.delete(decodedStored.keys().next().value as readonly ManagedFieldsEntry[]);
}

/**
 * decodeManagedFields for a frozen managedFields array (a stored object's), decoded once per
 * stored version: a fresh Managed map over shared, never-mutated ManagedSet values. Anything not
 * frozen is decoded as usual (with no entries to reuse).
 */
export function decodeStoredManagedFields(entries: ManagedFieldsEntry[] | undefined): StoredManaged | undefined {
  if (!entries || !Object.isFrozen(entries)) {
    const managed = decodeManagedFields(entries);
    return managed && { managed, entryOf: new Map() };
  }
  let d = decodedStored.get(entries);
  if (!d) {
    const managed = decodeManagedFields(entries);
    if (!managed) return undefined;
    const entryOf = new Map<ManagedSet, ManagedFieldsEntry>();
    let i = 0;
    for (const m of managed.values()) {
      const e = entries[i++];
      if (!encodedEntries.has(e) || !Object.isFrozen(e)) continue;
      entryOf.set(m, e);
      if (e.fieldsV1 && Object.isFrozen(e.fieldsV1)) fieldsV1Of.set(m.set, e.fieldsV1);
    }
    // A repeated identifier collapses entries: then positions do not line up and nothing is reused.
    d = { managed, entryOf: managed.size === entries.length ? entryOf : new Map() };
    rememberDecoded(entries, d);
  }
  return { managed: new Map(d.managed), entryOf: d.entryOf };
}

/**
 * encodeManagedFields, reusing the stored entry of every manager whose set, time and identity did
 * not change (the same ManagedSet value) and the known FieldsV1 of unchanged sets. The output is
 * the same JSON, in the same order. It is frozen (it is bound for the store) and remembered as
 * the decoded form of itself, so the next write of the object need not decode it again.
 */
export function encodeManagedFieldsReusing(managed: Managed, entryOf: ReadonlyMap<ManagedSet, ManagedFieldsEntry>): ManagedFieldsEntry[] {
  const kept: [string, ManagedSet][] = [];
  for (const pair of managed) if (!pair[1].set.isEmpty()) kept.push(pair);
  if (kept.length > 1) {
    const secs = new Map<ManagedSet, number>();
    for (const [, m] of kept) secs.set(m, seconds(m.time));
    kept.sort(([, p], [, q]) =>
      (p.operation !== q.operation ? (p.operation < q.operation ? -1 : 1) : 0) ||
      secs.get(p)! - secs.get(q)! ||
      cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''));
  }
  const decoded: Managed = new Map();
  const nextEntryOf = new Map<ManagedSet, ManagedFieldsEntry>();
  const out = kept.map(([id, m]) => {
    let e = entryOf.get(m);
    if (!e) {
      e = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
      if (m.time) e.time = m.time;
      e.fieldsType = 'FieldsV1';
      let f = fieldsV1Of.get(m.set);
      if (!f) {
        f = markPlainFrozen(m.set.toFrozenFieldsV1());
        fieldsV1Of.set(m.set, f);
      }
      e.fieldsV1 = f;
      if (m.subresource) e.subresource = m.subresource;
      encodedEntries.add(e);
    }
    decoded.set(id, m);
    nextEntryOf.set(m, e);
    return e;
  });
  // Frozen before anyone else sees them, so the entries, their FieldsV1 and the decoded form
  // remembered below stay what they are.
  freezeStored(out);
  if (isPlainFrozen(out)) for (const e of out) markPlainFrozen(e);
  // What decodeManagedFields would make of `out` (it refuses entries without an apiVersion).
  if (out.every((e) => e.apiVersion && (e.operation === 'Apply' || e.operation === 'Update'))) {
    rememberDecoded(out, { managed: decoded, entryOf: nextEntryOf });
  }
  return out;
}

/** `[]` or `[{}]` sent by a client means "reset managedFields" (isResetManagedFields). */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && typeof entries[0] === 'object' && entries[0] !== null &&
    Object.keys(entries[0] as object).length === 0;
}

/** Parsed entry times: a few distinct seconds cover most writes (bounded, cleared when full). */
const parsedSeconds = new Map<string, number>();

function seconds(time: string | undefined): number {
  if (!time) return 0;
  let s = parsedSeconds.get(time);
  if (s === undefined) {
    if (parsedSeconds.size >= 1024) parsedSeconds.clear();
    s = Math.floor(Date.parse(time) / 1000);
    parsedSeconds.set(time, s);
  }
  return s;
}

/** Encodes in the apiserver's order: Apply before Update, oldest first, then by name. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const entries = [...managed.values()].filter((m) => !m.set.isEmpty());
  entries.sort((p, q) =>
    (p.operation !== q.operation ? (p.operation < q.operation ? -1 : 1) : 0) ||
    seconds(p.time) - seconds(q.time) ||
    cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''));
  return entries.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fields nobody owns: type, identity and server bookkeeping (stripMetaManager). */
export const STRIPPED_FIELDS = FieldSet.of(
  ['f:apiVersion'], ['f:kind'], ['f:metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields',
    'resourceVersion'].map((f) => ['f:metadata', `f:${f}`]),
);

/** At most this many Update entries are kept; older ones merge into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;

/** Merges the oldest Update entries per apiVersion into an "ancient-changes" bucket (capManagersManager). */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || cmp(ia, ib));
  const firstByVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, m] of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    const info: ManagerInfo = { manager: 'ancient-changes', operation: 'Update', apiVersion: m.apiVersion };
    const bucketId = managerIdentifier(info);
    let bucket = managed.get(bucketId);
    if (!bucket) {
      bucket = { ...info, set: managed.get(first)!.set };
      managed.delete(first);
    }
    managed.set(bucketId, { ...bucket, set: m.set.union(bucket.set), time: m.time });
    managed.delete(id);
    count--;
  }
}
