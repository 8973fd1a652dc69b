// kubectl's node-level verbs against the simulated cluster: logs shows the simulated container log;
// exec, attach, cp and port-forward end with a readable Status (pods run no processes); top reads
// the simulated metrics.k8s.io API.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parse as parseYAML } from 'yaml';
import type { KObject } from '../../src/machinery/types.js';
import { tableRows } from '../helpers/kubectl.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl({ seed: 18 });

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
  annotations:
    kubesim.io/logs: |
      listening on :8080
      GET /healthz 200
spec:
  containers:
  - {name: app, image: nginx:1.27, resources: {requests: {cpu: 200m, memory: 128Mi}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: duo
  annotations: {kubesim.io/logs.side: "side says hi"}
spec:
  containers:
  - {name: main, image: nginx:1.27, resources: {requests: {cpu: 100m, memory: 64Mi}}}
  - {name: side, image: busybox:1.36, resources: {requests: {cpu: 50m, memory: 32Mi}}}
`;

async function ready(): Promise<void> {
  const r = await k().run(['apply', '-f', '-'], { stdin: PODS });
  expect(r.code, r.stderr).toBe(0);
  await srv().sim.settled();
}

describe('kubectl logs', () => {
  it('prints the simulated lifecycle and the text set through kubesim.io/logs', async () => {
    await ready();
    const r = await k().run(['logs', 'web']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^kubesim: container app started \(image nginx:1\.27\)/);
    expect(lines.slice(1, 3)).toEqual(['listening on :8080', 'GET /healthz 200']);
    expect(lines[3]).toBe('kubesim: container app is ready');
  });

  it('--tail, --timestamps, -c for a multi-container pod, and the per-container annotation', async () => {
    const tail = await k().run(['logs', 'web', '--tail', '1']);
    expect(tail.stdout).toBe('kubesim: container app is ready\n');
    const ts = await k().run(['logs', 'web', '--timestamps', '--tail', '1']);
    expect(ts.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z kubesim: container app is ready\n$/);
    const side = await k().run(['logs', 'duo', '-c', 'side']);
    expect(side.stdout).toContain('side says hi');
    const main = await k().run(['logs', 'duo', '-c', 'main']);
    expect(main.stdout).not.toContain('side says hi');
  });

  it('--previous answers the kubelet\'s error: simulated containers never restart', async () => {
    const r = await k().run(['logs', 'web', '--previous']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (BadRequest): previous terminated container "app" in pod "web" not found');
  });

  it('a missing pod is NotFound; a container that is not there is refused', async () => {
    const missing = await k().run(['logs', 'nope']);
    expect(missing.stderr).toMatch(/\(NotFound\): pods "nope" not found/);
    const raw = await srv().sim.app.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods/nope/log' });
    expect(raw.statusCode).toBe(404);
    expect(raw.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
    const bad = await srv().sim.app.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods/duo/log' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('a container name must be specified for pod duo, choose one of: [main side]');
  });

  it('--follow streams new lines as the pod changes and ends when the container exits', async () => {
    const f = k().start(['logs', '-f', 'web']);
    await f.waitFor((out) => out.includes('container app is ready'));
    const ann = await k().run(['annotate', 'pod', 'web', '--overwrite', 'kubesim.io/logs=listening on :8080\nGET /healthz 200\nGET /late 200']);
    expect(ann.code, ann.stderr).toBe(0);
    await f.waitFor((out) => out.includes('GET /late 200'));
    const del = await k().run(['delete', 'pod', 'web', '--wait=false']);
    expect(del.code, del.stderr).toBe(0);
    await f.waitFor((out) => /exited with code 0/.test(out), 10_000);
    expect(await f.exited).toBe(0);
  });
});

describe('exec, attach, cp and port-forward end with a clear Status', () => {
  it.for<[string, string[]]>([
    ['exec', ['exec', 'duo', '-c', 'main', '--', 'ls']],
    ['cp', ['cp', 'duo:/etc/hosts', 'hosts', '-c', 'main']],
    ['attach', ['attach', 'duo', '-c', 'main']],
    ['port-forward', ['port-forward', 'pod/duo', '0:80']],
  ])('kubectl %s', async ([, args]) => {
    await ready();
    const r = await k().run(args, { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not supported by kubesim: pods run no processes \(pod default\/duo\)/);
    expect(r.stderr).not.toMatch(/Invalid HTTP method|unable to upgrade connection: <|text\/html/);
  });

  it.for<[string, Record<string, string>, string]>([
    ['WebSocket v5 (kubectl 1.35 first)', { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io, v4.channel.k8s.io' }, 'GET'],
    ['SPDY/3.1 (the fallback)', { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' }, 'POST'],
  ])('an exec upgrade over %s is answered before any 101, with a Status body', async ([, headers, method]) => {
    await ready();
    const res = await new Promise<{ code: number; type: string; body: string }>((resolve, reject) => {
      const req = request(`${srv().url}/api/v1/namespaces/default/pods/duo/exec?command=ls&container=main&stdout=true`, { method, headers });
      req.on('upgrade', () => reject(new Error('the server upgraded the connection')));
      req.on('response', (r) => {
        let body = '';
        r.on('data', (d: Buffer) => (body += d.toString()));
        r.on('end', () => resolve({ code: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.code).toBe(400);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('discovery lists pods/log, pods/exec, pods/attach and pods/portforward like the apiserver', async () => {
    const r = await k().run(['get', '--raw', '/api/v1']);
    const res = (JSON.parse(r.stdout).resources as Array<{ name: string; kind: string; verbs: string[] }>);
    const sub = (n: string) => res.find((x) => x.name === n);
    expect(sub('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(sub('pods/exec')).toMatchObject({ kind: 'PodExecOptions', verbs: ['create', 'get'] });
    expect(sub('pods/attach')).toMatchObject({ kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    expect(sub('pods/portforward')).toMatchObject({ kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    expect(tableRows((await k().run(['get', 'pods'])).stdout).length).toBeGreaterThan(1);
  });
});

describe('kubectl top reads the simulated metrics.k8s.io', () => {
  it('top pods: usage from the containers\' requests, per container with --containers', async () => {
    await ready();
    const rows = tableRows((await k().run(['top', 'pods'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const web = rows.find((r) => r[0] === 'web')!;
    const cpu = Number(/^(\d+)m$/.exec(web[1])![1]);
    const mem = Number(/^(\d+)Mi$/.exec(web[2])![1]);
    // 20-80% of the 200m / 128Mi requested.
    expect(cpu).toBeGreaterThanOrEqual(40);
    expect(cpu).toBeLessThanOrEqual(160);
    expect(mem).toBeGreaterThanOrEqual(25);
    expect(mem).toBeLessThanOrEqual(103);
    const per = tableRows((await k().run(['top', 'pod', 'duo', '--containers'])).stdout);
    expect(per.map((r) => r[1])).toEqual(['NAME', 'main', 'side']);
    const selected = tableRows((await k().run(['top', 'pods', '-l', 'app=web'])).stdout);
    expect(selected.map((r) => r[0])).toEqual(['NAME', 'web']);
  });

  it('top nodes: every simulated node with usage and percentages', async () => {
    const r = await k().run(['top', 'nodes']);
    expect(r.code, r.stderr).toBe(0);
    const rows = tableRows(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(rows.slice(1).map((x) => x[0])).toEqual(['node-1', 'node-2', 'node-3']);
    for (const row of rows.slice(1)) expect(row[2]).toMatch(/^\d+%$/);
  });

  it('metrics.k8s.io is in discovery, read-only, and the same for the same --seed', async () => {
    const groups = JSON.parse((await k().run(['get', '--raw', '/apis'])).stdout).groups as Array<{ name: string }>;
    expect(groups.map((g) => g.name)).toContain('metrics.k8s.io');
    const write = await srv().sim.app.inject({ method: 'POST', url: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods', payload: '{}' });
    expect(write.statusCode).toBe(405);
    expect(write.json().kind).toBe('Status');
    const usage = async (s: TestServer) => {
      applyTo(s);
      await s.sim.settled();
      const res = await s.sim.app.inject({ method: 'GET', url: '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web' });
      return res.json().containers;
    };
    const a = await startServer({ seed: 5 });
    const b = await startServer({ seed: 5 });
    try {
      expect(await usage(a)).toEqual(await usage(b));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

function applyTo(s: TestServer): void {
  for (const doc of PODS.split('\n---\n')) {
    const obj = parseYAML(doc) as KObject;
    s.sim.registry.create(s.sim.registry.resource('', 'pods'), 'default', obj);
  }
}
