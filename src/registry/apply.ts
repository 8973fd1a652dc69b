// Server-side apply (application/apply-patch+yaml): creates the object when absent, otherwise
// merges the applied configuration into the live object.
import { applyStrategicMergePatch } from '../machinery/patch/strategic.js';
import { badRequest } from '../machinery/status.js';
import { isObject, type KObject } from '../machinery/types.js';
import type { StoredObject } from '../storage/store.js';
import { clone } from '../util/copy.js';
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
  if (!cur) return r.writer.create(s, ns, cfg, o);
  const av = cur.obj.apiVersion ?? '';
  const next = applyStrategicMergePatch(clone(cur.obj) as KObject, cfg, av, s.info.kind) as KObject;
  r.writer.checkSchema(s, next, o);
  return r.writer.updateFrom(s, cur, next, o);
}
