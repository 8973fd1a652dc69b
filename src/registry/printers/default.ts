// The apiserver's DefaultTableConvertor, used for kinds without a printer: NAME, CREATED AT.
import { parseTimestamp } from '../../machinery/duration.js';
import { fieldColumn, nameColumn, nameOf, obj, type Printer } from './types.js';

/** RFC 3339 in UTC at second precision; Go's zero time when the timestamp is absent. */
export function createdAt(o: Record<string, any>): string {
  const t = parseTimestamp(obj(o.metadata).creationTimestamp);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const defaultPrinter: Printer = {
  columns: [nameColumn(), fieldColumn('Created At', 'date', 'ObjectMeta.creationTimestamp')],
  cells: (o) => [nameOf(o), createdAt(o)],
};
