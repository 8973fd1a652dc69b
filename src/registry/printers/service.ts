// Service columns: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR].
import { formatLabels } from '../../machinery/labels.js';
import { arr, fieldColumn, nameColumn, ageColumn, nameOf, ageOf, obj, str, type Printer } from './types.js';

type J = Record<string, any>;

/** Load-balancer ingress points: IP, else hostname; deduplicated and sorted. */
function loadBalancerIngress(svc: J): string[] {
  const points = arr<J>(obj(obj(svc.status).loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname)).filter(Boolean);
  return [...new Set(points)].sort();
}

/**
 * The External-IP cell. The apiserver prints tables with Wide=true, so the 16-character
 * truncation kubectl's own (client-side) printer applies to load-balancer addresses never happens.
 */
export function serviceExternalIP(svc: J): string {
  const spec = obj(svc.spec);
  const externalIPs = arr<string>(spec.externalIPs).map(str);
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerIngress(svc), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

/** "80/TCP,443:30443/TCP"; "<none>" without ports. */
export function servicePorts(svc: J): string {
  const ports = arr<J>(obj(svc.spec).ports).map((p) => {
    const proto = str(p.protocol) || 'TCP';
    return Number(p.nodePort) > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
  });
  return ports.length > 0 ? ports.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn(),
    fieldColumn('Type', 'string', 'ServiceSpec.type'),
    fieldColumn('Cluster-IP', 'string', 'ServiceSpec.clusterIP'),
    fieldColumn('External-IP', 'string', 'ServiceSpec.externalIPs'),
    fieldColumn('Port(s)', 'string', 'ServiceSpec.ports'),
    ageColumn(),
    fieldColumn('Selector', 'string', 'ServiceSpec.selector', { priority: 1 }),
  ],
  cells(svc, now) {
    const spec = obj(svc.spec);
    const clusterIP = str(arr(spec.clusterIPs)[0]) || str(spec.clusterIP) || '<none>';
    return [
      nameOf(svc), str(spec.type), clusterIP, serviceExternalIP(svc), servicePorts(svc), ageOf(svc, now),
      formatLabels(obj(spec.selector)),
    ];
  },
};
