// A Job's podFailurePolicy and successPolicy rules, and the index interval lists ("1,3-5") that
// successPolicy and status fields use: rules and messages of pkg/apis/batch/validation/validation.go
// (validatePodFailurePolicy*, validateSuccessPolicy*, validateIndexesFormat, parseIndexInterval).
import { fieldError, type FieldError } from '../../machinery/status.js';
import { isQualifiedName } from '../../machinery/validation.js';
import { arr, str } from './common.js';
import { nonNegative } from './workload-validation.js';

type J = Record<string, any>;

const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_SUCCESS_RULES = 20;
const MAX_SUCCEEDED_INDEXES = 64 * 1024;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];

/** Go's %q of a string slice: ["a" "b"]. */
const quoted = (xs: string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

function onExitCodes(req: J, path: string, containers: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req.operator);
  if (op === '') errs.push(fieldError.required(`${path}.operator`, `valid values: ${quoted(OPERATORS)}`));
  else if (!OPERATORS.includes(op)) errs.push(fieldError.notSupported(`${path}.operator`, op, OPERATORS));
  if (req.containerName !== undefined && req.containerName !== null && !containers.has(str(req.containerName))) {
    errs.push(fieldError.invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const values = arr(req.values) as number[];
  if (values.length === 0) errs.push(fieldError.invalid(`${path}.values`, values, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODES) errs.push(fieldError.tooMany(`${path}.values`, values.length, MAX_EXIT_CODES));
  const seen = new Set<number>();
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(fieldError.invalid(`${path}.values[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(fieldError.duplicate(`${path}.values[${j}]`, v));
    seen.add(v);
  });
  if (values.some((v, j) => j > 0 && values[j - 1] > v)) errs.push(fieldError.invalid(`${path}.values`, values, 'must be ordered'));
  return errs;
}

function onPodConditions(patterns: J[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > MAX_CONDITION_PATTERNS) errs.push(fieldError.tooMany(path, patterns.length, MAX_CONDITION_PATTERNS));
  patterns.forEach((p, j) => {
    for (const m of isQualifiedName(str(p.type))) errs.push(fieldError.invalid(`${path}[${j}].type`, str(p.type), m));
    const status = str(p.status);
    if (status === '') errs.push(fieldError.required(`${path}[${j}].status`, `valid values: ${quoted(STATUSES)}`));
    else if (!STATUSES.includes(status)) errs.push(fieldError.notSupported(`${path}[${j}].status`, status, STATUSES));
  });
  return errs;
}

export function validatePodFailurePolicy(spec: J, path: string): FieldError[] {
  const rules = arr(spec.podFailurePolicy?.rules) as J[];
  const errs: FieldError[] = [];
  if (rules.length > MAX_RULES) errs.push(fieldError.tooMany(`${path}.rules`, rules.length, MAX_RULES));
  const podSpec = (spec.template?.spec ?? {}) as J;
  const containers = new Set([...arr(podSpec.containers), ...arr(podSpec.initContainers)].map((c) => str(c?.name)));
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    const action = str(rule?.action);
    if (action === '') errs.push(fieldError.required(`${rp}.action`, `valid values: ${quoted(ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) {
        errs.push(fieldError.invalid(`${rp}.action`, action, 'requires the backoffLimitPerIndex to be set'));
      }
    } else if (!ACTIONS.includes(action)) errs.push(fieldError.notSupported(`${rp}.action`, action, ACTIONS));
    const patterns = arr(rule?.onPodConditions) as J[];
    if (rule?.onExitCodes) errs.push(...onExitCodes(rule.onExitCodes, `${rp}.onExitCodes`, containers));
    if (patterns.length > 0) errs.push(...onPodConditions(patterns, `${rp}.onPodConditions`));
    if (rule?.onExitCodes && patterns.length > 0) {
      errs.push({ type: 'FieldValueInvalid', field: rp, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
    }
    if (!rule?.onExitCodes && patterns.length === 0) {
      errs.push({ type: 'FieldValueInvalid', field: rp, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
    }
  });
  return errs;
}

/** parseIndexInterval: "x" or "x-y" below `completions`, increasing; [x, y] or an error text. */
function parseInterval(text: string, completions: number): [number, number] | string {
  const parts = text.split('-');
  if (parts.length > 2) return `the fragment ${JSON.stringify(text)} violates the requirement that an index interval can have at most two parts separated by '-'`;
  const nums: number[] = [];
  for (const p of parts) {
    if (!/^[+-]?\d+$/.test(p)) return `cannot convert string to integer for index: ${JSON.stringify(p)}`;
    const n = Number(p);
    if (n >= completions) return `too large index: ${JSON.stringify(p)}`;
    nums.push(n);
  }
  if (nums.length === 2 && nums[0] >= nums[1]) return `non-increasing order, previous: ${nums[0]}, current: ${nums[1]}`;
  return [nums[0], nums[nums.length - 1]];
}

/** validateIndexesFormat: the number of indexes in "1,3-5", or an error text. */
export function countIndexes(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const part of text.split(',')) {
    const iv = parseInterval(part, completions);
    if (typeof iv === 'string') return iv;
    if (last !== undefined && last >= iv[0]) return `non-increasing order, previous: ${last}, current: ${iv[0]}`;
    total += iv[1] - iv[0] + 1;
    last = iv[1];
  }
  return total;
}

/** validateSuccessPolicy (the caller has checked the job is Indexed). */
export function validateSuccessPolicy(spec: J, path: string): FieldError[] {
  const rules = arr(spec.successPolicy?.rules) as J[];
  const errs: FieldError[] = [];
  const rp = `${path}.rules`;
  if (rules.length === 0) errs.push(fieldError.required(rp, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_RULES) errs.push(fieldError.tooMany(rp, rules.length, MAX_SUCCESS_RULES));
  const completions = typeof spec.completions === 'number' ? spec.completions : 0;
  rules.forEach((rule, i) => {
    const p = `${rp}[${i}]`;
    const hasIndexes = rule?.succeededIndexes !== undefined && rule?.succeededIndexes !== null;
    const hasCount = typeof rule?.succeededCount === 'number';
    if (!hasIndexes && !hasCount) errs.push(fieldError.required(p, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (hasIndexes) {
      const text = str(rule.succeededIndexes);
      if (text.length > MAX_SUCCEEDED_INDEXES) errs.push(fieldError.tooLong(`${p}.succeededIndexes`, MAX_SUCCEEDED_INDEXES));
      const n = countIndexes(text, completions);
      if (typeof n === 'string') errs.push(fieldError.invalid(`${p}.succeededIndexes`, text, `error parsing succeededIndexes: ${n}`));
      else total = n;
    }
    if (hasCount) {
      const cp = `${p}.succeededCount`;
      errs.push(...nonNegative(rule.succeededCount, cp));
      if (rule.succeededCount > completions) {
        errs.push(fieldError.invalid(cp, rule.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
      }
      if (hasIndexes && rule.succeededCount > total) {
        errs.push(fieldError.invalid(cp, rule.succeededCount, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}
