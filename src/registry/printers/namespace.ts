// Namespace columns: NAME STATUS AGE.
import { column, nameColumn, ageColumn, nameOf, ageOf, obj, str, type Printer } from './types.js';

export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells(ns, now) {
    return [nameOf(ns), str(obj(ns.status).phase), ageOf(ns, now)];
  },
};
