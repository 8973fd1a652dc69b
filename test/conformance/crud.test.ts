// The shared behaviour every served kind must show: create, generateName, get, list with label and
// field selectors, consistent pages, update with good and stale resourceVersions, delete.
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { FIXTURES, manifest, qualified, slug } from './fixtures.js';
import { collectionPath, createObject, GENERATED_SUFFIX, objectPath, RFC3339_SECONDS, useServer, UUID } from './setup.js';

const { api } = useServer();

describe.each(FIXTURES)('$kind $apiVersion', (f) => {
  const base = `c-${slug(f)}`;

  it('create answers 201 with uid, resourceVersion and creationTimestamp; a second create is AlreadyExists', async () => {
    const res = await api().post(collectionPath(f), manifest(f, `${base}-create`));
    expect(res.status, res.text).toBe(201);
    const o = res.body;
    expect(o.kind).toBe(f.kind);
    expect(o.apiVersion).toBe(f.apiVersion);
    expect(o.metadata.name).toBe(`${base}-create`);
    expect(o.metadata.uid).toMatch(UUID);
    expect(o.metadata.resourceVersion).toMatch(/^[1-9]\d*$/);
    expect(o.metadata.creationTimestamp).toMatch(RFC3339_SECONDS);
    if (f.namespaced) expect(o.metadata.namespace).toBe('default');
    else expect(o.metadata.namespace).toBeUndefined();

    const again = await api().post(collectionPath(f), manifest(f, `${base}-create`));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409,
      message: `${qualified(f)} "${base}-create" already exists`,
      details: { name: `${base}-create`, kind: f.resource },
    });
  });

  it('generateName appends five characters from the apiserver alphabet', async () => {
    const body = manifest(f, '');
    body.metadata = { generateName: `${base}-gen-` };
    const names = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await api().post(collectionPath(f), body);
      expect(res.status, res.text).toBe(201);
      const name: string = res.body.metadata.name;
      expect(name.startsWith(`${base}-gen-`)).toBe(true);
      expect(name.slice(`${base}-gen-`.length)).toMatch(GENERATED_SUFFIX);
      expect(res.body.metadata.generateName).toBe(`${base}-gen-`);
      names.add(name);
    }
    expect(names.size).toBe(3);
  });

  it('get returns the stored object', async () => {
    const created = await createObject(api(), f, `${base}-get`);
    const res = await api().get(objectPath(f, `${base}-get`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual(created);
  });

  it('list filters with set-based label selectors and metadata.name field selectors', async () => {
    const set = `${base}-sel`;
    await createObject(api(), f, `${set}-a`, { metadata: { labels: { set, tier: 'a' } } });
    await createObject(api(), f, `${set}-b`, { metadata: { labels: { set, tier: 'b' } } });
    await createObject(api(), f, `${set}-c`, { metadata: { labels: { set } } });
    const names = async (q: string) => {
      const res = await api().get(`${collectionPath(f)}?${q}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.kind).toBe(`${f.kind}List`);
      expect(res.body.apiVersion).toBe(f.apiVersion);
      expect(res.body.metadata.resourceVersion).toMatch(/^[1-9]\d*$/);
      return (res.body.items as any[]).map((o) => o.metadata.name).sort();
    };
    const sel = (s: string) => `labelSelector=${encodeURIComponent(s)}`;
    expect(await names(sel(`set=${set}`))).toEqual([`${set}-a`, `${set}-b`, `${set}-c`]);
    expect(await names(sel(`set=${set},tier in (a)`))).toEqual([`${set}-a`]);
    expect(await names(sel(`set=${set},tier notin (a)`))).toEqual([`${set}-b`, `${set}-c`]);
    expect(await names(sel(`set=${set},tier!=b`))).toEqual([`${set}-a`, `${set}-c`]);
    expect(await names(sel(`set=${set},!tier`))).toEqual([`${set}-c`]);
    expect(await names(sel(`set=${set},tier`))).toEqual([`${set}-a`, `${set}-b`]);
    expect(await names(sel('set=nobody'))).toEqual([]);
    expect(await names(`fieldSelector=${encodeURIComponent(`metadata.name=${set}-b`)}`)).toEqual([`${set}-b`]);
    expect(await names(`${sel(`set=${set}`)}&fieldSelector=${encodeURIComponent(`metadata.name!=${set}-b`)}`)).toEqual([`${set}-a`, `${set}-c`]);
    if (f.namespaced) {
      expect(await names(`fieldSelector=${encodeURIComponent('metadata.namespace=kube-system')}&${sel(`set=${set}`)}`)).toEqual([]);
    }
  });

  it('an empty list still has items: []', async () => {
    const res = await api().get(`${collectionPath(f)}?labelSelector=none%3Dnone`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('"items":[]');
  });

  it('limit/continue pages come from one snapshot with one resourceVersion', async () => {
    const set = `${base}-page`;
    for (const s of ['a', 'b', 'c']) await createObject(api(), f, `${set}-${s}`, { metadata: { labels: { set } } });
    const q = `labelSelector=${encodeURIComponent(`set=${set}`)}`;
    const p1 = await api().get(`${collectionPath(f)}?${q}&limit=2`);
    expect(p1.status).toBe(200);
    expect(p1.body.items.map((o: any) => o.metadata.name)).toEqual([`${set}-a`, `${set}-b`]);
    expect(typeof p1.body.metadata.continue).toBe('string');
    // remainingItemCount is left out: the apiserver only counts when no selector is given.
    // A write between pages must not show up in the rest of the snapshot.
    await createObject(api(), f, `${set}-d`, { metadata: { labels: { set } } });
    const p2 = await api().get(`${collectionPath(f)}?${q}&limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
    expect(p2.status, p2.text).toBe(200);
    expect(p2.body.items.map((o: any) => o.metadata.name)).toEqual([`${set}-c`]);
    expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion);
    expect(p2.body.metadata.continue ?? '').toBe('');
  });

  it('update with the current resourceVersion succeeds; a stale one is a 409 Conflict', async () => {
    const created = await createObject(api(), f, `${base}-upd`);
    const changed = structuredClone(created);
    changed.metadata.labels = { ...changed.metadata.labels, updated: 'yes' };
    const ok = await api().put(objectPath(f, `${base}-upd`), changed);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.metadata.labels.updated).toBe('yes');
    expect(Number(ok.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(ok.body.metadata.uid).toBe(created.metadata.uid);
    expect(ok.body.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);

    const stale = structuredClone(created);
    stale.metadata.labels = { stale: 'yes' };
    const res = await api().put(objectPath(f, `${base}-upd`), stale);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409,
      message: `Operation cannot be fulfilled on ${qualified(f)} "${base}-upd": the object has been modified; please apply your changes to the latest version and try again`,
      details: { name: `${base}-upd`, kind: f.resource, ...(f.group ? { group: f.group } : {}) },
    });
    const now = await api().get(objectPath(f, `${base}-upd`));
    expect(now.body.metadata.labels.stale).toBeUndefined();
  });

  it('a no-op update keeps the resourceVersion', async () => {
    const created = await createObject(api(), f, `${base}-noop`);
    const res = await api().put(objectPath(f, `${base}-noop`), created);
    expect(res.status, res.text).toBe(200);
    expect(res.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('delete removes the object; a second delete is NotFound', async () => {
    const created = await createObject(api(), f, `${base}-del`);
    const res = await api().del(objectPath(f, `${base}-del`), { propagationPolicy: 'Background' });
    expect(res.status, res.text).toBe(200);
    if (res.body.kind === 'Status') {
      expect(res.body).toMatchObject({ status: 'Success', details: { name: `${base}-del`, kind: f.resource, uid: created.metadata.uid } });
    } else {
      expect(res.body.metadata.uid).toBe(created.metadata.uid);
    }
    // Namespaces go Terminating first; the namespace controller then removes them.
    await eventually(async () => (await api().get(objectPath(f, `${base}-del`))).status === 404, 10000, `${f.kind} to disappear`);
    const again = await api().del(objectPath(f, `${base}-del`));
    expect(again.status).toBe(404);
    expect(again.body.message).toBe(`${qualified(f)} "${base}-del" not found`);
  });
});
