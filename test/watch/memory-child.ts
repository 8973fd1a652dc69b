// Child process of the stalled-watcher memory test (run with --expose-gc): serves kubesim on a
// loopback port and answers commands on stdin, one JSON line each on stdout.
//   write N BYTES   N ConfigMap updates of about BYTES each (over 50 objects), yielding to I/O
//   measure         garbage-collects, then prints RSS, heap and the terminated-watcher count
import { createInterface } from 'node:readline';
import { buildApp } from '../../src/app.js';

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const sim = await buildApp({
    simulate: false, seed: 3, maxWatchBufferBytes: arg('per-watcher'), watchBufferBudget: arg('budget'),
  });
  await sim.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = sim.app.server.address() as { port: number };
  const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);
  const cms = sim.registry.resource('', 'configmaps');
  out({ url: `http://127.0.0.1:${addr.port}` });
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, a, b] = line.trim().split(/\s+/);
    if (cmd === 'write') {
      const n = Number(a);
      for (let i = 0; i < n; i++) {
        const name = `big-${i % 50}`;
        const data = { blob: `${i}-`.padEnd(Number(b), 'x') };
        if (i < 50) sim.registry.create(cms, 'default', { metadata: { name }, data });
        else sim.registry.mutate(cms, 'default', name, (o) => { o.data = data; });
        if (i % 10 === 9) await new Promise((r) => setImmediate(r));
      }
      out({ wrote: n });
    } else if (cmd === 'measure') {
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 50));
      }
      const m = process.memoryUsage();
      const terminated = /apiserver_terminated_watchers_total\{[^}]*resource="configmaps"[^}]*\} (\d+)/.exec(sim.metrics.render());
      out({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, terminated: Number(terminated?.[1] ?? 0) });
    }
  }
  await sim.app.close();
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
