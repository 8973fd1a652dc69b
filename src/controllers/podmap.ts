// Which Services a pod change concerns (the pod handlers of the endpoint controllers): those whose
// selector matches the pod's labels before or after, and only when something endpoints depend on
// changed.
import { selectorFromSet } from '../machinery/labels.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import type { StoreEvent } from '../storage/store.js';

/** Pod fields whose change can change a Service's endpoints, as one JSON value. */
function endpointFields(p: KObject): unknown[] {
  const spec = (p.spec ?? {}) as Record<string, any>;
  const status = (p.status ?? {}) as Record<string, any>;
  const conds = (status.conditions ?? []) as { type?: string; status?: string; lastTransitionTime?: string }[];
  return [p.metadata.deletionTimestamp, status.podIP, status.podIPs, status.phase,
    conds.map((c) => [c.type, c.status, c.type === 'Ready' ? c.lastTransitionTime : '']),
    spec.nodeName, spec.hostname, spec.subdomain, (spec.containers ?? []).map((c: any) => c.ports),
    (spec.initContainers ?? []).map((c: any) => [c.restartPolicy, c.ports])];
}

/** What a pod event compared before: the JSON text of endpointFields (the tests' reference). */
export function endpointFieldsText(p: KObject): string {
  return JSON.stringify(endpointFields(p));
}

/** As JSON.stringify prints an array element: undefined, functions, symbols and non-finite numbers are null. */
function asElement(v: unknown): unknown {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

const printed = (o: Record<string, unknown>, k: string) => {
  const v = o[k];
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
};

/** JSON.stringify(a) === JSON.stringify(b) for two array elements, without the strings. */
function sameJSON(a: unknown, b: unknown): boolean {
  a = asElement(a);
  b = asElement(b);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (typeof (a as { toJSON?: unknown }).toJSON === 'function' || typeof (b as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJSON(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const kx = Object.keys(x).filter((k) => printed(x, k));
  const ky = Object.keys(y).filter((k) => printed(y, k));
  if (kx.length !== ky.length) return false;
  for (let i = 0; i < kx.length; i++) if (kx[i] !== ky[i] || !sameJSON(x[kx[i]], y[ky[i]])) return false;
  return true;
}

type Rec = Record<string, any>;

/** The conditions' [type, status, Ready's lastTransitionTime] triples, element by element. */
function sameConditions(a: Rec[], b: Rec[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!sameJSON(x.type, y.type) || !sameJSON(x.status, y.status)) return false;
    if (!sameJSON(x.type === 'Ready' ? x.lastTransitionTime : '', y.type === 'Ready' ? y.lastTransitionTime : '')) return false;
  }
  return true;
}

/** The same projection of two container lists: pick(c) for each, element by element. */
function sameProjected(a: Rec[], b: Rec[], pick: (c: Rec) => unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const x = pick(a[i]);
    const y = pick(b[i]);
    for (let j = 0; j < x.length; j++) if (!sameJSON(x[j], y[j])) return false;
  }
  return true;
}

const portsOf = (c: Rec): unknown[] => [c.ports];
const initFieldsOf = (c: Rec): unknown[] => [c.restartPolicy, c.ports];

/**
 * endpointFieldsText(p) === endpointFieldsText(q), field by field without building the summary:
 * a status write shares the stored spec (and a spec write the status), so one side is usually
 * settled by identity.
 */
export function sameEndpointFields(p: KObject, q: KObject): boolean {
  if (!sameJSON(p.metadata.deletionTimestamp, q.metadata.deletionTimestamp)) return false;
  const ps = (p.status ?? {}) as Rec;
  const qs = (q.status ?? {}) as Rec;
  if (ps !== qs) {
    if (!sameJSON(ps.podIP, qs.podIP) || !sameJSON(ps.podIPs, qs.podIPs) || !sameJSON(ps.phase, qs.phase)) return false;
    if (!sameConditions(ps.conditions ?? [], qs.conditions ?? [])) return false;
  }
  const pp = (p.spec ?? {}) as Rec;
  const qp = (q.spec ?? {}) as Rec;
  if (pp !== qp) {
    if (!sameJSON(pp.nodeName, qp.nodeName) || !sameJSON(pp.hostname, qp.hostname) || !sameJSON(pp.subdomain, qp.subdomain)) return false;
    if (!sameProjected(pp.containers ?? [], qp.containers ?? [], portsOf)) return false;
    if (!sameProjected(pp.initContainers ?? [], qp.initContainers ?? [], initFieldsOf)) return false;
  }
  return true;
}

/** JSON.stringify(a ?? {}) === JSON.stringify(b ?? {}) for label maps, without the strings. */
function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || a![ka[i]] !== b![kb[i]]) return false;
  return true;
}

/** Whether an event can concern any Service: false for changes endpoints don't depend on. */
function concernsEndpoints(ev: StoreEvent): boolean {
  const prev = ev.prev?.obj;
  if (ev.type !== 'MODIFIED' || !prev) return true;
  const cur = ev.object.obj;
  return !sameLabels(prev.metadata.labels, cur.metadata.labels) || !sameEndpointFields(prev, cur);
}

