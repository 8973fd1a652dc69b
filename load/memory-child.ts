// Child process of the memory scenario (run with --expose-gc): loads pods and Services through the
// registry with every controller running, waits for them to settle, collects garbage, and prints
// one JSON line with the figures.
import { buildApp } from '../src/app.js';
import { createPods, createService, ensureNamespace } from './lib/fixtures.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

const pods = arg('pods', 150_000);
const services = arg('services', 10_000);
const namespaces = arg('namespaces', 100);

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const sim = await buildApp({ seed: 11, simulate: false });
  const podsPerNs = Math.ceil(pods / namespaces);
  const svcsPerNs = Math.ceil(services / namespaces);
  const t0 = performance.now();
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    ensureNamespace(sim, ns);
    createPods(sim, ns, 'pod', podsPerNs, (i) => ({ app: `svc-${i % svcsPerNs}`, tier: 'backend' }), { running: true, from: n * podsPerNs });
    await new Promise((r) => setImmediate(r));
  }
  const podsMs = performance.now() - t0;
  for (let n = 0; n < namespaces; n++) {
    for (let j = 0; j < svcsPerNs; j++) createService(sim, `ns-${n}`, `svc-${j}`, { app: `svc-${j}` });
    await sim.settled();
  }
  const loadMs = performance.now() - t0;
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  const count = (r: string) => sim.store.count(r);
  process.stdout.write(`${JSON.stringify({
    heapUsed: m.heapUsed, rss: m.rss, podsMs, loadMs,
    pods: count('pods'), services: count('services'), slices: count('discovery.k8s.io/endpointslices'), endpoints: count('endpoints'),
  })}\n`);
  await sim.app.close();
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
