// Builders and a tiny in-memory "API server" for planner tests.
import { expect } from 'vitest';
import {
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  planService,
  type Endpoint,
  type EndpointSlice,
  type Node,
  type Plan,
  type PlanOptions,
  type Pod,
  type Service,
  type ServicePort,
} from '../../../src/controllers/endpointslice/index.js';
import { deepFreeze, clone } from '../../../src/util/copy.js';

export const NS = 'default';
export const SVC_UID = 'svc-uid-1';

export function makeService(over: {
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  ipFamilies?: string[];
  type?: string;
  publishNotReadyAddresses?: boolean;
  trafficDistribution?: string;
  deletionTimestamp?: string;
} = {}): Service {
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: over.name ?? 'web',
      namespace: NS,
      uid: SVC_UID,
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: over.labels ?? { app: 'web' },
    },
    spec: {
      type: over.type ?? 'ClusterIP',
      selector: over.selector === undefined ? { app: 'web' } : over.selector,
      clusterIP: over.clusterIP ?? '10.96.0.10',
      ipFamilies: over.ipFamilies ?? ['IPv4'],
      ports: over.ports ?? [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
  if (over.annotations) svc.metadata.annotations = over.annotations;
  if (over.publishNotReadyAddresses !== undefined) svc.spec!.publishNotReadyAddresses = over.publishNotReadyAddresses;
  if (over.trafficDistribution !== undefined) svc.spec!.trafficDistribution = over.trafficDistribution;
  if (over.deletionTimestamp) svc.metadata.deletionTimestamp = over.deletionTimestamp;
  return svc;
}

export function ipv4(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

export function ipv6(i: number): string {
  return `fd00::${i.toString(16)}`;
}

export function makePod(i: number, over: {
  name?: string;
  ready?: boolean;
  terminating?: boolean;
  phase?: string;
  node?: string | null;
  ips?: string[];
  labels?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
  containerPorts?: { name: string; containerPort: number; protocol?: string }[];
  readyTransition?: string;
  uid?: string;
} = {}): Pod {
  const name = over.name ?? `web-${String(i).padStart(5, '0')}`;
  const ready = over.ready ?? true;
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, uid: over.uid ?? `uid-${name}`, labels: over.labels ?? { app: 'web' } },
    spec: {
      containers: [{ name: 'main', ports: over.containerPorts ?? [] }],
    },
    status: {
      phase: over.phase ?? 'Running',
      podIP: (over.ips ?? [ipv4(i + 1)])[0],
      podIPs: (over.ips ?? [ipv4(i + 1)]).map((ip) => ({ ip })),
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: over.readyTransition ?? '2025-01-01T00:00:05Z' },
      ],
    },
  };
  if (over.node !== null) pod.spec!.nodeName = over.node ?? 'node-a';
  if (over.hostname !== undefined) pod.spec!.hostname = over.hostname;
  if (over.subdomain !== undefined) pod.spec!.subdomain = over.subdomain;
  if (over.terminating) pod.metadata.deletionTimestamp = '2025-01-01T00:10:00Z';
  return pod;
}

export function makeNode(name: string, zone?: string, cpu = '4', over: { ready?: boolean; labels?: Record<string, string> } = {}): Node {
  const labels: Record<string, string> = { ...(over.labels ?? {}) };
  if (zone !== undefined) labels['topology.kubernetes.io/zone'] = zone;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: {
      allocatable: { cpu },
      conditions: [{ type: 'Ready', status: over.ready === false ? 'False' : 'True' }],
    },
  };
}

export const DEFAULT_NODES = [makeNode('node-a', 'zone-a'), makeNode('node-b', 'zone-b'), makeNode('node-c', 'zone-c')];

/** Deterministic generateName: web-00001, web-00002, … (5 chars like the real suffix). */
export function nameGenerator(): (prefix: string) => string {
  let n = 0;
  return (prefix) => `${prefix}${String(++n).padStart(5, '0')}`;
}

// One generator per test file, so names stay unique across the steps of a scenario.
const sharedNames = nameGenerator();

