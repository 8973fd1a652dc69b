// Simulated nodes: the default cluster seeded at start, and what a kubelet reports about a node it
// registers (capacity, conditions, addresses, nodeInfo). Nodes are written through the registry
// like any client's, so user-created nodes and seeded ones are the same kind of object.
import * as crypto from 'node:crypto';
import type { KObject } from '../machinery/types.js';
import { formatIP, nthAddress, parseCIDR } from '../machinery/validation-ip.js';
import type { Registry } from '../registry/registry.js';
import { rfc3339, rfc3339Micro } from '../util/clock.js';
import { NodeCIDRAllocator, canonicalIP } from './ipam.js';
import {
  DEFAULT_REGION, DEFAULT_ZONES, KUBELET_VERSION, LABEL_HOSTNAME, LABEL_REGION, LABEL_ZONE,
  resolveNetwork, type NetworkOptions,
} from './options.js';

type J = Record<string, any>;

export interface SeedNodesOptions extends NetworkOptions {
  /** How many nodes (--nodes, default 3). */
  nodes?: number;
  /** Zones the nodes are spread over round-robin (--zones, default zone-a,zone-b,zone-c). */
  zones?: string[];
  region?: string;
  /** Node names are <prefix><n>, n from 1 (default "node-"). */
  namePrefix?: string;
}

export const DEFAULT_NODE_COUNT = 3;

/** What a simulated node offers: a mid-sized VM. */
export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = {
  cpu: '8',
  'ephemeral-storage': '100Gi',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '32Gi',
  pods: '110',
};

/** One-shot sha256 (crypto.hash, Node ≥ 20.12: no Hash object per call), else createHash. */
const sha256: (text: string) => string = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** A stable hex digest, so machine ids and boot ids look real and survive a reseed unchanged. */
export function digest(text: string, len = 32): string {
  return sha256(text).slice(0, len);
}

function asUUID(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The four conditions a healthy kubelet posts, worded as the kubelet words them. */
export function readyConditions(now: number): J[] {
  const t = rfc3339(now);
  const c = (type: string, status: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: t, lastTransitionTime: t, reason, message,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

export function nodeInfo(name: string): J {
  return {
    architecture: 'amd64',
    bootID: asUUID(digest(`boot/${name}`)),
    containerRuntimeVersion: 'containerd://2.1.4',
    kernelVersion: '6.8.0-kubesim',
    kubeletVersion: KUBELET_VERSION,
    // Deprecated and no longer reported since 1.33, but still serialised (no omitempty).
    kubeProxyVersion: '',
    machineID: digest(`machine/${name}`),
    operatingSystem: 'linux',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    systemUUID: asUUID(digest(`system/${name}`)),
  };
}

/**
 * Fills in what a registering kubelet reports and the node lacks; fields the node already has
 * (a user's own conditions, capacity or addresses) are kept as they are.
 */
export function completeNodeStatus(node: KObject, addresses: string[], now: number): void {
  const name = node.metadata.name ?? '';
  const status = (node.status ?? (node.status = {})) as J;
  if (!status.capacity) status.capacity = { ...DEFAULT_CAPACITY };
  if (!status.allocatable) status.allocatable = { ...status.capacity };
  if (!status.conditions) status.conditions = readyConditions(now);
  if (!status.addresses) {
    status.addresses = [
      ...addresses.map((address) => ({ type: 'InternalIP', address })),
      { type: 'Hostname', address: name },
    ];
  }
  if (!status.daemonEndpoints) status.daemonEndpoints = { kubeletEndpoint: { Port: 10250 } };
  if (!status.nodeInfo) status.nodeInfo = nodeInfo(name);
}

/** The next free InternalIP per family from the node address ranges (offset 2 on, like a docker network). */
export function nextNodeAddresses(
  existing: readonly KObject[],
  cidrs: readonly string[],
  taken = new Set<string>(),
  cursors?: Map<string, number>,
): string[] {
  for (const n of existing) {
    for (const a of ((n.status as J | undefined)?.addresses ?? []) as J[]) {
      const ip = typeof a.address === 'string' ? canonicalIP(a.address) : undefined;
      if (ip) taken.add(ip);
    }
  }
  const out: string[] = [];
  for (const text of cidrs) {
    const cidr = parseCIDR(text);
    if (!cidr) continue;
    // With a cursor (seedNodes, one call per node), the scan resumes after the last address handed
    // out: everything below it is taken already, and rescanning from 2 made N nodes cost N² formats.
    for (let i = cursors?.get(text) ?? 2; i < 65536; i++) {
      const ip = formatIP(nthAddress(cidr, i));
      if (taken.has(ip)) continue;
      taken.add(ip);
      out.push(ip);
      cursors?.set(text, i + 1);
      break;
    }
  }
  return out;
}

/** Node labels the kubelet and cloud provider set: hostname, os, arch, zone and region. */
export function nodeLabels(name: string, zone: string, region: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    [LABEL_HOSTNAME]: name,
    'kubernetes.io/os': 'linux',
    [LABEL_REGION]: region,
    [LABEL_ZONE]: zone,
  };
}

/**
 * Creates the default simulated cluster: N Ready nodes spread round-robin over the zones, each with
 * pod CIDRs carved from the cluster's. Nodes that already exist are left alone (idempotent, so a
 * reset can call it again). Returns the nodes created.
 */
export function seedNodes(r: Registry, opts: SeedNodesOptions = {}): KObject[] {
  const net = resolveNetwork(opts);
  const count = opts.nodes ?? DEFAULT_NODE_COUNT;
  const zones = opts.zones?.length ? opts.zones : DEFAULT_ZONES;
  const region = opts.region ?? DEFAULT_REGION;
  const prefix = opts.namePrefix ?? 'node-';
  const s = r.resource('', 'nodes');
  const existing = r.list(s, undefined).items.map((x) => x.obj);
  const cidrs = new NodeCIDRAllocator(net.podCIDRs, net.nodeMaskSizes);
  for (const n of existing) cidrs.occupy(podCIDRsOf(n));
  const taken = new Set<string>();
  const cursors = new Map<string, number>();
  const created: KObject[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}${i + 1}`;
    if (r.tryGet(s, '', name)) continue;
    const podCIDRs = cidrs.allocate();
    if (!podCIDRs) throw new Error(`the cluster pod CIDRs ${net.podCIDRs.join(',')} have no room for node ${name}`);
    const node: KObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: nodeLabels(name, zones[i % zones.length], region),
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: { podCIDR: podCIDRs[0], podCIDRs, providerID: `kubesim://${name}` },
    };
    completeNodeStatus(node, nextNodeAddresses(existing, net.nodeAddressCIDRs, taken, cursors), r.now());
    const stored = r.create(s, '', node, { fieldManager: 'kubelet' }).object;
    createNodeLease(r, stored);
    created.push(stored);
  }
  return created;
}

