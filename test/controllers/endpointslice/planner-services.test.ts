import { describe, expect, it } from 'vitest';
import { failedToUpdateEvent, newEndpointSlice, planService, type EndpointSlice } from '../../../src/controllers/endpointslice/index.js';
import { applyPlan, DEFAULT_NODES, makePod, makeService, managedLabels, names, opts, pods, sizes, step, writes } from './helpers.js';

const svc = makeService();
const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';

describe('placeholder slices (spec §5.5)', () => {
  it('a Service with no pods gets one placeholder with empty ports and endpoints', () => {
    const { plan } = step(svc, [], DEFAULT_NODES, [], opts());
    expect(writes(plan)).toEqual({ create: 1, update: 0, delete: 0 });
    expect(plan.create[0]).toMatchObject({ addressType: 'IPv4', endpoints: [], ports: [] });
    expect(plan.create[0].metadata.labels).toEqual(managedLabels());
  });

  it('an existing placeholder is left alone (also as stored, with null lists)', () => {
    const first = step(svc, [], DEFAULT_NODES, [], opts());
    expect(writes(planService(svc, [], DEFAULT_NODES, first.slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('is replaced by an update (same name) when pods appear', () => {
    const first = step(svc, [], DEFAULT_NODES, [], opts());
    const { plan, slices } = step(svc, pods(3), DEFAULT_NODES, first.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(names(slices)).toEqual(names(first.slices));
    expect(slices[0].ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(sizes(slices)).toEqual([3]);
  });

  it('dual-stack Service without pods gets one placeholder per family', () => {
    const dual = makeService({ ipFamilies: ['IPv4', 'IPv6'] });
    const { plan } = step(dual, [], DEFAULT_NODES, [], opts());
    expect(plan.create.map((s) => s.addressType)).toEqual(['IPv4', 'IPv6']);
  });

  it('a placeholder whose labels are stale is recycled into an update', () => {
    const first = step(svc, [], DEFAULT_NODES, [], opts());
    const relabelled = makeService({ labels: { app: 'web', v: '2' } });
    const { plan } = step(relabelled, [], DEFAULT_NODES, first.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 1, delete: 0 });
    expect(plan.update[0].metadata.labels).toEqual(managedLabels('web', { app: 'web', v: '2' }));
  });

  it('no creates (not even the placeholder) while the Service is being deleted', () => {
    const deleting = makeService({ deletionTimestamp: '2025-03-01T00:00:00Z' });
    expect(writes(planService(deleting, pods(5), DEFAULT_NODES, [], opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });
});

describe('ports', () => {
  const base = step(svc, pods(250), DEFAULT_NODES, [], opts());

  it('a targetPort change rewrites every slice as an update that keeps its name', () => {
    const changed = makeService({ ports: [{ name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' }] });
    const { plan, slices } = step(changed, pods(250), DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 3, delete: 0 });
    expect(names(slices)).toEqual(names(base.slices));
    expect(sizes(slices)).toEqual([100, 100, 50]);
    for (const s of slices) expect(s.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 9090 }]);
  });

  it('a full rewrite repacks fragmented slices for free (surplus deleted)', () => {
    const fragmented = step(svc, pods(200), DEFAULT_NODES, base.slices, opts()).slices; // 100/100 (50 deleted)
    const grown = step(svc, pods(260), DEFAULT_NODES, fragmented, opts()).slices; // + 60 → 100/100/60
    const shrunk = step(svc, pods(260).filter((_, i) => i % 10 !== 0), DEFAULT_NODES, grown, opts()).slices; // 90/90/54
    expect(sizes(shrunk)).toEqual([90, 90, 54]);
    const changed = makeService({ ports: [{ name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' }] });
    const { plan, slices } = step(changed, pods(260).filter((_, i) => i % 10 !== 0), DEFAULT_NODES, shrunk, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 3, delete: 0 });
    expect(sizes(slices)).toEqual([100, 100, 34]);
  });

  it('a named targetPort resolving differently per pod splits endpoints into separate slices', () => {
    const named = makeService({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
    const podsA = [0, 1, 2].map((i) => makePod(i, { containerPorts: [{ name: 'web', containerPort: 8080 }] }));
    const podsB = [3, 4].map((i) => makePod(i, { containerPorts: [{ name: 'web', containerPort: 9090 }] }));
    const lacking = makePod(5);
    const { plan } = step(named, [...podsA, ...podsB, lacking], DEFAULT_NODES, [], opts());
    const byPort = Object.fromEntries(plan.create.map((s) => [s.ports?.[0]?.port ?? 'none', s.endpoints!.length]));
    expect(byPort).toEqual({ 8080: 3, 9090: 2, none: 1 });
    expect(plan.create.find((s) => s.ports!.length === 0)!.endpoints![0].targetRef?.name).toBe('web-00005');
  });

  it('multi-port slices keep the hash order (udp, tcp, sctp)', () => {
    const multi = makeService({
      ports: [
        { name: 'tcp-example', port: 80, targetPort: 80, protocol: 'TCP' },
        { name: 'udp-example', port: 161, targetPort: 161, protocol: 'UDP' },
        { name: 'sctp-example', port: 3456, targetPort: 3456, protocol: 'SCTP' },
      ],
    });
    const { plan } = step(multi, pods(1), DEFAULT_NODES, [], opts());
    expect(plan.create[0].ports?.map((p) => p.name)).toEqual(['udp-example', 'tcp-example', 'sctp-example']);
  });

  it('headless Service without ports: slices with empty ports and the headless label', () => {
    const headless = makeService({ clusterIP: 'None', ports: [] });
    const { plan, slices } = step(headless, pods(2), DEFAULT_NODES, [], opts());
    expect(plan.create[0].ports).toEqual([]);
    expect(plan.create[0].metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(writes(planService(headless, pods(2), DEFAULT_NODES, slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });
});

describe('address families (spec §1.2)', () => {
  const dual = makeService({ ipFamilies: ['IPv4', 'IPv6'] });
  const dualPods = [0, 1, 2].map((i) => makePod(i, { ips: [`10.0.0.${i + 1}`, `fd00::${i + 1}`] }));

  it('reconciles each family into its own slices', () => {
    const v4only = makePod(3, { ips: ['10.0.0.9'] });
    const { plan, slices } = step(dual, [...dualPods, v4only], DEFAULT_NODES, [], opts());
    expect(plan.create.map((s) => [s.addressType, s.endpoints!.length])).toEqual([
      ['IPv4', 4],
      ['IPv6', 3],
    ]);
    expect(plan.metrics?.perAddressType.map((m) => m.addressType)).toEqual(['IPv4', 'IPv6']);
    expect(writes(planService(dual, [...dualPods, v4only], DEFAULT_NODES, slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('pods without an address of the family: a placeholder, stable across syncs', () => {
    const v6svc = makeService({ ipFamilies: ['IPv6'] });
    const { plan, slices } = step(v6svc, pods(2), DEFAULT_NODES, [], opts());
    expect(writes(plan)).toEqual({ create: 1, update: 0, delete: 0 });
    expect(plan.create[0]).toMatchObject({ addressType: 'IPv6', endpoints: [], ports: [] });
    // The pods' port key is registered with 0 endpoints, next to the placeholder's.
    expect(plan.metrics?.perAddressType[0].portCache).toEqual([
      { endpoints: 0, slices: 0 },
      { endpoints: 0, slices: 1 },
    ]);
    expect(writes(planService(v6svc, pods(2), DEFAULT_NODES, slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('slices of unsupported address types are deleted last and never recycled', () => {
    const v4 = step(dual, dualPods, DEFAULT_NODES, [], opts());
    const legacy: EndpointSlice = { ...newEndpointSlice(svc, 'IP' as never, []), metadata: { ...newEndpointSlice(svc, 'IPv4', []).metadata, name: 'web-legacy' } };
    const v6only = makeService({ ipFamilies: ['IPv6'] });
    const { plan } = step(v6only, dualPods, DEFAULT_NODES, [...v4.slices, legacy], opts());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 2 });
    expect(plan.delete.map((s) => s.addressType).sort()).toEqual(['IP', 'IPv4']);
  });
});

describe('labels and ownership (spec §4.2, §4.3)', () => {
  const base = step(svc, pods(150), DEFAULT_NODES, [], opts());

  it('a Service label change updates every slice (labels only)', () => {
    const relabelled = makeService({ labels: { app: 'web', team: 'x' } });
    const { plan } = step(relabelled, pods(150), DEFAULT_NODES, base.slices, opts());
    expect(writes(plan)).toEqual({ create: 0, update: 2, delete: 0 });
    for (const s of plan.update) expect(s.metadata.labels).toEqual(managedLabels('web', { app: 'web', team: 'x' }));
    expect(sizes(plan.update)).toEqual([100, 50]);
  });

  it('reserved labels on the Service never cause updates', () => {
    const sneaky = makeService({ labels: { app: 'web', 'kubernetes.io/service-name': 'x', 'service.kubernetes.io/headless': '' } });
    expect(writes(planService(sneaky, pods(150), DEFAULT_NODES, base.slices, opts()))).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('managed slices not owned by this Service uid are deleted, not recycled', () => {
    const orphan = { ...base.slices[0], metadata: { ...base.slices[0].metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'previous-uid' }] } };
    const existing = [orphan, ...base.slices.slice(1)];
    const { plan } = step(svc, pods(150), DEFAULT_NODES, existing, opts());
    expect(plan.delete.map((s) => s.metadata.name)).toEqual([orphan.metadata.name]);
    expect(plan.create).toHaveLength(1);
  });

  it('hand-made slices (other managed-by) and slices being deleted are invisible', () => {
    const handMade = { ...base.slices[0], metadata: { ...base.slices[0].metadata, name: 'mine', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'me' } } };
    const dying = { ...base.slices[0], metadata: { ...base.slices[0].metadata, name: 'dying', deletionTimestamp: '2025-01-02T00:00:00Z' } };
    const { plan } = step(svc, pods(150), DEFAULT_NODES, [...base.slices, handMade, dying], opts());
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('a recycled update carries the replaced slice uid and resourceVersion (compare-and-swap)', () => {
    const changed = makeService({ ports: [{ name: 'http', port: 80, targetPort: 1, protocol: 'TCP' }] });
    const plan = planService(changed, pods(150), DEFAULT_NODES, base.slices, opts());
    for (const u of plan.update) {
      const old = base.slices.find((s) => s.metadata.name === u.metadata.name)!;
      expect(u.metadata.uid).toBe(old.metadata.uid);
      expect(u.metadata.resourceVersion).toBe(old.metadata.resourceVersion);
    }
    applyPlan(base.slices, plan);
  });
});

describe('Services the controller skips (spec §1.1)', () => {
  const base = step(svc, pods(5), DEFAULT_NODES, [], opts());
  it.each([
    ['ExternalName', makeService({ type: 'ExternalName' }), 'ExternalName'],
    ['nil selector', makeService({ selector: null }), 'NoSelector'],
    ['empty selector', makeService({ selector: {} }), 'NoSelector'],
  ])('%s: no writes, existing slices left alone', (_d, service, reason) => {
    const plan = planService(service, pods(5), DEFAULT_NODES, base.slices, opts());
    expect(plan.skipped).toBe(reason);
    expect(writes(plan)).toEqual({ create: 0, update: 0, delete: 0 });
    const pruning = planService(service, pods(5), DEFAULT_NODES, base.slices, opts({ deleteSlicesWithoutSelector: true }));
    expect(pruning.delete).toHaveLength(1);
  });
});

describe('missing nodes (spec §1.3)', () => {
  it('skips the pod, still writes the rest, reports the error', () => {
    const stray = makePod(9, { node: 'ghost' });
    const plan = planService(svc, [...pods(2), stray], DEFAULT_NODES, [], opts());
    expect(plan.create[0].endpoints).toHaveLength(2);
    expect(plan.errors).toEqual(['skipping Pod web-00009 for Service default/web: Node ghost Not Found']);
    expect(failedToUpdateEvent(svc, plan.errors)).toEqual({
      type: 'Warning',
      reason: 'FailedToUpdateEndpointSlices',
      message: 'Error updating Endpoint Slices for Service default/web: skipping Pod web-00009 for Service default/web: Node ghost Not Found',
    });
  });

  it('a pod without nodeName looks up node "" (not found)', () => {
    const plan = planService(svc, [makePod(0, { node: null })], DEFAULT_NODES, [], opts());
    expect(plan.errors).toEqual(['skipping Pod web-00000 for Service default/web: Node  Not Found']);
  });

  it('dual-stack reports the same error once', () => {
    const dual = makeService({ ipFamilies: ['IPv4', 'IPv6'] });
    const plan = planService(dual, [makePod(0, { node: 'ghost', ips: ['10.0.0.1', 'fd00::1'] })], DEFAULT_NODES, [], opts());
    expect(failedToUpdateEvent(dual, plan.errors).message).toBe(
      'Error updating Endpoint Slices for Service default/web: skipping Pod web-00000 for Service default/web: Node ghost Not Found',
    );
    expect(failedToUpdateEvent(dual, ['a', 'b', 'a']).message).toBe('Error updating Endpoint Slices for Service default/web: [a, b]');
  });

  it('publishNotReadyAddresses includes the pod, without zone', () => {
    const pna = makeService({ publishNotReadyAddresses: true });
    const plan = planService(pna, [makePod(0, { node: 'ghost' })], DEFAULT_NODES, [], opts());
    expect(plan.errors).toEqual([]);
    expect(plan.create[0].endpoints![0]).toMatchObject({ nodeName: 'ghost' });
    expect(plan.create[0].endpoints![0]).not.toHaveProperty('zone');
  });
});

describe('last-change-trigger-time annotation (spec §4.4)', () => {
  it('is set on creates and updates only, from triggerTime (RFC3339Nano) or now', () => {
    const first = planService(svc, pods(150), DEFAULT_NODES, [], opts({ triggerTime: '2025-01-01T10:00:00.120Z' }));
    expect(first.create.map((s) => s.metadata.annotations?.[TRIGGER])).toEqual(['2025-01-01T10:00:00.12Z', '2025-01-01T10:00:00.12Z']);
    const slices = applyPlan([], first);
    const flipped = pods(150);
    flipped[0] = makePod(0, { ready: false });
    const second = planService(svc, flipped, DEFAULT_NODES, slices, opts({ now: '2025-03-03T03:03:03Z' }));
    expect(second.update).toHaveLength(1);
    expect(second.update[0].metadata.annotations?.[TRIGGER]).toBe('2025-03-03T03:03:03Z');
  });

  it('a null trigger time removes the annotation from written slices', () => {
    const slices = applyPlan([], planService(svc, pods(3), DEFAULT_NODES, [], opts()));
    const plan = planService(svc, pods(2), DEFAULT_NODES, slices, opts({ triggerTime: null }));
    expect(plan.update[0].metadata.annotations?.[TRIGGER]).toBeUndefined();
  });
});
