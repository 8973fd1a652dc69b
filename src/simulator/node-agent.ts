// What happens to a Node without a real cluster behind it: kube-controller-manager's node IPAM gives
// it pod CIDRs when it has none, and (in auto mode) a simulated kubelet registers it, filling in the
// status a kubelet reports (Ready, capacity, addresses, nodeInfo). What a client already set is kept.
import type { KObject } from '../machinery/types.js';
import { isStatusError } from '../machinery/status.js';
import type { Registry } from '../registry/registry.js';
import type { Clock } from '../util/clock.js';
import { EventRecorder } from '../controllers/recorder.js';
import type { NodeCIDRAllocator } from './ipam.js';
import { completeNodeStatus, nextNodeAddresses, podCIDRsOf } from './nodes.js';
import { LIFECYCLE_ANNOTATION } from './options.js';
import { Timeline } from './timeline.js';

type J = Record<string, any>;

export interface NodeAgentOptions {
  clock: Clock;
  cidrs: NodeCIDRAllocator;
  nodeAddressCIDRs: string[];
  /** Register nodes the way a kubelet would (auto mode). */
  registerNodes: boolean;
  onError: (err: unknown) => void;
  sliceMs?: number;
}

/** A node whose status nobody has reported: no conditions at all. */
function unregistered(node: KObject): boolean {
  const st = (node.status ?? {}) as J;
  return !Array.isArray(st.conditions) || st.conditions.length === 0;
}

export class NodeAgent {
  private timeline: Timeline;
  /** Nodes left without pod CIDRs because the cluster ranges are full: retried when one is freed. */
  private starved = new Set<string>();
  private recorder: EventRecorder;

  constructor(private readonly r: Registry, private readonly o: NodeAgentOptions) {
    this.timeline = new Timeline(o.clock, (names) => names.forEach((n) => this.sync(n)), { sliceMs: o.sliceMs });
    this.recorder = new EventRecorder(r, { component: 'cidrAllocator' });
  }

  /** Keeps CIDR bookkeeping current and queues nodes that need work. */
  observe(node: KObject, deleted: boolean): void {
    const name = node.metadata.name ?? '';
    const cidrs = podCIDRsOf(node);
    if (deleted) {
      this.o.cidrs.release(cidrs);
      this.timeline.cancel(name);
      this.starved.delete(name);
      if (cidrs.length) {
        for (const n of this.starved) this.timeline.at(n, this.o.clock.now());
        this.starved.clear();
      }
      return;
    }
    this.o.cidrs.occupy(cidrs);
    if (this.needsWork(node)) this.timeline.at(name, this.o.clock.now());
  }

  stop(): void {
    this.timeline.stop();
  }

  clear(): void {
    this.timeline.clear();
    this.starved.clear();
  }

  hasDue(): boolean {
    return this.timeline.hasDue();
  }

  nextDue(): number | undefined {
    return this.timeline.nextDue();
  }

  private needsWork(node: KObject): boolean {
    if (node.metadata.deletionTimestamp) return false;
    if (podCIDRsOf(node).length === 0 && !this.starved.has(node.metadata.name ?? '')) return true;
    return this.o.registerNodes && node.metadata.annotations?.[LIFECYCLE_ANNOTATION] !== 'manual' && unregistered(node);
  }

  private sync(name: string): void {
    const s = this.r.resource('', 'nodes');
    const cur = this.r.tryGet(s, '', name)?.obj;
    if (!cur || !this.needsWork(cur)) return;
    try {
      if (podCIDRsOf(cur).length === 0 && !this.starved.has(name)) this.assignCIDRs(cur);
      const node = this.r.tryGet(s, '', name)?.obj;
      if (node && this.o.registerNodes && node.metadata.annotations?.[LIFECYCLE_ANNOTATION] !== 'manual' && unregistered(node)) {
        this.register(node);
      }
    } catch (e) {
      if (!isStatusError(e) || e.code !== 404) this.o.onError(e);
    }
  }

  /** The range allocator: one subnet per cluster CIDR, written to spec.podCIDR(s). */
  private assignCIDRs(node: KObject): void {
    const name = node.metadata.name ?? '';
    const cidrs = this.o.cidrs.allocate();
    if (!cidrs) {
      // As kube-controller-manager does: the node stays without CIDRs and an event says why.
      this.starved.add(name);
      this.recorder.record({ ...node, apiVersion: 'v1', kind: 'Node' }, 'Normal', 'CIDRNotAvailable',
        `Node ${name} status is now: CIDRNotAvailable`);
      return;
    }
    try {
      this.r.mutate(this.r.resource('', 'nodes'), '', name, (n) => {
        const spec = (n.spec ?? (n.spec = {})) as J;
        spec.podCIDR = cidrs[0];
        spec.podCIDRs = cidrs;
      }, { fieldManager: 'kube-controller-manager' });
    } catch (e) {
      this.o.cidrs.release(cidrs);
      throw e;
    }
  }

  private register(node: KObject): void {
    const s = this.r.resource('', 'nodes');
    const others = this.r.list(s, undefined).items.map((x) => x.obj);
    const hasAddresses = Array.isArray((node.status as J | undefined)?.addresses);
    const addresses = hasAddresses ? [] : nextNodeAddresses(others, this.o.nodeAddressCIDRs);
    this.r.mutate(s, '', node.metadata.name ?? '', (n) => completeNodeStatus(n, addresses, this.r.now()), {
      subresource: 'status', fieldManager: 'kubelet',
    });
  }
}
