import { describe, expect, it } from 'vitest';
import {
  checkFieldSelector, escapeFieldValue, FIELD_LABELS_BY_KIND, parseFieldSelector, type FieldRequirement,
} from '../../src/machinery/fields.js';
import { isStatusError } from '../../src/machinery/status.js';

function failure(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (!isStatusError(e)) throw e;
    return { code: e.code, message: e.status.message ?? '' };
  }
  throw new Error('expected a failure');
}

describe('parseFieldSelector: accepted forms', () => {
  const cases: [string, FieldRequirement[], string][] = [
    ['', [], ''],
    ['metadata.name=p1', [{ field: 'metadata.name', op: '=', value: 'p1' }], 'metadata.name=p1'],
    ['metadata.name==p1', [{ field: 'metadata.name', op: '=', value: 'p1' }], 'metadata.name=p1'],
    ['status.phase!=Failed', [{ field: 'status.phase', op: '!=', value: 'Failed' }], 'status.phase!=Failed'],
    ['spec.nodeName=', [{ field: 'spec.nodeName', op: '=', value: '' }], 'spec.nodeName='],
    // Escapes: "\," "\=" "\\" and re-escaping on output.
    ['a=b\\,c', [{ field: 'a', op: '=', value: 'b,c' }], 'a=b\\,c'],
    ['a=b\\=c', [{ field: 'a', op: '=', value: 'b=c' }], 'a=b\\=c'],
    ['a=b\\\\c', [{ field: 'a', op: '=', value: 'b\\c' }], 'a=b\\\\c'],
    ['a=x\\,y,b=z', [{ field: 'a', op: '=', value: 'x,y' }, { field: 'b', op: '=', value: 'z' }], 'a=x\\,y,b=z'],
    // Terms are ordered by their raw text, empty terms dropped, a bare "=" selects everything.
    ['spec.nodeName=n,status.phase!=Succeeded,status.phase!=Failed', [
      { field: 'spec.nodeName', op: '=', value: 'n' },
      { field: 'status.phase', op: '!=', value: 'Failed' },
      { field: 'status.phase', op: '!=', value: 'Succeeded' },
    ], 'spec.nodeName=n,status.phase!=Failed,status.phase!=Succeeded'],
    [',,b=1,', [{ field: 'b', op: '=', value: '1' }], 'b=1'],
    ['=', [], ''],
    // No trimming: spaces are part of names and values.
    [' a = b', [{ field: ' a ', op: '=', value: ' b' }], ' a = b'],
  ];
  it.each(cases)('%j', (input, reqs, str) => {
    const sel = parseFieldSelector(input);
    expect(sel.requirements).toEqual(reqs);
    expect(sel.toString()).toBe(str);
    expect(sel.empty()).toBe(reqs.length === 0);
  });
});

describe('parseFieldSelector: errors', () => {
  const cases: [string, string][] = [
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=1,bc', "invalid selector: 'a=1,bc'; can't understand 'bc'"],
    ['a in (b)', "invalid selector: 'a in (b)'; can't understand 'a in (b)'"],
  ];
  it.each(cases)('%j', (input, message) => {
    expect(failure(() => parseFieldSelector(input))).toEqual({ code: 400, message });
  });
});

describe('FieldSelector.matches', () => {
  const fields: Record<string, string> = { 'metadata.name': 'p1', 'spec.nodeName': '', 'status.phase': 'Running' };
  const get = (f: string): string | undefined => fields[f];
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=p1', true],
    ['metadata.name=p2', false],
    ['metadata.name!=p2', true],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
    ['status.phase!=Succeeded,status.phase!=Failed', true],
    ['status.phase!=Running', false],
    // A field the getter does not know compares as "".
    ['status.podIP=', true],
    ['status.podIP!=', false],
  ];
  it.each(cases)('%j → %s', (sel, want) => {
    expect(parseFieldSelector(sel).matches(get)).toBe(want);
  });
});

describe('checkFieldSelector', () => {
  it('accepts supported fields', () => {
    expect(() => checkFieldSelector(parseFieldSelector('spec.nodeName=n,metadata.name=x'), FIELD_LABELS_BY_KIND.Pod)).not.toThrow();
    expect(() => checkFieldSelector(parseFieldSelector('metadata.namespace=default'))).not.toThrow();
  });
  it('uses the conversion-func wording for kinds with their own field labels', () => {
    expect(failure(() => checkFieldSelector(parseFieldSelector('spec.foo=1'), FIELD_LABELS_BY_KIND.Pod)))
      .toEqual({ code: 400, message: 'field label not supported: spec.foo' });
  });
  it('reports the first unsupported field in selector order', () => {
    expect(failure(() => checkFieldSelector(parseFieldSelector('z.b=1,a.b=2'), FIELD_LABELS_BY_KIND.Pod)).message)
      .toBe('field label not supported: a.b');
  });
  it('uses the default wording for kinds without conversion funcs', () => {
    expect(failure(() => checkFieldSelector(parseFieldSelector('addressType=IPv4')))).toEqual({
      code: 400, message: '"addressType" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
  });
  it('knows that nodes and namespaces do not accept metadata.namespace', () => {
    expect(failure(() => checkFieldSelector(parseFieldSelector('metadata.namespace=x'), FIELD_LABELS_BY_KIND.Node)).message)
      .toBe('field label not supported: metadata.namespace');
    expect(FIELD_LABELS_BY_KIND.Namespace.has('status.phase')).toBe(true);
  });
});

describe('escapeFieldValue', () => {
  it.each([['a,b', 'a\\,b'], ['a=b', 'a\\=b'], ['a\\b', 'a\\\\b'], ['plain', 'plain']])('%j → %j', (v, want) => {
    expect(escapeFieldValue(v)).toBe(want);
  });
});
