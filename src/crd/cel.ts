// x-kubernetes-validations: CEL rules evaluated with @marcbachmann/cel-js, reported as
// apiextensions-apiserver's schema/cel/validation.go reports them: `<path>: Invalid value:
// "<schema type>": <message>` (reason Forbidden/Required/Duplicate switch the error type),
// messageExpression evaluated for the message, fieldPath appended to the node's path, and
// transition rules (oldSelf) only where the old object has a value at the same path.
//
// Differences from upstream, on purpose: rules that cel-js cannot parse, and evaluations that
// fail for want of a Kubernetes CEL library function (quantity(), url(), isSorted(), ...), are
// not enforced (compileRules lists the former; crdWarnings reports them). No cost budget.
import type * as CelJs from '@marcbachmann/cel-js';
import { fieldError, type FieldError } from '../machinery/status.js';
import { lazyModule } from '../util/lazy.js';
import { child, index, isObject, key, type JSONSchemaProps } from './util.js';

/** cel-js, loaded with the first CRD that has rules rather than at start-up. */
const celJs = lazyModule<typeof CelJs>('@marcbachmann/cel-js');

type Program = ReturnType<typeof CelJs.parse>;

interface Rule {
  rule: string;
  program: Program;
  message?: string;
  messageExpression?: Program;
  reason?: string;
  fieldPath?: string;
  usesOldSelf: boolean;
}

export interface CompiledRules {
  validate(obj: unknown, old?: unknown): FieldError[];
  unsupported: Array<{ path: string; rule: string; reason: string }>;
}

const usesOldSelf = (expr: string): boolean => /\boldSelf\b/.test(expr);

function tryParse(expr: string): Program | Error {
  try {
    return celJs().parse(expr);
  } catch (e) {
    return e as Error;
  }
}

/** Parses every rule of the schema once; the schema path is for reporting unparseable rules. */
function collect(s: JSONSchemaProps, path: string, out: Map<JSONSchemaProps, Rule[]>, unsupported: CompiledRules['unsupported']): void {
  if (!isObject(s)) return;
  const list = s['x-kubernetes-validations'];
  if (Array.isArray(list) && list.length > 0) {
    const rules: Rule[] = [];
    list.forEach((r: Record<string, any>, i: number) => {
      if (!isObject(r) || typeof r.rule !== 'string') return;
      const program = tryParse(r.rule);
      const at = `${path}.x-kubernetes-validations[${i}].rule`;
      if (program instanceof Error) {
        unsupported.push({ path: at, rule: r.rule, reason: program.message.split('\n')[0] });
        return;
      }
      const msgExpr = typeof r.messageExpression === 'string' && r.messageExpression.trim()
        ? tryParse(r.messageExpression) : undefined;
      rules.push({
        rule: r.rule, program,
        message: typeof r.message === 'string' && r.message.trim() ? r.message : undefined,
        messageExpression: msgExpr instanceof Error ? undefined : msgExpr,
        reason: typeof r.reason === 'string' ? r.reason : undefined,
        fieldPath: typeof r.fieldPath === 'string' && r.fieldPath.trim() ? r.fieldPath.trim() : undefined,
        usesOldSelf: usesOldSelf(r.rule),
      });
    });
    if (rules.length) out.set(s, rules);
  }
  if (isObject(s.properties)) {
    for (const [k, ps] of Object.entries(s.properties)) collect(ps as JSONSchemaProps, `${path}.properties[${k}]`, out, unsupported);
  }
  if (isObject(s.additionalProperties)) collect(s.additionalProperties, `${path}.additionalProperties`, out, unsupported);
  if (isObject(s.items)) collect(s.items, `${path}.items`, out, unsupported);
}

let durationProgram: Program | undefined;
const durationOf = (vars: Record<string, unknown>): unknown => (durationProgram ??= celJs().parse('duration(s)'))(vars);

/** Strings CEL types by format, as Kubernetes declares them: timestamps, durations and bytes. */
function formattedString(v: string, format: unknown): unknown {
  try {
    if (format === 'date-time' || format === 'date') {
      const d = new Date(format === 'date' ? `${v}T00:00:00Z` : v);
      return Number.isNaN(d.getTime()) ? v : d;
    }
    if (format === 'duration') return durationOf({ s: v });
    if (format === 'byte') return new Uint8Array(Buffer.from(v, 'base64'));
  } catch {
    // An unparseable value stays a string; OpenAPI validation reports the format.
  }
  return v;
}

/** Decoded JSON as CEL sees it: int64 for integers (except in `number` nodes), per the schema. */
function toCel(v: unknown, s: JSONSchemaProps | undefined): unknown {
  if (typeof v === 'number') return s?.type !== 'number' && Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v === 'string' && s?.type === 'string' && s.format) return formattedString(v, s.format);
  if (Array.isArray(v)) return v.map((x) => toCel(x, isObject(s?.items) ? s?.items : undefined));
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    const props = isObject(s?.properties) ? s?.properties : undefined;
    const additional = isObject(s?.additionalProperties) ? s?.additionalProperties : undefined;
    for (const [k, x] of Object.entries(v)) out[k] = toCel(x, props?.[k] ?? additional);
    return out;
  }
  return v;
}