/** Service keys ("ns/name") to sync for a pod event (lists the namespace's Services). */
export function servicesForPodEvent(r: Registry, ev: StoreEvent): string[] {
  if (!concernsEndpoints(ev)) return [];
  const cur = ev.object.obj;
  const labelSets = [cur.metadata.labels];
  if (ev.type === 'MODIFIED' && ev.prev) labelSets.push(ev.prev.obj.metadata.labels);
  const ns = cur.metadata.namespace ?? '';
  const keys: string[] = [];
  for (const s of r.list(r.resource('', 'services'), ns).items) {
    const sel = (s.obj.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const selector = selectorFromSet(sel);
    if (labelSets.some((l) => selector.matches(l ?? {}))) keys.push(`${ns}/${s.obj.metadata.name}`);
  }
  return keys;
}

interface IndexedService {
  name: string;
  /** "namespace/name", made once: every pod event of the Service hands it to the queues. */
  key: string;
  selector: [string, string][];
}

/** Whether `labels` has every key=value of `selector` (an index loop: no closure or destructuring per term). */
function matches(selector: readonly [string, string][], labels: Record<string, string> | undefined): boolean {
  for (let i = 0; i < selector.length; i++) {
    const term = selector[i];
    const k = term[0];
    if (labels === undefined || !Object.prototype.hasOwnProperty.call(labels, k) || String(labels[k]) !== term[1]) return false;
  }
  return true;
}

/**
 * servicesForPodEvent over an index the map keeps from its own watch on Services: each Service
 * with a selector is filed under one of its selector's key=value pairs, so a pod event looks at
 * the Services filed under the pod's own labels instead of every Service of the namespace. Same
 * answer, same order (by name, as a list returns them).
 */
export class PodServiceMap {
  /** namespace → label key → label value → Services filed there, by name. */
  private byTerm = new Map<string, Map<string, Map<string, Map<string, IndexedService>>>>();
  /** namespace/name → where it is filed. */
  private filed = new Map<string, { ns: string; key: string; value: string }>();
  readonly stop: () => void;

  constructor(r: Registry) {
    const services = r.resource('', 'services');
    this.stop = r.watch(services, (ev) => this.onService(ev));
    for (const s of r.list(services, undefined).items) this.file(s.obj);
  }

  private onService(ev: StoreEvent): void {
    const o = ev.object.obj;
    this.unfile(o.metadata.namespace ?? '', o.metadata.name ?? '');
    if (ev.type !== 'DELETED') this.file(o);
  }

  private file(o: KObject): void {
    const sel = (o.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel || Object.keys(sel).length === 0) return;
    const ns = o.metadata.namespace ?? '';
    const name = o.metadata.name ?? '';
    const selector = Object.entries(sel).map(([k, v]) => [k, String(v)] as [string, string]);
    const [key, value] = selector[0];
    let keys = this.byTerm.get(ns);
    if (!keys) this.byTerm.set(ns, (keys = new Map()));
    let values = keys.get(key);
    if (!values) keys.set(key, (values = new Map()));
    let at = values.get(value);
    if (!at) values.set(value, (at = new Map()));
    at.set(name, { name, key: `${ns}/${name}`, selector });
    this.filed.set(`${ns}/${name}`, { ns, key, value });
  }

  private unfile(ns: string, name: string): void {
    const f = this.filed.get(`${ns}/${name}`);
    if (!f) return;
    this.filed.delete(`${ns}/${name}`);
    const keys = this.byTerm.get(f.ns)!;
    const values = keys.get(f.key)!;
    const at = values.get(f.value)!;
    at.delete(name);
    if (at.size === 0) values.delete(f.value);
    if (values.size === 0) keys.delete(f.key);
    if (keys.size === 0) this.byTerm.delete(f.ns);
  }

  /** Service keys ("ns/name") to sync for a pod event. */
  servicesFor(ev: StoreEvent): string[] {
    if (!concernsEndpoints(ev)) return [];
    const cur = ev.object.obj;
    const ns = cur.metadata.namespace ?? '';
    const keys = this.byTerm.get(ns);
    if (!keys) return [];
    const now = cur.metadata.labels;
    const before = ev.type === 'MODIFIED' && ev.prev ? ev.prev.obj.metadata.labels : undefined;
    // The same label map (a write that left the labels alone shares the stored one) is looked at once.
    const other = before === undefined || before === now ? undefined : before;
    let found: IndexedService[] | undefined;
    for (let pass = 0; pass < 2; pass++) {
      const labels = pass === 0 ? now : other;
      if (!labels) continue;
      for (const k in labels) {
        if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
        const at = keys.get(k)?.get(String(labels[k]));
        if (!at) continue;
        for (const s of at.values()) {
          if (found?.includes(s)) continue;
          // Selected by either version's labels.
          if (matches(s.selector, now) || (other !== undefined && matches(s.selector, other))) (found ??= []).push(s);
        }
      }
    }
    if (!found) return [];
    if (found.length === 1) return [found[0].key];
    return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((s) => s.key);
  }
}
