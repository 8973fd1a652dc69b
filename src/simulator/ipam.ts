// Address management: node pod CIDRs carved from the cluster CIDRs (kube-controller-manager's
// node-ipam "range allocator"), and pod IPs handed out from a node's pod CIDRs (a CNI's host-local
// IPAM). One in-use table across all nodes means an address is never held by two pods at once, even
// when user-created nodes carry overlapping CIDRs.
import {
  cidrSize, formatCIDR, formatIP, formatIPv6Bytes, parseCIDR, parseIP, type CIDR, type IPFamily,
} from '../machinery/validation-ip.js';

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const bitsOf = (f: IPFamily): number => (f === 4 ? 32 : 128);

/** Canonical text of an address (so "10.0.0.01" and "10.0.0.1" are one key), or undefined. */
export function canonicalIP(s: string): string | undefined {
  const a = parseIP(s);
  return a ? formatIP(a) : undefined;
}

interface SubnetPool {
  cluster: CIDR;
  mask: number;
  count: number;
  used: Set<number>;
  next: number;
}

/** Hands out one per-node subnet per cluster CIDR (dual-stack: an IPv4 and an IPv6 one). */
export class NodeCIDRAllocator {
  private pools: SubnetPool[];

  constructor(clusterCIDRs: string[], masks: { v4: number; v6: number }) {
    this.pools = clusterCIDRs.map((text) => {
      const cluster = parseCIDR(text);
      if (!cluster) throw new Error(`invalid cluster CIDR ${JSON.stringify(text)}`);
      const mask = cluster.family === 4 ? masks.v4 : masks.v6;
      if (mask < cluster.prefixLength || mask > bitsOf(cluster.family)) {
        throw new Error(`node CIDR mask /${mask} does not fit in cluster CIDR ${text}`);
      }
      // More than 2^16 node subnets is more than any simulated cluster will use.
      const count = Math.min(2 ** Math.min(mask - cluster.prefixLength, 30), 65536);
      return { cluster, mask, count, used: new Set<number>(), next: 0 };
    });
  }

  /** Marks subnets a node already holds (seeded, user-set, or assigned before a restart). */
  occupy(cidrs: readonly string[]): void {
    for (const text of cidrs) for (const [pool, i] of this.indexesOf(text)) pool.used.add(i);
  }

  release(cidrs: readonly string[]): void {
    for (const text of cidrs) for (const [pool, i] of this.indexesOf(text)) pool.used.delete(i);
  }

  clear(): void {
    for (const pool of this.pools) {
      pool.used.clear();
      pool.next = 0;
    }
  }

  /** One free subnet per cluster CIDR, in cluster order; undefined when any family is exhausted. */
  allocate(): string[] | undefined {
    const picks: [SubnetPool, number][] = [];
    for (const pool of this.pools) {
      const i = this.freeIndex(pool);
      if (i === undefined) return undefined;
      picks.push([pool, i]);
    }
    return picks.map(([pool, i]) => {
      pool.used.add(i);
      pool.next = (i + 1) % pool.count;
      return formatCIDR(this.subnet(pool, i));
    });
  }

  private freeIndex(pool: SubnetPool): number | undefined {
    for (let k = 0; k < pool.count; k++) {
      const i = (pool.next + k) % pool.count;
      if (!pool.used.has(i)) return i;
    }
    return undefined;
  }

  private subnet(pool: SubnetPool, i: number): CIDR {
    const shift = BigInt(bitsOf(pool.cluster.family) - pool.mask);
    return { family: pool.cluster.family, base: pool.cluster.base + (BigInt(i) << shift), prefixLength: pool.mask };
  }

  /** The subnet indexes a CIDR overlaps in each pool of its family. */
  private *indexesOf(text: string): Generator<[SubnetPool, number]> {
    const c = parseCIDR(text);
    if (!c) return;
    for (const pool of this.pools) {
      if (pool.cluster.family !== c.family) continue;
      const shift = BigInt(bitsOf(c.family) - pool.mask);
      const lo = c.base;
      const hi = c.base + cidrSize(c) - 1n;
      const clusterHi = pool.cluster.base + cidrSize(pool.cluster) - 1n;
      if (hi < pool.cluster.base || lo > clusterHi) continue;
      const first = Number(((lo > pool.cluster.base ? lo : pool.cluster.base) - pool.cluster.base) >> shift);
      const last = Number(((hi < clusterHi ? hi : clusterHi) - pool.cluster.base) >> shift);
      for (let i = first; i <= Math.min(last, pool.count - 1); i++) yield [pool, i];
    }
  }
}

/** Offsets past this are never handed out: a range this large is never used up. */
const MAX_OFFSET = 2 ** 52;

/**
 * A node pod CIDR's allocation cursor, in plain numbers (offsets from the network address): the
 * network address and the gateway (.1) are skipped, and IPv4 loses its broadcast address too.
 */
interface RangeCursor {
  family: IPFamily;
  /** IPv4: the network address as a number; IPv6: unused (see bytes). */
  base: number;
  /** IPv6: the network address's 16 bytes. */
  bytes: readonly number[];
  first: number;
  last: number;
  next: number;
}

