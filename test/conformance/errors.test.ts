// Error shapes for every kind: each is a Kubernetes Status with the apiserver's reason, code and
// wording (clients key off reason; kubectl prints message verbatim).
import { describe, expect, it } from 'vitest';
import { request } from '../helpers/http.js';
import { FIXTURES, manifest, qualified } from './fixtures.js';
import { collectionPath, objectPath, useServer } from './setup.js';

const { srv, api } = useServer();

describe.each(FIXTURES)('$kind $apiVersion', (f) => {
  it('404 names the resource (with its group) and the object', async () => {
    const res = await api().get(objectPath(f, 'x'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: `${qualified(f)} "x" not found`, reason: 'NotFound',
      details: { name: 'x', kind: f.resource, ...(f.group ? { group: f.group } : {}) }, code: 404,
    });
  });

  it('422 Invalid carries the Kind, the field path and a cause per error', async () => {
    const res = await api().post(collectionPath(f), manifest(f, 'Bad_Name'));
    expect(res.status).toBe(422);
    const kindQ = f.group ? `${f.kind}.${f.group}` : f.kind;
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422, details: { name: 'Bad_Name', kind: f.kind } });
    expect(res.body.message.startsWith(`${kindQ} "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": `)).toBe(true);
    expect(res.body.details.causes).toContainEqual(expect.objectContaining({ reason: 'FieldValueInvalid', field: 'metadata.name' }));
  });

  it('400 for malformed JSON', async () => {
    const res = await request(srv().url, collectionPath(f), { method: 'POST', body: '{"metadata": {', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('415 for a body in an unknown media type', async () => {
    const res = await request(srv().url, collectionPath(f), { method: 'POST', body: 'name: x', contentType: 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
    const accepted = f.customResource ? 'application/json, application/yaml$' : 'application/json, application/yaml, application/vnd\\.kubernetes\\.protobuf';
    expect(res.body.message).toMatch(new RegExp(`^the body of the request was in an unknown format - accepted media types include: ${accepted}`));
  });

  it('413 for a body over 3 MiB', async () => {
    const big = manifest(f, 'big', { metadata: { annotations: { big: 'x'.repeat(3 * 1024 * 1024 + 10) } } });
    const res = await api().post(collectionPath(f), big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413, message: 'Request entity too large: limit is 3145728' });
  });

  // The apiserver has no route for these method/path pairs, so go-restful answers 405 and
  // kube-apiserver's service error handler wraps it in a generic Status.
  it.each([
    ['POST', 'an object URL', ''],
    ['PUT', 'a collection URL', 'collection'],
  ])('405 for %s on %s', async (method, _what, target) => {
    const path = target === 'collection' ? collectionPath(f) : objectPath(f, 'x');
    const res = await request(srv().url, path, { method, body: manifest(f, 'x') });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'MethodNotAllowed', code: 405,
      message: 'the server does not allow this method on the requested resource',
    });
  });

  it('an unsupported patch type is 415', async () => {
    const res = await api().patch(objectPath(f, 'x'), { a: 1 }, 'application/xml');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
  });

  if (f.namespaced) {
    it('create in a missing namespace is 404 namespaces "nope" not found', async () => {
      const body = manifest(f, 'x');
      // Events must name an object in their own namespace; keep that consistent so only the namespace is wrong.
      if (body.involvedObject) body.involvedObject.namespace = 'nope';
      if (body.regarding) body.regarding.namespace = 'nope';
      const res = await api().post(collectionPath(f, 'nope'), body);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "nope" not found', details: { name: 'nope', kind: 'namespaces' } });
    });

    it('a body namespace different from the URL is 400', async () => {
      const res = await api().post(collectionPath(f), manifest(f, 'x', { metadata: { namespace: 'kube-system' } }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ reason: 'BadRequest', message: 'the namespace of the provided object does not match the namespace sent on the request' });
    });
  }

  it('a body kind that does not match the endpoint is 400', async () => {
    const res = await api().post(collectionPath(f), { ...manifest(f, 'x'), kind: 'Wrong' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});

describe('errors outside any kind', () => {
  it('an unknown resource is a 404 Status', async () => {
    const res = await api().get('/api/v1/namespaces/default/widgets');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
  });

  it('406 when nothing in Accept can be served', async () => {
    const res = await api().get('/api/v1/namespaces/default/pods', 'text/html');
    expect(res.status).toBe(406);
    expect(res.body).toMatchObject({ reason: 'NotAcceptable', code: 406 });
  });

  it('a malformed label selector is 400', async () => {
    const res = await api().get('/api/v1/namespaces/default/pods?labelSelector=a%20in%20(');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: 'BadRequest' });
  });

  // Older servers say `field label not supported: data.a`; newer ones list the supported fields.
  it('an unsupported field selector is 400', async () => {
    const res = await api().get('/api/v1/namespaces/default/configmaps?fieldSelector=data.a%3D1');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/field label not supported: "?data\.a"?|"data\.a" is not a known field selector/);
  });
});
