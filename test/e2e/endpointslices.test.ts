// The embedded EndpointSlice controller end to end, over HTTP: a Service and pods that the
// simulated kubelet makes Ready turn into the slices kube-controller-manager would write, seen by
// kubectl and by a client-node informer; deleting the Service garbage-collects them.
import { DiscoveryV1Api, makeInformer, type V1EndpointSlice } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, eventually } from '../helpers/http.js';
import { clientNodeConfig } from '../helpers/kubeconfig.js';
import { tableRows } from '../helpers/kubectl.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();
const NS = '/api/v1/namespaces/default';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';

const pod = (name: string, app: string) => ({
  metadata: { name, labels: { app } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] },
});

async function slicesOf(svc: string): Promise<any[]> {
  const r = await client(srv().url).get(`${SLICES}?labelSelector=kubernetes.io/service-name%3D${svc}`);
  return r.body.items;
}

describe('EndpointSlices from Services and Pods', () => {
  it('writes ready endpoints for selected pods, visible to kubectl, with the controller labels and owner', async () => {
    const api = client(srv().url);
    expect((await api.post(`${NS}/services`, {
      metadata: { name: 'web', labels: { app: 'web', team: 'a' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    })).status).toBe(201);
    for (const n of ['web-0', 'web-1', 'web-2']) expect((await api.post(`${NS}/pods`, pod(n, 'web'))).status).toBe(201);
    const slices = await eventually(async () => {
      const s = await slicesOf('web');
      const v4 = s.find((x) => x.addressType === 'IPv4');
      if (!v4 || v4.endpoints.filter((e: any) => e.conditions.ready).length !== 3) return undefined;
      return s;
    }, 10000, 'three ready IPv4 endpoints');
    const v4 = slices!.find((x) => x.addressType === 'IPv4');
    expect(v4.metadata.labels).toEqual({
      app: 'web', team: 'a', 'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(v4.metadata.generateName).toBe('web-');
    expect(v4.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true })]);
    expect(v4.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    for (const e of v4.endpoints) {
      expect(e.conditions).toEqual({ ready: true, serving: true, terminating: false });
      expect(e.targetRef).toEqual(expect.objectContaining({ kind: 'Pod', namespace: 'default' }));
      expect(e.nodeName).toMatch(/^node-\d$/);
      expect(e.zone).toMatch(/^zone-[abc]$/);
    }
    const out = await k().run(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    expect(out.code, out.stderr).toBe(0);
    const rows = tableRows(out.stdout);
    expect(rows[0]).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    // A SingleStack (IPv4) Service gets IPv4 slices only.
    expect(rows.slice(1).map((r) => r[1])).toEqual(['IPv4']);
    const desc = await k().run(['describe', 'svc', 'web']);
    expect(desc.stdout).toMatch(/^Endpoints:\s+\S+:8080,\S+:8080,\S+:8080$/m);
  });

  it('a client-node informer sees slices added, updated on a readiness flip, and deleted with the Service', async () => {
    const api = client(srv().url);
    const kc = clientNodeConfig(srv().url);
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const informer = makeInformer<V1EndpointSlice>(kc, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
      () => discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=api' }),
      'kubernetes.io/service-name=api');
    const seen: string[] = [];
    informer.on('add', (s) => seen.push(`add ${s.addressType}`));
    informer.on('update', (s) => seen.push(`update ${s.addressType} ${(s.endpoints ?? []).filter((e) => e.conditions?.ready).length}`));
    informer.on('delete', (s) => seen.push(`delete ${s.addressType}`));
    await informer.start();
    try {
      await api.post(`${NS}/services`, { metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } });
      await api.post(`${NS}/pods`, pod('api-0', 'api'));
      await eventually(() => {
        return seen.includes('update IPv4 1');
      }, 10000, 'the pod becoming a ready endpoint');
      // Flip readiness from the test: the simulator honours kubesim.io/ready.
      await api.patch(`${NS}/pods/api-0`, { metadata: { annotations: { 'kubesim.io/ready': 'false' } } }, 'application/merge-patch+json');
      await eventually(() => {
        return seen.slice(seen.indexOf('update IPv4 1')).includes('update IPv4 0');
      }, 10000, 'the endpoint turning not ready');
      expect((await api.del(`${NS}/services/api`)).status).toBe(200);
      await eventually(async () => {
        return (await slicesOf('api')).length === 0 && seen.includes('delete IPv4');
      }, 10000, 'the slices being garbage-collected');
      expect(seen.filter((x) => x.startsWith('add'))).toEqual(['add IPv4']);
    } finally {
      await informer.stop();
    }
  });

  it('exposes the controller metrics and writes nothing when nothing changed', async () => {
    const metrics = await (await fetch(`${srv().url}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE endpoint_slice_controller_changes counter$/m);
    expect(metrics).toMatch(/^endpoint_slice_controller_changes\{operation="create"\} \d+$/m);
    expect(metrics).toMatch(/^# HELP endpoint_slice_controller_endpoints_desired \[BETA\] /m);
    const before = (await slicesOf('web')).map((s) => s.metadata.resourceVersion).sort();
    await srv().sim.settled();
    const after = (await slicesOf('web')).map((s) => s.metadata.resourceVersion).sort();
    expect(after).toEqual(before);
  });
});
