// What metrics-server would report for the simulated cluster (metrics.k8s.io/v1beta1 PodMetrics and
// NodeMetrics), as pure functions of the objects. No process runs, so a container "uses" a share of
// what it requests: between 20% and 80%, fixed per pod uid and container (uids are reproducible
// with --seed, so the figures are too); a container without requests uses 1m CPU and 4Mi. A node
// uses what its pods use plus a system share of its capacity. Only pods that run on a node have
// metrics, as with metrics-server.
import { createHash } from 'node:crypto';
import { quantityToMillis } from '../controllers/endpointslice/topology.js';
import type { KObject } from '../machinery/types.js';
import { rfc3339 } from '../util/clock.js';
import { containersOf, specOf, statusOf } from './pod-status.js';

type J = Record<string, any>;

/** The window metrics-server reports over. */
export const METRICS_WINDOW = '30s';
const IDLE_CPU_NANO = 1e6;
const IDLE_MEMORY = 4 * 2 ** 20;

/** A stable fraction in [0, 1) from the given parts. */
function fraction(...parts: string[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0) / 2 ** 32;
}

export interface Usage {
  /** nanocores */
  cpu: number;
  /** bytes */
  memory: number;
}

/** As metrics-server writes quantities: CPU in nanocores ("12345678n"), memory in Ki. */
export function usageJSON(u: Usage): { cpu: string; memory: string } {
  return { cpu: `${Math.round(u.cpu)}n`, memory: `${Math.round(u.memory / 1024)}Ki` };
}

export function containerUsage(pod: KObject, c: J): Usage {
  const req = (c.resources?.requests ?? {}) as J;
  const share = 0.2 + 0.6 * fraction(pod.metadata.uid ?? pod.metadata.name ?? '', String(c.name));
  const cpuMilli = quantityToMillis(req.cpu);
  const memMilli = quantityToMillis(req.memory);
  return {
    cpu: cpuMilli > 0 ? Math.max(IDLE_CPU_NANO, cpuMilli * 1e6 * share) : IDLE_CPU_NANO,
    memory: memMilli > 0 ? Math.max(IDLE_MEMORY, (memMilli / 1000) * share) : IDLE_MEMORY,
  };
}

/** Whether metrics-server would have figures for the pod: it runs on a node and its containers run. */
export function hasMetrics(pod: KObject): boolean {
  return Boolean(specOf(pod).nodeName) && statusOf(pod).phase === 'Running' && !pod.metadata.deletionTimestamp;
}

export function podMetrics(pod: KObject, now: number): KObject {
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {
      name: pod.metadata.name, namespace: pod.metadata.namespace, labels: pod.metadata.labels,
      creationTimestamp: rfc3339(now),
    },
    timestamp: rfc3339(now - 15_000),
    window: METRICS_WINDOW,
    containers: containersOf(pod).map((c) => ({ name: c.name, usage: usageJSON(containerUsage(pod, c)) })),
  };
}

export function nodeMetrics(node: KObject, pods: KObject[], now: number): KObject {
  const name = node.metadata.name ?? '';
  const capacity = ((node.status as J | undefined)?.capacity ?? {}) as J;
  const system = 0.02 + 0.03 * fraction(name);
  const total: Usage = {
    cpu: quantityToMillis(capacity.cpu) * 1e6 * system,
    memory: (quantityToMillis(capacity.memory) / 1000) * system,
  };
  for (const p of pods) {
    if (specOf(p).nodeName !== name || !hasMetrics(p)) continue;
    for (const c of containersOf(p)) {
      const u = containerUsage(p, c);
      total.cpu += u.cpu;
      total.memory += u.memory;
    }
  }
  return {
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name, labels: node.metadata.labels, creationTimestamp: rfc3339(now) },
    timestamp: rfc3339(now - 15_000),
    window: METRICS_WINDOW,
    usage: usageJSON(total),
  };
}
