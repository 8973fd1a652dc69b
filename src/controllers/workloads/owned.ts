// Appliers' shared writes for the StatefulSet, DaemonSet, Job and CronJob controllers: claim the
// objects a controller selects (adopting orphans, releasing what no longer matches), write status
// only when it changed, delete with a uid precondition. Errors that only mean "already done"
// (404 on delete, 409 on a replaced object) are swallowed as upstream's controllers do.
import { isStatusError } from '../../machinery/status.js';
import { selectorFromLabelSelector, type LabelSelector, type LabelSelectorJSON } from '../../machinery/labels.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import { jsonEqual } from '../../util/copy.js';
import { claimObjects, newControllerRef, withControllerRef, withoutOwner } from './controllerref.js';
import type { ControllerRevision } from './history.js';

/** kube-controller-manager's writes carry this field manager. */
export const KCM_FIELD_MANAGER = 'kube-controller-manager';

export const keyOf = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

export function splitKey(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}

/** The selector, or one that selects nothing when it is missing or invalid. */
export function selectorOf(ls: LabelSelectorJSON | undefined): LabelSelector {
  try {
    return selectorFromLabelSelector(ls);
  } catch {
    return selectorFromLabelSelector(undefined);
  }
}

/**
 * ClaimObjects with the writes: orphans that match are adopted (our controllerRef added), ours that
 * no longer match are released. Returns the objects that are ours afterwards.
 */
export function claim(
  r: Registry, s: Strategy, owner: KObject, apiVersion: string, kind: string, selector: LabelSelector, objects: KObject[],
): KObject[] {
  const c = claimObjects(owner, selector, objects);
  const ref = newControllerRef(owner, apiVersion, kind);
  const failed = new Set<KObject>();
  for (const o of c.adopt) {
    if (!patchOwners(r, s, o, (x) => {
      if (x.metadata.ownerReferences?.some((y) => y.controller)) throw new Error('already owned');
      x.metadata.ownerReferences = withControllerRef(x, ref);
    })) failed.add(o);
  }
  for (const o of c.release) {
    patchOwners(r, s, o, (x) => {
      const refs = withoutOwner(x, owner.metadata.uid ?? '');
      if (refs) x.metadata.ownerReferences = refs;
      else delete x.metadata.ownerReferences;
    });
  }
  return c.claimed.filter((o) => !failed.has(o));
}

function patchOwners(r: Registry, s: Strategy, o: KObject, fn: (x: KObject) => void): boolean {
  try {
    r.mutate(s, o.metadata.namespace ?? '', o.metadata.name ?? '', (x) => {
      if (x.metadata.uid !== o.metadata.uid) throw new Error('replaced');
      fn(x);
    }, { fieldManager: KCM_FIELD_MANAGER });
    return true;
  } catch {
    return false;
  }
}

/** Writes `status` through /status when it differs from what is stored; returns the object. */
export function writeStatus(r: Registry, s: Strategy, obj: KObject, status: unknown): KObject {
  if (jsonEqual(obj.status ?? {}, status ?? {})) return obj;
  try {
    return r.mutate(s, obj.metadata.namespace ?? '', obj.metadata.name ?? '', (o) => {
      if (o.metadata.uid !== obj.metadata.uid) throw new Error('replaced');
      o.status = status;
    }, { subresource: 'status', fieldManager: KCM_FIELD_MANAGER }).object;
  } catch (e) {
    if (isStatusError(e) && e.code === 404) return obj;
    throw e;
  }
}

/** The status as Go serialises it: `omitempty` integer fields that are 0 are left out. */
export function omitZero<T extends Record<string, unknown>>(status: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...status };
  for (const k of keys) if (out[k] === 0 || out[k] === undefined) delete out[k];
  return out as T;
}

/** DELETE with the uid as precondition; false when it was already gone. */
export function deleteObject(r: Registry, s: Strategy, ns: string, name: string, uid: string, propagationPolicy?: 'Background' | 'Foreground'): boolean {
  try {
    r.delete(s, ns, name, { preconditions: { uid }, ...(propagationPolicy ? { propagationPolicy } : {}) });
    return true;
  } catch (e) {
    if (isStatusError(e) && (e.code === 404 || e.code === 409)) return false;
    throw e;
  }
}

/**
 * The keys of the `kind` objects (`owners`, a kind with a label selector in spec.selector) a watch
 * event on one of their dependents concerns: its controller before and after the change, or, for an
 * orphan, every owner in its namespace whose selector matches it (it may be adopted), as upstream's
 * pod event handlers resolve them.
 */
export function ownerKeysFor(r: Registry, owners: Strategy, kind: string, ev: { type: string; object: { obj: KObject }; prev?: { obj: KObject } }): string[] {
  const cur = ev.object.obj;
  // The distinct keys of the two versions' controller references, the current one's first.
  const a = controllerKey(cur, kind) || undefined;
  const b = controllerKey(ev.prev?.obj, kind) || undefined;
  const keys = a === undefined ? (b === undefined ? [] : [b]) : (b === undefined || b === a ? [a] : [a, b]);
  // Most pods have no owner of this kind anywhere near: skip the namespace scan (every pod event pays it).
  if (keys.length || ev.type === 'DELETED' || r.count(owners, cur.metadata.namespace ?? '') === 0) return keys;
  return r.list(owners, cur.metadata.namespace ?? '').items
    .filter((s) => selectorOf((s.obj.spec as { selector?: LabelSelectorJSON } | undefined)?.selector).matches(cur.metadata.labels))
    .map((s) => keyOf(s.obj));
}

/** Owner keys of an object's controller reference of one kind (for watch handlers). */
export function controllerKey(o: KObject | undefined, kind: string): string | undefined {
  const ref = o?.metadata.ownerReferences?.find((x) => x.controller === true);
  return ref && ref.kind === kind ? `${o!.metadata.namespace ?? ''}/${ref.name}` : undefined;
}

/**
 * Writes a planned update revision (history.go's CreateControllerRevision): renumbers the one being
 * reused, creates a new one; false, after counting a collision in the owner's status, when the
 * name is taken by a revision the owner could not claim (the next sync tries the next name).
 */
export function applyRevision(r: Registry, owners: Strategy, revisions: Strategy, owner: KObject,
  plan: { create?: ControllerRevision; renumber?: { name: string; revision: number } }, collisionCount: number): boolean {
  const ns = owner.metadata.namespace ?? '';
  if (plan.renumber) {
    const { name, revision } = plan.renumber;
    r.mutate(revisions, ns, name, (o) => { (o as ControllerRevision).revision = revision; }, { fieldManager: KCM_FIELD_MANAGER });
  }
  if (!plan.create) return true;
  try {
    r.create(revisions, ns, plan.create, { fieldManager: KCM_FIELD_MANAGER });
    return true;
  } catch (e) {
    if (!(isStatusError(e) && e.code === 409)) throw e;
    writeStatus(r, owners, owner, { ...((owner.status as object | undefined) ?? {}), collisionCount: collisionCount + 1 });
    return false;
  }
}
