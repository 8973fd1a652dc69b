import { describe, expect, it } from 'vitest';
import { planEndpoints, type Endpoints, type Pod, type Service } from '../../../src/controllers/endpoints/index.js';
import { applyPlan, ipsOf, makePod, makeService, pods } from './helpers.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('which Services get an Endpoints object (spec §7.2)', () => {
  const existing: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', resourceVersion: '5' } };
  it.each([
    { name: 'Service gone, Endpoints present → delete', svc: undefined, ep: existing, action: 'delete', reason: 'ServiceNotFound' },
    { name: 'Service gone, nothing left → none', svc: undefined, ep: undefined, action: 'none', reason: 'ServiceNotFound' },
    { name: 'ExternalName → none', svc: makeService({ type: 'ExternalName' }), ep: existing, action: 'none', reason: 'ExternalName' },
    { name: 'nil selector → none (user Endpoints stay)', svc: makeService({ selector: null }), ep: existing, action: 'none', reason: 'NoSelector' },
    { name: 'empty selector is nil after a round trip', svc: makeService({ selector: {} }), ep: undefined, action: 'none', reason: 'NoSelector' },
    { name: 'selector, no Endpoints yet → create', svc: makeService(), ep: undefined, action: 'create', reason: 'Created' },
  ])('$name', ({ svc, ep, action, reason }) => {
    const plan = planEndpoints(svc, pods(1), ep);
    expect(plan.action).toBe(action);
    expect(plan.reason).toBe(reason);
    if (action === 'delete') expect(plan.endpoints).toBe(existing);
  });
});

