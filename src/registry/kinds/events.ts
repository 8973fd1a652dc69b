// core/v1 Event.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { eventPrinter } from '../printers/event.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS, str } from './common.js';

function validate(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const io = (o.involvedObject ?? {}) as Record<string, any>;
  const ns = o.metadata.namespace ?? '';
  if (io.namespace && io.namespace !== ns && ns !== 'default') {
    errs.push(fieldError.invalid('involvedObject.namespace', io.namespace, 'does not match event.namespace'));
  }
  if (o.type && !['Normal', 'Warning'].includes(String(o.type))) {
    errs.push(fieldError.invalid('type', o.type, 'has invalid value: ' + String(o.type)));
  }
  return errs;
}

export const events: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true,
    shortNames: ['ev'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  prepareForCreate(o) {
    if (!o.involvedObject) o.involvedObject = {};
  },
  validate,
  validateUpdate: validate,
  selectableFields(o) {
    const io = (o.involvedObject ?? {}) as Record<string, any>;
    const src = (o.source ?? {}) as Record<string, any>;
    return {
      'involvedObject.kind': str(io.kind),
      'involvedObject.namespace': str(io.namespace),
      'involvedObject.name': str(io.name),
      'involvedObject.uid': str(io.uid),
      'involvedObject.apiVersion': str(io.apiVersion),
      'involvedObject.resourceVersion': str(io.resourceVersion),
      'involvedObject.fieldPath': str(io.fieldPath),
      reason: str(o.reason),
      reportingComponent: str(o.reportingComponent),
      source: str(src.component),
      type: str(o.type),
    };
  },
  printer: eventPrinter,
  patch: { schema: kindStruct({}), zero: { involvedObject: {}, source: {} } },
  protobuf: { message: 'k8s.io.api.core.v1.Event' },
};
