// Watch for every kind: ADDED, MODIFIED and DELETED lines for one object, newline-framed, with
// kind/apiVersion on every event object and increasing resourceVersions.
import { afterEach, describe, expect, it } from 'vitest';
import { WatchStream } from '../helpers/http.js';
import { FIXTURES, slug } from './fixtures.js';
import { collectionPath, createObject, objectPath, useServer } from './setup.js';

const { srv, api } = useServer();
const open: WatchStream[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

describe.each(FIXTURES)('$kind $apiVersion', (f) => {
  it('streams ADDED, MODIFIED and DELETED from a list resourceVersion', async () => {
    const name = `w-${slug(f)}`;
    const list = await api().get(collectionPath(f));
    const rv = list.body.metadata.resourceVersion;
    const w = new WatchStream(srv().url, `${collectionPath(f)}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3D${name}`);
    open.push(w);
    await w.ready;
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toMatch(/^application\/json/);
    expect(w.headers['transfer-encoding']).toBe('chunked');

    const created = await createObject(api(), f, name);
    const changed = structuredClone(created);
    changed.metadata.labels = { step: 'two' };
    expect((await api().put(objectPath(f, name), changed)).status).toBe(200);
    expect((await api().del(objectPath(f, name))).status).toBe(200);

    // Namespaces pass through MODIFIED (Terminating) before they disappear.
    const events = await w.waitForEvents(1, 10000, (e) => e.type === 'DELETED');
    expect(w.events[0].type).toBe('ADDED');
    expect(w.events[1].type).toBe('MODIFIED');
    expect(w.events[1].object.metadata.labels.step).toBe('two');
    expect(events[0].object.metadata.uid).toBe(created.metadata.uid);
    for (const e of w.events) {
      expect(e.object.kind).toBe(f.kind);
      expect(e.object.apiVersion).toBe(f.apiVersion);
      expect(e.object.metadata.name).toBe(name);
    }
    const rvs = w.events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
    expect(w.raw.endsWith('\n')).toBe(true);
    expect(w.raw.trimEnd().split('\n')).toHaveLength(w.events.length);
  });

  it('a watch without resourceVersion starts with ADDED for what exists', async () => {
    const name = `w0-${slug(f)}`;
    await createObject(api(), f, name);
    const w = new WatchStream(srv().url, `${collectionPath(f)}?watch=1&fieldSelector=metadata.name%3D${name}`);
    open.push(w);
    const [first] = await w.waitForEvents(1);
    expect(first.type).toBe('ADDED');
    expect(first.object.metadata.name).toBe(name);
  });
});
