// The autoscaling/v1 Scale subresource (GET/PUT/PATCH .../{name}/scale), generic over every kind whose
// definition names where its replicas and selector live (Deployment, ReplicaSet, StatefulSet, custom
// resources with a scale subresource). Like the apiserver's ScaleREST: the Scale is computed from the
// parent on every read; a write changes only the parent's replica count, through the parent's own
// update path (strategy, validation, compare-and-swap), so watchers see an ordinary update.
import { applyJsonPatch } from '../machinery/patch/jsonpatch.js';
import { applyMergePatch } from '../machinery/patch/mergepatch.js';
import { applyStrategicMergePatch } from '../machinery/patch/strategic.js';
import { struct } from '../machinery/patch/schema.js';
import { kindStruct } from '../machinery/patch/types-k8s.js';
import { selectorFromLabelSelector } from '../machinery/labels.js';
import { badRequest, conflict, fieldError, invalid, notFound, type FieldError } from '../machinery/status.js';
import { isObject, type KObject } from '../machinery/types.js';
import { clone } from '../util/copy.js';
import type { PatchType } from './patch.js';
import type { Registry } from './registry.js';
import type { ScaleInfo, Strategy } from './strategy.js';
import type { WriteOptions, WriteResult } from './writes.js';

const SCALE_SCHEMA = kindStruct({ spec: struct(), status: struct() });

/** ".spec.replicas" → ["spec", "replicas"]. */
function pathOf(p: string): string[] {
  return p.replace(/^\./, '').split('.').filter(Boolean);
}

function read(o: unknown, path: string[]): unknown {
  let v = o;
  for (const k of path) v = isObject(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function write(o: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = o;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

/** The selector as Scale's status.selector string: a LabelSelector object rendered, or a string kept. */
function selectorString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (!isObject(v)) return undefined;
  try {
    return selectorFromLabelSelector(v as Parameters<typeof selectorFromLabelSelector>[0]).toString();
  } catch {
    return undefined;
  }
}

export function scaleInfo(s: Strategy): ScaleInfo {
  if (!s.scale) throw notFound(s.info.resource, s.info.group, '');
  return s.scale;
}

/** The Scale of a stored object, as the apiserver computes it. */
export function toScale(s: Strategy, obj: KObject): KObject {
  const info = scaleInfo(s);
  const m = obj.metadata;
  const metadata: Record<string, unknown> = { name: m.name };
  if (m.namespace) metadata.namespace = m.namespace;
  metadata.uid = m.uid;
  metadata.resourceVersion = m.resourceVersion;
  metadata.creationTimestamp = m.creationTimestamp;
  const specReplicas = read(obj, pathOf(info.specReplicasPath));
  const statusReplicas = read(obj, pathOf(info.statusReplicasPath));
  const status: Record<string, unknown> = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  const sel = info.labelSelectorPath ? selectorString(read(obj, pathOf(info.labelSelectorPath))) : undefined;
  if (sel) status.selector = sel;
  const spec: Record<string, unknown> = {};
  if (typeof specReplicas === 'number') spec.replicas = specReplicas;
  return { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata, spec, status } as KObject;
}

/** ValidateScale: replicas a non-negative integer. */
function validateScale(scale: Record<string, any>): FieldError[] {
  const r = scale.spec?.replicas;
  if (r === undefined || r === null) return [];
  if (typeof r !== 'number' || !Number.isInteger(r)) return [fieldError.invalid('spec.replicas', r, 'must be an integer')];
  if (r < 0) return [fieldError.invalid('spec.replicas', r, 'must be greater than or equal to 0')];
  return [];
}

/** PUT .../scale with a Scale body (or the result of a patch applied to the current Scale). */
export function updateScale(r: Registry, s: Strategy, ns: string, name: string, body: unknown, o: WriteOptions): WriteResult {
  const info = scaleInfo(s);
  if (!isObject(body)) throw badRequest('the body of the request must be a Scale object');
  const scale = body as Record<string, any>;
  if (scale.kind !== undefined && scale.kind !== 'Scale') {
    throw badRequest(`${String(scale.kind)} in version "${String(scale.apiVersion ?? '')}" cannot be handled as a Scale`);
  }
  const meta = (isObject(scale.metadata) ? scale.metadata : {}) as Record<string, any>;
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
  }
  const errs = validateScale(scale);
  if (errs.length) throw invalid('Scale', 'autoscaling', name, errs);
  const cur = r.tryGet(s, ns, name);
  if (!cur) throw notFound(s.info.resource, s.info.group, name);
  if (meta.resourceVersion && meta.resourceVersion !== String(cur.rv)) throw conflict(s.info.resource, s.info.group, name);
  const next = clone(cur.obj) as KObject;
  write(next as unknown as Record<string, unknown>, pathOf(info.specReplicasPath), scale.spec?.replicas ?? 0);
  const res = r.writer.updateFrom(s, cur, next, { ...o, subresource: 'scale' });
  // The answer is the Scale, not the parent's stored bytes.
  return { object: toScale(s, res.object), created: false };
}

/** PATCH .../scale: the patch applies to the current Scale, then the result is written as a PUT would. */
export function patchScale(r: Registry, s: Strategy, ns: string, name: string, type: PatchType, patch: unknown,
  o: WriteOptions): WriteResult {
  const cur = r.tryGet(s, ns, name);
  if (!cur) throw notFound(s.info.resource, s.info.group, name);
  const base = toScale(s, cur.obj);
  let next: unknown;
  if (type === 'json') next = applyJsonPatch(base, patch);
  else if (type === 'merge') next = applyMergePatch(base, patch);
  else if (type === 'strategic') next = applyStrategicMergePatch(base, patch, SCALE_SCHEMA);
  else next = applyMergePatch(base, isObject(patch) ? { spec: (patch as Record<string, unknown>).spec } : patch);
  return updateScale(r, s, ns, name, next, o);
}
