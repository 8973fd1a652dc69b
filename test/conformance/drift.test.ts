// Keeps the fixtures table in step with what the server serves: every resource in discovery has
// exactly one fixture, with the same kind, scope and status subresource.
import { expect, it } from 'vitest';
import { EXEMPT, FIXTURES } from './fixtures.js';
import { useServer } from './setup.js';

const { api } = useServer();

interface Served { key: string; kind: string; namespaced: boolean; hasStatus: boolean }

async function served(): Promise<Served[]> {
  const gvs = ['/api/v1'];
  const groups = await api().get('/apis');
  for (const g of groups.body.groups) for (const v of g.versions) gvs.push(`/apis/${v.groupVersion}`);
  const out: Served[] = [];
  for (const path of gvs) {
    const list = await api().get(path);
    const group = path === '/api/v1' ? '' : list.body.groupVersion.split('/')[0];
    const names = new Set((list.body.resources as any[]).map((r) => r.name));
    for (const r of list.body.resources as any[]) {
      if (r.name.includes('/') || EXEMPT.includes(`${group}/${r.name}`)) continue;
      out.push({ key: `${group}/${r.name}`, kind: r.kind, namespaced: r.namespaced, hasStatus: names.has(`${r.name}/status`) });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

it('every served resource has one conformance fixture, and every fixture is served', async () => {
  const expected = FIXTURES.map((f) => ({ key: `${f.group}/${f.resource}`, kind: f.kind, namespaced: f.namespaced, hasStatus: !!f.status }))
    .sort((a, b) => a.key.localeCompare(b.key));
  expect(await served()).toEqual(expected);
});
