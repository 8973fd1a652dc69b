// Server-side Table printing for custom resources (apiextensions-apiserver
// pkg/registry/customresource/tableconvertor/tableconvertor.go, and the default Age column of
// apiserver.go serveDefaultColumnsIfEmpty). Behaviour copied from the apiserver:
//   - Name comes first (format "name"), then each additionalPrinterColumn in order, with its
//     type, format, description and priority;
//   - a CRD version without columns gets one: Age, type date, `.metadata.creationTimestamp`;
//   - a column without description is described by its JSONPath;
//   - cells: string columns print the first match as client-go's JSONPath printer does (scalars
//     bare, objects and lists as Go prints them); integer/number/boolean take the JSON value when it has that
//     type; date columns show the time since the timestamp (`5m`), `<invalid>` for a bad
//     timestamp; no match, or a value of the wrong type, is a null cell.
import { age } from '../machinery/duration.js';
import { descriptions } from '../registry/printers/descriptions.js';
import { nameColumn, type ColumnDefinition, type Printer } from '../registry/printers/types.js';
import { evalJSONPathAll } from './jsonpath.js';
import { goFloat, isObject } from './util.js';

export const DEFAULT_COLUMNS: Array<Record<string, any>> = [
  { name: 'Age', type: 'date', description: descriptions['ObjectMeta.creationTimestamp'], jsonPath: '.metadata.creationTimestamp' },
];

/** What client-go's JSONPath printer writes for one value: Go's fmt.Print of the decoded JSON
 *  (`map[a:1 b:x]` for objects, `[1 2]` for lists). */
function printed(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(printed).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o).sort().map((k) => `${k}:${printed(o[k])}`).join(' ')}]`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function cell(type: string, v: unknown, now: number): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string': return printed(v);
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'date':
      if (typeof v !== 'string') return null;
      return RFC3339.test(v) && !Number.isNaN(Date.parse(v)) ? age(v, now) : '<invalid>';
    default: return null;
  }
}

export function printerFor(columns: Array<Record<string, any>> | undefined): Printer {
  const cols = columns && columns.length > 0 ? columns : DEFAULT_COLUMNS;
  const defs: ColumnDefinition[] = [
    nameColumn(),
    ...cols.map((c) => ({
      name: String(c.name ?? ''), type: String(c.type ?? ''), format: String(c.format ?? ''),
      description: c.description ? String(c.description) : `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: typeof c.priority === 'number' ? c.priority : 0,
    })),
  ];
  return {
    columns: defs,
    cells(o, now) {
      const name = isObject(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : '';
      return [name, ...cols.map((c) => cell(String(c.type ?? ''), evalJSONPathAll(o, String(c.jsonPath ?? ''))[0], now))];
    },
  };
}