describe('the Endpoints object written', () => {
  it('matches what the endpoints controller creates', () => {
    const plan = planEndpoints(makeService(), [makePod(1, { node: 'n2' }), makePod(0, { node: 'n1' })], undefined, { triggerTime: T0 });
    expect(plan.endpoints).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'web',
        namespace: 'default',
        labels: { app: 'web' },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z' },
      },
      subsets: [
        {
          addresses: [
            { ip: '10.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'uid-web-0' } },
            { ip: '10.0.0.2', nodeName: 'n2', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'uid-web-1' } },
          ],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
  });

  it.each([
    { name: 'whole seconds print without a fraction', t: T0, out: '2026-01-01T00:00:00Z' },
    { name: 'trailing zeros of the fraction are trimmed', t: T0 + 120, out: '2026-01-01T00:00:00.12Z' },
    { name: 'an RFC 3339 string is taken as such', t: '2026-01-01T01:02:03.500Z', out: '2026-01-01T01:02:03.5Z' },
  ])('trigger time: $name', ({ t, out }) => {
    const plan = planEndpoints(makeService(), pods(1), undefined, { triggerTime: t });
    expect(plan.endpoints!.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': out });
  });

  it('a zero trigger time removes the annotation, other annotations stay', () => {
    const svc = makeService();
    const first = applyPlan(undefined, planEndpoints(svc, pods(1), undefined, { triggerTime: T0 }))!;
    first.metadata.annotations!['example.com/keep'] = 'yes';
    const plan = planEndpoints(svc, pods(2), first, { triggerTime: null });
    expect(plan.action).toBe('update');
    expect(plan.endpoints!.metadata.annotations).toEqual({ 'example.com/keep': 'yes' });
    expect(plan.endpoints!.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(plan.endpoints!.metadata.uid).toBe(first.metadata.uid);
  });

  it.each([
    { name: 'ready pod → addresses', svc: {}, pod: {}, out: [[['10.0.0.1'], []]] },
    { name: 'unready pod → notReadyAddresses', svc: {}, pod: { ready: false }, out: [[[], ['10.0.0.1']]] },
    { name: 'unready pod, publishNotReadyAddresses → addresses', svc: { publishNotReadyAddresses: true }, pod: { ready: false }, out: [[['10.0.0.1'], []]] },
    { name: 'terminating pod is dropped', svc: {}, pod: { terminating: true }, out: [] },
    { name: 'terminating pod kept with publishNotReadyAddresses, as ready', svc: { publishNotReadyAddresses: true }, pod: { terminating: true, ready: false }, out: [[['10.0.0.1'], []]] },
    { name: 'Succeeded pod is dropped', svc: {}, pod: { phase: 'Succeeded' }, out: [] },
    { name: 'Failed pod is dropped', svc: {}, pod: { phase: 'Failed' }, out: [] },
    { name: 'Pending pod with an IP is kept', svc: {}, pod: { phase: 'Pending', ready: false }, out: [[[], ['10.0.0.1']]] },
    { name: 'pod without IP is dropped', svc: {}, pod: { ip: null }, out: [] },
    { name: 'pod in another namespace is ignored', svc: {}, pod: { namespace: 'other' }, out: [] },
    { name: 'pod not matching the selector is ignored', svc: {}, pod: { labels: { app: 'db' } }, out: [] },
    { name: 'IPv6 Service takes the pod IPv6 address', svc: { ipFamilies: ['IPv6'], clusterIP: 'fd00::10' }, pod: { ip: ['10.0.0.1', 'fd00::1'] }, out: [[['fd00::1'], []]] },
    { name: 'IPv4 Service skips an IPv6-only pod', svc: {}, pod: { ip: 'fd00::1' }, out: [] },
    { name: 'no ipFamilies: the ClusterIP family decides', svc: { ipFamilies: [], clusterIP: 'fd00::10' }, pod: { ip: ['10.0.0.1', 'fd00::1'] }, out: [[['fd00::1'], []]] },
    { name: 'no ipFamilies, headless: the pod podIP family decides', svc: { ipFamilies: [], clusterIP: 'None' }, pod: { ip: ['fd00::1', '10.0.0.1'] }, out: [[['fd00::1'], []]] },
  ])('$name', ({ svc, pod, out }) => {
    const plan = planEndpoints(makeService(svc), [makePod(0, pod)], undefined);
    expect(ipsOf(plan.endpoints)).toEqual(out);
  });

  it('a lone status.podIP counts, as the API server fills podIPs from it', () => {
    const pod = makePod(0);
    delete pod.status!.podIPs;
    expect(ipsOf(planEndpoints(makeService(), [pod], undefined).endpoints)).toEqual([[['10.0.0.1'], []]]);
  });

  it.each([
    { name: 'hostname with matching subdomain', pod: { hostname: 'h0', subdomain: 'web' }, hostname: 'h0' },
    { name: 'hostname with another subdomain', pod: { hostname: 'h0', subdomain: 'other' }, hostname: undefined },
    { name: 'hostname without subdomain', pod: { hostname: 'h0' }, hostname: undefined },
  ])('$name', ({ pod, hostname }) => {
    const plan = planEndpoints(makeService(), [makePod(0, pod)], undefined);
    expect(plan.endpoints!.subsets![0].addresses![0].hostname).toBe(hostname);
  });
});

describe('ports (spec §7.2)', () => {
  const named = makeService({ ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] });

  it('ports of one subset follow the MD5 order: https before http', () => {
    const svc = makeService({
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP', appProtocol: undefined },
      ],
    });
    const ports = planEndpoints(svc, pods(2), undefined).endpoints!.subsets![0].ports;
    expect(ports).toEqual([
      { name: 'https', port: 8443, protocol: 'TCP' },
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
  });

  it('targetPort defaults to port; appProtocol is copied; an unnamed port has no name', () => {
    const svc = makeService({ ports: [{ port: 5432, protocol: 'TCP', appProtocol: 'postgresql' }] });
    expect(planEndpoints(svc, pods(1), undefined).endpoints!.subsets![0].ports).toEqual([{ port: 5432, protocol: 'TCP', appProtocol: 'postgresql' }]);
  });

  it('named targetPorts resolving differently split pods into subsets (golden order from Go)', () => {
    const a = makePod(0, { containerPorts: [{ name: 'http', containerPort: 8080 }] });
    const b = makePod(1, { containerPorts: [{ name: 'http', containerPort: 8080 }] });
    const c = makePod(2, { containerPorts: [{ name: 'http', containerPort: 9090 }] });
    const subsets = planEndpoints(named, [c, b, a], undefined).endpoints!.subsets!;
    // md5 of the Go dumps: {web-2; 9090} = 0df39aa4…, {web-0, web-1; 8080} = 84431dee…
    expect(subsets.map((s) => [s.ports![0].port, s.addresses!.map((x) => x.targetRef!.name)])).toEqual([
      [9090, ['web-2']],
      [8080, ['web-0', 'web-1']],
    ]);
  });

  it('a pod without the named port is absent from that port only', () => {
    const svc = makeService({
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' },
      ],
    });
    const withPort = makePod(0, { containerPorts: [{ name: 'http', containerPort: 8080 }] });
    const without = makePod(1);
    const subsets = planEndpoints(svc, [withPort, without], undefined).endpoints!.subsets!;
    const byPort = Object.fromEntries(subsets.flatMap((s) => s.ports!.map((p) => [p.name, s.addresses!.map((x) => x.ip)])));
    expect(byPort).toEqual({ http: ['10.0.0.1'], metrics: ['10.0.0.1', '10.0.0.2'] });
  });

  it.each([
    { name: 'regular containers first', pod: { containerPorts: [{ name: 'http', containerPort: 8080 }], sidecarPorts: [{ name: 'http', containerPort: 9999 }] }, port: 8080 },
    { name: 'restartable init containers (sidecars) next', pod: { sidecarPorts: [{ name: 'http', containerPort: 9999 }] }, port: 9999 },
    { name: 'the protocol must match too', pod: { containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }] }, port: undefined },
  ])('named port lookup: $name', ({ pod, port }) => {
    const subsets = planEndpoints(named, [makePod(0, pod)], undefined).endpoints!.subsets ?? [];
    expect(subsets[0]?.ports?.[0].port).toBe(port);
  });

  it('headless without ports: one subset without ports; a ClusterIP Service without ports gets none', () => {
    const headless = makeService({ clusterIP: 'None', ports: [] });
    expect(planEndpoints(headless, pods(2), undefined).endpoints!.subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: '10.0.0.1' }), expect.objectContaining({ ip: '10.0.0.2' })] },
    ]);
    expect(planEndpoints(makeService({ ports: [] }), pods(2), undefined).endpoints).not.toHaveProperty('subsets');
  });
});

