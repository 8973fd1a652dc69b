// The read fast paths: LIST bodies written as the cached objects' bytes (no concatenation), the
// apiserver_request_total series counted from per-path handles, resolved paths remembered per
// registry (and forgotten when kinds change), Accept shortcuts.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubesim, type KubesimServer } from '../../src/index.js';
import { objectBytes } from '../../src/storage/table.js';

let sim: KubesimServer;

/** A raw HTTP exchange: status, headers and the exact body bytes. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string):
  Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${sim.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  sim = await startKubesim({ seed: 11, simulate: false });
  for (let i = 0; i < 40; i++) {
    await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(2, '0')}`, labels: { n: String(i % 4) } }, data: { v: 'x'.repeat(i * 50) } });
  }
});
afterAll(() => sim.close());

describe('LIST bodies', () => {
  it('are the list head, each stored object\'s cached bytes joined by commas, and the tail, with a matching Content-Length', async () => {
    const res = await raw('GET', '/api/v1/namespaces/default/configmaps');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.headers['transfer-encoding']).toBeUndefined();
    const stored = sim.store.list('configmaps', 'default');
    const expected = Buffer.concat([
      Buffer.from(`{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"${sim.store.currentRevision}"},"items":[`),
      ...stored.flatMap((o, i) => (i ? [Buffer.from(','), objectBytes(o)] : [objectBytes(o)])),
      Buffer.from(']}'),
    ]);
    expect(res.body.equals(expected)).toBe(true);
    expect(JSON.parse(res.body.toString()).items).toHaveLength(stored.length);
  });

  it('concurrent LISTs of different contents each get their own bytes (small objects share reused scratch chunks)', async () => {
    for (let i = 0; i < 300; i++) {
      await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `s-${i}`, namespace: 'kube-public' }, data: { v: String(i).repeat(i % 7) } });
    }
    const expected = async (ns: string) => (await raw('GET', `/api/v1/namespaces/${ns}/configmaps`)).body;
    const want = { default: await expected('default'), 'kube-public': await expected('kube-public') };
    expect(want['kube-public'].length).toBeGreaterThan(64 * 1024);
    const got = await Promise.all(Array.from({ length: 40 }, (_, i) => {
      const ns = i % 2 ? 'default' : 'kube-public';
      return raw('GET', `/api/v1/namespaces/${ns}/configmaps`).then((r) => ({ ns, body: r.body, len: r.headers['content-length'] }));
    }));
    for (const g of got) {
      expect(g.body.equals(want[g.ns as keyof typeof want])).toBe(true);
      expect(g.len).toBe(String(g.body.length));
    }
  });

  it('an empty list is head and tail only', async () => {
    const res = await raw('GET', '/api/v1/namespaces/default/configmaps?labelSelector=n%3Dnone');
    expect(res.body.toString()).toBe(`{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"${sim.store.currentRevision}"},"items":[]}`);
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  it('pages carry continue and remainingItemCount in the head', async () => {
    const first = JSON.parse((await raw('GET', '/api/v1/namespaces/default/configmaps?limit=7')).body.toString());
    expect(first.items).toHaveLength(7);
    expect(first.metadata.remainingItemCount).toBe(33);
    const next = JSON.parse((await raw('GET', `/api/v1/namespaces/default/configmaps?limit=7&continue=${first.metadata.continue}`)).body.toString());
    expect(next.items[0].metadata.name).toBe('cm-07');
  });

  it('keep their order on one connection with pipelined requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) => new Promise<string>((resolve, reject) => {
      http.get(`${sim.url}${path}`, { agent }, (res) => {
        let s = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { s += c; });
        res.on('end', () => resolve(s));
      }).on('error', reject);
    });
    const [a, b, c] = await Promise.all([
      get('/api/v1/namespaces/default/configmaps'), get('/api/v1/namespaces/default/configmaps/cm-03'), get('/api/v1/namespaces/default/configmaps?labelSelector=n%3D1'),
    ]);
    agent.destroy();
    expect(JSON.parse(a).items).toHaveLength(40);
    expect(JSON.parse(b).metadata.name).toBe('cm-03');
    expect(JSON.parse(c).items).toHaveLength(10);
  });

  it('HEAD answers as before (the route is GET only)', async () => {
    const res = await raw('HEAD', '/api/v1/namespaces/default/configmaps');
    expect(res.status).toBe(405);
    expect(res.body.length).toBe(0);
  });

  it('Tables and YAML are still rendered whole', async () => {
    const t = await raw('GET', '/api/v1/namespaces/default/configmaps', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(JSON.parse(t.body.toString()).rows).toHaveLength(40);
    const y = await raw('GET', '/api/v1/namespaces/default/configmaps?limit=1', { accept: 'application/yaml' });
    expect(y.headers['content-type']).toBe('application/yaml');
    expect(y.body.toString()).toMatch(/^kind: ConfigMapList\n/);
  });

  it('Accept application/json and */* are plain JSON', async () => {
    const plain = await raw('GET', '/api/v1/namespaces/default/configmaps/cm-01');
    for (const accept of ['application/json', '*/*']) {
      const res = await raw('GET', '/api/v1/namespaces/default/configmaps/cm-01', { accept });
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body.equals(plain.body)).toBe(true);
    }
  });
});

