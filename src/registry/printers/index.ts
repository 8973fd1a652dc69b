// Server-side Table printers. Each kind's definition (src/registry/kinds/) names its own printer;
// kinds without one print the default Name / Created At columns.
export { defaultPrinter } from './default.js';
export type { ColumnDefinition, Printer, RowCondition } from './types.js';
