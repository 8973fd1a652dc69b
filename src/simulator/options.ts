// The simulator's knobs and their defaults, in one place so the CLI, buildApp and tests agree.
import { parseCIDR } from '../machinery/validation-ip.js';
import type { Clock } from '../util/clock.js';
import type { Random } from '../util/random.js';
import type { Stage } from './stages.js';

/** `kubesim.io/lifecycle: manual` on a pod: the simulator never schedules, patches or deletes it. */
export const LIFECYCLE_ANNOTATION = 'kubesim.io/lifecycle';
/** `kubesim.io/ready: "false"` on a running pod: its containers report not ready (a failing probe). */
export const READY_ANNOTATION = 'kubesim.io/ready';
/** `kubesim.io/run-seconds: "3"` on a run-to-completion pod: how long its containers run (overrides --job-run-seconds). */
export const RUN_SECONDS_ANNOTATION = 'kubesim.io/run-seconds';
/** `kubesim.io/exit-code: "1"` on a run-to-completion pod: the code its containers exit with (default 0). */
export const EXIT_CODE_ANNOTATION = 'kubesim.io/exit-code';

export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

export const SCHEDULER_NAME = 'default-scheduler';
export const KUBELET_VERSION = 'v1.35.0';

export type PodLifecycleMode = 'auto' | 'manual';

/** Milliseconds each pod stage waits after it starts to apply (kwok's "delay"). */
export interface StageDelays {
  /** Pending pod → bound to a node (the scheduler). */
  schedule: number;
  /** Bound → accepted by the kubelet: hostIP, startTime, init containers run, containers creating. */
  initialize: number;
  /** Sandbox up → pod IPs assigned, containers running. */
  start: number;
  /** Containers running → ready (plus any readinessProbe initialDelaySeconds). */
  ready: number;
  /** Containers running → exited, for pods with restartPolicy Never/OnFailure (--job-run-seconds). */
  run: number;
}

/** Ready about 100 ms after creation, in four steps a watcher can see. */
export const DEFAULT_DELAYS: StageDelays = { schedule: 10, initialize: 20, start: 40, ready: 20, run: 1000 };

export const DEFAULT_POD_CIDRS = ['10.244.0.0/16', 'fd00:10:244::/56'];
/** Per-node pod CIDR sizes, as kube-controller-manager's --node-cidr-mask-size-ipv4/-ipv6. */
export const DEFAULT_NODE_MASK_SIZES = { v4: 24, v6: 64 };
/** Where simulated nodes' own InternalIPs come from (a kind-like docker network). */
export const DEFAULT_NODE_ADDRESS_CIDRS = ['172.18.0.0/16', 'fc00:f853:ccd:e793::/64'];
export const DEFAULT_ZONES = ['zone-a', 'zone-b', 'zone-c'];
export const DEFAULT_REGION = 'region-1';
export const DEFAULT_MAX_GRACE_SECONDS = 2;

/** The cluster's addressing: shared by seedNodes and the simulator's node IPAM. */
export interface NetworkOptions {
  /** Cluster pod CIDRs, at most one per IP family; the first family is the pods' primary one. */
  podCIDRs?: string[];
  nodeMaskSizes?: { v4?: number; v6?: number };
  nodeAddressCIDRs?: string[];
}

export interface SimulatorOptions extends NetworkOptions {
  clock: Clock;
  /** Accepted for symmetry with the app; ids the simulator makes are stable digests, not random. */
  random?: Random;
  /** manual: pods are left alone entirely (clients own status). Nodes still get pod CIDRs. */
  mode?: PodLifecycleMode;
  /** Cap on how long a terminating pod lingers before removal (--max-grace-seconds). */
  maxGraceSeconds?: number;
  delays?: Partial<StageDelays>;
  /** Emit core/v1 Events for scheduling and kubelet actions (default true). */
  events?: boolean;
  /** Replaces the stage table (default: defaultStages()). */
  stages?: Stage[];
  /**
   * Due stages are worked off in slices of about this many ms, each followed by a turn of the event
   * loop (default DEFAULT_SLICE_MS; on a FakeClock none: its timers fire inside advance(), which
   * tests read synchronously).
   */
  sliceMs?: number;
}

/**
 * 20 ms: a stall no client notices. With 5 ms slices under 16 POSTing connections the controllers ran
 * between every slice on a few pods each (186 instead of 123 EndpointSlice writes for 2,000 pods) and
 * the slices ended 1.4–2.7 s behind the last create instead of 0.1–0.2 s.
 */
export const DEFAULT_SLICE_MS = 20;

export interface ResolvedNetwork {
  podCIDRs: string[];
  nodeMaskSizes: { v4: number; v6: number };
  nodeAddressCIDRs: string[];
}

export function resolveNetwork(o: NetworkOptions): ResolvedNetwork {
  return {
    podCIDRs: o.podCIDRs?.length ? o.podCIDRs : DEFAULT_POD_CIDRS,
    nodeMaskSizes: { ...DEFAULT_NODE_MASK_SIZES, ...o.nodeMaskSizes },
    nodeAddressCIDRs: o.nodeAddressCIDRs?.length ? o.nodeAddressCIDRs : DEFAULT_NODE_ADDRESS_CIDRS,
  };
}

/**
 * Why these network settings cannot work (a message for a flag error), or undefined: bad CIDRs,
 * two of one family, a node mask that does not fit, or too few node subnets for `nodes` nodes.
 */
export function networkError(o: NetworkOptions, nodes = 0): string | undefined {
  const net = resolveNetwork(o);
  const families = new Set<number>();
  for (const text of [...net.podCIDRs, ...net.nodeAddressCIDRs]) {
    if (!parseCIDR(text)) return `invalid CIDR ${JSON.stringify(text)}`;
  }
  for (const text of net.podCIDRs) {
    const c = parseCIDR(text)!;
    if (families.has(c.family)) return `at most one pod CIDR per IP family, got ${net.podCIDRs.join(',')}`;
    families.add(c.family);
    const mask = c.family === 4 ? net.nodeMaskSizes.v4 : net.nodeMaskSizes.v6;
    const bits = c.family === 4 ? 32 : 128;
    if (!Number.isInteger(mask) || mask < c.prefixLength || mask > bits) {
      return `node CIDR mask /${mask} does not fit in cluster CIDR ${text}`;
    }
    if (mask - c.prefixLength < 31 && 2 ** (mask - c.prefixLength) < nodes) {
      return `cluster CIDR ${text} has room for ${2 ** (mask - c.prefixLength)} nodes with /${mask} each, not ${nodes}`;
    }
  }
  return undefined;
}
