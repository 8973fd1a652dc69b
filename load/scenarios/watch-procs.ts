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
import { objectJSON } from '../../src/storage/table.js';
import { bareFanout, now, runFanout } from '../lib/fanout.js';
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

const MB = 1e6;

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
  const r = await runFanout(ws, events, params, write);
  const secs = (r.load.last - r.t0) / 1000;
  return {
    rate: r.load.deliveries / secs, mbps: r.load.bytes / MB / secs, nsPerDelivery: (r.busyMs * 1e6) / r.load.deliveries,
    clientCores: r.load.clientCpuMs / 1000 / secs, load: r.load, paced: r.paced, ended: ws.endedStreams,
  };
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
