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

export class EventRecorder {
  private seen = new Map<string, string>();

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
    // One flat string: a template literal leaves a chain of a dozen cons strings (~400 bytes) behind
    // every remembered key, and the kubelets' recorders together remember several keys a pod.
    const key = [obj.kind ?? '', ns, m.name ?? '', m.uid ?? '', reason, message, fieldPath ?? ''].join('\u0000');
    const now = rfc3339(this.r.now());
    const existing = this.seen.get(key);
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
      // Built with their final keys in their final order (the registry then sets apiVersion and
      // kind in place): a key added afterwards moves an object's fields out of line into a second
      // allocation, and there are several Events a pod.
      const ev: KObject = {
        // uid, creationTimestamp (registry) and resourceVersion (store) are set in these places.
        metadata: { name, namespace: ns, uid: '', creationTimestamp: '', resourceVersion: '' },
        involvedObject: involvedObjectOf(obj, fieldPath), reason, message, type,
        source: this.sourceValue,
        firstTimestamp: now, lastTimestamp: now, count: 1, eventTime: null,
        reportingComponent: this.source.component, reportingInstance: this.source.host ?? '',
        apiVersion: 'v1', kind: 'Event',
      };
      this.r.create(events, ns, ev);
      this.seen.set(key, name);
      if (this.seen.size > 10000) this.seen.delete(this.seen.keys().next().value as string);
    } catch {
      // Events are best effort, as in client-go: a failed event never fails the caller.
    }
  }
}
