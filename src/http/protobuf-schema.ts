// The protobuf schema kubesim decodes request bodies with: our own .proto files under proto/ (every
// file there), loaded once with protobufjs. Which message a kind's body is comes from the kind's
// definition (its `protobuf` field); see proto/README.md for the field options.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type protobuf from 'protobufjs';
import { lazyModule } from '../util/lazy.js';
import { packageDir } from '../util/package-dir.js';

/** protobufjs, loaded with the first protobuf body rather than at start-up. */
const pb = lazyModule<typeof protobuf>('protobufjs');

/** proto/ beside package.json (found from src/, dist/ and the bundled CLI alike), on first use. */
let protoDir: string | undefined;
const PROTO = () => (protoDir ??= packageDir(import.meta.url, 'proto'));

/** Every .proto file under proto/, relative to it, in a stable order. */
function protoFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(PROTO(), rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.proto')) out.push(p);
    }
  };
  walk('');
  return out.sort();
}

export const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.';
export const UNKNOWN_TYPE = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/**
 * The fully-qualified message a body of this apiVersion/kind decodes with, from the served
 * kinds' definitions; undefined when no served kind takes it.
 */
export type MessageLookup = (apiVersion: string, kind: string) => string | undefined;

/** Special messages whose JSON form is not their fields (see proto/README.md). */
export const SPECIAL = {
  time: '.' + META + 'Time',
  microTime: '.' + META + 'MicroTime',
  fieldsV1: '.' + META + 'FieldsV1',
  intOrString: '.k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  quantity: '.k8s.io.apimachinery.pkg.api.resource.Quantity',
  rawExtension: '.k8s.io.apimachinery.pkg.runtime.RawExtension',
} as const;

let cachedRoot: protobuf.Root | undefined;

/** Parses the .proto files on first use; later calls return the same resolved root. */
export function protoRoot(): protobuf.Root {
  if (!cachedRoot) {
    const root = new (pb().Root)();
    root.resolvePath = (_origin, target) => path.resolve(PROTO(), target);
    root.loadSync(protoFiles(), { keepCase: true });
    root.resolveAll();
    cachedRoot = root;
  }
  return cachedRoot;
}

/** A group version as Go's schema.ParseGroupVersion accepts it: `v1` or `group/version`. */
function isGroupVersion(apiVersion: string): boolean {
  return /^([a-z0-9.-]+\/)?[a-z0-9]+$/.test(apiVersion);
}

/**
 * The message type for a body's apiVersion and kind, or undefined when kubesim does not decode it.
 * DeleteOptions is decoded in every group version (each registers it).
 */
export function messageTypeFor(lookup: MessageLookup, apiVersion: string, kind: string): protobuf.Type | undefined {
  let name = lookup(apiVersion, kind);
  if (!name && kind === 'DeleteOptions' && isGroupVersion(apiVersion)) name = META + 'DeleteOptions';
  return name ? protoRoot().lookupType(name) : undefined;
}

/** How a field's Go shape decides its JSON (see proto/README.md). */
export interface FieldShape {
  pointer: boolean;
  always: boolean;
  inline: boolean;
}

export function fieldShape(field: protobuf.FieldBase): FieldShape {
  const o = field.options ?? {};
  return { pointer: o['(go_pointer)'] === true, always: o['(json_always)'] === true, inline: o['(json_inline)'] === true };
}

/** A field's message type, when it has one (map fields: the value's type). */
export function messageOf(field: protobuf.FieldBase): protobuf.Type | undefined {
  return field.resolvedType instanceof pb().Type ? field.resolvedType : undefined;
}
