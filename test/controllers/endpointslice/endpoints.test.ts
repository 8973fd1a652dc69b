import { describe, expect, it } from 'vitest';
import {
  endpointKey,
  endpointsEqualBeyondKey,
  podToEndpoint,
  shouldPodBeInEndpoints,
  type Endpoint,
} from '../../../src/controllers/endpointslice/index.js';
import { makeNode, makePod, makeService } from './helpers.js';

describe('conditions matrix (spec §2.2)', () => {
  it.each([
    // podReady, terminating, publishNotReady → ready, serving, terminating
    [true, false, false, true, true, false],
    [false, false, false, false, false, false],
    [true, true, false, false, true, true],
    [false, true, false, false, false, true],
    [false, false, true, true, false, false],
    [true, true, true, true, true, true],
    [false, true, true, true, false, true],
  ])('podReady=%s terminating=%s publishNotReady=%s → ready=%s serving=%s terminating=%s', (podReady, term, pna, ready, serving, terminating) => {
    const ep = podToEndpoint(makePod(0, { ready: podReady, terminating: term }), undefined, makeService({ publishNotReadyAddresses: pna }), 'IPv4');
    expect(ep.conditions).toEqual({ ready, serving, terminating });
  });

  it('a pod without a Ready condition is not ready', () => {
    const pod = makePod(0);
    pod.status!.conditions = [];
    expect(podToEndpoint(pod, undefined, makeService(), 'IPv4').conditions).toEqual({ ready: false, serving: false, terminating: false });
  });
});

describe('endpoint fields (spec §2)', () => {
  const svc = makeService();
  it('writes addresses, targetRef, nodeName and zone like the controller', () => {
    const ep = podToEndpoint(makePod(4, { node: 'n1' }), makeNode('n1', 'z1'), svc, 'IPv4');
    expect(ep).toEqual({
      addresses: ['10.0.0.5'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-00004', uid: 'uid-web-00004' },
      nodeName: 'n1',
      zone: 'z1',
    });
  });

  it('omits nodeName without one, and zone when the node or its zone label is missing', () => {
    expect(podToEndpoint(makePod(0, { node: null }), undefined, svc, 'IPv4')).not.toHaveProperty('nodeName');
    expect(podToEndpoint(makePod(0), makeNode('node-a'), svc, 'IPv4')).not.toHaveProperty('zone');
    expect(podToEndpoint(makePod(0), makeNode('node-a', ''), svc, 'IPv4')).not.toHaveProperty('zone');
  });

  it.each([
    ['hostname + matching subdomain', { hostname: 'h0', subdomain: 'web' }, 'h0'],
    ['hostname without subdomain', { hostname: 'h0' }, undefined],
    ['hostname with another subdomain', { hostname: 'h0', subdomain: 'other' }, undefined],
    ['subdomain without hostname', { subdomain: 'web' }, undefined],
  ])('hostname rule: %s', (_d, over, want) => {
    expect(podToEndpoint(makePod(0, over), undefined, svc, 'IPv4').hostname).toBe(want);
  });

  it('hostname needs the same namespace', () => {
    const pod = makePod(0, { hostname: 'h0', subdomain: 'web' });
    pod.metadata.namespace = 'other';
    expect(podToEndpoint(pod, undefined, svc, 'IPv4').hostname).toBeUndefined();
  });

  it('keeps only addresses of the family, canonicalised, from podIPs (podIP alone gives none)', () => {
    const dual = makePod(0, { ips: ['010.0.0.1', '2001:DB8::0:1'] });
    expect(podToEndpoint(dual, undefined, svc, 'IPv4').addresses).toEqual(['10.0.0.1']);
    expect(podToEndpoint(dual, undefined, svc, 'IPv6').addresses).toEqual(['2001:db8::1']);
    const legacy = makePod(0);
    legacy.status!.podIPs = [];
    expect(podToEndpoint(legacy, undefined, svc, 'IPv4').addresses).toEqual([]);
  });
});

describe('pod inclusion (spec §1.3)', () => {
  it.each([
    ['Running', true],
    ['Pending', true],
    ['Unknown', true],
    ['Succeeded', false],
    ['Failed', false],
  ])('phase %s → %s', (phase, want) => {
    expect(shouldPodBeInEndpoints(makePod(0, { phase }))).toBe(want);
  });

  it('needs podIP or podIPs; terminating and not-ready pods are included', () => {
    const noIP = makePod(0, { ips: [] });
    noIP.status!.podIP = undefined;
    expect(shouldPodBeInEndpoints(noIP)).toBe(false);
    const onlyPodIP = makePod(0, { ips: [] });
    onlyPodIP.status!.podIP = '10.0.0.1';
    expect(shouldPodBeInEndpoints(onlyPodIP)).toBe(true);
    expect(shouldPodBeInEndpoints(makePod(0, { terminating: true, ready: false }))).toBe(true);
  });
});

describe('endpoint identity and change test (spec §2.8)', () => {
  const base: Endpoint = {
    addresses: ['10.0.0.2', '10.0.0.1'],
    conditions: { ready: true, serving: true, terminating: false },
    targetRef: { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u1', resourceVersion: '5' },
    nodeName: 'n1',
    zone: 'z1',
  };
  it('key: sorted addresses, hostname, target namespace/name — not uid, node, zone or conditions', () => {
    const same: Endpoint = { ...base, addresses: ['10.0.0.1', '10.0.0.2'], nodeName: 'n2', zone: 'z2', targetRef: { ...base.targetRef, uid: 'u2' }, conditions: {} };
    expect(endpointKey(same)).toBe(endpointKey(base));
    expect(endpointKey({ ...base, hostname: 'h' })).not.toBe(endpointKey(base));
    expect(endpointKey({ ...base, targetRef: { ...base.targetRef, name: 'q' } })).not.toBe(endpointKey(base));
  });

  it.each([
    ['identical', {}, true],
    ['targetRef resourceVersion ignored', { targetRef: { ...base.targetRef, resourceVersion: '99' } }, true],
    ['hints ignored', { hints: { forZones: [{ name: 'z9' }] } }, true],
    ['nodeName', { nodeName: 'n2' }, false],
    ['nodeName removed', { nodeName: undefined }, false],
    ['zone', { zone: 'z2' }, false],
    ['ready', { conditions: { ...base.conditions, ready: false } }, false],
    ['serving unset', { conditions: { ready: true, terminating: false } }, false],
    ['terminating', { conditions: { ...base.conditions, terminating: true } }, false],
    ['pod uid (recreated pod)', { targetRef: { ...base.targetRef, uid: 'u2' } }, false],
  ])('equal beyond key: %s → %s', (_d, over, want) => {
    expect(endpointsEqualBeyondKey(base, { ...base, ...over } as Endpoint)).toBe(want);
  });
});
