// The routing API end to end: the simulated cluster (3 nodes over zone-a/b/c), the embedded
// EndpointSlice controller writing hints, and GET /kubesim/v1/.../routes answering as kube-proxy
// would program each node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, eventually, request } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ seed: 14, maxGraceSeconds: 60 });
});
afterAll(() => srv.close());

const NS = '/api/v1/namespaces/default';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
const routesOf = (svc: string, node?: string) =>
  client(srv.url).get(`/kubesim/v1/namespaces/default/services/${svc}/routes${node ? `?node=${node}` : ''}`);

async function service(name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>) {
  const r = await client(srv.url).post(`${NS}/services`, {
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }], ...spec },
  });
  expect(r.status, r.text).toBe(201);
}

async function pods(app: string, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await client(srv.url).post(`${NS}/pods`, {
      metadata: { name: `${app}-${i}`, labels: { app } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    expect(r.status, r.text).toBe(201);
  }
}

/** Waits until the Service's slices hold n endpoints that all pass the check. */
async function slicesUntil(svc: string, n: number, ok: (ep: any) => boolean, what: string) {
  return eventually(async () => {
    await srv.sim.settled();
    const r = await client(srv.url).get(`${SLICES}?labelSelector=kubernetes.io/service-name%3D${svc}`);
    const eps = r.body.items.flatMap((s: any) => s.endpoints ?? []);
    return eps.length === n && eps.every(ok) ? eps : undefined;
  }, 10_000, what);
}

const zones = (r: any) => [...new Set(r.internal.endpoints.map((e: any) => e.zone))];

describe('routes through HTTP', () => {
  it('topology-mode Auto over three zones: a zone-a node reaches only zone-a endpoints', async () => {
    await service('auto', {}, { 'service.kubernetes.io/topology-mode': 'Auto' });
    await pods('auto', 6);
    await slicesUntil('auto', 6, (e) => e.conditions.ready && e.hints?.forZones?.length === 1, 'zone hints on six ready endpoints');
    const r = await routesOf('auto', 'node-1');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ service: { namespace: 'default', name: 'auto' }, node: 'node-1', zone: 'zone-a', external: null });
    expect(r.body.internal.policy).toBe('Cluster');
    expect(r.body.internal.source).toBe('hints-zone');
    expect(zones(r.body)).toEqual(['zone-a']);
    expect(r.body.internal.endpoints).toHaveLength(2);
    expect(r.body.internal.endpoints[0]).toEqual({
      address: expect.any(String), nodeName: 'node-1', zone: 'zone-a',
      targetRef: expect.objectContaining({ kind: 'Pod', namespace: 'default' }),
      ready: true, serving: true, terminating: false, ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    });
  });

  it('trafficDistribution PreferSameZone: each node keeps its zone', async () => {
    await service('near', { trafficDistribution: 'PreferSameZone' });
    await pods('near', 3);
    await slicesUntil('near', 3, (e) => e.conditions.ready && e.hints?.forZones?.[0]?.name === e.zone, 'zone hints');
    const all = await routesOf('near');
    expect(all.status).toBe(200);
    expect(all.body.nodes.map((n: any) => [n.node, n.zone, n.internal.source, zones(n)])).toEqual([
      ['node-1', 'zone-a', 'hints-zone', ['zone-a']],
      ['node-2', 'zone-b', 'hints-zone', ['zone-b']],
      ['node-3', 'zone-c', 'hints-zone', ['zone-c']],
    ]);
  });

  it('trafficDistribution PreferSameNode: node hints keep each node on its own endpoint', async () => {
    await service('same', { trafficDistribution: 'PreferSameNode' });
    await pods('same', 3);
    await slicesUntil('same', 3, (e) => e.conditions.ready && e.hints?.forNodes?.[0]?.name === e.nodeName, 'node hints');
    const all = await routesOf('same');
    expect(all.body.nodes.map((n: any) => [n.node, n.internal.source, n.internal.endpoints.map((e: any) => e.nodeName)])).toEqual([
      ['node-1', 'hints-node', ['node-1']],
      ['node-2', 'hints-node', ['node-2']],
      ['node-3', 'hints-node', ['node-3']],
    ]);
  });

  it('without hints every node reaches every ready endpoint', async () => {
    await service('plain');
    await pods('plain', 3);
    await slicesUntil('plain', 3, (e) => e.conditions.ready, 'three ready endpoints');
    const r = await routesOf('plain', 'node-3');
    expect(r.body.internal.source).toBe('ready');
    expect(r.body.internal.endpoints).toHaveLength(3);
  });

  it('internalTrafficPolicy Local: only the node\'s own endpoints', async () => {
    await service('local', { internalTrafficPolicy: 'Local' });
    await pods('local', 3);
    await slicesUntil('local', 3, (e) => e.conditions.ready, 'three ready endpoints');
    const r = await routesOf('local', 'node-2');
    expect(r.body.internal).toMatchObject({ policy: 'Local', source: 'local' });
    expect(r.body.internal.endpoints.map((e: any) => e.nodeName)).toEqual(['node-2']);
  });

  it('a LoadBalancer with externalTrafficPolicy Local: external goes node-local, internal cluster-wide', async () => {
    await service('edge', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    await pods('edge', 3);
    await slicesUntil('edge', 3, (e) => e.conditions.ready, 'three ready endpoints');
    const r = await routesOf('edge', 'node-3');
    expect(r.body.internal).toMatchObject({ policy: 'Cluster', source: 'ready' });
    expect(r.body.internal.endpoints).toHaveLength(3);
    expect(r.body.external).toMatchObject({ policy: 'Local', source: 'local' });
    expect(r.body.external.endpoints.map((e: any) => e.nodeName)).toEqual(['node-3']);
  });

  it('all endpoints terminating: the serving-and-terminating fallback', async () => {
    await service('going');
    await pods('going', 2);
    await slicesUntil('going', 2, (e) => e.conditions.ready, 'two ready endpoints');
    for (const p of ['going-0', 'going-1']) {
      expect((await client(srv.url).del(`${NS}/pods/${p}`, { gracePeriodSeconds: 60 })).status).toBe(200);
    }
    await slicesUntil('going', 2, (e) => !e.conditions.ready && e.conditions.serving && e.conditions.terminating, 'serving-terminating endpoints');
    const r = await routesOf('going', 'node-1');
    expect(r.body.internal.source).toBe('terminating-fallback');
    expect(r.body.internal.endpoints.map((e: any) => [e.ready, e.serving, e.terminating])).toEqual([[false, true, true], [false, true, true]]);
  });

  it('no endpoints: empty', async () => {
    await service('lonely');
    await srv.sim.settled();
    const r = await routesOf('lonely', 'node-1');
    expect(r.status).toBe(200);
    expect(r.body.internal).toEqual({ policy: 'Cluster', source: 'none', endpoints: [] });
  });
});

describe('bad requests get a Status', () => {
  it('unknown Service and namespace: 404 NotFound', async () => {
    for (const path of ['/kubesim/v1/namespaces/default/services/nope/routes', '/kubesim/v1/namespaces/nowhere/services/auto/routes',
      '/kubesim/v1/namespaces/default/services/Not%20A%20Name/routes']) {
      const r = await client(srv.url).get(path);
      expect(r.status, path).toBe(404);
      expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    }
  });

  it('unknown node: 404 for the node; repeated or empty node: 400', async () => {
    const r = await routesOf('plain', 'node-9');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'nodes "node-9" not found' });
    for (const q of ['?node=node-1&node=node-2', '?node=']) {
      const b = await client(srv.url).get(`/kubesim/v1/namespaces/default/services/plain/routes${q}`);
      expect(b.status, q).toBe(400);
      expect(b.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    }
  });

  it('other methods: 405 Status', async () => {
    const r = await client(srv.url).post('/kubesim/v1/namespaces/default/services/plain/routes', {});
    expect(r.status).toBe(405);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed' });
  });
});

