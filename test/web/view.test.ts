// The web view in headless Chromium against a real server: it lists a Service's endpoints, shows
// a pod created after the page loaded within 2 s without a reload (watch streams, no polling),
// shows routing per node and the pods' owners, works behind --token, and logs no errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { chromiumMissing, collectErrors, launchBrowser } from './browser.js';
import { eventually } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

const skip = chromiumMissing();
const TOKEN = 'v1ew-t0ken';

let srv: TestServer;
let browser: Browser;

async function api(path: string, body: unknown, method = 'POST') {
  const r = await fetch(srv.url + path, {
    method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** A pod body, or (template) a pod template carrying the Deployment's extra label. */
const pod = (name: string, app: string, template = false) => ({
  metadata: template ? { labels: { app, tier: 'web' } } : { name, labels: { app } },
  spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
});

async function readyEndpoints(svc: string): Promise<number> {
  await srv.sim.settled();
  const r = await fetch(`${srv.url}/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name%3D${svc}`,
    { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = (await r.json()) as any;
  return body.items.flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions.ready).length;
}

describe.skipIf(skip)('web view in headless Chromium', () => {
  beforeAll(async () => {
    srv = await startServer({ seed: 3, tokens: [TOKEN] });
    browser = await launchBrowser();
    await api('/api/v1/namespaces/default/services', {
      metadata: { name: 'shop', annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } },
      spec: { selector: { app: 'shop' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    // A Deployment's pods (owned by its ReplicaSet); the late pod below is a bare one.
    await api('/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'shop' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'shop', tier: 'web' } }, template: pod('', 'shop', true) },
    });
    await eventually(async () => (await readyEndpoints('shop')) === 3, 10_000, 'three ready endpoints');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('lists endpoints, follows a new pod live, shows routes and owners, without errors', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(`${srv.url}/?token=${TOKEN}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('html[data-state="ready"]', { timeout: 10_000 });
    // The token leaves the address bar once the page has it.
    expect(page.url()).toBe(`${srv.url}/`);

    const rowsOf = () => page.$$eval('details.svc[data-svc="default/shop"] table.eps tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-pod'), tr.querySelector('.owner')?.textContent ?? '']));
    await page.waitForFunction(() => document.querySelectorAll('details.svc[data-svc="default/shop"] table.eps tbody tr').length === 3, { timeout: 5_000 });
    const rows = await rowsOf();
    expect(rows).toHaveLength(3);
    for (const [podName, owner] of rows) {
      expect(podName).toMatch(/^shop-[a-z0-9]+-[a-z0-9]{5}$/);
      expect(owner).toBe(`ReplicaSet/${podName!.slice(0, podName!.lastIndexOf('-'))}`);
    }

    // Routing per node, from the routing API.
    await page.waitForSelector('details.svc[data-svc="default/shop"] table.routes tr[data-node="node-1"]', { timeout: 5_000 });
    const routeRows = await page.$$eval('details.svc[data-svc="default/shop"] table.routes tr[data-node]', (trs) => trs.map((tr) => tr.getAttribute('data-node')));
    expect(routeRows).toEqual(['node-1', 'node-2', 'node-3']);
    expect(await page.$eval('#workloads', (el) => el.textContent)).toMatch(/ReplicaSet\/shop-[a-z0-9]+\s*default\s*3\/3/);

    // A pod created now appears within 2 s, with no navigation in between.
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    const created = Date.now();
    await api('/api/v1/namespaces/default/pods', pod('shop-late', 'shop'));
    await page.waitForSelector('details.svc[data-svc="default/shop"] tr[data-pod="shop-late"]', { timeout: 2_000 });
    expect(Date.now() - created).toBeLessThan(2_000);
    expect(navigations).toBe(0);
    // The churn figure counted the slice writes the watch delivered.
    const churn = await page.$eval('#churn b', (el) => Number(el.textContent));
    expect(churn).toBeGreaterThan(0);

    // A Service created now gets its own card, too.
    await api('/api/v1/namespaces/default/services', { metadata: { name: 'late-svc' }, spec: { selector: { app: 'none' }, ports: [{ port: 81 }] } });
    await page.waitForSelector('details.svc[data-svc="default/late-svc"]', { timeout: 2_000 });

    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/kubesim-web-view-test.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without a token the page asks for one', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const asked: string[] = [];
    page.on('dialog', async (d) => {
      asked.push(d.message());
      await d.accept(TOKEN);
    });
    await page.goto(`${srv.url}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('details.svc[data-svc="default/shop"]', { timeout: 10_000 });
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]).toContain('bearer token');
    // The 401s before the prompt are the server's answers, not page errors.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });
});
