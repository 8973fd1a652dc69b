// Server-side apply (application/apply-patch+yaml): the applied configuration is merged into the live
// object (or creates it) with field ownership tracked in metadata.managedFields; conflicts with
// other managers are 409s unless force is set.
import { apply } from '../machinery/patch/index.js';
import { badRequest } from '../machinery/status.js';
import { apiVersionOf, isObject, type KObject } from '../machinery/types.js';
import type { StoredObject } from '../storage/store.js';
import type { PatchOptions } from './patch.js';
import type { Registry } from './registry.js';
import type { Strategy } from './strategy.js';
import type { WriteResult } from './writes.js';

export function serverSideApply(r: Registry, s: Strategy, ns: string, name: string, cur: StoredObject | undefined,
  applied: unknown, o: PatchOptions): WriteResult {
  if (!isObject(applied)) throw badRequest('the apply configuration must be an object');
  const cfg = applied as KObject;
  if (!isObject(cfg.metadata)) cfg.metadata = {};
  if (cfg.metadata.name && cfg.metadata.name !== name) {
    throw badRequest(`the name of the object (${cfg.metadata.name}) does not match the name on the URL (${name})`);
  }
  cfg.metadata.name = name;
  if (s.info.namespaced) {
    if (cfg.metadata.namespace && cfg.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    cfg.metadata.namespace = ns;
  }
  const res = apply(cur?.obj, cfg, {
    manager: o.fieldManager ?? '', force: o.force, now: r.now(), apiVersion: apiVersionOf(s.info.group, s.info.version),
    subresource: o.subresource || undefined, type: s.patch,
  });
  const next = res.object as KObject;
  const opts = { ...o, managedFieldsSet: true };
  if (!cur) return r.create(s, ns, next, opts);
  if (s.view) return r.update(s, ns, name, next, opts);
  r.writer.checkSchema(s, next, opts);
  return r.writer.updateFrom(s, cur, next, opts);
}
