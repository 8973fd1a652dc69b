// Schema-driven operations of server-side apply on plain JSON objects, after
// structured-merge-diff's typed package: the field set a value sets, the comparison of two
// values, the apply merge, and removal of field paths.
import { FieldSet, fieldPE, keyPE, pathString, valuePE, type FieldPath, type PathElement } from './fieldset.js';
import { fieldSchema, isAtomic, isNamedField, itemSchema, type ListNode, type SchemaNode } from './schema.js';
import { clone, deepEqual, isJsonObject, type Json, type JsonObject } from './values.js';

/** A value that does not fit its schema (a keyed list item without keys, duplicate keys...). */
export class TypedError extends Error {}

function granularList(node: SchemaNode | undefined): ListNode | undefined {
  return node?.type === 'list' && node.listType !== 'atomic' ? node : undefined;
}

function objectNode(node: SchemaNode | undefined): SchemaNode | undefined {
  return node && node.type !== 'list' ? node : undefined;
}

/** The path element naming one item of a map or set list. */
export function itemPE(list: ListNode, item: Json): PathElement {
  if (list.listType === 'set') {
    if (isJsonObject(item)) throw new TypedError("associative list without keys has an element that's a map type");
    if (Array.isArray(item)) throw new TypedError('not supported: associative list with lists as elements');
    if (item === null) throw new TypedError("associative list without keys has an element that's an explicit null");
    return valuePE(item);
  }
  if (item === null) throw new TypedError('associative list with keys may not have a null element');
  if (!isJsonObject(item)) throw new TypedError('associative list with keys may not have non-map elements');
  const keys = list.keys ?? [];
  const fields: Record<string, unknown> = {};
  for (const k of keys) {
    if (k in item) fields[k] = item[k];
    else if (list.keyDefaults && k in list.keyDefaults) fields[k] = list.keyDefaults[k];
  }
  if (Object.keys(fields).length === 0) {
    throw new TypedError(`associative list with keys has an element that omits all key fields ` +
      `[${keys.map((k) => JSON.stringify(k)).join(' ')}] (and doesn't have default values for any key fields)`);
  }
  return keyPE(fields);
}

