// The simulated default-scheduler: filter nodes (unschedulable, taints incl. the not-ready taint the
// node lifecycle controller would add, nodeSelector and required node affinity, pod count,
// cpu/memory requests), then spread: the zone holding the fewest pods, then its node holding the
// fewest, ties by name. Pure over a ClusterView, so it is tested without a registry or clock.
import { quantityToMillis } from '../controllers/endpointslice/topology.js';
import { nodeMatchesPod } from '../controllers/workloads/node-affinity.js';
import type { KObject } from '../machinery/types.js';
import { LABEL_ZONE } from './options.js';

type J = Record<string, any>;

/** One node as the scheduler sees it, with what is already bound to it. */
export interface NodeSlot {
  name: string;
  node: KObject;
  zone: string;
  /** uid → requests of the pods bound here and not terminal. */
  pods: Map<string, Requests>;
}

export interface Requests {
  cpu: number;
  memory: number;
}

export type ScheduleResult = { node: string } | { node?: undefined; message: string };

/** Millicores and milli-bytes a pod asks for: max(sum of containers, largest init container). */
/** A container's request of one resource (its limit when it names no request), in millis. */
function containerRequest(c: J, r: string): number {
  return quantityToMillis(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]);
}

export function podRequests(pod: KObject): Requests {
  const spec = (pod.spec ?? {}) as J;
  const req = containerRequest;
  const sum = { cpu: 0, memory: 0 };
  for (const c of (spec.containers ?? []) as J[]) {
    sum.cpu += req(c, 'cpu');
    sum.memory += req(c, 'memory');
  }
  for (const c of (spec.initContainers ?? []) as J[]) {
    sum.cpu = Math.max(sum.cpu, req(c, 'cpu'));
    sum.memory = Math.max(sum.memory, req(c, 'memory'));
  }
  return sum;
}

export function isNodeReady(node: KObject): boolean {
  const conds = ((node.status as J | undefined)?.conditions ?? []) as J[];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

const taintCache = new WeakMap<KObject, Taint[]>();

/** Node taints plus the ones kube-controller-manager adds for a node that is not Ready. */
function effectiveTaints(node: KObject): Taint[] {
  let taints = taintCache.get(node);
  if (!taints) {
    taints = computeTaints(node);
    taintCache.set(node, taints);
  }
  return taints;
}

function computeTaints(node: KObject): Taint[] {
  const spec = (node.spec ?? {}) as J;
  const taints: Taint[] = [...((spec.taints ?? []) as Taint[])];
  const ready = (((node.status as J | undefined)?.conditions ?? []) as J[]).find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') {
    const key = ready?.status === 'False' ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable';
    if (!taints.some((t) => t.key === key)) taints.push({ key, effect: 'NoSchedule' });
  }
  if (spec.unschedulable === true) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return taints;
}

/** v1 Toleration.ToleratesTaint. */
function tolerates(t: J, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return String(t.value ?? '') === String(taint.value ?? '');
}

/** The first reason a node cannot take the pod, worded like the scheduler's plugins; undefined = fits. */
export function unfitReason(pod: KObject, slot: NodeSlot, req: Requests): string | undefined {
  const spec = (pod.spec ?? {}) as J;
  const nodeSpec = (slot.node.spec ?? {}) as J;
  const tolerations = (spec.tolerations ?? []) as J[];
  if (nodeSpec.unschedulable === true && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
    return 'node(s) were unschedulable';
  }
  for (const taint of effectiveTaints(slot.node)) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (taint.key === 'node.kubernetes.io/unschedulable') continue;
    if (!tolerations.some((t) => tolerates(t, taint))) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  if (!nodeMatchesPod(spec, slot.node)) return "node(s) didn't match Pod's node affinity/selector";
  const alloc = allocatable(slot.node);
  if (slot.pods.size + 1 > alloc.pods) return 'Too many pods';
  if (req.cpu === 0 && req.memory === 0) return undefined;
  let cpu = req.cpu;
  let memory = req.memory;
  for (const r of slot.pods.values()) {
    cpu += r.cpu;
    memory += r.memory;
  }
  if (req.cpu > 0 && cpu > alloc.cpu) return 'Insufficient cpu';
  if (req.memory > 0 && memory > alloc.memory) return 'Insufficient memory';
  return undefined;
}

const parsedAllocatable = new WeakMap<KObject, Requests & { pods: number }>();

