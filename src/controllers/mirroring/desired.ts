// Desired mirrored state of one Endpoints object (spec §7.1 steps 1–3): repacked subsets become
// (addressType, ports) groups of endpoints, at most maxEndpointsPerSubset addresses per subset.
import { repackSubsets } from '../endpoints/repack.js';
import type { EndpointAddress, Endpoints } from '../endpoints/types.js';
import { addressToEndpoint, EndpointSet } from './endpoints.js';
import { addrTypePortMapKey, slicePortsFromEndpointPorts } from './ports.js';
import type { AddressType, SlicePort } from './types.js';

export interface DesiredGroup {
  key: string;
  addressType: AddressType;
  ports: SlicePort[];
  endpoints: EndpointSet;
}

export interface DesiredState {
  /** Every subset registers both an IPv4 and an IPv6 group, possibly empty. */
  groups: Map<string, DesiredGroup>;
  /** Addresses whose IP did not parse (among those looked at before the per-subset limit hit). */
  invalidAddresses: number;
  /** Addresses not mirrored: invalid ones plus those beyond the per-subset limit. */
  addressesSkipped: number;
}

const ADDRESS_TYPES: AddressType[] = ['IPv4', 'IPv6'];

export function desiredFromEndpoints(endpoints: Endpoints, maxEndpointsPerSubset: number): DesiredState {
  const groups = new Map<string, DesiredGroup>();
  let invalidAddresses = 0;
  let addressesSkipped = 0;
  for (const subset of repackSubsets(endpoints.subsets)) {
    const ports = slicePortsFromEndpointPorts(subset.ports);
    const byType = new Map<AddressType, DesiredGroup>();
    for (const addressType of ADDRESS_TYPES) {
      const key = addrTypePortMapKey(addressType, ports);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, addressType, ports, endpoints: new EndpointSet() }));
      byType.set(addressType, group);
    }
    const candidates: [EndpointAddress, boolean][] = [
      ...(subset.addresses ?? []).map((a): [EndpointAddress, boolean] => [a, true]),
      ...(subset.notReadyAddresses ?? []).map((a): [EndpointAddress, boolean] => [a, false]),
    ];
    let added = 0;
    for (const [address, ready] of candidates) {
      // The limit keeps a simple 1:1 mapping between a subset and a slice.
      if (added >= maxEndpointsPerSubset) break;
      const converted = addressToEndpoint(address, ready);
      if (!converted) {
        invalidAddresses++;
        continue;
      }
      byType.get(converted.addressType as AddressType)!.endpoints.insert(converted.endpoint);
      added++;
    }
    addressesSkipped += candidates.length - added;
  }
  return { groups, invalidAddresses, addressesSkipped };
}
