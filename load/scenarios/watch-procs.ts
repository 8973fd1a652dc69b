// Watch fan-out with real-size pods and the watchers in separate processes: 200 chunked HTTP watch
// streams on one namespace's pods, held by 4 client processes × 50 streams
// (lib/procs/watch-client.mjs), so the clients' work does not share the server's process. kubesim
// runs here (simulator off, as in watch-fanout.ts); the pods are lib/real-pod.ts's (ReplicaSet-owned,
// two containers, kubelet status, managedFields). Each write is a kubelet-style /status update of
// one of them whose Ready condition message carries the write time (`benchT=<epoch ms>`), so the
// clients measure write→delivery latency. Bare fastify: the same 200 streams held by a plain route
// that writes the same line bytes to each (one Buffer per event, as kubesim's watch encodes an event
// once). Measured as watch-fanout.ts: a burst (10 writes an event-loop turn) for deliveries/s and
// MB/s, then a paced 200 writes/s for latency.
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import { objectJSON } from '../../src/storage/table.js';
import { ensureNamespace, startSim } from '../lib/fixtures.js';
import { createRealPods } from '../lib/real-pod.js';
import { percentile, type Context, type Row, type Scenario } from '../lib/report.js';
import { ProcWatchers, type ProcPhase } from '../lib/procs/watch-procs.js';

export const params = {
  procs: 4,
  perProc: 50,
  /** Pods the status writes go round. */
  pods: 50,
  /** Writes in the throughput phase (each delivered to every watcher). */
  events: 1000,
  /** Writes per event-loop turn in the throughput phase. */
  batch: 10,
  /** Writes in the paced latency phase, one every `pacedEveryMs`. */
  pacedEvents: 200,
  pacedEveryMs: 5,
};

const now = () => performance.timeOrigin + performance.now();
const turn = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1e6;

async function burst(n: number, batch: number, write: () => void): Promise<void> {
  for (let i = 0; i < n;) {
    const end = Math.min(n, i + batch);
    for (; i < end; i++) write();
    await turn();
  }
}

async function paced(n: number, everyMs: number, write: () => void): Promise<void> {
  for (let i = 0; i < n; i++) {
    write();
    await sleep(everyMs);
  }
}

interface Measured {
  rate: number;
  mbps: number;
  /** Busy time of the server thread per delivery (ns), writes included. */
  nsPerDelivery: number;
  /** CPU of the client processes over the burst's wall time (1 = one core). */
  clientCores: number;
  load: ProcPhase;
  paced: ProcPhase;
  ended: number;
}

async function measure(ws: ProcWatchers, events: number, write: () => void): Promise<Measured> {
  let t0 = 0;
  const elu0 = performance.eventLoopUtilization();
  const load = await ws.phase(events, async () => {
    t0 = now();
    await burst(events, params.batch, write);
  });
  const busyMs = performance.eventLoopUtilization(elu0).active;
  const secs = (load.last - t0) / 1000;
  const p = await ws.phase(params.pacedEvents, () => paced(params.pacedEvents, params.pacedEveryMs, write));
  return {
    rate: load.deliveries / secs, mbps: load.bytes / MB / secs, nsPerDelivery: (busyMs * 1e6) / load.deliveries,
    clientCores: load.clientCpuMs / 1000 / secs, load, paced: p, ended: ws.endedStreams,
  };
}

