// Objects for the scenarios and a kubesim on an ephemeral loopback port. Bulk inserts go through the
// registry (strategies, validation, watch events) but skip HTTP, so set-up stays fast.
import { buildApp, type Kubesim, type KubesimOptions } from '../../src/app.js';
import type { KObject } from '../../src/machinery/types.js';

export interface Sim extends Kubesim {
  url: string;
  close(): Promise<void>;
}

/**
 * A kubesim without the pod simulator unless asked for: the scenarios own pod status, so they
 * measure the API server and the controllers rather than the simulated kubelet's timing.
 */
export async function startSim(opts: KubesimOptions = {}): Promise<Sim> {
  const sim = await buildApp({ seed: 7, simulate: false, ...opts });
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = sim.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return Object.assign(sim, { url: `http://127.0.0.1:${port}`, close: () => sim.app.close() });
}

/** A pod IP unique for i < 2^24. */
export function podIP(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** Nodes the running pods are bound to; the EndpointSlice controller skips pods on unknown Nodes. */
export const NODES = 10;

export function podBody(name: string, labels: Record<string, string>, nodeName?: string): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  };
}

export function ensureNodes(sim: Kubesim): void {
  const nodes = sim.registry.resource('', 'nodes');
  for (let i = 0; i < NODES; i++) {
    if (sim.registry.tryGet(nodes, '', `node-${i}`)) continue;
    sim.registry.create(nodes, '', {
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    });
  }
}

/** POST body: generateName, so the same bytes create a new pod each time. */
export function podCreateBody(labels: Record<string, string>): string {
  const b = podBody('', labels);
  delete b.metadata.name;
  b.metadata.generateName = 'load-';
  return JSON.stringify(b);
}

export function readyStatus(ip: string, ready: boolean): Record<string, unknown> {
  const t = '2024-01-01T00:00:00Z';
  return {
    phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '192.168.0.1', hostIPs: [{ ip: '192.168.0.1' }],
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: t }],
  };
}

export function serviceBody(name: string, selector: Record<string, string>): KObject {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  };
}

export function ensureNamespace(sim: Kubesim, name: string): void {
  const ns = sim.registry.resource('', 'namespaces');
  if (!sim.registry.tryGet(ns, '', name)) sim.registry.create(ns, '', { metadata: { name } });
}

export interface PodSpecOptions {
  /** Index offset, so pod IPs stay unique across calls. */
  from?: number;
  /** Bind the pod to a node and give it an IP and a Ready condition (a /status write after the create). */
  running?: boolean;
}

/** Creates `n` pods named `${prefix}-${i}`; `labels(i)` picks each pod's labels. */
export function createPods(sim: Kubesim, ns: string, prefix: string, n: number, labels: (i: number) => Record<string, string>,
  o: PodSpecOptions = {}): string[] {
  const pods = sim.registry.resource('', 'pods');
  const names: string[] = [];
  const from = o.from ?? 0;
  if (o.running) ensureNodes(sim);
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${i}`;
    sim.registry.create(pods, ns, podBody(name, labels(i), o.running ? `node-${(from + i) % NODES}` : undefined));
    if (o.running) {
      sim.registry.mutate(pods, ns, name, (p) => {
        p.status = readyStatus(podIP(from + i), true);
      }, { subresource: 'status' });
    }
    names.push(name);
  }
  return names;
}

export function createService(sim: Kubesim, ns: string, name: string, selector: Record<string, string>): void {
  sim.registry.create(sim.registry.resource('', 'services'), ns, serviceBody(name, selector));
}

/** Counts store events per resource while active (writes caused by a change). */
export function countWrites(sim: Kubesim): { counts: Map<string, number>; stop(): void } {
  const counts = new Map<string, number>();
  const stop = sim.store.subscribeAll((ev) => counts.set(ev.resource, (counts.get(ev.resource) ?? 0) + 1));
  return { counts, stop };
}

export async function getText(url: string): Promise<{ contentType: string; body: string }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return { contentType: res.headers.get('content-type') ?? 'application/json', body: await res.text() };
}
