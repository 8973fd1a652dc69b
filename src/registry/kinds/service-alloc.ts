// ClusterIP and NodePort allocation, done by the apiserver's service storage on the write itself.
// IP family defaults follow a dual-stack cluster: SingleStack services get the primary family,
// headless services without a selector default to RequireDualStack.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import {
  cidrContains, cidrSize, formatIP, nthAddress, parseCIDR, parseIP, type CIDR,
} from '../../machinery/validation.js';
import type { Store } from '../../storage/store.js';
import type { Random } from '../../util/random.js';
import { arr } from './common.js';

export interface ServiceAllocator {
  /** Fills clusterIP(s), ipFamilies, ipFamilyPolicy and nodePorts; returns errors when it cannot. */
  allocate(svc: KObject, old: KObject | undefined): FieldError[];
}

type Family = 'IPv4' | 'IPv6';

export interface AllocatorOptions {
  serviceCIDRs: string[];
  nodePortRange: [number, number];
  random: Random;
}

export class ServiceIPAllocator implements ServiceAllocator {
  private cidrs = new Map<Family, CIDR>();
  private primary: Family;
  private used = new Set<string>();
  private usedPorts = new Set<number>();
  private seeded = false;
  /** Taken by the allocation in progress; only stored services hold addresses for good. */
  private pendingIPs = new Set<string>();
  private pendingPorts = new Set<number>();

  constructor(private readonly store: Store, private readonly opts: AllocatorOptions) {
    for (const c of opts.serviceCIDRs) {
      const cidr = parseCIDR(c);
      if (!cidr) throw new Error(`invalid service CIDR ${c}`);
      this.cidrs.set(cidr.family === 4 ? 'IPv4' : 'IPv6', cidr);
    }
    this.primary = parseCIDR(opts.serviceCIDRs[0])!.family === 4 ? 'IPv4' : 'IPv6';
    // Released on delete, taken on every stored version: the store is the source of truth.
    store.subscribe('services', (ev) => {
      if (ev.prev) this.release(ev.prev.obj);
      if (ev.type !== 'DELETED') this.take(ev.object.obj);
    });
  }

  get dualStack(): boolean {
    return this.cidrs.size === 2;
  }

  private seed(): void {
    if (this.seeded) return;
    this.seeded = true;
    for (const s of this.store.list('services')) this.take(s.obj);
  }

  private take(o: KObject): void {
    const spec = (o.spec ?? {}) as Record<string, any>;
    for (const ip of arr(spec.clusterIPs)) if (ip !== 'None') this.used.add(ip);
    for (const p of arr(spec.ports)) if (p.nodePort) this.usedPorts.add(p.nodePort);
    if (spec.healthCheckNodePort) this.usedPorts.add(spec.healthCheckNodePort);
  }

  private release(o: KObject): void {
    const spec = (o.spec ?? {}) as Record<string, any>;
    for (const ip of arr(spec.clusterIPs)) this.used.delete(ip);
    for (const p of arr(spec.ports)) if (p.nodePort) this.usedPorts.delete(p.nodePort);
    if (spec.healthCheckNodePort) this.usedPorts.delete(spec.healthCheckNodePort);
  }