/** The bare side: a route that keeps every response open and writes each line to all of them. */
async function bareFanout(): Promise<{ app: FastifyInstance; url: string; streams: Set<ServerResponse> }> {
  const app = Fastify({ logger: false });
  const streams = new Set<ServerResponse>();
  app.get('/watch', (_req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    streams.add(res);
    res.on('close', () => streams.delete(res));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, streams };
}

const watchers = () => params.procs * params.perProc;

async function runKubesim(ctx: Context, events: number): Promise<{ m: Measured; line: string }> {
  // workloadControllers off: the ReplicaSet that owns the pods is an object only (see real-pod.ts).
  const sim = await startSim({ workloadControllers: false });
  let ws: ProcWatchers | undefined;
  try {
    ensureNamespace(sim, 'bench');
    const pods = createRealPods(sim, 'bench', params.pods);
    const podS = sim.registry.resource('', 'pods');
    await sim.settled();
    const rv = sim.store.currentRevision;
    ctx.log(`  kubesim: ${params.procs} processes × ${params.perProc} watchers, ${events} writes`);
    ws = await ProcWatchers.open(sim.url, `/api/v1/namespaces/bench/pods?watch=1&resourceVersion=${rv}`, params.procs, params.perProc);
    let n = 0;
    let lastName = '';
    const write = () => {
      lastName = pods[n++ % pods.length].metadata.name!;
      sim.registry.mutate(podS, 'bench', lastName, (p) => {
        const ready = (p.status as { conditions: { type: string; message?: string }[] }).conditions.find((c) => c.type === 'Ready')!;
        ready.message = `benchT=${now()}`;
      }, { subresource: 'status', fieldManager: 'kubelet' });
    };
    const m = await measure(ws, events, write);
    const line = `{"type":"MODIFIED","object":${objectJSON(sim.store.get('pods', 'bench', lastName)!)}}\n`;
    return { m, line };
  } finally {
    await ws?.close();
    await sim.close();
  }
}

async function runBare(ctx: Context, events: number, line: string): Promise<Measured> {
  const bare = await bareFanout();
  let ws: ProcWatchers | undefined;
  const at = line.indexOf('benchT=') + 'benchT='.length;
  const head = line.slice(0, at);
  const tail = line.slice(line.indexOf('"', at));
  try {
    ctx.log(`  bare:    ${params.procs} processes × ${params.perProc} watchers, ${events} writes`);
    ws = await ProcWatchers.open(bare.url, '/watch', params.procs, params.perProc);
    const write = () => {
      const l = Buffer.from(head + String(now()) + tail);
      for (const r of bare.streams) r.write(l);
    };
    return await measure(ws, events, write);
  } finally {
    await ws?.close();
    await bare.app.close();
  }
}

const pct = (p: ProcPhase, q: number) => percentile(Array.from(p.lat), q);

export const scenario: Scenario = {
  name: 'watch-procs',
  async run(ctx) {
    const events = ctx.quick ? 200 : params.events;
    const { m: k, line } = await runKubesim(ctx, events);
    const b = await runBare(ctx, events, line);
    const bytes = Buffer.byteLength(line);
    const rows: Row[] = [
      {
        scenario: `watch fan-out, ${params.procs} procs × ${params.perProc}, real pods × ${events}`, kubesim: k.rate, bare: b.rate, unit: 'deliveries/s',
        p50: pct(k.load, 50), p99: pct(k.load, 99), errors: k.ended,
        // No target of its own (issue 16 asks for the figure): issue 7's 250,000/s is for 291-byte events in one process.
        note: `${bytes} B/event; ${k.mbps.toFixed(0)}/${b.mbps.toFixed(0)} MB/s; server ${k.nsPerDelivery.toFixed(0)}/${b.nsPerDelivery.toFixed(0)} ns/delivery; ` +
          `clients ${k.clientCores.toFixed(2)}/${b.clientCores.toFixed(2)} cores; latency under load; ` +
          `bare p50/p99 ${pct(b.load, 50)?.toFixed(1)}/${pct(b.load, 99)?.toFixed(1)} ms; errors = streams ended by the server`,
      },
      {
        scenario: `  watch latency (procs), paced ${1000 / params.pacedEveryMs}/s`, unit: 'ms', p50: pct(k.paced, 50), p99: pct(k.paced, 99),
        note: `write→delivery, ${watchers()} watchers in ${params.procs} processes; bare p50/p99 ${pct(b.paced, 50)?.toFixed(2)}/${pct(b.paced, 99)?.toFixed(2)} ms`,
      },
    ];
    return rows;
  },
};
