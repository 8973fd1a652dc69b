// Lease columns: NAME HOLDER AGE.
import { column, nameColumn, ageColumn, nameOf, ageOf, obj, str, type Printer } from './types.js';

export const leasePrinter: Printer = {
  columns: [nameColumn(), column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn()],
  cells(lease, now) {
    return [nameOf(lease), str(obj(lease.spec).holderIdentity), ageOf(lease, now)];
  },
};
