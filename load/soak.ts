// The soak (npm run soak [-- --minutes N]): a kubesim child process under mixed load for N minutes
// (default 10), then the checks that matter after a long run:
//   - every watcher's view equals a final LIST (no missed or duplicated event), before and after
//     the objects are deleted;
//   - once the load stopped, the objects are deleted and the watch history was compacted, memory
//     (RSS after a GC) is back within 10% of the plateau measured after a warm-up;
//   - RSS, heap and event-loop lag sampled every second, written to load/soak.json and plotted in
//     load/soak.svg; load/README.md gets the figures between its soak markers.
// Load: ConfigMap creates, updates (with resourceVersion preconditions), deletes and paged lists;
// 200 watchers reconnecting from their last resourceVersion (relisting on 410); pods churning
// through the simulator behind a Service (EndpointSlice controller); a Deployment rolling when the
// server serves apps/v1 (found through discovery). Bounded: it stops by itself.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { api, plot, sleep, viewDiff, Watcher, type Api, type Phase, type Sample } from './soak-lib.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

// ---- parameters ----
const MINUTES = arg('minutes', 10);
const WATCHERS = arg('watchers', 200);
const WRITERS = 4;
/** Pause between one writer's requests: about 4 × 1000/20 = 200 ConfigMap requests/s in all. */
const WRITER_PAUSE_MS = 20;
const CONFIGMAPS = 300;
const PODS = 30;
const COMPACTION_MS = 20_000;
const WARMUP_S = 20;
const NS = 'soak';

let seed = 2026;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

interface Counts { [k: string]: number }
const counts: Counts = {};
const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);

async function configMapWriter(a: Api, stop: { now: boolean }): Promise<void> {
  const base = `/api/v1/namespaces/${NS}/configmaps`;
  while (!stop.now) {
    const name = `cm-${Math.floor(rand() * CONFIGMAPS)}`;
    const data = { blob: 'x'.repeat(500 + Math.floor(rand() * 7500)) };
    const op = pick(['create', 'create', 'update', 'update', 'update', 'delete', 'list']);
    if (op === 'create') count(`create ${(await a.call('POST', base, { metadata: { name, labels: { soak: 'yes' } }, data })).code}`);
    else if (op === 'update') {
      const cur = await a.call('GET', `${base}/${name}`);
      if (cur.code === 200) count(`update ${(await a.call('PUT', `${base}/${name}`, { ...cur.body, data })).code}`);
    } else if (op === 'delete') count(`delete ${(await a.call('DELETE', `${base}/${name}`)).code}`);
    else {
      let cont = '';
      do {
        const page = await a.call('GET', `${base}?limit=50&labelSelector=soak%3Dyes${cont ? `&continue=${cont}` : ''}`);
        count(`list ${page.code}`);
        cont = page.body?.metadata?.continue ?? '';
      } while (cont && !stop.now);
    }
    await sleep(WRITER_PAUSE_MS);
  }
}

