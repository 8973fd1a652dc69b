// Records core/v1 Events the way client-go's event recorder does: one Event per (object, reason,
// message, source), later occurrences bump count and lastTimestamp instead of creating new ones.
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import { rfc3339 } from '../util/clock.js';
import { freezeStored } from '../util/copy.js';

export interface EventSource {
  component: string;
  host?: string;
}

let sequence = 0;

const TWO24 = 2 ** 24;

/**
 * Hex of nowMs × 10⁶ + seq (the time in ns with a sequence number in its low digits), without BigInt:
 * the product needs up to 61 bits, so it is carried in two parts of 24 bits and the rest.
 */
export function eventNameSuffix(nowMs: number, seq: number): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) return (BigInt(nowMs) * 1_000_000n + BigInt(seq)).toString(16);
  const hi = Math.floor(nowMs / TWO24);
  const low = (nowMs - hi * TWO24) * 1_000_000 + seq;
  const carry = Math.floor(low / TWO24);
  const high = hi * 1_000_000 + carry;
  const lowBits = (low - carry * TWO24).toString(16);
  return high > 0 ? high.toString(16) + lowBits.padStart(6, '0') : lowBits;
}

/**
 * One flat copy of each recent message and field path, shared by the Events that carry it: the
 * simulator builds them with template literals (a chain of cons strings each), and most repeat
 * for every pod ("Started container app", "spec.containers{app}"). Cleared when full, so a
 * message that never repeats costs one flat string, not its pieces.
 */
const texts = new Map<string, string>();
const MAX_TEXTS = 4096;

function shared(text: string): string {
  let t = texts.get(text);
  if (t === undefined) {
    if (texts.size >= MAX_TEXTS) texts.clear();
    t = flat(text);
    texts.set(t, t);
  }
  return t;
}

