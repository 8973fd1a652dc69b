// RFC 7386 JSON Merge Patch (application/merge-patch+json): objects merge recursively, null
// deletes a key, anything else (arrays included) replaces. Like the library the apiserver uses,
// nulls inside newly set values are dropped from objects, also objects nested in arrays.
import { badRequest } from '../status.js';
import { clone, isJsonObject, jsonKindWord, pruneNulls, type Json, type JsonObject } from './values.js';

/**
 * Applies a merge patch to `doc` and returns the new document; `doc` is not modified.
 * A patch that is not a JSON object → 400, worded as the apiserver words it.
 */
export function applyMergePatch<T = unknown>(doc: T, patch: unknown): T {
  if (patch === null) throw badRequest('Invalid JSON Patch');
  if (!isJsonObject(patch)) {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonKindWord(patch)} ` +
      'into Go value of type map[string]interface {}');
  }
  const base = isJsonObject(doc) ? (clone(doc) as JsonObject) : {};
  return mergeInto(base, patch) as T;
}

function mergeInto(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
      continue;
    }
    const current = target[key];
    if (isJsonObject(current) && isJsonObject(value)) {
      target[key] = mergeInto(current, value);
    } else {
      target[key] = pruneNulls(clone(value) as Json);
    }
  }
  return target;
}

/** RFC 7386's MergePatch(target, patch) for any two values; exported for tests and tools. */
export function mergePatchValue(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return clone(patch);
  return mergeInto(isJsonObject(target) ? (clone(target) as JsonObject) : {}, patch);
}
