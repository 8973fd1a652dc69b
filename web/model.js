// What the page knows: the objects its informers hold, the indexes it renders from, which
// Services need drawing again, and the slice-write churn. No DOM here.

const SERVICE_NAME = 'kubernetes.io/service-name';
export const CHURN_WINDOW_MS = 60_000;

export const keyOf = (o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export function serviceKeyOfSlice(slice) {
  const name = slice.metadata?.labels?.[SERVICE_NAME];
  return name ? `${slice.metadata.namespace}/${name}` : undefined;
}

/** The controller among a pod's owners (or its first owner), as "Kind/name". */
export function ownerOf(pod) {
  const refs = pod?.metadata?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

export class Model {
  constructor() {
    this.kinds = { services: new Map(), endpointslices: new Map(), pods: new Map(), nodes: new Map(), namespaces: new Map() };
    this.slicesByService = new Map();
    this.servicesByPod = new Map();
    /** Service keys to draw again; `all` when something every card shows changed (nodes). */
    this.dirty = new Set();
    this.all = true;
    this.sliceWrites = [];
  }

  get services() { return this.kinds.services; }
  get slices() { return this.kinds.endpointslices; }
  get pods() { return this.kinds.pods; }
  get nodes() { return this.kinds.nodes; }
  get namespaces() { return this.kinds.namespaces; }

  replace(kind, items) {
    const map = this.kinds[kind];
    for (const o of [...map.values()]) this.remove(kind, o);
    for (const o of items) this.put(kind, o);
    this.all = true;
  }

  /** A watch event. Slice writes are counted for the churn figure. */
  change(kind, type, obj, now = Date.now()) {
    if (type === 'DELETED') this.remove(kind, obj);
    else this.put(kind, obj);
    if (kind === 'endpointslices') {
      const svc = serviceKeyOfSlice(obj);
      this.sliceWrites.push({ at: now, svc });
      this.trim(now);
    }
  }

  put(kind, o) {
    const key = keyOf(o);
    const old = this.kinds[kind].get(key);
    this.kinds[kind].set(key, o);
    this.touch(kind, o, old);
  }

  remove(kind, o) {
    const key = keyOf(o);
    const old = this.kinds[kind].get(key);
    this.kinds[kind].delete(key);
    this.touch(kind, old ?? o, undefined, true);
  }

  touch(kind, o, old, removed = false) {
    const key = keyOf(o);
    if (kind === 'services') this.dirty.add(key);
    else if (kind === 'endpointslices') this.touchSlice(key, o, old, removed);
    else if (kind === 'pods') {
      // Cards show a pod only through its owner: status churn alone redraws nothing.
      const a = ownerOf(old);
      const b = removed ? undefined : ownerOf(o);
      if (old && !removed && a?.kind === b?.kind && a?.name === b?.name) return;
      for (const s of this.servicesByPod.get(key) ?? []) this.dirty.add(s);
    }
    else this.all = true;
  }

  touchSlice(key, slice, old, removed) {
    for (const s of [old, slice]) {
      const svc = s && serviceKeyOfSlice(s);
      if (!svc) continue;
      this.dirty.add(svc);
      let set = this.slicesByService.get(svc);
      if (!set) this.slicesByService.set(svc, (set = new Set()));
      if (removed || s === old) set.delete(key);
    }
    const svc = serviceKeyOfSlice(slice);
    if (!removed && svc) {
      this.slicesByService.get(svc).add(key);
      for (const ep of slice.endpoints ?? []) {
        const ref = ep.targetRef;
        if (ref?.kind !== 'Pod') continue;
        const pk = `${ref.namespace ?? slice.metadata.namespace}/${ref.name}`;
        let set = this.servicesByPod.get(pk);
        if (!set) this.servicesByPod.set(pk, (set = new Set()));
        set.add(svc);
      }
    }
  }

  /** Takes the set of Services to draw again (all of them after a relist or a node change). */
  takeDirty() {
    const all = this.all;
    const keys = this.dirty;
    this.all = false;
    this.dirty = new Set();
    return { all, keys };
  }

  slicesOf(svcKey) {
    return [...(this.slicesByService.get(svcKey) ?? [])].map((k) => this.slices.get(k)).filter(Boolean)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Every endpoint of every slice of the Service, one row each, with its pod's owner. */
  endpointsOf(svcKey) {
    const rows = [];
    for (const slice of this.slicesOf(svcKey)) {
      for (const ep of slice.endpoints ?? []) {
        const ref = ep.targetRef;
        const pod = ref?.kind === 'Pod' ? this.pods.get(`${ref.namespace ?? slice.metadata.namespace}/${ref.name}`) : undefined;
        rows.push({
          address: ep.addresses?.[0] ?? '',
          addressType: slice.addressType,
          slice: slice.metadata.name,
          pod: ref?.kind === 'Pod' ? ref.name : undefined,
          owner: ownerOf(pod),
          nodeName: ep.nodeName ?? undefined,
          zone: ep.zone ?? undefined,
          ready: ep.conditions?.ready !== false,
          serving: ep.conditions?.serving !== false,
          terminating: ep.conditions?.terminating === true,
          zoneHints: (ep.hints?.forZones ?? []).map((z) => z.name),
          nodeHints: (ep.hints?.forNodes ?? []).map((n) => n.name),
        });
      }
    }
    return rows;
  }

  /** Pods grouped by the workload that owns them, for one namespace (or all). */
  workloads(namespace) {
    const groups = new Map();
    for (const pod of this.pods.values()) {
      if (namespace && pod.metadata.namespace !== namespace) continue;
      const owner = ownerOf(pod);
      if (!owner) continue;
      const k = `${pod.metadata.namespace}/${owner.kind}/${owner.name}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { namespace: pod.metadata.namespace, kind: owner.kind, name: owner.name, pods: 0, ready: 0 }));
      g.pods++;
      if ((pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) g.ready++;
    }
    return [...groups.values()].sort((a, b) => `${a.namespace}/${a.kind}/${a.name}`.localeCompare(`${b.namespace}/${b.kind}/${b.name}`));
  }

  trim(now) {
    let i = 0;
    while (i < this.sliceWrites.length && this.sliceWrites[i].at <= now - CHURN_WINDOW_MS) i++;
    if (i > 0) this.sliceWrites.splice(0, i);
  }

  /** Slice writes seen in the last minute (all Services, or one). */
  churn(now = Date.now(), svcKey) {
    this.trim(now);
    if (svcKey === undefined) return this.sliceWrites.length;
    let n = 0;
    for (const w of this.sliceWrites) if (w.svc === svcKey) n++;
    return n;
  }
}
