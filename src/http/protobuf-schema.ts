// The protobuf schema kubesim decodes request bodies with: our own .proto files under proto/, loaded once
// with protobufjs, plus the table of kinds a body may carry. See proto/README.md for the field options.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type protobuf from 'protobufjs';
import { lazyModule } from '../util/lazy.js';

/** protobufjs, loaded with the first protobuf body rather than at start-up. */
const pb = lazyModule<typeof protobuf>('protobufjs');

// src/http and dist/http both sit two levels below the package root, which ships proto/.
const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

const FILES = [
  'k8s.io/apimachinery/pkg/runtime/unknown.proto',
  'k8s.io/api/core/v1/core.proto',
  'k8s.io/api/core/v1/pod.proto',
  'k8s.io/api/core/v1/service.proto',
  'k8s.io/api/core/v1/node.proto',
  'k8s.io/api/discovery/v1/endpointslice.proto',
  'k8s.io/api/events/v1/event.proto',
  'k8s.io/api/coordination/v1/lease.proto',
];

const CORE = 'k8s.io.api.core.v1.';
export const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.';
export const UNKNOWN_TYPE = 'k8s.io.apimachinery.pkg.runtime.Unknown';

/** apiVersion → kind → message type. DeleteOptions is handled apart: every group version registers it. */
const KINDS: Record<string, Record<string, string>> = {
  v1: {
    Namespace: CORE + 'Namespace',
    Pod: CORE + 'Pod',
    Service: CORE + 'Service',
    Endpoints: CORE + 'Endpoints',
    Node: CORE + 'Node',
    Event: CORE + 'Event',
    ConfigMap: CORE + 'ConfigMap',
    Secret: CORE + 'Secret',
    Binding: CORE + 'Binding',
  },
  'discovery.k8s.io/v1': { EndpointSlice: 'k8s.io.api.discovery.v1.EndpointSlice' },
  'events.k8s.io/v1': { Event: 'k8s.io.api.events.v1.Event' },
  'coordination.k8s.io/v1': { Lease: 'k8s.io.api.coordination.v1.Lease' },
};

/** Special messages whose JSON form is not their fields (see proto/README.md). */
export const SPECIAL = {
  time: '.' + META + 'Time',
  microTime: '.' + META + 'MicroTime',
  fieldsV1: '.' + META + 'FieldsV1',
  intOrString: '.k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  quantity: '.k8s.io.apimachinery.pkg.api.resource.Quantity',
} as const;

let cachedRoot: protobuf.Root | undefined;

/** Parses the .proto files on first use; later calls return the same resolved root. */
export function protoRoot(): protobuf.Root {
  if (!cachedRoot) {
    const root = new (pb().Root)();
    root.resolvePath = (_origin, target) => path.resolve(PROTO_DIR, target);
    root.loadSync(FILES, { keepCase: true });
    root.resolveAll();
    cachedRoot = root;
  }
  return cachedRoot;
}

/** A group version as Go's schema.ParseGroupVersion accepts it: `v1` or `group/version`. */
function isGroupVersion(apiVersion: string): boolean {
  return /^([a-z0-9.-]+\/)?[a-z0-9]+$/.test(apiVersion);
}

/** The message type for a body's apiVersion and kind, or undefined when kubesim does not decode it. */
export function messageTypeFor(apiVersion: string, kind: string): protobuf.Type | undefined {
  let name = KINDS[apiVersion]?.[kind];
  if (!name && kind === 'DeleteOptions' && isGroupVersion(apiVersion)) name = META + 'DeleteOptions';
  return name ? protoRoot().lookupType(name) : undefined;
}

/** The apiVersion/kind pairs kubesim decodes (DeleteOptions listed under meta.k8s.io/v1 only). */
export function decodableKinds(): Array<{ apiVersion: string; kind: string }> {
  const out = Object.entries(KINDS).flatMap(([apiVersion, kinds]) =>
    Object.keys(kinds).map((kind) => ({ apiVersion, kind })));
  return [...out, { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' }];
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
