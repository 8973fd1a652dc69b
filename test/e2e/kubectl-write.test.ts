// kubectl v1.35 writing to kubesim: apply (client- and server-side), patch of every type, label,
// delete (which waits for the object to go) — each printing what it prints against a real cluster.
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/http.js';
import { POD, useKubectl } from './setup.js';

const { srv, k } = useKubectl();

async function ok(args: string[]): Promise<string> {
  const r = await k().run(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

const cm = (data: Record<string, string>, labels: Record<string, string> = {}) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
  labels: ${JSON.stringify(labels)}
data: ${JSON.stringify(data)}
`;

describe('kubectl apply', () => {
  it('creates, configures a changed manifest, and leaves an unchanged one alone', async () => {
    const f = k().file('cm1.yaml', cm({ a: '1', b: '2' }));
    expect(await ok(['apply', '-f', f])).toBe('configmap/cm1 created\n');
    k().file('cm1.yaml', cm({ a: '2' }, { tier: 'x' }));
    expect(await ok(['apply', '-f', f])).toBe('configmap/cm1 configured\n');
    expect(await ok(['apply', '-f', f])).toBe('configmap/cm1 unchanged\n');
    const live = JSON.parse(await ok(['get', 'cm', 'cm1', '-o', 'json']));
    // The three-way patch removed b (it was in last-applied, not in the manifest).
    expect(live.data).toEqual({ a: '2' });
    expect(live.metadata.labels).toEqual({ tier: 'x' });
    expect(JSON.parse(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).data).toEqual({ a: '2' });
  });

  it('applies a service with a changed port list through strategic merge', async () => {
    const svc = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
${ports}`;
    const f = k().file('svc.yaml', svc('  - {name: http, port: 80, targetPort: 8080}\n  - {name: metrics, port: 9090}\n'));
    expect(await ok(['apply', '-f', f])).toBe('service/web created\n');
    k().file('svc.yaml', svc('  - {name: http, port: 80, targetPort: 8081}\n'));
    expect(await ok(['apply', '-f', f])).toBe('service/web configured\n');
    const live = JSON.parse(await ok(['get', 'svc', 'web', '-o', 'json']));
    expect(live.spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`)).toEqual(['http:80->8081']);
    expect(live.spec.clusterIP).toMatch(/^10\.96\./);
  });

  it('apply --server-side creates and then updates', async () => {
    const eps = (ip: string) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc12
  labels: {kubernetes.io/service-name: other}
addressType: IPv4
ports: [{name: http, port: 80, protocol: TCP}]
endpoints: [{addresses: ["${ip}"], conditions: {ready: true}}]
`;
    const f = k().file('eps.yaml', eps('10.0.0.1'));
    expect(await ok(['apply', '--server-side', '-f', f])).toBe('endpointslice.discovery.k8s.io/web-abc12 serverside-applied\n');
    k().file('eps.yaml', eps('10.0.0.2'));
    expect(await ok(['apply', '--server-side', '-f', f])).toBe('endpointslice.discovery.k8s.io/web-abc12 serverside-applied\n');
    const live = JSON.parse(await ok(['get', 'endpointslice', 'web-abc12', '-o', 'json']));
    expect(live.endpoints[0].addresses).toEqual(['10.0.0.2']);
  });

  it('apply with an unknown field is rejected by strict server-side validation', async () => {
    const f = k().file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\nfoo: bar\n');
    const r = await k().run(['apply', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('strict decoding error: unknown field "foo"');
  });
});

describe('kubectl patch and label', () => {
  it('patches with strategic merge, merge and JSON patch', async () => {
    await ok(['create', '-f', k().file('p.yaml', POD('pp', { app: 'pp' }))]);
    expect(await ok(['patch', 'pod', 'pp', '-p', '{"metadata":{"labels":{"s":"1"}}}'])).toBe('pod/pp patched\n');
    expect(await ok(['patch', 'pod', 'pp', '--type', 'merge', '-p', '{"metadata":{"annotations":{"m":"2"}}}'])).toBe('pod/pp patched\n');
    expect(await ok(['patch', 'pod', 'pp', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.28"}]'])).toBe('pod/pp patched\n');
    expect(await ok(['patch', 'pod', 'pp', '--type', 'merge', '-p', '{"metadata":{"annotations":{"m":"2"}}}'])).toBe('pod/pp patched (no change)\n');
    const live = JSON.parse(await ok(['get', 'pod', 'pp', '-o', 'json']));
    expect(live.metadata.labels).toEqual({ app: 'pp', s: '1' });
    expect(live.metadata.annotations).toEqual({ m: '2' });
    expect(live.spec.containers[0].image).toBe('nginx:1.28');
  });

  // The apiserver answers a JSON patch that fails to apply with a generic 422 (NewGenericServerResponse),
  // which kubectl renders without the "Error from server" prefix.
  it('a failing JSON patch test op is 422', async () => {
    const r = await k().run(['patch', 'pod', 'pp', '--type', 'json', '-p', '[{"op":"test","path":"/metadata/name","value":"other"}]']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('The request is invalid: the server rejected our request due to an error in our request');
  });

  it('patches status through --subresource=status', async () => {
    expect(await ok(['patch', 'pod', 'pp', '--subresource=status', '--type', 'merge', '-p', '{"status":{"phase":"Running"}}'])).toBe('pod/pp patched\n');
    expect(await ok(['get', 'pod', 'pp', '-o', 'jsonpath={.status.phase}'])).toBe('Running');
  });

  it('label adds, overwrites only with --overwrite, and removes', async () => {
    expect(await ok(['label', 'pod', 'pp', 'env=dev'])).toBe('pod/pp labeled\n');
    const clash = await k().run(['label', 'pod', 'pp', 'env=prod']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain("'env' already has a value (dev), and --overwrite is false");
    expect(await ok(['label', 'pod', 'pp', 'env=prod', '--overwrite'])).toBe('pod/pp labeled\n');
    expect(await ok(['label', 'pod', 'pp', 'env-'])).toBe('pod/pp unlabeled\n');
    expect(await ok(['get', 'pod', 'pp', '-o', 'jsonpath={.metadata.labels}'])).toBe('{"app":"pp","s":"1"}');
  });

  it('annotate', async () => {
    expect(await ok(['annotate', 'pod', 'pp', 'note=hi'])).toBe('pod/pp annotated\n');
  });
});

describe('kubectl delete', () => {
  it('deletes and waits for the object to go', async () => {
    await ok(['create', '-f', k().file('d1.yaml', POD('d1'))]);
    expect(await ok(['delete', 'pod', 'd1'])).toBe('pod "d1" deleted from default namespace\n');
    const r = await k().run(['get', 'pod', 'd1']);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "d1" not found');
  });

  it('a missing object is NotFound, and --ignore-not-found is quiet', async () => {
    const r = await k().run(['delete', 'pod', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
    const q = await k().run(['delete', 'pod', 'nope', '--ignore-not-found']);
    expect(q.code).toBe(0);
    expect(q.stdout + q.stderr).toBe('');
  });

  it('--wait follows an object with a finalizer until it is really gone', async () => {
    const api = client(srv().url);
    await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'f1', finalizers: ['example.com/hold'] } });
    const del = k().run(['delete', 'cm', 'f1', '--timeout=20s']);
    // The DELETE only sets deletionTimestamp; kubectl waits on a watch until the finalizer goes.
    let terminating = false;
    for (let i = 0; i < 100 && !terminating; i++) {
      const o = await api.get('/api/v1/namespaces/default/configmaps/f1');
      terminating = !!o.body.metadata?.deletionTimestamp;
      if (!terminating) await new Promise((r) => setTimeout(r, 50));
    }
    expect(terminating).toBe(true);
    await api.patch('/api/v1/namespaces/default/configmaps/f1', { metadata: { finalizers: null } }, 'application/merge-patch+json');
    const r = await del;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('configmap "f1" deleted from default namespace\n');
  });

  it('deletes by label selector, one object at a time', async () => {
    for (const n of ['l1', 'l2']) await ok(['create', '-f', k().file(`${n}.yaml`, POD(n, { del: 'me' }))]);
    expect(await ok(['delete', 'pods', '-l', 'del=me'])).toBe('pod "l1" deleted from default namespace\npod "l2" deleted from default namespace\n');
  });

  it('--dry-run=server keeps the object', async () => {
    await ok(['create', 'configmap', 'dry', '--from-literal=a=1']);
    expect(await ok(['delete', 'cm', 'dry', '--dry-run=server'])).toBe('configmap "dry" deleted from default namespace (server dry run)\n');
    expect(await ok(['get', 'cm', 'dry', '-o', 'name'])).toBe('configmap/dry\n');
  });

  it('delete namespace waits until its content is gone', async () => {
    await ok(['create', 'namespace', 'gone']);
    await ok(['create', 'configmap', 'inside', '-n', 'gone', '--from-literal=a=1']);
    expect(await ok(['delete', 'namespace', 'gone', '--timeout=20s'])).toBe('namespace "gone" deleted\n');
    const r = await k().run(['get', 'ns', 'gone']);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): namespaces "gone" not found');
  });

  it('the immortal default namespace cannot be deleted', async () => {
    const r = await k().run(['delete', 'namespace', 'default', '--wait=false']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted');
  });
});
