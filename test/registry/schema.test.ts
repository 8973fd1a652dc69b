// openapi/ documents and the validators compiled from them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFailure, loadOpenAPI, type OpenAPISchema } from '../../src/registry/schema.js';

const docs = loadOpenAPI();

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
}
interface Doc {
  openapi: string;
  components: { schemas: Record<string, OpenAPISchema> };
  paths: Record<string, Record<string, Operation>>;
}
const doc = (gv: string): Doc => JSON.parse(docs.document(gv)!.body.toString('utf8')) as Doc;
const core = doc('api/v1');
const schemas = core.components.schemas;

describe('/openapi/v3 index and documents', () => {
  it('lists every served group-version with the uppercase SHA-512 of its document', () => {
    const index = docs.index();
    expect(Object.keys(index.paths)).toEqual([
      'api/v1', 'apis/apiextensions.k8s.io/v1', 'apis/apps/v1', 'apis/autoscaling/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1',
      'apis/events.k8s.io/v1',
    ]);
    for (const [gv, { serverRelativeURL }] of Object.entries(index.paths)) {
      const { hash, body } = docs.document(gv)!;
      expect(hash).toBe(createHash('sha512').update(body).digest('hex').toUpperCase());
      expect(serverRelativeURL).toBe(`/openapi/v3/${gv}?hash=${hash}`);
    }
  });

  it('finds documents with or without a leading slash, and nothing else', () => {
    expect(docs.document('/apis/discovery.k8s.io/v1')).toBe(docs.document('apis/discovery.k8s.io/v1'));
    expect(docs.document('apis/networking.k8s.io/v1')).toBeUndefined();
    expect(loadOpenAPI()).toBe(docs); // read once
  });

  it('carries real schemas: Pod with descriptions and its group-version-kind', () => {
    const pod = schemas['io.k8s.api.core.v1.Pod'];
    expect(core.openapi).toBe('3.0.0');
    expect(pod.description).toMatch(/^Pod is a collection of containers/);
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(pod.properties?.spec).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' });
    const port = schemas['io.k8s.api.core.v1.ServicePort'];
    expect(port.properties?.port).toMatchObject({ type: 'integer', format: 'int32', description: expect.any(String) });
    expect(port.required).toEqual(['port']);
  });

  it('names the apimachinery types like upstream', () => {
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string' });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemas['io.k8s.api.core.v1.ResourceRequirements'].properties?.limits).toMatchObject(
      { additionalProperties: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' } });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties?.creationTimestamp).toMatchObject(
      { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] });
    const discovery = doc('apis/discovery.k8s.io/v1').components.schemas;
    expect(discovery['io.k8s.api.discovery.v1.EndpointSlice']['x-kubernetes-group-version-kind'])
      .toEqual([{ group: 'discovery.k8s.io', kind: 'EndpointSlice', version: 'v1' }]);
    expect(discovery['io.k8s.api.core.v1.ObjectReference']).toBeDefined();
    expect(doc('apis/events.k8s.io/v1').components.schemas['io.k8s.api.events.v1.Event']).toBeDefined();
  });

  it.each([
    ['io.k8s.api.core.v1.PodSpec', 'containers', { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-list-map-keys': ['name'] }],
    ['io.k8s.api.core.v1.PodSpec', 'volumes', { 'x-kubernetes-patch-strategy': 'merge,retainKeys' }],
    ['io.k8s.api.core.v1.Container', 'ports', { 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] }],
    ['io.k8s.api.core.v1.Container', 'env', { 'x-kubernetes-patch-merge-key': 'name' }],
    ['io.k8s.api.core.v1.PodStatus', 'conditions', { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-list-type': 'map' }],
    ['io.k8s.api.core.v1.PodStatus', 'podIPs', { 'x-kubernetes-patch-merge-key': 'ip' }],
    ['io.k8s.api.core.v1.ServiceSpec', 'ports', { 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-list-map-keys': ['port', 'protocol'] }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'ownerReferences', { 'x-kubernetes-patch-merge-key': 'uid' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers', { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' }],
    ['io.k8s.api.core.v1.PodSpec', 'tolerations', { 'x-kubernetes-list-type': 'atomic' }],
  ])('%s.%s carries its list semantics', (type, field, ext) => {
    expect(schemas[type].properties?.[field]).toMatchObject(ext);
  });

  it('EndpointSlice endpoints and ports are atomic lists', () => {
    const slice = doc('apis/discovery.k8s.io/v1').components.schemas['io.k8s.api.discovery.v1.EndpointSlice'];
    expect(slice.properties?.endpoints).toMatchObject({ 'x-kubernetes-list-type': 'atomic' });
    expect(slice.properties?.ports).toMatchObject({ 'x-kubernetes-list-type': 'atomic' });
  });

  it('every patch operation tells kubectl the server validates fields and speaks all patch types', () => {
    const patches = Object.entries(core.paths).filter(([, p]) => p.patch);
    expect(patches.map(([path]) => path)).toContain('/api/v1/namespaces/{namespace}/pods/{name}');
    for (const [, { patch }] of patches) {
      expect(patch['x-kubernetes-group-version-kind']).toBeDefined();
      expect(patch['x-kubernetes-action']).toBe('patch');
      expect(patch.parameters?.map((p) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
      expect(Object.keys(patch.requestBody!.content)).toEqual(['application/apply-patch+yaml', 'application/json-patch+json',
        'application/merge-patch+json', 'application/strategic-merge-patch+json']);
    }
  });

  it('has collection, item and status paths with the expected actions and bodies', () => {
    const pods = core.paths['/api/v1/namespaces/{namespace}/pods'];
    expect(pods.get['x-kubernetes-action']).toBe('list');
    expect(pods.post.parameters?.map((p) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation']);
    expect(pods.delete['x-kubernetes-action']).toBe('deletecollection');
    const pod = core.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
    expect(pod.put.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.api.core.v1.Pod');
    expect(pod.delete.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/io.k8s.api.core.v1.Pod');
    const cm = core.paths['/api/v1/namespaces/{namespace}/configmaps/{name}'];
    expect(cm.delete.responses['200'].content!['application/json'].schema.$ref).toMatch(/meta\.v1\.Status$/);
    expect(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/status'].patch).toBeDefined();
    expect(core.paths['/api/v1/namespaces/{namespace}/configmaps/{name}/status']).toBeUndefined();
    expect(core.paths['/api/v1/nodes/{name}/status'].put['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Node', version: 'v1' });
    expect(core.paths['/api/v1/namespaces'].delete).toBeUndefined();
  });

  it('is exactly what scripts/gen-openapi.mjs generates (regenerate after editing the script)', () => {
    const out = mkdtempSync(join(tmpdir(), 'kubesim-openapi-'));
    try {
      execFileSync(process.execPath, ['scripts/gen-openapi.mjs', out], { stdio: 'pipe' });
      for (const f of readdirSync('openapi')) expect(readFileSync(join(out, f)).equals(readFileSync(join('openapi', f))), f).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('validator: what the decoder cannot store', () => {
  const pod = docs.validator('v1', 'Pod')!;
  const service = docs.validator('v1', 'Service')!;

  it('exists only for served kinds', () => {
    expect(pod).toBeDefined();
    expect(docs.validator('discovery.k8s.io/v1', 'EndpointSlice')).toBeDefined();
    expect(docs.validator('events.k8s.io/v1', 'Event')).toBeDefined();
    expect(docs.validator('v1', 'Deployment')).toBeUndefined();
    expect(docs.validator('apps/v1', 'Deployment')).toBeDefined();
    expect(docs.validator('autoscaling/v1', 'Scale')).toBeDefined();
    expect(docs.validator('networking.k8s.io/v1', 'Ingress')).toBeUndefined();
    expect(docs.validator('v1', 'Pod')).toBe(pod);
  });

  const P = 'json: cannot unmarshal';
  it.each([
    [{ spec: { ports: [{ port: '80' }] } }, 'spec.ports[0].port', '80', `${P} string into Go struct field ServicePort.spec.ports.port of type int32`],
    [{ spec: { ports: [{ port: 80 }, { port: 70000.5 }] } }, 'spec.ports[1].port', 70000.5, `${P} number 70000.5 into Go struct field ServicePort.spec.ports.port of type int32`],
    [{ spec: { ports: [{ port: 2147483648 }] } }, 'spec.ports[0].port', 2147483648, `${P} number 2147483648 into Go struct field ServicePort.spec.ports.port of type int32`],
    [{ spec: { ports: [{ port: 80, targetPort: true }] } }, 'spec.ports[0].targetPort', true, `${P} bool into Go value of type int32`],
    [{ spec: { ports: 'x' } }, 'spec.ports', 'x', `${P} string into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort`],
    [{ spec: { selector: { app: 1 } } }, 'spec.selector[app]', 1, `${P} number into Go struct field ServiceSpec.spec.selector of type string`],
    [{ spec: { publishNotReadyAddresses: 'yes' } }, 'spec.publishNotReadyAddresses', 'yes', `${P} string into Go struct field ServiceSpec.spec.publishNotReadyAddresses of type bool`],
    [{ metadata: { labels: 'app=web' } }, 'metadata.labels', 'app=web', `${P} string into Go struct field ObjectMeta.metadata.labels of type map[string]string`],
    [{ metadata: { creationTimestamp: 'yesterday' } }, 'metadata.creationTimestamp', 'yesterday',
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"'],
    [{ spec: 'x' }, 'spec', 'x', `${P} string into Go struct field Service.spec of type v1.ServiceSpec`],
  ])('Service %j → %s', (obj, field, badValue, detail) => {
    expect(service.validate(obj)).toEqual([{ type: 'FieldValueTypeInvalid', field, badValue, detail }]);
  });

  it.each([
    [{ spec: { containers: 'nginx' } }, 'spec.containers', `${P} string into Go struct field PodSpec.spec.containers of type []v1.Container`],
    [{ spec: { containers: ['nginx'] } }, 'spec.containers[0]', `${P} string into Go struct field PodSpec.spec.containers of type v1.Container`],
    [{ spec: { containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] } }, 'spec.containers[0].ports[0].containerPort',
      `${P} string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`],
    [{ spec: { containers: [{ name: 'a', resources: { limits: { cpu: '1 core' } } }] } }, 'spec.containers[0].resources.limits[cpu]',
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [{ spec: { containers: [{ name: 'a', command: ['sleep', 1200] }] } }, 'spec.containers[0].command[1]',
      `${P} number into Go struct field Container.spec.containers.command of type string`],
    [{ spec: { terminationGracePeriodSeconds: 1.5 } }, 'spec.terminationGracePeriodSeconds',
      `${P} number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64`],
    [{ spec: { activeDeadlineSeconds: 1e19 } }, 'spec.activeDeadlineSeconds',
      `${P} number 10000000000000000000 into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64`],
    [{ metadata: { annotations: { 'example.com/n': 3 } } }, 'metadata.annotations[example.com/n]',
      `${P} number into Go struct field ObjectMeta.metadata.annotations of type string`],
  ])('Pod %j → %s', (obj, field, detail) => {
    expect(pod.validate(obj)).toMatchObject([{ type: 'FieldValueTypeInvalid', field, detail }]);
  });

  it('accepts null anywhere (Go decodes it to the zero value) and numbers for quantities', () => {
    expect(pod.validate({ metadata: { creationTimestamp: null, labels: null }, spec: { containers: [{ name: 'a', image: null,
      resources: { limits: { cpu: 0.5, memory: '128Mi' } }, ports: null }], nodeSelector: { a: null } }, status: null })).toEqual([]);
  });

  it('checks base64 in Secret data', () => {
    const secret = docs.validator('v1', 'Secret')!;
    expect(secret.validate({ data: { ok: 'c2VjcmV0', bad: 'secret!' }, stringData: { plain: 'secret!' } })).toEqual([{
      type: 'FieldValueTypeInvalid', field: 'data[bad]', badValue: 'secret!', detail: 'illegal base64 data at input byte 6' }]);
  });

  it('reports errors in document order, as the streaming decoder meets them', () => {
    const errs = service.validate({ spec: { type: 1, ports: [{ port: 'a' }] }, metadata: { name: 2 } });
    expect(errs.map((e) => e.field)).toEqual(['spec.type', 'spec.ports[0].port', 'metadata.name']);
  });

  it('leaves required fields and enums to the strategies (semantic validation upstream)', () => {
    expect(service.validate({ spec: { ports: [{ protocol: 'BOGUS' }], type: 'Nope' } })).toEqual([]);
    expect(pod.validate({})).toEqual([]);
  });

  it('builds the 400 the apiserver answers with the first decode error', () => {
    const err = decodeFailure('Service', 'v1', service.validate({ spec: { ports: [{ port: '80' }] } }));
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'Service in version "v1" cannot be handled as a Service: ' +
      'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32' });
    expect(decodeFailure('Pod', 'v1', 'strict decoding error: unknown field "spec.foo"').status.message)
      .toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"');
  });
});

describe('unknownFields: what fieldValidation=Strict|Warn reports', () => {
  const pod = docs.validator('v1', 'Pod')!;

  it('finds unknown fields at any depth, named like the strict decoder', () => {
    expect(pod.unknownFields({
      apiVersion: 'v1', kind: 'Pod', foo: 1,
      metadata: { name: 'p', labels: { 'anything/goes': 'x' }, annotations: { any: 'x' }, bogus: true },
      spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', imagee: 'x', ports: [{ containerPort: 80, hostPortt: 1 }] }], foo: 'bar' },
      status: { phase: 'Running', extra: {} },
    })).toEqual(['foo', 'metadata.bogus', 'spec.containers[1].imagee', 'spec.containers[1].ports[0].hostPortt', 'spec.foo', 'status.extra']);
  });

  it('treats maps as open and managedFields entries as opaque', () => {
    expect(pod.unknownFields({
      metadata: { labels: { a: 'b' }, managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': { 'f:containers': {} } } }] },
      spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'a', resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
    })).toEqual([]);
  });

  it('does not look inside values of the wrong type (those are decode errors)', () => {
    expect(pod.unknownFields({ spec: 'x', metadata: [] })).toEqual([]);
  });

  it('prunes them in place, as decoding into Go structs drops them', () => {
    const obj = { kind: 'Pod', foo: 1, metadata: { name: 'p', labels: { keep: 'me' } },
      spec: { containers: [{ name: 'a', imagee: 'x' }] } };
    expect(pod.pruneUnknownFields(obj)).toEqual(['foo', 'spec.containers[0].imagee']);
    expect(obj).toEqual({ kind: 'Pod', metadata: { name: 'p', labels: { keep: 'me' } }, spec: { containers: [{ name: 'a' }] } });
    expect(pod.pruneUnknownFields(obj)).toEqual([]);
  });

  it('is found in the same pass as the type errors, and kept apart from them', () => {
    // validate() reports types only; the prune right after it on the same body reuses that pass's
    // unknown fields, a prune of another body does not.
    const typed = { spec: { containers: [{ name: 'a', imagee: 'x', ports: [{ containerPort: '80' }] }] }, foo: 1 };
    expect(pod.validate(typed).map((e) => e.field)).toEqual(['spec.containers[0].ports[0].containerPort']);
    const a = { foo: 1, spec: { containers: [{ name: 'a', imagee: 'x' }], nodeSelector: null } };
    const b = { bar: 2, spec: { containers: [{ name: 'b', command: ['x'] }] } };
    expect(pod.validate(a)).toEqual([]);
    pod.zeroNulls(a);
    expect(pod.pruneUnknownFields(b)).toEqual(['bar']);
    expect(pod.pruneUnknownFields(a)).toEqual(['foo', 'spec.containers[0].imagee']);
    expect(a).toEqual({ spec: { containers: [{ name: 'a' }] } });
    expect(pod.validate(a)).toEqual([]);
    expect(pod.unknownFields(a)).toEqual([]);
  });

  it('works for the other groups', () => {
    expect(docs.validator('discovery.k8s.io/v1', 'EndpointSlice')!.unknownFields(
      { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], condition: {} }] })).toEqual(['endpoints[0].condition']);
    expect(docs.validator('events.k8s.io/v1', 'Event')!.unknownFields({ reason: 'x', message: 'y' })).toEqual(['message']);
  });
});
