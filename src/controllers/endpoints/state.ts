// What the Endpoints controller remembers about one Service between syncs: its selected pods and
// what each contributes (one address, ready or not, on a list of ports), with the addresses kept
// sorted as RepackSubsets sorts them. When every contributing pod has the same ports (the usual
// Service), the repacked subsets are one subset of those sorted lists, so a sync costs the pods
// that changed plus building the object it writes, not a re-pack of every pod. Anything else
// (pods with different ports, one address twice) is handed to desiredSubsets() over all pods.
// test/controllers/endpoints/state.test.ts compares both with random changes.
import { computeTriggerTime, computeTriggerTimeChanges, type TriggerTimeState } from '../endpointslice/trigger-time.js';
import type { Pod as SlicePod, Service as SliceService } from '../endpointslice/types.js';
import { endpointPortHash } from './hash.js';
import { desiredSubsets, podAddress } from './planner.js';
import { findPort, isPodReady, selectorMatches, shouldPodBeInEndpoints } from './pods.js';
import { compareEndpointAddresses } from './repack.js';
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service, ServicePort } from './types.js';

interface Contribution {
  address: EndpointAddress;
  ready: boolean;
  /** JSON of the resolved ports; '' for the port-less subset of a headless Service without ports. */
  signature: string;
  ports: EndpointPort[];
}

interface Signature {
  /** The key itself, so contributions with equal ports share one string and one ports list. */
  signature: string;
  ports: EndpointPort[];
  count: number;
}

interface Entry {
  pod: Pod;
  c: Contribution | null;
}

// compareBytes falls back to UTF-8 bytes only for text with surrogate-range characters; IPs and
// UIDs never have them, so their order is plain string order. Remembered per address object.
const NEEDS_UTF8 = /[\uD800-\uFFFF]/;
const plainText = new WeakMap<EndpointAddress, boolean>();

function isPlain(a: EndpointAddress): boolean {
  let p = plainText.get(a);
  if (p === undefined) plainText.set(a, (p = !NEEDS_UTF8.test(a.ip) && !NEEDS_UTF8.test(a.targetRef?.uid ?? '')));
  return p;
}

/** compareEndpointAddresses (by IP bytes, then target UID). */
function compare(a: EndpointAddress, b: EndpointAddress): number {
  if (!isPlain(a) || !isPlain(b)) return compareEndpointAddresses(a, b);
  return comparePlain(a, b);
}

