// Shapes and small helpers shared by the server-side Table printers (after
// k8s.io/kubernetes pkg/printers/internalversion). The apiserver always prints with Wide=true, so
// every printer returns the cells of every column, priority-1 ("wide") ones included.
import { age } from '../../machinery/duration.js';
import { descriptions, type DescriptionKey } from './descriptions.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** meta.k8s.io/v1 TableRowCondition. */
export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Printer {
  columns: ColumnDefinition[];
  /** One cell per column, computed at `now` (ms since epoch) for the age columns. */
  cells(obj: Record<string, any>, now: number): unknown[];
  conditions?(obj: Record<string, any>): RowCondition[] | undefined;
}

/** A column whose description is literal text. */
export function column(name: string, type: string, description: string, opts: { format?: string; priority?: number } = {}):
  ColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** A column documented by an API field's description. */
export function fieldColumn(name: string, type: string, doc: DescriptionKey, opts: { format?: string; priority?: number } = {}):
  ColumnDefinition {
  return column(name, type, descriptions[doc], opts);
}

export const nameColumn = (): ColumnDefinition => fieldColumn('Name', 'string', 'ObjectMeta.name', { format: 'name' });
export const ageColumn = (): ColumnDefinition => fieldColumn('Age', 'string', 'ObjectMeta.creationTimestamp');

/** Safe accessors for loosely typed JSON. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const arr = <T = any>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const obj = (v: unknown): Record<string, any> =>
  (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, any>) : {});

export function nameOf(o: Record<string, any>): string {
  return str(obj(o.metadata).name);
}

export function ageOf(o: Record<string, any>, now: number): string {
  return age(obj(o.metadata).creationTimestamp, now);
}

/** The "a,b,c + N more..." rule used by list-valued cells; an empty list prints "<unset>". */
export function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}
