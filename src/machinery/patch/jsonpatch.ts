// RFC 6902 JSON Patch (application/json-patch+json) with the behaviour of the library the
// apiserver uses (evanphx/json-patch v4), including its quirks that clients can observe:
// negative array indices count from the end, `replace` of a missing object key sets it,
// `copy` from a missing object key copies null, and a `test` for null passes on a missing key.
import { badRequest, requestEntityTooLarge } from '../status.js';
import { patchNotApplicable } from './errors.js';
import { clone, deepEqual, isJsonObject, jsonKindWord, type Json, type JsonObject } from './values.js';

/** The apiserver refuses JSON patches with more operations than this (413). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

export interface JsonPatchOptions {
  /** `fieldValidation` of the request; only changes the wording of decode errors. Default Warn. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/**
 * Checks that `patch` decodes as a JSON patch document, as the apiserver does before applying:
 * not an array of objects → 400; more than 10000 operations → 413.
 */
export function decodeJsonPatch(patch: unknown, opts: JsonPatchOptions = {}): JsonPatchOperation[] {
  const strict = (opts.fieldValidation ?? 'Warn') !== 'Ignore';
  if (patch === null) return [];
  if (!Array.isArray(patch)) {
    throw badRequest(strict
      ? `error decoding patch: json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type []handlers.jsonPatchOp`
      : `json: cannot unmarshal ${jsonKindWord(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (op !== null && !isJsonObject(op)) {
      throw badRequest(strict
        ? `error decoding patch: json: cannot unmarshal ${jsonKindWord(op)} into Go value of type handlers.jsonPatchOp`
        : `json: cannot unmarshal ${jsonKindWord(op)} into Go value of type jsonpatch.Operation`);
    }
    if (strict && op) checkStringFields(op);
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  return patch.map((op) => (op ?? { op: '' }) as unknown as JsonPatchOperation);
}

function checkStringFields(op: JsonObject): void {
  for (const f of ['op', 'path', 'from']) {
    const v = op[f];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonKindWord(v)} ` +
        `into Go struct field jsonPatchOp.${f} of type string`);
    }
  }
}

/**
 * Applies a JSON patch to `doc` and returns the new document; `doc` is not modified.
 * Throws 400/413 for a malformed document and a 422 (see patchNotApplicable) when an
 * operation cannot apply — its reason is kept in the error's `cause`.
 */
export function applyJsonPatch<T = unknown>(doc: T, patch: unknown, opts: JsonPatchOptions = {}): T {
  const ops = decodeJsonPatch(patch, opts);
  const root: { doc: Json } = { doc: clone(doc) as Json };
  for (const op of ops) {
    const failure = applyOperation(root, op);
    if (failure) throw patchNotApplicable(failure);
  }
  return root.doc as T;
}

type Root = { doc: Json };

function applyOperation(root: Root, op: JsonPatchOperation): string | undefined {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const has = (f: 'path' | 'from') => typeof op[f] === 'string';
  if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(kind)) return `Unexpected kind: ${kind}`;
  if (!has('path')) return `${kind} operation failed to decode path`;
  if ((kind === 'move' || kind === 'copy') && !has('from')) return `${kind} operation failed to decode from`;
  const value = ('value' in op ? (op.value ?? null) : undefined) as Json | undefined;
  switch (kind) {
    case 'add': return add(root, op.path!, value === undefined ? null : clone(value));
    case 'remove': return remove(root, op.path!);
    case 'replace': return replace(root, op.path!, value === undefined ? null : clone(value));
    case 'move': return move(root, op.from!, op.path!);
    case 'copy': return copy(root, op.from!, op.path!);
    default: return test(root, op.path!, value, 'value' in op);
  }
}

/** RFC 6901: `~1` is `/`, `~0` is `~` (in that order). */
export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function encodePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface Location { parent: JsonObject | Json[]; key: string }

/** Resolves every token but the last; undefined when the parent does not exist. */
function locate(root: Root, path: string): Location | undefined {
  if (!path.startsWith('/')) return undefined;
  const tokens = path.slice(1).split('/').map(decodePointerToken);
  let node: Json = root.doc;
  for (const token of tokens.slice(0, -1)) {
    const next: Json | undefined = child(node, token);
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    node = next;
  }
  if (node === null || typeof node !== 'object') return undefined;
  return { parent: node, key: tokens[tokens.length - 1] };
}

function child(node: Json, token: string): Json | undefined {
  if (Array.isArray(node)) {
    const i = arrayIndex(token);
    return i === undefined || i < 0 || i >= node.length ? undefined : node[i];
  }
  if (isJsonObject(node)) return Object.prototype.hasOwnProperty.call(node, token) ? node[token] : undefined;
  return undefined;
}

