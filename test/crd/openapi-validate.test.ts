// Custom resource validation wording. Cases after apiextensions-apiserver
// pkg/apiserver/validation/validation_test.go (TestValidateCustomResource) and the messages of
// k8s.io/kube-openapi pkg/validation/errors/schema.go, as kubeOpenAPIResultToFieldErrors turns them
// into field errors.
import { describe, expect, it } from 'vitest';
import { compileSchema, validateScaleReplicas } from '../../src/crd/index.js';
import { printed, sortedPrinted } from './helpers.js';

const withField = (field: Record<string, any>) => ({ type: 'object', properties: { field } });

describe('type errors name the JSON type found', () => {
  const cases: Array<[string, Record<string, any>, unknown[], Array<[unknown, string]>]> = [
    ['object, not nullable', { type: 'object' }, [undefined, {}], [
      ['foo', 'field: Invalid value: "string": field in body must be of type object: "string"'],
      [42, 'field: Invalid value: "integer": field in body must be of type object: "integer"'],
      [true, 'field: Invalid value: "boolean": field in body must be of type object: "boolean"'],
      [1.2, 'field: Invalid value: "number": field in body must be of type object: "number"'],
      [[], 'field: Invalid value: "array": field in body must be of type object: "array"'],
      [null, 'field: Invalid value: "null": field in body must be of type object: "null"'],
    ]],
    ['object, nullable', { type: 'object', nullable: true }, [undefined, {}, null], [
      ['foo', 'field: Invalid value: "string": field in body must be of type object: "string"'],
    ]],
    ['nullable without type', { nullable: true }, [undefined, {}, null, 'foo', 42, true, 1.2, []], []],
    ['x-kubernetes-int-or-string', { 'x-kubernetes-int-or-string': true }, [undefined, 42, 'foo'], [
      [null, 'field: Invalid value: "null": field in body must be of type integer,string: "null"'],
      [true, 'field: Invalid value: "boolean": field in body must be of type integer,string: "boolean"'],
      [1.2, 'field: Invalid value: "number": field in body must be of type integer,string: "number"'],
      [{}, 'field: Invalid value: "object": field in body must be of type integer,string: "object"'],
    ]],
    ['nullable x-kubernetes-int-or-string', { 'x-kubernetes-int-or-string': true, nullable: true }, [42, 'foo', null], [
      [[], 'field: Invalid value: "array": field in body must be of type integer,string: "array"'],
    ]],
  ];
  for (const [name, field, ok, bad] of cases) {
    it(name, () => {
      const c = compileSchema(withField(field));
      for (const v of ok) expect(printed(c.validate(v === undefined ? {} : { field: v })), JSON.stringify(v)).toEqual([]);
      for (const [v, want] of bad) expect(printed(c.validate({ field: v }))).toEqual([want]);
    });
  }

  it('an integer is a number, a fraction is not an integer', () => {
    const c = compileSchema(withField({ type: 'number' }));
    expect(c.validate({ field: 3 })).toEqual([]);
    expect(printed(compileSchema(withField({ type: 'integer' })).validate({ field: 1.5 })))
      .toEqual(['field: Invalid value: "number": field in body must be of type integer: "number"']);
  });
});

describe('anyOf and allOf report the alternatives like kube-openapi', () => {
  it('int-or-string with a user anyOf', () => {
    const c = compileSchema(withField({ nullable: true, 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }));
    for (const v of [null, 42, 'foo']) expect(c.validate({ field: v })).toEqual([]);
    expect(sortedPrinted(c.validate({ field: true }))).toEqual([
      '<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)',
      'field: Invalid value: "boolean": field in body must be of type integer,string: "boolean"',
      'field: Invalid value: "boolean": field in body must be of type integer: "boolean"',
    ]);
  });

  it('int-or-string with a user allOf', () => {
    const c = compileSchema(withField({ nullable: true, 'x-kubernetes-int-or-string': true, allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }] }));
    expect(sortedPrinted(c.validate({ field: [] }))).toEqual([
      '<nil>: Invalid value: "": "field" must validate all the schemas (allOf). None validated',
      '<nil>: Invalid value: "": "field" must validate at least one schema (anyOf)',
      'field: Invalid value: "array": field in body must be of type integer,string: "array"',
      'field: Invalid value: "array": field in body must be of type integer: "array"',
    ]);
  });
});

