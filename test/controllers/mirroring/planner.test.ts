import { describe, expect, it } from 'vitest';
import { MirroringMetricsCache, planMirroring, type EndpointSlice } from '../../../src/controllers/mirroring/index.js';
import { addr, http, https, makeEndpoints, makeService, SliceStore, summary, writes } from './helpers.js';

const svc = makeService();
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
const simple = () => makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('10.0.0.2')], ports: [http] }]);

/** Plans, applies to a store, and returns the store plus the plan. */
function mirror(endpoints = simple(), service = svc, initial: EndpointSlice[] = [], opts = {}) {
  const store = new SliceStore(initial);
  const plan = planMirroring(service, endpoints, store.list(), opts);
  store.apply(plan);
  return { plan, store };
}

describe('when the controller mirrors (spec §7.1)', () => {
  const mirrored = () => mirror().store.list();
  const foreign: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'ext-user', namespace: 'default', labels: { 'kubernetes.io/service-name': 'ext', 'endpointslice.kubernetes.io/managed-by': 'someone-else' } },
    addressType: 'IPv4',
    endpoints: [],
  };
  it.each([
    { name: 'Endpoints gone', svc, ep: undefined, reason: 'EndpointsNotFound' },
    { name: 'skip-mirror label', svc, ep: makeEndpoints([], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }), reason: 'SkipMirror' },
    { name: 'leader-election annotation', svc, ep: makeEndpoints([], { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } }), reason: 'SkipMirror' },
    { name: 'Service gone', svc: undefined, ep: simple(), reason: 'ServiceNotFound' },
    { name: 'Service has a selector', svc: makeService({ app: 'x' }), ep: simple(), reason: 'ServiceHasSelector' },
  ])('$name → every mirrored slice is deleted, others are untouched', ({ svc: service, ep, reason }) => {
    const plan = planMirroring(service, ep, [...mirrored(), foreign], { namespace: 'default', name: 'ext' });
    expect(plan.reason).toBe(reason);
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 1 });
    expect(plan.delete[0].metadata.labels!['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
    expect(plan.metrics).toEqual({ portCache: null });
  });

  it('skip-mirror only counts with the value "true"; an empty selector is no selector', () => {
    const ep = makeEndpoints(simple().subsets!, { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'false' } });
    expect(planMirroring(makeService({}), ep, []).create).toHaveLength(1);
  });

  it('slices mirrored for another name are not considered', () => {
    const other = mirror(makeEndpoints([{ addresses: [addr('10.9.9.9')], ports: [http] }], { name: 'other' }), makeService(null, 'other')).store.list();
    expect(writes(planMirroring(svc, simple(), other))).toEqual({ create: 1, update: 0, delete: 0 });
  });
});

describe('the slices written', () => {
  it('mirror one subset into one slice, exactly as the controller builds it', () => {
    const ep = makeEndpoints(
      [
        {
          addresses: [addr('10.0.0.2', { nodeName: 'n2', targetRef: ref('b'), hostname: 'hb' }), addr('10.0.0.1', { targetRef: { ...ref('a'), resourceVersion: '3' } })],
          ports: [http, https],
        },
      ],
      {
        labels: { team: 'a', 'endpointslice.kubernetes.io/managed-by': 'someone', 'kubernetes.io/service-name': 'wrong' },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'example.com/a': 'b' },
      },
    );
    const plan = planMirroring(svc, ep, []);
    expect(writes(plan)).toEqual({ create: 1, update: 0, delete: 0 });
    expect(plan.create[0]).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: 'ext-',
        namespace: 'default',
        labels: { team: 'a', 'kubernetes.io/service-name': 'ext', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' },
        annotations: { 'example.com/a': 'b' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'ext', uid: 'ep-uid', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [
        { addresses: ['10.0.0.1'], conditions: { ready: true }, targetRef: { ...ref('a'), resourceVersion: '3' } },
        { addresses: ['10.0.0.2'], conditions: { ready: true }, hostname: 'hb', targetRef: ref('b'), nodeName: 'n2' },
      ],
      // https hashes before http (spec §3.4)
      ports: [
        { name: 'https', port: 443, protocol: 'TCP' },
        { name: 'http', port: 80, protocol: 'TCP' },
      ],
    });
    expect(plan.create[0].metadata.resourceVersion).toBeUndefined();
  });

  it.each([
    {
      name: 'IPv4 and IPv6 addresses of one subset → one slice each',
      subsets: [{ addresses: [addr('10.0.0.1'), addr('fd00::1')], ports: [http] }],
      out: ['IPv4 http/80 | 10.0.0.1:true', 'IPv6 http/80 | fd00::1:true'],
    },
    {
      name: 'different address sets → one slice per subset',
      subsets: [{ addresses: [addr('10.0.0.1')], ports: [http] }, { addresses: [addr('10.0.0.2')], ports: [https] }],
      out: ['IPv4 http/80 | 10.0.0.1:true', 'IPv4 https/443 | 10.0.0.2:true'],
    },
    {
      name: 'subsets with the same addresses are repacked into one slice',
      subsets: [{ addresses: [addr('10.0.0.1')], ports: [http] }, { addresses: [addr('10.0.0.1')], ports: [https] }],
      out: ['IPv4 https/443,http/80 | 10.0.0.1:true'],
    },
    {
      name: 'not-ready addresses mirror with ready=false, after the ready ones',
      subsets: [{ addresses: [addr('10.0.0.9')], notReadyAddresses: [addr('10.0.0.1')], ports: [http] }],
      out: ['IPv4 http/80 | 10.0.0.9:true 10.0.0.1:false'],
    },
    {
      name: 'ready and not ready for the same address: not ready wins',
      subsets: [{ addresses: [addr('10.0.0.1')], notReadyAddresses: [addr('10.0.0.1')], ports: [http] }],
      out: ['IPv4 http/80 | 10.0.0.1:false'],
    },
    {
      name: 'IPs are re-serialised canonically',
      subsets: [{ addresses: [addr('010.000.000.001'), addr('2001:0db8:0:0:0:0:0:0001'), addr('::ffff:10.0.0.7')], ports: [http] }],
      out: ['IPv4 http/80 | 10.0.0.1:true 10.0.0.7:true', 'IPv6 http/80 | 2001:db8::1:true'],
    },
    { name: 'port-less subset → slice with no ports', subsets: [{ addresses: [addr('10.0.0.1')] }], out: ['IPv4  | 10.0.0.1:true'] },
    { name: 'no subsets → no slice at all (no placeholder)', subsets: [], out: [] },
    { name: 'only invalid IPs → no slice', subsets: [{ addresses: [addr('not-an-ip')], ports: [http] }], out: [] },
  ])('$name', ({ subsets, out }) => {
    expect(summary(mirror(makeEndpoints(subsets)).store.list())).toEqual(out);
  });

  it('the generateName prefix drops the dash only when the name is at the length limit', () => {
    const long = 'a'.repeat(253);
    const plan = planMirroring(makeService(null, long), makeEndpoints(simple().subsets!, { name: long }), []);
    expect(plan.create[0].metadata.generateName).toBe(long);
  });
});

