// What a fresh cluster has before anyone writes: the four system namespaces, the `kubernetes`
// Service and the Endpoints/EndpointSlice the apiserver keeps for it (pointing at the apiserver's
// address, as its endpoint reconciler writes them), created through the registry like any write.
import type { Registry } from './registry/registry.js';
import { firstServiceIP } from './registry/kinds/service-alloc.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The address the simulated apiserver advertises in the `kubernetes` Service's endpoints. */
export const APISERVER_ADDRESS = '172.18.0.1';
const APISERVER_PORT = { name: 'https', port: 6443, protocol: 'TCP' };

export function bootstrap(r: Registry, serviceCIDRs: string[]): void {
  const ns = r.resource('', 'namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    if (!r.tryGet(ns, '', name)) r.create(ns, '', { metadata: { name } });
  }
  const svc = r.resource('', 'services');
  if (!r.tryGet(svc, 'default', 'kubernetes')) {
    r.create(svc, 'default', {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: firstServiceIP(serviceCIDRs[0]),
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    });
  }
  const eps = r.resource('', 'endpoints');
  if (!r.tryGet(eps, 'default', 'kubernetes')) {
    r.create(eps, 'default', {
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: APISERVER_ADDRESS }], ports: [APISERVER_PORT] }],
    });
  }
  const slices = r.resource('discovery.k8s.io', 'endpointslices');
  if (!r.tryGet(slices, 'default', 'kubernetes')) {
    r.create(slices, 'default', {
      metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [APISERVER_ADDRESS], conditions: { ready: true } }],
      ports: [APISERVER_PORT],
    });
  }
}
