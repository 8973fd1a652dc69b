// Structural schema rules (apiextensions-apiserver pkg/apiserver/schema/validation.go,
// ValidateStructural): every specified field and array item has a type (unless
// x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields), value validations
// (allOf/anyOf/oneOf/not) only constrain values and name no field the structure lacks, metadata at
// the root restricts at most name and generateName. Behaviour copied from the apiserver.
import { fieldError, fieldErrorBody, type FieldError } from '../machinery/status.js';
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

/** The value constraints of a node (its junctors and pattern), wherever the node is. */
function valueValidation(s: JSONSchemaProps, path: string, errs: FieldError[], celAllowed: boolean, skipAnyOf = false, skipAllOfAnyOf = false): void {
  for (const j of JUNCTORS) {
    if (!Array.isArray(s[j]) || (j === 'anyOf' && skipAnyOf)) continue;
    // CEL rules are only allowed under allOf (the validator cannot tell which alternative applied).
    s[j].forEach((sub: JSONSchemaProps, i: number) => nestedValueValidation(sub, `${path}.${j}[${i}]`, errs,
      j === 'allOf' && celAllowed, j === 'allOf' && skipAllOfAnyOf && i === 0));
  }
  if (isObject(s.not)) nestedValueValidation(s.not, `${path}.not`, errs, false);
  if (typeof s.pattern === 'string' && s.pattern) {
    try {
      new RegExp(s.pattern, 'u');
    } catch (e) {
      errs.push(fieldError.invalid(child(path, 'pattern'), s.pattern, `must be a valid regular expression, but isn't: ${(e as Error).message}`));
    }
  }
}

/** Inside a value validation: only value constraints, nothing structural. */
function nestedValueValidation(s: JSONSchemaProps, path: string, errs: FieldError[], celAllowed: boolean, skipAnyOf = false): void {
  if (!isObject(s)) return;
  valueValidation(s, path, errs, celAllowed, skipAnyOf);
  if (isObject(s.items)) nestedValueValidation(s.items, `${path}.items`, errs, celAllowed);
  for (const [k, p] of Object.entries(props(s))) nestedValueValidation(p, key(child(path, 'properties'), k), errs, celAllowed);
  // CRDs may use additionalProperties inside value validations (to constrain map values).
  if (isObject(s.additionalProperties)) nestedValueValidation(s.additionalProperties, `${path}.additionalProperties`, errs, celAllowed);
  const forbid = (k: string, detail: string): void => { errs.push(fieldError.forbidden(child(path, k), detail)); };
  if (s.type !== undefined && s.type !== '') forbid('type', 'must be empty to be structural');
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
  if (!celAllowed && Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length) {
    forbid('x-kubernetes-validations', 'must be empty to be structural');
  }
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

/** Value validations of a structural node, and the fields they name (completeness). */
function valueValidations(s: JSONSchemaProps, path: string, errs: FieldError[], complete: FieldError[]): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const skipAnyOf = intOrString && isIntOrStringAnyOf(s.anyOf);
  const skipAllOfAnyOf = intOrString && isIntOrStringAllOf(s.allOf);
  valueValidation(s, path, errs, true, skipAnyOf, skipAllOfAnyOf);
  for (const j of JUNCTORS) {
    if (!Array.isArray(s[j]) || (j === 'anyOf' && skipAnyOf)) continue;
    s[j].forEach((sub: JSONSchemaProps, i: number) => {
      if (!(j === 'allOf' && i === 0 && skipAllOfAnyOf)) completeness(sub, s, path, `${path}.${j}[${i}]`, complete);
    });
  }
  if (isObject(s.not)) completeness(s.not, s, path, `${path}.not`, complete);
}

/** Metadata at the root may say it is an object and restrict name and generateName, nothing else. */
function rootMetadata(meta: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const names = Object.keys(props(meta));
  const onlyNames = names.length <= 2 && names.every((n) => n === 'name' || n === 'generateName');
  const others = Object.keys(meta).filter((k) => k !== 'type' && k !== 'default' && !(k === 'properties' && onlyNames));
  if (others.length > 0) {
    errs.push(fieldError.forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
}

function invariants(s: JSONSchemaProps, lvl: Level, path: string, errs: FieldError[], complete: FieldError[]): void {
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
  if (lvl === 'root' && s.additionalProperties !== undefined) {
    errs.push(fieldError.forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
  }
  if (intOrString && preserve) {
    errs.push(fieldError.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  if (intOrString && embedded) {
    errs.push(fieldError.invalid(child(path, 'x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  }

  const p = props(s);
  const propsPath = child(path, 'properties');
  if (lvl === 'root' || embedded) {
    for (const tm of ['kind', 'apiVersion']) {
      if (p[tm] && p[tm].type !== 'string') {
        errs.push(fieldError.invalid(child(key(propsPath, tm), 'type'), p[tm].type ?? '', 'must be string'));
      }
    }
  }
  if (isObject(p.metadata)) {
    if ((lvl === 'root' || embedded) && p.metadata.type !== 'object') {
      errs.push(fieldError.invalid(child(key(propsPath, 'metadata'), 'type'), p.metadata.type ?? '', 'must be object'));
    }
    if (lvl === 'root') rootMetadata(p.metadata, key(propsPath, 'metadata'), errs);
  }
  if (embedded && !preserve && Object.keys(p).length === 0) {
    errs.push(fieldError.required(propsPath,
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }

  valueValidations(s, path, errs, complete);
  for (const [k, sub] of Object.entries(p)) invariants(sub, 'field', key(propsPath, k), errs, complete);
  if (isObject(s.additionalProperties)) invariants(s.additionalProperties, 'field', child(path, 'additionalProperties'), errs, complete);
  if (isObject(s.items)) invariants(s.items, 'item', child(path, 'items'), errs, complete);
}

/** ValidateStructural for an openAPIV3Schema found at `path`: invariants, then completeness,
 *  sorted by their text as upstream sorts them. */
export function validateStructural(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const complete: FieldError[] = [];
  invariants(schema, 'root', path, errs, complete);
  const all = [...errs, ...complete];
  const text = (e: FieldError): string => `${e.field}: ${fieldErrorBody(e)}`;
  return all.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}
