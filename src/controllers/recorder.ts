// Records core/v1 Events the way client-go's event recorder does: one Event per (object, reason,
// message, source), later occurrences bump count and lastTimestamp instead of creating new ones.
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import { rfc3339 } from '../util/clock.js';

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

export class EventRecorder {
  private seen = new Map<string, string>();

  constructor(private readonly r: Registry, private readonly source: EventSource) {}

  record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
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
      const involvedObject: Record<string, unknown> = {
        kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: obj.apiVersion,
        resourceVersion: m.resourceVersion,
      };
      if (fieldPath) involvedObject.fieldPath = fieldPath;
      if (!m.namespace) delete involvedObject.namespace;
      const ev: KObject = {
        metadata: { name, namespace: ns },
        involvedObject, reason, message, type,
        source: this.source.host ? { component: this.source.component, host: this.source.host } : { component: this.source.component },
        firstTimestamp: now, lastTimestamp: now, count: 1, eventTime: null,
        reportingComponent: this.source.component, reportingInstance: this.source.host ?? '',
      };
      this.r.create(events, ns, ev);
      this.seen.set(key, name);
      if (this.seen.size > 10000) this.seen.delete(this.seen.keys().next().value as string);
    } catch {
      // Events are best effort, as in client-go: a failed event never fails the caller.
    }
  }
}