/** status.allocatable in millis (pods as a count; 110 when unset, the kubelet's default maxPods). */
function allocatable(node: KObject): Requests & { pods: number } {
  let a = parsedAllocatable.get(node);
  if (!a) {
    const raw = ((node.status as J | undefined)?.allocatable ?? {}) as J;
    a = {
      cpu: quantityToMillis(String(raw.cpu ?? '0')),
      memory: quantityToMillis(String(raw.memory ?? '0')),
      pods: raw.pods === undefined ? 110 : Math.floor(quantityToMillis(String(raw.pods)) / 1000),
    };
    parsedAllocatable.set(node, a);
  }
  return a;
}

/** Picks a node for the pod, or explains (FailedScheduling wording) why none fits. */
export function schedulePod(pod: KObject, slots: readonly NodeSlot[]): ScheduleResult {
  if (slots.length === 0) return { message: 'no nodes available to schedule pods' };
  const req = podRequests(pod);
  const reasons = new Map<string, number>();
  const fit: NodeSlot[] = [];
  for (const slot of slots) {
    const why = unfitReason(pod, slot, req);
    if (why === undefined) fit.push(slot);
    else reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  if (fit.length === 0) {
    const parts = [...reasons].map(([why, n]) => `${n} ${why}`).sort();
    const n = slots.length;
    return {
      message: `0/${n} nodes are available: ${parts.join(', ')}. ` +
        `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`,
    };
  }
  const podsInZone = new Map<string, number>();
  for (const slot of slots) podsInZone.set(slot.zone, (podsInZone.get(slot.zone) ?? 0) + slot.pods.size);
  let best = fit[0];
  for (const slot of fit.slice(1)) if (better(slot, best, podsInZone)) best = slot;
  return { node: best.name };
}

function better(a: NodeSlot, b: NodeSlot, podsInZone: Map<string, number>): boolean {
  const za = podsInZone.get(a.zone) ?? 0;
  const zb = podsInZone.get(b.zone) ?? 0;
  if (za !== zb) return za < zb;
  if (a.zone !== b.zone) return a.zone < b.zone;
  if (a.pods.size !== b.pods.size) return a.pods.size < b.pods.size;
  return a.name < b.name;
}

/**
 * The nodes of one zone, bucketed by how many pods they hold, each bucket sorted by name: the order
 * in which `better` ranks a zone's nodes, so the first that fits is the one a full pass would pick.
 */
class ZoneNodes {
  pods = 0;
  private buckets = new Map<number, NodeSlot[]>();
  /** The bucket sizes present, ascending. */
  private counts: number[] = [];
  size = 0;

  add(slot: NodeSlot, count: number): void {
    let b = this.buckets.get(count);
    if (!b) {
      b = [];
      this.buckets.set(count, b);
      this.counts.splice(lowerBound(this.counts, count, (x) => x), 0, count);
    }
    b.splice(lowerBound(b, slot.name, (x) => x.name), 0, slot);
    this.size++;
  }

  remove(slot: NodeSlot, count: number): void {
    const b = this.buckets.get(count);
    if (!b) return;
    const i = lowerBound(b, slot.name, (x) => x.name);
    if (b[i] !== slot) return;
    b.splice(i, 1);
    this.size--;
    if (b.length === 0) {
      this.buckets.delete(count);
      this.counts.splice(lowerBound(this.counts, count, (x) => x), 1);
    }
  }

  /** The first node, fewest pods first and then by name, that the pod fits on. */
  firstFit(pod: KObject, req: Requests): NodeSlot | undefined {
    for (const count of this.counts) {
      for (const slot of this.buckets.get(count)!) if (unfitReason(pod, slot, req) === undefined) return slot;
    }
    return undefined;
  }
}

/** Index of the first element not below `key` (by `<`, as the scheduler compares names). */
function lowerBound<T, K extends string | number>(a: readonly T[], key: K, of: (x: T) => K): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (of(a[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Nodes and what is bound to them, kept current from store events by the simulator. */
export class ClusterView {
  private slots = new Map<string, NodeSlot>();
  /** node name → pods counted there; kept apart from slots so pods bound to a node not (yet) known still count. */
  private podsByNode = new Map<string, Map<string, Requests>>();
  /** pod uid → node it is counted on. */
  private placement = new Map<string, string>();
  private sortedCache: NodeSlot[] | undefined;
  /** zone → its nodes in the scheduler's order and the pods they hold (the index `schedule` walks). */
  private zones = new Map<string, ZoneNodes>();
  /** Bumped on every change that can make an unschedulable pod fit, so it knows to try again. */
  generation = 0;

  setNode(node: KObject): void {
    const name = node.metadata.name ?? '';
    const zone = node.metadata.labels?.[LABEL_ZONE] ?? '';
    const slot = this.slots.get(name);
    if (slot) {
      slot.node = node;
      if (slot.zone !== zone) {
        this.unindex(slot);
        slot.zone = zone;
        this.index(slot);
      }
    } else {
      const added: NodeSlot = { name, node, zone, pods: this.podsOn(name) };
      this.slots.set(name, added);
      this.index(added);
      this.sortedCache = undefined;
    }
    this.generation++;
  }

  deleteNode(name: string): void {
    const slot = this.slots.get(name);
    if (!slot) return;
    this.slots.delete(name);
    this.unindex(slot);
    this.sortedCache = undefined;
    this.generation++;
  }

  node(name: string): KObject | undefined {
    return this.slots.get(name)?.node;
  }

  nodes(): NodeSlot[] {
    if (!this.sortedCache) this.sortedCache = [...this.slots.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    return this.sortedCache;
  }

  /**
   * schedulePod(pod, nodes()) without looking at every node: zones by the pods they hold (then by
   * name), and in each its nodes by pods held (then by name), is the order `better` ranks them in,
   * so the first node that fits is the one the full pass picks. When none fits, the full pass runs
   * to word the reasons.
   */
  schedule(pod: KObject): ScheduleResult {
    if (this.slots.size > 0) {
      const req = podRequests(pod);
      const zones = [...this.zones].sort(([za, a], [zb, b]) => (a.pods !== b.pods ? a.pods - b.pods : za < zb ? -1 : za > zb ? 1 : 0));
      for (const [, z] of zones) {
        const slot = z.firstFit(pod, req);
        if (slot) return { node: slot.name };
      }
    }
    return schedulePod(pod, this.nodes());
  }

  /** Accounts a pod on its node (bound and not terminal) or nowhere; freed room wakes the scheduler. */
  observePod(pod: KObject, deleted: boolean): void {
    const uid = pod.metadata.uid ?? '';
    const nodeName = ((pod.spec as J | undefined)?.nodeName ?? '') as string;
    const phase = (pod.status as J | undefined)?.phase;
    const counted = !deleted && nodeName !== '' && phase !== 'Succeeded' && phase !== 'Failed';
    const was = this.placement.get(uid);
    if (was !== undefined && (!counted || was !== nodeName)) {
      this.recount(was, uid, undefined);
      this.placement.delete(uid);
      this.generation++;
    }
    if (counted && was !== nodeName) {
      this.placement.set(uid, nodeName);
      this.recount(nodeName, uid, podRequests(pod));
    }
  }

  podCount(nodeName: string): number {
    return this.podsByNode.get(nodeName)?.size ?? 0;
  }

  /** Adds (with its requests) or removes a pod on a node, keeping the node's place in the zone index. */
  private recount(name: string, uid: string, req: Requests | undefined): void {
    const slot = this.slots.get(name);
    if (slot) this.unindex(slot);
    if (req) this.podsOn(name).set(uid, req);
    else this.podsOn(name).delete(uid);
    if (slot) this.index(slot);
  }

  private index(slot: NodeSlot): void {
    let z = this.zones.get(slot.zone);
    if (!z) {
      z = new ZoneNodes();
      this.zones.set(slot.zone, z);
    }
    z.add(slot, slot.pods.size);
    z.pods += slot.pods.size;
  }

  private unindex(slot: NodeSlot): void {
    const z = this.zones.get(slot.zone);
    if (!z) return;
    z.remove(slot, slot.pods.size);
    z.pods -= slot.pods.size;
    if (z.size === 0) this.zones.delete(slot.zone);
  }

  private podsOn(name: string): Map<string, Requests> {
    let m = this.podsByNode.get(name);
    if (!m) {
      m = new Map();
      this.podsByNode.set(name, m);
    }
    return m;
  }

  clear(): void {
    this.slots.clear();
    this.podsByNode.clear();
    this.placement.clear();
    this.zones.clear();
    this.sortedCache = undefined;
    this.generation++;
  }
}
