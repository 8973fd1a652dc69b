// Name, label, annotation and port validators with the detail strings of k8s.io/apimachinery 0.35
// (pkg/util/validation, pkg/api/validate/content, pkg/api/validation). Behaviour copied from the
// apiserver; lengths are byte lengths as in Go. IP and CIDR validators live in validation-ip.ts.
import { fieldError, type FieldError } from './status.js';
import type { OwnerReference } from './types.js';

export * from './validation-ip.js';

/**
 * Go's len() on a string: UTF-8 bytes, not UTF-16 code units (a lone surrogate counts as the 3 bytes
 * of U+FFFD, as when Go receives it). Buffer.byteLength counts without encoding: the TextEncoder it
 * replaces allocated a copy on every call, which was most of validateObjectMeta under load.
 */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// ---- message builders ----

/** pkg/util/validation wording (object names, ports). */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** pkg/api/validate/content wording (label keys and values, since 1.34). */
export function contentMaxLenError(length: number): string {
  return `must be no more than ${length} bytes`;
}

export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join('or ')}regex used for validation is '${re}')`;
}

export const emptyError = (): string => 'must be non-empty';

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

// ---- DNS names ----

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);
const dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
  'and must start and end with an alphanumeric character';
const dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' " +
  "or '.', and must start and end with an alphanumeric character";
const dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
  'alphabetic character, and end with an alphanumeric character';

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    // A valid subdomain that is not a valid label can only be failing because of dots.
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  }
  return errs;
}

function subdomain(value: string, lenMsg: (n: number) => string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(lenMsg(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  return subdomain(value, maxLenError);
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  return errs;
}

/** Names used as URL path segments (e.g. Events): only ".", ".." and "/" or "%" are refused. */
export function isValidPathSegmentName(name: string, prefix = false): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

// ---- qualified names (label keys) and label values ----

const labelKeyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyRe = new RegExp(`^${labelKeyFmt}$`);
const labelKeyErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  'alphanumeric character';
const labelValueFmt = `(${labelKeyFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const labelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or " +
  "'.', and must start and end with an alphanumeric character";

/** A label key / "qualified name": optional DNS-subdomain prefix, "/", and a name of at most 63 bytes. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else errs.push(...subdomain(prefix, contentMaxLenError).map((m) => `prefix part ${m}`));
  } else {
    return [`a valid label key ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}` +
      " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > 63) errs.push(`name part ${contentMaxLenError(63)}`);
  if (!labelKeyRe.test(name)) errs.push(`name part ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export const isLabelKey = isQualifiedName;

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(contentMaxLenError(63));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

// ---- ports ----

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isInRange(value: number, min: number, max: number): string[] {
  return value >= min && value <= max ? [] : [inclusiveRangeError(min, max)];
}

/** IANA_SVC_NAME: at most 15 of [-a-z0-9], at least one letter, no "--", no leading/trailing "-". */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

// ---- object names (pkg/api/validation generic.go) ----

export type NameRuleName = 'subdomain' | 'label' | 'dns1035' | 'path';

/**
 * generateName prefixes may end in "-": the apiserver swaps the last two characters for "a"
 * before checking (maskTrailingDash, quirk preserved).
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export function validateNameByRule(name: string, rule: NameRuleName, prefix = false): string[] {
  if (rule === 'path') return isValidPathSegmentName(name, prefix);
  const n = prefix ? maskTrailingDash(name) : name;
  if (rule === 'label') return isDNS1123Label(n);
  if (rule === 'dns1035') return isDNS1035Label(n);
  return isDNS1123Subdomain(n);
}

/** metadata.name; an empty name is "Required" (callers handle generateName first). */
export function validateObjectMetaName(name: string | undefined, rule: NameRuleName, path: string): FieldError[] {
  if (!name) return [fieldError.required(path, 'name or generateName is required')];
  return validateNameByRule(name, rule).map((m) => fieldError.invalid(path, name, m));
}

/** metadata.generateName, checked as a prefix. */
export function validateGenerateName(generateName: string, rule: NameRuleName, path: string): FieldError[] {
  return validateNameByRule(generateName, rule, true).map((m) => fieldError.invalid(path, generateName, m));
}

// ---- labels, annotations, owner references, finalizers (ObjectMeta) ----

/** Errors carry the map's path, not the key's, exactly as ValidateLabels does. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldError.invalid(path, k, m));
    for (const m of isValidLabelValue(String(v))) errs.push(fieldError.invalid(path, v, m));
  }
  return errs;
}

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Keys are qualified names compared case-insensitively; keys plus values may total 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldError.invalid(path, k, m));
    total += byteLength(k) + byteLength(String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** schema.FromAPIVersionAndKind: "v1" → core group; more than one "/" yields an empty version. */
function splitAPIVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: '', version: '' };
}

/** An owner reference as Go marshals it (field order and omitempty) for error values. */
function ownerRefValue(r: Partial<OwnerReference>): Record<string, unknown> {
  const v: Record<string, unknown> = { apiVersion: r.apiVersion ?? '', kind: r.kind ?? '', name: r.name ?? '', uid: r.uid ?? '' };
  if (r.controller !== undefined) v.controller = r.controller;
  if (r.blockOwnerDeletion !== undefined) v.blockOwnerDeletion = r.blockOwnerDeletion;
  return v;
}

export function validateOwnerReferences(refs: Partial<OwnerReference>[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const gv = splitAPIVersion(ref.apiVersion ?? '');
    const kind = ref.kind ?? '';
    if (!gv.version) errs.push(fieldError.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!kind) errs.push(fieldError.invalid(`${path}.kind`, kind, 'must not be empty'));
    if (!ref.name) errs.push(fieldError.invalid(`${path}.name`, ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(fieldError.invalid(`${path}.uid`, ref.uid ?? '', 'must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
      errs.push(fieldError.invalid(path, ownerRefValue(ref), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${kind}/${ref.name ?? ''}`;
      if (firstController) {
        errs.push(fieldError.invalid(path, (refs ?? []).map(ownerRefValue), 'Only one reference can have Controller set ' +
          `to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) {
    for (const m of isQualifiedName(f)) errs.push(fieldError.invalid(path, f, m));
  }
  if (finalizers?.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(fieldError.invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** While deletionTimestamp is set no finalizer may be added (ValidateNoNewFinalizers). */
export function validateNoNewFinalizers(next: string[] | undefined, old: string[] | undefined, path: string): FieldError[] {
  const had = new Set(old ?? []);
  const extra = [...new Set((next ?? []).filter((f) => !had.has(f)))].sort();
  if (extra.length === 0) return [];
  const goList = `[]string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`;
  return [fieldError.forbidden(path, `no new finalizers can be added if the object is being deleted, found new finalizers ${goList}`)];
}
