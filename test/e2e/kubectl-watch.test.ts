// kubectl's streaming commands: get -w (table rows as events arrive, with and without
// --output-watch-events) and wait (client-go's WatchList: ADDED..., initial-events-end BOOKMARK).
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/http.js';
import { tableRows } from '../helpers/kubectl.js';
import { UNSCHEDULABLE, useKubectl } from './setup.js';

const { srv, k } = useKubectl();
const PODS = '/api/v1/namespaces/default/pods';
const podBody = (name: string, labels: Record<string, string> = {}, schedulable = false) =>
  ({ metadata: { name, labels }, spec: { ...(schedulable ? {} : { nodeSelector: UNSCHEDULABLE }), containers: [{ name: 'app', image: 'nginx:1.27' }] } });

describe('kubectl get -w', () => {
  it('prints the list, then a row per change', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('gw-0', { w: 'a' }));
    const bg = k().start(['get', 'pods', '-l', 'w=a', '-w']);
    try {
      await bg.waitFor((o) => /gw-0/.test(o));
      await api.post(PODS, podBody('gw-1', { w: 'a' }));
      await bg.waitFor((o) => /gw-1/.test(o));
      await api.patch(`${PODS}/gw-1`, { metadata: { labels: { extra: 'x' } } }, 'application/merge-patch+json');
      await bg.waitFor((o) => (o.match(/gw-1/g) ?? []).length >= 2);
      const rows = tableRows(bg.stdout);
      expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(rows[1].slice(0, 4)).toEqual(['gw-0', '0/1', 'Pending', '0']);
      // The scheduler's PodScheduled=False write on gw-0 may land after the list, as in a real
      // cluster; every later row is one of the two pods, and gw-1 shows up for both its changes.
      const later = rows.slice(2).map((r) => r[0]);
      expect(later.every((n) => n === 'gw-0' || n === 'gw-1')).toBe(true);
      expect(later.filter((n) => n === 'gw-1').length).toBeGreaterThanOrEqual(2);
      expect(rows.filter((r) => r[0] === 'NAME')).toHaveLength(1);
    } finally {
      await bg.stop();
    }
    expect(bg.stderr).toBe('');
  });

  it('--output-watch-events adds the EVENT column', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('ev-0', { w: 'b' }));
    const bg = k().start(['get', 'pods', '-l', 'w=b', '-w', '--output-watch-events']);
    try {
      await bg.waitFor((o) => /ev-0/.test(o));
      await api.post(PODS, podBody('ev-1', { w: 'b' }));
      await bg.waitFor((o) => /ev-1/.test(o));
      await api.patch(`${PODS}/ev-1`, { metadata: { annotations: { a: 'b' } } }, 'application/merge-patch+json');
      await bg.waitFor((o) => /MODIFIED/.test(o));
      await api.del(`${PODS}/ev-1`);
      await bg.waitFor((o) => /DELETED/.test(o));
      const rows = tableRows(bg.stdout);
      expect(rows[0]).toEqual(['EVENT', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      // The scheduler also writes (PodScheduled=False), so MODIFIED rows may come in between.
      const seen = rows.slice(1).map((r) => `${r[0]} ${r[1]}`);
      expect(seen.slice(0, 1)).toEqual(['ADDED ev-0']);
      expect(seen).toContain('ADDED ev-1');
      expect(seen.indexOf('ADDED ev-1')).toBeLessThan(seen.lastIndexOf('MODIFIED ev-1'));
      expect(seen[seen.length - 1]).toBe('DELETED ev-1');
      expect(seen.every((r) => /^(ADDED|MODIFIED|DELETED) ev-[01]$/.test(r))).toBe(true);
    } finally {
      await bg.stop();
    }
  });

  it('get pod NAME -w -o name follows one object', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('one-0'));
    await api.post(PODS, podBody('one-1'));
    const bg = k().start(['get', 'pod', 'one-0', '-w', '-o', 'name']);
    try {
      await bg.waitFor((o) => o.includes('pod/one-0'));
      await api.patch(`${PODS}/one-1`, { metadata: { labels: { x: '1' } } }, 'application/merge-patch+json');
      await api.patch(`${PODS}/one-0`, { metadata: { labels: { x: '1' } } }, 'application/merge-patch+json');
      await bg.waitFor((o) => (o.match(/pod\/one-0/g) ?? []).length >= 2);
      expect(bg.stdout).not.toContain('one-1');
    } finally {
      await bg.stop();
    }
  });
});

describe('kubectl wait', () => {
  it('--for=condition=Ready returns once the pod reports Ready', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('w1'));
    const waiting = k().run(['wait', '--for=condition=Ready', 'pod/w1', '--timeout=20s'], { timeoutMs: 25000 });
    await new Promise((r) => setTimeout(r, 500));
    const st = await api.patch(`${PODS}/w1/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, 'application/strategic-merge-patch+json');
    expect(st.status, st.text).toBe(200);
    const r = await waiting;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('pod/w1 condition met\n');
  });

  it('--for=jsonpath on a value already true returns at once', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('w2'));
    const r = await k().run(['wait', '--for=jsonpath={.status.phase}=Pending', 'pod/w2', '--timeout=10s']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('pod/w2 condition met\n');
  });

  it('--for=delete on a missing object succeeds', async () => {
    const r = await k().run(['wait', '--for=delete', 'pod/nope', '--timeout=5s']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('with no matching objects says so', async () => {
    const r = await k().run(['wait', '--for=condition=Ready', 'pods', '-l', 'app=none', '--timeout=5s']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: no matching resources found');
  });

  it('times out with the client-go message when the condition never comes', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('w3'));
    const r = await k().run(['wait', '--for=condition=Ready', 'pod/w3', '--timeout=1s']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: timed out waiting for the condition on pods/w3');
  });
});

// Needs the pod simulator (scheduler + kubelet stand-in) wired into buildApp: a pod becomes Ready on
// its own, as on a real cluster with a node.
describe('with the pod simulator', () => {
  it('kubectl wait --for=condition=Ready sees a new pod become Ready by itself', async () => {
    const api = client(srv().url);
    await api.post(PODS, podBody('sim-1', { app: 'sim' }, true));
    const r = await k().run(['wait', '--for=condition=Ready', 'pod/sim-1', '--timeout=20s'], { timeoutMs: 25000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('pod/sim-1 condition met\n');
    const rows = tableRows((await k().run(['get', 'pod', 'sim-1', '-o', 'wide'])).stdout);
    expect(rows[1].slice(1, 3)).toEqual(['1/1', 'Running']);
    expect(rows[1][5]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
