// kubesim against bare fastify on the same request: warm both, measure both, one row.
import { startBare, type BareBody } from './bare.js';
import { warmThenMeasure, type CannonOptions, type CannonResult } from './cannon.js';
import { getText, type Sim } from './fixtures.js';
import type { Context, Row } from './report.js';

export interface LoadParams {
  connections: number;
  /** Seconds of measurement (after a 1 s warm-up). */
  duration: number;
  pipelining: number;
}

export function rowOf(scenario: string, k: CannonResult, b: CannonResult, target: string, minRatio: number, note?: string): Row {
  return {
    scenario, kubesim: k.rps, bare: b.rps, unit: 'req/s', p50: k.p50, p99: k.p99, errors: k.errors,
    target, met: k.rps >= minRatio * b.rps, note,
  };
}

/** GET `path` on kubesim, then the same bytes from bare fastify. */
export async function compareGet(ctx: Context, sim: Sim, path: string, p: LoadParams): Promise<{ k: CannonResult; b: CannonResult; body: BareBody }> {
  const body = await getText(sim.url + path);
  const bare = await startBare(path.split('?')[0], body);
  try {
    const base: Omit<CannonOptions, 'url'> = { connections: p.connections, duration: ctx.seconds(p.duration), pipelining: p.pipelining };
    ctx.log(`  kubesim GET ${path} (${body.body.length} bytes)`);
    const k = await warmThenMeasure({ ...base, url: sim.url + path });
    ctx.log(`  bare    GET ${path}`);
    const b = await warmThenMeasure({ ...base, url: bare.url + path });
    return { k, b, body };
  } finally {
    await bare.close();
  }
}
