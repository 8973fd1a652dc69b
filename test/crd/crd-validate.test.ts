// CustomResourceDefinition validation. Cases after apiextensions-apiserver
// pkg/apis/apiextensions/validation/validation_test.go (TestValidateCustomResourceDefinition,
// TestValidateCustomResourceDefinitionUpdate, TestValidateCustomResourceDefinitionValidation) and
// the v1 defaults of pkg/apis/apiextensions/v1/defaults_test.go, restated for v1 objects.
import { describe, expect, it } from 'vitest';
import { crdWarnings, defaultCRD, validateCRD } from '../../src/crd/index.js';
import { crdWith, printed } from './helpers.js';

const objectSchema = { type: 'object' };
const specSchema = (spec: Record<string, any>) => ({ type: 'object', properties: { spec } });

function withSpec(patch: Record<string, any>, schema: Record<string, any> | undefined = objectSchema): Record<string, any> {
  const crd = crdWith(schema);
  Object.assign(crd.spec, patch);
  return crd;
}

describe('defaultCRD', () => {
  it('fills singular, listKind, conversion and the stored version', () => {
    const crd: Record<string, any> = { metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true }] } };
    defaultCRD(crd);
    expect(crd.spec.names).toEqual({ plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.status.storedVersions).toEqual(['v1']);
  });

  it('keeps what is set and defaults the webhook service port', () => {
    const crd = crdWith(objectSchema);
    crd.spec.names.singular = 'gadget';
    crd.spec.conversion = { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 's', namespace: 'ns' } }, conversionReviewVersions: ['v1'] } };
    crd.status.storedVersions = ['v0', 'v1'];
    defaultCRD(crd);
    expect(crd.spec.names.singular).toBe('gadget');
    expect(crd.spec.conversion.webhook.clientConfig.service.port).toBe(443);
    expect(crd.status.storedVersions).toEqual(['v0', 'v1']);
  });
});

describe('a valid CRD', () => {
  it('passes with one version', () => {
    expect(validateCRD(crdWith(specSchema({ type: 'object', properties: { weight: { type: 'integer', default: 1 } } })))).toEqual([]);
  });

  it('passes with several versions, distinct schemas, status and scale', () => {
    const crd = crdWith(objectSchema);
    crd.spec.versions = [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: specSchema({ type: 'object', x: 1 === 1 ? undefined : 0 }) },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }] },
      { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
    ];
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec = { type: 'object', properties: { replicas: { type: 'integer' } } };
    expect(printed(validateCRD(crd))).toEqual([]);
  });
});

