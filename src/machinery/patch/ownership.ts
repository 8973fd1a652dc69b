// Field ownership for ordinary writes (create, update, patch): who owns what after a write,
// following structured-merge-diff's Updater.update/Update and the apiserver's field manager
// chain (skipNonApplied, managedFieldsUpdater, stripMeta, capManagers).
import type { KObject, ManagedFieldsEntry } from '../types.js';
import { FieldSet } from './fieldset.js';
import {
  capUpdateManagers, decodeManagedFields, decodeStoredManagedFields, encodeManagedFields, encodeManagedFieldsReusing,
  isResetManagedFields, managerIdentifier, STRIPPED_FIELDS, type Managed, type ManagerInfo, type StoredManaged,
} from './managed.js';
import { applySchema, emptyObject, frozenEmptyObject, resetFields, type PatchTypeInfo } from './meta.js';
import type { StructNode } from './schema.js';
import { compare, TypedError, type Comparison } from './typed.js';
import { clone, isJsonObject, rfc3339, type Json, type JsonObject } from './values.js';

export interface ManagedFieldsOptions {
  /** The field manager (the `fieldManager` parameter, or derived from the User-Agent). */
  manager: string;
  now: Date | number | string;
  /** The group/version of the endpoint, e.g. `v1` or `discovery.k8s.io/v1`. */
  apiVersion: string;
  /** `status` for /status writes; empty for the main resource. */
  subresource?: string;
  /** The kind's patch metadata (its definition's `patch`); absent = only ObjectMeta is known. */
  type?: PatchTypeInfo;
  /** Paths this write may not change (default: the type's reset fields for the subresource). */
  resetFields?: string[][];
}

export interface UpdateManagedFieldsOptions extends ManagedFieldsOptions {
  operation?: 'Update';
}

export interface ManagedResult<T = KObject> {
  /** The new object, with metadata.managedFields set (or removed when nobody owns anything). */
  object: T;
  managedFields: ManagedFieldsEntry[];
}

/** Everything the ownership computations need about the object being written. */
export interface OwnershipContext {
  schema: StructNode;
  reset: FieldSet;
  kind: string;
}

/** Contexts by patch type (or NO_TYPE), then subresource and kind: they only depend on those. */
const contexts = new WeakMap<object, Map<string, OwnershipContext>>();
const NO_TYPE = {};

export function ownershipContext(kind: string, opts: ManagedFieldsOptions): OwnershipContext {
  if (opts.resetFields) return buildContext(kind, opts.resetFields, opts.type);
  let byKey = contexts.get(opts.type ?? NO_TYPE);
  if (!byKey) {
    byKey = new Map();
    contexts.set(opts.type ?? NO_TYPE, byKey);
  }
  const key = `${opts.subresource ?? ''}\0${kind}`;
  let ctx = byKey.get(key);
  if (!ctx) {
    ctx = buildContext(kind, resetFields(opts.type, opts.subresource ?? ''), opts.type);
    byKey.set(key, ctx);
  }
  return ctx;
}

function buildContext(kind: string, paths: string[][], type: PatchTypeInfo | undefined): OwnershipContext {
  return { schema: applySchema(type), reset: FieldSet.of(...paths.map((p) => p.map((f) => `f:${f}`))), kind };
}

/**
 * set.recursiveDifference(reset), or `set` itself when that would take nothing away. Field sets
 * are never changed once built, so sharing one is safe.
 */
function withoutReset(set: FieldSet, reset: FieldSet): FieldSet {
  return set.overlapsRecursively(reset) ? set.recursiveDifference(reset) : set;
}

/** a.union(b), or the other one when one is empty. */
function unionOf(a: FieldSet, b: FieldSet): FieldSet {
  return a.isEmpty() ? b : b.isEmpty() ? a : a.union(b);
}

/** The "manager" the field manager runs a non-apply write as, before crediting the real one. */
const CURRENT_OPERATION = 'current-operation';

/** Other managers' fields this write would take, keyed by manager identifier. */
export type Conflicts = Map<string, FieldSet>;

export class ConflictSignal extends Error {
  constructor(readonly conflicts: Conflicts) {
    super('apply conflicts');
  }
}

