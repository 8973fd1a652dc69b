// Addresses: node pod CIDRs carved from the cluster CIDRs, pod IPs from a node's CIDRs, recycled
// after deletion and never held by two pods at once, even with 10,000 pods created at once.
import { describe, expect, it } from 'vitest';
import { NodeCIDRAllocator, PodIPAM } from '../../src/simulator/index.js';
import { formatIP, nthAddress, parseCIDR } from '../../src/machinery/validation-ip.js';
import { harness, simplePod, status, type J } from './helpers.js';

describe('NodeCIDRAllocator', () => {
  it('carves one subnet per family in order and skips occupied ones', () => {
    const a = new NodeCIDRAllocator(['10.244.0.0/16', 'fd00:10:244::/56'], { v4: 24, v6: 64 });
    a.occupy(['10.244.1.0/24']);
    expect(a.allocate()).toEqual(['10.244.0.0/24', 'fd00:10:244::/64']);
    expect(a.allocate()).toEqual(['10.244.2.0/24', 'fd00:10:244:1::/64']);
    a.release(['10.244.0.0/24']);
    expect(a.allocate()).toEqual(['10.244.3.0/24', 'fd00:10:244:2::/64']);
  });

  it('runs out when the smaller range is exhausted', () => {
    const a = new NodeCIDRAllocator(['10.0.0.0/23'], { v4: 24, v6: 64 });
    expect(a.allocate()).toEqual(['10.0.0.0/24']);
    expect(a.allocate()).toEqual(['10.0.1.0/24']);
    expect(a.allocate()).toBeUndefined();
  });

  it('refuses a mask that does not fit', () => {
    expect(() => new NodeCIDRAllocator(['10.0.0.0/24'], { v4: 16, v6: 64 })).toThrow(/does not fit/);
  });
});

describe('PodIPAM', () => {
  it('hands out addresses round-robin from .2, skipping the gateway and broadcast', () => {
    const ipam = new PodIPAM();
    const got = ['a', 'b', 'c', 'd', 'e'].map((o) => ipam.allocate(o, ['10.0.0.0/29'])?.[0]);
    expect(got).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(ipam.allocate('f', ['10.0.0.0/29'])).toBeUndefined();
    ipam.release('c');
    expect(ipam.allocate('f', ['10.0.0.0/29'])).toEqual(['10.0.0.4']);
  });

  it('reuses a released address only after the range wraps', () => {
    const ipam = new PodIPAM();
    ipam.allocate('a', ['10.0.0.0/28']);
    ipam.release('a');
    expect(ipam.allocate('b', ['10.0.0.0/28'])).toEqual(['10.0.0.3']);
  });

  it('never hands out an address a pod already holds (reserved from the store)', () => {
    const ipam = new PodIPAM();
    ipam.reserve('client', ['10.0.0.2', '10.0.0.03']);
    expect(ipam.allocate('x', ['10.0.0.0/29'])).toEqual(['10.0.0.4']);
    expect(ipam.holderOf('10.0.0.3')).toBe('client');
    ipam.reserve('dup', ['10.0.0.2']);
    expect(ipam.holderOf('10.0.0.2')).toBe('client');
  });

  it('counts addresses in plain numbers exactly as the 128-bit arithmetic would (carries, high IPv4, odd IPv6 bases)', () => {
    // Each range: the first addresses handed out are the network's 2nd, 3rd, ... address (formatIP of
    // nthAddress, the BigInt reference), across byte carries; small ranges wrap back to their first.
    const cases: [string, number][] = [
      ['10.0.0.0/24', 300], ['255.255.255.0/24', 10], ['192.168.0.0/22', 600], ['10.64.0.0/10', 5],
      ['fd00:10:244::/64', 5], ['fd00::ff00/120', 300], ['2001:db8:0:0:ffff:ffff:ffff:ff00/120', 260], ['::/126', 6],
      ['10.1.2.4/31', 4], ['10.1.2.5/32', 3],
    ];
    for (const [text, n] of cases) {
      const cidr = parseCIDR(text)!;
      const size = 2n ** BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
      const first = size > 2n ? 2n : 0n;
      const last = cidr.family === 4 && size > 2n ? size - 2n : size - 1n;
      const ipam = new PodIPAM();
      for (let i = 0; i < n; i++) {
        const want = formatIP(nthAddress(cidr, first + (BigInt(i) % (last - first + 1n))));
        const got = ipam.allocate(`pod-${i}`, [text]);
        expect(got, `${text} #${i}`).toEqual([want]);
        ipam.release(`pod-${i}`);
      }
    }
  });

  it('allocates one address per family, all or nothing', () => {
    const ipam = new PodIPAM();
    expect(ipam.allocate('a', ['10.0.0.0/30', 'fd00::/64'])).toEqual(['10.0.0.2', 'fd00::2']);
    expect(ipam.allocate('b', ['10.0.0.0/30', 'fd00::/64'])).toBeUndefined();
    expect(ipam.size).toBe(2);
  });
});

