// create and update: the generic write path (BeforeCreate/BeforeUpdate, strategy hooks, validation,
// compare-and-swap against the store, no-op detection).
import {
  alreadyExists, badRequest, conflict, invalid, isStatusError, notFound, type FieldError,
} from '../machinery/status.js';
import { apiVersionOf, type KObject } from '../machinery/types.js';
import { StoreConflictError, StoreExistsError, type StoredObject } from '../storage/store.js';
import { isPlainStored } from '../storage/table.js';
import { clone, jsonEqual, notePlainVersion, shareUnchanged } from '../util/copy.js';
import { generateName } from '../util/random.js';
import { checkNamespaceLifecycle } from './admission.js';
import { decodeFailure } from './schema.js';
import { managedFieldsAfterUpdate } from '../machinery/patch/index.js';
import {
  carryOverOnUpdate, checkBody, resetServerOwnedOnCreate, validateObjectMeta, validateObjectMetaUpdate,
} from './objectmeta.js';
import type { Registry } from './registry.js';
import { storeKey, type Strategy, type StrategyContext } from './strategy.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Set for bodies decoded from a request (HTTP, manifests): enables decode-time schema checks. */
  fieldValidation?: FieldValidation;
  /** "status" for writes to the status subresource. */
  subresource?: string;
  /** Collected HTTP warnings (unknown fields with fieldValidation=Warn, deprecations). */
  warnings?: string[];
  /** Set when the caller (server-side apply) already computed metadata.managedFields. */
  managedFieldsSet?: boolean;
}

export interface WriteResult {
  object: KObject;
  /** Undefined for dry runs: nothing was stored. */
  stored?: StoredObject;
  created: boolean;
}

const GENERATE_NAME_ATTEMPTS = 8;

/**
 * The body last decoded from JSON text without a single "null" in it: there is nothing for
 * zeroNulls to do. One slot, not a WeakSet (an insertion there costs about a microsecond): the
 * body decoded for a request is written by that request, before the next body is decoded.
 */
let nullFreeBody: object | undefined;

/**
 * Notes that `body`, just parsed from `text`, holds no null anywhere (the text has no "null"
 * token), so the write's schema step need not walk it for nulls. For the decoder's eyes only:
 * the body must not be changed before it is written.
 */
export function markNullFree(body: unknown, text: string): void {
  nullFreeBody = typeof body === 'object' && body !== null && !text.includes('null') ? body : undefined;
}

/** The strategy context of one write (a class: no closure made per write). */
class WriteContext implements StrategyContext {
  constructor(readonly now: number, readonly subresource: string, private readonly warnings: string[] | undefined) {}

  warn(w: string): void {
    this.warnings?.push(w);
  }
}

export class Writer {
  constructor(private readonly r: Registry) {}

  private ctx(subresource = '', o?: WriteOptions): StrategyContext {
    return new WriteContext(this.r.now(), subresource, o?.warnings);
  }

  /**
   * Schema checks at decode time: wrong types are 400s in the decoder's words; unknown fields are
   * refused (Strict), reported as warnings (Warn) or silently dropped (Ignore), as the apiserver does.
   */
  checkSchema(s: Strategy, obj: KObject, o: WriteOptions): void {
    // Only bodies that were decoded from the wire (they always carry a fieldValidation mode) are
    // type-checked; in-process writers (controllers, simulator, bootstrap) build typed objects.
    if (o.fieldValidation === undefined) return;
    // The served version's schema, whatever the body claims (a patch may have made apiVersion anything).
    const v = s.decoder ?? this.r.opts.validatorFor?.(apiVersionOf(s.info.group, s.info.version), s.info.kind);
    if (!v) return;
    const typeErrors = v.validate(obj);
    if (typeErrors.length) throw decodeFailure(s.info.kind, s.info.version, typeErrors);
    // What passed the shape check reaches defaulting and validation with nulls as Go stores them.
    if (obj !== nullFreeBody) v.zeroNulls(obj);
    else nullFreeBody = undefined;
    const mode = o.fieldValidation;
    if (mode === 'Strict') {
      const unknown = v.unknownFields(obj);
      if (unknown.length) {
        throw decodeFailure(s.info.kind, s.info.version, `strict decoding error: ${unknown.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`);
      }
    } else {
      const dropped = v.pruneUnknownFields(obj);
      if (mode === 'Warn') o.warnings?.push(...dropped.map((f) => `unknown field ${JSON.stringify(f)}`));
    }
    v.applyDefaults?.(obj);
  }