/**
 * Compares old and new and takes changed fields away from every manager but `workflow`
 * (Updater.update). Without `force`, fields other managers own and this write changes are
 * conflicts and nothing is changed.
 */
export function takeOwnership(oldObj: Json, newObj: Json, managed: Managed, workflow: string,
  ctx: OwnershipContext, force: boolean): Comparison {
  const raw = compare(oldObj, newObj, ctx.schema);
  const cmp: Comparison = {
    added: withoutReset(raw.added, ctx.reset),
    removed: withoutReset(raw.removed, ctx.reset),
    modified: withoutReset(raw.modified, ctx.reset),
  };
  const changed = unionOf(cmp.modified, cmp.added);
  const conflicts: Conflicts = new Map();
  for (const [id, m] of managed) {
    if (id === workflow || !m.set.intersects(changed)) continue;
    conflicts.set(id, m.set.intersection(changed));
  }
  if (!force && conflicts.size > 0) throw new ConflictSignal(conflicts);
  for (const [id, m] of [...managed]) {
    if (id === workflow) continue;
    if (!conflicts.has(id) && !m.set.intersects(cmp.removed)) {
      // Nothing to take away: the set stays as it is (the same value, so its encoding can be reused).
      if (m.set.isEmpty()) managed.delete(id);
      continue;
    }
    const set = m.set.difference(conflicts.get(id) ?? new FieldSet()).difference(cmp.removed);
    if (set.isEmpty()) managed.delete(id);
    else managed.set(id, { ...m, set });
  }
  return cmp;
}

/**
 * Credits `info` with every field the write from `oldObj` to `newObj` added or changed, taking
 * them from other managers (managedFieldsUpdater over Updater.Update). Mutates `managed`.
 */
export function recordUpdate(oldObj: Json, newObj: Json, managed: Managed, info: ManagerInfo,
  ctx: OwnershipContext, time: string): void {
  const cmp = takeOwnership(oldObj, newObj, managed, CURRENT_OPERATION, ctx, true);
  const own = withoutReset(unionOf(cmp.modified, cmp.added), ctx.reset).difference(STRIPPED_FIELDS);
  if (own.isEmpty()) return;
  const id = managerIdentifier(info);
  const previous = managed.get(id);
  // A write that only touches fields the manager owns already leaves its set as it was; otherwise
  // the union shares the previous set's subtrees (and their encodings) that `own` adds nothing to.
  const set = !previous ? own : previous.set.covers(own) ? previous.set : previous.set.union(own);
  managed.set(id, { ...info, set, time });
  capUpdateManagers(managed);
}

/** A copy of the object without metadata.managedFields, as plain JSON. */
export function withoutManagedFields(obj: KObject | undefined): JsonObject | undefined {
  if (!obj) return undefined;
  const copy = clone(obj) as unknown as JsonObject;
  const meta = copy.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) delete (meta as JsonObject).managedFields;
  return copy;
}

/** Puts encoded managedFields on a copy's metadata (removing the key when there are none). */
export function withManagedFields<T>(obj: JsonObject, entries: ManagedFieldsEntry[]): T {
  const meta = (obj.metadata ?? {}) as JsonObject;
  if (entries.length > 0) meta.managedFields = entries as unknown as Json;
  else delete meta.managedFields;
  obj.metadata = meta;
  return obj as T;
}

/** The object without metadata.managedFields, sharing everything else (for reading only). */
function strippedView(obj: KObject | undefined): JsonObject | undefined {
  if (!obj) return undefined;
  const meta = obj.metadata as unknown;
  if (!isJsonObject(meta) || !Object.prototype.hasOwnProperty.call(meta, 'managedFields')) return obj as unknown as JsonObject;
  const { managedFields: _, ...rest } = meta;
  return { ...(obj as unknown as JsonObject), metadata: rest };
}

/**
 * The managedFields updateManagedFields computes, without building the new object: for the
 * registry's write path, where `old` is the stored (frozen) object. Managers whose fields did not
 * change keep their stored entries (the same JSON, reused); inputs are not modified. Entries it
 * returns may be frozen.
 */