describe('value rules', () => {
  const cases: Array<[string, Record<string, any>, unknown, string[]]> = [
    ['required', { type: 'object', required: ['nested'], properties: { nested: {} } }, {}, ['field.nested: Required value']],
    ['maximum', { type: 'integer', maximum: 100 }, 500, ['field: Invalid value: 500: field in body should be less than or equal to 100']],
    ['exclusive maximum', { type: 'integer', maximum: 100, exclusiveMaximum: true }, 100, ['field: Invalid value: 100: field in body should be less than 100']],
    ['minimum', { type: 'integer', minimum: 1 }, 0, ['field: Invalid value: 0: field in body should be greater than or equal to 1']],
    ['exclusive minimum', { type: 'number', minimum: 0.5, exclusiveMinimum: true }, 0.5, ['field: Invalid value: 0.5: field in body should be greater than 0.5']],
    ['float bound printed as Go does', { type: 'number', maximum: 1.5e-7 }, 1, ['field: Invalid value: 1: field in body should be less than or equal to 1.5e-07']],
    ['integer bound against a float', { type: 'number', maximum: 2 }, 2.5, ['field: Invalid value: 2.5: field in body should be less than or equal to 2']],
    ['multipleOf', { type: 'integer', multipleOf: 5 }, 7, ['field: Invalid value: 7: field in body should be a multiple of 5']],
    ['maxLength', { type: 'string', maxLength: 2 }, 'abc', ['field: Too long: may not be more than 2 bytes']],
    ['maxLength counts characters', { type: 'string', maxLength: 2 }, 'éé', []],
    ['minLength', { type: 'string', minLength: 3 }, 'ab', ['field: Invalid value: "ab": field in body should be at least 3 chars long']],
    ['pattern', { type: 'string', pattern: '^[a-z]+$' }, 'A1', [`field: Invalid value: "A1": field in body should match '^[a-z]+$'`]],
    ['maxItems', { type: 'array', maxItems: 2, items: { type: 'string' } }, ['a', 'b', 'c'], ['field: Too many: 3: must have at most 2 items']],
    ['minItems', { type: 'array', minItems: 2, items: { type: 'string' } }, ['a'], ['field: Invalid value: 1: field in body should have at least 2 items']],
    ['maxProperties', { type: 'object', maxProperties: 2 }, { a: true, b: true, c: true }, ['field: Too many: 3: must have at most 2 items']],
    ['minProperties', { type: 'object', minProperties: 2 }, { a: 1 }, ['field: Invalid value: 1: field in body should have at least 2 properties']],
    ['enum of strings', { type: 'string', enum: ['a', 'b'] }, 'x', ['field: Unsupported value: "x": supported values: "a", "b"']],
    ['items are named with brackets', { type: 'array', items: { type: 'object', properties: { port: { type: 'integer', maximum: 10 } } } },
      [{ port: 1 }, { port: 11 }], ['field[1].port: Invalid value: 11: field[1].port in body should be less than or equal to 10']],
    ['map values are named with dots', { type: 'object', additionalProperties: { type: 'string' } }, { 'a.b': 1 },
      ['field.a.b: Invalid value: "integer": field.a.b in body must be of type string: "integer"']],
  ];
  for (const [name, field, value, want] of cases) {
    it(name, () => expect(printed(compileSchema(withField(field)).validate({ field: value }))).toEqual(want));
  }

  it('enum with wrong types reports both the type and the enum', () => {
    const c = compileSchema(withField({ type: 'object', required: ['nestedint', 'nestedstring'], properties: {
      nestedint: { type: 'integer', enum: [1, 2] }, nestedstring: { type: 'string', enum: ['a', 'b'] } } }));
    expect(sortedPrinted(c.validate({ field: {} }))).toEqual(['field.nestedint: Required value', 'field.nestedstring: Required value']);
    expect(sortedPrinted(c.validate({ field: { nestedint: 'x', nestedstring: true } }))).toEqual([
      'field.nestedint: Invalid value: "string": field.nestedint in body must be of type integer: "string"',
      'field.nestedint: Unsupported value: "x": supported values: "1", "2"',
      'field.nestedstring: Invalid value: "boolean": field.nestedstring in body must be of type string: "boolean"',
      'field.nestedstring: Unsupported value: true: supported values: "a", "b"',
    ]);
  });

  it('a nullable enum must list null', () => {
    const c = compileSchema(withField({ type: 'string', nullable: true, enum: ['a'] }));
    expect(printed(c.validate({ field: null }))).toEqual(['field: Unsupported value: null: supported values: "a"']);
    expect(compileSchema(withField({ type: 'string', nullable: true, enum: ['a', null] })).validate({ field: null })).toEqual([]);
  });

  it('an invalid pattern fails every value, saying so', () => {
    const [e] = printed(compileSchema(withField({ type: 'string', pattern: '+' })).validate({ field: 'foo' }));
    expect(e).toMatch(/^field: Invalid value: "foo": field in body should match '\+, but pattern is invalid: /);
  });
});

describe('formats', () => {
  const cases: Array<[string, string, string]> = [
    ['date-time', '2026-01-02T03:04:05Z', 'yesterday'],
    ['date', '2026-02-28', '2026-02-30'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', 'xyz'],
    ['ipv4', '10.0.0.1', '10.0.0.256'],
    ['ipv6', 'fd00::1', 'fd00:::1'],
    ['cidr', '10.0.0.0/8', '10.0.0.0/33'],
    ['byte', 'aGVsbG8=', 'not base64!'],
    ['hostname', 'example.com', '-bad-'],
  ];
  for (const [format, good, bad] of cases) {
    it(format, () => {
      const c = compileSchema(withField({ type: 'string', format }));
      expect(c.validate({ field: good })).toEqual([]);
      expect(printed(c.validate({ field: bad }))).toEqual([
        `field: Invalid value: ${JSON.stringify(bad)}: field in body must be of type ${format}: ${JSON.stringify(bad)}`,
      ]);
    });
  }

  it('leaves unknown formats and numeric formats unchecked', () => {
    expect(compileSchema(withField({ type: 'string', format: 'k8s-something' })).validate({ field: 'x' })).toEqual([]);
    expect(compileSchema(withField({ type: 'integer', format: 'int32' })).validate({ field: 2 ** 40 })).toEqual([]);
  });
});

describe('list types and embedded resources', () => {
  it('reports duplicate set items and map keys', () => {
    const c = compileSchema({ type: 'object', properties: {
      set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      map: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } } },
    } });
    expect(printed(c.validate({ set: ['a', 'b', 'a'], map: [{ name: 'x', port: 1 }, { name: 'x', port: 2 }] }))).toEqual([
      'set[2]: Duplicate value: "a"',
      'map[1]: Duplicate value: {"name":"x"}',
    ]);
    expect(c.validate({ set: ['a', 'b'], map: [{ name: 'x' }, { name: 'y' }] })).toEqual([]);
  });

  it('checks apiVersion, kind and metadata of embedded resources', () => {
    const c = compileSchema({ type: 'object', properties: { template: {
      type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } });
    expect(printed(c.validate({ template: {} }))).toEqual([
      'template.apiVersion: Required value: must not be empty',
      'template.kind: Required value: must not be empty',
    ]);
    expect(printed(c.validate({ template: { apiVersion: 'a/b/c', kind: 'Foo_Bar', metadata: { name: 'a/b', labels: { 'bad key!': 'x' } } } }))).toEqual([
      'template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      expect.stringMatching(/^template.kind: Invalid value: "Foo_Bar": may have mixed case, but should otherwise match: a DNS-1035 label/),
      `template.metadata.name: Invalid value: "a/b": may not contain '/'`,
      expect.stringMatching(/^template.metadata.labels: Invalid value: "bad key!": /),
    ]);
    expect(c.validate({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } } })).toEqual([]);
  });
});

// Scale subresource replicas, after pkg/registry/customresource/validator.go (ValidateScaleSpec,
// ValidateScaleStatus) and its validator_test.go.
describe('scale replicas', () => {
  const scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['valid', { spec: { replicas: 3 }, status: { replicas: 1, selector: 'app=x' } }, []],
    ['absent', {}, []],
    ['negative', { spec: { replicas: -1 } }, ['.spec.replicas: Invalid value: -1: should be a non-negative integer']],
    ['too large', { status: { replicas: 2 ** 31 } }, ['.status.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647']],
    ['not an integer', { spec: { replicas: 'three' } }, ['.spec.replicas: Invalid value: 0: .spec.replicas accessor error: three is of the type string, expected int64']],
    ['selector not a string', { status: { selector: { app: 'x' } } },
      ['.status.selector: Invalid value: "": .status.selector accessor error: {"app":"x"} is of the type map[string]interface {}, expected string']],
  ];
  for (const [name, obj, want] of cases) it(name, () => expect(printed(validateScaleReplicas(obj, scale))).toEqual(want));
});
