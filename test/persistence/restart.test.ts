// --state-file through the library API: what was there before a restart is there after it, with
// the same resourceVersions, and the counter keeps going up.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startKubesim, type KubesimServer } from '../../src/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kubesim-state-'));

async function getJSON(sim: KubesimServer, path: string): Promise<any> {
  const res = await fetch(`${sim.url}${path}`);
  return res.json();
}

async function namespaces(sim: KubesimServer): Promise<string[]> {
  return (await getJSON(sim, '/api/v1/namespaces')).items.map((n: any) => n.metadata.name).sort();
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('state across restarts (library API)', () => {
  it('keeps objects, their resourceVersions and uids, and continues the counter', async () => {
    const stateFile = join(dir(), 'state');
    const a = await startKubesim({ stateFile });
    const [cm] = await a.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', labels: { x: '1' } }, data: { a: '1' } });
    await a.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { b: '2' } });
    const [svc] = await a.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
    const before = await getJSON(a, '/api/v1/namespaces/default/configmaps/keep');
    const revision = a.store.currentRevision;
    await a.close();
    expect(statSync(`${stateFile}.journal`).size).toBe(0);
    expect(readFileSync(stateFile, 'utf8')).toContain('"name":"keep"');

    const b = await startKubesim({ stateFile });
    try {
      const after = await getJSON(b, '/api/v1/namespaces/default/configmaps/keep');
      expect(after).toEqual(before);
      expect(after.metadata.uid).toBe(cm.metadata.uid);
      const web = await getJSON(b, '/api/v1/namespaces/default/services/web');
      expect(web.spec.clusterIP).toBe((svc.spec as { clusterIP: string }).clusterIP);
      expect(b.store.currentRevision).toBe(revision);
      const list = await getJSON(b, '/api/v1/configmaps');
      expect(Number(list.metadata.resourceVersion)).toBe(revision);
      const [next] = await b.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'next' } });
      expect(Number(next.metadata.resourceVersion)).toBe(revision + 1);
      // The restored clusterIP stays taken.
      const [other] = await b.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'other' }, spec: { ports: [{ port: 80 }] } });
      expect((other.spec as { clusterIP: string }).clusterIP).not.toBe(web.spec.clusterIP);
    } finally {
      await b.close();
    }
  });

  it('does not re-run the bootstrap: a deleted system namespace stays deleted', async () => {
    const stateFile = join(dir(), 'state');
    const a = await startKubesim({ stateFile });
    await fetch(`${a.url}/api/v1/namespaces/kube-node-lease`, { method: 'DELETE' });
    await until(async () => !(await namespaces(a)).includes('kube-node-lease'));
    await a.close();
    const b = await startKubesim({ stateFile });
    try {
      expect(await namespaces(b)).toEqual(['default', 'kube-public', 'kube-system']);
    } finally {
      await b.close();
    }
  });

  it('answers 410 to a watch resuming from before the restart, and serves the current state', async () => {
    const stateFile = join(dir(), 'state');
    const a = await startKubesim({ stateFile });
    await a.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } });
    const old = a.store.currentRevision - 1;
    await a.close();
    const b = await startKubesim({ stateFile });
    try {
      const res = await fetch(`${b.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}`);
      const text = await res.text();
      expect(JSON.parse(text.trim())).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
      const current = await fetch(`${b.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${b.store.currentRevision}&timeoutSeconds=1`);
      expect(current.status).toBe(200);
      await current.text();
    } finally {
      await b.close();
    }
  });

  it('remembers a reset', async () => {
    const stateFile = join(dir(), 'state');
    const a = await startKubesim({ stateFile });
    await a.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before-reset' } });
    a.reset();
    await a.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-reset' } });
    const revision = a.store.currentRevision;
    await a.close();
    const b = await startKubesim({ stateFile });
    try {
      const names = (await getJSON(b, '/api/v1/namespaces/default/configmaps')).items.map((c: any) => c.metadata.name);
      expect(names).toEqual(['after-reset']);
      expect(b.store.currentRevision).toBe(revision);
    } finally {
      await b.close();
    }
  });

  it('folds a large journal into the snapshot while running', async () => {
    const stateFile = join(dir(), 'state');
    const a = await startKubesim({ stateFile, persistenceOptions: { compactAtBytes: 4096, syncIntervalMs: 1 } });
    for (let i = 0; i < 40; i++) {
      await a.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { pad: 'x'.repeat(200) } });
      await new Promise((r) => setTimeout(r, 2));
    }
    // The journal was emptied at least once along the way, and the snapshot holds the earlier writes.
    expect(statSync(`${stateFile}.journal`).size).toBeLessThan(40 * 200);
    expect(readFileSync(stateFile, 'utf8')).toContain('"name":"c0"');
    const revision = a.store.currentRevision;
    a.sim.app.server.close();
    // A second instance reads snapshot + journal without the first one's clean shutdown.
    const b = await startKubesim({ stateFile });
    try {
      const items = (await getJSON(b, '/api/v1/namespaces/default/configmaps')).items;
      expect(items).toHaveLength(40);
      expect(b.store.currentRevision).toBe(revision);
    } finally {
      await b.close();
      await a.sim.app.close();
    }
  });

  it('with a seed, does not hand out the uids of restored objects again', async () => {
    const stateFile = join(dir(), 'state');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'g-' } };
    const a = await startKubesim({ stateFile, seed: 5 });
    const [first] = await a.apply(cm);
    await a.close();
    const b = await startKubesim({ stateFile, seed: 5 });
    try {
      const restoredUIDs = ['namespaces', 'services', 'configmaps'].flatMap((r) => b.store.list(r).map((o) => o.obj.metadata.uid));
      expect(restoredUIDs).toContain(first.metadata.uid);
      const made = await b.apply([cm, cm, cm, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }]);
      for (const o of made) expect(restoredUIDs).not.toContain(o.metadata.uid);
    } finally {
      await b.close();
    }
  });

  it('starts fresh when the state file does not exist yet, and creates it', async () => {
    const ok = join(dir(), 'sub', 'state');
    const a = await startKubesim({ stateFile: ok });
    expect(await namespaces(a)).toHaveLength(4);
    await a.close();
    expect(existsSync(ok)).toBe(true);
  });
});
