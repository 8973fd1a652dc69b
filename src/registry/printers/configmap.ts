// ConfigMap columns: NAME DATA AGE. The column is typed "string" but the cell is an integer, as upstream.
import { fieldColumn, nameColumn, ageColumn, nameOf, ageOf, obj, type Printer } from './types.js';

export const configMapPrinter: Printer = {
  columns: [nameColumn(), fieldColumn('Data', 'string', 'ConfigMap.data'), ageColumn()],
  cells(cm, now) {
    return [nameOf(cm), Object.keys(obj(cm.data)).length + Object.keys(obj(cm.binaryData)).length, ageOf(cm, now)];
  },
};
