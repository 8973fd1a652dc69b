// Fault injection over HTTP: Status answers, latency, cut and expired watches, expired continue
// tokens, the admin API, and determinism under a seed.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubesim, type KubesimServer } from '../../src/index.js';

let sim: KubesimServer;
const cms = () => `${sim.url}/api/v1/namespaces/default/configmaps`;

async function post(url: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Reads a watch stream to its end and returns the events. */
async function watchLines(url: string): Promise<Array<{ type: string; object: any }>> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const text = await res.text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

beforeAll(async () => {
  sim = await startKubesim({ seed: 3 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.reset();
  for (const n of ['a', 'b', 'c']) await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n } });
});

describe('Status answers', () => {
  it('429 carries Retry-After and a TooManyRequests Status', async () => {
    sim.faults.add({ verbs: ['create'], status: 429, retryAfterSeconds: 4 });
    const res = await post(cms(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('4');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests', details: { retryAfterSeconds: 4 }, code: 429,
    });
    // Nothing was written.
    expect((await fetch(`${cms()}/d`)).status).toBe(404);
  });

  it('hits only the matching namespace and name', async () => {
    sim.faults.add({ verbs: ['get'], namespace: 'default', name: 'b', status: 503 });
    expect((await fetch(`${cms()}/a`)).status).toBe(200);
    expect((await fetch(`${cms()}/b`)).status).toBe(503);
    expect((await fetch(`${sim.url}/api/v1/namespaces/kube-system/configmaps/b`)).status).toBe(404);
  });

  it('leaves health, discovery and the admin API alone', async () => {
    sim.faults.add({ status: 500 });
    for (const p of ['/healthz', '/version', '/api', '/apis', '/kubesim/v1/faults']) expect((await fetch(`${sim.url}${p}`)).status).toBe(200);
    expect((await fetch(cms())).status).toBe(500);
  });
});

describe('latency', () => {
  it('delays the request before it is handled', async () => {
    sim.faults.add({ verbs: ['list'], latencyMs: 150 });
    const t0 = Date.now();
    const res = await fetch(cms());
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});

describe('watch faults', () => {
  it('closeWatchAfter ends the stream cleanly after N events', async () => {
    sim.faults.add({ closeWatchAfter: 2, resource: 'configmaps' });
    const events = await watchLines(`${cms()}?watch=true`);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b']);
  });

  it('expireWatchAfter sends a 410 Expired ERROR event after N events', async () => {
    sim.faults.add({ expireWatchAfter: 1, resource: 'configmaps', count: 1 });
    const events = await watchLines(`${cms()}?watch=true`);
    expect(events).toEqual([
      expect.objectContaining({ type: 'ADDED' }),
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired', message: 'The resourceVersion for the provided watch is too old.' }) },
    ]);
  });

  it('expireWatchAfter=0 expires an idle watch at once', async () => {
    sim.faults.add({ expireWatchAfter: 0, resource: 'configmaps' });
    const events = await watchLines(`${cms()}?watch=true&resourceVersion=${sim.store.currentRevision}`);
    expect(events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ code: 410, reason: 'Expired' }) }]);
  });

  it('counts events per stream after the cut point is set', async () => {
    sim.faults.add({ closeWatchAfter: 1, resource: 'configmaps' });
    const url = `${cms()}?watch=true&resourceVersion=${sim.store.currentRevision}`;
    const pending = watchLines(url);
    await new Promise((r) => setTimeout(r, 50));
    await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' } });
    expect((await pending).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED x']);
  });
});

describe('watch faults over WebSocket', () => {
  // ws ships no type declarations here; the little used is described inline.
  type Ws = { on(ev: string, cb: (data: Buffer) => void): void };
  const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => Ws;

  it('cuts a WebSocket watch the same way', async () => {
    sim.faults.add({ expireWatchAfter: 2, resource: 'configmaps' });
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/api/v1/namespaces/default/configmaps?watch=true`);
    const messages: string[] = [];
    ws.on('message', (d) => messages.push(d.toString()));
    await new Promise((r) => ws.on('close', r));
    const events = messages.map((m) => JSON.parse(m));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ERROR']);
    expect(events[2].object).toMatchObject({ code: 410, reason: 'Expired' });
  });
});

describe('expired continue tokens', () => {
  it('answers 410 to a list continuation and leaves first pages alone', async () => {
    sim.faults.add({ expireContinue: true, resource: 'configmaps' });
    const first = await (await fetch(`${cms()}?limit=1`)).json();
    expect(first.items).toHaveLength(1);
    expect(first.metadata.continue).toBeTruthy();
    const next = await fetch(`${cms()}?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(next.status).toBe(410);
    expect(await next.json()).toMatchObject({ reason: 'Expired', code: 410, message: expect.stringContaining('continue parameter is too old') });
  });
});

describe('admin API', () => {
  const faults = () => `${sim.url}/kubesim/v1/faults`;

  it('adds (JSON or YAML), lists, removes one, clears', async () => {
    const added = await post(faults(), '- {verb: get, status: 500}\n- {latency: 1ms}\n', 'application/yaml');
    expect(added.status).toBe(201);
    const { items } = await added.json();
    expect(items.map((r: any) => r.id)).toEqual(['f1', 'f2']);
    expect((await post(faults(), { verb: 'list', status: 504 })).status).toBe(201);
    await fetch(`${cms()}/a`);
    const listed = await (await fetch(faults())).json();
    expect(listed).toMatchObject({ kind: 'FaultRuleList', apiVersion: 'kubesim/v1' });
    expect(listed.items).toEqual([
      { id: 'f1', verbs: ['get'], status: 500, fired: 1 },
      { id: 'f2', latencyMs: 1, fired: 1 },
      { id: 'f3', verbs: ['list'], status: 504, fired: 0 },
    ]);
    expect((await fetch(`${faults()}/f1`, { method: 'DELETE' })).status).toBe(200);
    const gone = await fetch(`${faults()}/f1`, { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect((await gone.json()).reason).toBe('NotFound');
    expect((await fetch(faults(), { method: 'DELETE' })).status).toBe(200);
    expect((await (await fetch(faults())).json()).items).toEqual([]);
  });

  it('refuses a bad rule with a 400 Status', async () => {
    const res = await post(faults(), { verb: 'list', status: 200 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'invalid fault rule: rule 1: status must be an HTTP error code (400-599), got 200' });
  });

  it('resets the cluster', async () => {
    expect((await fetch(`${cms()}/a`)).status).toBe(200);
    const res = await fetch(`${sim.url}/kubesim/v1/reset`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await fetch(`${cms()}/a`)).status).toBe(404);
  });
});

describe('determinism', () => {
  it('the same seed gives the same faults for the same request sequence', async () => {
    const run = async () => {
      const s = await startKubesim({ seed: 99, faults: [{ verbs: ['list'], status: 500, probability: 0.5 }] });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 24; i++) codes.push((await fetch(`${s.url}/api/v1/configmaps`)).status);
        return codes.join(',');
      } finally {
        await s.close();
      }
    };
    const first = await run();
    expect(first).toContain('500');
    expect(first).toContain('200');
    expect(await run()).toBe(first);
  });
});