/** Rejects what an applied configuration may not contain; messages as `.path: problem`. */
export function validateApplied(v: Json, node: SchemaNode | undefined, path: FieldPath = []): void {
  if (Array.isArray(v)) {
    const list = granularList(node);
    if (!list) return;
    const seen = new Set<string>();
    v.forEach((item, i) => {
      let pe: PathElement;
      try {
        pe = itemPE(list, item);
      } catch (e) {
        throw new TypedError(`${pathString(path)}: element ${i}: ${(e as Error).message}`);
      }
      if (seen.has(pe)) throw new TypedError(`${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
      seen.add(pe);
      validateApplied(item, list.items, [...path, pe]);
    });
  } else if (isJsonObject(v) && !isAtomic(objectNode(node))) {
    for (const [k, x] of Object.entries(v)) validateApplied(x, fieldSchema(objectNode(node), k), [...path, fieldPE(k)]);
  }
}

/** The fields a value sets (ToFieldSet): leaves, list items, and map keys. */
export function toFieldSet(v: Json, node: SchemaNode | undefined): FieldSet {
  const set = new FieldSet();
  walkFieldSet(v, node, [], set);
  return set;
}

function walkFieldSet(v: Json, node: SchemaNode | undefined, path: FieldPath, set: FieldSet): void {
  if (Array.isArray(v)) {
    const list = granularList(node);
    if (!list) {
      set.insert(path);
      return;
    }
    const pes = v.map((item) => itemPE(list, item));
    v.forEach((item, i) => {
      const p = [...path, pes[i]];
      if (pes.indexOf(pes[i]) === i) walkFieldSet(item, list.items, p, set);
      set.insert(p);
    });
  } else if (isJsonObject(v)) {
    const obj = objectNode(node);
    if (isAtomic(obj)) {
      set.insert(path);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, fieldPE(k)];
      walkFieldSet(x, fieldSchema(obj, k), p, set);
      if (x === null || (isJsonObject(x) && Object.keys(x).length === 0) || !isNamedField(obj, k)) set.insert(p);
    }
  } else {
    set.insert(path);
  }
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

/** What changed from `lhs` to `rhs`, path by path (TypedValue.Compare). */
export function compare(lhs: Json | undefined, rhs: Json | undefined, node: SchemaNode | undefined): Comparison {
  const cmp: Comparison = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  // One path stack for the whole walk (FieldSet.insert copies what it keeps).
  walkCompare(lhs, rhs, node, [], cmp);
  return cmp;
}

type Shape = 'list' | 'map' | 'scalar';

function shape(v: Json | undefined): Shape | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? 'list' : isJsonObject(v) ? 'map' : 'scalar';
}

function isEmptyContainer(v: Json | undefined): boolean {
  return v === undefined || (Array.isArray(v) ? v.length === 0 : isJsonObject(v) && Object.keys(v).length === 0);
}

/** Scalars, atomic values, and containers empty on both sides compare as a single leaf. */
function isLeaf(l: Json | undefined, r: Json | undefined, node: SchemaNode | undefined): boolean {
  const s = shape(l) ?? shape(r);
  if (s === 'scalar') return true;
  if (s === 'list' ? !granularList(node) : isAtomic(objectNode(node))) return true;
  return isEmptyContainer(l) && isEmptyContainer(r);
}

/**
 * Frozen values known to compare against themselves without a TypedError under a schema node.
 * A value compared with itself reports no change; the only thing the walk could do is throw on
 * an ill-keyed list item, so once a frozen (unchangeable) value passed, it is skipped.
 */
const selfComparable = new WeakMap<object, SchemaNode | null>();

function walkCompare(l: Json | undefined, r: Json | undefined, node: SchemaNode | undefined, path: FieldPath, cmp: Comparison): void {
  if (l === undefined && r === undefined) return;
  if (l === r && typeof l === 'object' && l !== null) {
    if (selfComparable.get(l) === (node ?? null)) return;
    // Remembered only where a keyed list made the walk worth skipping next time.
    if (walkSelf(l, node) && Object.isFrozen(l)) selfComparable.set(l, node ?? null);
    return;
  }
  if (isNullBesideGranular(l, r, node) || isNullBesideGranular(r, l, node)) {
    // A null map or list (a Go nil without omitempty) holds no items, but it is there: the
    // items differ, the container itself is neither added nor removed.
    const empty = (v: Json | undefined): Json => (Array.isArray(v) ? [] : {});
    walkChildren(l === null ? empty(r) : l!, r === null ? empty(l) : r!, node, path, cmp);
    return;
  }
  if (l !== undefined && r !== undefined && shape(l) !== shape(r)) {
    walkCompare(l, undefined, node, path, cmp);
    walkCompare(undefined, r, node, path, cmp);
    return;
  }
  if (isLeaf(l, r, node)) {
    if (l === undefined) cmp.added.insert(path);
    else if (r === undefined) cmp.removed.insert(path);
    else if (!deepEqual(l, r)) cmp.modified.insert(path);
    return;
  }
  walkChildren(l, r, node, path, cmp);
  if (l === undefined) cmp.added.insert(path);
  else if (r === undefined) cmp.removed.insert(path);
}

/**
 * walkCompare(v, v): reports nothing, but throws the TypedError the item keys of granular lists
 * would (the same items walkChildren would index and descend into). Says whether it met one.
 */
function walkSelf(v: Json, node: SchemaNode | undefined): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    const list = granularList(node);
    if (!list || v.length === 0) return false;
    const seen = new Set<PathElement>();
    for (const item of v) {
      const pe = itemPE(list, item);
      if (seen.has(pe)) continue;
      seen.add(pe);
      walkSelf(item, list.items);
    }
    return true;
  }
  const obj = objectNode(node);
  if (isAtomic(obj)) return false;
  let keyed = false;
  for (const k of Object.keys(v)) if (walkSelf(v[k], fieldSchema(obj, k))) keyed = true;
  return keyed;
}

/** `a` is null where `b` is a non-empty map or list that merges granularly. */
function isNullBesideGranular(a: Json | undefined, b: Json | undefined, node: SchemaNode | undefined): boolean {
  return a === null && b !== undefined && b !== null && !isLeaf(b, undefined, node);
}

function walkChildren(l: Json | undefined, r: Json | undefined, node: SchemaNode | undefined, path: FieldPath, cmp: Comparison): void {
  if (shape(l ?? r) === 'map') {
    const lo = (l ?? {}) as JsonObject;
    const ro = (r ?? {}) as JsonObject;
    const obj = objectNode(node);
    // Keys of the left side, then those only on the right (the order of a Set of both).
    for (const k of Object.keys(lo)) {
      path.push(fieldPE(k));
      walkCompare(lo[k], ro[k], fieldSchema(obj, k), path, cmp);
      path.pop();
    }
    for (const k of Object.keys(ro)) {
      if (Object.prototype.hasOwnProperty.call(lo, k)) continue;
      path.push(fieldPE(k));
      walkCompare(lo[k], ro[k], fieldSchema(obj, k), path, cmp);
      path.pop();
    }
    return;
  }
  const list = granularList(node)!;
  const li = indexItems((l ?? []) as Json[], list);
  const ri = indexItems((r ?? []) as Json[], list);
  for (const [pe, lv] of li) {
    path.push(pe);
    walkCompare(lv, ri.get(pe), list.items, path, cmp);
    path.pop();
  }
  for (const [pe, rv] of ri) {
    if (li.has(pe)) continue;
    path.push(pe);
    walkCompare(undefined, rv, list.items, path, cmp);
    path.pop();
  }
}

/** Items by path element; a repeated key keeps its first item (live objects may repeat keys). */
function indexItems(items: Json[], list: ListNode): Map<PathElement, Json> {
  const out = new Map<PathElement, Json>();
  for (const item of items) {
    const pe = itemPE(list, item);
    if (!out.has(pe)) out.set(pe, item);
  }
  return out;
}

/**
 * The apply merge (TypedValue.Merge): `rhs` wins on leaves and atomic values, maps merge by
 * key, map/set lists merge by item key keeping live-only items where they were and shared
 * items in the applied order.
 */
export function merge(lhs: Json | undefined, rhs: Json | undefined, node: SchemaNode | undefined): Json | undefined {
  if (rhs === undefined) return clone(lhs);
  if (lhs === undefined) return clone(rhs);
  if (rhs === null) return shape(lhs) === 'scalar' ? null : clone(lhs); // null keeps a live map or list
  if (shape(lhs) !== shape(rhs) || isLeaf(lhs, rhs, node)) return clone(rhs);
  if (isJsonObject(lhs) && isJsonObject(rhs)) {
    const out: JsonObject = {};
    for (const k of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
      const v = merge(lhs[k], rhs[k], fieldSchema(objectNode(node), k));
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return mergeList(lhs as Json[], rhs as Json[], granularList(node)!);
}

function mergeList(lhs: Json[], rhs: Json[], list: ListNode): Json[] {
  const lPEs = lhs.map((v) => itemPE(list, v));
  const rPEs = rhs.map((v) => itemPE(list, v));
  const lBy = new Map<PathElement, Json | undefined>();
  lPEs.forEach((pe, i) => lBy.set(pe, lBy.has(pe) ? undefined : lhs[i])); // repeated live keys do not merge
  const rBy = new Map<PathElement, Json>(rPEs.map((pe, i) => [pe, rhs[i]]));
  const shared = rPEs.filter((pe) => lBy.has(pe));
  let next = shared.shift();
  const done = new Set<PathElement>();
  const out: Json[] = [];
  const take = (l: Json | undefined, r: Json | undefined) => {
    const v = merge(l, r, list.items);
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const pe = lPEs[li];
      if (pe === rPEs[ri]) {
        done.add(pe);
        take(lBy.get(pe), rBy.get(pe));
        li++;
        ri++;
        next = shared.shift();
        continue;
      }
      if (rBy.has(pe) && next !== undefined && next !== pe) {
        li++; // a shared item, but not the one due now: it is placed when rhs reaches it
        continue;
      }
    }
    if (li < lPEs.length) {
      const pe = lPEs[li];
      if (!rBy.has(pe)) {
        take(lhs[li], undefined);
        li++;
        continue;
      }
      if (done.has(pe)) li++;
    }
    if (ri < rPEs.length) {
      const pe = rPEs[ri];
      done.add(pe);
      take(lBy.get(pe), rBy.get(pe));
      ri++;
      if (next === pe) next = shared.shift();
    }
  }
  return out;
}

/** The value without the given paths; containers emptied by the removal disappear. */
export function removeItems(v: Json | undefined, remove: FieldSet, node: SchemaNode | undefined): Json | undefined {
  if (v === undefined || remove.isEmpty()) return v;
  if (Array.isArray(v)) {
    const list = granularList(node);
    if (!list) return v;
    const out: Json[] = [];
    for (const item of v) {
      const pe = itemPE(list, item);
      if (remove.members.has(pe)) continue;
      const kept = removeItems(item, remove.withPrefix(pe), list.items);
      if (kept !== undefined) out.push(kept);
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isJsonObject(v) || isAtomic(objectNode(node))) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    const pe = fieldPE(k);
    if (remove.members.has(pe)) continue;
    const sub = remove.children.get(pe);
    const kept = sub ? removeItems(x, sub, fieldSchema(objectNode(node), k)) : x;
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Declared struct fields with owned children count as owned themselves (prune relies on it). */
export function ensureNamedFieldsAreMembers(set: FieldSet, node: SchemaNode | undefined): FieldSet {
  const out = new FieldSet();
  for (const m of set.members) out.members.add(m);
  for (const [pe, c] of set.children) {
    const isField = pe.startsWith('f:');
    const child = isField ? fieldSchema(objectNode(node), pe.slice(2)) : itemSchema(node);
    if (isField && isNamedField(objectNode(node), pe.slice(2))) out.members.add(pe);
    out.children.set(pe, ensureNamedFieldsAreMembers(c, child));
  }
  return out;
}
