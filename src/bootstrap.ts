// What a fresh cluster has before anyone writes: the four system namespaces and the `kubernetes`
// Service, created through the registry like any other write.
import type { Registry } from './registry/registry.js';
import { firstServiceIP } from './registry/kinds/service-alloc.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

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
}
