// The OpenAPI v3 document of a custom group-version. Shape after apiextensions-apiserver
// pkg/controller/openapi/builder/builder.go (buildKubeNative, addEmbeddedProperties,
// buildListSchema, buildRoute) and builder_test.go.
import { describe, expect, it } from 'vitest';
import { openAPIDocumentFor } from '../../src/crd/index.js';
import { crdWith } from './helpers.js';

const schema = {
  type: 'object',
  description: 'A Widget is a thing.',
  properties: {
    spec: {
      type: 'object', description: 'Desired state.', required: ['weight'],
      properties: {
        weight: { type: 'integer', description: 'How heavy it is.', minimum: 0, default: 1 },
        ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
  },
};

type Doc = Record<string, any>;

describe('openAPIDocumentFor', () => {
  const crd = crdWith(schema, { version: { subresources: { status: {}, scale: { specReplicasPath: '.spec.weight', statusReplicasPath: '.status.replicas' } } } });
  const doc = openAPIDocumentFor('example.com', 'v1', [crd]) as Doc;
  const schemas = doc.components.schemas as Doc;

  it('names the kind and list after the reversed group, with their GVKs', () => {
    expect(doc.openapi).toBe('3.0.0');
    expect(schemas['com.example.v1.Widget']['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
    expect(schemas['com.example.v1.WidgetList']['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', kind: 'WidgetList', version: 'v1' }]);
  });

  it('keeps the schema (descriptions, validations, defaults, extensions) and adds TypeMeta and ObjectMeta', () => {
    const w = schemas['com.example.v1.Widget'];
    expect(w.description).toBe('A Widget is a thing.');
    expect(w.properties.spec.properties.weight).toEqual({ type: 'integer', description: 'How heavy it is.', minimum: 0, default: 1 });
    expect(w.properties.spec.properties.ports['x-kubernetes-list-map-keys']).toEqual(['name']);
    expect(w.properties.apiVersion).toEqual({ type: 'string', description: expect.stringMatching(/^APIVersion defines the versioned schema/) });
    expect(w.properties.kind.description).toMatch(/^Kind is a string value representing the REST resource/);
    expect(w.properties.metadata).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
      description: expect.stringMatching(/^Standard object's metadata/),
    });
    expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.apiVersion).toBeUndefined();
  });

  it('gives embedded resources apiVersion, kind and metadata, and requires the first two', () => {
    const t = schemas['com.example.v1.Widget'].properties.spec.properties.template;
    expect(Object.keys(t.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(t.properties.kind.description).toMatch(/^kind is a string value representing the type of this object/);
    expect(t.required).toEqual(['kind', 'apiVersion']);
  });

  it('describes the list', () => {
    const l = schemas['com.example.v1.WidgetList'];
    expect(l.description).toBe('WidgetList is a list of Widget');
    expect(l.required).toEqual(['items']);
    expect(l.properties.items).toEqual({
      type: 'array', items: { $ref: '#/components/schemas/com.example.v1.Widget' },
      description: 'List of widgets. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md',
    });
    expect(l.properties.metadata.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }]);
  });

  it('carries every schema it references', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const r of refs) expect(schemas[r], r).toBeDefined();
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('has the resource paths, namespaced, with status and scale', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/apis/example.com/v1/namespaces/{namespace}/widgets',
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}',
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale',
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status',
      '/apis/example.com/v1/widgets',
    ]);
    const item = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'];
    expect(item.get.operationId).toBe('readExampleComV1NamespacedWidget');
    expect(item.get['x-kubernetes-group-version-kind']).toEqual({ group: 'example.com', kind: 'Widget', version: 'v1' });
    expect(Object.keys(item.patch.requestBody.content).sort()).toEqual(
      ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
    expect(Object.keys(item.get.responses['200'].content).sort()).toEqual(['application/json', 'application/yaml']);
    const status = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status'];
    expect(Object.keys(status).filter((k) => k !== 'parameters').sort()).toEqual(['get', 'patch', 'put']);
    expect(status.put.operationId).toBe('replaceExampleComV1NamespacedWidgetStatus');
    const scale = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale'];
    expect(scale.get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.api.autoscaling.v1.Scale');
  });

  it('cluster-scoped kinds have no namespace in paths, parameters or operation ids', () => {
    const cluster = crdWith({ type: 'object' }, { spec: { scope: 'Cluster' } });
    const d = openAPIDocumentFor('example.com', 'v1', [cluster]) as Doc;
    expect(Object.keys(d.paths).sort()).toEqual(['/apis/example.com/v1/widgets', '/apis/example.com/v1/widgets/{name}']);
    const item = d.paths['/apis/example.com/v1/widgets/{name}'];
    expect(item.get.operationId).toBe('readExampleComV1Widget');
    expect(item.parameters.map((p: Doc) => p.name)).not.toContain('namespace');
  });

  it('skips versions not served and CRDs of other groups', () => {
    const other = crdWith({ type: 'object' });
    other.spec.group = 'other.io';
    const unserved = crdWith({ type: 'object' });
    unserved.spec.names = { plural: 'gadgets', kind: 'Gadget', listKind: 'GadgetList', singular: 'gadget' };
    unserved.spec.versions[0].served = false;
    const d = openAPIDocumentFor('example.com', 'v1', [other, unserved]) as Doc;
    expect(Object.keys(d.paths)).toEqual([]);
    expect(Object.keys(d.components.schemas).filter((k) => !k.startsWith('io.k8s'))).toEqual([]);
  });

  it('a version without schema is a bare object', () => {
    const d = openAPIDocumentFor('example.com', 'v1', [crdWith(undefined)]) as Doc;
    expect(d.components.schemas['com.example.v1.Widget']).toEqual({
      type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'Widget', version: 'v1' }],
    });
  });
});