describe('pod IPs in the cluster', () => {
  it('recycles the IPs of deleted pods once the range wraps', () => {
    // One node with a /29: five usable pod addresses.
    const h = harness({ seed: { nodes: 1 }, podCIDRs: ['10.10.0.0/24'], nodeMaskSizes: { v4: 29 } });
    for (let i = 0; i < 5; i++) h.createPod(simplePod(`p${i}`));
    h.clock.advance(1000);
    const ips = [0, 1, 2, 3, 4].map((i) => status(h.pod(`p${i}`)).podIP);
    expect(ips).toEqual(['10.10.0.2', '10.10.0.3', '10.10.0.4', '10.10.0.5', '10.10.0.6']);
    expect(status(h.pod('p0')).podIPs).toEqual([{ ip: '10.10.0.2' }]);

    h.createPod(simplePod('extra'));
    h.clock.advance(1000);
    expect(status(h.pod('extra')).phase).toBe('Pending');
    expect(h.events('extra').find((e) => e.reason === 'FailedCreatePodSandBox')).toMatchObject({ type: 'Warning' });

    h.deletePod('p2');
    h.clock.advance(3000);
    expect(h.pod('p2')).toBeUndefined();
    expect(status(h.pod('extra'))).toMatchObject({ phase: 'Running', podIP: '10.10.0.4' });
    expect(h.sim.errors).toEqual([]);
  });

  it('keeps client-set IPs of manual pods out of the pool', () => {
    const h = harness({ seed: { nodes: 1 } });
    h.createPod(simplePod('hand', { annotations: { 'kubesim.io/lifecycle': 'manual' } }, { nodeName: 'node-1' }));
    h.r.mutate(h.r.resource('', 'pods'), 'default', 'hand', (p) => {
      Object.assign(p.status as J, { podIP: '10.244.0.2', podIPs: [{ ip: '10.244.0.2' }, { ip: 'fd00:10:244::2' }] });
    }, { subresource: 'status' });
    h.createPod(simplePod('auto'));
    h.clock.advance(1000);
    expect(status(h.pod('auto')).podIPs).toEqual([{ ip: '10.244.0.3' }, { ip: 'fd00:10:244::3' }]);
  });

  it('gives 10,000 pods created at once 10,000 distinct IPv4 and IPv6 addresses', () => {
    const h = harness({ seed: { nodes: 100 }, events: false });
    const n = 10_000;
    for (let i = 0; i < n; i++) h.createPod(simplePod(`p${i}`));
    h.clock.advance(1000);
    const v4 = new Set<string>();
    const v6 = new Set<string>();
    let running = 0;
    for (const { obj } of h.r.list(h.r.resource('', 'pods'), 'default').items) {
      const st = obj.status as J;
      if (st.phase === 'Running') running++;
      v4.add(st.podIPs[0].ip);
      v6.add(st.podIPs[1].ip);
      expect(st.podIP).toBe(st.podIPs[0].ip);
    }
    expect(running).toBe(n);
    expect(v4.size).toBe(n);
    expect(v6.size).toBe(n);
    expect(h.sim.errors).toEqual([]);
  }, 120_000);
});