describe('the root path', () => {
  it('JSON clients get the paths document, browsers the web view', async () => {
    const json = await client(srv.url).get('/');
    expect(json.status).toBe(200);
    expect(json.body.paths).toEqual(expect.arrayContaining(['/api', '/api/v1', '/apis', '/apis/discovery.k8s.io/v1', '/version']));
    const html = await request(srv.url, '/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('<script type="module" src="/kubesim/web/app.js">');
    const js = await request(srv.url, '/kubesim/web/app.js', { accept: '*/*' });
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await request(srv.url, '/kubesim/web/../package.json')).status).toBe(404);
    expect((await request(srv.url, '/kubesim/web/nothing.js')).status).toBe(404);
  });
});

describe('with --token', () => {
  let locked: TestServer;
  beforeAll(async () => {
    locked = await startServer({ seed: 1, tokens: ['s3cret'], nodes: 1 });
  });
  afterAll(() => locked.close());

  it('the routing API and the JSON root need the token; the page and its assets do not', async () => {
    const path = '/kubesim/v1/namespaces/default/services/kubernetes/routes';
    expect((await request(locked.url, path)).status).toBe(401);
    expect((await request(locked.url, '/')).status).toBe(401);
    const ok = await request(locked.url, path, { headers: { Authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(200);
    expect(ok.body.nodes).toHaveLength(1);
    expect((await request(locked.url, '/', { accept: 'text/html' })).status).toBe(200);
    expect((await request(locked.url, '/kubesim/web/style.css', { accept: 'text/css' })).status).toBe(200);
  });
});
