// x-kubernetes-validations rules on custom resources. Cases after apiextensions-apiserver
// pkg/apiserver/validation/validation_test.go (transition rules, correlatable lists) and
// pkg/apiserver/schema/cel/validation_test.go (messages, messageExpression, reason, fieldPath,
// the schema type as the error value), evaluated with cel-js.
import { describe, expect, it } from 'vitest';
import { compileSchema, crdWarnings } from '../../src/crd/index.js';
import { crdWith, printed } from './helpers.js';

const rules = (type: string, extra: Record<string, any>, ...r: Array<Record<string, any>>) =>
  ({ type, 'x-kubernetes-validations': r, ...extra });

describe('rules', () => {
  it('failing rules report the schema type, with the rule or its message', () => {
    const c = compileSchema({ type: 'object', properties: {
      spec: rules('object', { properties: { replicas: { type: 'integer' }, max: { type: 'integer' } } },
        { rule: 'self.replicas <= self.max', message: 'replicas must not exceed max' },
        { rule: 'self.replicas >= 0' }),
    } });
    expect(c.validate({ spec: { replicas: 2, max: 3 } })).toEqual([]);
    expect(printed(c.validate({ spec: { replicas: -5, max: -6 } }))).toEqual([
      'spec: Invalid value: "object": replicas must not exceed max',
      'spec: Invalid value: "object": failed rule: self.replicas >= 0',
    ]);
  });

  it('supports has(), size(), matches(), all() and exists()', () => {
    const c = compileSchema({ type: 'object', properties: {
      spec: rules('object', { properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, opt: { type: 'string' } } },
        { rule: 'size(self.name) <= 5' },
        { rule: "self.name.matches('^[a-z]+$')" },
        { rule: "self.tags.all(t, t.startsWith('x-'))" },
        { rule: "self.tags.exists(t, t == 'x-main')" },
        { rule: '!has(self.opt) || self.opt != ""' }),
    } });
    expect(c.validate({ spec: { name: 'abc', tags: ['x-main', 'x-b'] } })).toEqual([]);
    expect(printed(c.validate({ spec: { name: 'ABCDEFG', tags: ['y'], opt: '' } }))).toEqual([
      'spec: Invalid value: "object": failed rule: size(self.name) <= 5',
      "spec: Invalid value: \"object\": failed rule: self.name.matches('^[a-z]+$')",
      "spec: Invalid value: \"object\": failed rule: self.tags.all(t, t.startsWith('x-'))",
      "spec: Invalid value: \"object\": failed rule: self.tags.exists(t, t == 'x-main')",
      'spec: Invalid value: "object": failed rule: !has(self.opt) || self.opt != ""',
    ]);
  });

  it('integers are CEL ints, numbers doubles', () => {
    const c = compileSchema({ type: 'object', properties: {
      i: rules('integer', {}, { rule: 'self + 1 > 3' }),
      n: rules('number', {}, { rule: 'self > 1.5' }),
      m: rules('object', { additionalProperties: { type: 'integer' } }, { rule: 'self.all(k, self[k] % 2 == 0)' }),
    } });
    expect(c.validate({ i: 3, n: 2, m: { a: 2 } })).toEqual([]);
    expect(printed(c.validate({ i: 1, n: 1, m: { a: 3 } }))).toEqual([
      'i: Invalid value: "integer": failed rule: self + 1 > 3',
      'n: Invalid value: "number": failed rule: self > 1.5',
      'm: Invalid value: "object": failed rule: self.all(k, self[k] % 2 == 0)',
    ]);
  });

  it('date-time, duration and byte strings are timestamps, durations and bytes', () => {
    const c = compileSchema({ type: 'object', properties: {
      t: rules('string', { format: 'date-time' }, { rule: "self < timestamp('2030-01-01T00:00:00Z')" }),
      d: rules('string', { format: 'duration' }, { rule: "self <= duration('1h')" }),
      b: rules('string', { format: 'byte' }, { rule: 'size(self) == 3' }),
    } });
    expect(c.validate({ t: '2026-01-01T00:00:00Z', d: '30m', b: 'YWJj' })).toEqual([]);
    expect(printed(c.validate({ t: '2031-01-01T00:00:00Z', d: '2h', b: 'YQ==' }))).toEqual([
      "t: Invalid value: \"string\": failed rule: self < timestamp('2030-01-01T00:00:00Z')",
      "d: Invalid value: \"string\": failed rule: self <= duration('1h')",
      'b: Invalid value: "string": failed rule: size(self) == 3',
    ]);
  });

  it('messageExpression, reason and fieldPath', () => {
    const c = compileSchema({ type: 'object', properties: {
      spec: rules('object', { properties: { a: { type: 'string' }, b: { type: 'string' } } },
        { rule: 'self.a == self.b', messageExpression: "'a (' + self.a + ') must equal b'", fieldPath: '.b' },
        { rule: 'has(self.a)', reason: 'FieldValueRequired', message: 'a is required', fieldPath: '.a' },
        { rule: "self.a != 'x'", reason: 'FieldValueForbidden', message: 'x is not allowed' },
        { rule: "self.a != 'y'", reason: 'FieldValueDuplicate' }),
    } });
    expect(printed(c.validate({ spec: { a: 'x', b: 'z' } }))).toEqual([
      'spec.b: Invalid value: "object": a (x) must equal b',
      'spec: Forbidden: x is not allowed',
    ]);
    expect(printed(c.validate({ spec: { a: 'y', b: 'y' } }))).toEqual(['spec: Duplicate value: "object"']);
    expect(printed(c.validate({ spec: { b: 'z' } }))).toEqual([
      'spec: Invalid value: "object": no such key: a evaluating rule: self.a == self.b',
      'spec.a: Required value: a is required',
      'spec: Invalid value: "object": no such key: a evaluating rule: self.a != \'x\'',
      'spec: Invalid value: "object": no such key: a evaluating rule: self.a != \'y\'',
    ]);
  });

  it('rules at the root are reported at <nil>, and see only name and generateName of metadata', () => {
    const c = compileSchema(rules('object', { properties: { spec: { type: 'object' } } },
      { rule: "self.metadata.name.startsWith('w')" },
      { rule: '!has(self.metadata.labels)' }));
    expect(c.validate({ metadata: { name: 'w1', labels: { a: 'b' } }, spec: {} })).toEqual([]);
    expect(printed(c.validate({ metadata: { name: 'x1' }, spec: {} }))).toEqual([
      "<nil>: Invalid value: \"object\": failed rule: self.metadata.name.startsWith('w')",
    ]);
  });

  it('rules inside lists and maps carry their index or key', () => {
    const c = compileSchema({ type: 'object', properties: {
      list: { type: 'array', items: { type: 'object', properties: { x: rules('string', {}, { rule: "self == 'x'" }) } } },
      map: { type: 'object', additionalProperties: rules('string', {}, { rule: 'self.size() < 3' }) },
    } });
    expect(printed(c.validate({ list: [{ x: 'x' }, { x: 'y' }], map: { k1: 'ok', k2: 'long' } }))).toEqual([
      "list[1].x: Invalid value: \"string\": failed rule: self == 'x'",
      'map[k2]: Invalid value: "string": failed rule: self.size() < 3',
    ]);
  });

  it('a type error blocks rule evaluation', () => {
    const c = compileSchema({ type: 'object', properties: { spec: rules('object', { properties: { n: { type: 'integer' } } }, { rule: 'self.n > 0' }) } });
    expect(printed(c.validate({ spec: { n: 'one' } }))).toEqual([
      'spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"',
    ]);
  });
});

