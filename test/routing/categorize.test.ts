// kube-proxy's choice of endpoints, table-tested with the cases of upstream's
// pkg/proxy/topology_test.go (TestCategorizeEndpoints), restated here in our own model: each case
// is a node (name, zone), a list of endpoints and what the Cluster and Local policies pick.
//
// Upstream cases that toggle the hints annotation or feature gates are carried over as v1.35
// behaves (hints decide, gates on): kube-proxy no longer reads the annotation, so an annotation of
// "disabled" matters only in that the controller writes no hints — that case is "no hints" below.
import { describe, expect, it } from 'vitest';
import { clusterEndpoints, hasAnyEndpoints, localEndpoints, topologyMode, type ProxyEndpoint, type RouteSource } from '../../src/routing/categorize.js';

const SELF = 'node-self';

interface EpSpec {
  zones?: string[];
  nodes?: string[];
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  local?: boolean;
}

function ep(address: string, s: EpSpec = {}): ProxyEndpoint {
  const ready = s.ready ?? true;
  return {
    address, nodeName: s.local ? SELF : 'node-other', zone: undefined,
    ready, serving: s.serving ?? ready, terminating: s.terminating ?? false,
    zoneHints: s.zones ?? [], nodeHints: s.nodes ?? [],
  };
}

interface Case {
  name: string;
  zone?: string;
  endpoints: ProxyEndpoint[];
  cluster: string[];
  clusterSource: RouteSource;
  local?: string[];
  localSource?: RouteSource;
  anywhere?: boolean;
}

const fourZoned = (overrides: Record<string, EpSpec> = {}) => [
  ep('10.1.2.3', { zones: ['zone-a'], ...overrides['10.1.2.3'] }),
  ep('10.1.2.4', { zones: ['zone-b'], ...overrides['10.1.2.4'] }),
  ep('10.1.2.5', { zones: ['zone-c'], ...overrides['10.1.2.5'] }),
  ep('10.1.2.6', { zones: ['zone-a'], ...overrides['10.1.2.6'] }),
];