/** `s` as a sequential (flat) string, not a rope over the pieces it was built from. */
function flat(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** The Event's reference to `obj`: namespace only when it has one, fieldPath only when given. */
function involvedObjectOf(obj: KObject, fieldPath: string | undefined): Record<string, unknown> {
  const m = obj.metadata;
  const { kind, apiVersion } = obj;
  const { namespace, name, uid, resourceVersion } = m;
  if (namespace) {
    return fieldPath ? { kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath } : { kind, namespace, name, uid, apiVersion, resourceVersion };
  }
  return fieldPath ? { kind, name, uid, apiVersion, resourceVersion, fieldPath } : { kind, name, uid, apiVersion, resourceVersion };
}

/** Whether `ref` is the reference involvedObjectOf(obj, fieldPath) would build, field for field. */
function sameReference(ref: Record<string, unknown>, obj: KObject, fieldPath: string | undefined): boolean {
  const m = obj.metadata;
  return ref.uid === m.uid && ref.resourceVersion === m.resourceVersion && ref.name === m.name && ref.kind === obj.kind
    && ref.apiVersion === obj.apiVersion && ref.namespace === (m.namespace || undefined) && ref.fieldPath === (fieldPath || undefined);
}

/** Slots a remembered Event takes in its object's list (see EventRecorder.seen). */
const REASON = 0, MESSAGE = 1, FIELD = 2, EVENT = 3, SLOTS = 4;
/** The entries before the first Event: the object's kind, namespace and name. */
const HEAD = 3;

/** Where the entry for (reason, message, fieldPath) starts in a remembered list, or -1. */
function findEntry(list: readonly string[], reason: string, message: string, fieldPath: string): number {
  for (let i = HEAD; i < list.length; i += SLOTS) {
    if (list[i + REASON] === reason && list[i + MESSAGE] === message && list[i + FIELD] === fieldPath) return i;
  }
  return -1;
}

/** How many events a recorder remembers for aggregation (its oldest objects' go first). */
const MAX_REMEMBERED = 10000;

export class EventRecorder {
  /**
   * The Events recorded, for aggregation, by their object's uid (a string the object holds
   * anyway): the object's kind, namespace and name (HEAD entries), then per Event its reason,
   * message and fieldPath as recorded and its name (SLOTS entries each), all strings shared with
   * the object and the Event. An object without a uid, or another object under a uid already
   * listed, is listed under the joined kind, namespace, name and uid instead. One short list an
   * object instead of a joined key string an event (~190 bytes each, several a pod).
   */
  private seen = new Map<string, string[]>();
  private remembered = 0;
  /** The last reference built (frozen), reused by the next event about the same object version and field. */
  private lastRef: Record<string, unknown> | undefined;

  /** One frozen `source` shared by every Event this recorder creates (the store keeps frozen values as they are). */
  private readonly sourceValue: { component: string; host?: string };

  constructor(private readonly r: Registry, private readonly source: EventSource) {
    this.sourceValue = freezeStored(source.host ? { component: source.component, host: source.host } : { component: source.component });
  }

  record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    message = shared(message);
    if (fieldPath) fieldPath = shared(fieldPath);
    const m = obj.metadata;
    const ns = m.namespace || 'default';
    const events = this.r.resource('', 'events');
    const kind = obj.kind ?? '';
    const name0 = m.name ?? '';
    let uid = m.uid ?? '';
    let list = uid ? this.seen.get(uid) : undefined;
    if (!uid || (list && (list[0] !== kind || list[1] !== ns || list[2] !== name0))) {
      uid = [kind, ns, name0, uid].join('\u0000');
      list = this.seen.get(uid);
    }
    const fp = fieldPath ?? '';
    const now = rfc3339(this.r.now());
    let existing: string | undefined;
    const at = list ? findEntry(list, reason, message, fp) : -1;
    if (at >= 0) existing = list![at + EVENT];
    try {
      if (existing && this.r.tryGet(events, ns, existing)) {
        this.r.mutate(events, ns, existing, (e) => {
          e.count = Number(e.count ?? 1) + 1;
          e.lastTimestamp = now;
        });
        return;
      }
      // Event names are <object>.<hex of the time in ns>, like client-go's recorder; a sequence
      // number in the low digits keeps same-millisecond events distinct and in order.
      const suffix = eventNameSuffix(this.r.now(), sequence % 1_000_000);
      sequence++;
      const name = [String(m.name), suffix].join('.');
      // The kubelet records several events about one pod version in a row (Pulled, Created,
      // Started): they share one frozen reference.
      let ref = this.lastRef;
      if (!ref || !sameReference(ref, obj, fieldPath)) this.lastRef = ref = Object.freeze(involvedObjectOf(obj, fieldPath));
      // Built with their final keys in their final order (the registry then sets apiVersion and
      // kind in place): a key added afterwards moves an object's fields out of line into a second
      // allocation, and there are several Events a pod.
      const ev: KObject = {
        // uid, creationTimestamp (registry) and resourceVersion (store) are set in these places.
        metadata: { name, namespace: ns, uid: '', creationTimestamp: '', resourceVersion: '' },
        involvedObject: ref, reason, message, type,
        source: this.sourceValue,
        firstTimestamp: now, lastTimestamp: now, count: 1, eventTime: null,
        reportingComponent: this.source.component, reportingInstance: this.source.host ?? '',
        apiVersion: 'v1', kind: 'Event',
      };
      this.r.create(events, ns, ev);
      this.remember(uid, kind, ns, name0, reason, message, fp, name);
    } catch {
      // Events are best effort, as in client-go: a failed event never fails the caller.
    }
  }

  private remember(uid: string, kind: string, ns: string, name: string, reason: string, message: string, fieldPath: string, event: string): void {
    const list = this.seen.get(uid);
    // A new array of the exact size each time (push would leave room to grow in every list). The
    // entry for an Event deleted since is replaced, as the joined key's was.
    if (!list) this.seen.set(uid, [kind, ns, name, reason, message, fieldPath, event]);
    else {
      const at = findEntry(list, reason, message, fieldPath);
      if (at >= 0) {
        const copy = list.slice();
        copy[at + EVENT] = event;
        this.seen.set(uid, copy);
        return;
      }
      this.seen.set(uid, list.concat([reason, message, fieldPath, event]));
    }
    this.remembered++;
    // Bounded like before (client-go keeps an LRU of 4,096 keys): past the bound, the objects
    // remembered longest ago are forgotten, all their events at once.
    while (this.remembered > MAX_REMEMBERED) {
      const [oldest, l] = this.seen.entries().next().value as [string, string[]];
      this.seen.delete(oldest);
      this.remembered -= (l.length - HEAD) / SLOTS;
    }
  }
}
