// Field selectors: the grammar of k8s.io/apimachinery fields.ParseSelector and the apiserver's
// per-kind field label check (scheme field-label conversion funcs). Wording copied from the apiserver.
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  /** Ordered as the apiserver orders them: by the raw term text. */
  requirements: FieldRequirement[];
  empty(): boolean;
  /** `get` returns a field's value; a missing field compares as "". */
  matches(get: (field: string) => string | undefined): boolean;
  toString(): string;
}

/** fields.EscapeValue: the inverse of the unescaping done while parsing. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue: only "\\", "\," and "\=" are escapes; a bare "," or "=" is an error. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go formats the rune with %v, which prints its code point.
      throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** The first operator found scanning left to right; at each position "!=" beats "==" beats "=". */
function splitTerm(term: string): { lhs: string; op: '=' | '==' | '!='; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function selectorOf(reqs: FieldRequirement[]): FieldSelector {
  return {
    requirements: reqs,
    empty: () => reqs.length === 0,
    matches: (get) => reqs.every((r) => ((get(r.field) ?? '') === r.value) === (r.op === '=')),
    toString: () => reqs.map((r) => `${r.field}${r.op}${escapeFieldValue(r.value)}`).join(','),
  };
}

/** Like parseFieldSelector but throws a plain Error with the Go message. */
export function parseFieldRequirements(s: string): FieldRequirement[] {
  const terms = splitTerms(s).sort();
  const reqs: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw new Error(`invalid selector: '${s}'; can't understand '${term}'`);
    const value = unescapeFieldValue(parts.rhs);
    // A term with neither field nor value ("=") selects everything and is dropped, as in Go.
    if (parts.lhs === '' && value === '') continue;
    reqs.push({ field: parts.lhs, op: parts.op === '!=' ? '!=' : '=', value });
  }
  return reqs;
}

/** fields.ParseSelector for the fieldSelector query parameter; malformed input is a 400 BadRequest. */
export function parseFieldSelector(s: string): FieldSelector {
  try {
    return selectorOf(parseFieldRequirements(s));
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

/** Every kind without its own conversion func supports exactly these (DefaultMetaV1FieldSelectorConversion). */
export const DEFAULT_FIELD_LABELS: ReadonlySet<string> = new Set(['metadata.name', 'metadata.namespace']);

/** Field labels of the kinds that register conversion funcs in 1.35 (pkg/apis/core/v1, events/v1). */
export const FIELD_LABELS_BY_KIND: Readonly<Record<string, ReadonlySet<string>>> = {
  Pod: new Set(['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName',
    'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs',
    'status.nominatedNodeName']),
  // Cluster-scoped kinds: metadata.namespace is NOT accepted for these two.
  Node: new Set(['metadata.name', 'spec.unschedulable']),
  Namespace: new Set(['metadata.name', 'status.phase']),
  // Core Event; events.k8s.io/v1 Event registers the same labels (named after the core fields).
  Event: new Set(['metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace',
    'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion',
    'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type']),
  Secret: new Set(['metadata.name', 'metadata.namespace', 'type']),
  Service: new Set(['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type']),
  ReplicationController: new Set(['metadata.name', 'metadata.namespace', 'status.replicas']),
};

/** A Go %q rendering for the ASCII-ish names found in field labels. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/**
 * Rejects fields the kind does not support, checking terms in selector order as the apiserver's
 * Transform does. With `supported` given the kind has a conversion func ("field label not
 * supported: x"); without it the default applies ("\"x\" is not a known field selector: ...").
 */
export function checkFieldSelector(sel: FieldSelector, supported?: ReadonlySet<string>): void {
  for (const r of sel.requirements) {
    if (supported === undefined) {
      if (!DEFAULT_FIELD_LABELS.has(r.field)) {
        throw badRequest(`${goQuote(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
      }
    } else if (!supported.has(r.field)) {
      throw badRequest(`field label not supported: ${r.field}`);
    }
  }
}
