// Secret columns: NAME TYPE DATA AGE. stringData keys count too: the apiserver merges them into data.
import { fieldColumn, nameColumn, ageColumn, nameOf, ageOf, obj, str, type Printer } from './types.js';

export const secretPrinter: Printer = {
  columns: [
    nameColumn(),
    fieldColumn('Type', 'string', 'Secret.type'),
    fieldColumn('Data', 'string', 'Secret.data'),
    ageColumn(),
  ],
  cells(secret, now) {
    const keys = new Set([...Object.keys(obj(secret.data)), ...Object.keys(obj(secret.stringData))]);
    return [nameOf(secret), str(secret.type), keys.size, ageOf(secret, now)];
  },
};
