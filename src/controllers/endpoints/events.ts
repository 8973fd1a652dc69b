// Events the endpoints controller records when a write fails (spec §10). The planner never fails;
// the applier calls these with the API error it got back.
import { EVENT_SOURCE } from './meta.js';
import type { ControllerEvent, Endpoints } from './types.js';

function regarding(endpoints: Endpoints) {
  const m = endpoints.metadata;
  return { kind: 'Endpoints', apiVersion: 'v1', namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function failedToCreateEndpointEvent(endpoints: Endpoints, err: unknown): ControllerEvent {
  const { namespace, name } = endpoints.metadata;
  return {
    type: 'Warning',
    reason: 'FailedToCreateEndpoint',
    message: `Failed to create endpoint for service ${namespace}/${name}: ${errorText(err)}`,
    source: EVENT_SOURCE,
    involvedObject: regarding(endpoints),
  };
}

export function failedToUpdateEndpointEvent(endpoints: Endpoints, err: unknown): ControllerEvent {
  const { namespace, name } = endpoints.metadata;
  return {
    type: 'Warning',
    reason: 'FailedToUpdateEndpoint',
    message: `Failed to update endpoint ${namespace}/${name}: ${errorText(err)}`,
    source: EVENT_SOURCE,
    involvedObject: regarding(endpoints),
  };
}