  private families(spec: Record<string, any>, hasSelector: boolean): { families: Family[]; policy: string } | FieldError {
    const headless = spec.clusterIP === 'None';
    let policy: string = spec.ipFamilyPolicy ?? '';
    let families = arr(spec.ipFamilies) as Family[];
    if (!policy) {
      if (families.length === 2) policy = 'RequireDualStack';
      else if (headless && !hasSelector && this.dualStack) policy = 'RequireDualStack';
      else policy = 'SingleStack';
    }
    if (policy === 'RequireDualStack' && !this.dualStack) {
      return fieldError.invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services');
    }
    for (const f of families) {
      if (!this.cidrs.has(f)) return fieldError.invalid('spec.ipFamilies', f, 'not configured on this cluster');
    }
    if (families.length === 0) {
      const fromIP = spec.clusterIP && spec.clusterIP !== 'None' ? parseIP(spec.clusterIP) : undefined;
      families = [fromIP ? (fromIP.family === 4 ? 'IPv4' : 'IPv6') : this.primary];
    }
    if (policy !== 'SingleStack' && this.dualStack && families.length === 1) {
      families = [families[0], families[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
    }
    if (policy === 'SingleStack' && families.length > 1) {
      return fieldError.invalid('spec.ipFamilies', families, 'when spec.ipFamilyPolicy is SingleStack, ipFamilies may contain exactly one family');
    }
    return { families, policy };
  }

  allocate(svc: KObject, old: KObject | undefined): FieldError[] {
    this.seed();
    this.pendingIPs.clear();
    this.pendingPorts.clear();
    const spec = (svc.spec ??= {}) as Record<string, any>;
    if (spec.type === 'ExternalName') {
      for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) delete spec[k];
      return [];
    }
    const hasSelector = Object.keys(spec.selector ?? {}).length > 0;
    const fam = this.families(spec, hasSelector);
    if ('type' in fam) return [fam];
    spec.ipFamilyPolicy = fam.policy;
    spec.ipFamilies = fam.families;
    const errs = spec.clusterIP === 'None' ? this.headless(spec) : this.clusterIPs(spec, old);
    if (errs.length) return errs;
    return this.nodePorts(spec);
  }

  private headless(spec: Record<string, any>): FieldError[] {
    spec.clusterIPs = ['None'];
    return [];
  }

  private clusterIPs(spec: Record<string, any>, old: KObject | undefined): FieldError[] {
    const oldIPs = arr((old?.spec as Record<string, any> | undefined)?.clusterIPs);
    const wanted: string[] = arr(spec.clusterIPs).length ? [...spec.clusterIPs] : spec.clusterIP ? [spec.clusterIP] : [];
    const out: string[] = [];
    for (let i = 0; i < spec.ipFamilies.length; i++) {
      const family = spec.ipFamilies[i] as Family;
      const cidr = this.cidrs.get(family)!;
      const asked = wanted[i];
      if (asked) {
        if (!cidrContains(cidr, asked)) {
          return [fieldError.invalid(`spec.clusterIPs[${i}]`, asked, `failed to allocate IP ${asked}: the provided IP (${asked}) is not in the valid range. The range of valid IPs is ${this.opts.serviceCIDRs.find((c) => parseCIDR(c)?.family === cidr.family)}`)];
        }
        if (this.used.has(asked) && !oldIPs.includes(asked)) {
          return [fieldError.invalid(`spec.clusterIPs[${i}]`, asked, `failed to allocate IP ${asked}: provided IP is already allocated`)];
        }
        out.push(asked);
      } else {
        const ip = this.next(cidr);
        if (!ip) return [fieldError.invalid(`spec.clusterIPs[${i}]`, '', `failed to allocate a serviceIP: range is full`)];
        out.push(ip);
      }
    }
    spec.clusterIPs = out;
    spec.clusterIP = out[0];
    return [];
  }

  /** A random free address, skipping the network address (and the broadcast for IPv4), like the bitmap allocator. */
  private next(cidr: CIDR): string | undefined {
    const size = cidrSize(cidr);
    const span = size > 1n << 20n ? 1n << 20n : size;
    const usable = span - 2n;
    if (usable <= 0n) return undefined;
    const start = BigInt(this.opts.random.int(Number(usable)));
    for (let k = 0n; k < usable; k++) {
      const ip = formatIP(nthAddress(cidr, 1n + ((start + k) % usable)));
      if (!this.used.has(ip) && !this.pendingIPs.has(ip)) {
        this.pendingIPs.add(ip);
        return ip;
      }
    }
    return undefined;
  }

  private nodePorts(spec: Record<string, any>): FieldError[] {
    const wantsNodePorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
    const [lo, hi] = this.opts.nodePortRange;
    const errs: FieldError[] = [];
    arr(spec.ports).forEach((p, i) => {
      if (!wantsNodePorts) return;
      if (p.nodePort) {
        if (p.nodePort < lo || p.nodePort > hi) {
          errs.push(fieldError.invalid(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`));
        }
        return;
      }
      const port = this.nextPort(lo, hi);
      if (port === undefined) errs.push(fieldError.invalid(`spec.ports[${i}].nodePort`, 0, 'range is full'));
      else p.nodePort = port;
    });
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
      spec.healthCheckNodePort = this.nextPort(lo, hi);
    }
    return errs;
  }

  private nextPort(lo: number, hi: number): number | undefined {
    const n = hi - lo + 1;
    const start = this.opts.random.int(n);
    for (let k = 0; k < n; k++) {
      const port = lo + ((start + k) % n);
      if (!this.usedPorts.has(port) && !this.pendingPorts.has(port)) {
        this.pendingPorts.add(port);
        return port;
      }
    }
    return undefined;
  }
}

export function firstServiceIP(cidr: string): string {
  const c = parseCIDR(cidr);
  if (!c) throw new Error(`invalid CIDR ${cidr}`);
  return formatIP(nthAddress(c, 1));
}
