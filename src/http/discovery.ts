// Discovery documents built from the registered strategies: legacy (APIVersions, APIGroupList,
// APIResourceList) and aggregated (apidiscovery.k8s.io/v2, chosen by the client's Accept header).
import { createHash } from 'node:crypto';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the Accept header asks for aggregated discovery (v2) before anything else we serve. */
export function wantsAggregated(accept: string | undefined): boolean {
  for (const part of (accept ?? '').split(',')) {
    const [type, ...ps] = part.split(';').map((x) => x.trim());
    const params = new Map(ps.map((x) => x.split('=').map((y) => y.trim()) as [string, string]));
    if (params.get('as') === 'APIGroupDiscoveryList') {
      if (params.get('g') === 'apidiscovery.k8s.io' && params.get('v') === 'v2') return true;
      continue;
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return false;
  }
  return false;
}

/** storageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
function storageVersionHash(s: Strategy): string {
  const i = s.info;
  return createHash('sha256').update(`${i.group}/${i.version}/${i.kind}`).digest().subarray(0, 8).toString('base64');
}

/**
 * Verbs and kind of a subresource in discovery. The connect subresources the apiserver proxies to
 * the kubelet (pods/log, exec, attach, portforward) read or take an options kind, as upstream lists
 * them; the others (status, scale-like) are the object itself, read and written.
 */
function subresourceDoc(sub: string, kind: string): { kind: string; verbs: string[]; group?: string; version?: string } {
  switch (sub) {
    case 'scale': return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    case 'finalize': return { kind, verbs: ['update'] };
    case 'log': return { kind, verbs: ['get'] };
    case 'exec': return { kind: `${kind}ExecOptions`, verbs: ['create', 'get'] };
    case 'attach': return { kind: `${kind}AttachOptions`, verbs: ['create', 'get'] };
    case 'portforward': return { kind: `${kind}PortForwardOptions`, verbs: ['create', 'get'] };
    default: return { kind, verbs: ['get', 'patch', 'update'] };
  }
}

function groupVersions(r: Registry): Map<string, Map<string, Strategy[]>> {
  const groups = new Map<string, Map<string, Strategy[]>>();
  for (const s of r.strategies()) {
    let g = groups.get(s.info.group);
    if (!g) groups.set(s.info.group, (g = new Map()));
    let v = g.get(s.info.version);
    if (!v) g.set(s.info.version, (v = []));
    v.push(s);
  }
  return groups;
}

export function apiResourceList(r: Registry, group: string, version: string): Record<string, unknown> | undefined {
  const list = groupVersions(r).get(group)?.get(version);
  if (!list) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const s of list) {
    const i = s.info;
    const res: Record<string, unknown> = {
      name: i.resource, singularName: i.singular, namespaced: i.namespaced, kind: i.kind, verbs: i.verbs ?? [],
    };
    if (i.shortNames?.length) res.shortNames = i.shortNames;
    if (i.categories?.length) res.categories = i.categories;
    res.storageVersionHash = storageVersionHash(s);
    resources.push(res);
    for (const sub of i.subresources ?? []) {
      resources.push({ name: `${i.resource}/${sub}`, singularName: '', namespaced: i.namespaced, ...subresourceDoc(sub, i.kind) });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

export function apiVersions(): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

/**
 * A group served beside the registry's kinds, as an APIService makes the aggregation layer list
 * another server's API (metrics.k8s.io, src/http/metrics-api.ts). Its routes serve it; discovery
 * only lists it.
 */
export interface APIServiceGroup {
  group: string;
  version: string;
  resources: Array<{ resource: string; singular: string; kind: string; namespaced: boolean; verbs: string[] }>;
}

export function apiGroupList(r: Registry, services: readonly APIServiceGroup[] = []): Record<string, unknown> {
  const groups = [...groupVersions(r).entries()].filter(([g]) => g !== '').map(([g, vs]) => apiGroup(g, [...vs.keys()]));
  groups.push(...services.map((a) => apiGroup(a.group, [a.version])));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDoc(r: Registry, group: string): Record<string, unknown> | undefined {
  const vs = groupVersions(r).get(group);
  if (!group || !vs) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, [...vs.keys()]) };
}

function discoveryResource(s: Strategy): Record<string, unknown> {
  const i = s.info;
  const responseKind = { group: i.group, version: i.version, kind: i.kind };
  const res: Record<string, unknown> = {
    resource: i.resource, responseKind, scope: i.namespaced ? 'Namespaced' : 'Cluster', singularResource: i.singular,
    verbs: i.verbs ?? [],
  };
  if (i.shortNames?.length) res.shortNames = i.shortNames;
  if (i.categories?.length) res.categories = i.categories;
  if (i.subresources?.length) {
    res.subresources = i.subresources.map((sub) => {
      const d = subresourceDoc(sub, i.kind);
      const rk = d.group !== undefined ? { group: d.group, version: d.version, kind: d.kind } : { ...responseKind, kind: d.kind };
      return { subresource: sub, responseKind: rk, verbs: d.verbs };
    });
  }
  return res;
}

function serviceDiscovery(a: APIServiceGroup): Record<string, unknown> {
  const resources = a.resources.map((x) => ({
    resource: x.resource, responseKind: { group: a.group, version: a.version, kind: x.kind },
    scope: x.namespaced ? 'Namespaced' : 'Cluster', singularResource: x.singular, verbs: x.verbs,
  }));
  return { metadata: { name: a.group }, versions: [{ version: a.version, resources, freshness: 'Current' }] };
}

/** apidiscovery.k8s.io/v2 for /api (core only) or /apis (named groups). */
export function aggregated(r: Registry, core: boolean, services: readonly APIServiceGroup[] = []): Record<string, unknown> {
  const items = [...groupVersions(r).entries()].filter(([g]) => (g === '') === core).map(([g, vs]) => ({
    metadata: g ? { name: g } : {},
    versions: [...vs.entries()].map(([v, list]) => ({ version: v, resources: list.map(discoveryResource), freshness: 'Current' })),
  }));
  if (!core) items.push(...services.map(serviceDiscovery) as typeof items);
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export const VERSION_INFO = {
  major: '1', minor: '35', emulationMajor: '1', emulationMinor: '35', minCompatibilityMajor: '1', minCompatibilityMinor: '34',
  gitVersion: 'v1.35.0', gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.25.0', compiler: 'gc', platform: 'linux/amd64',
};
