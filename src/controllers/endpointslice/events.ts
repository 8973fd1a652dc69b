// Events the EndpointSlice controller emits on a Service (spec §10), as plain values.
import type { Service } from './types.js';

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export const withAddressType = (message: string, addressType: string) => `${message}, addressType: ${addressType}`;

/**
 * Go's utilerrors aggregate message: nested errors flattened, duplicates dropped, one error as is,
 * several as "[a, b]". Dual-stack syncs report a missing Node once, not once per family.
 */
export function aggregateErrorMessage(messages: readonly string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

/** The Warning a failed sync leaves on the Service; the controller adds its own write errors. */
export function failedToUpdateEvent(service: Service, errors: readonly string[]): PlanEvent {
  const svc = `${service.metadata.namespace}/${service.metadata.name}`;
  return {
    type: 'Warning',
    reason: 'FailedToUpdateEndpointSlices',
    message: `Error updating Endpoint Slices for Service ${svc}: ${aggregateErrorMessage(errors)}`,
  };
}
