// Debian's python3-kubernetes 22.6.0 (the Python client most distributions ship) against kubesim:
// every kind lists and reads into its model classes, and a watch stream (watch=True) works.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { client } from '../helpers/http.js';
import { writeKubeconfig } from '../helpers/kubeconfig.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectionPath, FIXTURES, manifest, slug, SPROCKET_CRD } from '../conformance/fixtures.js';

/** The first Python that can import kubernetes (pyenv shims may hide Debian's /usr/bin/python3). */
function findPython(): string | undefined {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  return candidates.find((p) => spawnSync(p, ['-c', 'import kubernetes'], { stdio: 'ignore' }).status === 0);
}

const python = findPython();
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'python_client.py');

let srv: TestServer;
beforeAll(async () => {
  if (!python) return;
  srv = await startServer();
  const api = client(srv.url);
  await api.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', SPROCKET_CRD);
  await srv.sim.settled();
  for (const f of FIXTURES) {
    const r = await api.post(collectionPath(f), manifest(f, `py-${slug(f)}`));
    if (r.status !== 201) throw new Error(`seeding ${f.kind}: ${r.status} ${r.text}`);
  }
  await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'py-watch-old', labels: { py: 'watch' } } });
});
afterAll(() => srv?.close());

const snake = (kind: string) => kind.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(python!, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it.skipIf(!python)(`python3-kubernetes lists, reads and watches every kind${python ? '' : ' (skipped: python3-kubernetes is not installed; apt-get install -y python3-kubernetes)'}`, async () => {
  const specs = FIXTURES.map((f) => ({
    key: `${f.apiVersion}/${f.kind}`,
    api: ({ 'discovery.k8s.io': 'discovery', 'events.k8s.io': 'events', 'coordination.k8s.io': 'coordination', apps: 'apps', batch: 'batch' } as Record<string, string>)[f.group] ?? 'core',
    snake: snake(f.kind),
    namespaced: f.namespaced,
    name: `py-${slug(f)}`,
    ...(f.customResource ? { custom: true, group: f.group, version: f.apiVersion.split('/')[1], plural: f.resource } : {}),
  }));
  const r = await run([SCRIPT, writeKubeconfig(srv.url), JSON.stringify(specs)]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.errors).toEqual([]);
  for (const s of specs) {
    expect(report.read[s.key]).toBe(s.name);
    expect(report.listed[s.key]).toContain(s.name);
  }
  expect(report.not_found).toEqual({ status: 404, body: expect.objectContaining({ reason: 'NotFound', message: 'pods "nope" not found' }) });
  expect(report.watch).toEqual(['ADDED py-watch-old', 'ADDED py-watch-new', 'MODIFIED py-watch-new', 'DELETED py-watch-new']);
  expect(report.rewatch).toEqual(['ADDED py-watch-later']);
});
