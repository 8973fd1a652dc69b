// OpenAPI v3 value validation of custom resources with the apiserver's wording: kube-openapi's
// SchemaValidator (pkg/validation/validate) messages, turned into field errors the way
// apiextensions-apiserver's kubeOpenAPIResultToFieldErrors does (apiserver/validation/validation.go).
// Behaviour copied from the apiserver; the walker is ours.
//
// Names: kube-openapi names a value by its dotted path from the validated root (`spec.replicas`,
// `spec.items[0].name`, map values `spec.labels.key`); the field error's path is the caller's base
// path plus that name. A message for the root itself has an empty name.
import { fieldError, type FieldError } from '../machinery/status.js';
import { checkFormat } from './formats.js';
import { goNumber, isObject, jsonEqual, jsonType, runeCount, type JSONSchemaProps } from './util.js';

interface Ctx {
  base: string;
  errs: FieldError[];
  regexps: Map<string, RegExp | Error>;
}

/** The field an error about `name` belongs to. A nil base path prints as `<nil>` in Go. */
function fieldFor(ctx: Ctx, name: string): string {
  if (!name) return ctx.base || '<nil>';
  return ctx.base ? `${ctx.base}.${name}` : name;
}

const inBody = (name: string): string => `${name} in body`;
const childName = (name: string, k: string): string => (name ? `${name}.${k}` : k);

/** The types a node accepts: x-kubernetes-int-or-string stands for integer or string. */
function typesOf(s: JSONSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return typeof s.type === 'string' && s.type ? [s.type] : [];
}

function typeError(ctx: Ctx, name: string, expected: string, actual: string): void {
  ctx.errs.push(fieldError.typeInvalid(fieldFor(ctx, name), actual,
    `${inBody(name)} must be of type ${expected}: ${JSON.stringify(actual)}`));
}

function invalid(ctx: Ctx, name: string, value: unknown, detail: string): void {
  ctx.errs.push(fieldError.invalid(fieldFor(ctx, name), value, detail));
}

/** Errors that are not kube-openapi Validation values land on the base path with value "". */
function composite(ctx: Ctx, detail: string): void {
  ctx.errs.push(fieldError.invalid(ctx.base || '<nil>', '', detail));
}

/** A pattern compiled once per schema; an Error when it does not parse. */
function regexpFor(ctx: Ctx, pattern: string): RegExp | Error {
  let re = ctx.regexps.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch (e) {
        re = e as Error;
      }
    }
    ctx.regexps.set(pattern, re);
  }
  return re;
}

/** Validates `v` against schema `s`, appending field errors to ctx.errs. */
function walk(ctx: Ctx, s: JSONSchemaProps | undefined, v: unknown, name: string): void {
  if (!isObject(s)) return;
  if (v === null || v === undefined) {
    // kube-openapi runs only the type and enum validators on null: a nullable enum must list null.
    const types = typesOf(s);
    if (types.length > 0 && s.nullable !== true) typeError(ctx, name, types.join(','), 'null');
    enumRule(ctx, s, null, name);
    return;
  }
  // Like kube-openapi, a type error does not stop the other validators (each applies to the
  // value's own kind): an enum still reports the value, an anyOf still reports its alternatives.
  checkType(ctx, s, v, name);
  schemaProps(ctx, s, v, name);
  if (typeof v === 'string') stringRules(ctx, s, v, name);
  if (typeof v === 'number' || typeof v === 'bigint') numberRules(ctx, s, Number(v), name, v);
  if (Array.isArray(v)) sliceRules(ctx, s, v, name);
  enumRule(ctx, s, v, name);
  if (isObject(v)) objectRules(ctx, s, v, name);
}

function enumRule(ctx: Ctx, s: JSONSchemaProps, v: unknown, name: string): void {
  if (Array.isArray(s.enum) && s.enum.length > 0 && !s.enum.some((e: unknown) => jsonEqual(e, v))) {
    const supported = s.enum.map((e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e)));
    ctx.errs.push(fieldError.notSupported(fieldFor(ctx, name), v, supported));
  }
}

function checkType(ctx: Ctx, s: JSONSchemaProps, v: unknown, name: string): void {
  const types = typesOf(s);
  if (types.length === 0) return;
  const actual = jsonType(v);
  if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) typeError(ctx, name, types.join(','), actual);
}

/** allOf/anyOf/oneOf/not; their own messages quote the name (`"spec.x" must validate ...`). */
function schemaProps(ctx: Ctx, s: JSONSchemaProps, v: unknown, name: string): void {
  const q = JSON.stringify(name);
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    const results = s.allOf.map((sub: JSONSchemaProps) => trial(ctx, sub, v, name));
    const valid = results.filter((r: FieldError[]) => r.length === 0).length;
    if (valid !== results.length) composite(ctx, `${q} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`);
    for (const r of results) ctx.errs.push(...r);
  }
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) {
    const results = s.anyOf.map((sub: JSONSchemaProps) => trial(ctx, sub, v, name));
    if (!results.some((r: FieldError[]) => r.length === 0)) {
      composite(ctx, `${q} must validate at least one schema (anyOf)`);
      ctx.errs.push(...results[0]);
    }
  }
  if (Array.isArray(s.oneOf) && s.oneOf.length > 0) {
    const results = s.oneOf.map((sub: JSONSchemaProps) => trial(ctx, sub, v, name));
    const valid = results.filter((r: FieldError[]) => r.length === 0).length;
    if (valid !== 1) {
      const why = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      composite(ctx, `${q} must validate one and only one schema (oneOf). ${why}`);
      if (valid === 0) ctx.errs.push(...results[0]);
    }
  }
  if (isObject(s.not) && trial(ctx, s.not, v, name).length === 0) {
    composite(ctx, `${q} must not validate the schema (not)`);
  }
}

