// events.k8s.io/v1 Event: another view of the stored core/v1 Events (the apiserver converts between
// the two on every read and write), so objects written through either API are seen through both.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { eventsV1EventPrinter } from '../printers/event.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS } from './common.js';
import { events } from './events.js';

const RENAMES: [core: string, v1: string][] = [
  ['involvedObject', 'regarding'], ['message', 'note'], ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'], ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'], ['reportingComponent', 'reportingController'],
];
const SAME = ['metadata', 'eventTime', 'series', 'reportingInstance', 'action', 'reason', 'related', 'type'];

/** MicroTime rendering of a second-precision timestamp. */
function micro(ts: unknown): string | undefined {
  if (typeof ts !== 'string' || !ts) return undefined;
  return ts.replace(/(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/, (_m, hms, frac) => `${hms}${(frac ?? '.').padEnd(7, '0').slice(0, 7)}Z`);
}

export function coreToV1(o: KObject): KObject {
  const out: KObject = { kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata: o.metadata };
  for (const k of SAME) if (o[k] !== undefined) out[k] = o[k];
  for (const [c, v] of RENAMES) if (o[c] !== undefined && o[c] !== '') out[v] = o[c];
  // The Python client's EventsV1Event requires eventTime; legacy events have none, so it is filled
  // from the first occurrence (a deliberate deviation: the real server returns null).
  out.eventTime ??= micro(o.firstTimestamp) ?? micro(o.metadata.creationTimestamp) ?? null;
  return out;
}

export function v1ToCore(o: KObject): KObject {
  const out: KObject = { kind: 'Event', apiVersion: 'v1', metadata: o.metadata };
  for (const k of SAME) if (o[k] !== undefined) out[k] = o[k];
  for (const [c, v] of RENAMES) if (o[v] !== undefined) out[c] = o[v];
  return out;
}

function validate(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!o.eventTime) errs.push(fieldError.required('eventTime', ''));
  if (!o.reportingController) errs.push(fieldError.required('reportingController', ''));
  if (!o.reportingInstance) errs.push(fieldError.required('reportingInstance', ''));
  if (!o.action) errs.push(fieldError.required('action', ''));
  if (!o.reason) errs.push(fieldError.required('reason', ''));
  if (o.type && !['Normal', 'Warning'].includes(String(o.type))) {
    errs.push(fieldError.invalid('type', o.type, 'has invalid value: ' + String(o.type)));
  }
  return errs;
}

export const eventsV1: Strategy = {
  info: {
    group: 'events.k8s.io', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true,
    shortNames: ['ev'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  view: { of: events, toStorage: v1ToCore, fromStorage: coreToV1, validate },
  printer: eventsV1EventPrinter,
  patch: { schema: kindStruct({}), zero: { regarding: {}, deprecatedSource: {} } },
  protobuf: { message: 'k8s.io.api.events.v1.Event' },
};
