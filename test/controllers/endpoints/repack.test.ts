import { describe, expect, it } from 'vitest';
import { repackSubsets, type EndpointAddress, type EndpointSubset } from '../../../src/controllers/endpoints/index.js';
import { dumpEndpointPort, dumpEndpointSubset, endpointPortHash, endpointSubsetHash } from '../../../src/controllers/endpoints/hash.js';

const a = (ip: string, uid?: string, extra: Partial<EndpointAddress> = {}): EndpointAddress =>
  uid ? { ip, targetRef: { kind: 'Pod', namespace: 'default', name: `p-${uid}`, uid }, ...extra } : { ip, ...extra };
const http = { name: 'http', port: 80, protocol: 'TCP' };
const https = { name: 'https', port: 443, protocol: 'TCP' };
const dns = { name: 'dns', port: 53, protocol: 'UDP' };

describe('go-spew dumps and MD5 keys (checked against go-spew 1.1.1 output)', () => {
  it('dumps a port and a subset like %#v with pointer addresses disabled', () => {
    expect(dumpEndpointPort({ name: 'http', port: 80, protocol: 'TCP' })).toBe(
      '(v1.EndpointPort){Name:(string)http Port:(int32)80 Protocol:(v1.Protocol)TCP AppProtocol:(*string)<nil>}',
    );
    expect(dumpEndpointSubset({ notReadyAddresses: [{ ip: 'fd00::1' }] })).toBe(
      '(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)<nil> NotReadyAddresses:([]v1.EndpointAddress)[{IP:(string)fd00::1 Hostname:(string) NodeName:(*string)<nil> TargetRef:(*v1.ObjectReference)<nil>}] Ports:([]v1.EndpointPort)<nil>}',
    );
  });

  it.each([
    [{ name: 'http', port: 80, protocol: 'TCP' }, 'a0afc9289a5b862f31961966cd661a6e'],
    [{ port: 8080, protocol: 'UDP', appProtocol: 'h2c' }, '7a4fabcad0a5f4628255adff47f4fa09'],
    [{ name: 'https', port: 443, protocol: 'TCP' }, '9b812254c483d72210c747708df106ac'],
    [{ name: 'dns', port: 53, protocol: 'UDP' }, '3e9daf8e22f0b0da6aaa1a1b052ee929'],
    [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, '3b6a791b41850c40c712b5cc585449ae'],
  ])('port %o hashes to %s', (port, hash) => {
    expect(endpointPortHash(port)).toBe(hash);
  });

  it.each([
    [
      {
        addresses: [
          { ip: '10.0.0.1', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'p1', uid: 'u1' } },
          { ip: '10.0.0.2', hostname: 'h' },
        ],
        ports: [http],
      },
      '0663b5a9a7e65f207d852cea2dc2313b',
    ],
    [{ notReadyAddresses: [{ ip: 'fd00::1' }] }, 'f6cd40ccc9ddd867e87d67d13a8f842a'],
    [{ addresses: [], ports: [] }, 'e05b4d83c8813c6a96756767462cd486'],
  ] as [EndpointSubset, string][])('subset %# hashes to %s', (subset, hash) => {
    expect(endpointSubsetHash(subset)).toBe(hash);
  });
});

describe('RepackSubsets (spec §7.3)', () => {
  const cases: { name: string; in: EndpointSubset[]; out: EndpointSubset[] }[] = [
    { name: 'nothing in, nothing out', in: [], out: [] },
    {
      name: 'per-port subsets with the same addresses merge, ports in hash order',
      in: [{ addresses: [a('10.0.0.1', 'u1')], ports: [http] }, { addresses: [a('10.0.0.1', 'u1')], ports: [https] }],
      out: [{ addresses: [a('10.0.0.1', 'u1')], ports: [https, http] }],
    },
    {
      name: 'addresses sort by IP bytes (10.0.0.10 before 10.0.0.2), then UID',
      in: [{ addresses: [a('10.0.0.2', 'u2'), a('10.0.0.10', 'u3'), a('10.0.0.2', 'u1')], ports: [http] }],
      out: [{ addresses: [a('10.0.0.10', 'u3'), a('10.0.0.2', 'u1'), a('10.0.0.2', 'u2')], ports: [http] }],
    },
    {
      name: 'duplicates (same IP and UID) collapse, keeping the first copy',
      in: [{ addresses: [a('10.0.0.1', 'u1', { hostname: 'first' }), a('10.0.0.1', 'u1', { hostname: 'second' })], ports: [http] }],
      out: [{ addresses: [a('10.0.0.1', 'u1', { hostname: 'first' })], ports: [http] }],
    },
    {
      name: 'same IP, different UID: two addresses',
      in: [{ addresses: [a('10.0.0.1', 'u2'), a('10.0.0.1', 'u1')], ports: [http] }],
      out: [{ addresses: [a('10.0.0.1', 'u1'), a('10.0.0.1', 'u2')], ports: [http] }],
    },
    {
      name: 'not ready trumps ready for the same address and port',
      in: [{ addresses: [a('10.0.0.1', 'u1')], ports: [http] }, { notReadyAddresses: [a('10.0.0.1', 'u1')], ports: [http] }],
      out: [{ notReadyAddresses: [a('10.0.0.1', 'u1')], ports: [http] }],
    },
    {
      name: 'readiness is per port: ready on one, not ready on the other makes two subsets',
      in: [{ addresses: [a('10.0.0.1', 'u1')], ports: [http] }, { notReadyAddresses: [a('10.0.0.1', 'u1')], ports: [dns] }],
      out: [
        { notReadyAddresses: [a('10.0.0.1', 'u1')], ports: [dns] },
        { addresses: [a('10.0.0.1', 'u1')], ports: [http] },
      ].sort((x, y) => (endpointSubsetHash(x) < endpointSubsetHash(y) ? -1 : 1)),
    },
    {
      name: 'port-less subsets survive (headless Service without ports)',
      in: [{ addresses: [a('10.0.0.2', 'u2')] }, { notReadyAddresses: [a('10.0.0.1', 'u1')] }],
      out: [{ addresses: [a('10.0.0.2', 'u2')], notReadyAddresses: [a('10.0.0.1', 'u1')] }],
    },
  ];
  it.each(cases)('$name', ({ in: input, out }) => {
    expect(repackSubsets(input)).toEqual(out);
  });

  it('orders subsets by the MD5 of their dump (golden order from Go)', () => {
    const ref = (name: string, uid: string) => ({ kind: 'Pod', namespace: 'default', name, uid });
    const pa = { ip: '10.0.0.1', nodeName: 'n1', targetRef: ref('a', 'ua') };
    const pb = { ip: '10.0.0.2', nodeName: 'n1', targetRef: ref('b', 'ub') };
    const out = repackSubsets([
      { addresses: [pa], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [pb], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [pa], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
    ]);
    // md5: {a; http 9090} = 3c7e32b3…, {a,b; http 8080} = 73e6536d…
    expect(out.map((s) => s.ports![0].port)).toEqual([9090, 8080]);
    expect(out[1].addresses!.map((x) => x.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('does not alias or modify its input', () => {
    const input: EndpointSubset[] = [{ addresses: [a('10.0.0.2', 'u2'), a('10.0.0.1', 'u1')], ports: [http] }];
    const before = structuredClone(input);
    const out = repackSubsets(input);
    out[0].addresses![0].targetRef!.name = 'changed';
    expect(input).toEqual(before);
  });
});
