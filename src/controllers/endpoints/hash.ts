// Sort keys for Endpoints subsets and ports. Upstream orders them by the MD5 of a go-spew `%#v`
// dump of the Go struct (hashutil.DeepHashObject), so the externally visible order of
// `subsets` and of each subset's `ports` depends on these exact strings. The layouts below were
// checked against go-spew 1.1.1 output for the core/v1 types (field order as declared in Go).
import { createHash } from 'node:crypto';
import type { EndpointAddress, EndpointPort, EndpointSubset, ObjectReference } from './types.js';

/** A `*string` field: `<nil>` when absent, else the raw value (spew does not quote strings). */
const ptr = (v: string | undefined | null) => (v === undefined || v === null ? '<nil>' : v);

function dumpObjectReference(r: ObjectReference | undefined): string {
  if (!r) return '(*v1.ObjectReference)<nil>';
  return (
    `(*v1.ObjectReference){Kind:(string)${r.kind ?? ''} Namespace:(string)${r.namespace ?? ''} ` +
    `Name:(string)${r.name ?? ''} UID:(types.UID)${r.uid ?? ''} APIVersion:(string)${r.apiVersion ?? ''} ` +
    `ResourceVersion:(string)${r.resourceVersion ?? ''} FieldPath:(string)${r.fieldPath ?? ''}}`
  );
}

/** An EndpointAddress as a slice element: spew omits the element type inside a slice. */
function dumpAddressElement(a: EndpointAddress): string {
  return (
    `{IP:(string)${a.ip} Hostname:(string)${a.hostname ?? ''} NodeName:(*string)${ptr(a.nodeName)} ` +
    `TargetRef:${dumpObjectReference(a.targetRef)}}`
  );
}

function dumpPortFields(p: EndpointPort): string {
  return (
    `{Name:(string)${p.name ?? ''} Port:(int32)${p.port} Protocol:(v1.Protocol)${p.protocol ?? ''} ` +
    `AppProtocol:(*string)${ptr(p.appProtocol)}}`
  );
}

/** A nil Go slice prints `<nil>`; an allocated one `[a b]`. Absent JSON lists are nil. */
function dumpList<T>(type: string, items: T[] | undefined, dumpItem: (x: T) => string): string {
  if (items === undefined || items === null) return `(${type})<nil>`;
  return `(${type})[${items.map(dumpItem).join(' ')}]`;
}

export function dumpEndpointPort(p: EndpointPort): string {
  return `(v1.EndpointPort)${dumpPortFields(p)}`;
}

export function dumpEndpointSubset(s: EndpointSubset): string {
  return (
    `(v1.EndpointSubset){Addresses:${dumpList('[]v1.EndpointAddress', s.addresses, dumpAddressElement)} ` +
    `NotReadyAddresses:${dumpList('[]v1.EndpointAddress', s.notReadyAddresses, dumpAddressElement)} ` +
    `Ports:${dumpList('[]v1.EndpointPort', s.ports, dumpPortFields)}}`
  );
}

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

export const endpointPortHash = (p: EndpointPort) => md5Hex(dumpEndpointPort(p));
export const endpointSubsetHash = (s: EndpointSubset) => md5Hex(dumpEndpointSubset(s));
