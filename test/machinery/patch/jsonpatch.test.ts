import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../../src/machinery/status.js';
import {
  applyJsonPatch, decodePointerToken, encodePointerToken, MAX_JSON_PATCH_OPERATIONS,
} from '../../../src/machinery/patch/index.js';

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web', 'app.kubernetes.io/name': 'x', 'a~b': '1' } },
  spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'busybox' }] },
};

describe('applyJsonPatch', () => {
  const cases: Array<{ name: string; doc: unknown; patch: unknown[]; want: unknown }> = [
    // Bodies as kubectl patch --type json and client-node send them.
    { name: 'replace a container image by index', doc: pod,
      patch: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }],
      want: { ...pod, spec: { containers: [{ name: 'a', image: 'nginx:2' }, pod.spec.containers[1]] } } },
    { name: 'add a label whose key holds a slash (~1)', doc: { metadata: { labels: {} } },
      patch: [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1part-of', value: 'shop' }],
      want: { metadata: { labels: { 'app.kubernetes.io/part-of': 'shop' } } } },
    { name: 'remove a label whose key holds a tilde (~0)', doc: { metadata: { labels: { 'a~b': '1', c: '2' } } },
      patch: [{ op: 'remove', path: '/metadata/labels/a~0b' }], want: { metadata: { labels: { c: '2' } } } },
    { name: '~01 decodes to ~1, not /', doc: { m: {} }, patch: [{ op: 'add', path: '/m/~01', value: 1 }], want: { m: { '~1': 1 } } },
    { name: 'append with -', doc: { a: [1, 2] }, patch: [{ op: 'add', path: '/a/-', value: 3 }], want: { a: [1, 2, 3] } },
    { name: 'insert in the middle', doc: { a: [1, 3] }, patch: [{ op: 'add', path: '/a/1', value: 2 }], want: { a: [1, 2, 3] } },
    { name: 'insert at the end index', doc: { a: [1] }, patch: [{ op: 'add', path: '/a/1', value: 2 }], want: { a: [1, 2] } },
    { name: 'negative index counts from the end (library quirk)', doc: { a: [1, 2, 3] },
      patch: [{ op: 'remove', path: '/a/-1' }], want: { a: [1, 2] } },
    { name: 'add replaces an existing member', doc: { a: 1 }, patch: [{ op: 'add', path: '/a', value: 2 }], want: { a: 2 } },
    { name: 'add without value stores null', doc: {}, patch: [{ op: 'add', path: '/a' }], want: { a: null } },
    { name: 'replace of a missing object key sets it (v4 library quirk)', doc: { spec: {} },
      patch: [{ op: 'replace', path: '/spec/replicas', value: 3 }], want: { spec: { replicas: 3 } } },
    { name: 'move', doc: { a: { x: 1 }, b: {} }, patch: [{ op: 'move', from: '/a/x', path: '/b/y' }], want: { a: {}, b: { y: 1 } } },
    { name: 'move within an array', doc: { a: [1, 2, 3] }, patch: [{ op: 'move', from: '/a/0', path: '/a/-' }], want: { a: [2, 3, 1] } },
    { name: 'copy is deep', doc: { a: { x: [1] } }, patch: [{ op: 'copy', from: '/a', path: '/b' }, { op: 'add', path: '/b/x/-', value: 2 }],
      want: { a: { x: [1] }, b: { x: [1, 2] } } },
    { name: 'copy from a missing key copies null (library quirk)', doc: { a: {} }, patch: [{ op: 'copy', from: '/a/nope', path: '/b' }],
      want: { a: {}, b: null } },
    { name: 'test then replace (optimistic update)', doc: { metadata: { resourceVersion: '7' }, data: { a: '1' } },
      patch: [{ op: 'test', path: '/metadata/resourceVersion', value: '7' }, { op: 'replace', path: '/data/a', value: '2' }],
      want: { metadata: { resourceVersion: '7' }, data: { a: '2' } } },
    { name: 'test compares structurally', doc: { a: { x: 1, y: [1, { z: 2 }] } },
      patch: [{ op: 'test', path: '/a', value: { y: [1, { z: 2 }], x: 1 } }], want: { a: { x: 1, y: [1, { z: 2 }] } } },
    { name: 'test for null passes on a missing key', doc: { a: {} }, patch: [{ op: 'test', path: '/a/b', value: null }], want: { a: {} } },
    { name: 'the empty key "/"', doc: { '': 1 }, patch: [{ op: 'replace', path: '/', value: 2 }], want: { '': 2 } },
    { name: 'empty patch', doc: { a: 1 }, patch: [], want: { a: 1 } },
  ];
  it.each(cases)('$name', ({ doc, patch, want }) => {
    const before = structuredClone(doc);
    expect(applyJsonPatch(doc, patch)).toEqual(want);
    expect(doc).toEqual(before); // input untouched
  });

  it('a null document patch is no patch', () => {
    expect(applyJsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });

  it('returns a fresh object', () => {
    const doc = { a: { b: 1 } };
    const out = applyJsonPatch(doc, []);
    expect(out).not.toBe(doc);
    expect(out.a).not.toBe(doc.a);
  });
});

