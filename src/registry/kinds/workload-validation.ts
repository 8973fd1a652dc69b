// Validation pieces shared by the apps/v1 and batch/v1 kinds: label selectors
// (apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector), selector-vs-template matching,
// int-or-percent fields and immutability (pkg/apis/apps/validation, pkg/apis/core/validation).
import { selectorFromLabelSelector, type LabelSelector, type LabelSelectorJSON } from '../../machinery/labels.js';
import { fieldError, type FieldError } from '../../machinery/status.js';
import { isQualifiedName, isValidLabelValue, regexError, validateLabels } from '../../machinery/validation.js';
import { jsonEqual } from '../../util/copy.js';
import { arr, str } from './common.js';

export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const IMMUTABLE = 'field is immutable';

/** ValidateNonnegativeField, for optional (pointer) fields too: absent is fine. */
export function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [fieldError.invalid(path, value, IS_NEGATIVE)] : [];
}

/** ValidateImmutableField: compared as JSON, the bad value is the new one. */
export function immutable(value: unknown, old: unknown, path: string): FieldError[] {
  return jsonEqual(value ?? null, old ?? null) ? [] : [fieldError.invalid(path, value ?? null, IMMUTABLE)];
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector (values strictly checked, as the workload kinds do for spec.selector). */
export function validateLabelSelector(selector: unknown, path: string): FieldError[] {
  if (selector === undefined || selector === null) return [];
  const s = selector as Record<string, any>;
  const errs = validateLabels(s.matchLabels, `${path}.matchLabels`);
  arr(s.matchExpressions).forEach((e: Record<string, any>, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = arr(e.values);
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) errs.push(fieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(fieldError.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(fieldError.invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(str(e.key))) errs.push(fieldError.invalid(`${p}.key`, str(e.key), m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(str(v))) errs.push(fieldError.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}

/** metav1.LabelSelectorAsSelector, or undefined where it would fail. */
export function asSelector(selector: unknown): LabelSelector | undefined {
  if (arr((selector as Record<string, any> | undefined)?.matchExpressions).some((e) => !OPERATORS.includes(e?.operator))) return undefined;
  try {
    return selectorFromLabelSelector(selector as LabelSelectorJSON | undefined);
  } catch {
    return undefined;
  }
}

export function emptySelector(selector: unknown): boolean {
  const s = (selector ?? {}) as Record<string, any>;
  return Object.keys(s.matchLabels ?? {}).length + arr(s.matchExpressions).length === 0;
}

// ---- int-or-percent (maxSurge, maxUnavailable) ----

const PERCENT_RE = /^[0-9]+%$/;
const PERCENT_MSG = regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');

/** ValidatePositiveIntOrPercent: a non-negative integer or "<n>%". */
export function validateIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return PERCENT_RE.test(v) ? [] : [fieldError.invalid(path, v, PERCENT_MSG)];
  if (typeof v === 'number') return nonNegative(v, path);
  return [];
}

function percentValue(v: unknown): number | undefined {
  return typeof v === 'string' && PERCENT_RE.test(v) ? parseInt(v.slice(0, -1), 10) : undefined;
}

/** getIntOrPercentValue: the number or the percentage; other strings count as 0. */
export function intOrPercentValue(v: unknown): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  return typeof v === 'number' ? v : 0;
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  const pct = percentValue(v);
  return pct !== undefined && pct > 100 ? [fieldError.invalid(path, v, 'must not be greater than 100%')] : [];
}
