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
  // Own keys with a value (undefined counts as absent) are counted, not collected into lists
  // (for-in with inherited keys skipped visits the keys Object.keys lists, in its order).
  if (definedCount(ao) !== definedCount(bo)) return false;
  for (const k in ao) {
    if (!hasOwn.call(ao, k)) continue;
    const v = ao[k];
    if (v !== undefined && !jsonEqual(v, bo[k])) return false;
  }
  return true;
}

/** How many own enumerable keys of `o` have a value other than undefined. */
function definedCount(o: Record<string, unknown>): number {
  let n = 0;
  for (const k in o) if (hasOwn.call(o, k) && o[k] !== undefined) n++;
  return n;
}

/**
 * Frozen values known to be plain JSON all the way down (clone would give back an equal value with
 * the same keys) and frozen all the way down: what a write may share with the stored object
 * instead of copying it. Holds stored objects (one entry per stored version; parts shared with the
 * previous version are recognised by position, see freezeStored) and values their makers mark.
 */
const plainFrozen = new WeakSet<object>();

/**
 * The stored version a write is replacing, when the store found it plain (StoredObject.plain): the
 * write path notes it here (notePlainVersion) so that its hooks, which get the object alone, see it
 * as plain. One slot: a plain frozen value stays plain, so an old entry is never wrong, only useless.
 */
let recentPlainVersion: object | undefined;

/** Whether `v` is frozen plain JSON (see freezeStored). */
export function isPlainFrozen(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v === recentPlainVersion || plainFrozen.has(v)) && !PROTOTYPE_TO_JSON();
}

/** Whether values found plain are still what clone would copy (no toJSON on the prototypes since). */
export function plainJSONIntact(): boolean {
  return !PROTOTYPE_TO_JSON();
}

/**
 * Notes `v`, a version the store froze and found plain all the way down (freezeVersion returned
 * true for it), as plain for isPlainFrozen (see recentPlainVersion).
 */
export function notePlainVersion(v: object): void {
  recentPlainVersion = v;
}

/**
 * Notes a value its maker built frozen all the way down from plain JSON (strings and plain
 * objects), so the store need not walk it.
 */
export function markPlainFrozen<T extends object>(v: T): T {
  if (Object.isFrozen(v)) plainFrozen.add(v);
  return v;
}

/**
 * deepFreeze for what the store keeps, noting on the way whether the value is plain JSON (no
 * undefined, functions, symbols, non-finite numbers, -0, holes, toJSON or class instances) and
 * frozen all the way down, so a later write may share its unchanged parts. `prev`, when given, is
 * a plain frozen value (the version this one replaces): a part of `v` that is the very value at the
 * same place in `prev` is plain and is not walked. Frozen parts are not frozen again; other frozen
 * parts not known to be plain are checked without freezing inside them, as deepFreeze leaves them
 * (an unfrozen value inside one makes it not plain).
 */
export function freezeStored<T>(v: T, prev?: unknown): T {
  if (typeof v === 'object' && v !== null) {
    if (walkFreeze(v, isPlainFrozen(prev) ? prev : undefined, true)) plainFrozen.add(v);
  }
  return v;
}

/**
 * freezeStored for a version the store keeps: the store remembers the answer with the version
 * (StoredObject.plain) instead of in the WeakSet, whose insertions cost about a microsecond each
 * (and grow its table again and again) for what is one per stored write. `plainPrev` is the
 * version `v` replaces when that one is plain, else undefined: parts shared with it are not walked.
 * Returns whether `v` is plain JSON, frozen all the way down.
 */
export function freezeVersion(v: object, plainPrev: object | undefined): boolean {
  return walkFreeze(v, plainPrev, true);
}

/** A primitive JSON keeps as it is (not undefined, a function, a symbol, a bigint, NaN, ±Infinity or -0). */
function plainPrimitive(x: unknown): boolean {
  const t = typeof x;
  if (t === 'string' || t === 'boolean') return true;
  if (t !== 'number') return false;
  return (x as number) - (x as number) === 0 && (x !== 0 || 1 / (x as number) > 0);
}