/** Go's strconv.Atoi accepts a sign and leading zeros; so does the library. */
function arrayIndex(token: string): number | undefined {
  return /^[+-]?\d+$/.test(token) ? Number(token) : undefined;
}

function add(root: Root, path: string, value: Json): string | undefined {
  const loc = locate(root, path);
  if (!loc) return `add operation does not apply: doc is missing path: "${path}"`;
  if (!Array.isArray(loc.parent)) {
    loc.parent[loc.key] = value;
    return undefined;
  }
  const arr = loc.parent;
  if (loc.key === '-') {
    arr.push(value);
    return undefined;
  }
  let i = arrayIndex(loc.key);
  if (i === undefined) return `error in add for path: '${path}': value was not a proper array index: '${loc.key}'`;
  if (i > arr.length || i < -(arr.length + 1)) return `error in add for path: '${path}': Unable to access invalid index: ${i}`;
  if (i < 0) i += arr.length + 1;
  arr.splice(i, 0, value);
  return undefined;
}

function remove(root: Root, path: string): string | undefined {
  const loc = locate(root, path);
  if (!loc) return `remove operation does not apply: doc is missing path: "${path}"`;
  return removeAt(loc, path);
}

function removeAt(loc: Location, path: string): string | undefined {
  if (!Array.isArray(loc.parent)) {
    if (!Object.prototype.hasOwnProperty.call(loc.parent, loc.key)) {
      return `error in remove for path: '${path}': Unable to remove nonexistent key: ${loc.key}: missing value`;
    }
    delete loc.parent[loc.key];
    return undefined;
  }
  const arr = loc.parent;
  let i = arrayIndex(loc.key);
  if (i === undefined || i >= arr.length || i < -arr.length) {
    return `error in remove for path: '${path}': Unable to access invalid index: ${loc.key}`;
  }
  if (i < 0) i += arr.length;
  arr.splice(i, 1);
  return undefined;
}

function replace(root: Root, path: string, value: Json): string | undefined {
  const loc = locate(root, path);
  if (!loc) return `replace operation does not apply: doc is missing path: ${path}`;
  if (!Array.isArray(loc.parent)) {
    loc.parent[loc.key] = value; // the v4 library does not check that the key exists
    return undefined;
  }
  const i = arrayIndex(loc.key);
  if (i === undefined || i < 0 || i >= loc.parent.length) {
    return `replace operation does not apply: doc is missing key: ${path}`;
  }
  loc.parent[i] = value;
  return undefined;
}

/** The value at `path` for move/copy/test: undefined = error, null for a missing object key. */
function read(loc: Location): { value: Json | undefined; missing: boolean } {
  if (Array.isArray(loc.parent)) {
    const i = arrayIndex(loc.key);
    const ok = i !== undefined && i >= 0 && i < loc.parent.length;
    return { value: ok ? loc.parent[i] : undefined, missing: !ok };
  }
  const present = Object.prototype.hasOwnProperty.call(loc.parent, loc.key);
  return { value: present ? loc.parent[loc.key] : null, missing: !present };
}

function move(root: Root, from: string, path: string): string | undefined {
  const src = locate(root, from);
  if (!src) return `move operation does not apply: doc is missing from path: ${from}`;
  const { value } = read(src);
  const err = removeAt(src, from); // fails exactly when there is nothing at `from`
  if (err || value === undefined) return err ?? `error in move for path: '${src.key}'`;
  if (!locate(root, path)) return `move operation does not apply: doc is missing destination path: ${path}`;
  return add(root, path, value);
}

function copy(root: Root, from: string, path: string): string | undefined {
  const src = locate(root, from);
  if (!src) return `copy operation does not apply: doc is missing from path: ${from}`;
  const { value } = read(src);
  if (value === undefined) return `error in copy for from: '${from}'`;
  if (!locate(root, path)) return `copy operation does not apply: doc is missing destination path: ${path}`;
  return add(root, path, clone(value));
}

function test(root: Root, path: string, expected: Json | undefined, hasValue: boolean): string | undefined {
  const loc = locate(root, path);
  if (!loc) return `test operation does not apply: is missing path: ${path}`;
  const { value, missing } = read(loc);
  if (value === undefined) return `error in test for path: '${path}'`;
  if (missing || value === null) {
    return hasValue && expected === null ? undefined : `testing value ${path} failed: test failed`;
  }
  return hasValue && deepEqual(value, expected) ? undefined : `testing value ${path} failed: test failed`;
}
