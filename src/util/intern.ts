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
  return v;
}

/**
 * Replaces `parent[key]` by its interned part unless it is not an object, is `before` (the value
 * at the same place in the stored version being replaced: shared already) or `parent` is frozen.
 */
export function internAt(parent: Record<string, unknown>, key: string, before: unknown): void {
  const v = parent[key];
  if (typeof v !== 'object' || v === null || v === before || Object.isFrozen(v) || Object.isFrozen(parent)) return;
  const c = internJSON(v);
  if (c !== v) parent[key] = c;
}
