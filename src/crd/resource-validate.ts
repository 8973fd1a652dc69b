// What the custom resource strategy checks beyond OpenAPI: x-kubernetes-list-type set/map
// uniqueness (apiserver/schema/listtype/validation.go) and embedded resources' TypeMeta and
// ObjectMeta (apiserver/schema/objectmeta/validation.go). Behaviour copied from the apiserver.
import { fieldError, type FieldError } from '../machinery/status.js';
import {
  isDNS1035Label, validateAnnotations, validateLabels, validateNameByRule,
} from '../machinery/validation.js';
import { child, index, isObject, jsonEqual, type JSONSchemaProps } from './util.js';

// ---- list types ----------------------------------------------------------------------------------

/** Indices of items equal to an earlier item. */
function duplicateIndices(items: unknown[], identity: (v: unknown) => unknown): number[] {
  const seen: unknown[] = [];
  const dups: number[] = [];
  items.forEach((item, i) => {
    const id = identity(item);
    if (seen.some((s) => jsonEqual(s, id))) dups.push(i);
    else seen.push(id);
  });
  return dups;
}

function validateListMap(path: string, s: JSONSchemaProps, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  const keys: string[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  const itemProps = isObject(s.items?.properties) ? s.items.properties as Record<string, JSONSchemaProps> : {};
  const valid: Array<{ i: number; id: Record<string, unknown> }> = [];
  list.forEach((item, i) => {
    if (!isObject(item)) {
      errs.push(fieldError.invalid(index(path, i), item, 'must be an object for an array of list-type map'));
      return;
    }
    const id: Record<string, unknown> = {};
    for (const k of keys) {
      if (k in item) id[k] = item[k];
      else if (itemProps[k]?.default !== undefined) id[k] = itemProps[k].default;
    }
    valid.push({ i, id });
  });
  for (const d of duplicateIndices(valid.map((v) => v.id), (v) => v)) {
    errs.push(fieldError.duplicate(index(path, valid[d].i), valid[d].id));
  }
  return errs;
}

/** Duplicate items of set lists and duplicate keys of map lists, anywhere in `obj`. */
export function validateListTypes(path: string, s: JSONSchemaProps | undefined, obj: unknown): FieldError[] {
  if (!isObject(s)) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(obj)) {
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') {
      for (const i of duplicateIndices(obj, (v) => v)) errs.push(fieldError.duplicate(index(path, i), obj[i]));
    } else if (listType === 'map') {
      errs.push(...validateListMap(path, s, obj));
    }
    if (isObject(s.items)) obj.forEach((v, i) => errs.push(...validateListTypes(index(path, i), s.items, v)));
  } else if (isObject(obj)) {
    const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
    const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
    for (const [k, v] of Object.entries(obj)) {
      const ps = props[k] ?? additional;
      if (ps) errs.push(...validateListTypes(child(path, k), ps, v));
    }
  }
  return errs;
}

// ---- embedded resources --------------------------------------------------------------------------

/** schema.ParseGroupVersion's error, or undefined. */
function groupVersionError(apiVersion: string): string | undefined {
  const parts = apiVersion.split('/');
  if (parts.length <= 2) return undefined;
  return `unexpected GroupVersion string: ${apiVersion}`;
}

function validateTypeMeta(path: string, x: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in x)) errs.push(fieldError.required(child(path, 'apiVersion'), 'must not be empty'));
  if (!('kind' in x)) errs.push(fieldError.required(child(path, 'kind'), 'must not be empty'));
  const av = x.apiVersion;
  if ('apiVersion' in x) {
    const p = child(path, 'apiVersion');
    if (typeof av !== 'string') errs.push(fieldError.invalid(p, av, 'must be a string'));
    else if (av === '') errs.push(fieldError.invalid(p, av, 'must not be empty'));
    else {
      const e = groupVersionError(av);
      if (e) errs.push(fieldError.invalid(p, av, e));
    }
  }
  const kind = x.kind;
  if ('kind' in x) {
    const p = child(path, 'kind');
    if (typeof kind !== 'string') errs.push(fieldError.invalid(p, kind, 'must be a string'));
    else if (kind === '') errs.push(fieldError.invalid(p, kind, 'must not be empty'));
    else {
      const e = isDNS1035Label(kind.toLowerCase());
      if (e.length) errs.push(fieldError.invalid(p, kind, `may have mixed case, but should otherwise match: ${e.join(',')}`));
    }
  }
  return errs;
}

