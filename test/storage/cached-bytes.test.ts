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
