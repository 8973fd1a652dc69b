// Garbage collection by ownerReferences and namespace deletion, through the registry like any client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../src/app.js';
import type { KObject } from '../../src/machinery/types.js';

let sim: Kubesim;
beforeEach(async () => {
  sim = await buildApp({ simulate: false, seed: 7 });
});
afterEach(async () => {
  await sim.app.close();
});

const cms = () => sim.registry.resource('', 'configmaps');
const get = (name: string, ns = 'default') => sim.registry.tryGet(cms(), ns, name)?.obj;

function make(name: string, owner?: KObject, block = false, ns = 'default'): KObject {
  const metadata: Record<string, unknown> = { name };
  if (owner) {
    metadata.ownerReferences = [{
      apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid, blockOwnerDeletion: block,
    }];
  }
  return sim.registry.create(cms(), ns, { metadata, data: { k: name } }).object;
}

describe('garbage collector', () => {
  it('Background: dependents go after their owner', async () => {
    const owner = make('owner');
    make('dep-a', owner);
    make('dep-b', owner);
    sim.registry.delete(cms(), 'default', 'owner', { propagationPolicy: 'Background' });
    expect(get('owner')).toBeUndefined();
    await sim.settled();
    expect(get('dep-a')).toBeUndefined();
    expect(get('dep-b')).toBeUndefined();
  });

  it('Foreground: the owner waits, terminating, until its blocking dependents are gone', async () => {
    const owner = make('fg-owner');
    make('fg-dep', owner, true);
    const res = sim.registry.delete(cms(), 'default', 'fg-owner', { propagationPolicy: 'Foreground' });
    expect(res.deleted).toBe(false);
    expect(res.object.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(res.object.metadata.deletionTimestamp).toBeTruthy();
    await sim.settled();
    expect(get('fg-dep')).toBeUndefined();
    expect(get('fg-owner')).toBeUndefined();
  });

  it('Orphan: dependents stay, without the reference to the deleted owner', async () => {
    const owner = make('or-owner');
    const other = make('or-other');
    const dep = sim.registry.create(cms(), 'default', {
      metadata: {
        name: 'or-dep', ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'or-owner', uid: owner.metadata.uid },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'or-other', uid: other.metadata.uid },
        ],
      },
    }).object;
    expect(dep.metadata.ownerReferences).toHaveLength(2);
    sim.registry.delete(cms(), 'default', 'or-owner', { propagationPolicy: 'Orphan' });
    await sim.settled();
    expect(get('or-owner')).toBeUndefined();
    expect(get('or-dep')?.metadata.ownerReferences).toEqual([expect.objectContaining({ name: 'or-other' })]);
  });

  it('an object whose only owner does not exist is collected', async () => {
    sim.registry.create(cms(), 'default', {
      metadata: { name: 'dangling', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' }] },
    });
    await sim.settled();
    expect(get('dangling')).toBeUndefined();
  });

  // An owner is verified by its reference, as upstream's isDangling does (kubernetes/kubernetes,
  // pkg/controller/garbagecollector/garbagecollector.go): looked up by kind and name in the
  // dependent's namespace (or the cluster, for a cluster-scoped kind); absent, or with another
  // uid, the reference dangles.
  it.each([
    ['the right uid under another name', (o: KObject) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: 'not-the-owner', uid: o.metadata.uid }), false],
    ['the right name with another uid', (o: KObject) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name, uid: '00000000-0000-4000-8000-000000000001' }), false],
    ['the right uid and name under another kind', (o: KObject) => ({ apiVersion: 'v1', kind: 'Secret', name: o.metadata.name, uid: o.metadata.uid }), false],
    ['the right uid, name and kind', (o: KObject) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name, uid: o.metadata.uid }), true],
    ['an apiVersion not served, same group and kind', (o: KObject) => ({ apiVersion: 'v2', kind: 'ConfigMap', name: o.metadata.name, uid: o.metadata.uid }), true],
  ])('a dependent whose reference has %s is kept: %s', async (_what, ref, kept) => {
    const owner = make('ref-owner');
    sim.registry.create(cms(), 'default', { metadata: { name: 'ref-dep', ownerReferences: [ref(owner)] } });
    await sim.settled();
    expect(get('ref-dep') !== undefined).toBe(kept);
    expect(get('ref-owner')).toBeDefined();
  });

  it('a reference to a kind nobody serves is not taken for a dangling one: the dependent stays (upstream errs and retries)', async () => {
    sim.registry.create(cms(), 'default', {
      metadata: { name: 'unknown-kind-dep', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: '00000000-0000-4000-8000-000000000002' }] },
    });
    await sim.settled();
    expect(get('unknown-kind-dep')).toBeDefined();
  });

  it('a namespaced owner in another namespace does not count: the dependent is collected', async () => {
    sim.registry.create(sim.registry.resource('', 'namespaces'), '', { metadata: { name: 'other' } });
    const owner = make('far-owner', undefined, false, 'other');
    sim.registry.create(cms(), 'default', {
      metadata: { name: 'far-dep', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'far-owner', uid: owner.metadata.uid }] },
    });
    await sim.settled();
    expect(get('far-dep')).toBeUndefined();
    expect(get('far-owner', 'other')).toBeDefined();
  });

  it('a cluster-scoped owner keeps its namespaced dependents until it goes', async () => {
    const nsr = sim.registry.resource('', 'namespaces');
    const owner = sim.registry.create(nsr, '', { metadata: { name: 'owner-ns' } }).object;
    sim.registry.create(cms(), 'default', {
      metadata: { name: 'ns-dep', ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'owner-ns', uid: owner.metadata.uid }] },
    });
    await sim.settled();
    expect(get('ns-dep')).toBeDefined();
    sim.registry.delete(nsr, '', 'owner-ns');
    for (let i = 0; i < 50 && sim.registry.tryGet(nsr, '', 'owner-ns'); i++) await new Promise((r) => setTimeout(r, 20));
    await sim.settled();
    expect(get('ns-dep')).toBeUndefined();
  });

  it("deleting a Service takes its EndpointSlices with it", async () => {
    const r = sim.registry;
    r.create(r.resource('', 'services'), 'default', { metadata: { name: 'svc' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
    await sim.settled();
    const slices = () => r.list(r.resource('discovery.k8s.io', 'endpointslices'), 'default', { labelSelector: 'kubernetes.io/service-name=svc' }).items;
    expect(slices()).toHaveLength(1);
    r.delete(r.resource('', 'services'), 'default', 'svc');
    await sim.settled();
    expect(slices()).toHaveLength(0);
  });
});

describe('namespace deletion', () => {
  it('goes Terminating, refuses new content, deletes what is inside, then disappears', async () => {
    const r = sim.registry;
    const nss = r.resource('', 'namespaces');
    r.create(nss, '', { metadata: { name: 'team' } });
    make('cm1', undefined, false, 'team');
    r.create(r.resource('', 'services'), 'team', { metadata: { name: 'svc' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
    await sim.settled();
    const res = r.delete(nss, '', 'team');
    expect(res.deleted).toBe(false);
    expect((res.object.status as { phase: string }).phase).toBe('Terminating');
    expect(() => make('late', undefined, false, 'team')).toThrowError(
      expect.objectContaining({
        status: expect.objectContaining({
          code: 403, reason: 'Forbidden',
          message: 'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
        }),
      }),
    );
    await sim.settled();
    expect(r.tryGet(nss, '', 'team')).toBeUndefined();
    for (const s of r.strategies()) {
      if (s.info.namespaced && !s.view) expect(r.list(s, 'team').items, s.info.resource).toHaveLength(0);
    }
  });

  it('the system namespaces cannot be deleted', () => {
    const nss = sim.registry.resource('', 'namespaces');
    for (const name of ['default', 'kube-system', 'kube-public']) {
      expect(() => sim.registry.delete(nss, '', name)).toThrowError(expect.objectContaining({
        status: expect.objectContaining({ code: 403, message: `namespaces "${name}" is forbidden: this namespace may not be deleted` }),
      }));
    }
  });
});

describe('a fresh cluster', () => {
  it("has the kubernetes Service with the apiserver's Endpoints and EndpointSlice, which no controller touches", async () => {
    const r = sim.registry;
    await sim.settled();
    const svc = r.get(r.resource('', 'services'), 'default', 'kubernetes').obj as any;
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
    const ep = r.get(r.resource('', 'endpoints'), 'default', 'kubernetes').obj as any;
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '172.18.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const slices = r.list(r.resource('discovery.k8s.io', 'endpointslices'), 'default', { labelSelector: 'kubernetes.io/service-name=kubernetes' }).items;
    expect(slices.map((s) => s.obj.metadata.name)).toEqual(['kubernetes']);
    expect(slices[0].obj.metadata.generation).toBe(1);
  });
});
