// Custom resources beyond the single-version basics: several served versions (conversion None),
// garbage collection and namespace deletion, --state-file across a restart, a CRD and its
// instances in one manifest, a large real-world-shaped CRD, and 50 CRDs at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubesim, type KubesimServer } from '../../src/index.js';
import { client, eventually } from '../helpers/http.js';

type J = Record<string, any>;

export function crd(group: string, kind: string, o: { versions?: string[]; storage?: string; scope?: string; props?: J } = {}): J {
  const plural = `${kind.toLowerCase()}s`;
  const versions = o.versions ?? ['v1'];
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
    spec: {
      group, scope: o.scope ?? 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind },
      versions: versions.map((v) => ({
        name: v, served: true, storage: v === (o.storage ?? versions[0]), subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: o.props ?? { size: { type: 'integer' } } }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
      })),
    },
  };
}

/** A CRD shaped like the big ones people install (hundreds of properties, nested, several versions). */
export function largeCRD(): J {
  const leaf = (i: number): J => [
    { type: 'string', description: `setting ${i}`, maxLength: 253 },
    { type: 'integer', format: 'int32', minimum: 0, maximum: 65535 },
    { type: 'boolean' },
    { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    { type: 'object', additionalProperties: { type: 'string' } },
  ][i % 5];
  const section = (n: number, prefix: string): J => {
    const properties: J = {};
    for (let i = 0; i < n; i++) properties[`${prefix}${i}`] = leaf(i);
    return { type: 'object', properties };
  };
  const spec: J = { type: 'object', properties: {} };
  for (let s = 0; s < 20; s++) spec.properties[`section${s}`] = section(15, `field`);
  spec.properties.routes = {
    type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
    items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, ...section(20, 'opt').properties } },
  };
  const c = crd('mesh.example.io', 'TrafficPolicy', { versions: ['v1alpha1', 'v1beta1', 'v1'], storage: 'v1' });
  for (const v of c.spec.versions) v.schema.openAPIV3Schema.properties.spec = spec;
  return c;
}

let sim: KubesimServer;
beforeAll(async () => { sim = await startKubesim({ seed: 7 }); });
afterAll(() => sim.close());

describe('custom resources at run time', () => {
  it('serves every version of a multi-version CRD from one storage (conversion None)', async () => {
    await sim.apply([crd('multi.example.com', 'Thing', { versions: ['v1beta1', 'v1'], storage: 'v1' })]);
    const api = client(sim.url);
    const made = await api.post('/apis/multi.example.com/v1beta1/namespaces/default/things', {
      apiVersion: 'multi.example.com/v1beta1', kind: 'Thing', metadata: { name: 't1' }, spec: { size: 3 },
    });
    expect(made.status).toBe(201);
    expect(made.body.apiVersion).toBe('multi.example.com/v1beta1');
    const v1 = await api.get('/apis/multi.example.com/v1/namespaces/default/things/t1');
    expect(v1.body).toMatchObject({ apiVersion: 'multi.example.com/v1', kind: 'Thing', spec: { size: 3 } });
    expect(v1.body.metadata.resourceVersion).toBe(made.body.metadata.resourceVersion);
    const crdNow = await api.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.multi.example.com');
    expect(crdNow.body.status.storedVersions).toEqual(['v1']);
  });

  it('applies a CRD and its instances from one manifest', async () => {
    const objs = await sim.apply([crd('one.example.com', 'Gizmo'), { apiVersion: 'one.example.com/v1', kind: 'Gizmo', metadata: { name: 'g' }, spec: { size: 1 } }]);
    expect(objs.map((o) => o.kind)).toEqual(['CustomResourceDefinition', 'Gizmo']);
  });

  it('garbage-collects custom resources whose owner is gone, and namespace deletion removes them', async () => {
    await sim.apply([crd('gc.example.com', 'Part'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch' } }]);
    const api = client(sim.url);
    const owner = await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'owner' } });
    await api.post('/apis/gc.example.com/v1/namespaces/default/parts', {
      apiVersion: 'gc.example.com/v1', kind: 'Part', metadata: { name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.body.metadata.uid }] },
    });
    await api.post('/apis/gc.example.com/v1/namespaces/scratch/parts', { apiVersion: 'gc.example.com/v1', kind: 'Part', metadata: { name: 'p' } });
    await api.del('/api/v1/namespaces/default/configmaps/owner');
    await eventually(async () => (await api.get('/apis/gc.example.com/v1/namespaces/default/parts/child')).status === 404 || undefined, 5000, 'child collected');
    await api.del('/api/v1/namespaces/scratch');
    await eventually(async () => (await api.get('/api/v1/namespaces/scratch')).status === 404 || undefined, 5000, 'namespace gone');
    expect((await api.get('/apis/gc.example.com/v1/parts')).body.items).toEqual([]);
  });

  it('serves a large real-world-shaped CRD with three versions', async () => {
    const big = largeCRD();
    expect(JSON.stringify(big).length).toBeGreaterThan(50_000);
    await sim.apply([big]);
    const api = client(sim.url);
    const body = {
      apiVersion: 'mesh.example.io/v1beta1', kind: 'TrafficPolicy', metadata: { name: 'tp' },
      spec: { section0: { field0: 'x', field1: 8080, field3: ['a', 'b'] }, routes: [{ name: 'r1', opt1: 1 }, { name: 'r2' }] },
    };
    const res = await api.post('/apis/mesh.example.io/v1beta1/namespaces/default/trafficpolicys', body);
    expect(res.status).toBe(201);
    const bad = await api.post('/apis/mesh.example.io/v1/namespaces/default/trafficpolicys', {
      ...body, apiVersion: 'mesh.example.io/v1', metadata: { name: 'bad' }, spec: { section0: { field1: 70000 }, routes: [{ name: 'r' }, { name: 'r' }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('spec.section0.field1: Invalid value: 70000: spec.section0.field1 in body should be less than or equal to 65535');
    expect(bad.body.message).toContain('spec.routes[1]: Duplicate value');
    const doc = await api.get('/openapi/v3/apis/mesh.example.io/v1');
    expect(doc.status).toBe(200);
  });

  it('establishes 50 CRDs applied at once', async () => {
    const crds = Array.from({ length: 50 }, (_, i) => crd('fleet.example.com', `Kind${i}`));
    await sim.apply(crds);
    await sim.settled();
    const api = client(sim.url);
    const list = await api.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions?labelSelector=');
    const fleet = (list.body.items as J[]).filter((c) => c.spec.group === 'fleet.example.com');
    expect(fleet).toHaveLength(50);
    for (const c of fleet) expect(c.status.conditions.find((x: J) => x.type === 'Established')?.status).toBe('True');
    const res = await api.get('/apis/fleet.example.com/v1');
    expect(res.body.resources.filter((r: J) => !r.name.includes('/'))).toHaveLength(50);
  });
});

describe('custom resources and --state-file', () => {
  it('keeps CRDs and their instances across a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'kubesim-crd-state-')), 'state');
    const a = await startKubesim({ stateFile });
    await a.apply([crd('keep.example.com', 'Box'), { apiVersion: 'keep.example.com/v1', kind: 'Box', metadata: { name: 'b1' }, spec: { size: 5 } }]);
    const before = await (await fetch(`${a.url}/apis/keep.example.com/v1/namespaces/default/boxes/b1`)).json();
    await a.close();
    const b = await startKubesim({ stateFile });
    try {
      await b.settled();
      const after = await (await fetch(`${b.url}/apis/keep.example.com/v1/namespaces/default/boxes/b1`)).json();
      expect(after).toEqual(before);
    } finally {
      await b.close();
    }
  });
});
