// Builders for the Endpoints planner tests, plus a one-object "API server" that applies a plan.
import type { Endpoints, EndpointsPlan, Pod, Service, ServicePort } from '../../../src/controllers/endpoints/index.js';

export interface ServiceOpts {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  selector?: Record<string, string> | null;
  clusterIP?: string;
  ipFamilies?: string[];
  ports?: ServicePort[];
  publishNotReadyAddresses?: boolean;
  type?: string;
}

export function makeService(o: ServiceOpts = {}): Service {
  const spec: NonNullable<Service['spec']> = {
    type: o.type ?? 'ClusterIP',
    clusterIP: o.clusterIP ?? '10.96.0.10',
    ipFamilies: o.ipFamilies ?? ['IPv4'],
    ports: o.ports ?? [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
  };
  if (o.selector !== null) spec.selector = o.selector ?? { app: 'web' };
  if (o.publishNotReadyAddresses !== undefined) spec.publishNotReadyAddresses = o.publishNotReadyAddresses;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name ?? 'web', namespace: o.namespace ?? 'default', uid: 'svc-uid', labels: o.labels ?? { app: 'web' } },
    spec,
  };
}

export interface PodOpts {
  name?: string;
  namespace?: string;
  ip?: string | string[] | null;
  ready?: boolean;
  terminating?: boolean;
  phase?: string;
  node?: string;
  labels?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
  containerPorts?: { name: string; containerPort: number; protocol?: string }[];
  sidecarPorts?: { name: string; containerPort: number; protocol?: string }[];
}

export function makePod(i: number, o: PodOpts = {}): Pod {
  const name = o.name ?? `web-${i}`;
  const ips = o.ip === null ? [] : Array.isArray(o.ip) ? o.ip : [o.ip ?? `10.0.0.${i + 1}`];
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}`, labels: o.labels ?? { app: 'web' } },
    spec: {
      nodeName: o.node ?? 'node-1',
      containers: [{ name: 'app', ports: o.containerPorts ?? [] }],
    },
    status: {
      phase: o.phase ?? 'Running',
      podIPs: ips.map((ip) => ({ ip })),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
  if (ips.length > 0) pod.status!.podIP = ips[0];
  if (o.terminating) pod.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  if (o.hostname) pod.spec!.hostname = o.hostname;
  if (o.subdomain) pod.spec!.subdomain = o.subdomain;
  if (o.sidecarPorts) pod.spec!.initContainers = [{ name: 'sidecar', restartPolicy: 'Always', ports: o.sidecarPorts }];
  return pod;
}

export const pods = (n: number, o: PodOpts = {}) => Array.from({ length: n }, (_, i) => makePod(i, o));

let rv = 100;

/** What the API server would hold after the plan's write (create/update), with a fresh resourceVersion. */
export function applyPlan(existing: Endpoints | undefined, plan: EndpointsPlan): Endpoints | undefined {
  if (plan.action === 'delete') return undefined;
  if (plan.action === 'none') return existing;
  const stored = structuredClone(plan.endpoints!);
  stored.metadata.resourceVersion = String(rv++);
  stored.metadata.uid ??= 'ep-uid';
  return stored;
}

/** IPs of a subset list, as [ready, notReady] per subset. */
export const ipsOf = (e: Endpoints | undefined) =>
  (e?.subsets ?? []).map((s) => [(s.addresses ?? []).map((a) => a.ip), (s.notReadyAddresses ?? []).map((a) => a.ip)]);
