// Resolves an API path to (strategy, namespace, name, subresource), following the URL layout of
// kube-apiserver: /api/v1/... for the core group, /apis/<group>/<version>/... for named groups,
// plus the legacy /watch/ prefix.
import { pageNotFound } from '../machinery/status.js';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';

export interface ResolvedPath {
  strategy: Strategy;
  /** Undefined for cluster-wide requests (cluster-scoped kinds, or all namespaces). */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** True for the deprecated /watch/ path prefix. */
  watchPrefix: boolean;
}

export interface GroupVersion {
  group: string;
  version: string;
  rest: string[];
}

const parsed = new Map<string, GroupVersion | undefined>();

/**
 * Splits /api/v1/x/y or /apis/g/v/x/y into group, version and the remaining segments. Results are
 * memoised per path (a bounded map), since hooks and handlers ask for the same URL several times.
 */
export function splitGroupVersion(url: string): GroupVersion | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const known = parsed.get(path);
  if (known !== undefined || parsed.has(path)) return known;
  const segs = path.split('/').filter((s) => s !== '').map(safeDecode);
  let gv: GroupVersion | undefined;
  if (segs[0] === 'api' && segs.length >= 2) gv = { group: '', version: segs[1], rest: segs.slice(2) };
  else if (segs[0] === 'apis' && segs.length >= 3) gv = { group: segs[1], version: segs[2], rest: segs.slice(3) };
  if (parsed.size > 10000) parsed.clear();
  parsed.set(path, gv);
  return gv;
}

function safeDecode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

const resolvedBy = new WeakMap<Registry, WeakMap<GroupVersion, ResolvedPath>>();

/**
 * resolvePath, remembered per (registry, GroupVersion): the hooks and the handler of one request,
 * and every request to the same path, share one resolution until the registry's kinds change. Only
 * successes are kept; a path that does not resolve throws afresh each time. Callers must not
 * modify the result.
 */
export function resolvePathCached(r: Registry, gv: GroupVersion): ResolvedPath {
  let cache = resolvedBy.get(r);
  if (!cache) {
    cache = new WeakMap();
    resolvedBy.set(r, cache);
    r.onKindsChanged(() => resolvedBy.set(r, new WeakMap()));
  }
  let p = cache.get(gv);
  if (!p) {
    p = Object.freeze(resolvePath(r, gv));
    cache.set(gv, p);
  }
  return p;
}

export function resolvePath(r: Registry, gv: GroupVersion): ResolvedPath {
  let rest = gv.rest;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  const find = (resource: string): Strategy => {
    const s = r.lookup(gv.group, gv.version, resource);
    if (!s) throw pageNotFound();
    return s;
  };
  // namespaces/{name}/status and /finalize are the Namespace object's own subresources.
  const nsKind = r.lookup(gv.group, gv.version, 'namespaces');
  if (rest[0] === 'namespaces' && rest.length === 3 && nsKind && (nsKind.info.subresources ?? []).includes(rest[2]) &&
    !r.lookup(gv.group, gv.version, rest[2])) {
    return { strategy: nsKind, namespace: undefined, name: rest[1], subresource: rest[2], watchPrefix };
  }
  // namespaces/{ns}/{resource}[/{name}[/{sub}]] — except the Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const s = find(rest[2]);
    if (!s.info.namespaced) throw pageNotFound();
    return checkSub(s, { strategy: s, namespace: rest[1], name: rest[3], subresource: rest[4], watchPrefix }, rest.length > 5);
  }
  if (rest.length === 0 || rest.length > 3) throw pageNotFound();
  const s = find(rest[0]);
  return checkSub(s, { strategy: s, namespace: undefined, name: rest[1], subresource: rest[2], watchPrefix }, false);
}

function checkSub(s: Strategy, p: ResolvedPath, extra: boolean): ResolvedPath {
  if (extra) throw pageNotFound();
  if (p.subresource !== undefined && !(s.info.subresources ?? []).includes(p.subresource)) throw pageNotFound();
  if (p.name === '') throw pageNotFound();
  return p;
}
