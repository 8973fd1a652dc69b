// Structural pruning and defaulting. Cases after apiextensions-apiserver
// pkg/apiserver/schema/pruning/algorithm_test.go (TestPrune), schema/defaulting/algorithm_test.go
// (TestDefault) and schema/defaulting/prunenulls_test.go (TestPruneNonNullableNullsWithoutDefaults).
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/crd/index.js';
import { applyDefaults, pruneNonNullableNulls, pruneObject } from '../../src/crd/prune.js';

const J = (s: string): unknown => JSON.parse(s);

describe('pruning', () => {
  const cases: Array<{ name: string; json: string; schema?: Record<string, any>; root?: boolean; want: string; pruned?: string[] }> = [
    { name: 'scalar', json: '4', schema: {}, want: '4' },
    { name: 'scalar array', json: '[1,2]', schema: { items: {} }, want: '[1,2]' },
    { name: 'object array', json: '[{"a":1},{"b":1},{"a":1,"b":2,"c":3}]', schema: { items: { properties: { a: {}, c: {} } } },
      want: '[{"a":1},{},{"a":1,"c":3}]', pruned: ['[1].b', '[2].b'] },
    { name: 'object array without schema', json: '[{"a":1},{"b":1},{"a":1,"b":2,"c":3}]', want: '[{},{},{}]',
      pruned: ['[0].a', '[1].b', '[2].a', '[2].b', '[2].c'] },
    { name: 'object array object',
      json: '{"array":[{"a":1},{"b":1},{"a":1,"b":2,"c":3}],"unspecified":{"a":1},"specified":{"a":1,"b":2,"c":3}}',
      schema: { properties: { array: { items: { properties: { a: {}, c: {} } } }, specified: { properties: { a: {}, c: {} } } } },
      want: '{"array":[{"a":1},{},{"a":1,"c":3}],"specified":{"a":1,"c":3}}',
      pruned: ['array[1].b', 'array[2].b', 'specified.b', 'unspecified'] },
    { name: 'additionalProperties with schema', json: '{"a":1,"b":1,"c":{"a":1,"b":2,"c":{"a":1}}}',
      schema: { properties: { a: {}, c: { additionalProperties: { type: 'integer' } } } },
      want: '{"a":1,"c":{"a":1,"b":2,"c":{}}}', pruned: ['b', 'c.c.a'] },
    { name: 'additionalProperties false', json: '{"a":1,"b":1,"c":{"a":1,"b":2,"c":{"a":1,"apiVersion":"unknown"}}}',
      schema: { properties: { a: {}, c: { additionalProperties: false } } },
      want: '{"a":1,"c":{}}', pruned: ['b', 'c.a', 'c.b', 'c.c'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const obj = J(c.json);
      const pruned = pruneObject(obj, c.schema, c.root ?? false, false);
      expect(obj).toEqual(J(c.want));
      expect(pruned.sort()).toEqual(c.pruned ?? []);
    });
  }

  it('nested x-kubernetes-preserve-unknown-fields', () => {
    const obj = {
      unspecified: 'bar', alpha: 'abc', beta: 42.5, unspecifiedObject: { unspecified: 'bar' },
      pruning: { unspecified: 'bar', unspecifiedObject: { unspecified: 'bar' }, pruning: { unspecified: 'bar' }, apiVersion: 'unknown', preserving: { unspecified: 'bar' } },
      preserving: { unspecified: 'bar', unspecifiedObject: { unspecified: 'bar' }, pruning: { unspecified: 'bar' }, preserving: { unspecified: 'bar' } },
      preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields: { foo: { specified: { unspecified: 'bar' }, unspecified: 'bar' } },
      preservingAdditionalPropertiesKeyPruneValues: { foo: { specified: { unspecified: 'bar' }, unspecified: 'bar' } },
    };
    const preserving = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const specifiedOnly = { type: 'object', properties: { specified: { type: 'object' } } };
    const schema = {
      type: 'object', 'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        alpha: { type: 'string' }, beta: { type: 'number' },
        pruning: { type: 'object', properties: { preserving, pruning: { type: 'object' } } },
        preserving: { ...preserving, properties: { preserving, pruning: { type: 'object' } } },
        preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields: { ...preserving, additionalProperties: specifiedOnly },
        preservingAdditionalPropertiesKeyPruneValues: { type: 'object', additionalProperties: specifiedOnly },
      },
    };
    const pruned = pruneObject(obj, schema, false, false);
    expect(obj).toEqual({
      unspecified: 'bar', alpha: 'abc', beta: 42.5, unspecifiedObject: { unspecified: 'bar' },
      pruning: { pruning: {}, preserving: { unspecified: 'bar' } },
      preserving: { unspecified: 'bar', unspecifiedObject: { unspecified: 'bar' }, pruning: {}, preserving: { unspecified: 'bar' } },
      preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields: { foo: { specified: {} } },
      preservingAdditionalPropertiesKeyPruneValues: { foo: { specified: {} } },
    });
    expect(pruned.sort()).toEqual([
      'preserving.pruning.unspecified',
      'preservingAdditionalPropertiesKeyPruneValues.foo.specified.unspecified',
      'preservingAdditionalPropertiesKeyPruneValues.foo.unspecified',
      'preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields.foo.specified.unspecified',
      'preservingAdditionalPropertiesNotInheritingXPreserveUnknownFields.foo.unspecified',
      'pruning.apiVersion', 'pruning.pruning.unspecified', 'pruning.unspecified', 'pruning.unspecifiedObject',
    ]);
  });

  describe('x-kubernetes-embedded-resource', () => {
    const resource = (extra: Record<string, unknown> = {}) => ({
      apiVersion: 'foo/v1', kind: 'Foo', unspecified: 'bar', metadata: { name: 'instance', unspecified: 'bar' },
      spec: { unspecified: 'bar' }, ...extra,
    });
    const schema = {
      type: 'object',
      properties: {
        pruned: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        preserving: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        nested: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: {
          embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } } } } } },
      },
    };
    const input = () => ({
      apiVersion: 'foo/v1', kind: 'Foo', metadata: { name: 'instance', unspecified: 'bar' }, unspecified: 'bar',
      pruned: resource(), preserving: resource(),
      nested: resource({ spec: { unspecified: 'bar', embedded: resource() } }),
    });
    const kept = { apiVersion: 'foo/v1', kind: 'Foo', metadata: { name: 'instance', unspecified: 'bar' } };
    const wantBelowRoot = {
      pruned: { ...kept, spec: {} },
      preserving: resource(),
      nested: { ...kept, spec: { embedded: { ...kept, spec: {} } } },
    };
    const prunedBelowRoot = ['nested.spec.embedded.spec.unspecified', 'nested.spec.embedded.unspecified', 'nested.spec.unspecified',
      'nested.unspecified', 'pruned.spec.unspecified', 'pruned.unspecified'];

    it('below a plain root, TypeMeta and ObjectMeta of embedded resources are kept (the root\'s own go unreported)', () => {
      const obj = input();
      const pruned = pruneObject(obj, schema, false, false);
      expect(obj).toEqual(wantBelowRoot);
      expect(pruned.sort()).toEqual([...prunedBelowRoot, 'unspecified'].sort());
    });

    it('at the resource root, its own apiVersion, kind and metadata are kept too', () => {
      const obj = input();
      const pruned = pruneObject(obj, schema, true, false);
      expect(obj).toEqual({ ...kept, ...wantBelowRoot });
      expect(pruned.sort()).toEqual([...prunedBelowRoot, 'unspecified'].sort());
    });

    it('compiled schemas also drop what ObjectMeta lacks from embedded metadata (ObjectMeta coercion)', () => {
      const obj = input();
      const pruned = compileSchema(schema).prune(obj);
      expect((obj.nested as any).metadata).toEqual({ name: 'instance' });
      expect((obj as any).metadata).toEqual({ name: 'instance', unspecified: 'bar' });
      expect(pruned).toContain('nested.metadata.unspecified');
      expect(pruned).toContain('nested.spec.embedded.metadata.unspecified');
    });
  });
});

