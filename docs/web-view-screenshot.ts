// Makes docs/web-view.png: a small demo cluster (topology-aware, node-local and terminating
// traffic) in the web view, photographed by headless Chromium.
//
//   node --import tsx docs/web-view-screenshot.ts [out.png]
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/web/browser.js';
import { startServer } from '../test/helpers/server.js';

const out = process.argv[2] ?? fileURLToPath(new URL('./web-view.png', import.meta.url));
const srv = await startServer({ seed: 42, maxGraceSeconds: 600 });
const post = async (path: string, body: unknown) => {
  const r = await fetch(srv.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as any;
};

// The pods: a Deployment's when apps/v1 is served (owner ReplicaSet/NAME-HASH), otherwise pods
// owned by a ConfigMap (any existing object will do for the view).
const hasApps = srv.sim.registry.lookupKind('apps/v1', 'Deployment') !== undefined;

async function app(ns: string, name: string, replicas: number, spec: Record<string, unknown>, annotations: Record<string, string> = {}) {
  await post(`/api/v1/namespaces/${ns}/services`, {
    metadata: { name, annotations }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec },
  });
  const template = { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 8080 }] }] } };
  if (hasApps) {
    await post(`/apis/apps/v1/namespaces/${ns}/deployments`, { metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template } });
    return;
  }
  const cm = await post(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `${name}-6f7c9d` } });
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: cm.metadata.name, uid: cm.metadata.uid, controller: true };
  for (let i = 0; i < replicas; i++) {
    await post(`/api/v1/namespaces/${ns}/pods`, { ...template, metadata: { ...template.metadata, name: `${name}-6f7c9d-${'xkqvbrmtwz'.slice(i, i + 5)}`, ownerReferences: [ref] } });
  }
}

await post('/api/v1/namespaces', { metadata: { name: 'shop' } });
await app('shop', 'frontend', 6, {}, { 'service.kubernetes.io/topology-mode': 'Auto' });
await app('shop', 'cart', 3, { internalTrafficPolicy: 'Local' });
await app('shop', 'checkout', 3, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', trafficDistribution: 'PreferSameZone' });
await new Promise((r) => setTimeout(r, 1500));
await srv.sim.settled();

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1180, deviceScaleFactor: 1 });
  await page.goto(`${srv.url}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('html[data-state="ready"]');
  await page.click('button[data-ns="shop"]');
  await page.waitForSelector('details.svc[data-svc="shop/checkout"] table.routes');
  // One checkout pod going away, so a terminating endpoint shows.
  const pods = (await (await fetch(`${srv.url}/api/v1/namespaces/shop/pods?labelSelector=app%3Dcheckout`)).json()) as any;
  await fetch(`${srv.url}/api/v1/namespaces/shop/pods/${pods.items[0].metadata.name}`, {
    method: 'DELETE', body: JSON.stringify({ gracePeriodSeconds: 600 }), headers: { 'Content-Type': 'application/json' },
  });
  await page.waitForSelector('details.svc[data-svc="shop/checkout"] tr.is-terminating');
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await srv.close();
}
