// What the patch machinery needs to know about a kind, handed to it by the caller (each kind's
// definition carries one): the patch schema strategic merge patch and server-side apply read,
// the zero object a create is compared against, and the fields each (sub)resource may not change.
import type { StructNode } from './schema.js';
import { unstructuredKind } from './types-k8s.js';

export interface PatchTypeInfo {
  /** Patch metadata; absent for kinds without Go struct tags (custom resources: no strategic merge). */
  schema?: StructNode;
  /**
   * What a freshly allocated Go object of the kind holds once encoded: its non-pointer struct
   * fields (empty) and lists without omitempty (null). Comparisons against it must not report
   * those as added.
   */
  zero?: Record<string, unknown>;
  /**
   * Fields a write to each (sub)resource may not change, which field ownership must therefore
   * ignore (the strategies' GetResetFields), keyed by subresource ('' for the main resource).
   */
  resetFields?: Readonly<Record<string, string[][]>>;
}

/** Schema used by server-side apply: the kind's own, or only ObjectMeta. */
export function applySchema(t: PatchTypeInfo | undefined): StructNode {
  return t?.schema ?? unstructuredKind;
}

/**
 * The object the apiserver compares a create against (scope.Creater.New), so that its zero
 * fields are not reported as added. Custom resources are an unstructured object with only
 * their type.
 */
export function emptyObject(apiVersion: string, kindName: string, t: PatchTypeInfo | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion, kind: kindName };
  if (!t?.schema) return out;
  return { ...out, metadata: {}, ...structuredClone(t.zero ?? {}) };
}

const frozenEmpty = new WeakMap<PatchTypeInfo, Map<string, Readonly<Record<string, unknown>>>>();

/**
 * emptyObject, deep-frozen and shared, for callers that only read it (comparisons): built once per
 * type, apiVersion and kind instead of cloning the kind's zero object on every create.
 */
export function frozenEmptyObject(apiVersion: string, kindName: string, t: PatchTypeInfo | undefined): Readonly<Record<string, unknown>> {
  if (!t?.schema) return emptyObject(apiVersion, kindName, t);
  let byKey = frozenEmpty.get(t);
  if (!byKey) {
    byKey = new Map();
    frozenEmpty.set(t, byKey);
  }
  const key = `${apiVersion}\0${kindName}`;
  let o = byKey.get(key);
  if (!o) {
    o = deepFreeze(emptyObject(apiVersion, kindName, t));
    byKey.set(key, o);
  }
  return o;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

export function resetFields(t: PatchTypeInfo | undefined, subresource = ''): string[][] {
  return t?.resetFields?.[subresource] ?? [];
}

/** Reset fields of a kind with a status subresource: status on the main resource, spec on /status. */
export const STATUS_RESET_FIELDS: Readonly<Record<string, string[][]>> = { '': [['status']], status: [['spec']] };