describe('defaulting', () => {
  const cases: Array<{ name: string; json: string; schema?: Record<string, any>; want: string }> = [
    { name: 'empty', json: 'null', want: 'null' },
    { name: 'scalar', json: '4', schema: { default: 'foo' }, want: '4' },
    { name: 'scalar array', json: '[1,2]', schema: { items: { default: 'foo' } }, want: '[1,2]' },
    { name: 'object array', json: '[{"a":1},{"b":1},{"c":1}]',
      schema: { items: { properties: { a: { default: 'A' }, b: { default: 'B' }, c: { default: 'C' } } } },
      want: '[{"a":1,"b":"B","c":"C"},{"a":"A","b":1,"c":"C"},{"a":"A","b":"B","c":1}]' },
    { name: 'object array object',
      json: '{"array":[{"a":1},{"b":2}],"object":{"a":1},"additionalProperties":{"x":{"a":1},"y":{"b":2}}}',
      schema: { properties: {
        array: { items: { properties: { a: { default: 'A' }, b: { default: 'B' } } } },
        object: { properties: { a: { default: 'N' }, b: { default: 'O' } } },
        additionalProperties: { additionalProperties: { properties: { a: { default: 'alpha' }, b: { default: 'beta' } } } },
        foo: { default: 'bar' },
      } },
      want: '{"array":[{"a":1,"b":"B"},{"a":"A","b":2}],"object":{"a":1,"b":"O"},"additionalProperties":{"x":{"a":1,"b":"beta"},"y":{"a":"alpha","b":2}},"foo":"bar"}' },
    { name: 'empty and null', json: '[{},{"a":1},{"a":0},{"a":0.5},{"a":""},{"a":null},{"a":[]},{"a":{}}]',
      schema: { items: { properties: { a: { default: 'A' } } } },
      want: '[{"a":"A"},{"a":1},{"a":0},{"a":0.5},{"a":""},{"a":"A"},{"a":[]},{"a":{}}]' },
    { name: 'null in nullable list', json: '[null]', schema: { nullable: true, items: { properties: { a: { default: 'A' } } } }, want: '[null]' },
    { name: 'null in non-nullable list', json: '[null]', schema: { items: { default: 'A' } }, want: '["A"]' },
    { name: 'null in nullable object', json: '{"a":null}', schema: { properties: { a: { nullable: true, default: 'A' } } }, want: '{"a":null}' },
    { name: 'null in non-nullable object', json: '{"a":null}', schema: { properties: { a: { default: 'A' } } }, want: '{"a":"A"}' },
    { name: 'null in nullable additionalProperties', json: '{"a":null}', schema: { additionalProperties: { nullable: true, default: 'A' } }, want: '{"a":null}' },
    { name: 'null in non-nullable additionalProperties', json: '{"a":null}', schema: { additionalProperties: { default: 'A' } }, want: '{"a":"A"}' },
    { name: 'null unknown field', json: '{"a":null}', schema: { additionalProperties: true }, want: '{"a":null}' },
    { name: 'defaults inside a defaulted object', json: '{}', schema: { properties: { o: { default: {}, properties: { x: { default: 1 } } } } },
      want: '{"o":{"x":1}}' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const obj = J(c.json);
      applyDefaults(obj, c.schema);
      expect(obj).toEqual(J(c.want));
    });
  }

  it('copies defaults rather than sharing them', () => {
    const schema = { properties: { a: { default: { x: [1] } } } };
    const one: any = {};
    const two: any = {};
    applyDefaults(one, schema);
    applyDefaults(two, schema);
    one.a.x.push(2);
    expect(two.a.x).toEqual([1]);
    expect(schema.properties.a.default.x).toEqual([1]);
  });
});

describe('pruning nulls that cannot be defaulted', () => {
  it('drops non-nullable nulls without default, keeps the rest', () => {
    const obj = J('[{"a":null},{"b":null},{"c":null},{"d":null},{"e":null}]');
    pruneNonNullableNulls(obj, { items: { properties: {
      a: { default: 'A' }, b: { nullable: true }, c: { default: 'C', nullable: true }, d: {},
    } } });
    expect(obj).toEqual(J('[{"a":null},{"b":null},{"c":null},{},{"e":null}]'));
  });

  it('keeps scalar nulls in lists', () => {
    const obj = J('[1,null]');
    pruneNonNullableNulls(obj, undefined);
    expect(obj).toEqual([1, null]);
  });

  it('compiled applyDefaults defaults first, then drops what is left', () => {
    const c = compileSchema({ type: 'object', properties: { a: { type: 'string', default: 'A' }, d: { type: 'string' } } });
    const obj = { a: null, d: null };
    c.applyDefaults(obj);
    expect(obj).toEqual({ a: 'A' });
  });
});