describe('labels (spec §7.2)', () => {
  it.each([
    { name: 'ClusterIP Service: its labels, no headless label', clusterIP: '10.96.0.10', labels: { app: 'web', tier: 'fe' } },
    { name: 'headless Service: plus service.kubernetes.io/headless=""', clusterIP: 'None', labels: { app: 'web', tier: 'fe', 'service.kubernetes.io/headless': '' } },
    { name: 'empty ClusterIP counts as headless', clusterIP: '', labels: { app: 'web', tier: 'fe', 'service.kubernetes.io/headless': '' } },
  ])('$name', ({ clusterIP, labels }) => {
    const plan = planEndpoints(makeService({ clusterIP, labels: { app: 'web', tier: 'fe' } }), pods(1), undefined);
    expect(plan.endpoints!.metadata.labels).toEqual(labels);
  });

  it('no ownerReferences are set', () => {
    expect(planEndpoints(makeService(), pods(1), undefined).endpoints!.metadata.ownerReferences).toBeUndefined();
  });
});

/** Plans, stores the result, and plans again with the same inputs. */
function twice(svc: Service, podList: Pod[], triggerTime?: number) {
  const first = planEndpoints(svc, podList, undefined, { triggerTime });
  const stored = applyPlan(undefined, first);
  return { first, stored, again: planEndpoints(svc, podList, stored, { triggerTime }) };
}

describe('idempotency: planning against its own output writes nothing', () => {
  const manyPorts = makeService({ ports: [{ name: 'a', port: 1, targetPort: 'a', protocol: 'TCP' }, { name: 'b', port: 2, targetPort: 2, protocol: 'UDP' }] });
  const mixed = [
    makePod(0, { ready: false }),
    makePod(1, { containerPorts: [{ name: 'a', containerPort: 7 }] }),
    makePod(2, { containerPorts: [{ name: 'a', containerPort: 8 }], hostname: 'x', subdomain: 'web' }),
  ];
  it.each([
    { name: 'simple', svc: makeService(), pods: pods(3) },
    { name: 'headless without ports', svc: makeService({ clusterIP: 'None', ports: [] }), pods: pods(3) },
    { name: 'mixed readiness, named ports, hostnames', svc: manyPorts, pods: mixed },
    { name: 'no pods', svc: makeService(), pods: [] },
    { name: 'dual-stack pods', svc: makeService({ ipFamilies: ['IPv6', 'IPv4'], clusterIP: 'fd00::a' }), pods: [0, 1, 2].map((i) => makePod(i, { ip: [`10.0.0.${i + 1}`, `fd00::${i + 1}`] })) },
  ])('$name', ({ svc, pods: podList }) => {
    const { first, again } = twice(svc, podList, T0);
    expect(first.action).toBe('create');
    expect(again).toEqual({ action: 'none', reason: 'Unchanged' });
    // The trigger time of a later sync does not matter when nothing else changed.
    expect(planEndpoints(svc, [...podList].reverse(), applyPlan(undefined, first), { triggerTime: T0 + 5000 }).action).toBe('none');
  });

  it('ignores targetRef.resourceVersion and the headless label when comparing', () => {
    const svc = makeService({ clusterIP: 'None' });
    const { stored } = twice(svc, pods(1));
    stored!.subsets![0].addresses![0].targetRef!.resourceVersion = '999';
    expect(planEndpoints(svc, pods(1), stored).action).toBe('none');
  });
});

