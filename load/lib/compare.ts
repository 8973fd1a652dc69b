// kubesim against bare fastify on the same request: warm both, measure both, one row.
import { startBare, type BareBody } from './bare.js';
import { best, cannon, type CannonOptions, type CannonResult } from './cannon.js';
import { getText, type Sim } from './fixtures.js';
import type { Context, Row } from './report.js';

export interface LoadParams {
  connections: number;
  /** Seconds of measurement per side (after a 1 s warm-up), split in two alternating runs. */
  duration: number;
  pipelining: number;
}

/** Server thread busy share (kubesim/bare): near 100% means the server, not autocannon, was the limit. */
export function busy(k: CannonResult, b: CannonResult): string {
  return `server ${k.usPerReq.toFixed(0)}/${b.usPerReq.toFixed(0)} µs/req, busy ${(k.elu * 100).toFixed(0)}%/${(b.elu * 100).toFixed(0)}%`;
}

export function rowOf(scenario: string, k: CannonResult, b: CannonResult, target: string, minRatio: number, note?: string): Row {
  return {
    scenario, kubesim: k.rps, bare: b.rps, unit: 'req/s', p50: k.p50, p99: k.p99, wholeMs: true, errors: k.errors,
    target, met: minRatio ? k.rps >= minRatio * b.rps : undefined, note: [busy(k, b), note].filter(Boolean).join('; '),
  };
}

/**
 * Warm both (1 s each), then measure kubesim, bare, kubesim, bare for half the duration each and keep
 * each side's better run: others' load on a shared machine hits both sides alike. `afterKubesim` runs
 * right after kubesim's last run (e.g. to time how long the controllers need to catch up).
 */
export async function alternate(ctx: Context, k: CannonOptions, b: CannonOptions, what: string,
  afterKubesim?: () => Promise<void>): Promise<{ k: CannonResult; b: CannonResult }> {
  const half = { duration: Math.max(1, k.duration / 2) };
  ctx.log(`  ${what}: warm-up`);
  await cannon({ ...k, duration: 1 });
  await cannon({ ...b, duration: 1 });
  ctx.log(`  ${what}: kubesim, bare, kubesim, bare × ${half.duration} s`);
  const k1 = await cannon({ ...k, ...half });
  const b1 = await cannon({ ...b, ...half });
  const k2 = await cannon({ ...k, ...half });
  await afterKubesim?.();
  const b2 = await cannon({ ...b, ...half });
  return { k: best(k1, k2), b: best(b1, b2) };
}

/** GET `path` on kubesim, then the same bytes from bare fastify. */
export async function compareGet(ctx: Context, sim: Sim, path: string, p: LoadParams): Promise<{ k: CannonResult; b: CannonResult; body: BareBody }> {
  const body = await getText(sim.url + path);
  const bare = await startBare(path.split('?')[0], body);
  try {
    const base: Omit<CannonOptions, 'url'> = { connections: p.connections, duration: ctx.seconds(p.duration), pipelining: p.pipelining };
    const { k, b } = await alternate(ctx, { ...base, url: sim.url + path }, { ...base, url: bare.url + path },
      `GET ${path} (${body.body.length} bytes)`);
    return { k, b, body };
  } finally {
    await bare.close();
  }
}