describe('selectors', () => {
  it('a repeated selector sees later writes, and a bad one fails every time', async () => {
    const path = '/api/v1/namespaces/default/configmaps?labelSelector=n%3D2';
    const names = async () => JSON.parse((await raw('GET', path)).body.toString()).items.map((o: any) => o.metadata.name);
    expect(await names()).toHaveLength(10);
    await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'zz-late', labels: { n: '2' } } });
    expect((await names()).at(-1)).toBe('zz-late');
    for (let i = 0; i < 2; i++) {
      const bad = await raw('GET', '/api/v1/namespaces/default/configmaps?labelSelector=n%3D%3D%3D2');
      expect(bad.status).toBe(400);
      const bf = await raw('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=spec.nope%3Dx');
      expect(bf.status).toBe(400);
      expect(JSON.parse(bf.body.toString()).message).toContain('spec.nope');
    }
  });
});

describe('apiserver_request_total', () => {
  it('counts every request by verb, group, version, resource and code', async () => {
    const sim2 = await startKubesim({ seed: 12, simulate: false });
    try {
      const reqs: Array<[string, string, string?]> = [
        ['GET', '/api/v1/namespaces/default/configmaps'], ['GET', '/api/v1/namespaces/default/configmaps/nope'],
        ['GET', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1'], ['GET', '/apis/apps/v1/deployments'],
        ['GET', '/healthz'], ['GET', '/api/v1'], ['GET', '/nope'], ['GET', '/api/v1/namespaces/default/widgets'],
        ['POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"c"}}'],
        ['POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"c"}}'],
        ['PUT', '/api/v1/namespaces/default/configmaps', '{}'], ['GET', '/api/v1/namespaces/default/configmaps?fieldSelector=x%3Dy'],
      ];
      for (let i = 0; i < 2; i++) {
        for (const [method, path, body] of reqs) {
          const res = await fetch(`${sim2.url}${path}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
          await res.arrayBuffer();
        }
      }
      const text = await (await fetch(`${sim2.url}/metrics`)).text();
      const lines = text.split('\n').filter((l) => l.startsWith('apiserver_request_total{'));
      expect(lines).toEqual([
        'apiserver_request_total{verb="GET",group="",version="v1",resource="configmaps",code="200"} 4',
        'apiserver_request_total{verb="GET",group="",version="v1",resource="configmaps",code="404"} 2',
        'apiserver_request_total{verb="GET",group="apps",version="v1",resource="deployments",code="200"} 2',
        'apiserver_request_total{verb="GET",group="",version="",resource="",code="200"} 2',
        'apiserver_request_total{verb="GET",group="",version="v1",resource="",code="200"} 2',
        'apiserver_request_total{verb="GET",group="",version="",resource="",code="404"} 2',
        'apiserver_request_total{verb="GET",group="",version="v1",resource="widgets",code="404"} 2',
        'apiserver_request_total{verb="POST",group="",version="v1",resource="configmaps",code="201"} 1',
        'apiserver_request_total{verb="POST",group="",version="v1",resource="configmaps",code="409"} 3',
        'apiserver_request_total{verb="PUT",group="",version="v1",resource="configmaps",code="405"} 2',
        'apiserver_request_total{verb="GET",group="",version="v1",resource="configmaps",code="400"} 2',
      ]);
    } finally {
      await sim2.close();
    }
  });
});

describe('resolved paths', () => {
  it('follow kinds registered and unregistered at run time', async () => {
    const sim3 = await startKubesim({ seed: 13, simulate: false });
    try {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gizmos.example.com' },
        spec: {
          group: 'example.com', scope: 'Namespaced', names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      };
      const path = `${sim3.url}/apis/example.com/v1/namespaces/default/gizmos`;
      expect((await fetch(path)).status).toBe(404);
      await sim3.apply(crd);
      await sim3.settled();
      expect((await fetch(path)).status).toBe(200);
      await fetch(`${sim3.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.example.com`, { method: 'DELETE' });
      await sim3.settled();
      expect((await fetch(path)).status).toBe(404);
    } finally {
      await sim3.close();
    }
  });
});
