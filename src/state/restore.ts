// --load of objects that carry a metadata.uid: a kubesim --exact export or a real cluster's dump
// (`kubectl get nodes,services,pods,endpointslices -A -o yaml`). They are restored as they were —
// names, uids, labels (nodes' zones), timestamps, statuses — not applied, like the persistence
// restore puts its objects back through the store. Pods are held in manual lifecycle
// (kubesim.io/lifecycle: manual) so the simulator leaves their IPs and status alone, while the
// controllers react to them as to any pod: EndpointSlices are recomputed from them.
//
// A dump inside a `List` (kubectl's -o yaml of several objects) comes from another cluster: the
// EndpointSlices and Endpoints its controllers wrote are left out so that kubesim's controller
// computes its own, to compare with the cluster's. Owner references to objects that are not
// restored are dropped (the garbage collector would delete the orphans).
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import { storeKey, type Strategy } from '../registry/strategy.js';
import { LIFECYCLE_ANNOTATION } from '../simulator/options.js';

type J = Record<string, any>;

export interface SnapshotItem {
  object: KObject;
  /** Where it came from, for error messages. */
  source: string;
  /** The object came inside a List (a dump of another cluster). */
  fromList?: boolean;
}

/** A snapshot object that cannot be restored; the caller turns it into its own error type. */
export class RestoreError extends Error {
  constructor(readonly source: string, message: string) {
    super(message);
  }
}

const CONTROLLER_WRITTEN_SLICES = new Set(['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io']);

/** Objects with a uid are snapshots, restored as they were instead of applied. */
export function isSnapshot(o: KObject): boolean {
  return typeof o.metadata.uid === 'string' && o.metadata.uid !== '';
}

/** What another cluster's controllers wrote and kubesim's own will write again from the same pods. */
function derived(o: J, items: SnapshotItem[]): boolean {
  if (o.kind === 'EndpointSlice') return CONTROLLER_WRITTEN_SLICES.has(o.metadata.labels?.['endpointslice.kubernetes.io/managed-by']);
  if (o.kind === 'Endpoints') {
    return items.some((i) => i.object.kind === 'Service' && i.object.metadata.namespace === o.metadata.namespace
      && i.object.metadata.name === o.metadata.name && Object.keys((i.object as J).spec?.selector ?? {}).length > 0);
  }
  return false;
}

function prepared(item: SnapshotItem, s: Strategy, uids: Set<string>): KObject {
  const o = structuredClone(item.object) as J;
  delete o.metadata.resourceVersion;
  if (!s.info.namespaced) delete o.metadata.namespace;
  else o.metadata.namespace ||= 'default';
  const refs = (o.metadata.ownerReferences ?? []).filter((r: J) => uids.has(r.uid));
  if (refs.length) o.metadata.ownerReferences = refs;
  else delete o.metadata.ownerReferences;
  if (o.kind === 'Pod') o.metadata.annotations = { ...o.metadata.annotations, [LIFECYCLE_ANNOTATION]: 'manual' };
  return o as KObject;
}

/** A namespace the snapshot's objects live in but that it does not hold (a partial dump). */
function ensureNamespace(r: Registry, name: string): void {
  const s = r.resource('', 'namespaces');
  if (!r.tryGet(s, '', name)) r.create(s, '', { metadata: { name } });
}

/** Restores snapshot objects in order (Namespaces and CRDs first); returns the stored objects. */
export function restoreSnapshot(r: Registry, items: SnapshotItem[]): KObject[] {
  const kept = items.filter((i) => !(i.fromList && derived(i.object as J, items)));
  const uids = new Set(kept.map((i) => i.object.metadata.uid!));
  const order = (i: SnapshotItem) => (i.object.kind === 'Namespace' ? 0 : i.object.kind === 'CustomResourceDefinition' ? 1 : 2);
  const sorted = kept.map((i, n) => ({ i, n })).sort((a, b) => order(a.i) - order(b.i) || a.n - b.n).map((x) => x.i);
  const out: KObject[] = [];
  for (const item of sorted) {
    // Resolved here, not before: a CRD restored just now serves its kinds at once.
    const s = r.lookupKind(item.object.apiVersion ?? '', item.object.kind ?? '');
    if (!s || s.view) throw new RestoreError(item.source, `no matches for kind ${JSON.stringify(item.object.kind)} in version ${JSON.stringify(item.object.apiVersion)}`);
    const o = prepared(item, s, uids);
    const key = storeKey(s);
    const ns = o.metadata.namespace ?? '';
    if (ns) ensureNamespace(r, ns);
    const cur = r.store.get(key, ns, o.metadata.name ?? '');
    out.push((cur ? r.store.update(key, o) : r.store.create(key, o)).obj);
  }
  return out;
}
