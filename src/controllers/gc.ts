// The garbage collector (kube-controller-manager's, in spirit): dependents whose owners are all gone
// are deleted; owners deleted with propagationPolicy Foreground wait for their blocking dependents;
// Orphan strips the owner reference from dependents. Works from store events and an owner index.
import type { KObject, OwnerReference } from '../machinery/types.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../registry/delete.js';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';
import type { StoreEvent } from '../storage/store.js';
import { QueueController } from './base.js';

/**
 * An update observe would leave as it is: neither version has owner references, the new one is not
 * being deleted, and uid, namespace and name are the previous version's (which was observed, so its
 * entry in byUID is already this one and it has none in ownersOf). Most writes are such updates.
 */
function unownedUpdate(prev: KObject, o: KObject): boolean {
  const m = o.metadata;
  const pm = prev.metadata;
  return m.ownerReferences === undefined && pm.ownerReferences === undefined && m.deletionTimestamp === undefined
    && m.uid === pm.uid && m.namespace === pm.namespace && m.name === pm.name;
}

/** byReference's answer for a reference whose apiVersion and kind no registered kind serves. */
const UNRESOLVED = Symbol('unresolved');

interface Ref {
  s: Strategy;
  namespace: string;
  name: string;
}

export class GarbageCollector extends QueueController {
  /**
   * The objects the collector may act on, by uid: dependents (objects with owner references) and
   * owners being deleted with the foreground or orphan finalizer. The latest version seen (the
   * store holds it anyway); its strategy comes from `kinds`. An owner otherwise is looked up by
   * its reference (kind, name, the dependent's namespace) and uid, as the real collector verifies
   * owners, so objects nobody refers to (Events, most pods) cost nothing here.
   */
  private byUID = new Map<string, KObject>();
  /** apiVersion and kind → the strategy their objects were seen under. */
  private kinds = new Map<string, Strategy>();
  /** owner uid → dependent uids */
  private dependents = new Map<string, Set<string>>();
  private ownersOf = new Map<string, string[]>();

  constructor(r: Registry) {
    super(r);
    for (const s of r.strategies()) {
      if (s.view) continue;
      for (const o of r.list(s, undefined).items) this.observe(s, o.obj, false);
    }
    this.unsubscribers.push(r.watchAll((ev) => this.onEvent(ev)));
  }




  private onEvent(ev: StoreEvent): void {
    const s = this.r.forStoreKey(ev.resource);
    if (!s) return;
    if (ev.type === 'MODIFIED' && ev.prev !== undefined && unownedUpdate(ev.prev.obj, ev.object.obj)) return;
    this.observe(s, ev.object.obj, ev.type === 'DELETED');
  }

