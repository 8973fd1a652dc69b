// Encoded bytes are cached on stored versions for GET and LIST, within a budget: past it, every
// cached encoding is let go, and reads encode again (the same bytes).
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.js';
import { CACHED_BYTES_BUDGET, cachedBytesTotal, dropCachedBytes, objectBytes } from '../../src/storage/table.js';
import type { KObject } from '../../src/machinery/types.js';

const big = (name: string, size: number): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'd' }, data: { x: 'y'.repeat(size) } });

describe('cached encodings', () => {
  it('are kept and shared by later reads while within the budget', () => {
    dropCachedBytes();
    const st = new Store({});
    const s = st.create('configmaps', big('a', 1000));
    const b = objectBytes(s);
    expect(objectBytes(s)).toBe(b);
    expect(JSON.parse(b.toString())).toEqual(s.obj);
    expect(cachedBytesTotal()).toBe(b.length);
  });

  it('are all let go once the budget is passed; reads still answer the same bytes', () => {
    dropCachedBytes();
    const st = new Store({});
    const mib = 1024 * 1024;
    const n = Math.ceil(CACHED_BYTES_BUDGET / mib) + 2;
    const stored = Array.from({ length: n }, (_, i) => st.create('configmaps', big(`c-${i}`, mib)));
    const first = objectBytes(stored[0]);
    for (const s of stored.slice(1)) objectBytes(s);
    expect(cachedBytesTotal()).toBeLessThanOrEqual(CACHED_BYTES_BUDGET);
    expect(stored[0].bytes).toBeUndefined(); // let go
    expect(stored[n - 1].bytes).toBeDefined(); // the latest kept
    const again = objectBytes(stored[0]);
    expect(again).not.toBe(first);
    expect(again.equals(first)).toBe(true);
  });
});

describe('a write answered over HTTP', () => {
  it('is encoded for the answer alone unless a reader encoded it already; a GET keeps its encoding', async () => {
    const { buildApp } = await import('../../src/app.js');
    const sim = await buildApp({ simulate: false, seed: 3 });
    try {
      const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });
      const stored = (name: string) => sim.store.get('configmaps', 'default', name)!;
      const post = await sim.app.inject({ method: 'POST', url: '/api/v1/namespaces/default/configmaps', payload: cm('a') });
      expect(post.statusCode).toBe(201);
      expect(stored('a').bytes).toBeUndefined();
      expect(post.json()).toEqual(JSON.parse(JSON.stringify(stored('a').obj)));
      const get = await sim.app.inject({ method: 'GET', url: '/api/v1/namespaces/default/configmaps/a' });
      expect(get.body).toBe(post.body);
      expect(stored('a').bytes?.toString()).toBe(get.body);
      // A version encoded before the answer (as a watch does) is answered from those bytes.
      const off = sim.store.subscribe('configmaps', (ev) => objectBytes(ev.object));
      const put = await sim.app.inject({ method: 'PUT', url: '/api/v1/namespaces/default/configmaps/a',
        payload: { ...cm('a'), metadata: { name: 'a', resourceVersion: stored('a').obj.metadata.resourceVersion }, data: { k: 'w' } } });
      off();
      expect(put.statusCode).toBe(200);
      expect(stored('a').bytes?.toString()).toBe(put.body);
    } finally {
      await sim.app.close();
    }
  });
});
