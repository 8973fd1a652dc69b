// Bookmarks and the streaming list (WatchList) that client-go 1.35 uses by default: ADDED for the
// current state, then one BOOKMARK annotated k8s.io/initial-events-end, then live events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, sleep, WatchStream } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  srv = await startServer({ bookmarkIntervalMs: 50 });
  api = client(srv.url);
  for (const n of ['bm-a', 'bm-b', 'bm-c']) await api.post(CM, { metadata: { name: n, labels: { set: 'bm' } } });
});
afterAll(() => srv.close());

const CM = '/api/v1/namespaces/default/configmaps';

describe('periodic bookmarks', () => {
  it('are sent with allowWatchBookmarks=true, as an empty object of the watched kind', async () => {
    const rv = (await api.get(CM)).body.metadata.resourceVersion;
    const w = new WatchStream(srv.url, `${CM}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`);
    const [b] = await w.waitForEvents(2, 3000, (e) => e.type === 'BOOKMARK');
    w.close();
    expect(b.object.kind).toBe('ConfigMap');
    expect(b.object.apiVersion).toBe('v1');
    expect(Number(b.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
    expect(b.object.metadata.name).toBeUndefined();
    expect(b.object.metadata.annotations?.['k8s.io/initial-events-end']).toBeUndefined();
  });

  it('are never sent without allowWatchBookmarks', async () => {
    const rv = (await api.get(CM)).body.metadata.resourceVersion;
    const w = new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${rv}`);
    await w.ready;
    await sleep(300);
    w.close();
    expect(w.events).toEqual([]);
  });
});

describe('sendInitialEvents=true&resourceVersionMatch=NotOlderThan', () => {
  it('sends ADDED for every matching object, then the initial-events-end BOOKMARK, then live events', async () => {
    const w = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=set%3Dbm&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    const [end] = await w.waitForEvents(1, 3000, (e) => e.object?.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true');
    const before = w.events.slice(0, w.events.indexOf(end));
    expect(before.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED bm-a', 'ADDED bm-b', 'ADDED bm-c']);
    expect(end).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    const listRV = (await api.get(`${CM}?labelSelector=set%3Dbm`)).body.metadata.resourceVersion;
    expect(Number(end.object.metadata.resourceVersion)).toBeLessThanOrEqual(Number(listRV));
    expect(Number(end.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Math.max(...before.map((e) => Number(e.object.metadata.resourceVersion))));
    await api.post(CM, { metadata: { name: 'bm-d', labels: { set: 'bm' } } });
    await w.waitForEvents(1, 3000, (e) => e.type === 'ADDED' && e.object.metadata.name === 'bm-d');
    w.close();
    await api.del(`${CM}/bm-d`);
  });

  it('with a resourceVersion still replays the current state (NotOlderThan)', async () => {
    const rv = (await api.get(CM)).body.metadata.resourceVersion;
    const w = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=set%3Dbm&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=${rv}&allowWatchBookmarks=true`);
    await w.waitForEvents(1, 3000, (e) => e.type === 'BOOKMARK');
    w.close();
    expect(w.summary().slice(0, 4)).toEqual(['ADDED bm-a', 'ADDED bm-b', 'ADDED bm-c', 'BOOKMARK']);
  });

  it('the kubectl wait/delete request shape works for one object', async () => {
    const w = new WatchStream(srv.url, `${CM}?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dbm-b&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=556&watch=true`);
    await w.waitForEvents(1, 3000, (e) => e.type === 'BOOKMARK');
    w.close();
    expect(w.summary()[0]).toBe('ADDED bm-b');
    expect(w.events[1].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it.each([
    ['sendInitialEvents without resourceVersionMatch', 'watch=true&sendInitialEvents=true'],
    ['resourceVersionMatch without sendInitialEvents', 'watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1'],
    ['resourceVersionMatch=Exact on a watch', 'watch=true&sendInitialEvents=true&resourceVersionMatch=Exact&resourceVersion=1'],
  ])('%s is 422 Invalid (ListOptions)', async (_what, q) => {
    const res = await api.get(`${CM}?${q}`);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, details: { kind: 'ListOptions', group: 'meta.k8s.io' } });
    expect(res.body.message).toMatch(/^ListOptions\.meta\.k8s\.io "" is invalid: /);
  });

  it('sendInitialEvents on a plain list is 422', async () => {
    const res = await api.get(`${CM}?sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=0`);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('sendInitialEvents is forbidden for list');
  });
});

describe('watch flag spellings', () => {
  it.each(['true', 'True', '1', 't', 'TRUE'])('watch=%s streams', async (v) => {
    const w = new WatchStream(srv.url, `${CM}?watch=${v}&labelSelector=set%3Dbm`);
    const events = await w.waitForEvents(3);
    await sleep(50);
    expect(w.ended).toBe(false);
    w.close();
    expect(w.headers['transfer-encoding']).toBe('chunked');
    expect(events.every((e) => e.type === 'ADDED')).toBe(true);
  });

  it('the legacy /watch/ path prefix streams too', async () => {
    const w = new WatchStream(srv.url, `/api/v1/watch/namespaces/default/configmaps?labelSelector=set%3Dbm`);
    const events = await w.waitForEvents(3);
    w.close();
    expect(events.map((e) => e.object.metadata.name)).toEqual(['bm-a', 'bm-b', 'bm-c']);
  });

  it('watch=false is a plain list', async () => {
    const res = await api.get(`${CM}?watch=false&labelSelector=set%3Dbm`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('ConfigMapList');
  });
});