function trial(ctx: Ctx, s: JSONSchemaProps, v: unknown, name: string): FieldError[] {
  const sub: Ctx = { base: ctx.base, errs: [], regexps: ctx.regexps };
  walk(sub, s, v, name);
  return sub.errs;
}

function stringRules(ctx: Ctx, s: JSONSchemaProps, v: string, name: string): void {
  if (typeof s.maxLength === 'number' && runeCount(v) > s.maxLength) {
    const unit = s.maxLength === 1 ? 'byte' : 'bytes';
    ctx.errs.push({ type: 'FieldValueTooLong', field: fieldFor(ctx, name), badValue: v,
      detail: `may not be more than ${s.maxLength} ${unit}` });
  }
  if (typeof s.minLength === 'number' && runeCount(v) < s.minLength) {
    invalid(ctx, name, v, `${inBody(name)} should be at least ${s.minLength} chars long`);
  }
  if (typeof s.pattern === 'string') {
    const re = regexpFor(ctx, s.pattern);
    if (re instanceof Error) invalid(ctx, name, v, `${inBody(name)} should match '${s.pattern}, but pattern is invalid: ${re.message}'`);
    else if (!re.test(v)) invalid(ctx, name, v, `${inBody(name)} should match '${s.pattern}'`);
  }
  if (typeof s.format === 'string' && s.format && !checkFormat(s.format, v)) {
    ctx.errs.push(fieldError.typeInvalid(fieldFor(ctx, name), v,
      `${inBody(name)} must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
}

function numberRules(ctx: Ctx, s: JSONSchemaProps, n: number, name: string, raw: unknown): void {
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const q = n / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9 * Math.max(1, Math.abs(q))) {
      invalid(ctx, name, raw, `${inBody(name)} should be a multiple of ${goNumber(s.multipleOf, raw)}`);
    }
  }
  if (typeof s.maximum === 'number') {
    const excl = s.exclusiveMaximum === true;
    if (excl ? n >= s.maximum : n > s.maximum) {
      invalid(ctx, name, raw, `${inBody(name)} should be less than ${excl ? '' : 'or equal to '}${goNumber(s.maximum, raw)}`);
    }
  }
  if (typeof s.minimum === 'number') {
    const excl = s.exclusiveMinimum === true;
    if (excl ? n <= s.minimum : n < s.minimum) {
      invalid(ctx, name, raw, `${inBody(name)} should be greater than ${excl ? '' : 'or equal to '}${goNumber(s.minimum, raw)}`);
    }
  }
}

function sliceRules(ctx: Ctx, s: JSONSchemaProps, v: unknown[], name: string): void {
  if (isObject(s.items)) for (let i = 0; i < v.length; i++) walk(ctx, s.items, v[i], `${name}[${i}]`);
  if (typeof s.minItems === 'number' && v.length < s.minItems) {
    invalid(ctx, name, v.length, `${inBody(name)} should have at least ${s.minItems} items`);
  }
  if (typeof s.maxItems === 'number' && v.length > s.maxItems) {
    ctx.errs.push(fieldError.tooMany(fieldFor(ctx, name), v.length, s.maxItems));
  }
  if (s.uniqueItems === true && v.some((a, i) => v.slice(i + 1).some((b) => jsonEqual(a, b)))) {
    invalid(ctx, name, '', `${inBody(name)} shouldn't contain duplicates`);
  }
}

function objectRules(ctx: Ctx, s: JSONSchemaProps, v: Record<string, unknown>, name: string): void {
  const count = Object.keys(v).length;
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
    ctx.errs.push(fieldError.tooMany(fieldFor(ctx, name), count, s.maxProperties));
  }
  if (typeof s.minProperties === 'number' && count < s.minProperties) {
    invalid(ctx, name, count, `${inBody(name)} should have at least ${s.minProperties} properties`);
  }
  if (Array.isArray(s.required)) {
    for (const k of s.required) {
      if (typeof k === 'string' && !Object.prototype.hasOwnProperty.call(v, k)) {
        ctx.errs.push(fieldError.required(fieldFor(ctx, childName(name, k)), ''));
      }
    }
  }
  const props = isObject(s.properties) ? s.properties : undefined;
  const additional = s.additionalProperties;
  for (const [k, val] of Object.entries(v)) {
    const p = props?.[k];
    if (p !== undefined) walk(ctx, p, val, childName(name, k));
    else if (isObject(additional)) walk(ctx, additional, val, childName(name, k));
    else if (additional === false) {
      invalid(ctx, childName(name, k), '', `${name}.${k} in body is a forbidden property`);
    }
  }
}

/** Validates `value` against an openAPIV3Schema node; paths are `base` + kube-openapi's names. */
export function validateValue(schema: JSONSchemaProps, value: unknown, base = '', regexps = new Map<string, RegExp | Error>()):
  FieldError[] {
  const ctx: Ctx = { base, errs: [], regexps };
  walk(ctx, schema, value, '');
  return ctx.errs;
}