/** The text of the address `off` past the cursor's network address (off < 2^52). */
function addressAt(c: RangeCursor, off: number): string {
  if (c.family === 4) {
    const n = c.base + off;
    return `${Math.floor(n / 16777216) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const b = c.bytes.slice();
  let carry = off;
  for (let i = 15; i >= 0 && carry > 0; i--) {
    const v = b[i] + (carry % 256);
    b[i] = v & 255;
    carry = Math.floor(carry / 256) + (v >> 8);
  }
  return formatIPv6Bytes(b);
}

/**
 * Pod IPs for every node. Like host-local IPAM it allocates round-robin from the last address it
 * gave out, so a released address is reused only after the range wraps (recycled, but not at once).
 */
export class PodIPAM {
  private inUse = new Map<string, string>();
  /** Owner → the addresses it holds: one address as the string itself (most pods), more as a list. */
  private byOwner = new Map<string, string | readonly string[]>();
  private cursors = new Map<string, RangeCursor>();

  private held(owner: string): readonly string[] {
    const h = this.byOwner.get(owner);
    return h === undefined ? [] : typeof h === 'string' ? [h] : h;
  }

  private hold(owner: string, ips: readonly string[]): void {
    if (ips.length) this.byOwner.set(owner, ips.length === 1 ? ips[0] : ips.slice());
  }

  /** Addresses a pod holds, as seen in the store: reserved so they are never handed out again. */
  reserve(owner: string, ips: readonly string[]): void {
    const old = this.held(owner);
    // The addresses it already holds, written as held (canonical): nothing to parse (every status
    // write of a pod comes here with the same podIPs).
    if (sameList(old, ips)) return;
    const canon = ips.map(canonicalIP).filter((x): x is string => x !== undefined);
    if (sameList(old, canon)) return;
    this.release(owner);
    const held: string[] = [];
    for (const ip of canon) {
      // First holder wins: a client may write a duplicate by hand, but it never displaces the owner.
      if (this.inUse.has(ip)) continue;
      this.inUse.set(ip, owner);
      held.push(ip);
    }
    this.hold(owner, held);
  }

  /** reserve() of a pod's status.podIPs: nothing to do (no list made) when it holds just those already. */
  reservePodIPs(owner: string, podIPs: readonly { ip?: unknown }[]): void {
    const held = this.byOwner.get(owner);
    if (held !== undefined && held.length === podIPs.length) {
      let same = true;
      for (let i = 0; i < held.length && same; i++) same = held[i] === String(podIPs[i].ip);
      if (same) return;
    }
    this.reserve(owner, podIPs.map((x) => String(x.ip)));
  }

  release(owner: string): void {
    for (const ip of this.held(owner)) if (this.inUse.get(ip) === owner) this.inUse.delete(ip);
    this.byOwner.delete(owner);
  }

  holderOf(ip: string): string | undefined {
    const c = canonicalIP(ip);
    return c === undefined ? undefined : this.inUse.get(c);
  }

  get size(): number {
    return this.inUse.size;
  }

  clear(): void {
    this.inUse.clear();
    this.byOwner.clear();
    this.cursors.clear();
  }

  /** One address from each of the node's pod CIDRs, in their order; undefined when one is exhausted. */
  allocate(owner: string, podCIDRs: readonly string[]): string[] | undefined {
    const picked: string[] = [];
    for (const text of podCIDRs) {
      const cursor = this.cursor(text);
      const ip = cursor && this.nextFree(cursor);
      if (ip === undefined) {
        for (const p of picked) this.inUse.delete(p);
        return undefined;
      }
      this.inUse.set(ip, owner);
      picked.push(ip);
    }
    this.release(owner);
    for (const p of picked) this.inUse.set(p, owner);
    this.hold(owner, picked);
    return picked;
  }

  private cursor(text: string): RangeCursor | undefined {
    let c = this.cursors.get(text);
    if (c) return c;
    const cidr = parseCIDR(text);
    if (!cidr) return undefined;
    const size = cidrSize(cidr);
    // IPv4 also loses its broadcast address; tiny ranges keep whatever is left.
    const last = cidr.family === 4 && size > 2n ? size - 2n : size - 1n;
    const first = size > 2n ? 2 : 0;
    const bytes: number[] = [];
    for (let i = 0, v = cidr.base; i < 16; i++, v >>= 8n) bytes.unshift(Number(v & 255n));
    c = {
      family: cidr.family, base: cidr.family === 4 ? Number(cidr.base) : 0, bytes,
      first, last: last > BigInt(MAX_OFFSET) ? MAX_OFFSET : Number(last), next: first,
    };
    this.cursors.set(text, c);
    return c;
  }

  private nextFree(c: RangeCursor): string | undefined {
    const span = c.last - c.first + 1;
    // Only held addresses can be skipped, so a free one turns up within inUse+1 steps.
    const tries = Math.min(span, this.inUse.size + 1);
    for (let k = 0; k < tries; k++) {
      const off = c.first + ((c.next - c.first + k) % span);
      const ip = addressAt(c, off);
      if (this.inUse.has(ip)) continue;
      c.next = off + 1 > c.last ? c.first : off + 1;
      return ip;
    }
    return undefined;
  }
}
