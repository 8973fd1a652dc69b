// ControllerRefManager semantics (pkg/controller/controller_ref_manager.go), as a pure decision:
// which objects a controller owns after claiming, which orphans it adopts and which of its own it
// releases. The caller performs the adoptions and releases (writes) and may find them refused.
import type { LabelSelector } from '../../machinery/labels.js';
import type { KObject, OwnerReference } from '../../machinery/types.js';

export function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export interface Claim<T extends KObject> {
  /** Owned and matching (claimed), in input order, adoptions included. */
  claimed: T[];
  adopt: T[];
  release: T[];
}

/**
 * ClaimObject for each object: ours and matching → claimed; ours and not matching → released
 * (unless the controller is being deleted); an orphan that matches, is not being deleted and
 * lives in the controller's namespace → adopted (unless the controller is being deleted).
 */
export function claimObjects<T extends KObject>(controller: KObject, selector: LabelSelector, objects: T[]): Claim<T> {
  const uid = controller.metadata.uid;
  const deleting = !!controller.metadata.deletionTimestamp;
  const out: Claim<T> = { claimed: [], adopt: [], release: [] };
  for (const o of objects) {
    const ref = controllerOf(o);
    const matches = selector.matches(o.metadata.labels ?? {});
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) out.claimed.push(o);
      else if (!deleting) out.release.push(o);
      continue;
    }
    if (deleting || !matches || o.metadata.deletionTimestamp) continue;
    if (controller.metadata.namespace && controller.metadata.namespace !== o.metadata.namespace) continue;
    out.adopt.push(o);
    out.claimed.push(o);
  }
  return out;
}

/** The owner references after adopting: existing ones kept, our controller reference added. */
export function withControllerRef(o: KObject, ref: OwnerReference): OwnerReference[] {
  return [...(o.metadata.ownerReferences ?? []).filter((r) => r.uid !== ref.uid), ref];
}

/** The owner references after releasing: the reference to `uid` removed. */
export function withoutOwner(o: KObject, uid: string): OwnerReference[] | undefined {
  const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  return refs.length ? refs : undefined;
}
