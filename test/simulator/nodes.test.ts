// Nodes: the seeded default cluster, shaped by --nodes/--zones, and user-created nodes, which get
// pod CIDRs (node IPAM) and, in auto mode, the status a registering kubelet reports.
import { describe, expect, it } from 'vitest';
import { networkError, seedNodes } from '../../src/simulator/index.js';
import { cond, harness, simplePod, status, type J } from './helpers.js';

const nodesOf = (h: ReturnType<typeof harness>) => h.r.list(h.r.resource('', 'nodes'), undefined).items.map((x) => x.obj);

describe('seedNodes', () => {
  it('creates 3 Ready nodes over 3 zones by default', () => {
    const h = harness();
    const nodes = nodesOf(h);
    expect(nodes.map((n) => [n.metadata.name, n.metadata.labels!['topology.kubernetes.io/zone']])).toEqual([
      ['node-1', 'zone-a'], ['node-2', 'zone-b'], ['node-3', 'zone-c'],
    ]);
    const n = nodes[1] as J;
    expect(n.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'node-2', 'kubernetes.io/os': 'linux',
      'topology.kubernetes.io/region': 'region-1', 'topology.kubernetes.io/zone': 'zone-b',
    });
    expect(n.spec).toEqual({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'], providerID: 'kubesim://node-2' });
    expect(n.status.allocatable).toMatchObject({ cpu: '8', memory: '32Gi', pods: '110' });
    expect(n.status.capacity).toEqual(n.status.allocatable);
    expect(n.status.conditions.map((c: J) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
    expect(n.status.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.3' },
      { type: 'InternalIP', address: 'fc00:f853:ccd:e793::3' },
      { type: 'Hostname', address: 'node-2' },
    ]);
    expect(n.status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.35.0', operatingSystem: 'linux', architecture: 'amd64' });
  });

  it.each([
    { nodes: 5, zones: ['a', 'b'], want: ['a', 'b', 'a', 'b', 'a'] },
    { nodes: 1, zones: undefined, want: ['zone-a'] },
    { nodes: 4, zones: ['only'], want: ['only', 'only', 'only', 'only'] },
  ])('--nodes $nodes --zones $zones', ({ nodes, zones, want }) => {
    const h = harness({ seed: { nodes, zones } });
    expect(nodesOf(h).map((n) => n.metadata.labels!['topology.kubernetes.io/zone'])).toEqual(want);
  });

  it('is idempotent and carves around CIDRs already taken', () => {
    const h = harness({ seed: { nodes: 2 } });
    h.r.delete(h.r.resource('', 'nodes'), '', 'node-1');
    h.r.create(h.r.resource('', 'nodes'), '', { metadata: { name: 'custom' }, spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] } });
    const created = seedNodes(h.r, { nodes: 3 });
    expect(created.map((n) => [n.metadata.name, (n.spec as J).podCIDRs[0]])).toEqual([
      ['node-1', '10.244.2.0/24'], ['node-3', '10.244.3.0/24'],
    ]);
    expect(new Set(nodesOf(h).flatMap((n) => (n.status as J).addresses?.filter((a: J) => a.type === 'InternalIP').map((a: J) => a.address) ?? [])).size)
      .toBe(2 * 3 + 0);
  });

  it('supports single-stack clusters', () => {
    const h = harness({ podCIDRs: ['10.100.0.0/16'] });
    expect((h.node('node-1')!.spec as J).podCIDRs).toEqual(['10.100.0.0/24']);
    h.createPod(simplePod('v4'));
    h.clock.advance(1000);
    expect(status(h.pod('v4')).podIPs).toEqual([{ ip: '10.100.0.2' }]);
  });

  it('supports IPv6-first clusters', () => {
    const h = harness({ podCIDRs: ['fd00:1::/56', '10.1.0.0/16'] });
    h.createPod(simplePod('v6'));
    h.clock.advance(1000);
    expect(status(h.pod('v6'))).toMatchObject({ podIP: 'fd00:1::2', podIPs: [{ ip: 'fd00:1::2' }, { ip: '10.1.0.2' }] });
  });
});

describe('user-created nodes', () => {
  it('get pod CIDRs and a registered status, and take pods', () => {
    const h = harness({ seed: false });
    h.r.create(h.r.resource('', 'nodes'), '', {
      metadata: { name: 'worker', labels: { 'topology.kubernetes.io/zone': 'z9' } },
    });
    h.clock.advance(0);
    const n = h.node('worker') as J;
    expect(n.spec.podCIDRs).toEqual(['10.244.0.0/24', 'fd00:10:244::/64']);
    expect(n.spec.podCIDR).toBe('10.244.0.0/24');
    expect(cond(n, 'Ready')!.status).toBe('True');
    expect(n.status.addresses[0]).toEqual({ type: 'InternalIP', address: '172.18.0.2' });
    expect(n.metadata.labels).toEqual({ 'topology.kubernetes.io/zone': 'z9' });
    h.createPod(simplePod('p'));
    h.clock.advance(1000);
    expect(status(h.pod('p'))).toMatchObject({ phase: 'Running', podIP: '10.244.0.2', hostIP: '172.18.0.2' });
  });

  it('keep the status and CIDRs their creator set', () => {
    const h = harness();
    const st = {
      conditions: [{ type: 'Ready', status: 'False', reason: 'Testing' }],
      addresses: [{ type: 'InternalIP', address: '192.0.2.7' }],
      allocatable: { cpu: '1', memory: '1Gi', pods: '5' },
    };
    h.r.create(h.r.resource('', 'nodes'), '', { metadata: { name: 'mine' }, spec: { podCIDRs: ['10.250.0.0/24'], podCIDR: '10.250.0.0/24' }, status: st });
    h.clock.advance(1000);
    const n = h.node('mine') as J;
    expect(n.status).toEqual(st);
    expect(n.spec.podCIDRs).toEqual(['10.250.0.0/24']);
  });

  it('annotated kubesim.io/lifecycle: manual are not registered', () => {
    const h = harness();
    h.r.create(h.r.resource('', 'nodes'), '', { metadata: { name: 'hands-off', annotations: { 'kubesim.io/lifecycle': 'manual' } } });
    h.clock.advance(1000);
    expect(h.node('hands-off')!.status).toEqual({});
    expect((h.node('hands-off')!.spec as J).podCIDRs).toHaveLength(2);
  });

  it('free their pod CIDRs for the next node when deleted', () => {
    const h = harness({ seed: false, podCIDRs: ['10.0.0.0/23'] });
    const nodes = h.r.resource('', 'nodes');
    h.r.create(nodes, '', { metadata: { name: 'a' } });
    h.r.create(nodes, '', { metadata: { name: 'b' } });
    h.r.create(nodes, '', { metadata: { name: 'c' } });
    h.clock.advance(0);
    expect((h.node('c')!.spec as J).podCIDRs).toBeUndefined();
    const evs = h.r.list(h.r.resource('', 'events'), 'default').items.map((x) => x.obj as J).filter((e) => e.reason === 'CIDRNotAvailable');
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({
      message: 'Node c status is now: CIDRNotAvailable', count: 1, involvedObject: { kind: 'Node', name: 'c' },
      source: { component: 'cidrAllocator' },
    });
    h.r.delete(nodes, '', 'a');
    h.clock.advance(0);
    expect((h.node('c')!.spec as J).podCIDRs).toEqual(['10.0.0.0/24']);
  });
});

describe('networkError', () => {
  it.each([
    { o: {}, nodes: 3, want: undefined },
    { o: { podCIDRs: ['10.0.0.0/33'] }, nodes: 0, want: 'invalid CIDR "10.0.0.0/33"' },
    { o: { podCIDRs: ['10.0.0.0/16', '10.1.0.0/16'] }, nodes: 0, want: 'at most one pod CIDR per IP family, got 10.0.0.0/16,10.1.0.0/16' },
    { o: { podCIDRs: ['10.0.0.0/24'] }, nodes: 1, want: undefined },
    { o: { podCIDRs: ['10.0.0.0/25'] }, nodes: 0, want: 'node CIDR mask /24 does not fit in cluster CIDR 10.0.0.0/25' },
    { o: {}, nodes: 257, want: 'cluster CIDR 10.244.0.0/16 has room for 256 nodes with /24 each, not 257' },
    { o: { nodeMaskSizes: { v6: 129 } }, nodes: 0, want: 'node CIDR mask /129 does not fit in cluster CIDR fd00:10:244::/56' },
  ])('$o with $nodes nodes', ({ o, nodes, want }) => {
    expect(networkError(o, nodes)).toBe(want);
  });
});