describe('applyJsonPatch errors', () => {
  const unappliable: Array<{ name: string; doc: unknown; patch: unknown[]; cause: RegExp }> = [
    { name: 'remove of a missing key', doc: { a: {} }, patch: [{ op: 'remove', path: '/a/b' }], cause: /nonexistent key: b/ },
    { name: 'add below a missing parent', doc: {}, patch: [{ op: 'add', path: '/spec/replicas', value: 1 }], cause: /doc is missing path: "\/spec\/replicas"/ },
    { name: 'index past the end', doc: { a: [1] }, patch: [{ op: 'add', path: '/a/5', value: 1 }], cause: /invalid index: 5/ },
    { name: 'non-numeric index', doc: { a: [1] }, patch: [{ op: 'replace', path: '/a/x', value: 1 }], cause: /missing key/ },
    { name: 'failed test', doc: { a: 1 }, patch: [{ op: 'test', path: '/a', value: 2 }], cause: /testing value \/a failed/ },
    { name: 'test of a missing key', doc: { a: {} }, patch: [{ op: 'test', path: '/a/b', value: 1 }], cause: /failed/ },
    { name: 'move from a missing key', doc: {}, patch: [{ op: 'move', from: '/x', path: '/y' }], cause: /nonexistent key: x/ },
    { name: 'move into its own child', doc: { a: { b: {} } }, patch: [{ op: 'move', from: '/a', path: '/a/b/c' }], cause: /missing destination path/ },
    { name: 'unknown op', doc: {}, patch: [{ op: 'frobnicate', path: '/a' }], cause: /Unexpected kind: frobnicate/ },
    { name: 'op without path', doc: {}, patch: [{ op: 'add', value: 1 }], cause: /failed to decode path/ },
    { name: 'path without leading slash', doc: {}, patch: [{ op: 'add', path: 'a', value: 1 }], cause: /missing path/ },
    { name: 'the whole document', doc: {}, patch: [{ op: 'replace', path: '', value: 1 }], cause: /missing path/ },
  ];
  it.each(unappliable)('422 when it cannot apply: $name', ({ doc, patch, cause }) => {
    const e = statusOf(() => applyJsonPatch(doc, patch));
    expect(e.status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request', details: {},
    });
    expect(String(e.cause)).toMatch(cause);
  });

  it('is atomic: a later failure leaves the input as it was', () => {
    const doc = { a: 1 };
    statusOf(() => applyJsonPatch(doc, [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/nope' }]));
    expect(doc).toEqual({ a: 1 });
  });

  const malformed: Array<{ name: string; patch: unknown; opts?: { fieldValidation: 'Ignore' }; message: string }> = [
    { name: 'an object instead of a list', patch: { op: 'add' },
      message: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp' },
    { name: 'a list of numbers', patch: [1],
      message: 'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp' },
    { name: 'a non-string op', patch: [{ op: 1, path: '/a' }],
      message: 'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string' },
    { name: 'an object, fieldValidation=Ignore', patch: { op: 'add' }, opts: { fieldValidation: 'Ignore' },
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' },
  ];
  it.each(malformed)('400 for a malformed document: $name', ({ patch, opts, message }) => {
    const e = statusOf(() => applyJsonPatch({}, patch, opts));
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe(message);
  });

  it('413 for more than 10000 operations', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
    const e = statusOf(() => applyJsonPatch({ a: 1 }, ops));
    expect(e.code).toBe(413);
    expect(e.reason).toBe('RequestEntityTooLarge');
    expect(e.message).toBe('Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
    expect(applyJsonPatch({ a: 1 }, ops.slice(1))).toEqual({ a: 1 });
  });
});

describe('JSON pointer tokens', () => {
  it.each([
    ['a/b', 'a~1b'], ['m~n', 'm~0n'], ['~/', '~0~1'], ['plain', 'plain'],
  ])('%s <-> %s', (raw, encoded) => {
    expect(encodePointerToken(raw)).toBe(encoded);
    expect(decodePointerToken(encoded)).toBe(raw);
  });
});
