// RepackSubsets (spec §7.3, upstream pkg/api/v1/endpoints): expand subsets to (address, port,
// ready) triples and pack them back so every distinct set of addresses appears exactly once,
// carrying the union of its ports. Both the Endpoints controller and the mirroring controller
// canonicalise with it, and comparisons rely on the resulting order.
import { endpointPortHash, endpointSubsetHash } from './hash.js';
import type { EndpointAddress, EndpointPort, EndpointSubset } from './types.js';

const NEEDS_UTF8 = /[\uD800-\uFFFF]/;

/** Go's bytes.Compare on UTF-8 text. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code unit order equals UTF-8 byte order below the surrogate range (IPs, UIDs).
  if (!NEEDS_UTF8.test(a) && !NEEDS_UTF8.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** LessEndpointAddress: by IP bytes, then target UID (an address without targetRef sorts first). */
export function compareEndpointAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const byIP = compareBytes(a.ip, b.ip);
  if (byIP !== 0) return byIP;
  if (!a.targetRef && !b.targetRef) return 0;
  if (!b.targetRef) return 1;
  if (!a.targetRef) return -1;
  return compareBytes(a.targetRef.uid ?? '', b.targetRef.uid ?? '');
}

/** Addresses are de-duplicated by IP + targetRef UID; the first occurrence's fields are kept. */
const addressKey = (a: EndpointAddress) => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;

/** Go uses the EndpointPort struct itself as a map key, i.e. equality of all four fields. */
const portKey = (p: EndpointPort) => JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null]);

/** Stands in for "no ports" so port-less subsets (headless Services) are not dropped. */
const SENTINEL: EndpointPort = { port: -1 };

function copyAddress(a: EndpointAddress): EndpointAddress {
  const out: EndpointAddress = { ...a };
  if (a.targetRef) out.targetRef = { ...a.targetRef };
  return out;
}

type ReadyByAddress = Map<string, boolean>;

interface Expanded {
  addresses: Map<string, EndpointAddress>;
  byPort: Map<string, { port: EndpointPort; ready: ReadyByAddress }>;
}

function expand(subsets: EndpointSubset[]): Expanded {
  const addresses = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port: EndpointPort; ready: ReadyByAddress }>();
  const add = (addr: EndpointAddress, port: EndpointPort, ready: boolean) => {
    const key = addressKey(addr);
    if (!addresses.has(key)) addresses.set(key, copyAddress(addr));
    const pk = portKey(port);
    let entry = byPort.get(pk);
    if (!entry) byPort.set(pk, (entry = { port: { ...port }, ready: new Map() }));
    // Not ready always trumps ready for the same address and port.
    if (entry.ready.get(key) !== false) entry.ready.set(key, ready);
  };
  for (const subset of subsets) {
    const ports = subset.ports && subset.ports.length > 0 ? subset.ports : [SENTINEL];
    for (const port of ports) {
      for (const a of subset.addresses ?? []) add(a, port, true);
      for (const a of subset.notReadyAddresses ?? []) add(a, port, false);
    }
  }
  return { addresses, byPort };
}

/** Identity of an address set: its (address, ready) pairs in a fixed order. */
function addressSetKey(ready: ReadyByAddress): string {
  return [...ready.entries()]
    .map(([k, r]) => `${k}\u0000${r ? 1 : 0}`)
    .sort()
    .join('\n');
}

export function repackSubsets(subsets: EndpointSubset[] | undefined | null): EndpointSubset[] {
  const { addresses, byPort } = expand(subsets ?? []);
  const groups = new Map<string, { ready: ReadyByAddress; ports: EndpointPort[] | undefined }>();
  for (const { port, ready } of byPort.values()) {
    const key = addressSetKey(ready);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ready, ports: undefined }));
    // Upstream treats any port number ≤ 0 as the sentinel.
    if (port.port > 0) (group.ports ??= []).push(port);
  }
  const final: EndpointSubset[] = [];
  for (const { ready, ports } of groups.values()) {
    const subset: EndpointSubset = {};
    for (const [key, isReady] of ready) {
      const list = isReady ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
      list.push(copyAddress(addresses.get(key)!));
    }
    if (ports) subset.ports = ports;
    final.push(subset);
  }
  return sortSubsets(final);
}

/** SortSubsets: addresses by IP then UID, ports and subsets by the MD5 of their Go dump. Sorts in place. */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const s of subsets) {
    s.addresses?.sort(compareEndpointAddresses);
    s.notReadyAddresses?.sort(compareEndpointAddresses);
    if (s.ports) sortByHash(s.ports, endpointPortHash);
  }
  return sortByHash(subsets, endpointSubsetHash);
}

function sortByHash<T>(items: T[], hash: (x: T) => string): T[] {
  const keyed = items.map((item) => ({ item, h: hash(item) }));
  keyed.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  keyed.forEach((k, i) => (items[i] = k.item));
  return items;
}