export function opts(over: Partial<PlanOptions> = {}): PlanOptions {
  return { maxEndpointsPerSlice: 100, now: '2025-02-01T00:00:00Z', generateName: sharedNames, ...over };
}

/**
 * A minimal store: creates get a uid and resourceVersion, updates are compare-and-swap on
 * resourceVersion and replace the object, deletes remove it. Results come back frozen and with
 * empty lists as null, as the API server returns them.
 */
export class FakeSliceStore {
  private rv = 100;
  slices = new Map<string, EndpointSlice>();
  constructor(initial: readonly EndpointSlice[] = []) {
    for (const s of initial) this.slices.set(s.metadata.name!, s);
  }
  list(): EndpointSlice[] {
    return [...this.slices.values()];
  }
  private stored(s: EndpointSlice): EndpointSlice {
    const copy = clone(s);
    if ((copy.endpoints ?? []).length === 0) copy.endpoints = null;
    if ((copy.ports ?? []).length === 0) copy.ports = null;
    copy.metadata.resourceVersion = String(++this.rv);
    return deepFreeze(copy);
  }
  apply(plan: Plan): void {
    for (const c of plan.create) {
      expect(c.metadata.name, 'create must carry a name').toBeTruthy();
      expect(this.slices.has(c.metadata.name!), `name ${c.metadata.name} already taken`).toBe(false);
      expect(c.metadata.resourceVersion).toBeUndefined();
      this.slices.set(c.metadata.name!, this.stored({ ...c, metadata: { ...c.metadata, uid: `uid-${c.metadata.name}` } }));
    }
    for (const u of plan.update) {
      const old = this.slices.get(u.metadata.name!);
      expect(old, `update of missing slice ${u.metadata.name}`).toBeDefined();
      expect(u.metadata.resourceVersion, 'update must be compare-and-swap on the current resourceVersion').toBe(old!.metadata.resourceVersion);
      expect(u.addressType, 'addressType is immutable').toBe(old!.addressType);
      this.slices.set(u.metadata.name!, this.stored(u));
    }
    for (const d of plan.delete) {
      expect(this.slices.delete(d.metadata.name!), `delete of missing slice ${d.metadata.name}`).toBe(true);
    }
  }
}

/** applyPlan(existing, plan): the slice set after the plan's writes (see FakeSliceStore). */
export function applyPlan(existing: readonly EndpointSlice[], plan: Plan): EndpointSlice[] {
  const store = new FakeSliceStore(existing);
  store.apply(plan);
  return store.list();
}

/** Plans, applies, returns both; freezes inputs so any mutation by the planner throws. */
export function step(service: Service, pods: Pod[], nodes: Node[], existing: EndpointSlice[], o: PlanOptions) {
  deepFreeze(service);
  deepFreeze(pods);
  deepFreeze(nodes);
  deepFreeze(existing);
  const plan = planService(service, pods, nodes, existing, o);
  return { plan, slices: applyPlan(existing, plan) };
}

export const pods = (n: number, over: Parameters<typeof makePod>[1] = {}) => Array.from({ length: n }, (_, i) => makePod(i, over));

export const sizes = (slices: readonly EndpointSlice[]) => slices.map((s) => (s.endpoints ?? []).length).sort((a, b) => b - a);

export const names = (slices: readonly EndpointSlice[]) => slices.map((s) => s.metadata.name).sort();

export const allEndpoints = (slices: readonly EndpointSlice[]): Endpoint[] => slices.flatMap((s) => s.endpoints ?? []);

export const targetNames = (slices: readonly EndpointSlice[]) => allEndpoints(slices).map((e) => e.targetRef?.name).sort();

export const writes = (p: Plan) => ({ create: p.create.length, update: p.update.length, delete: p.delete.length });

export function managedLabels(svc = 'web', extra: Record<string, string> = { app: 'web' }) {
  return { ...extra, [LABEL_SERVICE_NAME]: svc, [LABEL_MANAGED_BY]: CONTROLLER_NAME };
}
