// core/v1 Endpoints (deprecated in favour of EndpointSlices since 1.33: every response warns).
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { isValidIPForLegacyField, isValidPortName, isValidPortNum } from '../../machinery/validation.js';
import { atomicList } from '../../machinery/patch/schema.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { endpointsPrinter } from '../printers/endpoints.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS, arr, dflt, str } from './common.js';
import { isPlainFrozen } from '../../util/copy.js';

function defaults(o: KObject): void {
  for (const ss of arr(o.subsets)) for (const p of arr(ss.ports)) dflt(p, 'protocol', 'TCP');
}

/**
 * Frozen plain addresses (and lists of them) whose IPs passed: a controller writing the same
 * address objects again (the Endpoints controller shares them between versions) does not have
 * them parsed again.
 */
const validAddresses = new WeakSet<object>();

function validate(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  arr(o.subsets).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    if (!arr(ss.addresses).length && !arr(ss.notReadyAddresses).length) {
      errs.push(fieldError.required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    for (const key of ['addresses', 'notReadyAddresses']) {
      const list = arr(ss[key]);
      if (validAddresses.has(list)) continue;
      const before = errs.length;
      list.forEach((a, j) => {
        if (validAddresses.has(a)) return;
        const bad = isValidIPForLegacyField(`${p}.${key}[${j}].ip`, str(a.ip));
        if (bad.length) errs.push(...bad);
        else if (isPlainFrozen(a)) validAddresses.add(a);
      });
      if (errs.length === before && isPlainFrozen(list)) validAddresses.add(list);
    }
    const ports = arr(ss.ports);
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !port.name) errs.push(fieldError.required(`${pp}.name`));
      if (port.name) for (const m of isValidPortName(str(port.name))) errs.push(fieldError.invalid(`${pp}.name`, port.name, m));
      for (const m of isValidPortNum(Number(port.port))) errs.push(fieldError.invalid(`${pp}.port`, port.port ?? 0, m));
    });
  });
  return errs;
}

export const endpoints: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', namespaced: true,
    shortNames: ['ep'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  prepareForCreate: defaults,
  prepareForUpdate: defaults,
  validate,
  validateUpdate: validate,
  warnings: ['v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'],
  printer: endpointsPrinter,
  patch: { schema: kindStruct({ subsets: atomicList() }) },
  protobuf: { message: 'k8s.io.api.core.v1.Endpoints' },
};
