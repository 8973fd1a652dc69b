// The web view under a big cluster: 200 Services × 25 running, ready pods = 5,000 endpoints (10
// nodes over 3 zones), in headless Chromium. Reports
//   - time to first render, cards closed (the default above a dozen Services) and all open
//     (?open=all: 5,000 endpoint rows and 200 routing tables, one routing API call per Service);
//   - the cost of one update: a pod's readiness flips, the controller rewrites one slice, the
//     watch delivers it, the page redraws that one card — write → row changed in the DOM, and the
//     page's own draw time for the frame.
//
//   node --import tsx load/web-view.ts [--quick]      (about 40 s; --quick: 10 flips)
import { launchBrowser } from '../test/web/browser.js';
import { createPods, createService, ensureNamespace, startSim } from './lib/fixtures.js';
import { percentile } from './lib/report.js';

export const params = { services: 200, podsPerService: 25, flips: 30 };

const quick = process.argv.includes('--quick');
const flips = quick ? 10 : params.flips;
const log = (s: string) => process.stderr.write(`${s}\n`);

const sim = await startSim();
const browser = await launchBrowser();
try {
  ensureNamespace(sim, 'bench');
  const t = performance.now();
  for (let s = 0; s < params.services; s++) {
    createPods(sim, 'bench', `svc${s}`, params.podsPerService, () => ({ app: `svc${s}` }), { running: true, from: s * params.podsPerService });
    createService(sim, 'bench', `svc${s}`, { app: `svc${s}` });
  }
  await sim.settled();
  const slices = sim.registry.list(sim.registry.resource('discovery.k8s.io', 'endpointslices'), 'bench').items;
  const endpoints = slices.reduce((n, s) => n + ((s.obj.endpoints as unknown[]) ?? []).length, 0);
  log(`${params.services} Services, ${slices.length} slices, ${endpoints} endpoints in ${(performance.now() - t).toFixed(0)} ms`);

  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1440, height: 1000 });

  const firstRender = async (path: string) => {
    await page.goto(`${sim.url}${path}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('html[data-state="ready"]', { timeout: 60_000 });
    return page.evaluate(() => (window as any).kubesim.firstRenderMs as number);
  };
  await firstRender('/'); // warm-up: Chromium's and the server's first run of everything
  const closedMs = await firstRender('/');
  const closedNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const openMs = await firstRender('/?open=all');
  const rows = await page.evaluate(() => document.querySelectorAll('table.eps tbody tr').length);
  const tRoutes = performance.now();
  await page.waitForFunction((n) => (window as any).kubesim.routesFetched >= n, { timeout: 60_000, polling: 50 }, params.services);
  const routesMs = openMs + (performance.now() - tRoutes);
  const openNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  await new Promise((r) => setTimeout(r, 500));

  // One readiness flip at a time: write → the row's class changes in the page.
  const pods = sim.registry.resource('', 'pods');
  const latency: number[] = [];
  const server: number[] = [];
  const draw: number[] = [];
  const delivery: number[] = [];
  let sliceWritten = 0;
  let sliceWrittenAt = 0;
  const unsubscribe = sim.store.subscribeAll((ev) => {
    if (!ev.resource.includes('endpointslices')) return;
    sliceWritten = performance.now();
    sliceWrittenAt = Date.now();
  });
  for (let i = 0; i < flips; i++) {
    // Even flips take a pod out of service, odd ones bring the same pod back.
    const k = Math.floor(i / 2);
    const svc = (k * 37) % params.services;
    const name = `svc${svc}-${k % params.podsPerService}`;
    const ip = sim.registry.get(pods, 'bench', name).obj.status as { podIP: string };
    const want = i % 2 === 0 ? 'is-unready' : '';
    const start = performance.now();
    sim.registry.mutate(pods, 'bench', name, (p) => {
      const c = (p.status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready')!;
      c.status = want ? 'False' : 'True';
    }, { subresource: 'status' });
    await page.waitForFunction((addr, cls) => {
      const tr = document.querySelector(`tr[data-address="${addr}"]`);
      return tr !== null && tr.className === cls;
    }, { timeout: 10_000, polling: 'raf' }, ip.podIP, want);
    latency.push(performance.now() - start);
    server.push(sliceWritten - start);
    delivery.push((await page.evaluate(() => (window as any).kubesim.lastSliceEventAt as number)) - sliceWrittenAt);
    draw.push(await page.evaluate(() => (window as any).kubesim.lastRenderMs as number));
    await new Promise((r) => setTimeout(r, 50));
  }
  unsubscribe();
  const f = (n: number | undefined) => (n ?? NaN).toFixed(1);
  const table = [
    '| measure | value | notes |',
    '|---|---|---|',
    `| first render, cards closed | ${f(closedMs)} ms | navigation → first draw: 5 lists (≈${Math.round(endpoints / 1000)}k endpoints) + 200 card headers; ${closedNodes} DOM elements |`,
    `| first render, all cards open | ${f(openMs)} ms | ${rows} endpoint rows drawn |`,
    `|   routing for every card | ${f(routesMs)} ms | navigation → all ${params.services} routing API answers drawn; ${openNodes} DOM elements |`,
    `| one update, write → DOM | p50 ${f(percentile(latency, 50))} / p95 ${f(percentile(latency, 95))} ms | ${flips} readiness flips, each seen in the page; the parts below, then layout and paint of the card |`,
    `|   of which pod write → slice write | p50 ${f(percentile(server, 50))} / p95 ${f(percentile(server, 95))} ms | in the server, before anything reaches the page |`,
    `|   of which slice write → event in the page | p50 ${f(percentile(delivery, 50))} / p95 ${f(percentile(delivery, 95))} ms | watch over WebSocket, JSON.parse, model update (wall clocks, same machine) |`,
    `| one update, page draw | p50 ${f(percentile(draw, 50))} / p95 ${f(percentile(draw, 95))} ms | the frame's draw time for one card of 25 endpoints (all cards open) |`,
  ];
  process.stdout.write(`${table.join('\n')}\n`);
  if (errors.length) log(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  await sim.close();
}
