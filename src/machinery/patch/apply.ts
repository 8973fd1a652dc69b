// Server-side apply (application/apply-patch+yaml): merge the applied configuration into the
// live object by list/map types, drop what this manager applied before but no longer does
// (unless someone else owns it), and refuse to change fields other managers own unless forced.
// Follows structured-merge-diff's Updater.Apply and the apiserver's field manager chain.
import { badRequest, conflictMessage, type StatusCause, type StatusError } from '../status.js';
import type { KObject } from '../types.js';
import { unknownServerError } from './errors.js';
import { FieldSet, pathString } from './fieldset.js';
import {
  decodeManagedFields, encodeManagedFields, managerIdentifier, printManager, STRIPPED_FIELDS, type Managed, type ManagerInfo,
} from './managed.js';
import { emptyObject } from './meta.js';
import {
  ConflictSignal, ownershipContext, recordUpdate, takeOwnership, withManagedFields, withoutManagedFields,
  type Conflicts, type ManagedFieldsOptions, type ManagedResult, type OwnershipContext,
} from './ownership.js';
import {
  compare, ensureNamedFieldsAreMembers, merge, removeItems, toFieldSet, TypedError, validateApplied,
} from './typed.js';
import { clone, deepEqual, goJson, isJsonObject, pruneNulls, rfc3339, type Json, type JsonObject } from './values.js';

export interface ApplyOptions extends ManagedFieldsOptions {
  /** `force=true`: take fields from other managers instead of failing with a conflict. */
  force?: boolean;
}

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Fields an object had before anyone applied are credited to this manager on the first apply. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/**
 * Applies `applied` (the decoded apply body) to `live` (undefined = create) and returns the
 * resulting object with its managedFields. Throws 400 for a wrong apiVersion or a body that
 * carries managedFields, 409 Conflict listing fields owned by other managers, and 500 (as the
 * apiserver does) for a body its schema rejects. Inputs are not modified.
 */
export function apply<T extends KObject = KObject>(live: KObject | undefined, applied: unknown,
  opts: ApplyOptions): ManagedResult<T> {
  const config = checkApplied(applied, opts.apiVersion);
  const kind = String(config.kind ?? live?.kind ?? '');
  const ctx = ownershipContext(kind, opts);
  const liveObj = (withoutManagedFields(live) ?? emptyObject(opts.apiVersion, kind, opts.type)) as Json;
  const managed = decodeManagedFields(live?.metadata?.managedFields);
  if (!managed) throw unknownServerError('failed to decode managed fields');
  if (managed.size === 0 && live) creditExistingFields(liveObj, managed, ctx, opts);
  try {
    validateApplied(config, ctx.schema);
  } catch (e) {
    if (!(e instanceof TypedError)) throw e;
    throw unknownServerError(`failed to create typed patch object (${describe(config, live, opts.apiVersion, kind)}): ${e.message}`);
  }
  const info: ManagerInfo = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion };
  if (opts.subresource) info.subresource = opts.subresource;
  const result = applyWithLastApplied(liveObj, config, managed, info, ctx, opts.force === true);
  const id = managerIdentifier(info);
  const own = result.managed.get(id);
  if (own && !deepEqual(liveObj, result.object)) result.managed.set(id, { ...own, time: rfc3339(opts.now) });
  const object = pruneNulls(result.object) as JsonObject;
  if (opts.manager === 'kubectl') syncLastApplied(object, config);
  const entries = encodeManagedFields(result.managed);
  return { object: withManagedFields<T>(object, entries), managedFields: entries };
}

