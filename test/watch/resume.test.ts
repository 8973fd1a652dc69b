// Resuming a watch from a list's resourceVersion loses nothing, even while writers keep going;
// a reconnect from the last seen resourceVersion continues exactly where the first stream stopped.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, sleep, WatchStream } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  srv = await startServer({ simulate: false });
  api = client(srv.url);
});
afterAll(() => srv.close());

const CM = '/api/v1/namespaces/default/configmaps';

/** Creates, updates and deletes configmaps labelled `set`. */
async function writer(set: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const name = `${set}-${i % 7}`;
    const existing = await api.get(`${CM}/${name}`);
    let res;
    if (existing.status === 404) res = await api.post(CM, { metadata: { name, labels: { set } }, data: { i: String(i) } });
    else if (i % 5 === 0) res = await api.del(`${CM}/${name}`);
    else res = await api.patch(`${CM}/${name}`, { data: { i: String(i) } }, 'application/merge-patch+json');
    if (res.status >= 300) throw new Error(`write failed: ${res.status} ${res.text}`);
    if (i % 10 === 0) await sleep(1);
  }
}

const key = (e: { type: string; object: any }) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`;

it('list + watch from the list resourceVersion sees every later write exactly once, in order', async () => {
  const set = 'resume';
  const start = await api.get(CM);
  // A witness watching since before the first write sees everything.
  const witness = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=set%3D${set}&resourceVersion=${start.body.metadata.resourceVersion}`);
  await witness.ready;
  const writing = writer(set, 200);
  await sleep(30);
  const list = await api.get(`${CM}?labelSelector=set%3D${set}`);
  const listRV = Number(list.body.metadata.resourceVersion);
  const w = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=set%3D${set}&resourceVersion=${listRV}`);
  await writing;
  const after = witness.events.length;
  expect(after).toBeGreaterThan(0);
  const expected = () => witness.events.filter((e) => Number(e.object.metadata.resourceVersion) > listRV).map(key);
  await w.waitForEvents(expected().length);
  await sleep(100);
  w.close();
  witness.close();
  expect(expected().length).toBeGreaterThan(0);
  expect(w.events.map(key)).toEqual(expected());

  const state = new Map<string, string>(list.body.items.map((o: any) => [o.metadata.name, o.data.i]));
  for (const e of w.events) {
    if (e.type === 'DELETED') state.delete(e.object.metadata.name);
    else state.set(e.object.metadata.name, e.object.data.i);
  }
  const final = await api.get(`${CM}?labelSelector=set%3D${set}`);
  expect(Object.fromEntries(state)).toEqual(Object.fromEntries(final.body.items.map((o: any) => [o.metadata.name, o.data.i])));
});

it('reconnecting from the last seen resourceVersion continues without gaps or repeats', async () => {
  const set = 'reconnect';
  const list = await api.get(`${CM}?labelSelector=set%3D${set}`);
  const first = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=set%3D${set}&resourceVersion=${list.body.metadata.resourceVersion}`);
  await first.ready;
  const rvs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await api.post(CM, { metadata: { name: `${set}-${i}`, labels: { set } } });
    rvs.push(Number(r.body.metadata.resourceVersion));
  }
  await first.waitForEvents(4);
  first.close();
  const seen = first.events.map((e) => Number(e.object.metadata.resourceVersion));
  const last = seen[seen.length - 1];
  const second = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=set%3D${set}&resourceVersion=${last}`);
  const rest = rvs.filter((rv) => rv > last);
  await second.waitForEvents(rest.length);
  await sleep(50);
  second.close();
  expect([...seen, ...second.events.map((e) => Number(e.object.metadata.resourceVersion))]).toEqual(rvs);
  expect(second.events.every((e) => e.type === 'ADDED')).toBe(true);
});

it('watching from the current resourceVersion is never Expired, even with nothing new', async () => {
  const list = await api.get(CM);
  const w = new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
  await w.ready;
  await sleep(100);
  w.close();
  expect(w.status).toBe(200);
  expect(w.events.filter((e) => e.type === 'ERROR')).toEqual([]);
});