const cases: Case[] = [
  {
    name: 'zone hints on every endpoint: a zone-a node keeps the zone-a ones',
    zone: 'zone-a', endpoints: fourZoned(),
    cluster: ['10.1.2.3', '10.1.2.6'], clusterSource: 'hints-zone',
  },
  {
    name: 'no hints at all (topology off, or annotation "disabled"): every ready endpoint',
    zone: 'zone-a', endpoints: [ep('10.1.2.3'), ep('10.1.2.4'), ep('10.1.2.5'), ep('10.1.2.6')],
    cluster: ['10.1.2.3', '10.1.2.4', '10.1.2.5', '10.1.2.6'], clusterSource: 'ready',
  },
  {
    name: 'a node without a zone label ignores zone hints',
    zone: '', endpoints: [ep('10.1.2.3', { zones: ['zone-a'] })],
    cluster: ['10.1.2.3'], clusterSource: 'ready',
  },
  {
    name: 'a node in a zone no endpoint is hinted for ignores the hints',
    zone: 'zone-b', endpoints: [ep('10.1.2.3', { zones: ['zone-a'] })],
    cluster: ['10.1.2.3'], clusterSource: 'ready',
  },
  {
    name: 'an unready endpoint in the node\'s zone is left out, the hints still hold',
    zone: 'zone-a', endpoints: fourZoned({ '10.1.2.6': { ready: false } }),
    cluster: ['10.1.2.3'], clusterSource: 'hints-zone',
  },
  {
    name: 'only unready endpoints hinted for the zone: no filtering by zone',
    zone: 'zone-a', endpoints: fourZoned({ '10.1.2.3': { ready: false }, '10.1.2.6': { ready: false } }),
    cluster: ['10.1.2.4', '10.1.2.5'], clusterSource: 'ready',
  },
  {
    name: 'one ready endpoint without a hint switches zone filtering off',
    zone: 'zone-a', endpoints: fourZoned({ '10.1.2.5': { zones: [] } }),
    cluster: ['10.1.2.3', '10.1.2.4', '10.1.2.5', '10.1.2.6'], clusterSource: 'ready',
  },
  {
    name: 'endpoints hinted for several zones count for each of them',
    zone: 'zone-c',
    endpoints: [
      ep('10.1.2.3', { zones: ['zone-a', 'zone-b', 'zone-c'] }), ep('10.1.2.4', { zones: ['zone-b', 'zone-c'] }),
      ep('10.1.2.5', { zones: ['zone-b', 'zone-d'] }), ep('10.1.2.6', { zones: ['zone-c'] }),
    ],
    cluster: ['10.1.2.3', '10.1.2.4', '10.1.2.6'], clusterSource: 'hints-zone',
  },
  {
    name: 'Local policy ignores topology; Cluster still uses it',
    zone: 'zone-a', endpoints: fourZoned({ '10.1.2.3': { local: true }, '10.1.2.4': { local: true } }),
    cluster: ['10.1.2.3', '10.1.2.6'], clusterSource: 'hints-zone',
    local: ['10.1.2.3', '10.1.2.4'], localSource: 'local',
  },
  {
    name: 'topology and localness disagree: each policy picks its own set',
    zone: 'zone-a',
    endpoints: [
      ep('10.0.0.0', { zones: ['zone-a'], local: true }), ep('10.0.0.1', { zones: ['zone-b'], local: true }),
      ep('10.0.0.2', { zones: ['zone-a'] }), ep('10.0.0.3', { zones: ['zone-b'] }),
    ],
    cluster: ['10.0.0.0', '10.0.0.2'], clusterSource: 'hints-zone',
    local: ['10.0.0.0', '10.0.0.1'], localSource: 'local',
  },
  {
    name: 'no endpoints at all',
    endpoints: [],
    cluster: [], clusterSource: 'none', local: [], localSource: 'none', anywhere: false,
  },
  {
    name: 'Local policy with every endpoint on other nodes: nothing here, something elsewhere',
    endpoints: [ep('10.0.0.0'), ep('10.0.0.1')],
    cluster: ['10.0.0.0', '10.0.0.1'], clusterSource: 'ready', local: [], localSource: 'none', anywhere: true,
  },
  {
    name: 'Local policy with every endpoint on this node',
    endpoints: [ep('10.0.0.0', { local: true }), ep('10.0.0.1', { local: true })],
    cluster: ['10.0.0.0', '10.0.0.1'], clusterSource: 'ready', local: ['10.0.0.0', '10.0.0.1'], localSource: 'local',
  },
  {
    name: 'Local policy with some endpoints on this node',
    endpoints: [ep('10.0.0.0', { local: true }), ep('10.0.0.1')],
    cluster: ['10.0.0.0', '10.0.0.1'], clusterSource: 'ready', local: ['10.0.0.0'], localSource: 'local',
  },
  {
    name: 'Cluster policy, nothing ready and nothing terminating',
    endpoints: [ep('10.0.0.0', { ready: false }), ep('10.0.0.1', { ready: false })],
    cluster: [], clusterSource: 'none', anywhere: false,
  },
  {
    name: 'Cluster policy, one endpoint ready',
    endpoints: [ep('10.0.0.0', { ready: false }), ep('10.0.0.1')],
    cluster: ['10.0.0.1'], clusterSource: 'ready',
  },
  {
    name: 'Cluster policy, every endpoint serving and terminating: they are used',
    endpoints: [
      ep('10.0.0.0', { ready: false, serving: true, terminating: true, local: true }),
      ep('10.0.0.1', { ready: false, serving: true, terminating: true }),
    ],
    cluster: ['10.0.0.0', '10.0.0.1'], clusterSource: 'terminating-fallback',
    local: ['10.0.0.0'], localSource: 'terminating-fallback',
  },
  {
    name: 'Local policy, every endpoint remote and terminating: Cluster falls back, Local has none',
    endpoints: [
      ep('10.0.0.0', { ready: false, serving: true, terminating: true }),
      ep('10.0.0.1', { ready: false, serving: true, terminating: true }),
    ],
    cluster: ['10.0.0.0', '10.0.0.1'], clusterSource: 'terminating-fallback', local: [], localSource: 'none', anywhere: true,
  },
  {
    name: 'Local falls back to its own serving-terminating endpoint while Cluster has a ready one',
    endpoints: [
      ep('10.0.0.0'), ep('10.0.0.1', { ready: false, serving: false, local: true }),
      ep('10.0.0.2', { ready: false, serving: true, terminating: true, local: true }),
      ep('10.0.0.3', { ready: false, serving: true, terminating: true }),
    ],
    cluster: ['10.0.0.0'], clusterSource: 'ready', local: ['10.0.0.2'], localSource: 'terminating-fallback',
  },
  {
    name: 'terminating endpoints that no longer serve are never used',
    endpoints: [ep('10.0.0.0', { ready: false, serving: false, terminating: true, local: true })],
    cluster: [], clusterSource: 'none', local: [], localSource: 'none', anywhere: false,
  },
  // PreferSameNode (trafficDistribution, v1.35): node hints first, zone hints as the fallback.
  {
    name: 'node hints on every endpoint and one for this node: only this node\'s',
    zone: 'zone-a',
    endpoints: [
      ep('10.0.0.0', { zones: ['zone-a'], nodes: [SELF], local: true }),
      ep('10.0.0.1', { zones: ['zone-a'], nodes: ['node-a2'] }),
      ep('10.0.0.2', { zones: ['zone-b'], nodes: ['node-b1'] }),
    ],
    cluster: ['10.0.0.0'], clusterSource: 'hints-node',
  },
  {
    name: 'node hints, none for this node: the zone hints take over',
    zone: 'zone-a',
    endpoints: [
      ep('10.0.0.1', { zones: ['zone-a'], nodes: ['node-a2'] }),
      ep('10.0.0.2', { zones: ['zone-b'], nodes: ['node-b1'] }),
    ],
    cluster: ['10.0.0.1'], clusterSource: 'hints-zone',
  },
  {
    name: 'a ready endpoint without a node hint switches node filtering off',
    zone: 'zone-b',
    endpoints: [
      ep('10.0.0.0', { zones: ['zone-a'], nodes: [SELF], local: true }),
      ep('10.0.0.2', { zones: ['zone-b'] }),
    ],
    cluster: ['10.0.0.2'], clusterSource: 'hints-zone',
  },
  {
    name: 'hints on unready endpoints do not count',
    zone: 'zone-a',
    endpoints: [ep('10.0.0.0', { zones: ['zone-a'], nodes: [SELF], ready: false }), ep('10.0.0.1')],
    cluster: ['10.0.0.1'], clusterSource: 'ready',
  },
];

