// The store's versions carry whether they are frozen plain JSON (StoredObject.plain, from
// freezeVersion) instead of an entry in util/copy's weak plain set; writes trust the flag to
// share a version's parts with the next one.
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/storage/store.js';
import { freezeVersion, isPlainFrozen } from '../../src/util/copy.js';
import { isPlainStored as storedPlain } from '../../src/storage/table.js';
import type { KObject } from '../../src/machinery/types.js';

const pod = (name: string, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'd' }, ...extra });

describe('StoredObject.plain', () => {
  it('is true for plain JSON, false when a part is not (undefined, a function, a class instance)', () => {
    const st = new Store({});
    expect(storedPlain(st.create('pods', pod('a', { spec: { c: [1, 'x', null, { d: true }] } })))).toBe(true);
    expect(storedPlain(st.create('pods', pod('b', { spec: { c: undefined } })))).toBe(false);
    expect(storedPlain(st.create('pods', pod('c', { spec: new Map() })))).toBe(false);
    expect(Object.isFrozen(st.get('pods', 'd', 'a')!.obj.spec)).toBe(true);
  });

  it('carries over an update that shares the previous version\'s parts, and the tombstone', () => {
    const st = new Store({});
    const a = st.create('pods', pod('a', { spec: { c: [{ n: 1 }] }, status: { s: 1 } }));
    const next = { ...a.obj, metadata: { ...a.obj.metadata }, status: { s: 2 } } as KObject;
    const b = st.update('pods', next, a.rv);
    expect(b.obj.spec).toBe(a.obj.spec);
    expect(storedPlain(b)).toBe(true);
    const bad = st.update('pods', { ...b.obj, metadata: { ...b.obj.metadata }, status: { s: undefined } } as KObject, b.rv);
    expect(storedPlain(bad)).toBe(false);
    expect(storedPlain(st.delete('pods', 'd', 'a'))).toBe(false);
    const c = st.create('pods', pod('c'));
    expect(storedPlain(st.delete('pods', 'd', 'c'))).toBe(true);
    expect(storedPlain(c)).toBe(true);
  });

  it('is not remembered in the weak plain set, and is not trusted once Object.prototype has a toJSON', () => {
    const v = { a: { b: [1] } };
    expect(freezeVersion(v, undefined)).toBe(true);
    expect(isPlainFrozen(v)).toBe(false);
    const st = new Store({});
    const s = st.create('pods', pod('a'));
    (Object.prototype as Record<string, unknown>).toJSON = () => 'x';
    try {
      expect(storedPlain(s)).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).toJSON;
    }
    expect(storedPlain(s)).toBe(true);
  });
});
