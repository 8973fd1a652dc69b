// Scale: 150,000 pods and 10,000 Services loaded THROUGH THE API into kubesim running as its own
// process (`node dist/main.js`) with the simulated cluster on, so every pod is scheduled, given an
// IP and turns Ready, and the controllers put it in its Service's slice. 100 namespaces, 15 pods per
// Service, 1,400 nodes (110 pods a node), a /8 cluster CIDR for that many node /24s. The driver here
// POSTs over keep-alive HTTP with 16 requests in flight: namespaces, then Services, then pods (a
// Service's 15 pods one after another, see `order`).
// Reports load time and pods/s, time from the last POST until every Service's slices hold its 15
// ready endpoints (an informer-style watch on EndpointSlices, checked again by a LIST), the server's
// RSS (VmRSS, and VmHWM as the peak), then GET one slice and LIST one namespace's pods while
// resident, against bare fastify serving the same bytes. SCALE_CPU_PROF=<dir> profiles the child.
import { ensureBuilt, spawnKubesim, type ChildSim } from '../lib/procs/child.js';
import { Client, postAll, type PostRun } from '../lib/procs/client.js';
import { compareGetProc, procRow } from '../lib/procs/compare-proc.js';
import { cpuMs, memory } from '../lib/procs/proc.js';
import { countReadyByList, SliceWatch } from '../lib/procs/slice-watch.js';
import { podBody, serviceBody } from '../lib/fixtures.js';
import type { Context, Row, Scenario } from '../lib/report.js';

export const params = {
  pods: 150_000,
  services: 10_000,
  namespaces: 100,
  /** 110 pods a node hold 150,000 pods on 1,364 nodes. */
  nodes: 1_400,
  clusterCIDR: '10.0.0.0/8',
  /**
   * Which Service the next pod joins: 'grouped' creates a Service's 15 pods one after another (as a
   * Deployment's replicas arrive), 'interleaved' sends pod k of a namespace to Service k mod 100, so
   * consecutive pods never share a Service (the worst case for the controllers' batch window).
   */
  order: 'grouped' as 'grouped' | 'interleaved',
  /** Requests in flight while loading. */
  concurrency: 16,
  /** Bounds: the pod POSTs stop after this long, convergence is waited for this long. */
  maxLoadMs: 30 * 60_000,
  maxConvergeMs: 10 * 60_000,
  /** GET / LIST while resident (autocannon, as lib/compare.ts). */
  read: { connections: 10, duration: 4, pipelining: 1 },
};

const quick = { pods: 15_000, services: 1_000, nodes: 150, maxLoadMs: 5 * 60_000, maxConvergeMs: 2 * 60_000 };

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

type Size = typeof params;

interface Loaded {
  svc: PostRun;
  pods: PostRun;
  cpuLoadMs: number;
  convergedAt?: number;
  check: Awaited<ReturnType<typeof countReadyByList>>;
  mem: { rss: number; hwm: number };
  watchEvents: number;
  startMs: number;
  /** Core Events stored (the scheduler's and kubelet's, several per pod): a large share of the memory. */
  events: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function load(ctx: Context, s: Size, sim: ChildSim, client: Client, startMs: number): Promise<Loaded> {
  const svcPerNs = s.services / s.namespaces;
  const podsPerNs = s.pods / s.namespaces;
  const perService = podsPerNs / svcPerNs;
  const nsRun = await postAll(client, s.namespaces, (n) => ({
    path: '/api/v1/namespaces', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }),
  }));
  if (nsRun.ok !== s.namespaces) throw new Error(`namespaces: ${JSON.stringify(nsRun.failed)}`);
  const watch = new SliceWatch(client, sim.url, s.services, perService);
  await watch.start();
  try {
    const cpu0 = cpuMs(sim.pid);
    ctx.log(`  POST ${s.services} Services`);
    const svc = await postAll(client, s.services, (i) => {
      const ns = Math.floor(i / svcPerNs);
      const j = i % svcPerNs;
      return { path: `/api/v1/namespaces/ns-${ns}/services`, body: JSON.stringify(serviceBody(`svc-${j}`, { app: `svc-${j}` })) };
    });
    ctx.log(`  POST ${s.pods} pods (${s.concurrency} in flight)`);
    const deadline = performance.now() + s.maxLoadMs;
    const cpuPods = cpuMs(sim.pid);
    const pods = await postAll(client, s.pods, (i) => {
      const ns = Math.floor(i / podsPerNs);
      const k = i % podsPerNs;
      const j = s.order === 'grouped' ? Math.floor(k / perService) : k % svcPerNs;
      return { path: `/api/v1/namespaces/ns-${ns}/pods`, body: JSON.stringify(podBody(`pod-${k}`, { app: `svc-${j}` })) };
    }, (done) => {
      const secs = (performance.now() - svc.last) / 1000;
      ctx.log(`    ${done} pods in ${secs.toFixed(0)} s (${(done / secs).toFixed(0)}/s); ${watch.ready} Services complete; ` +
        `RSS ${(memory(sim.pid).rss / MiB).toFixed(0)} MiB; server CPU ${((cpuMs(sim.pid) - cpuPods) / Math.max(1, done)).toFixed(2)} ms/pod`);
    }, deadline);
    const cpuLoadMs = cpuMs(sim.pid) - cpu0;
    ctx.log(`  ${pods.ok} pods answered; waiting for ${s.services} Services × ${perService} ready endpoints`);
    let convergedAt: number | undefined;
    for (let waited = 0; convergedAt === undefined && waited < s.maxConvergeMs; waited += 10_000) {
      convergedAt = await Promise.race([watch.converged, sleep(10_000).then(() => undefined)]);
      if (convergedAt === undefined) ctx.log(`    ${watch.ready}/${s.services} Services complete`);
    }
    const check = await countReadyByList(client, perService);
    const ev = await client.getJSON<{ metadata: { remainingItemCount?: number }; items: unknown[] }>('/api/v1/events?limit=1');
    const events = ev.items.length + (ev.metadata.remainingItemCount ?? 0);
    return { svc, pods, cpuLoadMs, convergedAt, check, mem: memory(sim.pid), watchEvents: watch.events, startMs, events };
  } finally {
    watch.close();
  }
}

