// The built-in kind list as tests see it: a registry over an empty store with every built-in kind
// registered, so machinery tests read a kind's patch metadata and protobuf message from its
// definition, exactly as the server does.
import { allKinds } from '../../src/registry/kinds/index.js';
import { ServiceIPAllocator } from '../../src/registry/kinds/service-alloc.js';
import { Registry } from '../../src/registry/registry.js';
import { loadOpenAPI, type OpenAPIDocs } from '../../src/registry/schema.js';
import { Store } from '../../src/storage/store.js';
import { FakeClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import type { PatchTypeInfo } from '../../src/machinery/patch/meta.js';
import {
  apply as rawApply, updateManagedFields as rawUpdate, type ApplyOptions, type ManagedResult, type UpdateManagedFieldsOptions,
} from '../../src/machinery/patch/index.js';
import type { KObject } from '../../src/machinery/types.js';
import {
  decodeProtobufObject as decodeWith, encodeProtobufObject as encodeWith,
} from '../../src/http/protobuf.js';

export interface BuiltinRegistryOptions {
  clock?: FakeClock;
  random?: SeededRandom;
  /** Check writes against the OpenAPI schemas, as buildApp does (loaded once, on first use). */
  validate?: boolean;
}

let openapi: OpenAPIDocs | undefined;

/** Every built-in kind registered over a fresh store (Service IPs from 10.96.0.0/16), no HTTP, no controllers. */
export function builtinRegistry(o: BuiltinRegistryOptions = {}): Registry {
  const store = new Store({});
  const random = o.random ?? new SeededRandom(1);
  const docs = o.validate ? (openapi ??= loadOpenAPI()) : undefined;
  const r = new Registry(store, {
    clock: o.clock ?? new FakeClock(), random, ...(docs ? { validatorFor: (v: string, k: string) => docs.validator(v, k) } : {}),
  });
  const alloc = new ServiceIPAllocator(store, { serviceCIDRs: ['10.96.0.0/16'], nodePortRange: [30000, 32767], random });
  for (const k of allKinds(alloc)) r.register(k);
  return r;
}

const builtin = builtinRegistry();

/** The patch metadata of a built-in kind, by apiVersion and kind (undefined for unknown kinds). */
export function patchTypeOf(apiVersion: string, kind: string): PatchTypeInfo | undefined {
  return builtin.lookupKind(apiVersion, kind)?.patch;
}

/** The strategic merge patch schema of a built-in kind. */
export function smpSchemaOf(apiVersion: string, kind: string) {
  return patchTypeOf(apiVersion, kind)?.schema;
}

export function decodeProtobufObject(body: Buffer, expectedKind?: string): Record<string, unknown> {
  return decodeWith(body, builtin.protobufMessages, expectedKind);
}

export function encodeProtobufObject(obj: Record<string, unknown>): Buffer {
  return encodeWith(obj, builtin.protobufMessages);
}

/**
 * apply and updateManagedFields with the patch metadata of the body's kind filled in from its
 * definition, as the registry does for every write.
 */
export function apply<T extends KObject = KObject>(live: KObject | undefined, applied: unknown, opts: ApplyOptions): ManagedResult<T> {
  const kind = String((applied as { kind?: unknown } | null)?.kind ?? live?.kind ?? '');
  return rawApply<T>(live, applied, { type: patchTypeOf(opts.apiVersion, kind), ...opts });
}

export function updateManagedFields<T extends KObject>(old: KObject | undefined, updated: T,
  opts: UpdateManagedFieldsOptions): ManagedResult<T> {
  return rawUpdate(old, updated, { type: patchTypeOf(opts.apiVersion, String(updated.kind ?? old?.kind ?? '')), ...opts });
}
