// Structural schema rules (apiextensions-apiserver pkg/apiserver/schema/validation.go,
// ValidateStructural): every specified field and array item has a type (unless
// x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields), value validations
// (allOf/anyOf/oneOf/not) only constrain values and name no field the structure lacks, metadata at
// the root restricts at most name and generateName. Behaviour copied from the apiserver.
import { fieldError, type FieldError } from '../machinery/status.js';
import { child, isObject, key, type JSONSchemaProps } from './util.js';

type Level = 'root' | 'item' | 'field';
const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;

const props = (s: JSONSchemaProps): Record<string, JSONSchemaProps> =>
  (isObject(s.properties) ? s.properties : {});

/** anyOf: [{type: integer}, {type: string}] (with nothing else) under x-kubernetes-int-or-string. */
function isIntOrStringAnyOf(anyOf: unknown): boolean {
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return false;
  const only = (s: unknown, t: string): boolean => isObject(s) && s.type === t && Object.keys(s).length === 1;
  return only(anyOf[0], 'integer') && only(anyOf[1], 'string');
}

/** allOf: [{anyOf: [integer, string]}, ...] under x-kubernetes-int-or-string. */
function isIntOrStringAllOf(allOf: unknown): boolean {
  return Array.isArray(allOf) && allOf.length > 0 && isObject(allOf[0]) && isIntOrStringAnyOf(allOf[0].anyOf);
}

/** Inside a value validation: only value constraints, nothing structural. */
function nestedValueValidation(s: JSONSchemaProps, path: string, errs: FieldError[], skipAnyOf = false, skipAllOfAnyOf = false): void {
  if (!isObject(s)) return;
  for (const j of JUNCTORS) {
    if (!Array.isArray(s[j]) || (j === 'anyOf' && skipAnyOf)) continue;
    s[j].forEach((sub: JSONSchemaProps, i: number) =>
      nestedValueValidation(sub, `${path}.${j}[${i}]`, errs, j === 'allOf' && skipAllOfAnyOf && i === 0));
  }
  if (isObject(s.not)) nestedValueValidation(s.not, `${path}.not`, errs);
  for (const [k, p] of Object.entries(props(s))) nestedValueValidation(p, key(child(path, 'properties'), k), errs);
  if (isObject(s.items)) nestedValueValidation(s.items, `${path}.items`, errs);
  const forbid = (k: string, detail: string): void => { errs.push(fieldError.forbidden(child(path, k), detail)); };
  if (s.type !== undefined && s.type !== '') forbid('type', 'must be empty to be structural');
  if (s.additionalProperties !== undefined) forbid('additionalProperties', 'must be undefined to be structural');
  if (s.default !== undefined) forbid('default', 'must be undefined to be structural');
  if (s.title) forbid('title', 'must be empty to be structural');
  if (s.description) forbid('description', 'must be empty to be structural');
  if (s.nullable === true) forbid('nullable', 'must be false to be structural');
  for (const x of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (s[x] === true) forbid(x, 'must be false to be structural');
  }
  if (Array.isArray(s['x-kubernetes-list-map-keys']) && s['x-kubernetes-list-map-keys'].length) {
    forbid('x-kubernetes-list-map-keys', 'must be empty to be structural');
  }
  if (s['x-kubernetes-list-type'] !== undefined) forbid('x-kubernetes-list-type', 'must be undefined to be structural');
  if (s['x-kubernetes-map-type'] !== undefined) forbid('x-kubernetes-map-type', 'must be undefined to be structural');
  if ('metadata' in props(s)) forbid('properties[metadata]', 'must not be specified in a nested context');
}

