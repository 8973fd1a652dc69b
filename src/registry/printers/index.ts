// Server-side Table printers by kind. Keys are the bare Kind ("Pod", "EndpointSlice") unless the
// Kind exists in more than one group: then the non-core one is "<group>/<Kind>"
// ("events.k8s.io/Event"). printerFor(group, kind) applies that rule and falls back to the default.
import { configMapPrinter } from './configmap.js';
import { defaultPrinter } from './default.js';
import { endpointsPrinter } from './endpoints.js';
import { endpointSlicePrinter } from './endpointslice.js';
import { eventPrinter, eventsV1EventPrinter } from './event.js';
import { leasePrinter } from './lease.js';
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
  EndpointSlice: endpointSlicePrinter,
  'events.k8s.io/Event': eventsV1EventPrinter,
  Lease: leasePrinter,
};

/** The printer for a kind, or the default (Name, Created At) one. */
export function printerFor(group: string, kind: string): Printer {
  return (group ? printers[`${group}/${kind}`] : undefined) ?? printers[kind] ?? defaultPrinter;
}
