import { describe, expect, it } from 'vitest';
import { addrTypePortMapKey, fnv128a, slicePortsFromEndpointPorts } from '../../../src/controllers/mirroring/index.js';
import { dumpSlicePort } from '../../../src/controllers/mirroring/ports.js';

describe('port hashing (spec §3.4 verified samples)', () => {
  it.each([
    [{ name: 'udp-example', protocol: 'UDP', port: 161 }, '0cea804f06c1fb6ee6f7136d767d33fb'],
    [{ name: 'tcp-example', protocol: 'TCP', port: 80 }, '7747f7334f288246a55897e5321c7a61'],
    [{ name: 'https', protocol: 'TCP', port: 443 }, '50852f610b5fbbf5129025d35e502185'],
    [{ name: 'http', protocol: 'TCP', port: 80 }, 'b6c4d325122a5ba6f795b0bbffcebb6f'],
    [{ name: 'http', protocol: 'TCP', port: 80, appProtocol: 'example.com/custom-protocol' }, 'def1b339290665d943dc9c7adef2826e'],
    [{ name: '', protocol: 'TCP', port: 8080 }, '3b28a02dcead55ad0b93f0014e194ac7'],
  ])('%o → %s', (port, hash) => {
    expect(fnv128a(dumpSlicePort(port))).toBe(hash);
  });
});

describe('slice ports from Endpoints ports', () => {
  it('copies name, port, protocol, appProtocol and sorts by hash', () => {
    expect(
      slicePortsFromEndpointPorts([
        { name: 'tcp-example', port: 80, protocol: 'TCP' },
        { name: 'udp-example', port: 161, protocol: 'UDP' },
        { name: 'sctp-example', port: 3456, protocol: 'SCTP' },
      ]).map((p) => p.name),
    ).toEqual(['udp-example', 'tcp-example', 'sctp-example']);
    expect(slicePortsFromEndpointPorts([{ port: 80 }])).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
  });

  it('keys ignore port order and treat nil like empty, but not address type', () => {
    const a = [{ name: 'a', port: 1, protocol: 'TCP' }, { name: 'b', port: 2, protocol: 'TCP' }];
    expect(addrTypePortMapKey('IPv4', a)).toBe(addrTypePortMapKey('IPv4', [...a].reverse()));
    expect(addrTypePortMapKey('IPv4', null)).toBe(addrTypePortMapKey('IPv4', []));
    expect(addrTypePortMapKey('IPv4', a)).not.toBe(addrTypePortMapKey('IPv6', a));
    expect(addrTypePortMapKey('IPv4', a)).not.toBe(addrTypePortMapKey('IPv4', a.slice(1)));
  });
});
