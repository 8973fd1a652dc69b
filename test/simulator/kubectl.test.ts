// End to end with the real kubectl: a pod created on a fresh server turns Ready (kubectl wait),
// describe reads like a real cluster, and kubectl delete (which waits for removal) returns quickly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNodes, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { Kubectl } from '../helpers/kubectl.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let kubectl: Kubectl;
let sim: Simulator | undefined;

beforeAll(async () => {
  server = await startServer({ seed: 7 });
  const r = server.sim.registry;
  // Until buildApp runs the simulator itself, start it here on the server's registry and clock.
  if (r.list(r.resource('', 'nodes'), undefined).items.length === 0) {
    seedNodes(r);
    sim = startSimulator(r, { clock: server.sim.clock });
  }
  kubectl = new Kubectl(server.url);
});

afterAll(async () => {
  sim?.stop();
  await server?.close();
});

describe('kubectl against the simulated cluster', () => {
  it('lists three Ready nodes', async () => {
    const res = await kubectl.run(['get', 'nodes', '-L', 'topology.kubernetes.io/zone']);
    expect(res.stderr).toBe('');
    const rows = res.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/));
    expect(rows.map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      ['node-1', 'Ready', 'v1.35.0', 'zone-a'], ['node-2', 'Ready', 'v1.35.0', 'zone-b'], ['node-3', 'Ready', 'v1.35.0', 'zone-c'],
    ]);
  });

  it('waits for a pod to be Ready', async () => {
    const run = await kubectl.run(['run', 'x', '--image=nginx:1.27', '--port=80']);
    expect(run.stderr).toBe('');
    const wait = await kubectl.run(['wait', '--for=condition=Ready', 'pod/x', '--timeout=20s']);
    expect(wait.stderr).toBe('');
    expect(wait.stdout.trim()).toBe('pod/x condition met');
    const wide = await kubectl.run(['get', 'pod', 'x', '-o', 'wide']);
    expect(wide.stdout).toMatch(/^x\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.0\.2\s+node-1\s/m);
  });

  it('describes the pod like a real cluster', async () => {
    const res = await kubectl.run(['describe', 'pod', 'x']);
    if (process.env.SHOW_DESCRIBE) console.log(res.stdout);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/^Node:\s+node-1\/172\.18\.0\.2$/m);
    expect(res.stdout).toMatch(/^Status:\s+Running$/m);
    expect(res.stdout).toMatch(/^IPs:\n\s+IP:\s+10\.244\.0\.2\n\s+IP:\s+fd00:10:244::2$/m);
    expect(res.stdout).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/x to node-1/);
    expect(res.stdout).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+(spec\.containers\{x\}: )?Started container x/);
  });

  it('deletes the pod within the capped grace period', async () => {
    const started = Date.now();
    const res = await kubectl.run(['delete', 'pod', 'x', '--timeout=20s']);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim()).toBe('pod "x" deleted from default namespace');
    expect(Date.now() - started).toBeLessThan(10_000);
    const get = await kubectl.run(['get', 'pod', 'x']);
    expect(get.stderr).toContain('NotFound');
  });
});
