import { describe, expect, it } from 'vitest';
import { endpointsPrinter } from '../../../src/registry/printers/endpoints.js';
import { endpointSlicePrinter } from '../../../src/registry/printers/endpointslice.js';
import { servicePrinter } from '../../../src/registry/printers/service.js';

const now = Date.parse('2026-11-21T06:00:00Z');
const meta = (name: string): Record<string, unknown> => ({ name, namespace: 'default', creationTimestamp: '2026-11-21T05:55:00Z' });

type J = Record<string, any>;
const svc = (spec: J, status: J = {}): J => ({ metadata: meta('web'), spec, status });

describe('service printer', () => {
  it('has the apiserver column set', () => {
    expect(servicePrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1],
    ]);
    expect(servicePrinter.columns[1].description).toMatch(/^type determines how the Service is exposed/);
  });

  it.each([
    ['ClusterIP', { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'],
      ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { tier: 'front', app: 'web' } }, {},
    ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '5m', 'app=web,tier=front']],
    ['ClusterIP with externalIPs', { type: 'ClusterIP', clusterIPs: ['10.96.0.11'], externalIPs: ['1.2.3.4', '5.6.7.8'],
      ports: [{ port: 80, protocol: 'TCP' }] }, {},
    ['web', 'ClusterIP', '10.96.0.11', '1.2.3.4,5.6.7.8', '80/TCP', '5m', '<none>']],
    ['headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } }, {},
      ['web', 'ClusterIP', 'None', '<none>', '<none>', '5m', 'app=db']],
    ['NodePort', { type: 'NodePort', clusterIPs: ['10.96.0.12'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }, {},
      ['web', 'NodePort', '10.96.0.12', '<none>', '80:30080/TCP', '5m', '<none>']],
    ['LoadBalancer pending', { type: 'LoadBalancer', clusterIPs: ['10.96.0.13'],
      ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] }, { loadBalancer: {} },
    ['web', 'LoadBalancer', '10.96.0.13', '<pending>', '443:31443/TCP', '5m', '<none>']],
    // Ingress points are deduplicated and sorted; externalIPs follow; no truncation server-side (Wide=true).
    ['LoadBalancer provisioned', { type: 'LoadBalancer', clusterIPs: ['10.96.0.14'], externalIPs: ['9.9.9.9'],
      ports: [{ port: 80, nodePort: 30000, protocol: 'TCP' }] },
    { loadBalancer: { ingress: [{ ip: '203.0.113.20' }, { hostname: 'lb-123456789.elb.example.com' }, { ip: '203.0.113.10' },
      { ip: '203.0.113.10' }] } },
    ['web', 'LoadBalancer', '10.96.0.14', '203.0.113.10,203.0.113.20,lb-123456789.elb.example.com,9.9.9.9', '80:30000/TCP', '5m',
      '<none>']],
    ['ExternalName', { type: 'ExternalName', externalName: 'db.example.com' }, {},
      ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>']],
  ])('%s', (_n, spec, status, want) => {
    expect(servicePrinter.cells(svc(spec, status), now)).toEqual(want);
  });
});

describe('endpointslice printer', () => {
  const slice = (ports: J[], endpoints: J[]): J => ({
    metadata: meta('web-abc12'), addressType: 'IPv4', ports, endpoints,
  });

  it('has the apiserver column set', () => {
    expect(endpointSlicePrinter.columns.map((c) => c.name)).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  });

  it('lists at most three endpoints then "+ N more..."', () => {
    const eps = [
      { addresses: ['10.0.0.1'], conditions: { ready: true } },
      { addresses: ['10.0.0.2'], conditions: { ready: false } },
      { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }, { addresses: ['10.0.0.5'] },
    ];
    expect(endpointSlicePrinter.cells(slice([{ name: 'http', port: 80, protocol: 'TCP' }], eps), now))
      .toEqual(['web-abc12', 'IPv4', '80', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...', '5m']);
  });

  it('prints ports by number, else name, else "*", with the same "more" rule', () => {
    const ports = [{ port: 80 }, { name: 'metrics', port: null }, {}, { port: 8443 }, { port: 9000 }];
    expect(endpointSlicePrinter.cells(slice(ports, [{ addresses: ['10.0.0.1'] }]), now)[2]).toBe('80,metrics,* + 2 more...');
  });

  it('prints <unset> for empty lists', () => {
    expect(endpointSlicePrinter.cells(slice([], []), now)).toEqual(['web-abc12', 'IPv4', '<unset>', '<unset>', '5m']);
    expect(endpointSlicePrinter.cells({ metadata: meta('x'), addressType: 'IPv6' }, now)[3]).toBe('<unset>');
  });
});

describe('endpoints printer', () => {
  const ep = (subsets?: J[]): J => ({ metadata: meta('web'), ...(subsets ? { subsets } : {}) });

  it('prints <none> without subsets', () => {
    expect(endpointsPrinter.cells(ep(), now)).toEqual(['web', '<none>', '5m']);
    expect(endpointsPrinter.cells(ep([]), now)).toEqual(['web', '<none>', '5m']);
  });

  it('prints ip:port for ready addresses × ports, at most three', () => {
    const subsets = [{
      addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
      notReadyAddresses: [{ ip: '10.0.0.9' }],
      ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }],
    }];
    expect(endpointsPrinter.cells(ep(subsets), now)[1]).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  });

  it('brackets IPv6, lists bare IPs without ports, and leaves not-ready-only subsets empty', () => {
    expect(endpointsPrinter.cells(ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }]), now)[1]).toBe('[fd00::1]:80');
    expect(endpointsPrinter.cells(ep([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }]), now)[1]).toBe('10.0.0.1,10.0.0.2');
    expect(endpointsPrinter.cells(ep([{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]), now)[1]).toBe('');
  });
});
