// The whole pod pipeline in process: kubesim with the simulated cluster (scheduler binds, kubelet
// writes status, Ready ~90 ms after create) and every controller on, autocannon POSTing pods
// (generateName) from a worker thread, then waiting until every created pod is Ready and a ready
// endpoint in its Service's EndpointSlices. Shared by scenarios/pipeline.ts and profile-pipeline.ts.
import { performance } from 'node:perf_hooks';
import { cannon, type CannonResult } from './cannon.js';
import { podCreateBody, startSim, type Sim } from './fixtures.js';
import { Watchers } from './watchers.js';

type J = any;

/** The simulated kubelet's default: a node takes at most 110 pods. */
export const PODS_PER_NODE = 110;
/** A cluster CIDR with room for 16,384 node /24s (and as many /64s), whatever the node count. */
export const WIDE_POD_CIDRS = ['10.64.0.0/10', 'fd00:10:244::/48'];
const SLICES = 'discovery.k8s.io/endpointslices';

export interface PipelineOptions {
  connections: number;
  /** Seconds of POSTing (ignored when `pods` is set). */
  seconds?: number;
  /** POST exactly this many pods instead. */
  pods?: number;
  /** Pods are spread round robin over this many Services (1: one Service selects every pod). */
  services: number;
  /** Nodes: enough for this many pods (× 1.5 headroom, 110 a node). */
  capacityPods: number;
  log(msg: string): void;
  /** Runs once the cluster is up and warm, just before the measured POSTs (e.g. start a profiler). */
  beforeLoad?: () => Promise<void> | void;
  /** Runs right after every pod is Ready and in its slices. */
  afterSettled?: () => Promise<void> | void;
  /** POST this many pods into a separate namespace first (JIT, sockets), then settle. */
  warmPods?: number;
  /** HTTP watch streams on the namespace's pods (a worker thread reads them) during the measured run. */
  watchers?: number;
  /**
   * User-Agent of the POSTs. autocannon sends none, so pods are created without a field manager
   * (no managedFields entry to track); a real client's (kubectl, client-go) makes the apiserver
   * track its fields on create and compare against them on every later write.
   */
  userAgent?: string;
}

export interface PipelineResult {
  sim: Sim;
  pods: number;
  nodes: number;
  post: CannonResult;
  /** first pod created → last pod created (ms). */
  loadMs: number;
  /** first pod created → every pod Ready and in its slices (the last slice write; ms). */
  endToEndMs: number;
  /** last pod created → last slice write (ms): how far the pipeline trails the load. */
  convergeMs: number;
  podsPerSec: number;
  /** Main-thread busy time from the first POST to the end, per pod (µs). */
  busyUsPerPod: number;
  /**
   * This process's CPU (user + system, all its threads: the server, GC, libuv; autocannon runs in a
   * child process) from the first create to the end (ms). Unlike busy time it does not grow when
   * other load on the machine deschedules the server.
   */
  cpuMs: number;
  /** Last pod created → the last pod write (the last pod Ready): the simulated lifecycle's share of convergeMs. */
  readyMs: number;
  /** Of cpuMs, the time in the kernel (system CPU): sockets, mostly. */
  cpuSystemMs: number;
  sliceWrites: number;
  endpointsWrites: number;
  podWrites: number;
}

export function nodesFor(pods: number): number {
  return Math.max(3, Math.ceil((pods * 1.5) / PODS_PER_NODE));
}

/** The Service `svc-i` selects app=web, shard=s-i; a pod body per Service. */
export function pipelineBodies(services: number): string[] {
  return Array.from({ length: services }, (_, i) => podCreateBody({ app: 'web', shard: `s-${i}` }));
}

