// The simulated cluster without kubelets: a scheduler, a kubelet per node, node IPAM and pod IPAM,
// all ordinary clients of the registry. They learn about changes from store events (which only mark
// work to do) and act later on the injected clock, re-reading current state each time.
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import type { StoreEvent } from '../storage/store.js';
import { PodEngine, podKey } from './engine.js';
import { SimulatorEvents } from './events.js';
import { NodeCIDRAllocator, PodIPAM } from './ipam.js';
import { NodeAgent } from './node-agent.js';
import { FakeClock } from '../util/clock.js';
import {
  DEFAULT_DELAYS, DEFAULT_MAX_GRACE_SECONDS, DEFAULT_SLICE_MS, resolveNetwork, type SimulatorOptions,
} from './options.js';
import { ClusterView } from './scheduler.js';
import { defaultStages } from './stages.js';

export * from './options.js';
export { seedNodes, type SeedNodesOptions, DEFAULT_NODE_COUNT, DEFAULT_CAPACITY } from './nodes.js';
export { defaultStages, readinessDelay, type Stage, type StageContext, type StageEvent } from './stages.js';
export { schedulePod, ClusterView } from './scheduler.js';
export { PodIPAM, NodeCIDRAllocator } from './ipam.js';

export interface Simulator {
  stop(): void;
  /** Forgets everything and re-reads the store (call after the store was cleared and reseeded). */
  resync(): void;
  /** Nothing is due at the current time (work waiting on a later time does not count). */
  isIdle(): boolean;
  /** Resolves once nothing is due now; on a FakeClock due work only runs inside advance(). */
  idle(): Promise<void>;
  /** When the next stage falls due on the simulator's clock (ms since epoch), or undefined if none is scheduled. */
  nextDue(): number | undefined;
  /** Unexpected errors from the simulator's writes (a bug if not empty); the newest 100. */
  readonly errors: unknown[];
}

type J = Record<string, any>;

export function startSimulator(r: Registry, opts: SimulatorOptions): Simulator {
  const net = resolveNetwork(opts);
  const auto = (opts.mode ?? 'auto') === 'auto';
  const errors: unknown[] = [];
  const onError = (e: unknown) => {
    errors.push(e);
    if (errors.length > 100) errors.shift();
  };
  const cluster = new ClusterView();
  const ipam = new PodIPAM();
  const cidrs = new NodeCIDRAllocator(net.podCIDRs, net.nodeMaskSizes);
  const events = new SimulatorEvents(r, opts.events ?? true);
  const sliceMs = opts.sliceMs ?? (opts.clock instanceof FakeClock ? undefined : DEFAULT_SLICE_MS);
  const engine = new PodEngine(r, {
    clock: opts.clock,
    delays: { ...DEFAULT_DELAYS, ...opts.delays },
    maxGraceSeconds: opts.maxGraceSeconds ?? DEFAULT_MAX_GRACE_SECONDS,
    stages: opts.stages ?? defaultStages(),
    cluster, ipam, events, onError, sliceMs,
    // The default stages' predicates read only the pod, its node and the pod's own history.
    pureMatch: opts.stages === undefined,
  });
  const agent = new NodeAgent(r, { clock: opts.clock, cidrs, nodeAddressCIDRs: net.nodeAddressCIDRs, registerNodes: auto, onError, sliceMs });
  const podsStrategy = r.resource('', 'pods');
  const nodesStrategy = r.resource('', 'nodes');

  const onNode = (node: KObject, deleted: boolean, fresh: boolean) => {
    const name = node.metadata.name ?? '';
    if (deleted) cluster.deleteNode(name);
    else cluster.setNode(node);
    agent.observe(node, deleted);
    // Pods bound to a node before it existed start once it appears.
    if (fresh && auto) {
      for (const p of r.list(podsStrategy, undefined, { fieldSelector: `spec.nodeName=${name}` }).items) engine.touch(podKey(p.obj));
    }
    engine.clusterChanged();
  };

  const onPod = (pod: KObject, deleted: boolean) => {
    const uid = pod.metadata.uid ?? '';
    cluster.observePod(pod, deleted);
    if (deleted) {
      const held = ipam.size;
      ipam.release(uid);
      if (ipam.size !== held) cluster.generation++;
      engine.forget(podKey(pod), uid);
    } else {
      const spec = (pod.spec ?? {}) as J;
      const ips = (((pod.status ?? {}) as J).podIPs ?? []) as J[];
      if (spec.nodeName && spec.hostNetwork !== true && ips.length) ipam.reservePodIPs(uid, ips);
      if (auto) engine.touch(podKey(pod));
    }
    engine.clusterChanged();
  };

  const load = () => {
    for (const n of r.list(nodesStrategy, undefined).items) onNode(n.obj, false, false);
    for (const p of r.list(podsStrategy, undefined).items) onPod(p.obj, false);
  };
  const offNodes = r.watch(nodesStrategy, (ev: StoreEvent) => onNode(ev.object.obj, ev.type === 'DELETED', ev.type === 'ADDED'));
  const offPods = r.watch(podsStrategy, (ev: StoreEvent) => onPod(ev.object.obj, ev.type === 'DELETED'));
  load();

  const isIdle = () => !engine.hasDue() && !agent.hasDue();
  return {
    errors,
    stop() {
      offNodes();
      offPods();
      engine.stop();
      agent.stop();
    },
    resync() {
      engine.clear();
      agent.clear();
      cluster.clear();
      ipam.clear();
      cidrs.clear();
      load();
    },
    isIdle,
    nextDue() {
      const times = [engine.nextDue(), agent.nextDue()].filter((t): t is number => t !== undefined);
      return times.length ? Math.min(...times) : undefined;
    },
    async idle() {
      for (let i = 0; i < 1000 && !isIdle(); i++) await new Promise((res) => setImmediate(res));
    },
  };
}