/** Freezes `v` (an object) unless frozen already, and says whether it is plain JSON all the way down. */
function walkFreeze(v: object, prev: unknown, freeze: boolean): boolean {
  if (Object.isFrozen(v)) {
    if (v === prev || plainFrozen.has(v)) return true;
    // deepFreeze stops at a frozen value; what is inside stays as it is. Found plain and frozen
    // all the way down, it is remembered as such: a value shared by several writes (a controller's
    // remembered endpoint, say) is walked once, not once per write.
    if (checkFrozen(v, prev)) {
      // A leaf (no objects inside: a condition, a reference) is cheaper to check again than to
      // remember, and many are shared by many objects.
      if (hasObjectInside(v)) plainFrozen.add(v);
      return true;
    }
    return false;
  } else if (freeze) {
    Object.freeze(v);
  } else {
    return false; // something inside a frozen value is not: it may still change
  }
  return walkKeys(v, prev, freeze);
}

/** walkFreeze of a frozen value not known to be plain: checks it without freezing inside it. */
function checkFrozen(v: object, prev: unknown): boolean {
  return walkKeys(v, prev, false);
}

/** The walk over `v`'s own keys (see walkFreeze): whether `v` and everything in it is plain. */
function walkKeys(v: object, prev: unknown, freeze: boolean): boolean {
  const p = typeof prev === 'object' && prev !== null ? prev as Record<string, unknown> : undefined;
  if (!Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v);
    let plain = proto === Object.prototype || proto === null;
    // for-in over the own keys (the same keys in the same order as Object.keys, inherited ones
    // skipped) walks an object without making a list of its keys: most of what the store freezes.
    for (const k in v) {
      if (!hasOwn.call(v, k)) continue;
      if (!walkValue((v as Record<string, unknown>)[k], p === undefined ? undefined : p[k], freeze)) plain = false;
    }
    return plain;
  }
  const keys = Object.keys(v);
  // Every index present and nothing else (holes turn into null, named keys vanish in JSON).
  const n = v.length;
  let plain = keys.length === n && Object.getPrototypeOf(v) === Array.prototype && (n === 0 || keys[n - 1] === String(n - 1));
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!walkValue((v as unknown as Record<string, unknown>)[k], p === undefined ? undefined : p[k], freeze)) plain = false;
  }
  return plain;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** walkKeys for one value: objects are walked (see walkFreeze), primitives must be plain. */
/** Whether one of `v`'s own values is an object (or array). */
function hasObjectInside(v: object): boolean {
  for (const k in v) {
    if (!hasOwn.call(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'object' && x !== null) return true;
  }
  return false;
}

function walkValue(x: unknown, prev: unknown, freeze: boolean): boolean {
  if (typeof x === 'object' && x !== null) return walkFreeze(x, prev, freeze);
  return x === null || plainPrimitive(x);
}

/**
 * `v` with every part that equals (same keys in the same order, same values) the part at the same
 * place in `prev`, a frozen plain value, replaced by that part: the same JSON, sharing what did not
 * change. Parts of `v` that are kept may be `v`'s own (mutable) objects.
 */
export function shareUnchanged(v: unknown, prev: unknown): unknown {
  if (typeof v !== 'object' || v === null || typeof prev !== 'object' || prev === null) return v;
  if (v === prev || Object.isFrozen(v)) return v;
  const isArray = Array.isArray(v);
  if (isArray !== Array.isArray(prev)) return v;
  if (isArray && Object.getPrototypeOf(v) === Array.prototype && Object.getPrototypeOf(prev) === Array.prototype) {
    // Plain arrays: index by index, no key lists.
    const a = v as unknown[];
    const b = prev as unknown[];
    let same = a.length === b.length;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x === 'object' && x !== null) {
        const y = shareUnchanged(x, b[i]);
        if (y !== x) a[i] = y;
        if (y !== b[i]) same = false;
      } else if (!Object.is(x, b[i]) || (x === undefined && !(i in b))) {
        same = false;
      }
    }
    return same ? prev : v;
  }
  const p = prev as Record<string, unknown>;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const pkeys = Object.keys(p);
  let same = keys.length === pkeys.length && Object.getPrototypeOf(v) === Object.getPrototypeOf(prev);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (same && pkeys[i] !== k) same = false;
    const x = o[k];
    if (typeof x === 'object' && x !== null) {
      const y = shareUnchanged(x, p[k]);
      if (y !== x) {
        if (k === '__proto__') Object.defineProperty(o, k, { value: y, enumerable: true, writable: true, configurable: true });
        else o[k] = y;
      }
      if (y !== p[k]) same = false;
    } else if (!Object.is(x, p[k]) || (x === undefined && !(k in p))) {
      same = false;
    }
  }
  return same ? prev : v;
}
