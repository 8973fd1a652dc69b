// kubectl v1.35 reading from kubesim: each command prints what it prints against a fresh cluster.
import { beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/http.js';
import { tableRows } from '../helpers/kubectl.js';
import { POD, UNSCHEDULABLE, useKubectl } from './setup.js';

const { srv, k } = useKubectl();

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await k().run(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  const api = client(srv().url);
  const pod = (name: string, labels: Record<string, string>) =>
    api.post('/api/v1/namespaces/default/pods', { metadata: { name, labels }, spec: { nodeSelector: UNSCHEDULABLE, containers: [{ name: 'app', image: 'nginx:1.27' }] } });
  await pod('web-0', { app: 'web', tier: 'front' });
  await pod('web-1', { app: 'web', tier: 'back' });
  await pod('web-2', { app: 'web' });
  await pod('db-0', { app: 'db' });
  await api.post('/api/v1/namespaces/kube-system/pods', { metadata: { name: 'sys-0' }, spec: { nodeSelector: UNSCHEDULABLE, containers: [{ name: 'c', image: 'pause' }] } });
});

describe('kubectl reads', () => {
  it('version shows the v1.35 server without a skew warning', async () => {
    const r = await k().run(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v1\.35\.\d+$/m);
    expect(r.stdout).toMatch(/^Server Version: v1\.35\.\d+$/m);
    expect(r.stderr).not.toContain('exceeds the supported minor version skew');
  });

  it('api-resources lists every served kind with short names', async () => {
    const rows = tableRows(await ok(['api-resources']));
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const byName = (n: string, v: string) => rows.find((r) => r[0] === n && r.includes(v));
    expect(byName('pods', 'v1')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(byName('services', 'v1')).toEqual(['services', 'svc', 'v1', 'true', 'Service']);
    expect(byName('namespaces', 'v1')).toEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    expect(byName('nodes', 'v1')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(byName('configmaps', 'v1')).toEqual(['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
    expect(byName('endpoints', 'v1')).toEqual(['endpoints', 'ep', 'v1', 'true', 'Endpoints']);
    expect(byName('events', 'v1')).toEqual(['events', 'ev', 'v1', 'true', 'Event']);
    expect(byName('endpointslices', 'discovery.k8s.io/v1')).toEqual(['endpointslices', 'discovery.k8s.io/v1', 'true', 'EndpointSlice']);
    expect(byName('events', 'events.k8s.io/v1')).toEqual(['events', 'ev', 'events.k8s.io/v1', 'true', 'Event']);
  });

  it('get pods prints the pod table', async () => {
    const rows = tableRows(await ok(['get', 'pods']));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['db-0', 'web-0', 'web-1', 'web-2']);
    expect(rows[1][1]).toBe('0/1');
  });

  it('get pods -o wide adds the wide columns', async () => {
    const rows = tableRows(await ok(['get', 'pods', '-o', 'wide']));
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
  });

  it('get pod nope is NotFound with the apiserver wording', async () => {
    const r = await k().run(['get', 'pod', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });

  it('get -o yaml and -o json print the object', async () => {
    const y = await ok(['get', 'pod', 'web-0', '-o', 'yaml']);
    expect(y).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    expect(y).toContain('  name: web-0\n');
    const j = JSON.parse(await ok(['get', 'pods', '-o', 'json']));
    expect(j.kind).toBe('List');
    expect(j.items.map((p: any) => p.metadata.name)).toEqual(['db-0', 'web-0', 'web-1', 'web-2']);
    expect(j.items[0].kind).toBe('Pod');
  });

  it('get -l with set-based selectors', async () => {
    expect(await ok(['get', 'pods', '-l', 'app=web,tier notin (front)', '-o', 'name'])).toBe('pod/web-1\npod/web-2\n');
    expect(await ok(['get', 'pods', '-l', 'app in (web,db),!tier', '-o', 'name'])).toBe('pod/db-0\npod/web-2\n');
    const none = await k().run(['get', 'pods', '-l', 'app=none']);
    expect(none.stderr.trim()).toBe('No resources found in default namespace.');
  });

  it('get --field-selector', async () => {
    expect(await ok(['get', 'pods', '--field-selector', 'metadata.name=web-1', '-o', 'name'])).toBe('pod/web-1\n');
    expect(await ok(['get', 'pods', '--field-selector', 'status.phase!=Running,spec.nodeName=', '-o', 'name'])).toBe('pod/db-0\npod/web-0\npod/web-1\npod/web-2\n');
  });

  it('get -A adds the NAMESPACE column', async () => {
    const rows = tableRows(await ok(['get', 'pods', '-A']));
    expect(rows[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows.slice(1).map((r) => `${r[0]}/${r[1]}`)).toEqual(['default/db-0', 'default/web-0', 'default/web-1', 'default/web-2', 'kube-system/sys-0']);
  });

  it('get --chunk-size pages through with continue tokens and prints one table', async () => {
    const rows = tableRows(await ok(['get', 'pods', '-A', '--chunk-size=2']));
    expect(rows.filter((r) => r[0] === 'NAMESPACE')).toHaveLength(1);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['db-0', 'web-0', 'web-1', 'web-2', 'sys-0']);
  });

  it('get ns and get svc -A show the bootstrap objects', async () => {
    const ns = tableRows(await ok(['get', 'ns']));
    expect(ns[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(ns.slice(1).map((r) => `${r[0]} ${r[1]}`)).toEqual(expect.arrayContaining(['default Active', 'kube-system Active', 'kube-public Active', 'kube-node-lease Active']));
    const svc = tableRows(await ok(['get', 'svc', '-A']));
    expect(svc[0]).toEqual(['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(svc[1].slice(0, 6)).toEqual(['default', 'kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP']);
  });

  it('get configmaps uses the DATA column', async () => {
    await ok(['create', 'configmap', 'cm-read', '--from-literal=a=1', '--from-literal=b=2']);
    const rows = tableRows(await ok(['get', 'cm', 'cm-read']));
    expect(rows[0]).toEqual(['NAME', 'DATA', 'AGE']);
    expect(rows[1].slice(0, 2)).toEqual(['cm-read', '2']);
  });

  it('describe pod prints the sections', async () => {
    const out = await ok(['describe', 'pod', 'web-0']);
    expect(out).toMatch(/^Name:\s+web-0$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Labels:\s+app=web$/m);
    expect(out).toMatch(/^Containers:$/m);
    expect(out).toMatch(/^\s+Image:\s+nginx:1\.27$/m);
    // Like a real cluster, the scheduler reports why the pod (pinned to no existing node) waits.
    expect(out).toMatch(/^\s+Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available/m);
  });

  it('describe ns lists quota and limit range sections without errors', async () => {
    const r = await k().run(['describe', 'ns', 'default']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+default$/m);
    expect(r.stdout).toMatch(/^Status:\s+Active$/m);
    expect(r.stdout).toMatch(/No resource quota\./);
    expect(r.stdout).toMatch(/No LimitRange resource\./);
  });

  it('explain reads the OpenAPI v3 schemas', async () => {
    const out = await ok(['explain', 'pods.spec.nodeName']);
    expect(out).toMatch(/^KIND:\s+Pod$/m);
    expect(out).toMatch(/^VERSION:\s+v1$/m);
    expect(out).toMatch(/^FIELD: nodeName <string>$/m);
    const eps = await ok(['explain', 'endpointslices.addressType']);
    expect(eps).toMatch(/^GROUP:\s+discovery\.k8s\.io$/m);
  });

  it('create namespace sends protobuf and prints the kubectl line', async () => {
    expect(await ok(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created\n');
    const again = await k().run(['create', 'namespace', 'team-a']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists');
    expect(await ok(['get', 'ns', 'team-a', '-o', 'jsonpath={.metadata.labels}'])).toBe('{"kubernetes.io/metadata.name":"team-a"}');
  });

  it('create -f creates from a manifest', async () => {
    const f = k().file('pod-x.yaml', POD('from-file', { app: 'file' }));
    expect(await ok(['create', '-f', f])).toBe('pod/from-file created\n');
  });
});
