// Optimistic concurrency under contention: clients updating one object with resourceVersion
// preconditions. In each round exactly one wins and the others get 409 Conflict; clients that
// retry on conflict lose no increment; a watcher sees every accepted update once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubesim, type KubesimServer } from '../../src/index.js';

const CLIENTS = 8;
let sim: KubesimServer;
beforeAll(async () => {
  sim = await startKubesim({ simulate: false, seed: 8 });
});
afterAll(() => sim.close());

const url = (name = '') => `${sim.url}/api/v1/namespaces/default/configmaps${name ? `/${name}` : ''}`;

async function call(method: string, u: string, body?: unknown): Promise<{ code: number; body: any }> {
  const res = await fetch(u, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { code: res.status, body: await res.json() };
}

/** Collects the MODIFIED events of one object until `count` arrived. */
async function watchUpdates(name: string, fromRV: string, count: number): Promise<string[]> {
  const res = await fetch(`${url()}?watch=true&resourceVersion=${fromRV}&fieldSelector=metadata.name%3D${name}`);
  const seen: string[] = [];
  let buf = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const ev = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (ev.type === 'MODIFIED') seen.push(ev.object.data.n);
    }
    if (seen.length >= count) break;
  }
  return seen;
}

describe('updates racing on one object', () => {
  it('exactly one of N updates from the same resourceVersion wins each round; the rest are 409', async () => {
    const ROUNDS = 25;
    const created = await call('POST', url(), { metadata: { name: 'race' }, data: { n: '0' } });
    expect(created.code).toBe(201);
    const watched = watchUpdates('race', created.body.metadata.resourceVersion, ROUNDS);
    for (let round = 1; round <= ROUNDS; round++) {
      const reads = await Promise.all(Array.from({ length: CLIENTS }, () => call('GET', url('race'))));
      expect(new Set(reads.map((r) => r.body.metadata.resourceVersion)).size).toBe(1);
      const writes = await Promise.all(reads.map((r, c) => call('PUT', url('race'), {
        ...r.body, data: { n: String(round), by: `client-${c}` },
      })));
      const codes = writes.map((w) => w.code).sort();
      expect(codes).toEqual([200, ...Array(CLIENTS - 1).fill(409)]);
      for (const w of writes.filter((x) => x.code === 409)) {
        expect(w.body).toMatchObject({
          kind: 'Status', reason: 'Conflict', code: 409,
          message: 'Operation cannot be fulfilled on configmaps "race": the object has been modified; please apply your changes to the latest version and try again',
        });
      }
    }
    const final = await call('GET', url('race'));
    expect(final.body.data.n).toBe(String(ROUNDS));
    expect(await watched).toEqual(Array.from({ length: ROUNDS }, (_, i) => String(i + 1)));
  });

  it('clients that re-read and retry on conflict lose no increment', async () => {
    const PER_CLIENT = 15;
    const created = await call('POST', url(), { metadata: { name: 'counter' }, data: { n: '0' } });
    const watched = watchUpdates('counter', created.body.metadata.resourceVersion, CLIENTS * PER_CLIENT);
    let conflicts = 0;
    const client = async () => {
      for (let i = 0; i < PER_CLIENT; i++) {
        for (;;) {
          const cur = (await call('GET', url('counter'))).body;
          const res = await call('PUT', url('counter'), { ...cur, data: { n: String(Number(cur.data.n) + 1) } });
          if (res.code === 200) break;
          expect(res.code).toBe(409);
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect((await call('GET', url('counter'))).body.data.n).toBe(String(CLIENTS * PER_CLIENT));
    expect(conflicts).toBeGreaterThan(0);
    // Every accepted increment reached the watcher exactly once, in order.
    expect(await watched).toEqual(Array.from({ length: CLIENTS * PER_CLIENT }, (_, i) => String(i + 1)));
  });
});
