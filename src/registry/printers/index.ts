// Server-side Table printers by kind. Keys are the Kind for the core group ("Pod") and
// "<group>/<Kind>" otherwise ("discovery.k8s.io/EndpointSlice"); use printerFor(group, kind).
import { configMapPrinter } from './configmap.js';
import { defaultPrinter } from './default.js';
import { endpointsPrinter } from './endpoints.js';
import { endpointSlicePrinter } from './endpointslice.js';
import { eventPrinter, eventsV1EventPrinter } from './event.js';
import { namespacePrinter } from './namespace.js';
import { nodePrinter } from './node.js';
import { podPrinter } from './pod.js';
import { secretPrinter } from './secret.js';
import { servicePrinter } from './service.js';
import type { Printer } from './types.js';

export type { ColumnDefinition, Printer, RowCondition } from './types.js';
export { defaultPrinter };

export const printers: Readonly<Record<string, Printer>> = {
  Pod: podPrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  Event: eventPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'events.k8s.io/Event': eventsV1EventPrinter,
};

export function printerKey(group: string, kind: string): string {
  return group ? `${group}/${kind}` : kind;
}

/** The printer for a kind, or the default (Name, Created At) one. */
export function printerFor(group: string, kind: string): Printer {
  return printers[printerKey(group, kind)] ?? defaultPrinter;
}