function checkApplied(applied: unknown, apiVersion: string): JsonObject {
  if (!isJsonObject(applied)) throw badRequest('error decoding YAML: object expected');
  if ((applied.apiVersion ?? '') !== apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? '')}, expected: ${apiVersion}`);
  }
  const meta = applied.metadata;
  if (isJsonObject(meta) && meta.managedFields !== undefined && meta.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  return applied;
}

/** `<namespace>/<name>; <group>/<version>, Kind=<Kind>` as Go prints it in typed errors. */
function describe(config: JsonObject, live: KObject | undefined, apiVersion: string, kind: string): string {
  const meta = (isJsonObject(config.metadata) ? config.metadata : live?.metadata ?? {}) as Record<string, unknown>;
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  return `${String(meta.namespace ?? '')}/${String(meta.name ?? '')}; ${gv}, Kind=${kind}`;
}

/** An object nobody tracked yet: its fields go to "before-first-apply" (skipNonAppliedManager). */
function creditExistingFields(liveObj: Json, managed: Managed, ctx: OwnershipContext, opts: ApplyOptions): void {
  const info: ManagerInfo = { manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: opts.apiVersion };
  recordUpdate(emptyObject(opts.apiVersion, ctx.kind, opts.type) as Json, liveObj, managed, info, ctx, rfc3339(opts.now));
}

interface Applied {
  object: Json;
  managed: Managed;
}

/**
 * kubectl's server-side apply may take over fields that client-side apply set, when they still
 * hold the values of the last-applied annotation (lastAppliedManager). Only for manager "kubectl".
 */
function applyWithLastApplied(liveObj: Json, config: JsonObject, managed: Managed, info: ManagerInfo,
  ctx: OwnershipContext, force: boolean): Applied {
  try {
    return applyOnce(liveObj, config, managed, info, ctx, force);
  } catch (e) {
    if (!(e instanceof ConflictSignal)) throw e;
    const allowed = info.manager === 'kubectl' ? allowedFromLastApplied(liveObj, ctx, info.apiVersion) : undefined;
    if (!allowed) throw conflictError(e.conflicts);
    const remaining: Conflicts = new Map();
    for (const [id, set] of e.conflicts) {
      const left = FieldSet.of(...set.paths().filter((p) => !allowed.has(p)));
      if (!left.isEmpty()) remaining.set(id, left);
    }
    if (remaining.size > 0) throw conflictError(remaining);
    return applyOnce(liveObj, config, managed, info, ctx, true);
  }
}

/** One run of Updater.Apply on a copy of the managed fields. */
function applyOnce(liveObj: Json, config: JsonObject, original: Managed, info: ManagerInfo,
  ctx: OwnershipContext, force: boolean): Applied {
  const managed: Managed = new Map([...original].map(([id, m]) => [id, { ...m }]));
  const id = managerIdentifier(info);
  const previous = managed.get(id);
  let merged: Json = merge(liveObj, config, ctx.schema) ?? {};
  const configSet = toFieldSet(config, ctx.schema).recursiveDifference(ctx.reset);
  managed.set(id, { ...info, set: configSet, ...(previous?.time ? { time: previous.time } : {}) });
  if (previous && !previous.set.isEmpty()) merged = prune(merged, managed, previous.set, ctx);
  takeOwnership(liveObj, merged, managed, id, ctx, force);
  const own = configSet.difference(STRIPPED_FIELDS);
  if (own.isEmpty()) managed.delete(id);
  else managed.set(id, { ...managed.get(id)!, set: own });
  return { object: merged, managed };
}

/** Removes what the applier owned last time and nobody (the new config included) owns now. */
function prune(merged: Json, managed: Managed, lastSet: FieldSet, ctx: OwnershipContext): Json {
  let owned = new FieldSet();
  for (const m of managed.values()) owned = owned.union(m.set);
  const remove = ensureNamedFieldsAreMembers(lastSet, ctx.schema)
    .difference(ensureNamedFieldsAreMembers(owned, ctx.schema));
  return removeItems(merged, remove, ctx.schema) ?? {};
}

/** Fields of the last-applied annotation whose live values still match it. */
function allowedFromLastApplied(liveObj: Json, ctx: OwnershipContext, apiVersion: string): FieldSet | undefined {
  const meta = isJsonObject(liveObj) && isJsonObject(liveObj.metadata) ? liveObj.metadata : {};
  const annotation = isJsonObject(meta.annotations) ? meta.annotations[LAST_APPLIED_ANNOTATION] : undefined;
  if (typeof annotation !== 'string' || annotation === '') return undefined;
  let last: unknown;
  try {
    last = JSON.parse(annotation);
  } catch {
    return undefined;
  }
  if (!isJsonObject(last) || last.apiVersion !== apiVersion) return undefined;
  try {
    const cmp = compare(last, liveObj, ctx.schema);
    return toFieldSet(last, ctx.schema).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
  } catch {
    return undefined;
  }
}

/** kubectl's apply keeps an existing last-applied annotation equal to what it applied (lastAppliedUpdater). */
function syncLastApplied(object: JsonObject, config: JsonObject): void {
  const meta = object.metadata;
  if (!isJsonObject(meta) || !isJsonObject(meta.annotations) || !(LAST_APPLIED_ANNOTATION in meta.annotations)) return;
  const copy = clone(config);
  if (isJsonObject(copy.metadata) && isJsonObject(copy.metadata.annotations)) {
    delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
  }
  meta.annotations[LAST_APPLIED_ANNOTATION] = `${goJson(copy)}\n`;
}

/** The 409 for apply conflicts, worded as the apiserver words it (internal.NewConflictError). */
export function conflictError(conflicts: Conflicts): StatusError {
  const list = [...conflicts.keys()].sort().flatMap((id) => conflicts.get(id)!.paths().map((p) => ({ id, path: pathString(p) })));
  const causes: StatusCause[] = list.map((c) => ({
    reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.id)}`, field: c.path,
  }));
  if (list.length === 1) {
    return conflictMessage(`Apply failed with 1 conflict: conflict with ${printManager(list[0].id)}: ${list[0].path}`, { causes });
  }
  const lines: string[] = [];
  for (const id of [...conflicts.keys()].sort()) {
    lines.push(`conflicts with ${printManager(id)}:`);
    for (const c of list.filter((x) => x.id === id)) lines.push(`- ${c.path}`);
  }
  return conflictMessage(`Apply failed with ${list.length} conflicts: ${lines.join('\n')}`, { causes });
}

/** The manager name the apiserver derives when a write names none: the User-Agent up to its first "/". */
export function managerFromUserAgent(userAgent: string): string {
  return userAgent.split('/')[0];
}