describe('updates', () => {
  const svc = makeService();
  const base = () => applyPlan(undefined, planEndpoints(svc, pods(2), undefined))!;
  it.each([
    { name: 'a pod added', change: (e: Endpoints) => e, pods: pods(3), s: svc },
    { name: 'a pod turns unready', change: (e: Endpoints) => e, pods: [makePod(0), makePod(1, { ready: false })], s: svc },
    { name: 'Service labels changed', change: (e: Endpoints) => e, pods: pods(2), s: makeService({ labels: { app: 'web', v: '2' } }) },
    { name: 'someone edited the subsets', change: (e: Endpoints) => ({ ...e, subsets: [] }), pods: pods(2), s: svc },
    { name: 'a stale over-capacity annotation', change: (e: Endpoints) => ({ ...e, metadata: { ...e.metadata, annotations: { 'endpoints.kubernetes.io/over-capacity': 'truncated' } } }), pods: pods(2), s: svc },
  ])('$name → update', ({ change, pods: podList, s }) => {
    const existing = change(base());
    const plan = planEndpoints(s, podList, existing);
    expect(plan.action).toBe('update');
    expect(plan.endpoints!.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBeUndefined();
    expect(planEndpoints(s, podList, applyPlan(existing, plan))).toEqual({ action: 'none', reason: 'Unchanged' });
  });

  it('a stale headless label is removed once the object is rewritten for another reason', () => {
    const existing = base();
    existing.metadata.labels = { app: 'web', 'service.kubernetes.io/headless': '' };
    expect(planEndpoints(svc, pods(2), existing).action).toBe('none');
    expect(planEndpoints(svc, pods(3), existing).endpoints!.metadata.labels).toEqual({ app: 'web' });
  });
});

describe('over capacity (1000 addresses)', () => {
  const svc = makeService();
  const many = (ready: number, notReady: number) => [
    ...Array.from({ length: ready }, (_, i) => makePod(i, { ip: `10.1.${i >> 8}.${i & 255}` })),
    ...Array.from({ length: notReady }, (_, i) => makePod(ready + i, { ip: `10.2.${i >> 8}.${i & 255}`, ready: false })),
  ];

  it.each([
    { name: '1000 ready: no truncation', ready: 1000, notReady: 0, kept: [1000, 0], annotated: false },
    { name: '1001 ready: 1000 kept, annotated', ready: 1001, notReady: 0, kept: [1000, 0], annotated: true },
    { name: '990 ready + 20 unready: 10 unready kept', ready: 990, notReady: 20, kept: [990, 10], annotated: true },
    { name: '1005 ready + 3 unready: unready all dropped', ready: 1005, notReady: 3, kept: [1000, 0], annotated: true },
  ])('$name', ({ ready, notReady, kept, annotated }) => {
    const plan = planEndpoints(svc, many(ready, notReady), undefined);
    const s = plan.endpoints!.subsets![0];
    expect([s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]).toEqual(kept);
    expect(plan.endpoints!.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBe(annotated ? 'truncated' : undefined);
  });

  it('keeps the first addresses in IP byte order', () => {
    const s = planEndpoints(svc, many(1001, 0), undefined).endpoints!.subsets![0];
    expect(s.addresses![0].ip).toBe('10.1.0.0');
    expect(s.addresses!.some((a) => a.ip === '10.1.3.99')).toBe(false); // "10.1.3.99" sorts after "10.1.3.231"
  });

  it('re-planning a truncated object writes nothing (the update upstream sends is a no-op)', () => {
    const podList = many(1001, 0);
    const { stored } = twice(svc, podList, T0);
    expect(planEndpoints(svc, podList, stored, { triggerTime: T0 })).toEqual({ action: 'none', reason: 'NoOpUpdate' });
    // …but a changed trigger time is a real change.
    expect(planEndpoints(svc, podList, stored, { triggerTime: T0 + 1000 }).action).toBe('update');
  });

  it('dropping back under capacity removes the annotation', () => {
    const { stored } = twice(svc, many(1001, 0));
    const plan = planEndpoints(svc, many(999, 0), stored);
    expect(plan.action).toBe('update');
    expect(plan.endpoints!.metadata.annotations).toBeUndefined();
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
  it('never modifies its inputs (frozen Service, Pods and Endpoints)', () => {
    const svc = makeService({ clusterIP: 'None' });
    const existing = applyPlan(undefined, planEndpoints(svc, pods(2), undefined))!;
    existing.metadata.annotations = { 'endpoints.kubernetes.io/over-capacity': 'truncated', keep: 'me' };
    const plan = planEndpoints(deepFreeze(svc), deepFreeze(pods(3)), deepFreeze(existing), { triggerTime: T0 });
    expect(plan.action).toBe('update');
    expect(plan.endpoints!.metadata.annotations).toEqual({ keep: 'me', 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z' });
  });
});
