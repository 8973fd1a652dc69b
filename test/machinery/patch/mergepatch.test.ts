import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../src/machinery/status.js';
import { applyMergePatch, mergePatchValue } from '../../../src/machinery/patch/index.js';

describe('RFC 7386 appendix A', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j + %j = %j', (target, patch, want) => {
    expect(mergePatchValue(target, patch)).toEqual(want);
  });
});

describe('applyMergePatch', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1', b: '2' } }, data: { x: '1' } };
  const cases: Array<{ name: string; patch: Record<string, unknown>; want: unknown }> = [
    { name: 'kubectl label', patch: { metadata: { labels: { c: '3' } } },
      want: { ...cm, metadata: { name: 'c', labels: { a: '1', b: '2', c: '3' } } } },
    { name: 'kubectl label b-', patch: { metadata: { labels: { b: null } } },
      want: { ...cm, metadata: { name: 'c', labels: { a: '1' } } } },
    { name: 'kubectl annotate onto no annotations', patch: { metadata: { annotations: { note: 'hi' } } },
      want: { ...cm, metadata: { ...cm.metadata, annotations: { note: 'hi' } } } },
    { name: 'lists are replaced whole', patch: { metadata: { finalizers: ['x'] } },
      want: { ...cm, metadata: { ...cm.metadata, finalizers: ['x'] } } },
    { name: 'nulls inside new values vanish, also in objects inside lists', patch: { spec: { a: null, b: { c: null, d: 1 }, l: [{ e: null, f: 2 }, null] } },
      want: { ...cm, spec: { b: { d: 1 }, l: [{ f: 2 }, null] } } },
    { name: 'deleting an absent key is fine', patch: { nope: null }, want: cm },
  ];
  it.each(cases)('$name', ({ patch, want }) => {
    const before = structuredClone(cm);
    expect(applyMergePatch(cm, patch)).toEqual(want);
    expect(cm).toEqual(before);
  });

  it.each([
    [null, 'Invalid JSON Patch'],
    [[{ a: 1 }], 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['x', 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}'],
  ])('400 for a patch that is not an object: %j', (patch, message) => {
    try {
      applyMergePatch(cm, patch);
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.status).toMatchObject({ code: 400, reason: 'BadRequest', message });
    }
  });
});
