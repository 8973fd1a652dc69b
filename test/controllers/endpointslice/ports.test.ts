import { describe, expect, it } from 'vitest';
import {
  endpointPortsForPod,
  findPort,
  fnv128a,
  portDump,
  portHash,
  portMapKey,
  sortPorts,
  type EndpointPort,
} from '../../../src/controllers/endpointslice/index.js';
import { makePod, makeService } from './helpers.js';

describe('port hash (spec §3.4)', () => {
  // Hashes verified against Go + go-spew in the spec.
  const table: [EndpointPort, string][] = [
    [{ name: 'udp-example', protocol: 'UDP', port: 161 }, '0cea804f06c1fb6ee6f7136d767d33fb'],
    [{ name: 'tcp-example', protocol: 'TCP', port: 80 }, '7747f7334f288246a55897e5321c7a61'],
    [{ name: 'sctp-example', protocol: 'SCTP', port: 3456 }, '9919d8d3b73a0c9609b7c32e1b82e989'],
    [{ name: 'https', protocol: 'TCP', port: 443 }, '50852f610b5fbbf5129025d35e502185'],
    [{ name: 'http', protocol: 'TCP', port: 80 }, 'b6c4d325122a5ba6f795b0bbffcebb6f'],
    [{ name: 'http', protocol: 'TCP', port: 80, appProtocol: 'example.com/custom-protocol' }, 'def1b339290665d943dc9c7adef2826e'],
    [{ name: '', protocol: 'TCP', port: 8080 }, '3b28a02dcead55ad0b93f0014e194ac7'],
    [{ name: 'https', protocol: 'TCP', port: 443, appProtocol: 'https' }, '3ffe87b48b5fbbf513b18dc61160cb13'],
    [{ name: 'http', protocol: 'TCP', port: 8090 }, '7ce4351afefa0b748f803623280986c2'],
    [{ name: 'http-sidecar', protocol: 'TCP', port: 8080 }, 'e58fc5343f0644b3dd63dc0e8360b405'],
    [{ name: 'foo', protocol: 'TCP', port: 80 }, 'caa8837517b3a32097008ce69ec9c161'],
    [{ name: 'foo', protocol: 'TCP', port: 81 }, 'b212078da15794e83f729e7583f384f2'],
    [{ name: 'metrics', protocol: 'TCP', port: 9100 }, '62ad2bc4235086c2ecfca782a1622eb8'],
    [{ name: 'web', protocol: 'TCP', port: 8080 }, 'fe23013897cc08a3bd0afbf38270b263'],
  ];
  it.each(table)('%o hashes to %s', (port, hash) => {
    expect(portHash(port)).toBe(hash);
    expect(fnv128a(portDump(port))).toBe(hash);
  });

  it('dumps like go-spew, <nil> for a missing appProtocol', () => {
    expect(portDump({ name: 'http', protocol: 'TCP', port: 80 })).toBe(
      '(v1.EndpointPort){Name:(*string)http Protocol:(*v1.Protocol)TCP Port:(*int32)80 AppProtocol:(*string)<nil>}',
    );
  });

  it('orders slice ports by hash, not Service order', () => {
    const ports = [
      { name: 'tcp-example', protocol: 'TCP', port: 80 },
      { name: 'udp-example', protocol: 'UDP', port: 161 },
      { name: 'sctp-example', protocol: 'SCTP', port: 3456 },
    ];
    expect(sortPorts(ports).map((p) => p.name)).toEqual(['udp-example', 'tcp-example', 'sctp-example']);
    expect(sortPorts([{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'https', port: 443, protocol: 'TCP' }]).map((p) => p.name)).toEqual([
      'https',
      'http',
    ]);
  });

  it('port-map key: order-independent, null ≡ []', () => {
    const a = { name: 'a', protocol: 'TCP', port: 1 };
    const b = { name: 'b', protocol: 'TCP', port: 2 };
    expect(portMapKey([a, b])).toBe(portMapKey([b, a]));
    expect(portMapKey(null)).toBe(portMapKey([]));
    expect(portMapKey([a])).not.toBe(portMapKey([b]));
  });
});

describe('findPort and per-pod port lists (spec §3.1)', () => {
  const pod = makePod(0, {
    containerPorts: [
      { name: 'http', containerPort: 8080 },
      { name: 'dns', containerPort: 5353, protocol: 'UDP' },
    ],
  });
  pod.spec!.initContainers = [
    { name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'http', containerPort: 9999 }, { name: 'admin', containerPort: 15000 }] },
    { name: 'init', ports: [{ name: 'setup', containerPort: 7000 }] },
  ];

  it.each([
    ['numeric targetPort is used as is', { port: 80, targetPort: 1234, protocol: 'TCP' }, 1234],
    ['missing targetPort defaults to port', { port: 80, protocol: 'TCP' }, 80],
    ['named port in a container', { port: 80, targetPort: 'http', protocol: 'TCP' }, 8080],
    ['protocol must match', { port: 53, targetPort: 'dns', protocol: 'TCP' }, undefined],
    ['protocol match (UDP)', { port: 53, targetPort: 'dns', protocol: 'UDP' }, 5353],
    ['regular containers win over sidecars', { port: 80, targetPort: 'http', protocol: 'TCP' }, 8080],
    ['sidecar (restartPolicy Always) ports count', { port: 80, targetPort: 'admin', protocol: 'TCP' }, 15000],
    ['plain init containers do not', { port: 80, targetPort: 'setup', protocol: 'TCP' }, undefined],
    ['unknown name', { port: 80, targetPort: 'nope', protocol: 'TCP' }, undefined],
  ] as const)('%s', (_d, sp, want) => {
    expect(findPort(pod, { ...sp })).toBe(want);
  });

  it('emits targetPort numbers with the service port name/protocol/appProtocol, skipping unresolvable ports', () => {
    const svc = makeService({
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'missing', port: 81, targetPort: 'nope', protocol: 'TCP' },
        { name: 'raw', port: 82, targetPort: 9000, protocol: 'TCP' },
      ],
    });
    const ports = endpointPortsForPod(svc, pod);
    expect(ports).toHaveLength(2);
    expect(ports).toContainEqual({ name: 'http', protocol: 'TCP', port: 8080, appProtocol: 'http' });
    expect(ports).toContainEqual({ name: 'raw', protocol: 'TCP', port: 9000 });
  });

  it('headless Service without ports yields an empty list; ClusterIP without ports too', () => {
    expect(endpointPortsForPod(makeService({ clusterIP: 'None', ports: [] }), pod)).toEqual([]);
    expect(endpointPortsForPod(makeService({ ports: [] }), pod)).toEqual([]);
  });
});
