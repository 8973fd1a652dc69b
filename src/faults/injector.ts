// Decides, per API request, which fault rules hit it. Framework-free: the HTTP hook describes the
// request as a RequestInfo and carries out the decision. Deterministic under a seeded Random:
// probabilities draw from it in rule order, one draw per matching rule.
import {
  conflict, expired, internalError, notFound, serviceUnavailable, statusWithCode, timeout, tooManyRequests,
  type StatusError,
} from '../machinery/status.js';
import type { Random } from '../util/random.js';
import { normalizeRule, type FaultRule, type FaultVerb } from './rules.js';

export interface RequestInfo {
  verb: FaultVerb;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** A list request carrying a continue token. */
  hasContinue: boolean;
}

export interface WatchFault {
  /** Events sent before the stream is cut. */
  after: number;
  /** 'close' ends the stream cleanly; 'expire' sends a 410 Expired ERROR event first. */
  verdict: 'close' | 'expire';
}

export interface FaultDecision {
  latencyMs: number;
  error?: StatusError;
  watch?: WatchFault;
  /** Ids of the rules that hit. */
  hits: string[];
}

/** A rule as installed: an id for the admin API and how many requests it has hit. */
export interface ActiveRule extends FaultRule {
  id: string;
  fired: number;
}

/** The apiserver's message for a continue token whose snapshot is gone (same as registry/list.ts). */
export const EXPIRED_CONTINUE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

function resourceMatches(pattern: string, info: RequestInfo): boolean {
  const [full, sub] = pattern.split('/');
  const dot = full.indexOf('.');
  const resource = dot < 0 ? full : full.slice(0, dot);
  if (resource !== '*' && resource !== info.resource) return false;
  if (dot >= 0 && full.slice(dot + 1) !== info.group) return false;
  // "pods" covers pods and its subresources; "pods/status" only the subresource.
  return sub === undefined || sub === '*' || sub === info.subresource;
}

function matches(r: FaultRule, info: RequestInfo): boolean {
  if (r.verbs && !r.verbs.includes(info.verb)) return false;
  if (r.resource !== undefined && !resourceMatches(r.resource, info)) return false;
  if (r.namespace !== undefined && r.namespace !== (info.namespace ?? '')) return false;
  if (r.name !== undefined && r.name !== info.name) return false;
  if (r.expireContinue && !info.hasContinue) return false;
  return true;
}

/** The Status for a rule's code, worded like the apiserver's own errors of that code. */
export function faultStatus(r: FaultRule, info: RequestInfo): StatusError {
  const name = info.name ?? '';
  const msg = r.message;
  switch (r.status) {
    case 404: return notFound(info.resource, info.group, name);
    case 409: return conflict(info.resource, info.group, name, msg);
    case 410: return expired(msg ?? 'The resourceVersion for the provided list is too old.');
    case 429: return tooManyRequests(msg ?? 'Too many requests, please try again later.', r.retryAfterSeconds ?? 1);
    case 500: return internalError(msg ?? 'injected fault');
    case 503: return r.retryAfterSeconds
      ? statusWithCode(503, 'ServiceUnavailable', msg ?? 'the server is currently unable to handle the request', { retryAfterSeconds: r.retryAfterSeconds })
      : serviceUnavailable(msg ?? 'the server is currently unable to handle the request');
    case 504: return timeout(msg ?? 'request did not complete within requested timeout - context deadline exceeded');
    default: {
      const code = r.status!;
      const details = r.retryAfterSeconds ? { retryAfterSeconds: r.retryAfterSeconds } : undefined;
      return statusWithCode(code, code >= 500 ? 'InternalError' : 'BadRequest', msg ?? `injected fault (HTTP ${code})`, details);
    }
  }
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private watchFaults = new WeakMap<object, WatchFault>();

  constructor(private readonly initial: FaultRule[], private readonly random: Random) {
    this.reset();
  }

  /** The installed rules (copies) with their hit counts. */
  list(): ActiveRule[] {
    return this.rules.map((r) => ({ ...r, verbs: r.verbs && [...r.verbs] }));
  }

  get size(): number {
    return this.rules.length;
  }

  /** Installs a rule (validated like --fault and the admin API); returns it with its id. */
  add(rule: FaultRule): ActiveRule {
    const r: ActiveRule = { id: `f${this.nextId++}`, ...normalizeRule(rule), fired: 0 };
    this.rules.push(r);
    return { ...r };
  }

  remove(id: string): boolean {
    const n = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < n;
  }

  clear(): void {
    this.rules = [];
  }

  /** Back to the rules given at start, with fresh counters. */
  reset(): void {
    this.rules = [];
    this.nextId = 1;
    for (const r of this.initial) this.add(r);
  }

  /**
   * The faults for one request. Latency of every hitting rule adds up; the first rule with an
   * error or a watch action wins and later ones are not consulted for theirs (nor counted).
   */
  decide(info: RequestInfo): FaultDecision | undefined {
    let d: FaultDecision | undefined;
    for (const r of this.rules) {
      const terminal = r.status !== undefined || r.expireContinue === true || r.closeWatchAfter !== undefined || r.expireWatchAfter !== undefined;
      if (terminal && (d?.error || d?.watch) && !r.latencyMs) continue;
      if (!matches(r, info)) continue;
      if (r.count !== undefined && r.fired >= r.count) continue;
      if (r.probability !== undefined && r.probability < 1 && this.random.float() >= r.probability) continue;
      r.fired++;
      d ??= { latencyMs: 0, hits: [] };
      d.hits.push(r.id);
      d.latencyMs += r.latencyMs ?? 0;
      if (!terminal || d.error || d.watch) continue;
      if (r.status !== undefined) d.error = faultStatus(r, info);
      else if (r.expireContinue) d.error = expired(r.message ?? EXPIRED_CONTINUE);
      else if (r.closeWatchAfter !== undefined) d.watch = { after: r.closeWatchAfter, verdict: 'close' };
      else d.watch = { after: r.expireWatchAfter!, verdict: 'expire' };
    }
    return d;
  }

  /** Remembers a watch fault for a request until the watch handler asks for it. */
  holdWatchFault(req: object, f: WatchFault): void {
    this.watchFaults.set(req, f);
  }

  takeWatchFault(req: object): WatchFault | undefined {
    const f = this.watchFaults.get(req);
    this.watchFaults.delete(req);
    return f;
  }
}
