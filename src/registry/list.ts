// LIST semantics: selectors, resourceVersion/resourceVersionMatch, limit/continue with consistent
// snapshots rebuilt from the event log (so every page of one list shows the same revision).
import { badRequest, expired, fieldError, invalid, timeout } from '../machinery/status.js';
import type { FieldError } from '../machinery/status.js';
import { parseLabelSelector, type LabelSelector } from '../machinery/labels.js';
import { checkFieldSelector, parseFieldSelector, type FieldSelector } from '../machinery/fields.js';
import type { KObject } from '../machinery/types.js';
import type { LabelTerm, Store, StoredObject } from '../storage/store.js';
import { keyOfStored, mergeSorted } from '../storage/table.js';
import type { Strategy } from './strategy.js';
import { storeKey } from './strategy.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: StoredObject[];
  resourceVersion: number;
  continue?: string;
  remainingItemCount?: number;
}

export interface Selection {
  label: LabelSelector;
  field: FieldSelector;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function parseSelection(s: Strategy, labelSelector?: string, fieldSelector?: string): Selection {
  const label = parseLabelSelector(labelSelector ?? '');
  const field = parseFieldSelector(fieldSelector ?? '');
  checkFieldSelector(field, supportedFields(s));
  return { label, field };
}

const fieldSets = new WeakMap<Strategy, ReadonlySet<string>>();

/**
 * The field labels a kind accepts: its own selectable fields (cluster-scoped kinds have no
 * metadata.namespace), or undefined for kinds with only the default two (which the apiserver
 * reports with different wording).
 */
export function supportedFields(strategy: Strategy): ReadonlySet<string> | undefined {
  const s = strategy.view?.of ?? strategy;
  if (!s.selectableFields) return undefined;
  let set = fieldSets.get(s);
  if (!set) {
    const sample = s.selectableFields({ metadata: {} });
    set = new Set(['metadata.name', ...(s.info.namespaced ? ['metadata.namespace'] : []), ...Object.keys(sample)]);
    fieldSets.set(s, set);
  }
  return set;
}

export function objectFields(strategy: Strategy, obj: KObject): Record<string, string> {
  const s = strategy.view?.of ?? strategy;
  const f = s.selectableFields?.(obj) ?? {};
  f['metadata.name'] = obj.metadata.name ?? '';
  f['metadata.namespace'] = obj.metadata.namespace ?? '';
  return f;
}

export function selectionMatches(s: Strategy, sel: Selection, obj: KObject): boolean {
  if (!sel.label.empty() && !sel.label.matches(obj.metadata.labels)) return false;
  if (!sel.field.empty()) {
    const fields = objectFields(s, obj);
    if (!sel.field.matches((f) => fields[f])) return false;
  }
  return true;
}

function listOptionsInvalid(errs: FieldError[]): Error {
  return invalid('ListOptions', 'meta.k8s.io', '', errs);
}

function decodeContinue(tok: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(tok, 'base64url').toString('utf8')) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return t;
  } catch {
    throw badRequest('invalid continue token');
  }
}

