// Warning events the mirroring controller records on the Endpoints object (spec §7.1 step 8, §10).
import type { ControllerEvent, Endpoints } from '../endpoints/types.js';
import { EVENT_SOURCE } from './slices.js';

function regarding(endpoints: Endpoints) {
  const m = endpoints.metadata;
  return { kind: 'Endpoints', apiVersion: 'v1', namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
}

export function invalidIPAddressEvent(endpoints: Endpoints, invalid: number): ControllerEvent {
  return {
    type: 'Warning',
    reason: 'InvalidIPAddress',
    message: `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices`,
    source: EVENT_SOURCE,
    involvedObject: regarding(endpoints),
  };
}

export function tooManyAddressesEvent(endpoints: Endpoints, maxPerSubset: number, skipped: number): ControllerEvent {
  return {
    type: 'Warning',
    reason: 'TooManyAddressesToMirror',
    message: `A max of ${maxPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped`,
    source: EVENT_SOURCE,
    involvedObject: regarding(endpoints),
  };
}
