// Reads and writes through a View: the stored kind does the work; objects are converted at the edge.
import { invalid, isStatusError, qualifiedResource } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { StoredObject } from '../storage/store.js';
import { deepFreeze } from '../util/copy.js';
import { checkBody } from './objectmeta.js';
import type { Strategy, View } from './strategy.js';

const converted = new WeakMap<StoredObject, StoredObject>();

/** The view's form of a stored object, converted once per stored version. */
export function viewStored(v: View, so: StoredObject): StoredObject {
  let c = converted.get(so);
  if (!c) {
    c = { obj: deepFreeze(v.fromStorage(structuredClone(so.obj) as KObject)), rv: so.rv };
    converted.set(so, c);
  }
  return c;
}

/** A body for a write through a view: checked and validated in the served form, then converted. */
export function toStorageBody(s: Strategy, body: unknown, checkSchema: (obj: KObject) => void): KObject {
  const v = s.view!;
  const obj = checkBody(body, s);
  checkSchema(obj);
  const errs = v.validate?.(obj) ?? [];
  if (errs.length) throw invalid(s.info.kind, s.info.group, obj.metadata.name ?? obj.metadata.generateName ?? '', errs);
  return v.toStorage(obj);
}

/** Errors raised by the stored kind, reworded for the view (`events.events.k8s.io "x" not found`). */
export function remapViewError(s: Strategy, e: unknown): unknown {
  if (!isStatusError(e) || !s.view) return e;
  const of = s.view.of.info;
  const st = e.status;
  const from = qualifiedResource(of.resource, of.group);
  const to = qualifiedResource(s.info.resource, s.info.group);
  if (st.message?.startsWith(`${from} `)) st.message = to + st.message.slice(from.length);
  else if (st.message?.includes(` on ${from} `)) st.message = st.message.replace(` on ${from} `, ` on ${to} `);
  else if (st.reason === 'Invalid' && st.message?.startsWith(`${of.kind} `)) st.message = `${qualifiedResource(s.info.kind, s.info.group)}${st.message.slice(of.kind.length)}`;
  if (st.details && s.info.group) st.details = { ...st.details, group: s.info.group };
  return e;
}