describe('skipped addresses, events and metrics', () => {
  it('invalid IPs are skipped with an InvalidIPAddress event', () => {
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('bogus')], notReadyAddresses: [addr('300.1.1.1')], ports: [http] }]);
    const { plan, store } = mirror(ep);
    expect(summary(store.list())).toEqual(['IPv4 http/80 | 10.0.0.1:true']);
    expect(plan.events).toEqual([
      {
        type: 'Warning',
        reason: 'InvalidIPAddress',
        message: 'Skipped 2 invalid IP addresses when mirroring to EndpointSlices',
        source: 'endpoint-slice-mirroring-controller',
        involvedObject: { kind: 'Endpoints', apiVersion: 'v1', namespace: 'default', name: 'ext', uid: 'ep-uid', resourceVersion: '7' },
      },
    ]);
    expect(plan.metrics.observations).toEqual({ endpointsAdded: 1, endpointsUpdated: 0, endpointsRemoved: 0, addressesSkipped: 2 });
  });

  it('at most maxEndpointsPerSubset addresses per subset, ready first, with TooManyAddressesToMirror', () => {
    const ep = makeEndpoints([
      { addresses: [addr('10.0.0.1'), addr('10.0.0.2')], notReadyAddresses: [addr('10.0.0.3')], ports: [http] },
      { addresses: [addr('10.0.1.1')], ports: [https] },
    ]);
    const { plan, store } = mirror(ep, svc, [], { maxEndpointsPerSubset: 2 });
    expect(summary(store.list())).toEqual(['IPv4 http/80 | 10.0.0.1:true 10.0.0.2:true', 'IPv4 https/443 | 10.0.1.1:true']);
    expect(plan.events.map((e) => [e.reason, e.message])).toEqual([
      ['TooManyAddressesToMirror', 'A max of 2 addresses can be mirrored to EndpointSlices per Endpoints subset. 1 addresses were skipped'],
    ]);
    expect(plan.metrics.observations!.addressesSkipped).toBe(1);
  });

  it('invalid addresses do not use up the limit; both events when both happen', () => {
    // Repacking sorts by IP text, so "0.0.0.256" is looked at first; an invalid IP sorting last would
    // never be reached once the limit is hit.
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('10.0.0.2'), addr('0.0.0.256'), addr('10.0.0.3'), addr('zz')], ports: [http] }]);
    const { plan, store } = mirror(ep, svc, [], { maxEndpointsPerSubset: 2 });
    expect(summary(store.list())).toEqual(['IPv4 http/80 | 10.0.0.1:true 10.0.0.2:true']);
    expect(plan.events.map((e) => e.reason)).toEqual(['InvalidIPAddress', 'TooManyAddressesToMirror']);
    expect(plan.events[0].message).toBe('Skipped 1 invalid IP addresses when mirroring to EndpointSlices');
    expect(plan.events[1].message).toContain('3 addresses were skipped');
  });

  it.each([0, 1001, 1.5])('rejects maxEndpointsPerSubset=%s', (max) => {
    expect(() => planMirroring(svc, simple(), [], { maxEndpointsPerSubset: max })).toThrow(RangeError);
  });

  it('reports efficiency per group and feeds the controller-wide gauges', () => {
    const ep = makeEndpoints([{ addresses: [addr('10.0.0.1'), addr('10.0.0.2'), addr('10.0.0.3')], ports: [http] }]);
    const { plan } = mirror(ep, svc, [], { maxEndpointsPerSubset: 2 });
    const groups = Object.values(plan.metrics.portCache!);
    expect(groups.sort((a, b) => b.endpoints - a.endpoints)).toEqual([{ endpoints: 2, slices: 1 }, { endpoints: 0, slices: 0 }]);
    const cache = new MirroringMetricsCache(2);
    cache.apply('default/ext', plan.metrics);
    cache.apply('default/other', { portCache: { k: { endpoints: 3, slices: 1 } } });
    expect(cache.gauges()).toEqual({ endpointsDesired: 5, numEndpointSlices: 2, desiredEndpointSlices: 3 });
    cache.apply('default/other', { portCache: null });
    expect(cache.gauges()).toEqual({ endpointsDesired: 2, numEndpointSlices: 1, desiredEndpointSlices: 1 });
  });
});
