// The apiextensions checks on an openAPIV3Schema itself
// (apis/apiextensions/validation/validation.go: validateCustomResourceDefinitionValidation,
// ValidateCustomResourceDefinitionOpenAPISchema, specStandardValidatorV3, validateMapListKeysMapSet)
// and on its defaults (apiserver/schema/defaulting/validation.go: defaults must validate against
// their own node and be pruned). Behaviour copied from the apiserver; the code is ours.
import { fieldError, type FieldError } from '../machinery/status.js';
import { validateValue } from './openapi-validate.js';
import { pruneObject } from './prune.js';
import { validateEmbedded, validateListTypes } from './resource-validate.js';
import { validateStructural } from './structural.js';
import { child, copyJSON, index, isObject, jsonEqual, key, type JSONSchemaProps } from './util.js';

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const RULE_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

/** What a node inherits from its ancestors (specStandardValidatorV3's options). */
interface Scope {
  allowDefaults: boolean;
  disallowReason?: string;
  insideResourceMeta: boolean;
}

const hasNewlines = (s: string): boolean => /[\n\r]/.test(s);

function standardRules(s: JSONSchemaProps, path: string, scope: Scope, errs: FieldError[]): void {
  const forbid = (k: string, detail: string): void => { errs.push(fieldError.forbidden(child(path, k), detail)); };
  if (typeof s.type === 'string' && s.type && !OPENAPI_V3_TYPES.includes(s.type)) {
    errs.push(fieldError.notSupported(child(path, 'type'), s.type, OPENAPI_V3_TYPES));
  }
  if (s.default !== undefined && !scope.allowDefaults) {
    forbid('default', scope.disallowReason ? `must not be set ${scope.disallowReason}` : 'must not be set');
  }
  if (s.id) forbid('id', 'id is not supported');
  if (s.additionalItems !== undefined) forbid('additionalItems', 'additionalItems is not supported');
  if (isObject(s.patternProperties) && Object.keys(s.patternProperties).length) forbid('patternProperties', 'patternProperties is not supported');
  if (isObject(s.definitions) && Object.keys(s.definitions).length) forbid('definitions', 'definitions is not supported');
  if (s.dependencies !== undefined) forbid('dependencies', 'dependencies is not supported');
  if (s.$ref !== undefined) forbid('$ref', '$ref is not supported');
  if (s.type === 'null') forbid('type', 'type cannot be set to null, use nullable as an alternative');
  if (Array.isArray(s.items)) forbid('items', 'items must be a schema object and not an array');
  if (scope.insideResourceMeta && s['x-kubernetes-embedded-resource'] === true) {
    forbid('x-kubernetes-embedded-resource', 'must not be used inside of resource meta');
  }
  if (s.uniqueItems === true) forbid('uniqueItems', 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
}

function listAndMapRules(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const listType = s['x-kubernetes-list-type'];
  const mapType = s['x-kubernetes-map-type'];
  const mapKeys: unknown[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  const typePath = child(path, 'type');
  const items = isObject(s.items) ? s.items : undefined;
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(fieldError.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  if (mapType !== undefined && s.type !== 'object') {
    if (!s.type) errs.push(fieldError.required(typePath, 'must be object if x-kubernetes-map-type is specified'));
    else errs.push(fieldError.invalid(typePath, s.type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(fieldError.notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  if (listType !== undefined && s.type !== 'array') {
    if (!s.type) errs.push(fieldError.required(typePath, 'must be array if x-kubernetes-list-type is specified'));
    else errs.push(fieldError.invalid(typePath, s.type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    const atomicMsg = 'must be atomic as item of a list with x-kubernetes-list-type=set';
    if (items.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
      errs.push(fieldError.invalid(child(child(path, 'items'), 'x-kubernetes-list-type'), items['x-kubernetes-list-type'], atomicMsg));
    } else if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(fieldError.invalid(child(child(path, 'items'), 'x-kubernetes-map-type'), items['x-kubernetes-list-type'] ?? null, atomicMsg));
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(fieldError.notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  if (mapKeys.length > 0) {
    if (listType === undefined) errs.push(fieldError.required(child(path, 'x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errs.push(fieldError.invalid(child(path, 'x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') mapListRules(s, path, mapKeys, errs);
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable === true) {
      errs.push(fieldError.forbidden(child(child(path, 'items'), 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    }
  }
}

function mapListRules(s: JSONSchemaProps, path: string, mapKeys: unknown[], errs: FieldError[]): void {
  const keysPath = child(path, 'x-kubernetes-list-map-keys');
  if (mapKeys.length === 0) errs.push(fieldError.required(keysPath, 'must not be empty if x-kubernetes-list-type is map'));
  if (s.items === undefined) errs.push(fieldError.required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
  if (Array.isArray(s.items)) errs.push(fieldError.invalid(child(path, 'items'), s.items, 'must only have a single schema if x-kubernetes-list-type is map'));
  const items = isObject(s.items) ? s.items : undefined;
  if (!items) return;
  if (items.type !== 'object') {
    errs.push(fieldError.invalid(child(child(path, 'items'), 'type'), items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    return;
  }
  const itemProps: Record<string, JSONSchemaProps> = isObject(items.properties) ? items.properties : {};
  const required = new Set<string>(Array.isArray(items.required) ? items.required : []);
  const seen = new Set<unknown>();
  for (const k of mapKeys) {
    const ks = String(k);
    const p = itemProps[ks];
    const propPath = key(child(child(path, 'items'), 'properties'), ks);
    if (p) {
      if (p.type === 'array' || p.type === 'object') {
        errs.push(fieldError.invalid(child(propPath, 'type'), items.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
      }
      if (!required.has(ks) && p.default === undefined) {
        errs.push(fieldError.required(child(propPath, 'default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
      }
      if (p.nullable === true) {
        errs.push(fieldError.forbidden(child(propPath, 'nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
      }
    } else {
      errs.push(fieldError.invalid(keysPath, mapKeys, 'entries must all be names of item properties'));
    }
    if (seen.has(k)) errs.push(fieldError.invalid(keysPath, mapKeys, 'must not contain duplicate entries'));
    seen.add(k);
  }
}

/** Whether a rule's fieldPath (`.a.b`, `['a.b']`, `[0]`) names a node below `s`. */
function fieldPathValid(s: JSONSchemaProps, fieldPath: string): boolean {
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/gy;
  let node: JSONSchemaProps | undefined = s;
  let at = 0;
  for (let m = re.exec(fieldPath); m !== null; m = re.exec(fieldPath)) {
    at = re.lastIndex;
    if (m[3] !== undefined) node = isObject(node?.items) ? node!.items : undefined;
    else {
      const name = m[1] ?? m[2];
      const props = isObject(node?.properties) ? node!.properties : undefined;
      node = props?.[name] ?? (isObject(node?.additionalProperties) ? node!.additionalProperties : undefined);
    }
    if (!isObject(node)) return false;
  }
  return at === fieldPath.length && at > 0;
}

function ruleRules(s: JSONSchemaProps, path: string, errs: FieldError[]): void {
  const rules = s['x-kubernetes-validations'];
  if (!Array.isArray(rules)) return;
  rules.forEach((r: Record<string, any>, i: number) => {
    const at = index(child(path, 'x-kubernetes-validations'), i);
    const rule = typeof r?.rule === 'string' ? r.rule.trim() : '';
    const message = typeof r?.message === 'string' ? r.message : '';
    if (!rule) errs.push(fieldError.required(child(at, 'rule'), 'rule is not specified'));
    else if (message.length > 0 && !message.trim()) errs.push(fieldError.invalid(child(at, 'message'), message, 'message must be non-empty if specified'));
    else if (hasNewlines(message.trim())) errs.push(fieldError.invalid(child(at, 'message'), message, 'message must not contain line breaks'));
    else if (hasNewlines(rule) && !message.trim()) errs.push(fieldError.required(child(at, 'message'), 'message must be specified if rule contains line breaks'));
    if (typeof r?.messageExpression === 'string' && r.messageExpression.length > 0 && !r.messageExpression.trim()) {
      errs.push(fieldError.required(child(at, 'messageExpression'), 'messageExpression must be non-empty if specified'));
    }
    if (r?.reason !== undefined && !RULE_REASONS.includes(r.reason)) {
      errs.push(fieldError.notSupported(child(at, 'reason'), r.reason, RULE_REASONS));
    }
    const fp = typeof r?.fieldPath === 'string' ? r.fieldPath : '';
    if (fp.length > 0 && !fp.trim()) errs.push(fieldError.invalid(child(at, 'fieldPath'), fp, 'fieldPath must be non-empty if specified'));
    if (hasNewlines(fp)) errs.push(fieldError.invalid(child(at, 'fieldPath'), fp, 'fieldPath must not contain line breaks'));
    if (fp.trim() && !hasNewlines(fp) && !fieldPathValid(s, fp.trim())) {
      errs.push(fieldError.invalid(child(at, 'fieldPath'), fp, 'fieldPath must be a valid path'));
    }
  });
}

/** ValidateCustomResourceDefinitionOpenAPISchema: the recursive checks on each node. */
function openAPISchemaRules(s: unknown, path: string, scope: Scope, isRoot: boolean, errs: FieldError[]): void {
  if (!isObject(s)) return;
  standardRules(s, path, scope, errs);
  const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
  const hasProps = Object.keys(props).length > 0;
  if (s.additionalProperties !== undefined) {
    if (hasProps && (s.additionalProperties === false || isObject(s.additionalProperties))) {
      errs.push(fieldError.forbidden(child(path, 'additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    }
    const sub = scope.insideResourceMeta
      ? { ...scope, allowDefaults: false, disallowReason: 'inside additionalProperties applying to object metadata' } : scope;
    openAPISchemaRules(s.additionalProperties, child(path, 'additionalProperties'), sub, false, errs);
  }
  for (const [k, p] of Object.entries(props)) {
    let sub = scope;
    if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(k)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowReason: `in top-level ${k}` };
    }
    openAPISchemaRules(p, key(child(path, 'properties'), k), sub, false, errs);
  }
  openAPISchemaRules(s.not, child(path, 'not'), scope, false, errs);
  for (const j of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(s[j])) s[j].forEach((sub: unknown, i: number) => openAPISchemaRules(sub, index(child(path, j), i), scope, false, errs));
  }
  if (isObject(s.items)) openAPISchemaRules(s.items, child(path, 'items'), scope, false, errs);
  listAndMapRules(s, path, errs);
  ruleRules(s, path, errs);
}

// ---- defaults ------------------------------------------------------------------------------------

function defaultsOf(s: JSONSchemaProps, path: string, insideMeta: boolean, isResourceRoot: boolean, errs: FieldError[]): void {
  if (!isObject(s)) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded) insideMeta = false;
  if (s.default !== undefined && !insideMeta) {
    const at = child(path, 'default');
    const pruned = copyJSON(s.default);
    pruneObject(pruned, s, embedded, false);
    if (!jsonEqual(pruned, s.default)) errs.push(fieldError.invalid(at, s.default, 'must not have unknown fields'));
    const embeddedErrs = validateEmbedded(at, s, s.default, embedded);
    if (embeddedErrs.length) errs.push(...embeddedErrs);
    else {
      const valueErrs = validateValue(s, s.default, at);
      errs.push(...(valueErrs.length ? valueErrs : validateListTypes(at, s, s.default)));
    }
  }
  if (isObject(s.items)) defaultsOf(s.items, child(path, 'items'), insideMeta, false, errs);
  const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
  for (const [k, p] of Object.entries(props)) {
    const subMeta = insideMeta || ((embedded || isResourceRoot) && META_FIELDS.has(k));
    defaultsOf(p, key(child(path, 'properties'), k), subMeta, false, errs);
  }
}

// ---- a version's schema --------------------------------------------------------------------------

/** Keys (JSON names) allowed at the schema root when the status subresource is enabled. */
const ROOT_KEYS_WITH_STATUS = new Set(['description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required',
  'items', 'properties', 'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations']);
const ROOT_FIELDS_TEXT = '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength ' +
  'MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example ' +
  'XPreserveUnknownFields XValidations]';

/** Go's zero values are skipped when upstream looks for disallowed root fields; pointer fields
 *  (additionalProperties, default, nullable's siblings held by pointer) are set even when false. */
const POINTER_FIELDS = new Set(['additionalProperties', 'additionalItems', 'default', 'not', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type', 'x-kubernetes-map-type', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties',
  'maximum', 'minimum', 'multipleOf']);
const isZero = (k: string, v: unknown): boolean => v === undefined || v === null ||
  (!POINTER_FIELDS.has(k) && (v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0)));

/** validateCustomResourceDefinitionValidation for `<path>.openAPIV3Schema` (path is `spec.validation`
 *  or `spec.versions[i].schema`). */
export function validateSchemaOf(validation: unknown, path: string, statusEnabled: boolean): FieldError[] {
  if (!isObject(validation) || !isObject(validation.openAPIV3Schema)) return [];
  const schema = validation.openAPIV3Schema;
  const at = child(path, 'openAPIV3Schema');
  const errs: FieldError[] = [];
  if (statusEnabled) {
    for (const [k, v] of Object.entries(schema)) {
      if (isZero(k, v)) continue;
      if (k === 'type') {
        if (v !== 'object') {
          errs.push(fieldError.invalid(child(at, 'type'), v, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
          break;
        }
        continue;
      }
      if (!ROOT_KEYS_WITH_STATUS.has(k)) {
        errs.push(fieldError.invalid(at, schema, `only ${ROOT_FIELDS_TEXT} fields are allowed at the root of the schema if the status subresource is enabled`));
        break;
      }
    }
  }
  if (schema.nullable === true) errs.push(fieldError.forbidden(child(at, 'nullable'), 'nullable cannot be true at the root'));
  const structural = validateStructural(schema, at);
  if (structural.length) errs.push(...structural);
  else defaultsOf(schema, at, false, true, errs);
  openAPISchemaRules(schema, at, { allowDefaults: true, insideResourceMeta: false }, true, errs);
  return errs;
}
