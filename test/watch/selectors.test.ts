// Selector transitions, as the apiserver's cacheWatcher sends them: an object that starts matching
// arrives as ADDED, one that stops matching leaves as DELETED, one that keeps matching is MODIFIED.
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
const relabel = (name: string, labels: Record<string, string | null>) =>
  api.patch(`${CM}/${name}`, { metadata: { labels } }, 'application/merge-patch+json');

it('label changes move an object in and out of a label-selected watch', async () => {
  const list = await api.get(CM);
  const w = new WatchStream(srv.url, `${CM}?watch=true&labelSelector=${encodeURIComponent('app=a')}&resourceVersion=${list.body.metadata.resourceVersion}`);
  await w.ready;
  await api.post(CM, { metadata: { name: 'sel-1', labels: { app: 'b' } } });
  const toA = await relabel('sel-1', { app: 'a' });
  const touched = await api.patch(`${CM}/sel-1`, { data: { x: '1' } }, 'application/merge-patch+json');
  const toB = await relabel('sel-1', { app: 'b' });
  await relabel('sel-1', { app: 'c' });
  await api.del(`${CM}/sel-1`);
  await api.post(CM, { metadata: { name: 'sel-2', labels: { app: 'a' } } });
  await api.del(`${CM}/sel-2`);
  await w.waitForEvents(5);
  await sleep(100);
  w.close();
  expect(w.summary()).toEqual(['ADDED sel-1', 'MODIFIED sel-1', 'DELETED sel-1', 'ADDED sel-2', 'DELETED sel-2']);
  expect(w.events[0].object.metadata.resourceVersion).toBe(toA.body.metadata.resourceVersion);
  expect(w.events[1].object.metadata.resourceVersion).toBe(touched.body.metadata.resourceVersion);
  // Leaving the selection: the last state that matched, at the resourceVersion of the change.
  expect(w.events[2].object.metadata.labels).toEqual({ app: 'a' });
  expect(w.events[2].object.metadata.resourceVersion).toBe(toB.body.metadata.resourceVersion);
});

it('field selectors on metadata.name follow one object only', async () => {
  const list = await api.get(CM);
  const w = new WatchStream(srv.url, `${CM}?watch=true&fieldSelector=${encodeURIComponent('metadata.name=fs-1')}&resourceVersion=${list.body.metadata.resourceVersion}`);
  await w.ready;
  await api.post(CM, { metadata: { name: 'fs-0' } });
  await api.post(CM, { metadata: { name: 'fs-1' } });
  await api.post(CM, { metadata: { name: 'fs-2' } });
  await api.del(`${CM}/fs-1`);
  await w.waitForEvents(2);
  await sleep(50);
  w.close();
  expect(w.summary()).toEqual(['ADDED fs-1', 'DELETED fs-1']);
});

it('pod field selectors see transitions on status.phase', async () => {
  const PODS = '/api/v1/namespaces/default/pods';
  const created = await api.post(PODS, { metadata: { name: 'phase-1' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  expect(created.status).toBe(201);
  const w = new WatchStream(srv.url, `${PODS}?watch=true&fieldSelector=${encodeURIComponent('metadata.name=phase-1,status.phase=Running')}&resourceVersion=${created.body.metadata.resourceVersion}`);
  await w.ready;
  await api.patch(`${PODS}/phase-1/status`, { status: { phase: 'Running' } }, 'application/merge-patch+json');
  await api.patch(`${PODS}/phase-1/status`, { status: { phase: 'Succeeded' } }, 'application/merge-patch+json');
  await w.waitForEvents(2);
  w.close();
  expect(w.summary()).toEqual(['ADDED phase-1', 'DELETED phase-1']);
});
