// `kubesim routes`: the command against a real server, in-process and through the bin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRoutesArgs, runRoutes } from '../../src/commands/routes.js';
import { runCli } from '../fixture/spawn.js';
import { client, eventually } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ seed: 7, tokens: ['t0ken'] });
  const api = (path: string, body: unknown) => fetch(srv.url + path, {
    method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t0ken' },
  });
  await api('/api/v1/namespaces', { metadata: { name: 'shop' } });
  await api('/api/v1/namespaces/shop/services', {
    metadata: { name: 'cart' }, spec: { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'cart' }, ports: [{ port: 80 }] },
  });
  for (const i of [0, 1, 2]) {
    await api('/api/v1/namespaces/shop/pods', { metadata: { name: `cart-${i}`, labels: { app: 'cart' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  }
  await eventually(async () => {
    await srv.sim.settled();
    const r = await fetch(`${srv.url}/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices`, { headers: { Authorization: 'Bearer t0ken' } });
    const eps = ((await r.json()) as any).items.flatMap((s: any) => s.endpoints ?? []);
    return eps.length === 3 && eps.every((e: any) => e.conditions.ready);
  }, 10_000, 'three ready endpoints');
});
afterAll(() => srv.close());

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runRoutes(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, {});
  return { code, stdout, stderr };
}

describe('kubesim routes', () => {
  it('prints one row per node and kind of traffic', async () => {
    const r = await run(['svc/cart', '-n', 'shop', '--server', srv.url, '--token', 't0ken']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s{3,}/)).toEqual(['NODE', 'ZONE', 'TRAFFIC', 'POLICY', 'SOURCE', 'N', 'ENDPOINTS']);
    const rows = lines.slice(1).map((l) => l.split(/\s{3,}/));
    expect(rows.map((c) => c.slice(0, 6))).toEqual([
      ['node-1', 'zone-a', 'internal', 'Cluster', 'ready', '3'], ['node-1', 'zone-a', 'external', 'Local', 'local', '1'],
      ['node-2', 'zone-b', 'internal', 'Cluster', 'ready', '3'], ['node-2', 'zone-b', 'external', 'Local', 'local', '1'],
      ['node-3', 'zone-c', 'internal', 'Cluster', 'ready', '3'], ['node-3', 'zone-c', 'external', 'Local', 'local', '1'],
    ]);
    expect(rows[1][6]).toMatch(/^10\.244\.\d+\.\d+ \(cart-\d node-1 zone-a\)$/);
  });

  it('--node and -o json give the one node\'s answer', async () => {
    const r = await run(['cart', '--namespace=shop', '--node', 'node-2', '-o', 'json', `--server=${srv.url}`, '--token', 't0ken']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ node: 'node-2', zone: 'zone-b', external: { policy: 'Local' } });
  });

  it('server errors are printed like kubectl prints them, exit 1', async () => {
    expect(await run(['svc/nope', '-n', 'shop', '--server', srv.url, '--token', 't0ken'])).toEqual({
      code: 1, stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n',
    });
    const noToken = await run(['svc/cart', '-n', 'shop', '--server', srv.url]);
    expect(noToken).toMatchObject({ code: 1, stderr: 'Error from server (Unauthorized): Unauthorized\n' });
    const down = await run(['svc/cart', '--server', 'http://127.0.0.1:1']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^kubesim routes: cannot reach http:\/\/127\.0\.0\.1:1/);
  });

  it('bad arguments: usage, exit 2', async () => {
    for (const argv of [[], ['deploy/x/y'], ['svc/a', 'svc/b'], ['svc/a', '--bogus'], ['svc/a', '-o', 'yaml'], ['svc/a', '--node']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: kubesim routes');
    }
    expect(parseRoutesArgs(['services/web'], { KUBESIM_URL: 'http://h:1/', KUBESIM_TOKEN: 'x' })).toEqual({
      name: 'web', namespace: 'default', node: undefined, server: 'http://h:1', token: 'x', output: 'table',
    });
  });

  it('runs as a subcommand of the bin', async () => {
    const r = await runCli(['routes', 'svc/cart', '-n', 'shop', '--node', 'node-3', '--server', srv.url, '--token', 't0ken']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NODE\s+ZONE\s+TRAFFIC/);
    expect(r.stdout).toMatch(/\nnode-3\s+zone-c\s+external\s+Local\s+local\s+1\s+10\.244\./);
    const help = await runCli(['routes', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kubesim routes svc/NAME');
  });
});
