// EndpointSlice port order and port-map keys (spec §3.4). The controller sorts a slice's ports in
// place by the FNV-1a/128 hash of each port's go-spew dump (discovery/v1 EndpointPort, whose
// fields are all pointers), so that order is what clients see.
import type { EndpointPort } from '../endpoints/types.js';
import type { AddressType, SlicePort } from './types.js';
import { fnv128a } from '../endpointslice/ports.js';

export { fnv128a };

const ptr = (v: string | number | undefined | null) => (v === undefined || v === null ? '<nil>' : String(v));

export function dumpSlicePort(p: SlicePort): string {
  return (
    `(v1.EndpointPort){Name:(*string)${ptr(p.name)} Protocol:(*v1.Protocol)${ptr(p.protocol)} ` +
    `Port:(*int32)${ptr(p.port)} AppProtocol:(*string)${ptr(p.appProtocol)}}`
  );
}

export const slicePortHash = (p: SlicePort) => fnv128a(dumpSlicePort(p));

/** portsInOrder: ascending by hash. Returns a new array. */
export function sortSlicePorts(ports: SlicePort[]): SlicePort[] {
  return ports
    .map((p) => ({ p, h: slicePortHash(p) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .map((x) => x.p);
}

/**
 * epPortsToEpsPorts: Endpoints ports copied field by field (name and protocol always present),
 * then put in hash order as NewPortMapKey leaves them.
 */
export function slicePortsFromEndpointPorts(ports: EndpointPort[] | undefined): SlicePort[] {
  return sortSlicePorts(
    (ports ?? []).map((p) => {
      const out: SlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
      if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
      return out;
    }),
  );
}

/**
 * Key of an (addressType, port list) group. Nil and empty port lists are the same group
 * (issue #133474); only the set of ports matters, not the order they are listed in.
 */
export function addrTypePortMapKey(addressType: AddressType, ports: SlicePort[] | null | undefined): string {
  // The API server defaults name to "" and protocol to TCP; a port missing them is read as such.
  const normalized = (ports ?? []).map((p) => ({ ...p, name: p.name ?? '', protocol: p.protocol ?? 'TCP' }));
  const canonical = sortSlicePorts(normalized).map((p) => [p.name, p.protocol, p.port ?? null, p.appProtocol ?? null]);
  return `${addressType}-${JSON.stringify(canonical)}`;
}
