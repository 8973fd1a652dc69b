// EndpointSlice columns: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
import { arr, fieldColumn, nameColumn, ageColumn, nameOf, ageOf, listWithMore, obj, str, type Printer } from './types.js';

type J = Record<string, any>;

/** Each port's number, else its name (even an empty one), else "*". */
export function slicePorts(slice: J): string {
  return listWithMore(arr<J>(slice.ports).map((p) => {
    if (p.port !== undefined && p.port !== null) return String(p.port);
    if (p.name !== undefined && p.name !== null) return str(p.name);
    return '*';
  }));
}

/** Every address of every endpoint, ready or not. */
export function sliceEndpoints(slice: J): string {
  return listWithMore(arr<J>(slice.endpoints).flatMap((e) => arr(e.addresses).map(str)));
}

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn(),
    fieldColumn('AddressType', 'string', 'EndpointSlice.addressType'),
    fieldColumn('Ports', 'string', 'EndpointSlice.ports'),
    fieldColumn('Endpoints', 'string', 'EndpointSlice.endpoints'),
    ageColumn(),
  ],
  cells(slice, now) {
    return [nameOf(slice), str(obj(slice).addressType), slicePorts(slice), sliceEndpoints(slice), ageOf(slice, now)];
  },
};