export function managedFieldsAfterUpdate(old: KObject | undefined, updated: KObject, opts: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  const kind = updated.kind ?? old?.kind ?? '';
  const ctx = ownershipContext(kind, opts);
  const subresource = opts.subresource ?? '';
  // An existing object nobody manages, written without managedFields in the body (or through a
  // subresource, which ignores them): nothing to record, as below, without decoding empty maps.
  const liveFields = old?.metadata?.managedFields;
  if (old?.metadata?.uid && (liveFields === undefined || (Array.isArray(liveFields) && liveFields.length === 0))
    && (subresource || updated.metadata?.managedFields === undefined)) return [];
  let base: StoredManaged;
  if (subresource) base = liveManaged(old);
  else {
    const sent = updated.metadata?.managedFields;
    if (isResetManagedFields(sent)) base = { managed: new Map(), entryOf: new Map() };
    else {
      const fromRequest = decodeStoredManagedFields(sent);
      base = fromRequest && fromRequest.managed.size > 0 ? fromRequest : liveManaged(old);
    }
  }
  const managed = base.managed;
  if (managed.size === 0 && old?.metadata?.uid) return [];
  const newObj = strippedView(updated)!;
  const oldObj = strippedView(old) ?? frozenEmptyObject(opts.apiVersion, kind, opts.type);
  const info: ManagerInfo = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion };
  if (subresource) info.subresource = subresource;
  try {
    recordUpdate(oldObj as Json, newObj, managed, info, ctx, rfc3339(opts.now));
  } catch (e) {
    if (!(e instanceof TypedError)) throw e;
    return clone(old?.metadata?.managedFields ?? []);
  }
  return encodeManagedFieldsReusing(managed, base.entryOf);
}

/** The stored object's managed fields, decoded (none for a new object). */
function liveManaged(old: KObject | undefined): StoredManaged {
  return decodeStoredManagedFields(old?.metadata?.managedFields) ?? { managed: new Map(), entryOf: new Map() };
}

/** Which managed fields an ordinary write starts from (decodeLiveOrNew). */
function baseManaged(old: KObject | undefined, updated: KObject, subresource: string): Managed {
  const fromLive = () => decodeManagedFields(old?.metadata?.managedFields) ?? new Map();
  if (subresource) return fromLive();
  const sent = updated.metadata?.managedFields;
  if (isResetManagedFields(sent)) return new Map();
  const fromRequest = decodeManagedFields(sent);
  return fromRequest && fromRequest.size > 0 ? fromRequest : fromLive();
}

/**
 * Field ownership for a create (`old` undefined), update or non-apply patch: the manager
 * (operation Update) now owns every field this write set or changed, and other managers lose
 * them, so a later apply by them conflicts. `[]` or `[{}]` in the new object resets ownership.
 * An existing object that has no managedFields stays untracked, as in the apiserver.
 * Inputs are not modified.
 */
export function updateManagedFields<T extends KObject>(old: KObject | undefined, updated: T,
  opts: UpdateManagedFieldsOptions): ManagedResult<T> {
  const kind = updated.kind ?? old?.kind ?? '';
  const ctx = ownershipContext(kind, opts);
  const subresource = opts.subresource ?? '';
  const managed = baseManaged(old, updated, subresource);
  const newObj = withoutManagedFields(updated)!;
  if (managed.size === 0 && old?.metadata?.uid) return { object: withManagedFields<T>(newObj, []), managedFields: [] };
  const oldObj = withoutManagedFields(old) ?? emptyObject(opts.apiVersion, kind, opts.type);
  const info: ManagerInfo = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion };
  if (subresource) info.subresource = subresource;
  try {
    recordUpdate(oldObj as Json, newObj, managed, info, ctx, rfc3339(opts.now));
  } catch (e) {
    if (!(e instanceof TypedError)) throw e;
    // The apiserver keeps the live managedFields when it cannot compute new ones.
    const kept = old?.metadata?.managedFields ?? [];
    return { object: withManagedFields<T>(newObj, clone(kept)), managedFields: clone(kept) };
  }
  const entries = encodeManagedFields(managed);
  return { object: withManagedFields<T>(newObj, entries), managedFields: entries };
}
