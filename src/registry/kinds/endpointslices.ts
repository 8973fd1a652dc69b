// discovery.k8s.io/v1 EndpointSlice: defaults, validation (pkg/apis/discovery/validation), generation
// bumped on any non-metadata change or a label change, immutable addressType.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { jsonEqual } from '../../util/copy.js';
import { atomicList, map, setList, struct } from '../../machinery/patch/schema.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { endpointSlicePrinter } from '../printers/endpointslice.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS, arr, dflt } from './common.js';
import { validateEndpointSlice } from './endpointslice-validation.js';

function defaults(o: KObject): void {
  // The real server returns `endpoints: null` for an empty slice; the Python client's model rejects
  // null there, so an empty list is served as [] (a deliberate, documented deviation).
  if (!Array.isArray(o.endpoints)) o.endpoints = [];
  for (const p of arr(o.ports)) {
    if (p.name === undefined || p.name === null) p.name = '';
    dflt(p, 'protocol', 'TCP');
  }
}

export const endpointslices: Strategy = {
  info: {
    group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice',
    singular: 'endpointslice', namespaced: true, verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: false,
  prepareForCreate: defaults,
  prepareForUpdate(o, old) {
    defaults(o);
    // Label changes count as a generation change for slices (endpointslice strategy).
    if (!jsonEqual(o.metadata.labels ?? {}, old.metadata.labels ?? {})) {
      o.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
  },
  validate(o) {
    return validateEndpointSlice(o);
  },
  validateUpdate(o, old) {
    const errs: FieldError[] = validateEndpointSlice(o, old);
    if (o.addressType !== old.addressType) {
      errs.push(fieldError.invalid('addressType', o.addressType ?? '', 'field is immutable'));
    }
    return errs;
  },
  printer: endpointSlicePrinter,
  patch: {
    schema: kindStruct({
      endpoints: atomicList(struct({ addresses: setList(false), deprecatedTopology: map() })),
      ports: atomicList(),
    }),
    zero: { endpoints: null },
  },
  protobuf: { message: 'k8s.io.api.discovery.v1.EndpointSlice' },
};
