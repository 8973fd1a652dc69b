// computeRoutes' own part: merging a Service's slices the way kube-proxy's EndpointSliceCache does
// (pkg/proxy/endpointslicecache.go), and which policy applies to internal and external traffic.
import { describe, expect, it } from 'vitest';
import { mergeSlices, routesForAllNodes, routesForNode, slicesOfService } from '../../src/routing/routes.js';

const node = (name: string, zone?: string) => ({ metadata: { name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} } });
const svc = (spec: Record<string, unknown> = {}) => ({ metadata: { namespace: 'default', name: 'web' }, spec: { ports: [{ port: 80 }], ...spec } });
const slice = (name: string, endpoints: unknown[], o: { addressType?: string; ports?: unknown[]; service?: string } = {}) => ({
  metadata: { namespace: 'default', name, labels: { 'kubernetes.io/service-name': o.service ?? 'web' } },
  addressType: o.addressType ?? 'IPv4',
  ports: o.ports ?? [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints,
});
const e = (address: string, nodeName: string, zone: string, conditions: Record<string, boolean> = { ready: true }) =>
  ({ addresses: [address], nodeName, zone, conditions, targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${address}` } });

describe('merging slices like the EndpointSliceCache', () => {
  it('one endpoint per address across slices, ports merged, address order', () => {
    const merged = mergeSlices([
      slice('web-b', [e('10.0.0.10', 'n2', 'z2'), e('10.0.0.9', 'n1', 'z1')]),
      slice('web-a', [e('10.0.0.9', 'n1', 'z1')], { ports: [{ name: 'metrics', port: 9090, protocol: 'TCP' }] }),
    ], 'n1');
    expect(merged.map((m) => m.address)).toEqual(['10.0.0.9', '10.0.0.10']);
    expect(merged[0].out.ports.map((p) => p.name).sort()).toEqual(['http', 'metrics']);
  });

  it('reads unset conditions as ready and serving, not terminating', () => {
    const [m] = mergeSlices([slice('s', [{ addresses: ['10.0.0.1'] }])], 'n1');
    expect(m.out).toMatchObject({ ready: true, serving: true, terminating: false, nodeName: null, zone: null, targetRef: null });
  });

  it('prefers the copy of a duplicated address that says it is on this node', () => {
    const merged = mergeSlices([slice('a', [e('10.0.0.1', 'n2', 'z2')]), slice('b', [e('10.0.0.1', 'n1', 'z1')])], 'n1');
    expect(merged).toHaveLength(1);
    expect(merged[0].nodeName).toBe('n1');
  });

  it('skips FQDN slices, slices without port numbers and endpoints without addresses', () => {
    const merged = mergeSlices([
      slice('f', [{ addresses: ['example.com'] }], { addressType: 'FQDN' }),
      slice('p', [e('10.0.0.2', 'n1', 'z1')], { ports: [{ name: 'x' }] }),
      slice('ok', [{ addresses: [] }, e('10.0.0.3', 'n1', 'z1')]),
    ], 'n1');
    expect(merged.map((m) => m.address)).toEqual(['10.0.0.3']);
  });

  it('keeps only the slices labelled with the Service name, in its namespace', () => {
    const mine = slicesOfService(svc(), [slice('a', []), slice('b', [], { service: 'other' }), { ...slice('c', []), metadata: { ...slice('c', []).metadata, namespace: 'x' } }]);
    expect(mine.map((s) => s.metadata.name)).toEqual(['a']);
  });
});

describe('internal and external policies', () => {
  const slices = [slice('web-1', [e('10.0.0.1', 'n1', 'z1'), e('10.0.0.2', 'n2', 'z2')])];

  it('a ClusterIP Service has internal routes only', () => {
    const r = routesForNode(svc(), slices, node('n1', 'z1'));
    expect(r).toMatchObject({ node: 'n1', zone: 'z1', internal: { policy: 'Cluster', source: 'ready' }, external: null });
    expect(r.internal.endpoints.map((x) => x.address)).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('a NodePort Service with externalTrafficPolicy Local sends outside traffic to this node only', () => {
    const r = routesForNode(svc({ type: 'NodePort', externalTrafficPolicy: 'Local' }), slices, node('n2', 'z2'));
    expect(r.internal.policy).toBe('Cluster');
    expect(r.external).toMatchObject({ policy: 'Local', source: 'local' });
    expect(r.external!.endpoints.map((x) => x.address)).toEqual(['10.0.0.2']);
  });

  it('internalTrafficPolicy Local on a node without endpoints: none', () => {
    const r = routesForNode(svc({ internalTrafficPolicy: 'Local' }), slices, node('n3', 'z1'));
    expect(r.internal).toEqual({ policy: 'Local', source: 'none', endpoints: [] });
  });

  it('every node, in node order', () => {
    const r = routesForAllNodes(svc(), slices, [node('n10'), node('n2'), node('n1')]);
    expect(r.nodes.map((n) => n.node)).toEqual(['n1', 'n2', 'n10']);
    expect(r.nodes[0].zone).toBeNull();
  });
});
