// Shared per-file setup for the conformance suite: one fresh server, and a few request helpers
// that know a fixture's paths.
import { afterAll, beforeAll } from 'vitest';
import { client } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectionPath, manifest, objectPath, SPROCKET_CRD, type KindFixture } from './fixtures.js';

export const GENERATED_SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;
export const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function useServer(): { srv: () => TestServer; api: () => ReturnType<typeof client> } {
  let server: TestServer;
  beforeAll(async () => {
    // API machinery only: no simulated nodes or kubelet writing to the objects under test.
    server = await startServer({ simulate: false, workloadControllers: false });
    // The custom kind the suite covers next to the built-ins: its CRD, established.
    const res = await client(server.url).post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', SPROCKET_CRD);
    if (res.status !== 201) throw new Error(`create the conformance CRD: ${res.status} ${res.text}`);
    await server.sim.settled();
  });
  afterAll(async () => {
    await server?.close();
  });
  return { srv: () => server, api: () => client(server.url) };
}

/** Creates `name` from the fixture (plus extra fields) and returns the stored object. */
export async function createObject(api: ReturnType<typeof client>, f: KindFixture, name: string, extra: Record<string, any> = {}) {
  const res = await api.post(collectionPath(f), manifest(f, name, extra));
  if (res.status !== 201) throw new Error(`create ${f.kind} ${name}: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}

export { collectionPath, objectPath };