describe('names, group and scope', () => {
  const cases: Array<[string, (crd: Record<string, any>) => void, string[]]> = [
    ['metadata.name must be plural.group', (c) => { c.metadata.name = 'gadgets.example.com'; },
      ['metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group']],
    ['group without a dot', (c) => { c.spec.group = 'example'; c.metadata.name = 'widgets.example'; },
      ['spec.group: Invalid value: "example": should be a domain with at least one dot']],
    ['group required', (c) => { c.spec.group = ''; c.metadata.name = 'widgets.'; },
      [expect.stringMatching(/^metadata.name: Invalid value: "widgets.": a lowercase RFC 1123 subdomain/), 'spec.group: Required value']],
    ['scope required', (c) => { delete c.spec.scope; }, ['spec.scope: Required value']],
    ['scope unsupported', (c) => { c.spec.scope = 'Global'; }, ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']],
    ['plural must be a DNS-1035 label', (c) => { c.spec.names.plural = 'Widgets'; c.metadata.name = 'Widgets.example.com'; }, [
      expect.stringMatching(/^metadata.name: Invalid value: "Widgets.example.com": a lowercase RFC 1123 subdomain/),
      expect.stringMatching(/^spec.names.plural: Invalid value: "Widgets": a DNS-1035 label must consist of lower case/),
    ]],
    ['kind may have mixed case only', (c) => { c.spec.names.kind = 'Wid_get'; }, [
      expect.stringMatching(/^spec.names.kind: Invalid value: "Wid_get": may have mixed case, but should otherwise match: a DNS-1035 label/),
    ]],
    ['kind and listKind may not be the same', (c) => { c.spec.names.listKind = 'Widget'; },
      ['spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same']],
    ['names required', (c) => { c.spec.names = { plural: 'widgets' }; },
      ['spec.names.singular: Required value', 'spec.names.kind: Required value', 'spec.names.listKind: Required value']],
    ['shortNames and categories', (c) => { c.spec.names.shortNames = ['wd', 'W D']; c.spec.names.categories = ['all', '1st']; }, [
      expect.stringMatching(/^spec.names.shortNames\[1\]: Invalid value: "W D": a DNS-1035 label/),
      expect.stringMatching(/^spec.names.categories\[1\]: Invalid value: "1st": a DNS-1035 label/),
    ]],
    ['protected groups need API approval', (c) => { c.spec.group = 'widgets.k8s.io'; c.metadata.name = 'widgets.widgets.k8s.io'; }, [
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]],
    ['preserveUnknownFields may not be turned on', (c) => { c.spec.preserveUnknownFields = true; }, [
      'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ]],
  ];
  for (const [name, mutate, want] of cases) {
    it(name, () => {
      const crd = crdWith(objectSchema);
      mutate(crd);
      expect(printed(validateCRD(crd))).toEqual(want);
    });
  }
});

describe('versions', () => {
  const v = (name: string, storage: boolean, extra: Record<string, any> = {}) =>
    ({ name, served: true, storage, schema: { openAPIV3Schema: objectSchema }, ...extra });
  const cases: Array<[string, Array<Record<string, any>>, string[]]> = [
    ['none', [], ['spec.versions: Invalid value: []: must have exactly one version marked as storage version', 'status.storedVersions[0]: Invalid value: "v1": missing from spec.versions; v1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1 and removes v1 from status.storedVersions']],
    ['two storage versions', [v('v1', true), v('v2', true)], [
      expect.stringMatching(/^spec.versions: Invalid value: .*: must have exactly one version marked as storage version$/),
      'status.storedVersions: Invalid value: ["v1"]: must have the storage version v2',
    ]],
    ['duplicate names', [v('v1', true), v('v1', false)], [expect.stringMatching(/^spec.versions: Invalid value: .*: must contain unique version names$/)]],
    ['name not a DNS-1035 label', [v('V1', true)], [
      expect.stringMatching(/^spec.versions\[0\].name: Invalid value: "V1": a DNS-1035 label/),
      'status.storedVersions: Invalid value: ["v1"]: must have the storage version V1',
      expect.stringMatching(/^status.storedVersions\[0\]: Invalid value: "v1": missing from spec.versions/),
    ]],
    ['schema required in v1', [{ name: 'v1', served: true, storage: true }], ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']],
    ['deprecationWarning only for deprecated versions', [v('v1', true, { deprecationWarning: 'old' })],
      ['spec.versions[0].deprecationWarning: Invalid value: "old": can only be set for deprecated versions']],
    ['deprecationWarning not too long', [v('v1', true, { deprecated: true, deprecationWarning: 'x'.repeat(257) })],
      [expect.stringMatching(/^spec.versions\[0\].deprecationWarning: Invalid value: "x+": must be <= 256 characters long$/)]],
  ];
  for (const [name, versions, want] of cases) {
    it(name, () => {
      const crd = crdWith(objectSchema);
      crd.spec.versions = versions;
      expect(printed(validateCRD(crd))).toEqual(want);
    });
  }
});

describe('schema paths follow the v1 to internal conversion', () => {
  const bad = specSchema({ properties: { x: { type: 'string' } } });
  it('identical schemas are reported under spec.validation', () => {
    expect(printed(validateCRD(crdWith(bad)))).toEqual([
      'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('differing schemas are reported per version', () => {
    const crd = crdWith(objectSchema);
    crd.spec.versions.push({ name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: bad } });
    expect(printed(validateCRD(crd))).toEqual([
      'spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
  });
});

describe('openAPIV3Schema rules', () => {
  const P = 'spec.validation.openAPIV3Schema';
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['type must be known', specSchema({ type: 'object', properties: { foo: { type: 'bogus' } } }), [
      `${P}.properties[spec].properties[foo].type: Unsupported value: "bogus": supported values: "array", "boolean", "integer", "number", "object", "string"`,
    ]],
    ['root type must be object', { type: 'array', items: { type: 'string' } }, [`${P}.type: Invalid value: "array": must be object at the root`]],
    ['root type must be set', { properties: { spec: { type: 'object' } } }, [`${P}.type: Required value: must not be empty at the root`]],
    ['array items need a type', specSchema({ type: 'array', items: {} }),
      [`${P}.properties[spec].items.type: Required value: must not be empty for specified array items`]],
    ['arrays need items', specSchema({ type: 'array' }), [`${P}.properties[spec].items: Required value: must be specified`]],
    ['$ref is not supported', specSchema({ type: 'object', $ref: '#/definitions/x' }),
      [`${P}.properties[spec].$ref: Forbidden: $ref is not supported`]],
    ['uniqueItems is forbidden', specSchema({ type: 'array', items: { type: 'string' }, uniqueItems: true }),
      [`${P}.properties[spec].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`]],
    ['additionalProperties with properties', specSchema({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }),
      [`${P}.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`]],
    ['type null', specSchema({ type: 'null' }), [
      `${P}.properties[spec].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`,
      `${P}.properties[spec].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
    ]],
    ['nullable root', { type: 'object', nullable: true }, [`${P}.nullable: Forbidden: nullable cannot be true at the root`]],
    ['x-kubernetes-preserve-unknown-fields false', specSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false }),
      [`${P}.properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`]],
    ['int-or-string without type', specSchema({ 'x-kubernetes-int-or-string': true }), []],
    ['int-or-string with a type', specSchema({ type: 'string', 'x-kubernetes-int-or-string': true }),
      [`${P}.properties[spec].type: Invalid value: "string": must be empty if x-kubernetes-int-or-string is true`]],
    ['preserve-unknown-fields without type', specSchema({ 'x-kubernetes-preserve-unknown-fields': true }), []],
    ['embedded resource must be an object with properties', specSchema({ type: 'object', 'x-kubernetes-embedded-resource': true }), [
      `${P}.properties[spec].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
    ]],
    ['metadata at the root may restrict name and generateName only', {
      type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 }, labels: { type: 'object' } } } } }, [
      `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]],
    ['metadata restricting the name is fine', { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } } }, []],
    ['kind at the root must be a string', { type: 'object', properties: { kind: { type: 'integer' } } },
      [`${P}.properties[kind].type: Invalid value: "integer": must be string`]],
    ['value validations may not specify types', specSchema({ type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ properties: { a: { type: 'string' } } }] }),
      [`${P}.properties[spec].anyOf[0].properties[a].type: Forbidden: must be empty to be structural`]],
    ['value validations may not name unknown fields', specSchema({ type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ required: ['b'] }, { properties: { b: { minLength: 1 } } }] }),
      [`${P}.properties[spec].properties[b]: Required value: because it is defined in ${P}.properties[spec].anyOf[1].properties[b]`]],
    ['int-or-string anyOf pattern is structural', specSchema({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }), []],
    ['int-or-string may not preserve unknown fields', specSchema({ 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true }),
      [`${P}.properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`]],
    ['additionalProperties at the root', { type: 'object', additionalProperties: { type: 'string' } },
      [`${P}.additionalProperties: Forbidden: must not be used at the root`]],
    ['metadata must be an object, and say no more', { type: 'object', properties: { metadata: { description: 'mine' } } }, [
      `${P}.properties[metadata].type: Invalid value: "": must be object`,
      `${P}.properties[metadata].type: Required value: must not be empty for specified object fields`,
      `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]],
    ['rules only under allOf', specSchema({ type: 'object', anyOf: [{ 'x-kubernetes-validations': [{ rule: 'true' }] }], allOf: [{ 'x-kubernetes-validations': [{ rule: 'true' }] }] }),
      [`${P}.properties[spec].anyOf[0].x-kubernetes-validations: Forbidden: must be empty to be structural`]],
    ['patterns must compile', specSchema({ type: 'string', pattern: '(' }),
      [expect.stringMatching(/^spec.validation.openAPIV3Schema.properties\[spec\].pattern: Invalid value: "\(": must be a valid regular expression, but isn't: /)]],
    ['structural errors come sorted', specSchema({ type: 'object', properties: { b: {}, a: {} } }), [
      `${P}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
      `${P}.properties[spec].properties[b].type: Required value: must not be empty for specified object fields`,
    ]],
  ];
  for (const [name, schema, want] of cases) {
    it(name, () => expect(printed(validateCRD(crdWith(schema)))).toEqual(want));
  }

  it('with the status subresource, the root may only be an object with allowed fields', () => {
    const crd = crdWith({ type: 'object', minProperties: 1 }, { version: { subresources: { status: {} } } });
    expect(printed(validateCRD(crd))).toEqual([expect.stringMatching(
      /^spec.validation.openAPIV3Schema: Invalid value: .*: only \[Description Type Format Title .* XValidations\] fields are allowed at the root of the schema if the status subresource is enabled$/)]);
    const array = crdWith({ type: 'array', items: { type: 'string' } }, { version: { subresources: { status: {} } } });
    expect(printed(validateCRD(array))[0]).toBe(
      'spec.validation.openAPIV3Schema.type: Invalid value: "array": only "object" is allowed as the type at the root of the schema if the status subresource is enabled');
  });
});

describe('defaults', () => {
  const P = 'spec.validation.openAPIV3Schema';
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['must validate', specSchema({ type: 'object', properties: { replicas: { type: 'integer', default: 'one' } } }), [
      `${P}.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string"`,
    ]],
    ['must validate against value rules', specSchema({ type: 'object', properties: { replicas: { type: 'integer', maximum: 3, default: 5 } } }), [
      `${P}.properties[spec].properties[replicas].default: Invalid value: 5:  in body should be less than or equal to 3`,
    ]],
    ['must be pruned', specSchema({ type: 'object', default: { a: 1, b: 2 }, properties: { a: { type: 'integer' } } }), [
      `${P}.properties[spec].default: Invalid value: {"a":1,"b":2}: must not have unknown fields`,
    ]],
    ['nested defaults validate too', specSchema({ type: 'object', default: { a: 'x' }, properties: { a: { type: 'integer' } } }), [
      `${P}.properties[spec].default.a: Invalid value: "string": a in body must be of type integer: "string"`,
    ]],
    ['not in top-level metadata', { type: 'object', properties: { metadata: { type: 'object', default: { name: 'x' } } } }, [
      `${P}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
    ]],
    ['not in top-level apiVersion', { type: 'object', properties: { apiVersion: { type: 'string', default: 'v1' } } }, [
      `${P}.properties[apiVersion].default: Forbidden: must not be set in top-level apiVersion`,
    ]],
  ];
  for (const [name, schema, want] of cases) {
    it(name, () => expect(printed(validateCRD(crdWith(schema)))).toEqual(want));
  }
});

describe('list and map types', () => {
  const P = 'spec.validation.openAPIV3Schema.properties[spec]';
  const item = { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } }, required: ['name'] };
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['list-type needs an array', { type: 'object', 'x-kubernetes-list-type': 'set' },
      [`${P}.type: Invalid value: "object": must be array if x-kubernetes-list-type is specified`]],
    ['unknown list-type', { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' },
      [`${P}.x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`]],
    ['map keys need list-type map', { type: 'array', items: item, 'x-kubernetes-list-map-keys': ['name'] },
      [`${P}.x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`]],
    ['map list needs keys', { type: 'array', items: item, 'x-kubernetes-list-type': 'map' },
      [`${P}.x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`]],
    ['map keys must be item properties', { type: 'array', items: item, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['nope'] },
      [`${P}.x-kubernetes-list-map-keys: Invalid value: ["nope"]: entries must all be names of item properties`]],
    ['map keys must be required or defaulted', { type: 'array', items: item, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'port'] },
      [`${P}.items.properties[port].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`]],
    ['set items of objects must be atomic', { type: 'array', items: item, 'x-kubernetes-list-type': 'set' },
      [`${P}.items.x-kubernetes-map-type: Invalid value: null: must be atomic as item of a list with x-kubernetes-list-type=set`]],
    ['map-type needs an object', { type: 'string', 'x-kubernetes-map-type': 'atomic' },
      [`${P}.type: Invalid value: "string": must be object if x-kubernetes-map-type is specified`]],
    ['unknown map-type', { type: 'object', 'x-kubernetes-map-type': 'fine' },
      [`${P}.x-kubernetes-map-type: Unsupported value: "fine": supported values: "atomic", "granular"`]],
  ];
  for (const [name, spec, want] of cases) {
    it(name, () => expect(printed(validateCRD(crdWith(specSchema(spec))))).toEqual(want));
  }
});

describe('x-kubernetes-validations (static checks)', () => {
  const P = 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations';
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['rule required', { rule: ' ' }, [`${P}[0].rule: Required value: rule is not specified`]],
    ['blank message', { rule: 'true', message: ' ' }, [`${P}[0].message: Invalid value: " ": message must be non-empty if specified`]],
    ['message with a line break', { rule: 'true', message: 'a\nb' }, [`${P}[0].message: Invalid value: "a\\nb": message must not contain line breaks`]],
    ['multi-line rule needs a message', { rule: 'true &&\ntrue' }, [`${P}[0].message: Required value: message must be specified if rule contains line breaks`]],
    ['unknown reason', { rule: 'true', reason: 'FieldValueBad' },
      [`${P}[0].reason: Unsupported value: "FieldValueBad": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`]],
  ];
  for (const [name, rule, want] of cases) {
    it(name, () => expect(printed(validateCRD(crdWith(specSchema({ type: 'object', 'x-kubernetes-validations': [rule] })))))
      .toEqual(want));
  }

  it('fieldPath must name a field below the rule', () => {
    const spec = (fieldPath: string) => specSchema({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } },
      l: { type: 'array', items: { type: 'string' } } }, 'x-kubernetes-validations': [{ rule: 'true', fieldPath }] });
    for (const ok of ['.a', '.a.b', "['a'].b", '.l[0]']) expect(printed(validateCRD(crdWith(spec(ok)))), ok).toEqual([]);
    expect(printed(validateCRD(crdWith(spec('.a.c'))))).toEqual([`${P}[0].fieldPath: Invalid value: ".a.c": fieldPath must be a valid path`]);
  });
});

describe('subresources and printer columns', () => {
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['scale paths required', { subresources: { scale: {} } },
      ['spec.subresources.scale.specReplicasPath: Required value', 'spec.subresources.scale.statusReplicasPath: Required value']],
    ['scale paths placed under spec and status', { subresources: { scale: { specReplicasPath: '.status.x', statusReplicasPath: 'status.y', labelSelectorPath: '.metadata.labels' } } }, [
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.x": should be a json path under .spec',
      'spec.subresources.scale.statusReplicasPath: Invalid value: "status.y": must be a simple json path starting with .',
      'spec.subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under either .spec or .status',
    ]],
    ['column type, format and path', { additionalPrinterColumns: [{ name: 'A', type: 'time', format: 'weird', jsonPath: 'spec.a' }, { type: '' }] }, [
      'spec.additionalPrinterColumns[0].type: Invalid value: "time": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].format: Invalid value: "weird": must be one of byte,date,date-time,double,float,int32,int64,password',
      'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.a": must be a simple json path starting with .',
      'spec.additionalPrinterColumns[1].name: Required value',
      'spec.additionalPrinterColumns[1].type: Required value: must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[1].JSONPath: Required value',
    ]],
  ];
  for (const [name, version, want] of cases) {
    it(name, () => expect(printed(validateCRD(crdWith(objectSchema, { version })))).toEqual(want));
  }
});

describe('selectable fields', () => {
  const schema = specSchema({ type: 'object', properties: { color: { type: 'string', enum: ['red'] }, size: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } });
  const P = 'spec.versions[0].selectableFields';
  const cases: Array<[string, Array<Record<string, any>>, string[]]> = [
    ['string and integer fields', [{ jsonPath: '.spec.color' }, { jsonPath: '.spec.size' }], []],
    ['path required', [{ jsonPath: '' }], [`${P}[0].jsonPath: Required value`]],
    ['unknown field', [{ jsonPath: '.spec.weight' }], [`${P}[0].jsonPath: Invalid value: ".spec.weight": is an invalid path: does not refer to a valid field`]],
    ['wrong type', [{ jsonPath: '.spec.tags' }],
      [`${P}[0].jsonPath: Invalid value: ".spec.tags": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.`]],
    ['duplicates', [{ jsonPath: '.spec.size' }, { jsonPath: '.spec.size' }], [`${P}[1].jsonPath: Duplicate value: ".spec.size"`]],
  ];
  for (const [name, fields, want] of cases) {
    it(name, () => expect(printed(validateCRD(crdWith(schema, { version: { selectableFields: fields } })))).toEqual(want));
  }
});

describe('conversion', () => {
  const two = (conversion: Record<string, any>) => {
    const crd = withSpec({ conversion });
    crd.spec.versions.push({ name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: objectSchema } });
    return crd;
  };
  const hook = (clientConfig: Record<string, any> | undefined, conversionReviewVersions: unknown = ['v1']) =>
    ({ strategy: 'Webhook', webhook: { ...(clientConfig ? { clientConfig } : {}), conversionReviewVersions } });
  const P = 'spec.conversion';
  const cases: Array<[string, Record<string, any>, string[]]> = [
    ['webhook needs a client config', hook(undefined), [`${P}.webhookClientConfig: Required value: required when strategy is set to Webhook`]],
    ['port 0', hook({ service: { name: 'n', namespace: 'ns', port: 0 } }),
      [`${P}.webhookClientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive`]],
    ['port 65536', hook({ service: { name: 'n', namespace: 'ns', port: 65536 } }),
      [`${P}.webhookClientConfig.service.port: Invalid value: 65536: port is not valid: must be between 1 and 65535, inclusive`]],
    ['both service and URL', hook({ url: 'https://example.com/webhook', service: { name: 'n', namespace: 'ns' } }),
      [`${P}.webhookClientConfig: Required value: exactly one of url or service is required`]],
    ['blank URL', hook({ url: '' }), [
      `${P}.webhookClientConfig.url: Invalid value: "": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
      `${P}.webhookClientConfig.url: Invalid value: "": host must be specified; desired format: https://host[/path]`,
    ]],
    ['URL with query and fragment', hook({ url: 'https://user@example.com/a?b=c#d' }), [
      `${P}.webhookClientConfig.url: Invalid value: "user": user information is not permitted in the URL`,
      `${P}.webhookClientConfig.url: Invalid value: "d": fragments are not permitted in the URL`,
      `${P}.webhookClientConfig.url: Invalid value: "b=c": query parameters are not permitted in the URL`,
    ]],
    ['service path segments', hook({ service: { name: 'n', namespace: 'ns', path: 'foo//Bar' } }), [
      `${P}.webhookClientConfig.service.path: Invalid value: "foo//Bar": must start with a '/'`,
      // Go drops the first character whatever it is, so "oo", "" and "Bar" are the segments.
      `${P}.webhookClientConfig.service.path: Invalid value: "foo//Bar": segment[1] may not be empty`,
      expect.stringMatching(/^spec.conversion.webhookClientConfig.service.path: Invalid value: "foo\/\/Bar": segment\[2\]: a lowercase RFC 1123 subdomain/),
    ]],
    ['unknown review version', hook({ url: 'https://example.com/webhook' }, ['invalid-version']),
      [`${P}.conversionReviewVersions: Invalid value: ["invalid-version"]: must include at least one of v1, v1beta1`]],
    ['review versions required', hook({ url: 'https://example.com/webhook' }, []), [`${P}.conversionReviewVersions: Required value`]],
    ['duplicate review versions', hook({ url: 'https://example.com/webhook' }, ['v1', 'v1']),
      [`${P}.conversionReviewVersions[1]: Invalid value: "v1": duplicate version`]],
    ['client config with strategy None', { strategy: 'None', webhook: { clientConfig: { url: 'https://example.com/webhook' } } },
      [`${P}.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook`]],
    ['unknown strategy', { strategy: 'Magic' }, [`${P}.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"`]],
  ];
  for (const [name, conversion, want] of cases) {
    it(name, () => expect(printed(validateCRD(two(conversion)))).toEqual(want));
  }

  it('a webhook conversion is accepted with a warning', () => {
    const crd = two(hook({ service: { name: 'n', namespace: 'ns' } }));
    expect(validateCRD(crd)).toEqual([]);
    expect(crdWarnings(crd)).toEqual([expect.stringMatching(/^spec.conversion.strategy: kubesim does not call conversion webhooks/)]);
  });
});

describe('updates', () => {
  const established = (crd: Record<string, any>) => ({ ...crd, status: { ...crd.status, conditions: [{ type: 'Established', status: 'True' }] } });

  it('group and plural never change', () => {
    const old = crdWith(objectSchema);
    const next = crdWith(objectSchema);
    next.spec.group = 'example.org';
    next.spec.names.plural = 'gadgets';
    expect(printed(validateCRD(next, old))).toEqual([
      'spec.group: Invalid value: "example.org": field is immutable',
      'spec.names.plural: Invalid value: "gadgets": field is immutable',
    ]);
  });

  it('scope and kind are fixed once established', () => {
    const next = crdWith(objectSchema);
    next.spec.scope = 'Cluster';
    next.spec.names.kind = 'Gadget';
    next.spec.names.listKind = 'GadgetList';
    expect(printed(validateCRD(next, crdWith(objectSchema)))).toEqual([]);
    expect(printed(validateCRD(next, established(crdWith(objectSchema))))).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
    ]);
  });

  it('a stored version may not leave spec.versions', () => {
    const old = crdWith(objectSchema);
    const next = crdWith(objectSchema);
    next.spec.versions = [{ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: objectSchema } }];
    next.status.storedVersions = ['v1', 'v2'];
    expect(printed(validateCRD(next, old))).toEqual([
      'status.storedVersions[0]: Invalid value: "v1": missing from spec.versions; v1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1 and removes v1 from status.storedVersions',
    ]);
  });

  it('schemas stay optional for CRDs that had none', () => {
    const old = crdWith(undefined);
    const next = crdWith(undefined);
    expect(printed(validateCRD(next, old))).toEqual([]);
    expect(printed(validateCRD(next))).toEqual(['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  });
});
