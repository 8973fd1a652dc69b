// Event columns (core/v1 and events.k8s.io/v1 share one printer, as both are served from the
// same storage): LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST SEEN COUNT NAME].
import { age, parseTimestamp } from '../../machinery/duration.js';
import { fieldColumn, nameColumn, nameOf, obj, str, type Printer } from './types.js';

type J = Record<string, any>;

/** The core/v1 field names of an events.k8s.io/v1 Event (the apiserver converts before printing). */
export function coreEventView(ev: J): J {
  return {
    ...ev,
    involvedObject: ev.regarding,
    message: ev.note,
    source: ev.deprecatedSource,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    count: ev.deprecatedCount,
  };
}

/** source.component (else reportingController), then ", " and source.host (else reportingInstance). */
export function eventSource(ev: J): string {
  const src = obj(ev.source);
  const component = str(src.component) || str(ev.reportingController);
  const instance = str(src.host) || str(ev.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

/** "pod/p1": the lower-cased kind and the name, or only the kind when there is no name. */
export function eventTarget(ev: J): string {
  const io = obj(ev.involvedObject);
  const kind = str(io.kind).toLowerCase();
  return str(io.name) ? `${kind}/${io.name}` : kind;
}

function eventCells(ev: J, now: number): unknown[] {
  const first = parseTimestamp(ev.firstTimestamp) !== undefined ? age(ev.firstTimestamp, now) : age(ev.eventTime, now);
  let last = parseTimestamp(ev.lastTimestamp) !== undefined ? age(ev.lastTimestamp, now) : first;
  let count = Number(ev.count ?? 0);
  if (ev.series) {
    last = age(obj(ev.series).lastObservedTime, now);
    count = Number(obj(ev.series).count ?? 0);
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  return [
    last, str(ev.type), str(ev.reason), eventTarget(ev), str(obj(ev.involvedObject).fieldPath), eventSource(ev),
    str(ev.message).trim(), first, count, nameOf(ev),
  ];
}

const eventColumns = [
  fieldColumn('Last Seen', 'string', 'Event.lastTimestamp'),
  fieldColumn('Type', 'string', 'Event.type'),
  fieldColumn('Reason', 'string', 'Event.reason'),
  fieldColumn('Object', 'string', 'Event.involvedObject'),
  fieldColumn('Subobject', 'string', 'ObjectReference.fieldPath', { priority: 1 }),
  fieldColumn('Source', 'string', 'Event.source', { priority: 1 }),
  fieldColumn('Message', 'string', 'Event.message'),
  fieldColumn('First Seen', 'string', 'Event.firstTimestamp', { priority: 1 }),
  fieldColumn('Count', 'string', 'Event.count', { priority: 1 }),
  { ...nameColumn(), priority: 1 },
];

export const eventPrinter: Printer = {
  columns: eventColumns,
  cells: (ev, now) => eventCells(ev, now),
};

export const eventsV1EventPrinter: Printer = {
  columns: eventColumns,
  cells: (ev, now) => eventCells(coreEventView(ev), now),
};
