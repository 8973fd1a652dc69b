// Status isolation for every kind with a /status subresource: writes to the main resource keep the
// old status, writes to /status keep the old spec.
import { describe, expect, it } from 'vitest';
import { FIXTURES, missingFields, slug } from './fixtures.js';
import { createObject, objectPath, useServer } from './setup.js';

const { api } = useServer();
const WITH_STATUS = FIXTURES.filter((f) => f.status);
const WITHOUT_STATUS = FIXTURES.filter((f) => !f.status);

describe.each(WITH_STATUS)('$kind $apiVersion /status', (f) => {
  const name = `s-${slug(f)}`;

  it('PUT /status changes status only; PUT on the object keeps status', async () => {
    const created = await createObject(api(), f, name);
    const body = structuredClone(created);
    body.status = { ...body.status, ...structuredClone(f.status!.value) };
    f.status!.specEdit?.(body);
    const st = await api().put(`${objectPath(f, name)}/status`, body);
    expect(st.status, st.text).toBe(200);
    expect(missingFields(f.status!.value, st.body.status)).toEqual([]);
    expect(st.body.spec).toEqual(created.spec);
    expect(Number(st.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    if (created.metadata.generation !== undefined) expect(st.body.metadata.generation).toBe(created.metadata.generation);

    const got = await api().get(`${objectPath(f, name)}/status`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(st.body);

    // A client writing the object back with a stale status must not overwrite the new one.
    const main = structuredClone(st.body);
    main.status = created.status ?? {};
    main.metadata.labels = { ...main.metadata.labels, touched: 'yes' };
    const put = await api().put(objectPath(f, name), main);
    expect(put.status, put.text).toBe(200);
    expect(put.body.metadata.labels.touched).toBe('yes');
    expect(put.body.status).toEqual(st.body.status);
  });

  it('PATCH /status merges into status', async () => {
    await createObject(api(), f, `${name}-patch`);
    const res = await api().patch(`${objectPath(f, `${name}-patch`)}/status`, { status: f.status!.value }, 'application/merge-patch+json');
    expect(res.status, res.text).toBe(200);
    expect(missingFields(f.status!.value, res.body.status)).toEqual([]);
  });
});

describe.each(WITHOUT_STATUS)('$kind $apiVersion has no /status', (f) => {
  it('GET .../status is 404', async () => {
    await createObject(api(), f, `s-${slug(f)}`);
    const res = await api().get(`${objectPath(f, `s-${slug(f)}`)}/status`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });
});