/** `.a.b`, `['a.b']`, `[0]` appended to a field path, as rule fieldPaths are. */
function appendFieldPath(path: string, fieldPath: string): string {
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;
  let out = path;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fieldPath)) !== null) {
    if (m[1] !== undefined) out = child(out, m[1]);
    else if (m[2] !== undefined) out = child(out, m[2]);
    else out = index(out, Number(m[3]));
  }
  return out;
}

function evaluate(p: Program, vars: Record<string, unknown>): { value?: unknown; error?: Error } {
  try {
    return { value: p(vars) };
  } catch (e) {
    return { error: e as Error };
  }
}

/** Errors that say a function or overload is missing are cel-js gaps, not the object's fault. */
const libraryGap = (e: Error): boolean => /no matching overload|Unknown function|not supported|unknown/i.test(e.message);

function ruleError(r: Rule, path: string, type: string, vars: Record<string, unknown>): FieldError {
  let msg = r.message ?? `failed rule: ${r.rule.trim()}`;
  if (r.messageExpression) {
    const m = evaluate(r.messageExpression, vars);
    if (typeof m.value === 'string' && m.value.trim() && !/[\r\n]/.test(m.value)) msg = m.value;
  }
  const at = r.fieldPath ? appendFieldPath(path, r.fieldPath) : path;
  switch (r.reason) {
    case 'FieldValueForbidden': return fieldError.forbidden(at, msg);
    case 'FieldValueRequired': return fieldError.required(at, msg);
    case 'FieldValueDuplicate': return fieldError.duplicate(at, type);
    default: return fieldError.invalid(at, type, msg);
  }
}

function checkRules(rules: Rule[], s: JSONSchemaProps, v: unknown, old: unknown, path: string, errs: FieldError[]): void {
  const type = typeof s.type === 'string' ? s.type : '';
  const self = toCel(v, s);
  const vars: Record<string, unknown> = { self };
  if (old !== undefined) vars.oldSelf = toCel(old, s);
  for (const r of rules) {
    if (r.usesOldSelf && old === undefined) continue;
    const res = evaluate(r.program, vars);
    if (res.error) {
      if (libraryGap(res.error)) continue;
      const text = res.error.message.split('\n')[0];
      errs.push(fieldError.invalid(path || '<nil>', type,
        `${text.charAt(0).toLowerCase()}${text.slice(1)} evaluating rule: ${r.rule.trim()}`));
    } else if (res.value !== true) {
      errs.push(ruleError(r, path || '<nil>', type, vars));
    }
  }
}

interface Walk {
  rules: Map<JSONSchemaProps, Rule[]>;
  errs: FieldError[];
}

/** The resource root shows CEL only metadata.name and metadata.generateName. */
function rootView(v: unknown): unknown {
  if (!isObject(v) || !isObject(v.metadata)) return v;
  const meta: Record<string, unknown> = {};
  if ('name' in v.metadata) meta.name = v.metadata.name;
  if ('generateName' in v.metadata) meta.generateName = v.metadata.generateName;
  return { ...v, metadata: meta };
}

function walk(w: Walk, s: JSONSchemaProps | undefined, v: unknown, old: unknown, path: string): void {
  if (!isObject(s) || v === undefined || v === null) return;
  const rules = w.rules.get(s);
  if (rules) checkRules(rules, s, v, old, path, w.errs);
  if (Array.isArray(v) && isObject(s.items)) {
    const mapKeys: string[] | undefined = s['x-kubernetes-list-type'] === 'map' ? s['x-kubernetes-list-map-keys'] : undefined;
    v.forEach((item, i) => walk(w, s.items, item, mapKeys ? correlate(item, old, mapKeys) : undefined, index(path, i)));
  } else if (isObject(v)) {
    const props = isObject(s.properties) ? s.properties as Record<string, JSONSchemaProps> : {};
    const additional = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
    const oldObj = isObject(old) ? old : undefined;
    for (const [k, x] of Object.entries(v)) {
      if (props[k]) walk(w, props[k], x, oldObj?.[k], child(path, k));
      else if (additional) walk(w, additional, x, oldObj?.[k], key(path, k));
    }
  }
}

/** The old item of a map list with the same key values. */
function correlate(item: unknown, old: unknown, keys: string[]): unknown {
  if (!isObject(item) || !Array.isArray(old)) return undefined;
  return old.find((o) => isObject(o) && keys.every((k) => o[k] === item[k]));
}

export function compileRules(schema: JSONSchemaProps): CompiledRules {
  const rules = new Map<JSONSchemaProps, Rule[]>();
  const unsupported: CompiledRules['unsupported'] = [];
  collect(schema, 'openAPIV3Schema', rules, unsupported);
  return {
    unsupported,
    validate(obj, old) {
      if (rules.size === 0) return [];
      const w: Walk = { rules, errs: [] };
      walk(w, schema, rootView(obj), old === undefined ? undefined : rootView(old), '');
      return w.errs;
    },
  };
}
