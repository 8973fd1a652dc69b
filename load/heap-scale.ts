// Where the scale scenario's memory goes: the same load as scenarios/scale.ts (Services, then pods
// POSTed over HTTP, simulated cluster on) but in this process, so it can collect garbage and take
// a heap snapshot after converge. Run: node --expose-gc --import tsx load/heap-scale.ts
//   [--pods 15000] [--services 1000] [--nodes 150] [--snapshot file.heapsnapshot] [--breakdown]
import v8 from 'node:v8';
import { buildApp } from '../src/app.js';
import { Client, postAll } from './lib/procs/client.js';
import { podBody, serviceBody } from './lib/fixtures.js';
import { QueueController } from '../src/controllers/base.js';
import { EventRecorder } from '../src/controllers/recorder.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const pods = Number(arg('pods', '15000'));
const services = Number(arg('services', '1000'));
const nodes = Number(arg('nodes', '150'));
const snapshot = arg('snapshot', '');
const namespaces = 100;
const breakdown = process.argv.includes('--breakdown');

// --breakdown: remember every controller and recorder, to drop their state one part at a time
// after converge and see how much heap each part held.
type Any = any;
const controllers = new Set<Any>();
const recorders = new Set<Any>();
if (breakdown) {
  const idle = QueueController.prototype.idle;
  QueueController.prototype.idle = function (this: Any) { controllers.add(this); return idle.call(this); };
  const record = EventRecorder.prototype.record;
  EventRecorder.prototype.record = function (this: Any, ...a: Parameters<typeof record>) { recorders.add(this); return record.apply(this, a); };
}
const MiB = 1024 ** 2;

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const history = arg('history', '');
  const sim = await buildApp({ seed: 7, nodes, podCIDRs: ['10.0.0.0/8'], ...(history ? { watchHistory: Number(history) } : {}) });
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = sim.app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const client = new Client(url, 16);
  for (let i = 0; i < 3; i++) gc();
  const base = process.memoryUsage();
  await postAll(client, namespaces, (n) => ({
    path: '/api/v1/namespaces', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } }),
  }));
  const svcPerNs = services / namespaces;
  const podsPerNs = pods / namespaces;
  const perService = podsPerNs / svcPerNs;
  await postAll(client, services, (i) => {
    const ns = Math.floor(i / svcPerNs);
    const j = i % svcPerNs;
    return { path: `/api/v1/namespaces/ns-${ns}/services`, body: JSON.stringify(serviceBody(`svc-${j}`, { app: `svc-${j}` })) };
  });
  const t0 = performance.now();
  await postAll(client, pods, (i) => {
    const ns = Math.floor(i / podsPerNs);
    const k = i % podsPerNs;
    const j = Math.floor(k / perService);
    return { path: `/api/v1/namespaces/ns-${ns}/pods`, body: JSON.stringify(podBody(`pod-${k}`, { app: `svc-${j}` })) };
  });
  const loadMs = performance.now() - t0;
  // Converged: every pod's 4 Events are stored and nothing moved for a while.
  let last = -1;
  for (;;) {
    await sim.settled();
    await new Promise((r) => setTimeout(r, 1000));
    const n = sim.store.count('events');
    if ((process.env.NO_EV || n >= pods * 4) && n === last) break;
    last = n;
  }
  client.close();
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({
    pods: sim.store.count('pods'), events: sim.store.count('events'), loadMs: Math.round(loadMs),
    heapUsedMiB: +(m.heapUsed / MiB).toFixed(1), rssMiB: +(m.rss / MiB).toFixed(1), externalMiB: +(m.external / MiB).toFixed(1),
    arrayBuffersMiB: +(m.arrayBuffers / MiB).toFixed(1),
    heapPerPodKiB: +((m.heapUsed - base.heapUsed) / pods / 1024).toFixed(2),
    extPerPodKiB: +((m.external - base.external) / pods / 1024).toFixed(2),
  })}\n`);
  // RSS is more than heapUsed: old space keeps free room after a collection, new space is reserved.
  const spaces = v8.getHeapSpaceStatistics().filter((s) => s.space_size > 0)
    .map((s) => `${s.space_name} ${(s.space_used_size / MiB).toFixed(1)}/${(s.space_size / MiB).toFixed(1)}`);
  process.stdout.write(`  heap spaces (used/size MiB): ${spaces.join(', ')}\n`);
  if (snapshot) v8.writeHeapSnapshot(snapshot);
  if (breakdown) {
    const heap = () => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    let before = heap();
    const step = (what: string, fn: () => void) => {
      fn();
      const now = heap();
      process.stdout.write(`  ${what}: ${((before - now) / MiB).toFixed(1)} MiB (${((before - now) / pods).toFixed(0)} B/pod)\n`);
      before = now;
    };
    const byName = (n: string) => [...controllers].filter((c) => c.constructor.name === n);
    const st: Any = sim.store;
    step('recorders\' aggregation keys', () => { for (const r of recorders) r.seen.clear(); });
    step('garbage collector graph', () => { for (const c of byName('GarbageCollector')) { c.byUID.clear(); c.dependents.clear(); c.ownersOf.clear(); } });
    const esc = byName('EndpointSliceController');
    step('  EndpointSlice trigger times', () => { for (const c of esc) c.triggerTimes.clear(); });
    step('  EndpointSlice states: slice views and desired endpoints', () => { for (const c of esc) for (const st of c.states.values()) st.types.clear(); });
    step('  EndpointSlice states: port groups', () => { for (const c of esc) for (const st of c.states.values()) st.groups.clear(); });
    step('  EndpointSlice states: pod entries', () => { for (const c of esc) for (const st of c.states.values()) st.pods.clear(); });
    step('EndpointSlice controller states (rest)', () => { for (const c of esc) c.states.clear(); });
    step('Endpoints controller states', () => { for (const c of byName('EndpointsController')) c.states.clear(); });
    step('watch history', () => st.compactThrough(st.currentRevision));
    step('cached bytes', () => { for (const t of st.tables.values()) for (const s of t.sorted()) s.bytes = undefined; });
    for (const r of ['events', 'pods', 'discovery.k8s.io/endpointslices', 'endpoints']) {
      step(`stored ${r}`, () => { st.tables.delete(r); });
    }
    // What is left once every part above is dropped: KUBESIM_SNAPSHOT_AFTER=file writes a heap snapshot of it.
    if (process.env.KUBESIM_SNAPSHOT_AFTER) v8.writeHeapSnapshot(process.env.KUBESIM_SNAPSHOT_AFTER);
  }
  await sim.app.close();
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