async function reads(ctx: Context, sim: ChildSim, client: Client, s: Size): Promise<Row[]> {
  const list = await client.getJSON<{ items: { metadata: { name: string } }[] }>(
    '/apis/discovery.k8s.io/v1/namespaces/ns-0/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dsvc-0');
  const slice = list.items[0]?.metadata.name;
  if (!slice) throw new Error('no EndpointSlice for ns-0/svc-0');
  const g = await compareGetProc(ctx, sim.url, sim.pid, `/apis/discovery.k8s.io/v1/namespaces/ns-0/endpointslices/${slice}`, s.read);
  const l = await compareGetProc(ctx, sim.url, sim.pid, '/api/v1/namespaces/ns-0/pods', s.read);
  const n = s.pods / s.namespaces;
  return [
    procRow(`  GET slice while resident`, g, '≥ 0.90× bare', 0.9, `${g.bytes} B`),
    procRow(`  LIST ${n} pods while resident`, l, '≥ 0.80× bare', 0.8, `${(l.bytes / 1024).toFixed(0)} KiB`),
  ];
}

function rows(s: Size, r: Loaded, isQuick: boolean): Row[] {
  const podSecs = (r.pods.last - r.pods.first) / 1000;
  const loadSecs = (r.pods.last - r.svc.first) / 1000;
  const failed = (p: PostRun) => Object.values(p.failed).reduce((a, b) => a + b, 0);
  const converge = r.convergedAt === undefined ? undefined : Math.max(0, r.convergedAt - r.pods.last);
  const tag = `${s.pods / 1000}k pods + ${s.services / 1000}k svcs`;
  return [
    {
      scenario: `scale: ${tag} via API`, kubesim: r.pods.ok / podSecs, unit: 'pods/s', errors: failed(r.svc) + failed(r.pods),
      note: `${s.concurrency} in flight, ${s.nodes} nodes, ${s.order}, child process; pods ${podSecs.toFixed(1)} s, Services ` +
        `${((r.svc.last - r.svc.first) / 1000).toFixed(1)} s, load ${loadSecs.toFixed(1)} s (first → last POST answered); ` +
        `server CPU ${((r.cpuLoadMs * 1000) / (r.pods.ok + r.svc.ok)).toFixed(0)} µs/object (all threads); start ${r.startMs.toFixed(0)} ms` +
        (r.pods.ok < s.pods ? `; STOPPED at ${r.pods.ok} pods (limit ${s.maxLoadMs / 60_000} min)` : ''),
    },
    {
      scenario: '  converged after last POST', kubesim: converge, unit: 'ms',
      note: converge === undefined ? `NOT converged within ${s.maxConvergeMs / 1000} s` :
        `watch: every Service's slices hold ${s.pods / s.services} ready endpoints (${r.watchEvents} slice events); ` +
        `LIST check: ${r.check.exact}/${s.services} Services exact, ${r.check.slices} slices, ${r.check.endpoints} ready endpoints`,
    },
    {
      scenario: '  server RSS after converge', kubesim: r.mem.rss / MiB, unit: 'MiB', target: isQuick ? '' : '< 1.5 GiB', met: isQuick ? undefined : r.mem.rss < 1.5 * GiB,
      note: `VmRSS of the child; peak (VmHWM) ${(r.mem.hwm / MiB).toFixed(0)} MiB; ${(r.mem.rss / r.pods.ok / 1024).toFixed(1)} KiB/pod; ` +
        `${r.events} core Events stored`,
    },
  ];
}

export const scenario: Scenario = {
  name: 'scale',
  async run(ctx) {
    const s: Size = ctx.quick ? { ...params, ...quick } : params;
    ensureBuilt(ctx.log);
    const prof = process.env.SCALE_CPU_PROF;
    const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`, '--cpu-prof-interval=5000'] : [];
    ctx.log(`  kubesim child: ${s.nodes} nodes, cluster CIDR ${s.clusterCIDR}`);
    const t0 = performance.now();
    const sim = await spawnKubesim(['--nodes', String(s.nodes), '--cluster-cidr', s.clusterCIDR, '--seed', '7'], nodeArgs);
    const startMs = performance.now() - t0;
    const client = new Client(sim.url, s.concurrency);
    try {
      const loaded = await load(ctx, s, sim, client, startMs);
      const out = rows(s, loaded, ctx.quick);
      out.push(...await reads(ctx, sim, client, s));
      const after = memory(sim.pid);
      out[2].note += `; ${(after.rss / MiB).toFixed(0)} MiB after the reads`;
      return out;
    } finally {
      client.close();
      await sim.close(prof ? 60_000 : 10_000);
    }
  },
};
