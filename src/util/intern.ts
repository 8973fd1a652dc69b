// Equal parts of many stored objects, kept once: pods made from one template carry the same
// containers, tolerations and labels, and pods started in the same second the same conditions.
// A part handed to internJSON comes back as the first equal (same JSON) part seen, frozen, so the
// store keeps one copy for all of them. Stored objects are frozen plain JSON and are only ever
// read or replaced, never changed in place, so sharing an equal part is invisible to clients.
import { freezeStored, isPlainFrozen } from './copy.js';

/** JSON text → the frozen part first seen with it; cleared when full, so rare parts cost little. */
const table = new Map<string, object>();
const MAX_PARTS = 8192;

/** Parts longer than this as JSON are not worth a key (most are unique anyway). */
const MAX_JSON = 4096;

/**
 * The parts internJSON and internParts keep: equal JSON is one part while it stays in its table,
 * so an object made of kept parts can be keyed by their identity instead of its JSON. (A part
 * dropped when a table is cleared stays kept: a later equal part is another one, which costs
 * sharing, never correctness.)
 */
const kept = new WeakSet<object>();

/**
 * Objects whose values are kept parts or primitives (see internParts), in a trie: field name, then
 * value (a kept part by identity, a primitive by value: Map keys tell 1 from '1'), per field in
 * order; the object itself under END at its last field's node. No key text is built.
 */
type Trie = Map<unknown, unknown>;
const END = Symbol('end');
let composites: Trie = new Map();
let compositeCount = 0;

/**
 * `v`, or an equal frozen part seen before. `v` is frozen on the way (it is about to be stored);
 * a value that is not plain JSON (see freezeStored) is returned as it is.
 */
export function internJSON<T extends object>(v: T): T {
  const key = JSON.stringify(v);
  if (key.length > MAX_JSON) return v;
  const hit = table.get(key);
  if (hit !== undefined) return hit as T;
  freezeStored(v);
  if (!isPlainFrozen(v)) return v;
  if (table.size >= MAX_PARTS) table.clear();
  table.set(key, v);
  kept.add(v);
  return v;
}

/**
 * internJSON for an object whose object values are parts already kept (a bound pod's spec: every
 * part of it but nodeName was kept when the pod was created): found by its fields' names and
 * values (see composites), without its JSON. Falls back to internJSON when a value is an object
 * not kept, or undefined.
 */
export function internParts<T extends Record<string, unknown>>(v: T): T {
  let node = composites;
  for (const k in v) {
    const x = v[k];
    if (x === undefined || (typeof x === 'object' && x !== null && !kept.has(x))) return internJSON(v);
    let byValue = node.get(k) as Trie | undefined;
    if (byValue === undefined) node.set(k, (byValue = new Map()));
    let next = byValue.get(x) as Trie | undefined;
    if (next === undefined) byValue.set(x, (next = new Map()));
    node = next;
  }
  const hit = node.get(END);
  if (hit !== undefined) return hit as T;
  freezeStored(v);
  if (!isPlainFrozen(v)) return v;
  if (compositeCount >= MAX_PARTS) {
    composites = new Map();
    compositeCount = 0;
  } else {
    node.set(END, v);
    compositeCount++;
  }
  kept.add(v);
  return v;
}

/**
 * Replaces `parent[key]` by its interned part unless it is not an object, is `before` (the value
 * at the same place in the stored version being replaced: shared already) or `parent` is frozen.
 */
export function internAt(parent: Record<string, unknown>, key: string, before: unknown, parts = false): void {
  const v = parent[key];
  if (typeof v !== 'object' || v === null || v === before || Object.isFrozen(v) || Object.isFrozen(parent)) return;
  const c = parts && !Array.isArray(v) ? internParts(v as Record<string, unknown>) : internJSON(v);
  if (c !== v) parent[key] = c;
}