function encodeContinue(rv: number, start: string): string {
  const t: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

/** Validates resourceVersion/resourceVersionMatch/continue combinations like the apiserver (422 ListOptions). */
export function validateListOptions(o: ListOptions, isWatch: boolean): void {
  const errs: FieldError[] = [];
  if (o.resourceVersionMatch) {
    if (!isWatch && !o.resourceVersion) {
      errs.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    }
    if (o.continue) errs.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (o.resourceVersionMatch !== 'NotOlderThan' && o.resourceVersionMatch !== 'Exact') {
      errs.push(fieldError.notSupported('resourceVersionMatch', o.resourceVersionMatch, ['Exact', 'NotOlderThan', '']));
    } else if (o.resourceVersionMatch === 'Exact' && o.resourceVersion === '0') {
      errs.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (o.continue && o.resourceVersion && o.resourceVersion !== '0') {
    errs.push(fieldError.forbidden('resourceVersion', 'specifying resource version is not allowed when using continue'));
  }
  if (errs.length) throw listOptionsInvalid(errs);
}

export function parseResourceVersion(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

/** The equality-style requirements (=, ==, in) of a label selector: what the store's label index can answer. */
function indexTerms(sel: Selection): LabelTerm[] {
  return sel.label.requirements
    .filter((r) => r.operator === 'In' || r.operator === 'Equals' || r.operator === 'DoubleEquals')
    .map((r) => ({ key: r.key, values: r.values }));
}

/** A parsed selection with what list() derives from it. Shared between requests: never modified. */
interface ParsedSelection {
  sel: Selection;
  terms: readonly LabelTerm[];
  everything: boolean;
}

const parsedSelections = new WeakMap<Strategy, Map<string, ParsedSelection>>();
const MAX_PARSED_SELECTIONS = 256;

/**
 * parseSelection, remembered per kind and selector text: clients repeat a handful of selectors
 * (informers, kubectl -l, controllers), and parsing and validating one costs more than matching
 * it against a hundred objects. Only selectors that parse are kept; a bad one throws afresh.
 */
function selectionFor(s: Strategy, labelSelector = '', fieldSelector = ''): ParsedSelection {
  let byText = parsedSelections.get(s);
  if (!byText) {
    byText = new Map();
    parsedSelections.set(s, byText);
  }
  const key = `${labelSelector.length}:${labelSelector}${fieldSelector}`;
  let p = byText.get(key);
  if (!p) {
    const sel = parseSelection(s, labelSelector, fieldSelector);
    p = { sel, terms: indexTerms(sel), everything: sel.label.empty() && sel.field.empty() };
    if (byText.size >= MAX_PARSED_SELECTIONS) byText.clear();
    byText.set(key, p);
  }
  return p;
}

/**
 * The objects of a resource as they were at revision `at`: current objects with every later
 * change undone from the event log. Undefined when the log no longer reaches back to `at`.
 * With `terms`, current objects come from the label index when it narrows the list: objects whose
 * labels changed since `at` come back from the log, so the superset still covers every match.
 */
function snapshotAt(store: Store, s: Strategy, namespace: string | undefined, at: number,
  terms: readonly LabelTerm[]): StoredObject[] | undefined {
  const resource = storeKey(s);
  const current = (terms.length ? store.listByLabels(resource, namespace, terms) : undefined) ?? store.list(resource, namespace);
  if (at >= store.currentRevision) return current;
  const later = store.log(resource).since(at);
  if (!later) return undefined;
  const view = new Map<string, StoredObject | undefined>();
  for (let i = later.length - 1; i >= 0; i--) {
    const ev = later[i];
    const m = ev.object.obj.metadata;
    if (namespace !== undefined && (m.namespace ?? '') !== namespace) continue;
    view.set(keyOfStored(ev.object), ev.type === 'ADDED' ? undefined : ev.prev);
  }
  return view.size === 0 ? current : mergeSorted(current, view, keyOfStored);
}

export function list(store: Store, s: Strategy, namespace: string | undefined, o: ListOptions): ListResult {
  validateListOptions(o, false);
  const { sel, terms, everything } = selectionFor(s, o.labelSelector, o.fieldSelector);
  const requested = parseResourceVersion(o.resourceVersion);
  const current = store.currentRevision;
  if (requested !== undefined && requested > current) {
    throw timeout(`Too large resource version: ${requested}, current: ${current}`,
      [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }]);
  }
  let at = current;
  let start = '';
  if (o.continue) {
    const tok = decodeContinue(o.continue);
    at = tok.rv;
    start = tok.start;
  } else if (o.resourceVersionMatch === 'Exact' && requested !== undefined) {
    at = requested;
  }
  const snapshot = snapshotAt(store, s, namespace, at, terms);
  if (!snapshot) {
    throw expired(o.continue
      ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'
      : `too old resource version: ${at} (${store.log(storeKey(s)).oldestResumable + 1})`);
  }
  const limit = o.limit && o.limit > 0 ? o.limit : 0;
  const items: StoredObject[] = [];
  let i = 0;
  if (start) {
    // Binary search for the first key after the continue position.
    let lo = 0;
    let hi = snapshot.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyOfStored(snapshot[mid]) <= start) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
  }
  for (; i < snapshot.length; i++) {
    const so = snapshot[i];
    if (!everything && !selectionMatches(s, sel, so.obj)) continue;
    if (limit && items.length === limit) break;
    items.push(so);
  }
  const result: ListResult = { items, resourceVersion: at };
  if (limit && i < snapshot.length) {
    result.continue = encodeContinue(at, keyOfStored(items[items.length - 1]));
    if (everything) result.remainingItemCount = snapshot.length - i;
  }
  return result;
}
