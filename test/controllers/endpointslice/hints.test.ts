import { describe, expect, it } from 'vitest';
import {
  buildNodeView,
  cpuRatiosByZone,
  getAllocations,
  planService,
  quantityToMillis,
  serviceOverloaded,
  type Endpoint,
  type EndpointSlice,
  type Pod,
} from '../../../src/controllers/endpointslice/index.js';
import { applyPlan, DEFAULT_NODES, makeNode, makePod, makeService, opts, step, writes } from './helpers.js';

const AUTO = { 'service.kubernetes.io/topology-mode': 'Auto' };
const auto = makeService({ annotations: AUTO });
const eps = (slices: readonly EndpointSlice[]): Endpoint[] => slices.flatMap((s) => s.endpoints ?? []);
const hintCounts = (slices: readonly EndpointSlice[]) => {
  const out: Record<string, number> = {};
  for (const ep of eps(slices)) for (const z of ep.hints?.forZones ?? []) out[z.name] = (out[z.name] ?? 0) + 1;
  return out;
};
/** n pods spread over nodes in order (node-a, node-b, …) with `perZone` pods each. */
function zonedPods(perNode: Record<string, number>, over: Parameters<typeof makePod>[1] = {}): Pod[] {
  const out: Pod[] = [];
  for (const [node, n] of Object.entries(perNode)) for (let i = 0; i < n; i++) out.push(makePod(out.length, { ...over, node }));
  return out;
}