describe('transition rules', () => {
  it('compare with the old value on update only', () => {
    const c = compileSchema({ type: 'object', properties: { field: rules('string', {}, { rule: 'self == oldSelf', message: 'field is immutable' }) } });
    expect(c.validate({ field: 'y' })).toEqual([]);
    expect(c.validate({ field: 'x' }, { field: 'x' })).toEqual([]);
    expect(printed(c.validate({ field: 'y' }, { field: 'x' }))).toEqual(['field: Invalid value: "string": field is immutable']);
    expect(c.validate({ field: 'y' }, {})).toEqual([]);
  });

  it('correlate map-list items by key', () => {
    const c = compileSchema({ type: 'object', properties: { field: {
      type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k1', 'k2'],
      items: { type: 'object', properties: { k1: { type: 'string' }, k2: { type: 'string' }, v1: rules('number', {}, { rule: 'self >= oldSelf' }) } },
    } } });
    const old = { field: [{ k1: 'a', k2: 'b', v1: 1.0 }] };
    expect(c.validate({ field: [{ k1: 'a', k2: 'b', v1: 1.2 }] }, old)).toEqual([]);
    expect(printed(c.validate({ field: [{ k1: 'a', k2: 'b', v1: 0.9 }] }, old))).toEqual(['field[0].v1: Invalid value: "number": failed rule: self >= oldSelf']);
    expect(c.validate({ field: [{ k1: 'a', k2: 'c', v1: 0.9 }] }, old)).toEqual([]);
  });

  it('rules without oldSelf still apply under uncorrelatable lists', () => {
    const c = compileSchema({ type: 'object', properties: { field: { type: 'array', items: { type: 'object', properties: {
      x: rules('string', {}, { rule: "self == 'x'" }) } } } } });
    expect(printed(c.validate({ field: [{ x: 'y' }] }, { field: [{ x: 'x' }] }))).toEqual([
      "field[0].x: Invalid value: \"string\": failed rule: self == 'x'",
    ]);
  });
});

describe('rules kubesim cannot evaluate', () => {
  it('are not enforced, and the CRD is warned about', () => {
    const schema = { type: 'object', properties: { spec: rules('object', { properties: { q: { type: 'string' }, l: { type: 'array', items: { type: 'integer' } } } },
      { rule: 'self.?q.orValue("") != "bad"' },
      { rule: 'quantity(self.q).isGreaterThan(quantity("1Gi"))' },
      { rule: 'self.l.isSorted()' }) } };
    const c = compileSchema(schema);
    expect(c.validate({ spec: { q: 'bad', l: [3, 1] } })).toEqual([]);
    expect(c.unsupportedRules.map((u) => u.path)).toEqual(['openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule']);
    expect(crdWarnings(crdWith(schema))).toEqual([expect.stringMatching(
      /^spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: kubesim cannot evaluate this x-kubernetes-validations rule \(.*\); it is not enforced$/)]);
  });

  it('unknown string formats are warned about as upstream does', () => {
    expect(crdWarnings(crdWith({ type: 'object', properties: { a: { type: 'string', format: 'colour' } } }))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[a].format: unrecognized format "colour"',
    ]);
  });
});
