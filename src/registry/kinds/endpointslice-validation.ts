// EndpointSlice validation (spec §9 of the controller spec): address types, IP literals and the
// address ranges the apiserver refuses, limits, ports, hints.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import {
  isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, parseIP, type IPAddr,
} from '../../machinery/validation.js';
import { isPlainFrozen } from '../../util/copy.js';
import { arr, str } from './common.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ZONE_HINTS = 8;

function inRange(a: IPAddr, base: bigint, prefix: number, bits: number): boolean {
  const shift = BigInt(bits - prefix);
  return a.value >> shift === base >> shift;
}

/** ValidateEndpointIP: addresses an endpoint may never have (unspecified, loopback, link-local). */
function restrictedIP(a: IPAddr, text: string): string | undefined {
  const v4 = a.family === 4;
  const bits = v4 ? 32 : 128;
  if (a.value === 0n) return `may not be unspecified (${text})`;
  if (v4 ? inRange(a, 0x7f000000n, 8, bits) : a.value === 1n) return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if (v4 ? inRange(a, 0xa9fe0000n, 16, bits) : inRange(a, 0xfe80n << 112n, 10, bits)) {
    return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  }
  if (v4 ? inRange(a, 0xe0000000n, 24, bits) : inRange(a, 0xff02n << 112n, 16, bits)) {
    return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  }
  return undefined;
}

function validateAddress(addr: unknown, type: string, path: string): FieldError[] {
  const text = str(addr);
  if (type === 'FQDN') return isDNS1123Subdomain(text).map((m) => fieldError.invalid(path, addr, m));
  const want = type === 'IPv4' ? 4 : 6;
  const a = parseIP(text);
  if (!a || a.family !== want) return [fieldError.invalid(path, addr, `must be a valid ${type} address`)];
  const restricted = restrictedIP(a, text);
  return restricted ? [fieldError.invalid(path, addr, restricted)] : [];
}

function validateEndpoint(ep: Record<string, any>, i: number, type: string): FieldError[] {
  const p = `endpoints[${i}]`;
  const errs: FieldError[] = [];
  const addrs = arr(ep.addresses);
  if (addrs.length === 0) errs.push(fieldError.required(`${p}.addresses`, 'must contain at least 1 address'));
  else if (addrs.length > MAX_ADDRESSES) errs.push(fieldError.tooMany(`${p}.addresses`, addrs.length, MAX_ADDRESSES));
  else addrs.forEach((a, j) => errs.push(...validateAddress(a, type, `${p}.addresses[${j}]`)));
  if (ep.nodeName) for (const m of isDNS1123Subdomain(str(ep.nodeName))) errs.push(fieldError.invalid(`${p}.nodeName`, ep.nodeName, m));
  if (ep.hostname) for (const m of isDNS1123Label(str(ep.hostname))) errs.push(fieldError.invalid(`${p}.hostname`, ep.hostname, m));
  const zones = arr(ep.hints?.forZones);
  if (zones.length > MAX_ZONE_HINTS) errs.push(fieldError.tooMany(`${p}.hints.forZones`, zones.length, MAX_ZONE_HINTS));
  const seen = new Set<string>();
  zones.forEach((z, j) => {
    const zp = `${p}.hints.forZones[${j}].name`;
    if (seen.has(z.name)) errs.push(fieldError.duplicate(zp, z.name));
    seen.add(z.name);
    for (const m of isValidLabelValue(str(z.name))) errs.push(fieldError.invalid(zp, z.name, m));
  });
  return errs;
}

function validatePorts(ports: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  if (ports.length > MAX_PORTS) errs.push(fieldError.tooMany('ports', ports.length, MAX_PORTS));
  const names = new Set<string>();
  ports.forEach((port: any, i) => {
    const p = `ports[${i}]`;
    const name = str(port.name);
    if (name) for (const m of isDNS1123Label(name)) errs.push(fieldError.invalid(`${p}.name`, name, m));
    if (names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
    names.add(name);
    if (!port.protocol) errs.push(fieldError.required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(fieldError.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
    if (port.appProtocol) for (const m of isQualifiedName(str(port.appProtocol))) errs.push(fieldError.invalid(`${p}.appProtocol`, port.appProtocol, m));
  });
  return errs;
}

/**
 * Endpoints found valid for an address type, among those that cannot change any more (parts of a
 * stored plain frozen slice): an update that keeps most of a slice's endpoints checks the others.
 */
const validEndpoints = new Map<string, WeakSet<object>>(ADDRESS_TYPES.map((t) => [t, new WeakSet()]));

/** `old`: the stored version an update replaces (its endpoints kept at the same place may be remembered as valid). */
export function validateEndpointSlice(o: KObject, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(o.addressType);
  if (!type) errs.push(fieldError.required('addressType'));
  else if (!ADDRESS_TYPES.includes(type)) errs.push(fieldError.notSupported('addressType', type, ADDRESS_TYPES));
  const eps = arr(o.endpoints);
  if (eps.length > MAX_ENDPOINTS) errs.push(fieldError.tooMany('endpoints', eps.length, MAX_ENDPOINTS));
  else if (ADDRESS_TYPES.includes(type)) {
    const valid = validEndpoints.get(type)!;
    // The stored version is plain and frozen all the way down: so is each endpoint it holds.
    const kept = old && isPlainFrozen(old) ? arr(old.endpoints) : undefined;
    eps.forEach((ep, i) => {
      if (valid.has(ep)) return;
      const bad = validateEndpoint(ep, i, type);
      if (bad.length) errs.push(...bad);
      else if (kept !== undefined && kept[i] === ep) valid.add(ep);
    });
  }
  errs.push(...validatePorts(arr(o.ports)));
  return errs;
}
