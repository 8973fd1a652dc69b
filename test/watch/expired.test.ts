// A resourceVersion older than the retained history gets the apiserver's answer: HTTP 200 with one
// ERROR event carrying a 410 Expired Status, then the end of the stream.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client, WatchStream } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  srv = await startServer({ watchHistory: 5 });
  api = client(srv.url);
});
afterAll(() => srv.close());

const CM = '/api/v1/namespaces/default/configmaps';

it('a watch from before the retained history ends with ERROR 410 Expired', async () => {
  const old = Number((await api.get(CM)).body.metadata.resourceVersion);
  for (let i = 0; i < 12; i++) expect((await api.post(CM, { metadata: { name: `exp-${i}` } })).status).toBe(201);
  const w = new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${old}`);
  await w.done;
  expect(w.status).toBe(200);
  expect(w.events).toHaveLength(1);
  const [e] = w.events;
  expect(e.type).toBe('ERROR');
  expect(e.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
  expect(e.object.message).toMatch(new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
  const oldest = Number(/\((\d+)\)/.exec(e.object.message)![1]);
  expect(oldest).toBeGreaterThan(old);
});

it('a watch from the newest list resourceVersion works after the history rolled over', async () => {
  const list = await api.get(CM);
  const w = new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
  await w.ready;
  await api.post(CM, { metadata: { name: 'exp-after' } });
  const [e] = await w.waitForEvents(1);
  w.close();
  expect(e.type).toBe('ADDED');
  expect(e.object.metadata.name).toBe('exp-after');
});

it('a watch within the retained history resumes normally', async () => {
  const list = await api.get(CM);
  const rv = list.body.metadata.resourceVersion;
  for (let i = 0; i < 3; i++) await api.post(CM, { metadata: { name: `exp-recent-${i}` } });
  const w = new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${rv}`);
  const events = await w.waitForEvents(3);
  w.close();
  expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED exp-recent-0', 'ADDED exp-recent-1', 'ADDED exp-recent-2']);
});

it('a resourceVersion newer than the server has is a 504 Timeout (ResourceVersionTooLarge)', async () => {
  const res = await api.get(`${CM}?watch=true&resourceVersion=99999999`);
  expect(res.status).toBe(504);
  expect(res.body).toMatchObject({ kind: 'Status', reason: 'Timeout', code: 504 });
  expect(res.body.message).toMatch(/Too large resource version: 99999999, current: \d+/);
  expect(res.body.details.causes).toContainEqual(expect.objectContaining({ reason: 'ResourceVersionTooLarge' }));
});
