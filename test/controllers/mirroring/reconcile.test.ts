import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../../../src/controllers/endpoints/index.js';
import { planMirroring, type EndpointSlice } from '../../../src/controllers/mirroring/index.js';
import { addr, http, https, makeEndpoints, makeService, SliceStore, summary, writes } from './helpers.js';

const svc = makeService();
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
const base = () =>
  makeEndpoints(
    [
      { addresses: [addr('10.0.0.1', { targetRef: ref('a'), nodeName: 'n1' }), addr('fd00::1')], notReadyAddresses: [addr('10.0.0.2', { hostname: 'h' })], ports: [http] },
      { addresses: [addr('10.0.1.1')], ports: [https] },
    ],
    { labels: { team: 'a' }, annotations: { 'example.com/x': 'y' } },
  );

function converge(ep: Endpoints, store = new SliceStore(), opts = {}) {
  const plan = planMirroring(svc, ep, store.list(), opts);
  store.apply(plan);
  return { plan, store };
}

describe('idempotency: planning against its own output writes nothing', () => {
  it.each([
    { name: 'several subsets, both families, labels and annotations', ep: base() },
    { name: 'port-less subset', ep: makeEndpoints([{ addresses: [addr('10.0.0.1')] }]) },
    { name: 'truncated by maxEndpointsPerSubset', ep: makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('10.0.0.2'), addr('10.0.0.3')], ports: [http] }]), opts: { maxEndpointsPerSubset: 2 } },
    { name: 'invalid addresses skipped', ep: makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('nope')], ports: [http] }]) },
    { name: 'non-canonical IPs', ep: makeEndpoints([{ addresses: [addr('2001:0db8::0001'), addr('010.0.0.1')], ports: [http] }]) },
    { name: 'targetRef with resourceVersion', ep: makeEndpoints([{ addresses: [addr('10.0.0.1', { targetRef: { ...ref('a'), resourceVersion: '9' } })], ports: [http] }]) },
  ])('$name', ({ ep, opts }) => {
    const { store } = converge(ep, new SliceStore(), opts);
    const again = planMirroring(svc, ep, store.list(), opts);
    expect(writes(again)).toEqual({ create: 0, update: 0, delete: 0 });
    expect(again.metrics.observations).toMatchObject({ endpointsAdded: 0, endpointsUpdated: 0, endpointsRemoved: 0 });
  });

  it('a new trigger-time or last-applied annotation on the Endpoints changes nothing', () => {
    const ep = base();
    const { store } = converge(ep);
    ep.metadata.annotations = {
      ...ep.metadata.annotations,
      'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    };
    expect(writes(planMirroring(svc, ep, store.list()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('a targetRef resourceVersion bump changes nothing', () => {
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1', { targetRef: { ...ref('a'), resourceVersion: '1' } })], ports: [http] }]);
    const { store } = converge(ep);
    ep.subsets![0].addresses![0].targetRef!.resourceVersion = '2';
    expect(writes(planMirroring(svc, ep, store.list()))).toEqual({ create: 0, update: 0, delete: 0 });
  });
});

describe('changes rewrite the one slice of a group, keeping its name', () => {
  const cases: { name: string; change: (ep: Endpoints) => void; totals?: object; updates?: number }[] = [
    { name: 'an address added', change: (ep) => ep.subsets![1].addresses!.push(addr('10.0.1.2')), totals: { endpointsAdded: 1, endpointsUpdated: 0, endpointsRemoved: 0 } },
    { name: 'an address turns not ready', change: (ep) => (ep.subsets![1] = { notReadyAddresses: [addr('10.0.1.1')], ports: [https] }), totals: { endpointsAdded: 0, endpointsUpdated: 1, endpointsRemoved: 0 } },
    { name: 'nodeName changes', change: (ep) => (ep.subsets![0].addresses![0].nodeName = 'n9'), totals: { endpointsAdded: 0, endpointsUpdated: 1, endpointsRemoved: 0 } },
    {
      name: 'an address removed',
      change: (ep) => ep.subsets![0].addresses!.splice(0, 1, addr('10.0.0.5')),
      totals: { endpointsAdded: 1, endpointsUpdated: 0, endpointsRemoved: 1 },
    },
    // Labels and annotations are on every slice, so every slice is rewritten.
    { name: 'an Endpoints label changes', change: (ep) => (ep.metadata.labels = { team: 'b' }), updates: 3 },
    { name: 'an Endpoints annotation is added', change: (ep) => (ep.metadata.annotations = { 'example.com/x': 'y', more: '1' }), updates: 3 },
  ];
  it.each(cases)('$name', ({ change, totals, updates = 1 }) => {
    const ep = base();
    const { store } = converge(ep);
    const before = store.list().map((s) => s.metadata.name).sort();
    change(ep);
    const plan = planMirroring(svc, ep, store.list());
    expect(writes(plan)).toEqual({ create: 0, update: updates, delete: 0 });
    for (const s of plan.update) expect(before).toContain(s.metadata.name);
    if (totals) expect(plan.metrics.observations).toMatchObject(totals);
    store.apply(plan);
    expect(writes(planMirroring(svc, ep, store.list()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('a slice left from an earlier Endpoints with the same name (other UID) is rewritten', () => {
    const ep = base();
    const { store } = converge(ep);
    const recreated = { ...ep, metadata: { ...ep.metadata, uid: 'ep-uid-2' } };
    const plan = planMirroring(svc, recreated, store.list());
    expect(writes(plan)).toEqual({ create: 0, update: 3, delete: 0 });
    expect(plan.update.every((s) => s.metadata.ownerReferences![0].uid === 'ep-uid-2')).toBe(true);
  });

  it('a user edit of a mirrored slice is reverted', () => {
    const ep = base();
    const { store } = converge(ep);
    const edited = store.list().map((s) => (s.addressType === 'IPv6' ? { ...s, endpoints: [] } : s));
    const plan = planMirroring(svc, ep, edited);
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.update[0].endpoints!.map((e) => e.addresses[0])).toEqual(['fd00::1']);
  });
});

describe('deletes and recycling', () => {
  it('extra slices of one group are deleted, the first (by name) is kept', () => {
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1')], ports: [http] }]);
    const { store } = converge(ep);
    const [only] = store.list();
    const dup: EndpointSlice = { ...structuredClone(only), metadata: { ...structuredClone(only.metadata), name: 'zzz-duplicate' } };
    const plan = planMirroring(svc, ep, [dup, only]);
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 1 });
    expect(plan.delete[0].metadata.name).toBe('zzz-duplicate');
  });

  it('a group that is no longer desired is deleted without counting removed endpoints', () => {
    const ep = base();
    const { store } = converge(ep);
    ep.subsets = ep.subsets!.slice(0, 1);
    const plan = planMirroring(svc, ep, store.list());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 1 });
    expect(summary(plan.delete)).toEqual(['IPv4 https/443 | 10.0.1.1:true']);
    expect(plan.metrics.observations).toMatchObject({ endpointsRemoved: 0 });
  });

  it('all addresses of a family gone → that slice is deleted, counting its endpoints', () => {
    const ep = base();
    const { store } = converge(ep);
    ep.subsets![0].addresses = ep.subsets![0].addresses!.filter((a) => a.ip !== 'fd00::1');
    const plan = planMirroring(svc, ep, store.list());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 1 });
    expect(plan.delete[0].addressType).toBe('IPv6');
    expect(plan.metrics.observations).toMatchObject({ endpointsRemoved: 1 });
  });

  it('a port change turns create + delete into an update of the old slice (recycling)', () => {
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('fd00::1')], ports: [http] }]);
    const { store } = converge(ep);
    const names = Object.fromEntries(store.list().map((s) => [s.addressType, s.metadata.name]));
    ep.subsets![0].ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];
    const plan = planMirroring(svc, ep, store.list());
    expect(writes(plan)).toEqual({ create: 0, update: 2, delete: 0 });
    expect(Object.fromEntries(plan.update.map((s) => [s.addressType, s.metadata.name]))).toEqual(names);
    store.apply(plan);
    expect(summary(store.list())).toEqual(['IPv4 http/8080 | 10.0.0.1:true', 'IPv6 http/8080 | fd00::1:true']);
  });

  it('no new slices while the Endpoints is being deleted, but recycled updates and deletes still happen', () => {
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1')], ports: [http] }], { deletionTimestamp: '2026-01-01T00:00:00Z' });
    expect(writes(planMirroring(svc, ep, []))).toEqual({ create: 0, update: 0, delete: 0 });
    const live = makeEndpoints([{ addresses: [addr('10.0.0.1')], ports: [http] }]);
    const { store } = converge(live);
    ep.subsets![0].ports = [https];
    expect(writes(planMirroring(svc, ep, store.list()))).toEqual({ create: 0, update: 1, delete: 0 });
  });

  it('Endpoints emptied → every slice deleted, none created', () => {
    const ep = base();
    const { store } = converge(ep);
    ep.subsets = [];
    const plan = planMirroring(svc, ep, store.list());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 3 });
    expect(plan.metrics.portCache).toEqual({});
  });
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('purity', () => {
  it('never modifies its inputs (frozen Service, Endpoints and slices)', () => {
    const ep = base();
    const { store } = converge(ep);
    ep.subsets![0].ports = [{ name: 'http', port: 8080, protocol: 'TCP' }];
    ep.metadata.labels = { team: 'z' };
    const slices = deepFreeze(store.list());
    expect(() => planMirroring(deepFreeze(svc), deepFreeze(ep), slices)).not.toThrow();
    expect(() => planMirroring(undefined, ep, slices)).not.toThrow();
  });
});
