// What the two watch fan-out scenarios (watch-fanout.ts: streams in a worker thread; watch-procs.ts:
// streams in client processes) share: the write pacing (a burst of N writes, `batch` an event-loop
// turn, then a paced phase for latency), the server-thread busy time of the burst, and the bare
// fastify side, a route that holds every stream open and writes each line to all of them.
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';

/** Wall-clock milliseconds since the epoch, sub-millisecond (the watchers compare it with theirs). */
export const now = (): number => performance.timeOrigin + performance.now();
const turn = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Anything that can wait for `events` writes to reach every stream while `write` runs. */
export interface FanoutWatchers<P> {
  phase(events: number, write: () => Promise<void>): Promise<P>;
}

export interface Pacing {
  /** Writes per event-loop turn in the burst. */
  batch: number;
  /** Writes in the paced phase, one every `pacedEveryMs`. */
  pacedEvents: number;
  pacedEveryMs: number;
}

export interface FanoutRun<P> {
  /** When the burst's first write went out (now()). */
  t0: number;
  load: P;
  /** The server thread's busy milliseconds over the burst (event-loop utilisation). */
  busyMs: number;
  paced: P;
}

/** A burst of `events` writes (deliveries/s, latency under load), then the paced writes (latency). */
export async function runFanout<P>(ws: FanoutWatchers<P>, events: number, pacing: Pacing, write: () => void): Promise<FanoutRun<P>> {
  let t0 = 0;
  const elu0 = performance.eventLoopUtilization();
  const load = await ws.phase(events, async () => {
    t0 = now();
    for (let i = 0; i < events;) {
      const end = Math.min(events, i + pacing.batch);
      for (; i < end; i++) write();
      await turn();
    }
  });
  const busyMs = performance.eventLoopUtilization(elu0).active;
  const paced = await ws.phase(pacing.pacedEvents, async () => {
    for (let i = 0; i < pacing.pacedEvents; i++) {
      write();
      await sleep(pacing.pacedEveryMs);
    }
  });
  return { t0, load, busyMs, paced };
}

/** The bare side: a route that keeps every response open and writes each line to all of them. */
export async function bareFanout(): Promise<{ app: FastifyInstance; url: string; streams: Set<ServerResponse> }> {
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