/** compare() for two addresses known to be plain text (no lookup of that per comparison). */
function comparePlain(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  if (!a.targetRef && !b.targetRef) return 0;
  if (!b.targetRef) return 1;
  if (!a.targetRef) return -1;
  const x = a.targetRef.uid ?? '';
  const y = b.targetRef.uid ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

type Compare = (a: EndpointAddress, b: EndpointAddress) => number;

/** Index of `a` in `list` (sorted by compareEndpointAddresses) or where it would go. */
function search(list: readonly EndpointAddress[], a: EndpointAddress, cmp: Compare): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(list[mid], a) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remove(list: EndpointAddress[], a: EndpointAddress, cmp: Compare): void {
  for (let i = search(list, a, cmp); i < list.length && cmp(list[i], a) === 0; i++) {
    if (list[i] === a) {
      list.splice(i, 1);
      return;
    }
  }
}

/**
 * What tells duplicate addresses apart here: the target's uid alone when there is one (a string
 * the pod holds anyway, not a joined one a pod). Repack de-duplicates by IP + uid; a uid seen
 * twice with different IPs is counted as a duplicate too, which only sends the Service to
 * desiredSubsets() (exact, slower). Otherwise IP + uid, joined (a template's cons strings outweigh it).
 */
const addressKey = (a: EndpointAddress) => a.targetRef?.uid || [a.ip, a.targetRef?.uid ?? ''].join('\u0000');

export class EndpointsServiceState {
  private readonly pods = new Map<string, Entry>();
  private readonly ready: EndpointAddress[] = [];
  private readonly notReady: EndpointAddress[] = [];
  /** signature → contributing pods with it. */
  private readonly signatures = new Map<string, Signature>();
  /** address key (see addressKey) → contributing pods with it. */
  private readonly keys = new Map<string, number>();
  /** Resolved port numbers (joined) → the ports and signature they make; null: no port resolves. */
  private readonly resolvedPorts = new Map<string, { signature: string; ports: EndpointPort[] } | null>();
  private duplicates = 0;
  /** Addresses in the lists whose text is not plain (see isPlain): while none is, comparePlain orders them. */
  private unplain = 0;
  private readonly selector: Record<string, string> | undefined;
  private readonly triggerChanges = new Map<string, Pod | undefined>();
  private triggerFull = true;
  /** Counts setPod changes, so a commit can tell whether any came after its snapshot. */
  private triggerVersion = 0;

  /** While the constructor loads the listed pods: append, then sort once. */
  private loading = true;

  constructor(readonly service: Service, pods: Iterable<Pod>) {
    this.selector = service.spec?.selector ?? undefined;
    for (const p of pods) this.setPod(p.metadata.name ?? '', p);
    this.loading = false;
    this.ready.sort(this.order(true));
    this.notReady.sort(this.order(true));
    // The first trigger time looks at every pod anyway.
    this.triggerChanges.clear();
  }

  /** The current version of a pod (undefined: deleted or no longer selected). */
  setPod(name: string, pod: Pod | undefined): void {
    if (pod && !this.selects(pod)) pod = undefined;
    const old = this.pods.get(name);
    if (old?.pod === pod) return;
    this.triggerChanges.set(name, pod);
    this.triggerVersion++;
    if (old?.c) this.retract(old.c);
    if (!pod) {
      this.pods.delete(name);
      return;
    }
    const entry: Entry = { pod, c: this.contribution(pod) };
    this.pods.set(name, entry);
    if (entry.c) this.add(entry.c);
  }

  /**
   * desiredSubsets(service, <the pods set>). The address objects may be shared with this state:
   * never hand the result to anything that mutates or freezes it (copy it first).
   */
  subsets(): EndpointSubset[] {
    if (this.signatures.size === 0) return [];
    const [[signature, { ports }]] = this.signatures;
    if (this.signatures.size > 1 || this.duplicates > 0 || signature.startsWith('!')) return desiredSubsets(this.service, this.podsByName());
    // The addresses are the remembered objects, not copies: the controller writes a copy.
    const subset: EndpointSubset = {};
    if (this.ready.length) subset.addresses = this.ready.slice();
    if (this.notReady.length) subset.notReadyAddresses = this.notReady.slice();
    if (signature !== '') subset.ports = ports.map((p) => ({ ...p }));
    return [subset];
  }

  allPods(): Pod[] {
    return [...this.pods.values()].map((e) => e.pod);
  }

  /** As ServiceEndpointState.triggerTimeChanges (the EndpointSlice controller's twin). */
  triggerTimeFor(previous: TriggerTimeState | undefined): { triggerTime: string | null; commit: () => TriggerTimeState } {
    const names: string[] = [];
    const pods: SlicePod[] = [];
    for (const [name, pod] of this.triggerChanges) {
      names.push(name);
      pods.push(pod as SlicePod);
    }
    const version = this.triggerVersion;
    const done = () => {
      this.triggerFull = false;
      // Nothing set since the snapshot: it was all of them.
      if (version === this.triggerVersion) this.triggerChanges.clear();
      else for (let i = 0; i < names.length; i++) if (this.triggerChanges.get(names[i]) === pods[i]) this.triggerChanges.delete(names[i]);
    };
    const svc = this.service as SliceService;
    if (previous && !this.triggerFull) {
      const r = computeTriggerTimeChanges(previous, svc, { names, pods });
      return { triggerTime: r.triggerTime, commit: () => { done(); return r.commit(); } };
    }
    const r = computeTriggerTime(previous, svc, this.allPods() as SlicePod[]);
    return { triggerTime: r.triggerTime, commit: () => { done(); return r.state; } };
  }

  private selects(pod: Pod): boolean {
    return (pod.metadata.namespace ?? '') === (this.service.metadata.namespace ?? '') &&
      this.selector !== undefined && Object.keys(this.selector).length > 0 && selectorMatches(this.selector, pod.metadata.labels);
  }

  /** In list order (by name), as the controller used to hand them to desiredSubsets. */
  private podsByName(): Pod[] {
    return [...this.pods.keys()].sort().map((n) => this.pods.get(n)!.pod);
  }

  /** What desiredSubsets takes from one pod before repacking. */
  private contribution(pod: Pod): Contribution | null {
    const service = this.service;
    const publishNotReady = Boolean(service.spec?.publishNotReadyAddresses);
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) return null;
    const address = podAddress(service, pod);
    if (!address) return null;
    const ready = publishNotReady || isPodReady(pod);
    const servicePorts = service.spec?.ports ?? [];
    if (servicePorts.length === 0) return service.spec?.clusterIP === 'None' ? { address, ready, signature: '', ports: [] } : null;
    // Pods of a Service mostly resolve their ports alike: the ports and their signature are made
    // once per distinct list of resolved numbers (the Service's ports are fixed for this state).
    let resolvedKey = '';
    for (let i = 0; i < servicePorts.length; i++) {
      const port: unknown = findPort(pod, servicePorts[i]);
      const text = port === undefined ? '-' : typeof port === 'number' ? String(port) : `s${JSON.stringify(port)}`;
      resolvedKey += i === 0 ? text : `,${text}`;
    }
    let hit = this.resolvedPorts.get(resolvedKey);
    if (hit === undefined) {
      hit = this.portsSignature(pod, servicePorts);
      this.resolvedPorts.set(resolvedKey, hit);
    }
    if (hit === null) return null;
    // Most pods of a Service resolve the same ports: keep the remembered string and list, not a
    // copy per pod (add() reads `ports` only for a signature it has not seen).
    const known = this.signatures.get(hit.signature);
    return known ? { address, ready, signature: known.signature, ports: known.ports } : { address, ready, signature: hit.signature, ports: hit.ports };
  }

  /** The resolved ports of `pod` and their signature; null when none resolves. */
  private portsSignature(pod: Pod, servicePorts: readonly ServicePort[]): { signature: string; ports: EndpointPort[] } | null {
    const ports: EndpointPort[] = [];
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    if (ports.length === 0) return null;
    // RepackSubsets reads a port number <= 0 as "no port": leave such pods to desiredSubsets().
    const odd = ports.some((p) => !(p.port > 0));
    return { signature: `${odd ? '!' : ''}${JSON.stringify(ports)}`, ports };
  }

  /** The order to place `a` with: comparePlain while every address involved is plain text. */
  private order(plain: boolean): Compare {
    return plain && this.unplain === 0 ? comparePlain : compare;
  }

  private add(c: Contribution): void {
    const list = c.ready ? this.ready : this.notReady;
    const plain = isPlain(c.address);
    if (!plain) this.unplain++;
    if (this.loading) list.push(c.address);
    else list.splice(search(list, c.address, this.order(plain)), 0, c.address);
    const sig = this.signatures.get(c.signature);
    if (sig) sig.count++;
    else this.signatures.set(c.signature, { signature: c.signature, ports: sortPorts(c.ports), count: 1 });
    const k = addressKey(c.address);
    const n = (this.keys.get(k) ?? 0) + 1;
    this.keys.set(k, n);
    if (n > 1) this.duplicates++;
  }

  private retract(c: Contribution): void {
    const list = c.ready ? this.ready : this.notReady;
    const plain = isPlain(c.address);
    if (this.loading) list.splice(list.indexOf(c.address), 1);
    else remove(list, c.address, this.order(plain));
    if (!plain) this.unplain--;
    const sig = this.signatures.get(c.signature)!;
    if (--sig.count === 0) this.signatures.delete(c.signature);
    const k = addressKey(c.address);
    const n = this.keys.get(k)! - 1;
    if (n > 0) this.duplicates--;
    if (n === 0) this.keys.delete(k);
    else this.keys.set(k, n);
  }
}

/** Ports in the order sortSubsets gives them (by the MD5 of their dump). */
function sortPorts(ports: readonly EndpointPort[]): EndpointPort[] {
  return ports.map((p) => ({ p, h: endpointPortHash(p) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0)).map((k) => k.p);
}
