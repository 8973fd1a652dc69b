import { describe, expect, it } from 'vitest';
import { planService } from '../../../src/controllers/endpointslice/index.js';
import { DEFAULT_NODES, makePod, makeService, managedLabels, names, opts, pods, sizes, step, targetNames, writes } from './helpers.js';

const svc = makeService();

describe('sizing (spec §5.3)', () => {
  it('250 endpoints with the default max → 100/100/50 in three creates', () => {
    const { plan, slices } = step(svc, pods(250), DEFAULT_NODES, [], opts());
    expect(writes(plan)).toEqual({ create: 3, update: 0, delete: 0 });
    expect(sizes(slices)).toEqual([100, 100, 50]);
    expect(targetNames(slices)).toEqual(pods(250).map((p) => p.metadata.name).sort());
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ endpointsAdded: 250, endpointsRemoved: 0, slicesChanged: 3 });
    expect(plan.metrics?.service).toEqual({ endpoints: 250, actualSlices: 3, desiredSlices: 3 });
  });

  it.each([
    [250, 100, [100, 100, 50]],
    [5, 1, [1, 1, 1, 1, 1]],
    [10, 3, [3, 3, 3, 1]],
    [1000, 1000, [1000]],
    [1001, 1000, [1000, 1]],
    [100, 100, [100]],
    [1, 100, [1]],
  ])('%i endpoints, max %i → %o', (n, max, want) => {
    const { slices } = step(svc, pods(n), DEFAULT_NODES, [], opts({ maxEndpointsPerSlice: max }));
    expect(sizes(slices)).toEqual(want);
  });

  it.each([0, 1001, 2.5, NaN])('rejects maxEndpointsPerSlice %s', (max) => {
    expect(() => planService(svc, [], DEFAULT_NODES, [], opts({ maxEndpointsPerSlice: max }))).toThrow(RangeError);
  });

  it('creates carry full metadata: name from generateName, labels, ownerRef, trigger time, sorted ports', () => {
    const service = makeService({
      ports: [
        { name: 'http', port: 80, targetPort: 80, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
      ],
    });
    const plan = planService(service, pods(1), DEFAULT_NODES, [], opts({ generateName: (p) => `${p}abcde` }));
    expect(plan.create).toHaveLength(1);
    const s = plan.create[0];
    expect(s.metadata).toEqual({
      name: 'web-abcde',
      generateName: 'web-',
      namespace: 'default',
      labels: managedLabels(),
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-02-01T00:00:00Z' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid-1', controller: true, blockOwnerDeletion: true }],
    });
    expect(s.ports?.map((p) => p.name)).toEqual(['https', 'http']);
    expect(s.ports?.[1]).toEqual({ name: 'http', protocol: 'TCP', port: 80 });
  });
});

describe('zero writes when nothing changed (spec §5.8)', () => {
  it('planning against its own output is empty', () => {
    const first = step(svc, pods(250), DEFAULT_NODES, [], opts());
    const again = planService(svc, pods(250), DEFAULT_NODES, first.slices, opts());
    expect(writes(again)).toEqual({ create: 0, update: 0, delete: 0 });
    expect(again.metrics?.perAddressType[0]).toMatchObject({ endpointsAdded: 0, endpointsRemoved: 0, slicesChanged: 0 });
    expect(again.metrics?.service).toEqual({ endpoints: 250, actualSlices: 3, desiredSlices: 3 });
  });
});

