// Small helpers shared by kind strategies.
import type { KObject } from '../../machinery/types.js';
import { isObject } from '../../machinery/types.js';

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** A nested object field, created when missing. */
export function obj(o: Record<string, unknown>, key: string): Record<string, any> {
  const v = o[key];
  if (isObject(v)) return v as Record<string, any>;
  const fresh: Record<string, any> = {};
  o[key] = fresh;
  return fresh;
}

export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

export function spec(o: KObject): Record<string, any> {
  return obj(o, 'spec');
}

export function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** Sets a default only when the field is absent (Go defaulting of nil pointers / empty strings). */
export function dflt(o: Record<string, any>, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}
