// kubesim in a child process against bare fastify in this one, on the same GET: like
// lib/compare.ts `alternate` (warm both, then kubesim, bare, kubesim, bare; each side keeps its
// better run), but the server's cost per request is the CPU time of its main thread read from
// /proc, since this process's event loop is not kubesim's.
import { startBare } from '../bare.js';
import { best, cannon, type CannonOptions, type CannonResult } from '../cannon.js';
import { getText } from '../fixtures.js';
import type { Context, Row } from '../report.js';
import { mainThreadCpuMs } from './proc.js';

export interface Measured extends CannonResult {
  /** CPU time of the server's main thread per completed request (µs). */
  cpuUsPerReq: number;
}

async function measured(o: CannonOptions, pid: number): Promise<Measured> {
  const c0 = mainThreadCpuMs(pid);
  const r = await cannon(o);
  return { ...r, cpuUsPerReq: ((mainThreadCpuMs(pid) - c0) * 1000) / Math.max(1, r.completed) };
}

export interface ProcCompare {
  k: Measured;
  b: Measured;
  bytes: number;
}

/** GET `path` on the child kubesim at `url` (process `pid`) and the same bytes from bare fastify here. */
export async function compareGetProc(ctx: Context, url: string, pid: number, path: string,
  p: { connections: number; duration: number; pipelining: number }): Promise<ProcCompare> {
  const body = await getText(url + path);
  const bare = await startBare(path.split('?')[0], body);
  try {
    const base = { connections: p.connections, pipelining: p.pipelining };
    const k: CannonOptions = { ...base, url: url + path, duration: ctx.seconds(p.duration) };
    const b: CannonOptions = { ...base, url: bare.url + path, duration: ctx.seconds(p.duration) };
    const half = { duration: Math.max(1, k.duration / 2) };
    ctx.log(`  GET ${path} (${body.body.length} bytes): warm-up, then kubesim, bare, kubesim, bare × ${half.duration} s`);
    await cannon({ ...k, duration: 1 });
    await cannon({ ...b, duration: 1 });
    const k1 = await measured({ ...k, ...half }, pid);
    const b1 = await measured({ ...b, ...half }, process.pid);
    const k2 = await measured({ ...k, ...half }, pid);
    const b2 = await measured({ ...b, ...half }, process.pid);
    return { k: best(k1, k2) as Measured, b: best(b1, b2) as Measured, bytes: Buffer.byteLength(body.body) };
  } finally {
    await bare.close();
  }
}

export function procRow(scenario: string, c: ProcCompare, target: string, minRatio: number, note?: string): Row {
  return {
    scenario, kubesim: c.k.rps, bare: c.b.rps, unit: 'req/s', p50: c.k.p50, p99: c.k.p99, wholeMs: true, errors: c.k.errors,
    target, met: c.k.rps >= minRatio * c.b.rps,
    note: [`server main-thread CPU ${c.k.cpuUsPerReq.toFixed(0)}/${c.b.cpuUsPerReq.toFixed(0)} µs/req (kubesim child/bare)`, note].filter(Boolean).join('; '),
  };
}
