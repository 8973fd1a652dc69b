// PATCH through the registry: the patch is applied to the stored object, then the result takes the
// ordinary update path (strategies, validation, compare-and-swap). Apply patches may create.
import { applyJsonPatch } from '../machinery/patch/jsonpatch.js';
import { applyMergePatch } from '../machinery/patch/mergepatch.js';
import { applyStrategicMergePatch } from '../machinery/patch/strategic.js';
import { badRequest, conflict, notFound } from '../machinery/status.js';
import { isObject, type KObject } from '../machinery/types.js';
import { clone } from '../util/copy.js';
import { serverSideApply } from './apply.js';
import type { Registry } from './registry.js';
import type { Strategy } from './strategy.js';
import type { WriteOptions, WriteResult } from './writes.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  force?: boolean;
}

function applyPatch(s: Strategy, type: Exclude<PatchType, 'apply'>, base: KObject, patch: unknown): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(base, patch);
    case 'merge':
      return applyMergePatch(base, patch);
    case 'strategic':
      // Kinds without Go struct tags (custom resources) answer 415, as the apiserver does.
      return applyStrategicMergePatch(base, patch, s.patch?.schema);
  }
}

export function patchObject(r: Registry, s: Strategy, ns: string, name: string, type: PatchType, patch: unknown,
  o: PatchOptions): WriteResult {
  const cur = r.tryGet(s, ns, name);
  if (type === 'apply') return serverSideApply(r, s, ns, name, cur, patch, o);
  if (!cur) throw notFound(s.info.resource, s.info.group, name);
  if (type !== 'json' && !isObject(patch)) throw badRequest('the patch must be a JSON object');
  const result = applyPatch(s, type, clone(cur.obj) as KObject, patch);
  if (!isObject(result) || !isObject(result.metadata)) throw badRequest('the patched object must be a JSON object with metadata');
  const next = result as KObject;
  const m = next.metadata;
  if (m.name !== name) throw badRequest(`the name of the object (${String(m.name)}) does not match the name on the URL (${name})`);
  if (s.info.namespaced && m.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (m.resourceVersion && m.resourceVersion !== String(cur.rv)) throw conflict(s.info.resource, s.info.group, name);
  if (m.uid !== cur.obj.metadata.uid) {
    throw conflict(s.info.resource, s.info.group, name,
      `Precondition failed: UID in precondition: ${String(m.uid)}, UID in object meta: ${cur.obj.metadata.uid}`);
  }
  if (s.view) return r.update(s, ns, name, next, o);
  r.writer.checkSchema(s, next, o);
  return r.writer.updateFrom(s, cur, next, o);
}
