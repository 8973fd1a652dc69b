// Copy-at-the-boundary helpers: stored objects are frozen, callers work on their own copies.

export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v as object)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/**
 * A mutable deep copy of a JSON value (stored objects are plain JSON), exactly what
 * JSON.parse(JSON.stringify(v)) gives: undefined, functions and symbols dropped from objects and
 * null in arrays, non-finite numbers null, -0 as 0. Plain objects and arrays are copied directly
 * (about five times faster than the round trip); anything else (toJSON, class instances, bigint,
 * very deep or cyclic values) takes the round trip itself.
 */
export function clone<T>(v: T): T {
  if (v === undefined) return v;
  if (PROTOTYPE_TO_JSON()) return JSON.parse(JSON.stringify(v)) as T;
  try {
    return copyJson(v, 0) as T;
  } catch (e) {
    if (e !== UNUSUAL) throw e;
    return JSON.parse(JSON.stringify(v)) as T;
  }
}

const UNUSUAL = new Error('not plain JSON');
/** Someone gave every object or array a toJSON: leave it to the round trip. */
const PROTOTYPE_TO_JSON = (): boolean => 'toJSON' in Object.prototype || 'toJSON' in Array.prototype;
/** Deeper than this the round trip decides (it throws on cycles, as before). */
const MAX_DEPTH = 200;

function copyJson(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'object':
      break;
    default:
      throw UNUSUAL; // bigint (a TypeError), functions and symbols at the top (undefined text)
  }
  if (v === null) return null;
  if (depth > MAX_DEPTH) throw UNUSUAL;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype || Object.prototype.hasOwnProperty.call(v, 'toJSON')) throw UNUSUAL;
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      const t = typeof x;
      out[i] = x === undefined || t === 'function' || t === 'symbol' ? null : copyJson(x, depth + 1);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    const t = typeof x;
    if (x === undefined || t === 'symbol') continue;
    if (t === 'function') {
      if (k === 'toJSON') throw UNUSUAL;
      continue;
    }
    const c = copyJson(x, depth + 1);
    // A "__proto__" key is data (JSON.parse defines it as an own property).
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

/** Structural equality of two JSON values, ignoring key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/**
 * Frozen values known to be plain JSON all the way down (clone would give back an equal value with
 * the same keys): what a write may share with the stored object instead of copying it. Recorded
 * for the top three levels of each stored object, where sharing happens.
 */
const plainFrozen = new WeakSet<object>();
const RECORD_DEPTH = 2;

/** Whether `v` is frozen plain JSON (see freezeStored). */
export function isPlainFrozen(v: unknown): boolean {
  return typeof v === 'object' && v !== null && plainFrozen.has(v) && !PROTOTYPE_TO_JSON();
}

/**
 * deepFreeze for what the store keeps, noting on the way whether the value is plain JSON (no
 * undefined, functions, symbols, non-finite numbers, -0, holes, toJSON or class instances), so a
 * later write may share its unchanged parts. Frozen parts are not frozen again; ones not yet known
 * to be plain are checked without freezing inside them, as deepFreeze leaves them.
 */
export function freezeStored<T>(v: T): T {
  walkFreeze(v, 0, true);
  return v;
}

function walkFreeze(v: unknown, depth: number, freeze: boolean): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (Object.isFrozen(v)) {
    if (plainFrozen.has(v)) return true;
    freeze = false;
  } else if (freeze) {
    Object.freeze(v);
  }
  const keys = Object.keys(v);
  let plain: boolean;
  if (Array.isArray(v)) {
    // Every index present and nothing else (holes turn into null, named keys vanish in JSON).
    plain = Object.getPrototypeOf(v) === Array.prototype &&
      keys.length === v.length && (keys.length === 0 || keys[keys.length - 1] === String(v.length - 1));
  } else {
    const proto = Object.getPrototypeOf(v);
    plain = proto === Object.prototype || proto === null;
  }
  for (const k of keys) {
    const x = (v as Record<string, unknown>)[k];
    if (!walkFreeze(x, depth + 1, freeze)) plain = false;
  }
  if (plain && depth <= RECORD_DEPTH && Object.isFrozen(v)) plainFrozen.add(v);
  return plain;
}