describe('churn', () => {
  const base = step(svc, pods(250), DEFAULT_NODES, [], opts());

  it('one readiness flip = exactly one slice update, same name, only that endpoint changes', () => {
    const flipped = pods(250);
    flipped[137] = makePod(137, { ready: false });
    const { plan, slices } = step(svc, flipped, DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    const before = base.slices.find((s) => s.metadata.name === plan.update[0].metadata.name)!;
    expect(plan.update[0].endpoints).toHaveLength(before.endpoints!.length);
    const ep = slices.flatMap((s) => s.endpoints ?? []).find((e) => e.targetRef?.name === 'web-00137')!;
    expect(ep.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(names(slices)).toEqual(names(base.slices));
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ endpointsAdded: 0, endpointsRemoved: 0 });
  });

  it('a pod recreated with the same name and IP but a new uid is updated in place', () => {
    const recreated = pods(250);
    recreated[3] = makePod(3, { uid: 'new-uid' });
    const { plan } = step(svc, recreated, DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
  });

  it('a pod with a new IP is a different endpoint: dropped and re-added into the same updated slice', () => {
    const moved = pods(250);
    moved[3] = makePod(3, { ips: ['10.200.0.1'] });
    const { plan, slices } = step(svc, moved, DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ endpointsAdded: 1, endpointsRemoved: 1 });
    expect(sizes(slices)).toEqual([100, 100, 50]);
  });

  it('a pod losing its labels leaves the slice (shrink in place)', () => {
    const relabelled = pods(250);
    relabelled[0] = makePod(0, { labels: { app: 'other' } });
    const { plan, slices } = step(svc, relabelled, DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(sizes(slices)).toEqual([100, 99, 50]);
  });

  it('a pod that finished (Succeeded/Failed) leaves its slice; a terminating one stays, not ready', () => {
    const changed = pods(250);
    changed[1] = makePod(1, { phase: 'Succeeded' });
    changed[2] = makePod(2, { terminating: true });
    const { plan, slices } = step(svc, changed, DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    const eps = slices.flatMap((s) => s.endpoints ?? []);
    expect(eps.find((e) => e.targetRef?.name === 'web-00001')).toBeUndefined();
    expect(eps.find((e) => e.targetRef?.name === 'web-00002')?.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('pods of other namespaces are ignored', () => {
    const extra = makePod(999);
    extra.metadata.namespace = 'elsewhere';
    const { plan } = step(svc, [...pods(250), extra], DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 0 });
  });
});

describe('scale up: top up, fill one unchanged slice only if the whole remainder fits, never rebalance', () => {
  const base = step(svc, pods(250), DEFAULT_NODES, [], opts());

  it.each([
    ['+30 fits into the 50-slice', 280, { create: 0, update: 1, delete: 0 }, [100, 100, 80]],
    ['+50 fills the 50-slice exactly', 300, { create: 0, update: 1, delete: 0 }, [100, 100, 100]],
    ['+60 does not fit anywhere → one create', 310, { create: 1, update: 0, delete: 0 }, [100, 100, 60, 50]],
    ['+150 → a full create, then the 50 left fill the 50-slice', 400, { create: 1, update: 1, delete: 0 }, [100, 100, 100, 100]],
    ['+260 → two full creates and 60 in a third create', 510, { create: 3, update: 0, delete: 0 }, [100, 100, 100, 100, 60, 50]],
  ])('%s', (_d, n, w, want) => {
    const { plan, slices } = step(svc, pods(n), DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual(w);
    expect(sizes(slices)).toEqual(want);
  });

  it('new endpoints first top up slices that are being updated anyway, fullest first', () => {
    // Remove 10 from the first full slice and 40 from the 50-slice → updates with 90 and 10.
    const first = base.slices.find((s) => s.endpoints!.length === 100)!;
    const half = base.slices.find((s) => s.endpoints!.length === 50)!;
    const gone = new Set([
      ...first.endpoints!.slice(0, 10).map((e) => e.targetRef!.name),
      ...half.endpoints!.slice(0, 40).map((e) => e.targetRef!.name),
    ]);
    const remaining = pods(250).filter((p) => !gone.has(p.metadata.name!));
    const added = Array.from({ length: 15 }, (_, i) => makePod(1000 + i));
    const { plan, slices } = step(svc, [...remaining, ...added], DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 2, delete: 0 });
    const updated = Object.fromEntries(plan.update.map((s) => [s.metadata.name, s.endpoints!.length]));
    expect(updated).toEqual({ [first.metadata.name!]: 100, [half.metadata.name!]: 15 });
    expect(sizes(slices)).toEqual([100, 100, 15]);
  });

  it('chooses the unchanged slice that ends up closest to full', () => {
    // Slices of 100/100/50 plus a fragmented 90: 8 new pods fit best into the 90-slice.
    const ninety = step(svc, pods(90).map((_, i) => makePod(2000 + i)), DEFAULT_NODES, [], opts({ generateName: (p) => `${p}zzzzz` }));
    const existing = [...base.slices, ...ninety.slices];
    const all = [...pods(250), ...pods(90).map((_, i) => makePod(2000 + i)), ...Array.from({ length: 8 }, (_, i) => makePod(3000 + i))];
    const { plan } = step(svc, all, DEFAULT_NODES, existing, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.update[0].metadata.name).toBe('web-zzzzz');
    expect(plan.update[0].endpoints).toHaveLength(98);
  });
});

describe('scale down', () => {
  const base = step(svc, pods(250), DEFAULT_NODES, [], opts());

  it('shrinks slices in place without rebalancing', () => {
    const { plan, slices } = step(svc, pods(240), DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(sizes(slices)).toEqual([100, 100, 40]);
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ endpointsAdded: 0, endpointsRemoved: 10 });
  });

  it('deletes a slice that becomes empty', () => {
    const { plan, slices } = step(svc, pods(200), DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 1 });
    expect(sizes(slices)).toEqual([100, 100]);
  });

  it('scale to zero: one slice is recycled into the placeholder, the rest deleted', () => {
    const { plan, slices } = step(svc, [], DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 2 });
    expect(slices).toHaveLength(1);
    expect(slices[0].endpoints).toBeNull();
    expect(slices[0].ports).toBeNull();
    expect(names(base.slices)).toContain(slices[0].metadata.name);
    expect(plan.metrics?.service).toEqual({ endpoints: 0, actualSlices: 1, desiredSlices: 1 });
  });
});
