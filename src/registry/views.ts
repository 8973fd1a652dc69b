// Reads and writes through a View: the stored kind does the work; objects are converted at the edge.
import { invalid } from '../machinery/status.js';
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