async function podChurn(a: Api, stop: { now: boolean }): Promise<void> {
  const base = `/api/v1/namespaces/${NS}/pods`;
  const live: string[] = [];
  for (let i = 0; !stop.now; i++) {
    if (live.length >= PODS) count(`pod delete ${(await a.call('DELETE', `${base}/${live.shift()}`)).code}`);
    const name = `web-${i}`;
    const res = await a.call('POST', base, { metadata: { name, labels: { app: 'soak-web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } });
    count(`pod create ${res.code}`);
    if (res.code === 201) live.push(name);
    await sleep(150);
  }
}

async function deploymentRoller(a: Api, stop: { now: boolean }): Promise<boolean> {
  const disc = await a.call('GET', '/apis/apps/v1');
  if (disc.code !== 200 || !disc.body.resources?.some((r: { name: string }) => r.name === 'deployments')) return false;
  const base = `/apis/apps/v1/namespaces/${NS}/deployments`;
  const template = (rev: number) => ({
    metadata: { labels: { app: 'soak-deploy' }, annotations: { 'soak/rev': String(rev) } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  });
  count(`deployment create ${(await a.call('POST', base, {
    metadata: { name: 'soak-deploy' }, spec: { replicas: 5, selector: { matchLabels: { app: 'soak-deploy' } }, template: template(0) },
  })).code}`);
  for (let rev = 1; !stop.now; rev++) {
    for (let i = 0; i < 40 && !stop.now; i++) await sleep(500);
    count(`deployment roll ${(await a.call('PATCH', `${base}/soak-deploy`, { spec: { template: template(rev) } }, 'application/merge-patch+json')).code}`);
  }
  return true;
}

interface Server { a: Api; samples: Sample[]; gc(): Promise<{ rss: number; heap: number }>; kill(): void }

async function startServer(): Promise<Server> {
  const p = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(HERE, 'soak-server.ts'), '--compaction-ms', String(COMPACTION_MS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const samples: Sample[] = [];
  let gcWaiter: ((v: { rss: number; heap: number }) => void) | undefined;
  let urlReady: (u: string) => void;
  const url = new Promise<string>((r) => (urlReady = r));
  createInterface({ input: p.stdout! }).on('line', (line) => {
    const v = JSON.parse(line);
    if (v.url) urlReady(v.url);
    if (v.sample) samples.push(v.sample);
    if (v.gc) gcWaiter?.(v.gc);
  });
  return {
    a: api(await url), samples, kill: () => p.kill('SIGKILL'),
    gc: () => new Promise((r) => { gcWaiter = r; p.stdin!.write('gc\n'); }),
  };
}

async function runLoad(a: Api, seconds: number): Promise<boolean> {
  const stop = { now: false };
  const loops = [...Array.from({ length: WRITERS }, () => configMapWriter(a, stop)), podChurn(a, stop)];
  const deploy = deploymentRoller(a, stop);
  await sleep(seconds * 1000);
  stop.now = true;
  await Promise.all(loops);
  return deploy;
}

async function untilNoDiff(a: Api, watchers: Watcher[], seconds: number): Promise<string[]> {
  let diffs: string[] = [];
  for (let i = 0; i < seconds; i++) {
    diffs = [];
    const lists = new Map<string, any[]>();
    for (const w of watchers) {
      if (!lists.has(w.path)) lists.set(w.path, (await a.call('GET', w.path)).body.items);
      diffs.push(...viewDiff(w.view, lists.get(w.path)!).map((d) => `${w.path} ${d}`));
    }
    if (!diffs.length) return [];
    await sleep(1000);
  }
  return diffs;
}

async function cleanUp(a: Api): Promise<void> {
  await a.call('DELETE', `/api/v1/namespaces/${NS}`);
  for (let i = 0; i < 60 && (await a.call('GET', `/api/v1/namespaces/${NS}`)).code !== 404; i++) await sleep(1000);
}

/** Waits two compaction intervals (the history of the load is gone), then a GC'd measurement. */
async function settledMemory(s: Server): Promise<{ rss: number; heap: number }> {
  await sleep(2.5 * COMPACTION_MS);
  return s.gc();
}

function updateReadme(section: string): void {
  const path = join(HERE, 'README.md');
  const text = readFileSync(path, 'utf8');
  const [b, e] = ['<!-- soak:begin -->', '<!-- soak:end -->'];
  const i = text.indexOf(b);
  const j = text.indexOf(e);
  if (i < 0 || j < 0) return;
  writeFileSync(path, `${text.slice(0, i + b.length)}\n${section}\n${text.slice(j)}`);
}

async function main(): Promise<void> {
  const s = await startServer();
  const { a } = s;
  const t = () => s.samples.at(-1)?.t ?? 0;
  const phases: Phase[] = [];
  await a.call('POST', '/api/v1/namespaces', { metadata: { name: NS } });
  await a.call('POST', `/api/v1/namespaces/${NS}/services`, { metadata: { name: 'soak-web' }, spec: { selector: { app: 'soak-web' }, ports: [{ port: 80 }] } });
  // Warm-up: the same load briefly (lazy modules, JIT), everything deleted, history compacted.
  phases.push({ t: t(), label: 'warm-up' });
  await runLoad(a, WARMUP_S);
  await cleanUp(a);
  const plateau = await settledMemory(s);
  phases.push({ t: t(), label: 'load' });
  await a.call('POST', '/api/v1/namespaces', { metadata: { name: NS } });
  await a.call('POST', `/api/v1/namespaces/${NS}/services`, { metadata: { name: 'soak-web' }, spec: { selector: { app: 'soak-web' }, ports: [{ port: 80 }] } });
  const paths = [`/api/v1/namespaces/${NS}/configmaps`, `/api/v1/namespaces/${NS}/pods`, `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`];
  const watchers = Array.from({ length: WATCHERS }, (_, i) => new Watcher(a, paths[i % 5 < 3 ? 0 : i % 5 === 3 ? 1 : 2], rand));
  for (const w of watchers) w.start();
  const started = Date.now();
  const deployment = await runLoad(a, MINUTES * 60);
  const loadSeconds = (Date.now() - started) / 1000;
  phases.push({ t: t(), label: 'stop, check, delete' });
  const diffsLoaded = await untilNoDiff(a, watchers, 30);
  await cleanUp(a);
  const diffsEmpty = await untilNoDiff(a, watchers, 30);
  const stats = watchers.reduce((acc, w) => {
    for (const [k, v] of Object.entries(w.stats)) acc[k] = (acc[k] ?? 0) + v;
    return acc;
  }, {} as Counts);
  await Promise.all(watchers.map((w) => w.stop()));
  phases.push({ t: t(), label: 'idle' });
  const after = await settledMemory(s);
  const samples = [...s.samples];
  s.kill();

  const MiB = (b: number) => +(b / 2 ** 20).toFixed(1);
  const during = samples.filter((x) => x.t >= phases[1].t && x.t <= phases[2].t);
  const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
  const figures = {
    minutes: MINUTES, loadSeconds: Math.round(loadSeconds), watchers: WATCHERS, deploymentRolled: deployment,
    requests: counts, watch: stats,
    viewMismatchesAfterLoad: diffsLoaded.length, viewMismatchesAfterDelete: diffsEmpty.length, mismatchSample: [...diffsLoaded, ...diffsEmpty].slice(0, 5),
    plateau: { rssMiB: MiB(plateau.rss), heapMiB: MiB(plateau.heap) },
    after: { rssMiB: MiB(after.rss), heapMiB: MiB(after.heap) },
    rssReturnWithin10pct: after.rss <= plateau.rss * 1.1,
    duringLoad: {
      rssMaxMiB: MiB(Math.max(...during.map((x) => x.rss))), heapMaxMiB: MiB(Math.max(...during.map((x) => x.heap))),
      lagP99ms: +pct(during.map((x) => x.lagP99), 0.5).toFixed(1), lagP99WorstSecondMs: +Math.max(...during.map((x) => x.lagP99)).toFixed(1),
      lagMaxMs: +Math.max(...during.map((x) => x.lagMax)).toFixed(1),
    },
    node: process.version, date: new Date().toISOString(), loadAverage: +loadavg()[1].toFixed(1),
  };
  writeFileSync(join(HERE, 'soak.json'), `${JSON.stringify({ figures, phases, samples }, null, 1)}\n`);
  writeFileSync(join(HERE, 'soak.svg'), plot(samples, phases, `kubesim soak: ${MINUTES} min mixed load, ${WATCHERS} watchers`));
  updateReadme(readmeSection(figures));
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const ok = figures.viewMismatchesAfterLoad === 0 && figures.viewMismatchesAfterDelete === 0 && figures.rssReturnWithin10pct && stats.outOfOrder === 0;
  process.exit(ok ? 0 : 1);
}

function readmeSection(f: any): string {
  const req = Object.entries(f.requests as Counts).map(([k, v]) => `${k}: ${v}`).join(', ');
  return [
    `Last run: ${f.date.slice(0, 16).replace('T', ' ')} UTC, ${f.minutes} min of load (${f.loadSeconds} s), Node ${f.node}, a shared 2-core machine ` +
      `(load average ${f.loadAverage} at the end).`,
    '',
    '| figure | value |',
    '|---|---|',
    `| requests | ${req} |`,
    `| watchers | ${f.watchers}; ${f.watch.events} events, ${f.watch.reconnects} reconnects from their resourceVersion, ${f.watch.relists} relists (410), ${f.watch.outOfOrder} out-of-order or duplicated |`,
    `| Deployment rolling | ${f.deploymentRolled ? 'yes (apps/v1 served)' : 'no (apps/v1 not served)'} |`,
    `| views vs final LIST | ${f.viewMismatchesAfterLoad} mismatches after the load, ${f.viewMismatchesAfterDelete} after deleting everything |`,
    `| memory plateau (after warm-up, GC) | RSS ${f.plateau.rssMiB} MiB, heap ${f.plateau.heapMiB} MiB |`,
    `| during load (max) | RSS ${f.duringLoad.rssMaxMiB} MiB, heap ${f.duringLoad.heapMaxMiB} MiB |`,
    `| after load, deletion, compaction (GC) | RSS ${f.after.rssMiB} MiB, heap ${f.after.heapMiB} MiB — ${f.rssReturnWithin10pct ? 'within' : 'NOT within'} 10% of the plateau |`,
    `| event-loop lag during load | p99 per second: median ${f.duringLoad.lagP99ms} ms, worst ${f.duringLoad.lagP99WorstSecondMs} ms; max ${f.duringLoad.lagMaxMs} ms |`,
    '',
    '![soak](soak.svg)',
  ].join('\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
