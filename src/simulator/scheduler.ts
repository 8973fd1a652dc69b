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
export function podRequests(pod: KObject): Requests {
  const spec = (pod.spec ?? {}) as J;
  const req = (c: J, r: string) => quantityToMillis(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]);
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

/** Nodes and what is bound to them, kept current from store events by the simulator. */
export class ClusterView {
  private slots = new Map<string, NodeSlot>();
  /** node name → pods counted there; kept apart from slots so pods bound to a node not (yet) known still count. */
  private podsByNode = new Map<string, Map<string, Requests>>();
  /** pod uid → node it is counted on. */
  private placement = new Map<string, string>();
  private sortedCache: NodeSlot[] | undefined;
  /** Bumped on every change that can make an unschedulable pod fit, so it knows to try again. */
  generation = 0;

  setNode(node: KObject): void {
    const name = node.metadata.name ?? '';
    const zone = node.metadata.labels?.[LABEL_ZONE] ?? '';
    const slot = this.slots.get(name);
    if (slot) {
      slot.node = node;
      slot.zone = zone;
    } else {
      this.slots.set(name, { name, node, zone, pods: this.podsOn(name) });
      this.sortedCache = undefined;
    }
    this.generation++;
  }

  deleteNode(name: string): void {
    if (!this.slots.delete(name)) return;
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

  /** Accounts a pod on its node (bound and not terminal) or nowhere; freed room wakes the scheduler. */
  observePod(pod: KObject, deleted: boolean): void {
    const uid = pod.metadata.uid ?? '';
    const nodeName = ((pod.spec as J | undefined)?.nodeName ?? '') as string;
    const phase = (pod.status as J | undefined)?.phase;
    const counted = !deleted && nodeName !== '' && phase !== 'Succeeded' && phase !== 'Failed';
    const was = this.placement.get(uid);
    if (was !== undefined && (!counted || was !== nodeName)) {
      this.podsOn(was).delete(uid);
      this.placement.delete(uid);
      this.generation++;
    }
    if (counted && was !== nodeName) {
      this.placement.set(uid, nodeName);
      this.podsOn(nodeName).set(uid, podRequests(pod));
    }
  }

  podCount(nodeName: string): number {
    return this.podsByNode.get(nodeName)?.size ?? 0;
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
    this.sortedCache = undefined;
    this.generation++;
  }
}
