// @kubernetes/client-node 2.0.1 against kubesim: the typed clients create, read, list, patch,
// replace and delete every served kind without decode errors, and an informer follows changes and
// re-watches when the server ends a watch.
import {
  AppsV1Api, BatchV1Api, CoordinationV1Api, CoreV1Api, CustomObjectsApi, DiscoveryV1Api, EventsV1Api, makeInformer, Watch, type KubernetesObject,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, eventually } from '../helpers/http.js';
import { clientNodeConfig } from '../helpers/kubeconfig.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FIXTURES, manifest, slug, SPROCKET_CRD } from '../conformance/fixtures.js';

let srv: TestServer;
let core: CoreV1Api;
let discovery: DiscoveryV1Api;
let events: EventsV1Api;
let coordination: CoordinationV1Api;
let apps: AppsV1Api;
let batch: BatchV1Api;
let custom: CustomObjectsApi;
beforeAll(async () => {
  // Pods are left alone (manual lifecycle) and no workload controller runs, so a read-then-replace
  // is not raced by the kubelet stand-in or a Deployment's status writes; the informer and watch
  // cases below do not depend on either.
  srv = await startServer({ podLifecycle: 'manual', workloadControllers: false });
  const kc = clientNodeConfig(srv.url);
  core = kc.makeApiClient(CoreV1Api);
  discovery = kc.makeApiClient(DiscoveryV1Api);
  events = kc.makeApiClient(EventsV1Api);
  coordination = kc.makeApiClient(CoordinationV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  batch = kc.makeApiClient(BatchV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await client(srv.url).post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', SPROCKET_CRD);
  await srv.sim.settled();
});
afterAll(() => srv.close());

/** The typed API object and method-name stem client-node uses for a fixture's kind. */
function typed(apiVersion: string, kind: string): { api: any; stem: string } {
  if (apiVersion === 'discovery.k8s.io/v1') return { api: discovery, stem: kind };
  if (apiVersion === 'events.k8s.io/v1') return { api: events, stem: kind };
  if (apiVersion === 'coordination.k8s.io/v1') return { api: coordination, stem: kind };
  if (apiVersion === 'apps/v1') return { api: apps, stem: kind };
  if (apiVersion === 'batch/v1') return { api: batch, stem: kind };
  return { api: core, stem: kind };
}

describe.each(FIXTURES.filter((f) => f.customResource))('$kind $apiVersion through CustomObjectsApi', (f) => {
  it('create, read, list, patch, replace and delete', async () => {
    const name = `cn-${slug(f)}`;
    const at = { group: f.group, version: f.apiVersion.split('/')[1], namespace: 'default', plural: f.resource };
    const created = await custom.createNamespacedCustomObject({ ...at, body: manifest(f, name) });
    expect(created.metadata.name).toBe(name);
    const read = await custom.getNamespacedCustomObject({ ...at, name });
    expect(read.metadata.uid).toBe(created.metadata.uid);
    const list = await custom.listNamespacedCustomObject(at);
    expect(list.items.map((o: KubernetesObject) => o.metadata?.name)).toContain(name);
    const patched = await custom.patchNamespacedCustomObject({ ...at, name, body: [{ op: 'add', path: '/metadata/labels', value: { patched: 'yes' } }] });
    expect(patched.metadata.labels).toEqual({ patched: 'yes' });
    const body = { ...read, metadata: { ...read.metadata, resourceVersion: patched.metadata.resourceVersion, annotations: { replaced: 'yes' } } };
    const replaced = await custom.replaceNamespacedCustomObject({ ...at, name, body });
    expect(replaced.metadata.annotations).toEqual({ replaced: 'yes' });
    await custom.deleteNamespacedCustomObject({ ...at, name });
    const gone = await custom.getNamespacedCustomObject({ ...at, name }).catch((e) => e);
    expect(gone.code).toBe(404);
  });
});

describe.each(FIXTURES.filter((f) => !f.customResource))('$kind $apiVersion through the typed client', (f) => {
  it('create, read, list, patch, replace and delete', async () => {
    const { api, stem } = typed(f.apiVersion, f.kind);
    const name = `cn-${slug(f)}`;
    const ns = f.namespaced ? 'Namespaced' : '';
    const where = f.namespaced ? { namespace: 'default' } : {};
    const call = (verb: string, args: Record<string, unknown>, suffix = '') => {
      const fn = api[`${verb}${ns}${stem}${suffix}`];
      if (typeof fn !== 'function') throw new Error(`client-node has no ${verb}${ns}${stem}${suffix}`);
      return fn.call(api, { ...where, ...args });
    };

    const created = await call('create', { body: manifest(f, name) });
    expect(created.metadata.name).toBe(name);
    expect(created.metadata.creationTimestamp).toBeInstanceOf(Date);
    expect(Number.isNaN(created.metadata.creationTimestamp.getTime())).toBe(false);

    const read = await call('read', { name });
    expect(read.metadata.uid).toBe(created.metadata.uid);
    expect(read.kind).toBe(f.kind);

    const list = await call('list', {});
    expect(list.items.map((o: KubernetesObject) => o.metadata?.name)).toContain(name);
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    if (f.namespaced) {
      const all = await api[`list${stem}ForAllNamespaces`]({});
      expect(all.items.some((o: KubernetesObject) => o.metadata?.name === name)).toBe(true);
    }

    // client-node sends JSON patch (application/json-patch+json) unless told otherwise.
    const patched = await call('patch', { name, body: [{ op: 'add', path: '/metadata/labels', value: { patched: 'yes' } }] });
    expect(patched.metadata.labels).toEqual(expect.objectContaining({ patched: 'yes' }));

    const body = structuredClone(read);
    body.metadata.resourceVersion = patched.metadata.resourceVersion;
    body.metadata.annotations = { replaced: 'yes' };
    body.metadata.labels = patched.metadata.labels;
    const replaced = await call('replace', { name, body });
    expect(replaced.metadata.annotations).toEqual(expect.objectContaining({ replaced: 'yes' }));

    await call('delete', { name });
    await eventually(async () => {
      try {
        await call('read', { name });
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    }, 10000, `${f.kind} ${name} to be gone`);
  });
});

describe('client-node errors', () => {
  it('a missing object throws ApiException 404 with the Status as body text', async () => {
    const err = await core.readNamespacedPod({ name: 'nope', namespace: 'default' }).catch((e) => e);
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });
});

describe('client-node watch and informer', () => {
  it('Watch streams typed events', async () => {
    const seen: string[] = [];
    const rv = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata!.resourceVersion!;
    const req = await new Watch(clientNodeConfig(srv.url)).watch('/api/v1/namespaces/default/configmaps',
      { resourceVersion: rv }, (type, obj) => seen.push(`${type} ${obj.metadata.name}`), () => undefined);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cn-watch' } } });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'cn-watch' });
    await eventually(() => seen.length >= 2);
    req.abort();
    expect(seen).toEqual(['ADDED cn-watch', 'DELETED cn-watch']);
  });

  it('an informer sees add, update and delete, and re-watches after the server ends the watch', async () => {
    const kc = clientNodeConfig(srv.url);
    const api = kc.makeApiClient(CoreV1Api);
    // The path carries timeoutSeconds so the server ends each watch after a second.
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps?timeoutSeconds=1',
      () => api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'inf=yes' }), 'inf=yes');
    const log: string[] = [];
    let connects = 0;
    const errors: unknown[] = [];
    informer.on('add', (o) => log.push(`add ${o.metadata!.name}`));
    informer.on('update', (o) => log.push(`update ${o.metadata!.name} ${o.data?.v ?? ''}`));
    informer.on('delete', (o) => log.push(`delete ${o.metadata!.name}`));
    informer.on('connect', () => connects++);
    informer.on('error', (e) => errors.push(e));
    await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-0', labels: { inf: 'yes' } } } });
    await informer.start();
    try {
      await eventually(() => log.includes('add inf-0'));
      await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-1', labels: { inf: 'yes' } } } });
      await eventually(() => log.includes('add inf-1'));
      await api.patchNamespacedConfigMap({ namespace: 'default', name: 'inf-1', body: [{ op: 'add', path: '/data', value: { v: '1' } }] });
      await eventually(() => log.includes('update inf-1 1'));
      // Outlive a couple of server-side watch timeouts, then change things again.
      await eventually(() => connects >= 3, 8000, 'the informer to reconnect twice');
      await api.patchNamespacedConfigMap({ namespace: 'default', name: 'inf-1', body: [{ op: 'replace', path: '/data/v', value: '2' }] });
      await eventually(() => log.includes('update inf-1 2'));
      await api.deleteNamespacedConfigMap({ namespace: 'default', name: 'inf-0' });
      await eventually(() => log.includes('delete inf-0'));
      expect(informer.list().map((o) => o.metadata!.name)).toEqual(['inf-1']);
      expect(errors).toEqual([]);
      expect(log.filter((l) => l.startsWith('add'))).toEqual(['add inf-0', 'add inf-1']);
    } finally {
      await informer.stop();
    }
  });
});