  create(s: Strategy, namespace: string, body: unknown, o: WriteOptions): WriteResult {
    const obj = checkBody(body, s);
    const m = obj.metadata;
    if (s.info.namespaced) {
      if (m.namespace && namespace && m.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      m.namespace = namespace || m.namespace;
    } else {
      delete m.namespace;
    }
    if (m.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    this.checkSchema(s, obj, o);
    const ctx = this.ctx('', o);
    resetServerOwnedOnCreate(m, this.r.opts.random.uuid(), ctx.now, s.tracksGeneration);
    s.prepareForCreate?.(obj, ctx);
    // Admission (NamespaceLifecycle) runs before the strategy's validation, as in the apiserver.
    if (s.info.namespaced && m.namespace) checkNamespaceLifecycle(this.r, s, m.namespace, m.name ?? m.generateName ?? '');
    const errs = joinErrors(validateObjectMeta(obj, s, true), s.validate?.(obj, ctx));
    if (errs.length) throw invalid(s.info.kind, s.info.group, m.name ?? m.generateName ?? '', errs);
    s.canonicalize?.(obj);
    this.trackFields(s, undefined, obj, o, ctx.now);
    if (!o.dryRun) s.share?.(obj, undefined);
    return this.insert(s, obj, o);
  }

  private insert(s: Strategy, obj: KObject, o: WriteOptions): WriteResult {
    const m = obj.metadata;
    const generated = !m.name;
    for (let attempt = 0; ; attempt++) {
      if (generated) m.name = generateName(this.r.opts.random, m.generateName ?? '');
      if (o.dryRun) {
        if (this.r.tryGet(s, m.namespace ?? '', m.name!)) throw alreadyExists(s.info.resource, s.info.group, m.name!);
        return { object: obj, created: true };
      }
      try {
        const stored = this.r.store.create(storeKey(s), obj);
        return { object: stored.obj, stored, created: true };
      } catch (e) {
        if (!(e instanceof StoreExistsError)) throw e;
        if (!generated || attempt + 1 >= GENERATE_NAME_ATTEMPTS) {
          const err = alreadyExists(s.info.resource, s.info.group, m.name!);
          if (generated) err.status.details!.retryAfterSeconds = 1;
          throw err;
        }
      }
    }
  }

  update(s: Strategy, namespace: string, name: string, body: unknown, o: WriteOptions): WriteResult {
    const obj = checkBody(body, s);
    const m = obj.metadata;
    if (m.name && m.name !== name) {
      throw badRequest(`the name of the object (${m.name}) does not match the name on the URL (${name})`);
    }
    if (s.info.namespaced && m.namespace && m.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    m.name = name;
    if (s.info.namespaced) m.namespace = namespace;
    else delete m.namespace;
    const cur = this.r.tryGet(s, namespace, name);
    if (!cur) throw notFound(s.info.resource, s.info.group, name);
    if (m.resourceVersion && m.resourceVersion !== String(cur.rv)) throw conflict(s.info.resource, s.info.group, name);
    if (m.uid && m.uid !== cur.obj.metadata.uid) {
      throw conflict(s.info.resource, s.info.group, name,
        `Precondition failed: UID in precondition: ${m.uid}, UID in object meta: ${cur.obj.metadata.uid}`);
    }
    this.checkSchema(s, obj, o);
    return this.updateFrom(s, cur, obj, o);
  }

  /**
   * The shared tail of update and patch: `next` is a fresh object meant to replace `cur`. With
   * `shared` (mutate's drafts), `next` and the result may share frozen, plain-JSON parts of the
   * stored object instead of copies of them; a strategy hook writing into one throws a TypeError
   * and mutate starts over with copies.
   */
  updateFrom(s: Strategy, cur: StoredObject, next: KObject, o: WriteOptions, shared = false): WriteResult {
    const sub = o.subresource ?? '';
    const old = cur.obj;
    // The strategy hooks and the object-meta checks see `old` alone: tell isPlainFrozen it is plain.
    if (isPlainStored(cur)) notePlainVersion(old);
    const ctx = this.ctx(sub, o);
    next = this.isolate(s, old, next, sub, shared);
    // rest.BeforeUpdate: a cluster-scoped object has no namespace, whatever a patch put there.
    if (!s.info.namespaced) delete next.metadata.namespace;
    carryOverOnUpdate(next.metadata, old.metadata);
    s.prepareForUpdate?.(next, old, ctx);
    if (s.tracksGeneration && (sub === '' || sub === 'scale') && specChanged(old, next)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    const metaErrs = validateObjectMeta(next, s, false, old);
    const errs = joinErrors(joinErrors(metaErrs, validateObjectMetaUpdate(next, old)), s.validateUpdate?.(next, old, ctx));
    if (errs.length) throw invalid(s.info.kind, s.info.group, old.metadata.name ?? '', errs);
    s.canonicalize?.(next);
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (sameObject(old, next)) return { object: old, stored: cur, created: false };
    this.trackFields(s, old, next, o, ctx.now);
    if (o.dryRun) return { object: next, created: false };
    if (this.deletionComplete(s, next)) {
      const tomb = this.r.store.delete(storeKey(s), next.metadata.namespace ?? '', next.metadata.name ?? '', cur.rv);
      return { object: tomb.obj, stored: tomb, created: false };
    }
    s.share?.(next, old);
    try {
      const stored = this.r.store.update(storeKey(s), next, cur.rv);
      return { object: stored.obj, stored, created: false };
    } catch (e) {
      if (e instanceof StoreConflictError) throw conflict(s.info.resource, s.info.group, old.metadata.name ?? '');
      throw e;
    }
  }

  /** Field ownership (metadata.managedFields) for writes that name a field manager. */
  private trackFields(s: Strategy, old: KObject | undefined, next: KObject, o: WriteOptions, now: number): void {
    if (o.managedFieldsSet || !o.fieldManager) return;
    const entries = managedFieldsAfterUpdate(old, next, {
      manager: o.fieldManager, now, apiVersion: next.apiVersion ?? '', subresource: o.subresource || undefined, type: s.patch,
    });
    if (entries.length) next.metadata.managedFields = entries;
    else delete next.metadata.managedFields;
  }

  /** Status isolation: spec writes keep the old status; /status writes keep everything but status. */
  private isolate(s: Strategy, old: KObject, next: KObject, sub: string, shared: boolean): KObject {
    if (!s.hasStatus) return next;
    if (sub === 'status') {
      // Shared: the old object one level deep (what carryOverOnUpdate and status writes touch).
      const out = shared ? { ...old, metadata: { ...old.metadata } } : clone(old) as KObject;
      if (next.status === undefined) delete out.status;
      else out.status = next.status;
      if (next.metadata.managedFields) out.metadata.managedFields = next.metadata.managedFields;
      if (s.statusUpdatesAnnotations) {
        if (next.metadata.annotations === undefined) delete out.metadata.annotations;
        else out.metadata.annotations = next.metadata.annotations;
      }
      return out;
    }
    if (old.status === undefined) delete next.status;
    else next.status = shared ? old.status : clone(old.status);
    return next;
  }

  /** The last finalizer is gone from an object being deleted: the update removes it. */
  private deletionComplete(s: Strategy, next: KObject): boolean {
    const m = next.metadata;
    if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0) return false;
    if (s.deletionPending?.(next)) return false;
    return !m.deletionGracePeriodSeconds;
  }

  /**
   * Read-modify-write. `fn` gets a draft equal to a copy of the stored object; when that object is
   * plain JSON the draft is copied only two levels deep (status too: the simulator and the
   * controllers replace status fields rather than write inside them) and
   * shares the rest, frozen, with the stored version, so unchanged parts are neither copied, nor
   * compared, nor frozen again. Writing deeper into a shared part throws a TypeError: then the
   * write starts over from a full copy, as a conflict would (`fn` may run more than once).
   */
  mutate(s: Strategy, namespace: string, name: string, fn: (obj: KObject) => void, o: WriteOptions): WriteResult {
    let share = true;
    for (let attempt = 0; ; attempt++) {
      const cur = this.r.get(s, namespace, name);
      const shared = share && !o.dryRun && isPlainStored(cur);
      const statusWrite = o.subresource === 'status' && s.hasStatus;
      const next = shared ? draftOf(cur.obj, statusWrite) : clone(cur.obj) as KObject;
      const opts = shared && o.warnings ? { ...o, warnings: [] } : o;
      try {
        fn(next);
      } catch (e) {
        if (!shared || !(e instanceof TypeError)) throw e;
        share = false;
        attempt--;
        continue;
      }
      // The parts of the new status equal to the stored one's become the stored (frozen) parts.
      if (shared && statusWrite && next.status !== undefined) next.status = shareUnchanged(next.status, cur.obj.status);
      try {
        const res = this.updateFrom(s, cur, next, opts, shared);
        if (opts !== o) o.warnings!.push(...opts.warnings!);
        return res;
      } catch (e) {
        if (shared && e instanceof TypeError) {
          share = false;
          attempt--;
          continue;
        }
        if (opts !== o) o.warnings!.push(...opts.warnings!);
        if (attempt < 5 && isStatusError(e) && e.reason === 'Conflict') continue;
        throw e;
      }
    }
  }
}

/**
 * A mutable draft of a frozen, plain-JSON stored object: the object and each of its object-valued
 * fields copied one level (so `fn` may set or delete fields of metadata, spec, status, ...);
 * everything deeper is the stored, frozen value (writing there throws, and mutate starts over
 * from a full copy). For a /status write only metadata and status are copied: the write keeps
 * the stored version's other fields whatever `fn` does to them (see isolate), so a draft of spec
 * would be thrown away (and writing into the shared one throws, as deeper writes do).
 */
function draftOf(obj: KObject, statusWrite: boolean): KObject {
  const d: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    let c: unknown = v;
    if (statusWrite && k !== 'metadata' && k !== 'status') c = v;
    else if (Array.isArray(v)) c = [...v];
    else if (typeof v === 'object' && v !== null) c = { ...v };
    if (k === '__proto__') Object.defineProperty(d, k, { value: c, enumerable: true, writable: true, configurable: true });
    else d[k] = c;
  }
  return d as KObject;
}

/** `a` followed by `b` (a new array only when both have errors; neither is changed). */
function joinErrors(a: readonly FieldError[], b: readonly FieldError[] | undefined): readonly FieldError[] {
  if (b === undefined || b.length === 0) return a;
  return a.length === 0 ? b : [...a, ...b];
}

/** Any change outside metadata and status: what bumps generation. */
function specChanged(old: KObject, next: KObject): boolean {
  const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!jsonEqual(old[k], next[k])) return true;
  }
  return false;
}

/** Equal apart from managedFields timestamps: a no-op write that must not bump resourceVersion. */
function sameObject(a: KObject, b: KObject): boolean {
  return sameFields(a.metadata, b.metadata, 'managedFields') && sameFields(a, b, 'metadata');
}

const hasOwn = Object.prototype.hasOwnProperty;

/** jsonEqual of `a` and `b` without their `skip` field (a field set to undefined counts as absent, as in jsonEqual). */
function sameFields(a: object, b: object, skip: string): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // for-in with inherited keys skipped: Object.keys' keys and order, without a list per call.
  let n = 0;
  for (const k in ao) {
    if (k === skip || !hasOwn.call(ao, k) || ao[k] === undefined) continue;
    n++;
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (k !== skip && hasOwn.call(bo, k) && bo[k] !== undefined) n--;
  return n === 0;
}
