// Small helpers shared by the CRD schema machinery: loose JSON access, field paths in the notation
// of k8s.io/apimachinery's field.Path, and Go's %v rendering of numbers (error messages quote
// bounds the way Go prints them).

export type JSONSchemaProps = Record<string, any>;

export const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** field.Path.Child: `a.b`; the root has no leading dot. */
export const child = (path: string, name: string): string => (path ? `${path}.${name}` : name);
/** field.Path.Index: `a[0]`. */
export const index = (path: string, i: number): string => `${path}[${i}]`;
/** field.Path.Key: `a[key]` (no quotes, as Go prints it). */
export const key = (path: string, k: string): string => `${path}[${k}]`;

/** The JSON type name kube-openapi reports for a decoded value. */
export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'number': return Number.isInteger(v) ? 'integer' : 'number';
    case 'bigint': return 'integer';
    default: return 'object';
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), i.e. what %v prints for a float64. */
export function goFloat(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  // Shortest formatting switches to the exponent form from 1e+06 on, as strconv does for 'g'.
  if (exp < -4 || exp >= 6) {
    // Go writes at least two exponent digits: 1e+06, 1.5e-07.
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}

/**
 * A bound as kube-openapi prints it: integers compared with integers print as int64, anything
 * else as a float64 with %v.
 */
export function goNumber(bound: number, data: unknown): string {
  if (Number.isInteger(bound) && (typeof data === 'bigint' || (typeof data === 'number' && Number.isInteger(data)))) {
    return String(bound);
  }
  return goFloat(bound);
}

/** Deep equality on decoded JSON (what reflect.DeepEqual gives for unstructured values). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'bigint') return a === Number(b);
  if (typeof a === 'bigint' && typeof b === 'number') return Number(a) === b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) &&
    jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A deep copy of decoded JSON. */
export function copyJSON<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** Unicode code points, as Go's utf8.RuneCountInString counts them. */
export function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
