// Structural pruning and defaulting of custom resources, after apiextensions-apiserver
// pkg/apiserver/schema/pruning/algorithm.go and schema/defaulting/algorithm.go (+ prunenulls.go).
// Behaviour copied from the apiserver; the code is ours.
//
// Pruning drops every object field the schema does not specify, unless the node says
// x-kubernetes-preserve-unknown-fields. apiVersion, kind and metadata are kept at the resource
// root and in x-kubernetes-embedded-resource nodes; an embedded resource's metadata loses the
// fields ObjectMeta does not have. Pruned paths are reported in upstream's notation for
// `unknown field "spec.foo"` (a top-level field is just `foo`, list items `spec.list[0].x`).
import { copyJSON, isObject, type JSONSchemaProps } from './util.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The fields of metav1.ObjectMeta (what decoding an embedded resource's metadata keeps). */
export const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'managedFields',
]);

const appendKey = (path: string, k: string): string => (path ? `${path}.${k}` : k);

interface PruneCtx {
  pruned: string[];
  coerceMeta: boolean;
}

function pruneEmbeddedMeta(ctx: PruneCtx, v: unknown, path: string): void {
  if (!isObject(v)) return;
  for (const k of Object.keys(v)) {
    if (!OBJECT_META_FIELDS.has(k)) {
      delete v[k];
      ctx.pruned.push(appendKey(path, k));
    }
  }
}

function prune(ctx: PruneCtx, x: unknown, s: JSONSchemaProps | undefined, path: string, root: boolean): void {
  const preserve = s?.['x-kubernetes-preserve-unknown-fields'] === true;
  if (Array.isArray(x)) {
    const items = isObject(s?.items) ? s?.items : undefined;
    for (let i = 0; i < x.length; i++) {
      // Under x-kubernetes-preserve-unknown-fields, items without a schema are kept whole.
      if (items || !preserve) prune(ctx, x[i], items, `${path}[${i}]`, false);
    }
    return;
  }
  if (!isObject(x)) return;
  const embedded = root || s?.['x-kubernetes-embedded-resource'] === true;
  const props = isObject(s?.properties) ? s?.properties as Record<string, JSONSchemaProps> : undefined;
  // additionalProperties: true keeps the keys, but (as upstream) without a schema for their values.
  const hasAdditional = isObject(s?.additionalProperties) || s?.additionalProperties === true;
  const additional = isObject(s?.additionalProperties) ? s?.additionalProperties : undefined;
  for (const k of Object.keys(x)) {
    const p = appendKey(path, k);
    if (embedded && META_FIELDS.has(k)) {
      if (!root && k === 'metadata' && ctx.coerceMeta) pruneEmbeddedMeta(ctx, x[k], p);
      continue;
    }
    const ps = props?.[k];
    if (ps !== undefined) prune(ctx, x[k], ps, p, false);
    else if (hasAdditional) prune(ctx, x[k], additional, p, false);
    else if (!preserve) {
      delete x[k];
      // Upstream does not report a top-level apiVersion, kind or metadata it prunes.
      if (path || !META_FIELDS.has(k)) ctx.pruned.push(p);
    }
  }
}

/**
 * Prunes `obj` (a whole resource when `root`) in place and returns the pruned paths. With
 * `coerceEmbeddedMeta`, embedded resources' metadata also loses fields ObjectMeta lacks (upstream
 * does that in a separate ObjectMeta coercion step that reports the same paths).
 */
export function pruneObject(obj: unknown, schema: JSONSchemaProps | undefined, root = true, coerceEmbeddedMeta = true): string[] {
  const ctx: PruneCtx = { pruned: [], coerceMeta: coerceEmbeddedMeta };
  if (schema === undefined && !root) {
    prune(ctx, obj, undefined, '', false);
    return ctx.pruned;
  }
  prune(ctx, obj, schema ?? {}, '', root);
  return ctx.pruned;
}

// ---- defaulting ------------------------------------------------------------------------------------

const hasDefault = (s: JSONSchemaProps | undefined): boolean => isObject(s) && s.default !== undefined;
const nonNullableNull = (v: unknown, s: JSONSchemaProps | undefined): boolean =>
  v === null && isObject(s) && s.nullable !== true && hasDefault(s);

/** Fills defaults in place: missing fields, and nulls where the node is not nullable. */
export function applyDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!isObject(s)) return;
  if (Array.isArray(x)) {
    const items = isObject(s.items) ? s.items : undefined;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (nonNullableNull(v, items)) x[i] = copyJSON(items!.default);
      applyDefaults(v, items);
    }
    return;
  }
  if (!isObject(x)) return;
  const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
  for (const [k, ps] of Object.entries(props)) {
    if (!hasDefault(ps)) continue;
    if (!(k in x) || nonNullableNull(x[k], ps)) x[k] = copyJSON(ps.default);
  }
  const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const [k, v] of Object.entries(x)) {
    const ps = props[k];
    if (ps !== undefined) applyDefaults(v, ps);
    else if (additional) {
      if (nonNullableNull(v, additional)) x[k] = copyJSON(additional.default);
      applyDefaults(v, additional);
    }
  }
}

/**
 * Drops nulls the schema does not allow and cannot default (prunenulls.go): a null in a
 * non-nullable field without default is removed; list items are left alone (validation reports them).
 */
export function pruneNonNullableNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!isObject(s)) return;
  if (Array.isArray(x)) {
    const items = isObject(s.items) ? s.items : undefined;
    for (const v of x) pruneNonNullableNulls(v, items);
    return;
  }
  if (!isObject(x)) return;
  const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
  const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const [k, v] of Object.entries(x)) {
    const ps = props[k] ?? additional;
    if (!ps) continue;
    if (v === null) {
      if (ps.nullable !== true && !hasDefault(ps)) delete x[k];
      continue;
    }
    pruneNonNullableNulls(v, ps);
  }
}
