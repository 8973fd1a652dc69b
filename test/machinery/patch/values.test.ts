// clone: a deep, independent copy of JSON, keeping a "__proto__" key as data.
import { describe, expect, it } from 'vitest';
import { clone } from '../../../src/machinery/patch/values.js';

describe('clone', () => {
  it('copies deeply and independently', () => {
    const src = { a: [1, { b: 'c' }], d: { e: null, f: true } };
    const c = clone(src);
    expect(c).toEqual(src);
    (c.a[1] as { b: string }).b = 'changed';
    expect((src.a[1] as { b: string }).b).toBe('c');
  });

  it('keeps a "__proto__" key as an own data property', () => {
    const src = JSON.parse('{"data":{"__proto__":"x","a":"b"}}');
    const c = clone(src);
    expect(Object.keys(c.data)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(c)).toBe('{"data":{"__proto__":"x","a":"b"}}');
    expect(Object.getPrototypeOf(c.data)).toBe(Object.prototype);
  });
});
