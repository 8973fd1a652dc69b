// Plain-JSON helpers shared by every patch type. Patches work on JSON trees, never on
// objects the store owns, so everything here copies rather than mutates.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value (undefined stays undefined); faster than structuredClone for JSON. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const c = clone((v as Record<string, unknown>)[k]);
    // A "__proto__" key (a ConfigMap data key, say) is data: define it rather than set the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out as T;
}

/** Structural equality of two JSON values; object key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** JSON with object keys sorted, the way Go's encoding/json writes a map[string]interface{}. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Go's reflect type name for a decoded JSON value; used in error texts copied from Go. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'object': return 'map[string]interface {}';
    case 'string': return 'string';
    case 'number': return Number.isInteger(v) ? 'int64' : 'float64';
    case 'boolean': return 'bool';
    default: return typeof v;
  }
}

/** Go's JSON kind word in "cannot unmarshal <kind> into ..." errors. */
export function jsonKindWord(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** fmt's %v rendering of a decoded JSON value (maps print as `map[k:v]` with sorted keys). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isJsonObject(v)) {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Drops object keys whose value is null, recursively (arrays keep their null elements). */
export function pruneNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map((x) => (x === null ? x : pruneNulls(x)));
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
    return out;
  }
  return v;
}

/** Sorted-key JSON with Go's HTML-safe escaping of <, >, & and the line separators. */
export function goJson(v: unknown): string {
  return sortedJson(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** metav1.Time: RFC 3339 in UTC with whole seconds. */
export function rfc3339(now: Date | number | string): string {
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : NaN;
  // Writes come many to a second: the last second formatted is remembered.
  if (Number.isFinite(ms)) {
    const sec = Math.floor(ms / 1000);
    if (sec === lastSecond) return lastText;
    const text = new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    lastSecond = sec;
    lastText = text;
    return text;
  }
  const d = now instanceof Date ? now : new Date(now);
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

let lastSecond = NaN;
let lastText = '';
