// Everything a client sends comes back: labels, annotations (any string value) and fields this
// simulator does not interpret itself (pod affinity, tolerations, ...), on create, get, list and watch.
import { describe, expect, it } from 'vitest';
import { FIXTURES, manifest, missingFields, slug } from './fixtures.js';
import { collectionPath, objectPath, useServer } from './setup.js';

const { api } = useServer();

const META = {
  labels: { app: 'web', 'example.com/tier': 'front-end', empty: '' },
  annotations: {
    'example.com/json': '{"a":[1,2,{"b":null}]}',
    'example.com/unicode': 'héllo — 世界 ✓',
    'example.com/multiline': 'line one\nline two\n',
    'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n',
  },
};

describe.each(FIXTURES)('$kind $apiVersion', (f) => {
  it('round-trips labels, annotations and every field sent', async () => {
    const name = `rt-${slug(f)}`;
    // No ownerReferences here: the garbage collector rightly deletes dependents of a missing owner.
    const body = manifest(f, name, { ...(f.rich?.() ?? {}), metadata: META });
    const created = await api().post(collectionPath(f), body);
    expect(created.status, created.text).toBe(201);
    const { status: _ignored, ...sentWithoutStatus } = body;
    expect(missingFields(sentWithoutStatus, created.body)).toEqual([]);

    const got = await api().get(objectPath(f, name));
    expect(missingFields(sentWithoutStatus, got.body)).toEqual([]);

    const list = await api().get(`${collectionPath(f)}?fieldSelector=metadata.name%3D${name}`);
    expect(list.body.items).toHaveLength(1);
    expect(missingFields({ metadata: sentWithoutStatus.metadata }, list.body.items[0])).toEqual([]);
  });
});
