// Query parameters as the apiserver parses them (Go-style booleans, camelCase names).
import { badRequest, fieldError, invalid } from '../machinery/status.js';
import type { DeleteOptions } from '../registry/strategy.js';
import type { FieldValidation } from '../registry/writes.js';

export type Query = Record<string, string | string[] | undefined>;

export function one(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[0] : v;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

export function bool(q: Query, key: string): boolean | undefined {
  const v = one(q, key);
  if (v === undefined) return undefined;
  if (v === '' ) return true;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw badRequest(`invalid boolean value for ${key}: ${JSON.stringify(v)}`);
}

export function int(q: Query, key: string): number | undefined {
  const v = one(q, key);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${key}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

export function dryRun(q: Query, optionsKind: string): boolean {
  const raw = q.dryRun;
  const vals = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const v of vals) {
    if (v !== 'All') throw invalid(optionsKind, 'meta.k8s.io', '', [fieldError.notSupported('dryRun', v, ['All'])]);
  }
  return vals.length > 0;
}

export function fieldValidation(q: Query): FieldValidation {
  const v = one(q, 'fieldValidation');
  if (v === undefined || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`);
}

/** fieldManager, or the manager derived from the User-Agent like the apiserver does. */
export function fieldManager(q: Query, userAgent: string | undefined, optionsKind: string): string {
  const v = one(q, 'fieldManager');
  if (v !== undefined && v !== '') {
    if (v.length > 128) {
      throw invalid(optionsKind, 'meta.k8s.io', '', [fieldError.tooLong('fieldManager', 128)]);
    }
    return v;
  }
  return (userAgent ?? '').split('/')[0].slice(0, 128);
}

/** DeleteOptions from the body (preferred) merged with query parameters. */
export function deleteOptions(q: Query, body: unknown): DeleteOptions & { dryRunAll: boolean } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, any>;
  if (b.kind !== undefined && b.kind !== 'DeleteOptions') {
    throw badRequest(`${b.kind} in version ${JSON.stringify(b.apiVersion ?? '')} cannot be handled as a DeleteOptions`);
  }
  const opts: DeleteOptions = {};
  const grace = b.gracePeriodSeconds ?? int(q, 'gracePeriodSeconds');
  if (grace !== undefined && grace !== null) {
    if (typeof grace !== 'number') throw badRequest('gracePeriodSeconds must be an integer');
    opts.gracePeriodSeconds = grace;
  }
  const policy = b.propagationPolicy ?? one(q, 'propagationPolicy');
  if (policy !== undefined && policy !== null) {
    if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw invalid('DeleteOptions', 'meta.k8s.io', '', [fieldError.notSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan', 'nil'])]);
    }
    opts.propagationPolicy = policy;
  }
  const orphan = b.orphanDependents ?? bool(q, 'orphanDependents');
  if (typeof orphan === 'boolean') {
    if (opts.propagationPolicy) {
      throw invalid('DeleteOptions', 'meta.k8s.io', '', [fieldError.invalid('propagationPolicy', opts.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set')]);
    }
    opts.orphanDependents = orphan;
  }
  if (b.preconditions) opts.preconditions = b.preconditions;
  const dry = Array.isArray(b.dryRun) ? b.dryRun : [];
  for (const v of dry) if (v !== 'All') throw invalid('DeleteOptions', 'meta.k8s.io', '', [fieldError.notSupported('dryRun', v, ['All'])]);
  return { ...opts, dryRunAll: dry.length > 0 || dryRun(q, 'DeleteOptions') };
}

/** sendInitialEvents only makes sense on watches (ListOptions validation). */
export function rejectSendInitialEventsOnList(): never {
  throw invalid('ListOptions', 'meta.k8s.io', '', [fieldError.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list')]);
}
