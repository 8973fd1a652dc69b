// Builders for the mirroring planner tests and a tiny EndpointSlice store that applies a plan.
import type { EndpointAddress, Endpoints, EndpointSubset, Service } from '../../../src/controllers/endpoints/index.js';
import type { EndpointSlice, MirroringPlan } from '../../../src/controllers/mirroring/index.js';

export function makeService(selector: Record<string, string> | null = null, name = 'ext'): Service {
  const spec: NonNullable<Service['spec']> = { type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] };
  if (selector) spec.selector = selector;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: 'svc-uid' }, spec };
}

export function makeEndpoints(subsets: EndpointSubset[], meta: Partial<Endpoints['metadata']> = {}): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'ext', namespace: 'default', uid: 'ep-uid', resourceVersion: '7', ...meta },
    subsets,
  };
}

export const addr = (ip: string, extra: Partial<EndpointAddress> = {}): EndpointAddress => ({ ip, ...extra });
export const http = { name: 'http', port: 80, protocol: 'TCP' };
export const https = { name: 'https', port: 443, protocol: 'TCP' };

/** Holds slices by name; create gets a deterministic generated name. */
export class SliceStore {
  private slices = new Map<string, EndpointSlice>();
  private seq = 0;
  private rv = 1;
  constructor(initial: EndpointSlice[] = []) {
    for (const s of initial) this.slices.set(s.metadata.name!, structuredClone(s));
  }
  apply(plan: Pick<MirroringPlan, 'create' | 'update' | 'delete'>): this {
    for (const s of plan.create) {
      const stored = structuredClone(s);
      stored.metadata.name = `${s.metadata.generateName}${String(this.seq++).padStart(5, 'x')}`;
      stored.metadata.resourceVersion = String(this.rv++);
      this.slices.set(stored.metadata.name, stored);
    }
    for (const s of plan.update) {
      if (!this.slices.has(s.metadata.name!)) throw new Error(`update of missing slice ${s.metadata.name}`);
      const stored = structuredClone(s);
      stored.metadata.resourceVersion = String(this.rv++);
      this.slices.set(s.metadata.name!, stored);
    }
    for (const s of plan.delete) {
      if (!this.slices.delete(s.metadata.name!)) throw new Error(`delete of missing slice ${s.metadata.name}`);
    }
    return this;
  }
  list(): EndpointSlice[] {
    return [...this.slices.values()].map((s) => structuredClone(s));
  }
}

export const writes = (p: Pick<MirroringPlan, 'create' | 'update' | 'delete'>) => ({ create: p.create.length, update: p.update.length, delete: p.delete.length });

/** The endpoints of slices as "ip:ready" strings, per slice (sorted for comparison). */
export const summary = (slices: EndpointSlice[]) =>
  slices
    .map((s) => `${s.addressType} ${(s.ports ?? []).map((p) => `${p.name}/${p.port}`).join(',')} | ${(s.endpoints ?? []).map((e) => `${e.addresses[0]}:${e.conditions?.ready}`).join(' ')}`)
    .sort();
