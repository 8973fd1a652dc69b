// ClusterIP and NodePort allocation: unique under many creates, dual-stack families, headless,
// explicit addresses, release on delete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../src/app.js';
import type { KObject } from '../../src/machinery/types.js';

let sim: Kubesim;
beforeEach(async () => {
  sim = await buildApp({ simulate: false, seed: 3, serviceCIDRs: ['10.96.0.0/20', 'fd00:10:96::/112'] });
});
afterEach(async () => {
  await sim.app.close();
});

const svcs = () => sim.registry.resource('', 'services');
function create(name: string, spec: Record<string, unknown>): KObject {
  return sim.registry.create(svcs(), 'default', { metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } }).object;
}
const spec = (o: KObject) => o.spec as Record<string, any>;

describe('service allocation', () => {
  it('never hands out a ClusterIP twice among 3,000 services, and reuses released ones', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const s = spec(create(`s${i}`, {}));
      expect(s.clusterIPs).toHaveLength(1);
      expect(seen.has(s.clusterIP)).toBe(false);
      seen.add(s.clusterIP);
      expect(s.clusterIP).toMatch(/^10\.96\.(1[0-5]|[0-9])\.\d+$/);
    }
    const freed = spec(sim.registry.get(svcs(), 'default', 's0').obj).clusterIP;
    sim.registry.delete(svcs(), 'default', 's0');
    expect(spec(create('again', { clusterIP: freed })).clusterIP).toBe(freed);
  });

  it('SingleStack by default; PreferDualStack and RequireDualStack get both families', () => {
    const single = spec(create('single', {}));
    expect(single.ipFamilyPolicy).toBe('SingleStack');
    expect(single.ipFamilies).toEqual(['IPv4']);
    for (const policy of ['PreferDualStack', 'RequireDualStack']) {
      const s = spec(create(policy.toLowerCase(), { ipFamilyPolicy: policy }));
      expect(s.ipFamilies).toEqual(['IPv4', 'IPv6']);
      expect(s.clusterIPs).toHaveLength(2);
      expect(s.clusterIPs[0]).toMatch(/^10\.96\./);
      expect(s.clusterIPs[1]).toMatch(/^fd00:10:96::/);
      expect(s.clusterIP).toBe(s.clusterIPs[0]);
    }
    const v6first = spec(create('v6first', { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6'] }));
    expect(v6first.ipFamilies).toEqual(['IPv6', 'IPv4']);
  });

  it('headless services keep None; without a selector they default to RequireDualStack', () => {
    const withSel = spec(create('hl', { clusterIP: 'None', selector: { a: 'b' } }));
    expect(withSel.clusterIPs).toEqual(['None']);
    expect(withSel.ipFamilyPolicy).toBe('SingleStack');
    const noSel = spec(create('hl-nosel', { clusterIP: 'None' }));
    expect(noSel.ipFamilyPolicy).toBe('RequireDualStack');
    expect(noSel.ipFamilies).toEqual(['IPv4', 'IPv6']);
  });

  it('an address already in use or outside the range is a 422', () => {
    const taken = spec(create('first', {})).clusterIP;
    expect(() => create('dup', { clusterIP: taken })).toThrowError(expect.objectContaining({
      status: expect.objectContaining({ code: 422, reason: 'Invalid', message: expect.stringContaining('provided IP is already allocated') }),
    }));
    expect(() => create('out', { clusterIP: '192.168.0.10' })).toThrowError(expect.objectContaining({
      status: expect.objectContaining({ code: 422, message: expect.stringContaining('is not in the valid range') }),
    }));
  });

  it('NodePorts come from 30000-32767, distinct, and ClusterIP services get none', () => {
    const ports = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = spec(create(`np${i}`, { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] }));
      for (const p of s.ports) {
        expect(p.nodePort).toBeGreaterThanOrEqual(30000);
        expect(p.nodePort).toBeLessThanOrEqual(32767);
        expect(ports.has(p.nodePort)).toBe(false);
        ports.add(p.nodePort);
      }
    }
    expect(spec(create('plain', {})).ports[0].nodePort).toBeUndefined();
  });

  it('ExternalName services get no ClusterIP', () => {
    const s = spec(create('ext', { type: 'ExternalName', externalName: 'example.com', ports: [] }));
    expect(s.clusterIP).toBeUndefined();
    expect(s.ipFamilies).toBeUndefined();
  });
});