/** ObjectMeta of an embedded resource: names are path segments, labels and annotations as usual. */
function validateEmbeddedMeta(path: string, meta: unknown): FieldError[] {
  if (meta === undefined || meta === null) return [];
  if (!isObject(meta)) return [fieldError.invalid(path, meta, 'must be an object')];
  const errs: FieldError[] = [];
  if (typeof meta.name === 'string' && meta.name) {
    for (const m of validateNameByRule(meta.name, 'path')) errs.push(fieldError.invalid(child(path, 'name'), meta.name, m));
  }
  if (typeof meta.generateName === 'string' && meta.generateName) {
    for (const m of validateNameByRule(meta.generateName, 'path', true)) {
      errs.push(fieldError.invalid(child(path, 'generateName'), meta.generateName, m));
    }
  }
  if (isObject(meta.labels)) errs.push(...validateLabels(meta.labels as Record<string, string>, child(path, 'labels')));
  if (isObject(meta.annotations)) {
    errs.push(...validateAnnotations(meta.annotations as Record<string, string>, child(path, 'annotations')));
  }
  return errs;
}

/** TypeMeta and ObjectMeta of every x-kubernetes-embedded-resource value below the root. */
export function validateEmbedded(path: string, s: JSONSchemaProps | undefined, obj: unknown, root = true): FieldError[] {
  if (!isObject(s)) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(obj)) {
    if (isObject(s.items)) obj.forEach((v, i) => errs.push(...validateEmbedded(index(path, i), s.items, v, false)));
    return errs;
  }
  if (!isObject(obj)) return errs;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded && !root) {
    errs.push(...validateTypeMeta(path, obj));
    errs.push(...validateEmbeddedMeta(child(path, 'metadata'), obj.metadata));
  }
  const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
  const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const [k, v] of Object.entries(obj)) {
    if ((root || embedded) && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
    const ps = props[k] ?? additional;
    if (ps) errs.push(...validateEmbedded(child(path, k), ps, v, false));
  }
  return errs;
}

// ---- scale subresource ------------------------------------------------------------------------------

const MAX_INT32 = 2147483647;

/** Go's %v of a decoded JSON value, enough for accessor errors. */
const goV = (v: unknown): string => (typeof v === 'string' ? v : v === null ? '<nil>' : JSON.stringify(v));

/** unstructured.NestedFieldNoCopy at a `.a.b` path: the value, or the accessor error. */
function nested(obj: unknown, jsonPath: string, expected: string, ok: (v: unknown) => boolean): { value?: unknown; error?: string } {
  const fields = jsonPath.replace(/^\./, '').split('.');
  let cur: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (!isObject(cur)) {
      return { error: `.${fields.slice(0, i).join('.')} accessor error: ${goV(cur)} is of the type ${goType(cur)}, expected map[string]interface{}` };
    }
    if (!(fields[i] in cur)) return {};
    cur = cur[fields[i]];
  }
  if (!ok(cur)) return { error: `.${fields.join('.')} accessor error: ${goV(cur)} is of the type ${goType(cur)}, expected ${expected}` };
  return { value: cur };
}

const goType = (v: unknown): string => (typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool'
  : typeof v === 'number' ? (Number.isInteger(v) ? 'int64' : 'float64') : Array.isArray(v) ? '[]interface {}'
    : v === null ? '<nil>' : 'map[string]interface {}');

function replicasErrors(obj: unknown, path: string | undefined): FieldError[] {
  if (!path) return [];
  const { value, error } = nested(obj, path, 'int64', (v) => typeof v === 'number' && Number.isInteger(v)) as { value?: number; error?: string };
  if (error) return [fieldError.invalid(path, 0, error)];
  if (value === undefined) return [];
  if (value < 0) return [fieldError.invalid(path, value, 'should be a non-negative integer')];
  if (value > MAX_INT32) return [fieldError.invalid(path, value, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

/**
 * The replicas a scale subresource points at (customResourceValidator.ValidateScaleSpec and
 * ValidateScaleStatus): integers in 0..MaxInt32, reported at the JSONPath itself
 * (`.spec.replicas: Invalid value: -1: should be a non-negative integer`).
 */
export function validateScaleReplicas(obj: unknown, scale: Record<string, any> | undefined): FieldError[] {
  if (!isObject(scale)) return [];
  const errs = [...replicasErrors(obj, scale.specReplicasPath), ...replicasErrors(obj, scale.statusReplicasPath)];
  if (typeof scale.labelSelectorPath === 'string' && scale.labelSelectorPath) {
    const { error } = nested(obj, scale.labelSelectorPath, 'string', (v) => typeof v === 'string');
    if (error) errs.push(fieldError.invalid(scale.labelSelectorPath, '', error));
  }
  return errs;
}
