// Strategic merge patch (application/strategic-merge-patch+json), the server side of
// k8s.io/apimachinery/pkg/util/strategicpatch: maps merge recursively, null deletes, lists
// with a patch strategy merge by key, and the directives `$patch`, `$retainKeys`,
// `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>` are obeyed and never stored.
// Errors carry the codes the apiserver gives them (interpretStrategicMergePatchError).
import { badRequest, unsupportedMediaType } from '../status.js';
import { unknownServerError } from './errors.js';
import { fieldSchema, type SchemaNode, type StructNode } from './schema.js';
import { mergeListField, mergeListWithOrder, type MergeMapFn } from './strategic-lists.js';
import { clone, goFormat, goTypeName, isJsonObject, jsonKindWord, type Json, type JsonObject } from './values.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

/** Media types the apiserver accepts for kinds without strategic merge support (CRDs). */
export const NON_STRATEGIC_PATCH_TYPES = [
  'application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml',
];

/**
 * Applies a strategic merge patch to `doc` with its kind's patch schema and returns the new
 * object; `doc` and `patch` are not modified. A kind without one (custom resources) → 415.
 */
export function applyStrategicMergePatch<T = unknown>(doc: T, patch: unknown, schema: StructNode | undefined): T {
  if (!schema) throw unsupportedMediaType(NON_STRATEGIC_PATCH_TYPES);
  return strategicMerge(doc, patch, schema);
}

/** The same merge driven by an explicit schema (tests, or kinds described elsewhere). */
export function strategicMerge<T = unknown>(doc: T, patch: unknown, schema: SchemaNode | undefined): T {
  if (patch === null || patch === undefined) return clone(doc);
  if (!isJsonObject(patch)) {
    throw badRequest(`json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type map[string]interface {}`);
  }
  const original = isJsonObject(doc) ? (clone(doc) as JsonObject) : {};
  return mergeMap(original, patch, schema) as T;
}

/** Merges `patch` into `original`, which it owns and may change; `patch` is left alone. */
const mergeMap: MergeMapFn = (original, patch, schema) => {
  if (DIRECTIVE in patch) return mapDirective(patch, schema);
  const work: JsonObject = { ...patch };
  applyRetainKeys(original, work);
  applySetElementOrder(original, work, schema);
  for (const [rawKey, value] of Object.entries(work)) {
    const deleteList = rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = deleteList ? extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST) : rawKey;
    if (!deleteList && key.startsWith('$')) continue; // unknown directives are not fields
    if (value === null) {
      delete original[key];
      continue;
    }
    mergeField(original, key, value, fieldSchema(schema, key), deleteList);
  }
  return original;
};

function mergeField(original: JsonObject, key: string, value: Json, schema: SchemaNode | undefined, deleteList: boolean): void {
  const current = original[key];
  if (current === undefined) {
    // Deleting from a list that is not there changes nothing (the Go code stores the deletion
    // list as the new list here, which no client relies on).
    if (!deleteList) original[key] = fresh(value, schema);
    return;
  }
  if (deleteList && !Array.isArray(value)) throw badRequest('invalid patch format of primitive list');
  if (valueKind(current) !== valueKind(value)) {
    original[key] = fresh(value, schema);
  } else if (isJsonObject(current)) {
    original[key] = mergeMap(current, value as JsonObject, schema);
  } else if (Array.isArray(current)) {
    original[key] = mergeListField(current, value as Json[], schema, deleteList, mergeMap);
  } else {
    original[key] = value;
  }
}

function valueKind(v: Json): string {
  if (Array.isArray(v)) return 'list';
  return v === null ? 'null' : typeof v;
}

/** A patch value placed where nothing was: directives inside it still apply, nulls vanish. */
function fresh(value: Json, schema: SchemaNode | undefined): Json {
  if (isJsonObject(value)) return mergeMap({}, value, schema);
  if (Array.isArray(value)) return mergeListField([], value, schema, false, mergeMap);
  return value;
}

/** `$patch` inside a map: replace = the patch itself, delete = an empty map. */
function mapDirective(patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return {};
  if (directive === 'replace') {
    const rest: JsonObject = { ...patch };
    delete rest[DIRECTIVE];
    return mergeMap({}, rest, schema);
  }
  throw unknownServerError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

/** `$retainKeys`: keep only the listed keys of the original; the patch may set only those. */
function applyRetainKeys(original: JsonObject, work: JsonObject): void {
  if (!(RETAIN_KEYS in work)) return;
  const retain = work[RETAIN_KEYS];
  delete work[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set(retain.map((k) => String(k)));
  for (const [k, v] of Object.entries(work)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<field>`: merge that list together with its order directive, then order
 * it: the directive's order first, patch order next, live order last. Consumes both keys.
 */
function applySetElementOrder(original: JsonObject, work: JsonObject, schema: SchemaNode | undefined): void {
  for (const [rawKey, order] of Object.entries(work)) {
    if (!rawKey.startsWith(SET_ELEMENT_ORDER)) continue;
    delete work[rawKey];
    if (!Array.isArray(order)) throw unknownServerError(`expected a []interface {}, but received a ${goTypeName(order)}`);
    const key = extractKey(rawKey, SET_ELEMENT_ORDER);
    const live = original[key];
    const patchList = work[key];
    if (patchList === null) continue; // the field is being deleted; nothing to order
    if (live !== undefined && !Array.isArray(live)) throw unknownServerError(`expected a []interface {}, but received a ${goTypeName(live)}`);
    if (patchList !== undefined && !Array.isArray(patchList)) throw unknownServerError(`expected a []interface {}, but received a ${goTypeName(patchList)}`);
    if (live === undefined && patchList === undefined) continue;
    original[key] = mergeListWithOrder(live, patchList, order, fieldSchema(schema, key), mergeMap);
    delete work[key];
  }
}

function extractKey(rawKey: string, prefix: string): string {
  const slash = rawKey.indexOf('/');
  if (slash < 0 || rawKey.slice(0, slash) !== prefix) {
    throw badRequest(prefix === SET_ELEMENT_ORDER
      ? 'invalid patch format of setElementOrder list'
      : 'invalid patch format of primitive list');
  }
  return rawKey.slice(slash + 1);
}
