// Generic ObjectMeta semantics shared by every kind (rest.BeforeCreate / BeforeUpdate in the apiserver).
import { badRequest, fieldError, type FieldError } from '../machinery/status.js';
import type { KObject, ObjectMeta } from '../machinery/types.js';
import { isObject } from '../machinery/types.js';
import { rfc3339 } from '../util/clock.js';
import { isPlainFrozen } from '../util/copy.js';
import {
  validateAnnotations, validateFinalizers, validateLabels, validateObjectMetaName, validateOwnerReferences,
} from '../machinery/validation.js';
import type { Strategy } from './strategy.js';

/** Fields a client may not set on create; the server owns them. */
export function resetServerOwnedOnCreate(meta: ObjectMeta, uid: string, now: number, tracksGeneration: boolean): void {
  meta.uid = uid;
  meta.creationTimestamp = rfc3339(now);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (tracksGeneration) meta.generation = 1;
  else delete meta.generation;
}

/** Carries the server-owned fields of the stored object over to an update. */
export function carryOverOnUpdate(meta: ObjectMeta, old: ObjectMeta): void {
  meta.uid = old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (old.generation !== undefined) meta.generation = old.generation;
  else delete meta.generation;
  delete meta.selfLink;
}

/** The body must be a JSON object with a metadata object; kind/apiVersion, when given, must match. */
export function checkBody(body: unknown, s: Strategy): KObject {
  if (!isObject(body)) throw badRequest(`the body of the request must be a JSON object describing a ${s.info.kind}`);
  const expectedAV = s.info.group ? `${s.info.group}/${s.info.version}` : s.info.version;
  const av = body.apiVersion;
  const kind = body.kind;
  if (kind !== undefined && kind !== '' && kind !== s.info.kind) {
    throw badRequest(`${String(kind)} in version ${JSON.stringify(String(av ?? ''))} cannot be handled as a ${s.info.kind}: ` +
      `the kind in the data (${String(kind)}) does not match the expected kind (${s.info.kind})`);
  }
  if (av !== undefined && av !== '' && av !== expectedAV) {
    throw badRequest(`the API version in the data (${String(av)}) does not match the expected API version (${expectedAV})`);
  }
  if (body.metadata === undefined || body.metadata === null) body.metadata = {};
  if (!isObject(body.metadata)) {
    throw badRequest(`${s.info.kind} in version ${JSON.stringify(s.info.version)} cannot be handled as a ${s.info.kind}: ` +
      'json: cannot unmarshal non-object into Go struct field .metadata of type v1.ObjectMeta');
  }
  body.apiVersion = expectedAV;
  body.kind = s.info.kind;
  return body as KObject;
}

/** Validation every kind shares: name, namespace presence, labels, annotations, owners, finalizers. */
export function validateObjectMeta(obj: KObject, s: Strategy, isCreate: boolean, old?: KObject): FieldError[] {
  const m = obj.metadata;
  const errs: FieldError[] = [];
  if (!m.name) {
    if (isCreate && !m.generateName) errs.push(fieldError.required('metadata.name', 'name or generateName is required'));
    else if (!isCreate) errs.push(fieldError.required('metadata.name', ''));
  } else {
    errs.push(...validateObjectMetaName(m.name, s.nameRule, 'metadata.name'));
  }
  if (s.info.namespaced && !m.namespace) errs.push(fieldError.required('metadata.namespace', ''));
  // An update that keeps the stored (plain, frozen) maps and lists checks each of them once.
  const kept = old !== undefined && isPlainFrozen(old) ? old.metadata : undefined;
  validateKept(errs, FIELDS.labels, m.labels, kept?.labels);
  validateKept(errs, FIELDS.annotations, m.annotations, kept?.annotations);
  validateKept(errs, FIELDS.ownerReferences, m.ownerReferences, kept?.ownerReferences);
  validateKept(errs, FIELDS.finalizers, m.finalizers, kept?.finalizers);
  return errs;
}

interface MetaField {
  validate(v: any, path: string): FieldError[];
  path: string;
  /** Values found valid here that can no longer change (parts of a stored plain frozen object). */
  valid: WeakSet<object>;
}

const field = (validate: MetaField['validate'], path: string): MetaField => ({ validate, path, valid: new WeakSet() });

const FIELDS = {
  labels: field(validateLabels, 'metadata.labels'),
  annotations: field(validateAnnotations, 'metadata.annotations'),
  ownerReferences: field(validateOwnerReferences, 'metadata.ownerReferences'),
  finalizers: field(validateFinalizers, 'metadata.finalizers'),
};

/** f.validate(v), skipped for a value kept from the stored version (`stored`) and already found valid. */
function validateKept(errs: FieldError[], f: MetaField, v: unknown, stored: unknown): void {
  const keptObject = v === stored && typeof v === 'object' && v !== null;
  if (keptObject && f.valid.has(v)) return;
  const found = f.validate(v, f.path);
  if (found.length) errs.push(...found);
  else if (keptObject) f.valid.add(v);
}

/** Rules on updates of ObjectMeta (ValidateObjectMetaUpdate). */
export function validateObjectMetaUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata;
  const o = old.metadata;
  if (o.deletionTimestamp) {
    const added = (m.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length) {
      errs.push(fieldError.forbidden('metadata.finalizers',
        `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`));
    }
  }
  return errs;
}