const addresses = (eps: ProxyEndpoint[]) => eps.map((e) => e.address).sort();

describe('kube-proxy endpoint categorisation (pkg/proxy/topology_test.go cases)', () => {
  it.each(cases)('$name', (c) => {
    const cluster = clusterEndpoints(c.endpoints, SELF, c.zone ?? '');
    expect(addresses(cluster.endpoints)).toEqual([...c.cluster].sort());
    expect(cluster.source).toBe(c.clusterSource);
    if (c.local) {
      const local = localEndpoints(c.endpoints, SELF);
      expect(addresses(local.endpoints)).toEqual([...c.local].sort());
      expect(local.source).toBe(c.localSource);
    }
    expect(hasAnyEndpoints(c.endpoints)).toBe(c.anywhere ?? true);
  });

  it('names the topology mode the hints allow', () => {
    expect(topologyMode(fourZoned(), SELF, 'zone-a')).toBe('PreferSameZone');
    expect(topologyMode(fourZoned(), SELF, 'zone-x')).toBe('');
    expect(topologyMode([ep('10.0.0.0', { zones: ['zone-a'], nodes: [SELF] })], SELF, 'zone-a')).toBe('PreferSameNode');
    expect(topologyMode([ep('10.0.0.0', { zones: ['zone-a'], ready: false })], SELF, 'zone-a')).toBe('');
  });
});