describe('node view (spec §6.1)', () => {
  it.each([
    ['4', 4000],
    ['3500m', 3500],
    ['0.5', 500],
    ['1.5k', 1500000],
    ['2Ki', 2048000],
    ['1e3', 1000000],
    ['100n', 1],
    ['', 0],
    ['x', 0],
  ])('cpu %j → %i millicores', (q, want) => {
    expect(quantityToMillis(q)).toBe(want);
  });

  it('ratios are allocatable CPU shares of Ready, non-control-plane nodes', () => {
    const ratios = cpuRatiosByZone([
      makeNode('a', 'z1', '3'),
      makeNode('b', 'z2', '1'),
      makeNode('cp', undefined, '0', { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
      makeNode('m', 'z3', '8', { labels: { 'node-role.kubernetes.io/master': 'true' } }),
      makeNode('down', undefined, '0', { ready: false }),
    ]);
    expect(Object.fromEntries(ratios!)).toEqual({ z1: 0.75, z2: 0.25 });
  });

  it.each([
    ['a node without zone', [makeNode('a', 'z1'), makeNode('b')]],
    ['a node without CPU', [makeNode('a', 'z1'), makeNode('b', 'z2', '0')]],
    ['a single zone', [makeNode('a', 'z1'), makeNode('b', 'z1')]],
    ['no nodes', []],
  ])('insufficient information: %s', (_d, nodes) => {
    expect(cpuRatiosByZone(nodes)).toBeNull();
  });
});

describe('allocations (spec §6.1)', () => {
  const two = new Map([['a', 0.5], ['b', 0.5]]);
  it.each([
    [null, 10, { message: 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes' }],
    [two, 1, { message: 'Insufficient number of endpoints (1 endpoints, 2 zones)' }],
    [two, 3, { message: 'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (3 endpoints, 2 zones)' }],
  ])('%o with %i endpoints → disabled', (ratios, n, want) => {
    expect(getAllocations(ratios, n)).toEqual(want);
  });

  it('min = ceil(desired/1.2), max = min + N − Σmin', () => {
    const res = getAllocations(new Map([['a', 0.75], ['b', 0.25]]), 20);
    expect('allocations' in res && Object.fromEntries(res.allocations)).toEqual({
      a: { minimum: 13, maximum: 15, desired: 15 },
      b: { minimum: 5, maximum: 7, desired: 5 },
    });
  });

  it('serviceOverloaded: a zone below its minimum, or a zone missing', () => {
    const ratios = new Map([['a', 0.5], ['b', 0.5]]);
    expect(serviceOverloaded({ a: 5, b: 5 }, ratios)).toBe(false);
    expect(serviceOverloaded({ a: 7, b: 3 }, ratios)).toBe(true);
    expect(serviceOverloaded({ a: 10 }, ratios)).toBe(true);
    expect(serviceOverloaded({}, ratios)).toBe(false);
    expect(serviceOverloaded({ a: 1 }, null)).toBe(true);
  });
});

describe('topology-mode Auto', () => {
  it('balances hints across zones by CPU share and emits Enabled once', () => {
    const { plan, slices } = step(auto, zonedPods({ 'node-a': 6 }), DEFAULT_NODES, [], opts());
    expect(hintCounts(slices)).toEqual({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'TopologyAwareHintsEnabled', message: 'Topology Aware Hints has been enabled, addressType: IPv4' }]);
    expect(plan.topologyState).toEqual({ populated: true, zoneCounts: { IPv4: { 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 } } });
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ topology: 'Auto', trafficDistribution: '' });
    for (const ep of eps(slices)) expect(ep.hints?.forZones).toHaveLength(1);

    const again = planService(auto, zonedPods({ 'node-a': 6 }), DEFAULT_NODES, slices, opts({ topologyState: plan.topologyState }));
    expect(writes(again)).toEqual({ create: 0, update: 0, delete: 0 });
    expect(again.events).toEqual([]);
  });

  it('balanced endpoints keep their own zone; not-ready endpoints get no hints', () => {
    const ready = zonedPods({ 'node-a': 2, 'node-b': 2, 'node-c': 2 });
    const notReady = makePod(50, { node: 'node-a', ready: false });
    const { slices } = step(auto, [...ready, notReady], DEFAULT_NODES, [], opts());
    for (const ep of eps(slices)) {
      if (ep.conditions?.ready) expect(ep.hints).toEqual({ forZones: [{ name: ep.zone }] });
      else expect(ep).not.toHaveProperty('hints');
    }
  });

  it('a slice with hints for a zone that disappeared is rewritten', () => {
    const { slices, plan } = step(auto, zonedPods({ 'node-a': 3, 'node-b': 3, 'node-c': 3 }), DEFAULT_NODES, [], opts());
    const twoZones = [makeNode('node-a', 'zone-a'), makeNode('node-b', 'zone-b'), makeNode('node-c', 'zone-b')];
    const next = planService(auto, zonedPods({ 'node-a': 3, 'node-b': 3, 'node-c': 3 }), twoZones, slices, opts({ topologyState: plan.topologyState }));
    expect(writes(next)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(Object.keys(hintCounts(applyPlan(slices, next))).sort()).toEqual(['zone-a', 'zone-b']);
  });

  it.each([
    ['nodes without zone', [makeNode('node-a', 'zone-a'), makeNode('node-b')], 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes'],
    ['a single zone', [makeNode('node-a', 'zone-a'), makeNode('node-b', 'zone-a')], 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes'],
    ['fewer endpoints than zones', DEFAULT_NODES, 'Insufficient number of endpoints (2 endpoints, 3 zones)', 2],
  ])('falls back (%s): Warning event, no hints', (_d, nodes, message, n = 6) => {
    const plan = planService(auto, zonedPods({ 'node-a': n }), nodes, [], opts());
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: `${message}, addressType: IPv4` }]);
    for (const ep of eps(plan.create)) expect(ep).not.toHaveProperty('hints');
    expect(plan.topologyState.populated).toBe(false);
    // The warning repeats on every sync while the condition persists, without writes.
    const again = planService(auto, zonedPods({ 'node-a': n }), nodes, applyPlan([], plan), opts({ topologyState: plan.topologyState }));
    expect(again.events).toEqual(plan.events);
    expect(writes(again)).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('falls back when a ready endpoint has no zone (pod on a zoneless control-plane node)', () => {
    const nodes = [...DEFAULT_NODES, makeNode('cp', undefined, '4', { labels: { 'node-role.kubernetes.io/control-plane': '' } })];
    const pods = [...zonedPods({ 'node-a': 3, 'node-b': 3 }), makePod(90, { node: 'cp' })];
    const { plan, slices } = step(auto, pods, nodes, [], opts());
    expect(plan.events.map((e) => e.message)).toEqual(['One or more endpoints do not have a zone specified, addressType: IPv4']);
    expect(hintCounts(slices)).toEqual({});
    expect(writes(planService(auto, pods, nodes, slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('removing the annotation strips hints and emits Disabled once', () => {
    const first = step(auto, zonedPods({ 'node-a': 3, 'node-b': 3 }), DEFAULT_NODES, [], opts());
    const plain = makeService();
    const { plan, slices } = step(plain, zonedPods({ 'node-a': 3, 'node-b': 3 }), DEFAULT_NODES, first.slices, opts({ topologyState: first.plan.topologyState }));
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: 'Topology Aware Hints has been disabled, addressType: IPv4' }]);
    expect(hintCounts(slices)).toEqual({});
    const again = planService(plain, zonedPods({ 'node-a': 3, 'node-b': 3 }), DEFAULT_NODES, slices, opts({ topologyState: plan.topologyState }));
    expect(again.events).toEqual([]);
    expect(writes(again)).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('dual-stack: a single Enabled event for the Service', () => {
    const dual = makeService({ annotations: AUTO, ipFamilies: ['IPv4', 'IPv6'] });
    const pods = [0, 1, 2, 3, 4, 5].map((i) => makePod(i, { node: ['node-a', 'node-b', 'node-c'][i % 3], ips: [`10.0.0.${i + 1}`, `fd00::${i + 1}`] }));
    const plan = planService(dual, pods, DEFAULT_NODES, [], opts());
    expect(plan.events.map((e) => e.reason)).toEqual(['TopologyAwareHintsEnabled']);
    expect(Object.keys(plan.topologyState.zoneCounts)).toEqual(['IPv4', 'IPv6']);
  });

  it('with the TopologyAwareHints gate off, Auto does nothing and even blocks trafficDistribution', () => {
    const both = makeService({ annotations: AUTO, trafficDistribution: 'PreferClose' });
    const plan = planService(both, zonedPods({ 'node-a': 6 }), DEFAULT_NODES, [], opts({ topologyAwareHints: false }));
    expect(plan.events).toEqual([]);
    expect(hintCounts(plan.create)).toEqual({});
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ topology: 'Disabled', trafficDistribution: '' });
  });
});

describe('trafficDistribution (spec §6.2)', () => {
  const pods = [...zonedPods({ 'node-a': 2, 'node-b': 1 }), makePod(40, { node: 'node-a', ready: false }), makePod(41, { node: 'nozone' })];
  const nodes = [...DEFAULT_NODES, makeNode('nozone')];
  const td = (v?: string) => makeService(v === undefined ? {} : { trafficDistribution: v });
  const hintsOf = (slices: readonly EndpointSlice[]) =>
    Object.fromEntries(eps(slices).map((e) => [e.targetRef!.name, e.hints ?? null]));

  it.each(['PreferClose', 'PreferSameZone'])('%s: own-zone hints on ready endpoints only', (mode) => {
    const { plan, slices } = step(td(mode), pods, nodes, [], opts());
    expect(hintsOf(slices)).toEqual({
      'web-00000': { forZones: [{ name: 'zone-a' }] },
      'web-00001': { forZones: [{ name: 'zone-a' }] },
      'web-00002': { forZones: [{ name: 'zone-b' }] },
      'web-00040': null,
      'web-00041': null,
    });
    expect(plan.metrics?.perAddressType[0]).toMatchObject({ topology: 'Disabled', trafficDistribution: mode });
    expect(plan.metrics?.trafficDistribution).toBe(mode);
    expect(plan.events).toEqual([]);
  });

  it('PreferSameNode adds node hints; switching from PreferClose updates, PreferClose ↔ PreferSameZone does not', () => {
    const close = step(td('PreferClose'), pods, nodes, [], opts());
    expect(writes(planService(td('PreferSameZone'), pods, nodes, close.slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
    const { plan, slices } = step(td('PreferSameNode'), pods, nodes, close.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(hintsOf(slices)['web-00000']).toEqual({ forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-a' }] });
    expect(hintsOf(slices)['web-00041']).toEqual({ forNodes: [{ name: 'nozone' }] });
    expect(hintsOf(slices)['web-00040']).toBeNull();
  });

  it.each([undefined, 'Bogus'])('unset or unknown (%s) removes hints', (value) => {
    const close = step(td('PreferClose'), pods, nodes, [], opts());
    const { plan, slices } = step(td(value), pods, nodes, close.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(Object.values(hintsOf(slices)).every((h) => h === null)).toBe(true);
    expect(plan.metrics?.trafficDistribution).toBeNull();
  });

  it('PreferSameNode is ignored without the PreferSameTrafficDistribution gate', () => {
    const plan = planService(td('PreferSameNode'), pods, nodes, [], opts({ preferSameTrafficDistribution: false }));
    expect(Object.values(hintsOf(plan.create)).every((h) => h === null)).toBe(true);
  });

  it('Auto wins over trafficDistribution', () => {
    const both = makeService({ annotations: AUTO, trafficDistribution: 'PreferSameNode' });
    const plan = planService(both, zonedPods({ 'node-a': 2, 'node-b': 2, 'node-c': 2 }), DEFAULT_NODES, [], opts());
    for (const ep of eps(plan.create)) expect(ep.hints).toEqual({ forZones: [{ name: ep.zone }] });
    expect(plan.metrics?.trafficDistribution).toBeNull();
  });

  it('accepts a prebuilt NodeView', () => {
    const view = buildNodeView(nodes);
    expect(hintsOf(planService(td('PreferClose'), pods, view, [], opts()).create)).toEqual(hintsOf(planService(td('PreferClose'), pods, nodes, [], opts()).create));
  });
});
