// The server side of the soak (load/soak.ts), run with --expose-gc: kubesim on a loopback port,
// sampling its own RSS, heap and event-loop lag once a second (one JSON line each on stdout).
// "gc" on stdin collects garbage and answers with the memory figures after it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startKubesim } from '../src/index.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const sim = await startKubesim({ seed: 21, compactionIntervalMs: arg('compaction-ms', 30_000) });
  const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);
  out({ url: sim.url });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    out({
      sample: {
        t: (Date.now() - t0) / 1000, rss: m.rss, heap: m.heapUsed, external: m.external,
        lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6,
      },
    });
    lag.reset();
  }, 1000);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'gc') {
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 100));
      }
      const m = process.memoryUsage();
      out({ gc: { rss: m.rss, heap: m.heapUsed, external: m.external } });
    }
  }
  clearInterval(sampler);
  await sim.close();
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