/**
 * The kubelet's heartbeat Lease in kube-node-lease, owned by its Node (kubectl describe node shows
 * it). kubesim's kubelets do not renew it: renewTime is the node's registration time.
 */
function createNodeLease(r: Registry, node: KObject): void {
  const leases = r.resource('coordination.k8s.io', 'leases');
  const name = node.metadata.name ?? '';
  // Without the kube-node-lease namespace (deleted, or a bare test store) there is nowhere to put it.
  if (!r.tryGet(r.resource('', 'namespaces'), '', 'kube-node-lease')) return;
  if (r.tryGet(leases, 'kube-node-lease', name)) return;
  r.create(leases, 'kube-node-lease', {
    metadata: {
      name,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(r.now()) },
  }, { fieldManager: 'kubelet' });
}

/** Per frozen spec/status (a stored node's, which never changes): its pod CIDRs and InternalIPs. */
const cidrsOf = new WeakMap<object, readonly string[]>();
const ipsOf = new WeakMap<object, readonly string[]>();

export function podCIDRsOf(node: KObject): string[] {
  const spec = node.spec;
  if (spec === undefined || spec === null || !Object.isFrozen(spec)) return computePodCIDRs(node);
  let v = cidrsOf.get(spec);
  if (v === undefined) {
    v = Object.freeze(computePodCIDRs(node));
    cidrsOf.set(spec, v);
  }
  return v as string[];
}

function computePodCIDRs(node: KObject): string[] {
  const spec = (node.spec ?? {}) as J;
  if (Array.isArray(spec.podCIDRs) && spec.podCIDRs.length) return spec.podCIDRs.filter((x: unknown) => typeof x === 'string');
  return typeof spec.podCIDR === 'string' && spec.podCIDR ? [spec.podCIDR] : [];
}

/** The node's InternalIPs, in the order it lists them. */
export function internalIPs(node: KObject): string[] {
  const status = node.status;
  if (status === undefined || status === null || !Object.isFrozen(status)) return computeInternalIPs(node);
  let v = ipsOf.get(status);
  if (v === undefined) {
    v = Object.freeze(computeInternalIPs(node));
    ipsOf.set(status, v);
  }
  return v as string[];
}

function computeInternalIPs(node: KObject): string[] {
  const addrs = ((node.status as J | undefined)?.addresses ?? []) as J[];
  return addrs.filter((a) => a.type === 'InternalIP' && typeof a.address === 'string').map((a) => a.address as string);
}