/** Every field and item a value validation names must exist in the structural part. */
function completeness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: string, vPath: string, errs: FieldError[]): void {
  if (!isObject(v)) return;
  if (!isObject(s)) {
    errs.push(fieldError.required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  for (const j of JUNCTORS) {
    if (Array.isArray(v[j])) v[j].forEach((sub: JSONSchemaProps, i: number) => completeness(sub, s, sPath, `${vPath}.${j}[${i}]`, errs));
  }
  if (isObject(v.not)) completeness(v.not, s, sPath, `${vPath}.not`, errs);
  if (isObject(v.items)) completeness(v.items, isObject(s.items) ? s.items : undefined, `${sPath}.items`, `${vPath}.items`, errs);
  for (const [k, p] of Object.entries(props(v))) {
    const sp = props(s)[k] ?? (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
    completeness(p, sp, key(child(sPath, 'properties'), k), key(child(vPath, 'properties'), k), errs);
  }
}

function valueValidations(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const skipAnyOf = intOrString && isIntOrStringAnyOf(s.anyOf);
  const skipAllOfAnyOf = intOrString && isIntOrStringAllOf(s.allOf);
  for (const j of JUNCTORS) {
    if (!Array.isArray(s[j]) || (j === 'anyOf' && skipAnyOf)) continue;
    s[j].forEach((sub: JSONSchemaProps, i: number) => {
      nestedValueValidation(sub, `${path}.${j}[${i}]`, errs, j === 'allOf' && i === 0 && skipAllOfAnyOf);
      if (!(j === 'allOf' && i === 0 && skipAllOfAnyOf)) completeness(sub, s, path, `${path}.${j}[${i}]`, errs);
    });
  }
  if (isObject(s.not)) {
    nestedValueValidation(s.not, `${path}.not`, errs);
    completeness(s.not, s, path, `${path}.not`, errs);
  }
}

function rootMetadata(meta: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const allowed = new Set(['type', 'description', 'properties', 'default']);
  const names = Object.keys(props(meta));
  const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
  if (!Object.keys(meta).every((k) => allowed.has(k)) || !onlyNames) {
    errs.push(fieldError.forbidden(path,
      'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
}

function invariants(s: JSONSchemaProps, lvl: Level, path: string, errs: FieldError[]): void {
  if (!isObject(s)) return;
  const type = typeof s.type === 'string' ? s.type : '';
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const typePath = child(path, 'type');

  if (intOrString && type) errs.push(fieldError.invalid(typePath, type, 'must be empty if x-kubernetes-int-or-string is true'));
  if (embedded && type !== 'object') {
    if (!type) errs.push(fieldError.required(typePath, 'must be object if x-kubernetes-embedded-resource is true'));
    else errs.push(fieldError.invalid(typePath, type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!type && !intOrString && !preserve) {
    const detail = lvl === 'root' ? 'must not be empty at the root'
      : lvl === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push(fieldError.required(typePath, detail));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errs.push(fieldError.forbidden(child(path, 'additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (lvl === 'root' && type && type !== 'object') errs.push(fieldError.invalid(typePath, type, 'must be object at the root'));
  if (type === 'array' && s.items === undefined) errs.push(fieldError.required(child(path, 'items'), 'must be specified'));

  const p = props(s);
  const propsPath = child(path, 'properties');
  if (lvl === 'root' || embedded) {
    for (const tm of ['kind', 'apiVersion']) {
      if (p[tm] && p[tm].type !== 'string') {
        errs.push(fieldError.invalid(child(key(propsPath, tm), 'type'), p[tm].type ?? '', 'must be string'));
      }
    }
  }
  if (isObject(p.metadata) && (lvl === 'root' || embedded)) {
    const mt = p.metadata.type;
    if (mt !== undefined && mt !== '' && mt !== 'object') {
      errs.push(fieldError.invalid(child(key(propsPath, 'metadata'), 'type'), mt, 'must be object'));
    }
    if (lvl === 'root') rootMetadata(p.metadata, key(propsPath, 'metadata'), errs);
  }
  if (embedded && !preserve && Object.keys(p).length === 0) {
    errs.push(fieldError.required(propsPath,
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }

  valueValidations(s, path, errs);
  for (const [k, sub] of Object.entries(p)) invariants(sub, 'field', key(propsPath, k), errs);
  if (isObject(s.additionalProperties)) invariants(s.additionalProperties, 'field', child(path, 'additionalProperties'), errs);
  if (isObject(s.items)) invariants(s.items, 'item', child(path, 'items'), errs);
}

/** ValidateStructural for an openAPIV3Schema found at `path`. */
export function validateStructural(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  invariants(schema, 'root', path, errs);
  return errs;
}
