// Watch fan-out: 200 chunked HTTP watchers on one ConfigMap collection; N writes through the
// registry, each delivered to every watcher. Reports deliveries/s and write→delivery latency under
// that load, then latency at a paced 200 writes/s. Bare fastify: the same 200 streams held by a plain
// route that writes the same line bytes (built once per event) to each.
import { objectJSON } from '../../src/storage/table.js';
import { bareFanout, now, runFanout } from '../lib/fanout.js';
import { ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Context, Row, Scenario } from '../lib/report.js';
import { Watchers, type PhaseResult } from '../lib/watchers.js';

export const params = {
  watchers: 200,
  /** Writes in the throughput phase (each delivered to every watcher). */
  events: 3000,
  /** Writes per event-loop turn in the throughput phase. */
  batch: 10,
  /** Writes in the paced latency phase, one every `pacedEveryMs`. */
  pacedEvents: 200,
  pacedEveryMs: 5,
};

async function measure(ws: Watchers, events: number, write: () => void): Promise<Measured> {
  const r = await runFanout(ws, events, params, write);
  return { rate: r.load.deliveries / ((r.load.last - r.t0) / 1000), nsPerDelivery: (r.busyMs * 1e6) / r.load.deliveries, load: r.load, paced: r.paced };
}

interface Measured {
  rate: number;
  /** Busy time of the server thread per delivery (ns), writes included. */
  nsPerDelivery: number;
  load: PhaseResult;
  paced: PhaseResult;
}

async function runKubesim(ctx: Context, events: number): Promise<{ m: Measured; line: string }> {
  const sim = await startSim();
  let ws: Watchers | undefined;
  try {
    ensureNamespace(sim, 'bench');
    const cms = sim.registry.resource('', 'configmaps');
    sim.registry.create(cms, 'bench', { metadata: { name: 'fan', labels: { app: 'bench' } }, data: { benchT: '0' } });
    const rv = sim.store.currentRevision;
    ctx.log(`  kubesim: ${params.watchers} watchers, ${events} writes`);
    ws = await Watchers.open(sim.url, `/api/v1/namespaces/bench/configmaps?watch=1&resourceVersion=${rv}`, params.watchers);
    const write = () => {
      sim.registry.mutate(cms, 'bench', 'fan', (o) => {
        o.data = { benchT: String(now()) };
      });
    };
    const m = await measure(ws, events, write);
    const line = `{"type":"MODIFIED","object":${objectJSON(sim.store.get('configmaps', 'bench', 'fan')!)}}\n`;
    return { m, line };
  } finally {
    await ws?.close();
    await sim.close();
  }
}

async function runBare(ctx: Context, events: number, line: string): Promise<Measured> {
  const bare = await bareFanout();
  let ws: Watchers | undefined;
  const at = line.indexOf('"benchT":"') + '"benchT":"'.length;
  const head = line.slice(0, at);
  const tail = line.slice(line.indexOf('"', at));
  try {
    ctx.log(`  bare:    ${params.watchers} watchers, ${events} writes`);
    ws = await Watchers.open(bare.url, '/watch', params.watchers);
    const write = () => {
      const l = head + String(now()) + tail;
      for (const r of bare.streams) r.write(l);
    };
    return await measure(ws, events, write);
  } finally {
    await ws?.close();
    await bare.app.close();
  }
}

export const scenario: Scenario = {
  name: 'watch-fanout',
  async run(ctx) {
    const events = ctx.quick ? 500 : params.events;
    const { m: k, line } = await runKubesim(ctx, events);
    const b = await runBare(ctx, events, line);
    const rows: Row[] = [
      {
        scenario: `watch fan-out ${params.watchers} × ${events}`, kubesim: k.rate, bare: b.rate, unit: 'deliveries/s',
        p50: k.load.p50, p99: k.load.p99, errors: 0, target: '≥ 250,000/s', met: k.rate >= 250_000,
        note: `server ${k.nsPerDelivery.toFixed(0)}/${b.nsPerDelivery.toFixed(0)} ns/delivery; latency under load; ${line.length} B/event; ` +
          `bare p50/p99 ${b.load.p50?.toFixed(1)}/${b.load.p99?.toFixed(1)} ms`,
      },
      {
        scenario: `  watch latency, paced ${1000 / params.pacedEveryMs}/s`, unit: 'ms', p50: k.paced.p50, p99: k.paced.p99,
        note: `write→delivery, ${params.watchers} watchers; bare p50/p99 ${b.paced.p50?.toFixed(2)}/${b.paced.p99?.toFixed(2)} ms`,
      },
    ];
    return rows;
  },
};