function isReady(pod: J): boolean {
  return (pod.status?.conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');
}

/** Why the namespace is not converged yet (undefined = every pod Ready and a ready endpoint of its Service). */
export function notConverged(sim: Sim, ns: string, services: number): string | undefined {
  const pods = sim.store.list('pods', ns);
  const perShard = new Map<string, number>();
  let notReady = 0;
  for (const p of pods) {
    const o = p.obj as J;
    if (!isReady(o)) notReady++;
    const shard = o.metadata.labels?.shard;
    perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
  }
  if (notReady) return `${notReady}/${pods.length} pods not Ready`;
  const ready = new Map<string, number>();
  for (const s of sim.store.list(SLICES, ns)) {
    const o = s.obj as J;
    const svc = o.metadata.labels?.['kubernetes.io/service-name'];
    const n = (o.endpoints ?? []).filter((e: J) => e.conditions?.ready === true).length;
    ready.set(svc, (ready.get(svc) ?? 0) + n);
  }
  for (let i = 0; i < services; i++) {
    const want = perShard.get(`s-${i}`) ?? 0;
    const got = ready.get(`svc-${i}`) ?? 0;
    if (want !== got) return `Service svc-${i}: ${got} ready endpoints for ${want} pods`;
  }
  return undefined;
}

async function converge(sim: Sim, ns: string, services: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sim.settled();
    const why = notConverged(sim, ns, services);
    if (!why) return;
    if (Date.now() > deadline) throw new Error(`not converged after ${timeoutMs} ms: ${why}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function setupNamespace(sim: Sim, ns: string, services: number): void {
  const r = sim.registry;
  r.create(r.resource('', 'namespaces'), '', { metadata: { name: ns } });
  for (let i = 0; i < services; i++) {
    r.create(r.resource('', 'services'), ns, {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: `svc-${i}` },
      spec: { selector: { app: 'web', shard: `s-${i}` }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
  }
}

/** Starts the cluster, warms it, runs the measured POSTs and waits for convergence. The caller closes `sim`. */
export async function runPipeline(o: PipelineOptions): Promise<PipelineResult> {
  const nodes = nodesFor(o.capacityPods + (o.warmPods ?? 0));
  const sim = await startSim({ simulate: true, nodes, podCIDRs: WIDE_POD_CIDRS });
  const bodies = pipelineBodies(o.services);
  const post = (ns: string, extra: { duration: number; amount?: number; process?: boolean }) => cannon({
    url: `${sim.url}/api/v1/namespaces/${ns}/pods`, connections: o.connections, method: 'POST',
    headers: { 'content-type': 'application/json', ...(o.userAgent ? { 'user-agent': o.userAgent } : {}) }, bodies, ...extra,
  });
  let watchers: Watchers | undefined;
  try {
    if (o.warmPods) {
      setupNamespace(sim, 'warm', o.services);
      await post('warm', { duration: 60, amount: o.warmPods });
      await converge(sim, 'warm', o.services, 120_000);
    }
    const ns = 'pipeline';
    setupNamespace(sim, ns, o.services);
    await sim.settled();
    watchers = o.watchers ? await Watchers.open(sim.url, `/api/v1/namespaces/${ns}/pods?watch=1`, o.watchers) : undefined;

    let first = 0;
    let lastCreate = 0;
    let lastSlice = 0;
    let created = 0;
    let sliceWrites = 0;
    let endpointsWrites = 0;
    let podWrites = 0;
    let lastPodWrite = 0;
    let elu0 = performance.eventLoopUtilization();
    let cpu0 = process.cpuUsage();
    const stop = sim.store.subscribeAll((ev) => {
      if (ev.object.obj.metadata.namespace !== ns) return;
      const now = performance.now();
      if (ev.resource === 'pods') {
        podWrites++;
        lastPodWrite = now;
        if (ev.type !== 'ADDED') return;
        if (created++ === 0) {
          first = now;
          elu0 = performance.eventLoopUtilization();
          cpu0 = process.cpuUsage();
        }
        lastCreate = now;
      } else if (ev.resource === SLICES) {
        sliceWrites++;
        lastSlice = now;
      } else if (ev.resource === 'endpoints') endpointsWrites++;
    });
    await o.beforeLoad?.();
    o.log(`  POST pods, ${o.connections} connections, ${o.pods ? `${o.pods} pods` : `${o.seconds} s`}; ${nodes} nodes, ${o.services} Service(s)`);
    const res = await post(ns, { process: true, ...(o.pods ? { duration: 600, amount: o.pods } : { duration: o.seconds ?? 1 }) });
    if (created === 0) throw new Error(`no pod created: ${JSON.stringify(res.codes)}`);
    if (created > nodes * PODS_PER_NODE) {
      throw new Error(`${created} pods for ${nodes} nodes × ${PODS_PER_NODE}: the rest stay Pending; raise the capacity estimate`);
    }
    await converge(sim, ns, o.services, 300_000);
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    stop();
    await o.afterSettled?.();
    await watchers?.close();
    const end = Math.max(lastSlice, lastCreate);
    return {
      sim, pods: created, nodes, post: res,
      loadMs: lastCreate - first, endToEndMs: end - first, convergeMs: Math.max(0, lastSlice - lastCreate),
      readyMs: Math.max(0, lastPodWrite - lastCreate),
      podsPerSec: created / ((end - first) / 1000),
      busyUsPerPod: (elu.active * 1000) / Math.max(1, created),
      cpuMs: (cpu.user + cpu.system) / 1000, cpuSystemMs: cpu.system / 1000,
      sliceWrites, endpointsWrites, podWrites,
    };
  } catch (e) {
    await watchers?.close();
    await sim.close();
    throw e;
  }
}