  private observe(s: Strategy, o: KObject, deleted: boolean): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    const refs = o.metadata.ownerReferences;
    const old = this.ownersOf.get(uid);
    if (old) for (const ow of old) this.dependents.get(ow)?.delete(uid);
    if (deleted) {
      this.byUID.delete(uid);
      this.ownersOf.delete(uid);
      // Dependents of a vanished owner, and owners waiting for this dependent, need another look.
      this.queue.add(`owner/${uid}`);
      if (refs) for (const x of refs) this.queue.add(`owner/${x.uid}`);
      return;
    }
    const fin = o.metadata.finalizers;
    const finalizing = !!(fin && o.metadata.deletionTimestamp && (fin.includes(FOREGROUND_FINALIZER) || fin.includes(ORPHAN_FINALIZER)));
    if ((refs && refs.length) || finalizing) {
      const kindKey = `${o.apiVersion ?? ''}/${o.kind ?? ''}`;
      if (this.kinds.get(kindKey) !== s) this.kinds.set(kindKey, s);
      this.byUID.set(uid, o);
    } else {
      this.byUID.delete(uid);
    }
    if (refs && refs.length) {
      const owners = refs.map((x) => x.uid);
      this.ownersOf.set(uid, owners);
      for (const ow of owners) {
        let set = this.dependents.get(ow);
        if (!set) this.dependents.set(ow, (set = new Set()));
        set.add(uid);
      }
      this.queue.add(`dep/${uid}`);
    } else if (old) {
      // Objects without owners are not remembered here (nothing to undo on their next change).
      this.ownersOf.delete(uid);
    }
    if (finalizing) this.queue.add(`owner/${uid}`);
  }

  /** Where the object with this uid lives, as last seen. */
  private refOf(uid: string): Ref | undefined {
    const o = this.byUID.get(uid);
    const s = o && this.kinds.get(`${o.apiVersion ?? ''}/${o.kind ?? ''}`);
    return s && { s, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
  }

  private current(uid: string): KObject | undefined {
    const ref = this.refOf(uid);
    if (!ref) return undefined;
    const o = this.r.tryGet(ref.s, ref.namespace, ref.name)?.obj;
    return o?.metadata.uid === uid ? o : undefined;
  }

  protected sync(key: string): void {
    const [kind, uid] = key.split('/');
    if (kind === 'dep') return this.checkDependent(uid);
    const owner = this.current(uid);
    const deps = [...(this.dependents.get(uid) ?? [])];
    if (!owner) {
      for (const d of deps) this.checkDependent(d);
      return;
    }
    const fin = owner.metadata.finalizers ?? [];
    if (!owner.metadata.deletionTimestamp) return;
    if (fin.includes(ORPHAN_FINALIZER)) this.orphan(uid, deps);
    else if (fin.includes(FOREGROUND_FINALIZER)) this.foreground(uid, deps);
  }

  /** A dependent goes when none of its owners exist any more (a dangling reference counts as gone). */
  private checkDependent(uid: string): void {
    const dep = this.current(uid);
    if (!dep || dep.metadata.deletionTimestamp) return;
    const refs = dep.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const alive = refs.filter((ref) => this.ownerExists(ref, dep));
    const ref = this.refOf(uid)!;
    if (alive.length === refs.length) return;
    if (alive.length > 0) {
      // Keep the object, drop references to owners that are gone.
      const keep = new Set(alive.map((a) => a.uid));
      this.r.mutate(ref.s, ref.namespace, ref.name, (o) => {
        o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((x) => keep.has(x.uid));
      });
      return;
    }
    const waiting = refs.some((x) => {
      const o = this.byReference(x, dep);
      if (o === UNRESOLVED) return false;
      return o?.metadata.finalizers?.includes(FOREGROUND_FINALIZER);
    });
    this.deleteQuietly(ref, waiting ? 'Foreground' : 'Background');
  }

  /** The owner a reference names, looked up by kind and name (in the dependent's namespace when namespaced), if its uid matches. */
  private byReference(ref: OwnerReference, dep: KObject): KObject | undefined | typeof UNRESOLVED {
    const s = this.r.lookupKind(ref.apiVersion, ref.kind) ?? this.anyVersion(ref.apiVersion, ref.kind);
    if (!s) return UNRESOLVED;
    const o = this.r.tryGet(s, s.info.namespaced ? dep.metadata.namespace ?? '' : '', ref.name)?.obj;
    return o?.metadata.uid === ref.uid ? o : undefined;
  }

  /** A stored kind of the reference's group under another version (objects are stored once for all versions). */
  private anyVersion(apiVersion: string, kind: string): Strategy | undefined {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    return this.r.strategies().find((s) => !s.view && s.info.group === group && s.info.kind === kind);
  }

  private ownerExists(ref: OwnerReference, dep: KObject): boolean {
    const o = this.byReference(ref, dep);
    // A kind nobody serves cannot be checked: upstream's collector errs and tries again later,
    // never deleting the dependent meanwhile (a CRD being re-created, an old apiVersion).
    if (o === UNRESOLVED) return true;
    if (!o) return false;
    // An owner being deleted in the foreground still "exists" until its dependents are gone.
    if (o.metadata.deletionTimestamp && !o.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return true;
    if (o.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return false;
    return (o.metadata.namespace ?? '') === '' || o.metadata.namespace === dep.metadata.namespace;
  }

  private orphan(uid: string, deps: string[]): void {
    for (const d of deps) {
      const ref = this.refOf(d);
      if (!ref) continue;
      this.r.mutate(ref.s, ref.namespace, ref.name, (o) => {
        o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((x) => x.uid !== uid);
        if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
      });
    }
    this.removeFinalizer(uid, ORPHAN_FINALIZER);
  }

  private foreground(uid: string, deps: string[]): void {
    let blocking = 0;
    for (const d of deps) {
      const dep = this.current(d);
      if (!dep) continue;
      const ref = this.refOf(d)!;
      const blocks = (dep.metadata.ownerReferences ?? []).some((x) => x.uid === uid && x.blockOwnerDeletion);
      if (blocks) blocking++;
      if (!dep.metadata.deletionTimestamp) this.deleteQuietly(ref, blocks ? 'Foreground' : 'Background');
    }
    if (blocking === 0) this.removeFinalizer(uid, FOREGROUND_FINALIZER);
  }

  private removeFinalizer(uid: string, finalizer: string): void {
    const ref = this.refOf(uid);
    if (!ref) return;
    this.r.mutate(ref.s, ref.namespace, ref.name, (o) => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
    });
  }

  private deleteQuietly(ref: Ref, policy: 'Foreground' | 'Background'): void {
    try {
      this.r.delete(ref.s, ref.namespace, ref.name, { propagationPolicy: policy });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}
