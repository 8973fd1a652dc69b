// Fault rules: what to match (verb, resource, namespace, name), how often (probability, count)
// and what to do (a Status error, latency, cutting or expiring watches, expiring continue tokens).
// Rules come from --fault "k=v,k=v", from --faults-file (JSON or YAML) and from the admin API;
// all three go through normalizeRule so they accept the same fields.
import { parse as parseYAML } from 'yaml';
import { isObject } from '../machinery/types.js';

export const FAULT_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
export type FaultVerb = (typeof FAULT_VERBS)[number];

export interface FaultRule {
  /** Verbs the rule applies to; every verb when absent. */
  verbs?: FaultVerb[];
  /** "pods", "pods/status", or "endpointslices.discovery.k8s.io"; every resource when absent. */
  resource?: string;
  namespace?: string;
  name?: string;
  /** Chance that a matching request is hit (default 1). Draws come from the seeded random source. */
  probability?: number;
  /** Hit at most this many requests, then stay inert (default: no limit). */
  count?: number;
  /** Answer with this HTTP status as a Kubernetes Status (409, 429, 500, 503, 504, any 4xx/5xx). */
  status?: number;
  message?: string;
  /** Retry-After for 429/503 (429 defaults to 1 second). */
  retryAfterSeconds?: number;
  /** Delay before the request is handled. */
  latencyMs?: number;
  /** Watch: end the stream cleanly after this many events. */
  closeWatchAfter?: number;
  /** Watch: send a 410 Expired ERROR event after this many events (0: at once) and end the stream. */
  expireWatchAfter?: number;
  /** List: answer requests carrying a continue token with 410 Expired. */
  expireContinue?: boolean;
}

export class FaultRuleError extends Error {}

/** Accepted spellings: the canonical field names plus short aliases used on the command line. */
const ALIASES: Record<string, keyof FaultRule> = {
  verb: 'verbs', verbs: 'verbs', resource: 'resource', namespace: 'namespace', ns: 'namespace', name: 'name',
  probability: 'probability', p: 'probability', count: 'count', times: 'count', status: 'status', code: 'status',
  message: 'message', retryAfter: 'retryAfterSeconds', retryAfterSeconds: 'retryAfterSeconds',
  latency: 'latencyMs', latencyMs: 'latencyMs', delay: 'latencyMs',
  closeWatchAfter: 'closeWatchAfter', expireWatchAfter: 'expireWatchAfter', expireContinue: 'expireContinue',
};

function nonNegativeInt(field: string, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new FaultRuleError(`${field} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

function milliseconds(v: unknown): number {
  if (typeof v === 'number' || /^\d+$/.test(String(v))) return nonNegativeInt('latency', v);
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(v).trim());
  if (!m) throw new FaultRuleError(`latency must be milliseconds or a duration like 250ms or 2s, got ${JSON.stringify(v)}`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm']);
}

function verbs(v: unknown): FaultVerb[] {
  const list = Array.isArray(v) ? v.map(String) : String(v).split(/[|;\s]+/).filter(Boolean);
  for (const x of list) {
    if (!(FAULT_VERBS as readonly string[]).includes(x)) throw new FaultRuleError(`unknown verb ${JSON.stringify(x)} (one of ${FAULT_VERBS.join(', ')})`);
  }
  return list as FaultVerb[];
}

function bool(field: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '') return true;
  if (v === 'false') return false;
  throw new FaultRuleError(`${field} must be true or false, got ${JSON.stringify(v)}`);
}

function setField(r: FaultRule, field: keyof FaultRule, v: unknown): void {
  switch (field) {
    case 'verbs': r.verbs = verbs(v); break;
    case 'resource': case 'namespace': case 'name': case 'message': r[field] = String(v); break;
    case 'probability': {
      const p = Number(v);
      if (!(p >= 0 && p <= 1)) throw new FaultRuleError(`probability must be between 0 and 1, got ${JSON.stringify(v)}`);
      r.probability = p;
      break;
    }
    case 'status': {
      const c = nonNegativeInt('status', v);
      if (c < 400 || c > 599) throw new FaultRuleError(`status must be an HTTP error code (400-599), got ${c}`);
      r.status = c;
      break;
    }
    case 'latencyMs': r.latencyMs = milliseconds(v); break;
    case 'expireContinue': r.expireContinue = bool(field, v); break;
    default: r[field] = nonNegativeInt(field, v);
  }
}

/** Checks a rule's fields and their combination; returns a clean copy. */
export function normalizeRule(input: unknown): FaultRule {
  if (!isObject(input)) throw new FaultRuleError('a fault rule must be an object');
  const r: FaultRule = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'id' || k === 'fired') continue;
    const field = ALIASES[k];
    if (!field) throw new FaultRuleError(`unknown fault rule field ${JSON.stringify(k)}`);
    if (v !== undefined && v !== null) setField(r, field, v);
  }
  const watchAction = r.closeWatchAfter !== undefined || r.expireWatchAfter !== undefined;
  const actions = [r.status !== undefined, watchAction, r.expireContinue === true].filter(Boolean).length;
  if (actions === 0 && r.latencyMs === undefined) {
    throw new FaultRuleError('a fault rule needs an action: status, latency, closeWatchAfter, expireWatchAfter or expireContinue');
  }
  if (actions > 1) throw new FaultRuleError('status, closeWatchAfter/expireWatchAfter and expireContinue exclude each other');
  if (r.closeWatchAfter !== undefined && r.expireWatchAfter !== undefined) {
    throw new FaultRuleError('closeWatchAfter and expireWatchAfter exclude each other');
  }
  const onlyVerb = (verb: FaultVerb, what: string) => {
    if (r.verbs && r.verbs.some((v) => v !== verb)) throw new FaultRuleError(`${what} applies to ${verb} only`);
    r.verbs = [verb];
  };
  if (watchAction) onlyVerb('watch', 'closeWatchAfter/expireWatchAfter');
  if (r.expireContinue) onlyVerb('list', 'expireContinue');
  return r;
}

/** `verb=list|watch,resource=pods,status=429,retryAfter=2,count=1` (the --fault syntax). */
export function parseRuleFlag(text: string): FaultRule {
  const obj: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    obj[key] = eq < 0 ? 'true' : part.slice(eq + 1).trim();
  }
  try {
    return normalizeRule(obj);
  } catch (e) {
    throw new FaultRuleError(`--fault ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
}

/** Rules from a document: an array of rules, `{faults: [...]}`, `{items: [...]}`, or one rule. */
export function rulesFromDocument(doc: unknown): FaultRule[] {
  const list = Array.isArray(doc) ? doc
    : isObject(doc) && Array.isArray(doc.faults) ? doc.faults
      : isObject(doc) && Array.isArray(doc.items) ? doc.items
        : [doc];
  return list.map((r, i) => {
    try {
      return normalizeRule(r);
    } catch (e) {
      throw new FaultRuleError(`rule ${i + 1}: ${(e as Error).message}`);
    }
  });
}

/** Parses the text of a --faults-file (JSON or YAML). */
export function parseRulesText(text: string, source = '<faults>'): FaultRule[] {
  let doc: unknown;
  try {
    doc = parseYAML(text);
  } catch (e) {
    throw new FaultRuleError(`${source}: not JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    return rulesFromDocument(doc);
  } catch (e) {
    throw new FaultRuleError(`${source}: ${(e as Error).message}`);
  }
}
