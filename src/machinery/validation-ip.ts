// IP and CIDR parsing, formatting and validation with Go's semantics, plus the address arithmetic
// the simulator's IP pools need. Two parsers exist because Kubernetes has two: the "sloppy" one
// (k8s.io/utils/net, a fork of Go 1.16 net.ParseIP that accepts leading zeros) decides whether a
// value is an IP at all, the strict one (Go's net/netip) decides whether it is in an allowed form.
// Validator wording follows k8s.io/apimachinery 0.35 pkg/util/validation/ip.go.
import { fieldError, type FieldError } from './status.js';

export type IPFamily = 4 | 6;

/** An address as a number: IPv4 in 32 bits, IPv6 in 128. */
export interface IPAddr {
  family: IPFamily;
  value: bigint;
}

/** A network in "subnet" form: base has no bits set past prefixLength. */
export interface CIDR {
  family: IPFamily;
  base: bigint;
  prefixLength: number;
}

const BIG = 0xffffff; // Go's net package gives up on numbers this large

/** Go 1.16 dtoi / xtoi: digits until the first non-digit; fails on none or on overflow. */
function scanNumber(s: string, hex: boolean): { n: number; len: number } | null {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const d = hex ? parseInt(s[i], 16) : s[i] >= '0' && s[i] <= '9' ? Number(s[i]) : NaN;
    if (Number.isNaN(d)) break;
    n = n * (hex ? 16 : 10) + d;
    if (n >= BIG) return null;
  }
  return i === 0 ? null : { n, len: i };
}

/** Four dotted decimal octets. Strict form (netip) refuses leading zeros. */
function parseIPv4Bytes(s: string, strict: boolean): number[] | null {
  const out: number[] = [];
  let rest = s;
  for (let i = 0; i < 4; i++) {
    if (i > 0) {
      if (rest[0] !== '.') return null;
      rest = rest.slice(1);
    }
    const num = scanNumber(rest, false);
    if (!num || num.n > 255) return null;
    if (strict && (num.len > 3 || (num.len > 1 && rest[0] === '0'))) return null;
    out.push(num.n);
    rest = rest.slice(num.len);
  }
  return rest.length === 0 ? out : null;
}

/** Eight colon-separated groups with one optional "::" and an optional trailing IPv4 part. */
function parseIPv6Bytes(input: string, strict: boolean): number[] | null {
  const ip = new Array<number>(16).fill(0);
  let s = input;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const num = scanNumber(s, true);
    if (!num || num.n > 0xffff || (strict && num.len > 4)) return null;
    if (num.len < s.length && s[num.len] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      const v4 = parseIPv4Bytes(s, strict);
      if (!v4) return null;
      ip.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    ip[i] = num.n >> 8;
    ip[i + 1] = num.n & 0xff;
    i += 2;
    s = s.slice(num.len);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null; // "::" must stand for at least one group
  }
  return ip;
}

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Go's net.ParseIP: the first "." or ":" decides the family. Result is 16 bytes (IPv4 mapped). */
function parse16(s: string, strict: boolean): number[] | null {
  for (const c of s) {
    if (c === '.') {
      const v4 = parseIPv4Bytes(s, strict);
      return v4 ? [...V4_IN_V6_PREFIX, ...v4] : null;
    }
    if (c === ':') return parseIPv6Bytes(s, strict);
  }
  return null;
}

function isMapped(b: number[]): boolean {
  return V4_IN_V6_PREFIX.every((x, i) => b[i] === x);
}

/** Big-endian bytes (a multiple of 4 of them, or fewer than 4) as one number, 32 bits at a time. */
function bytesToBigInt(b: number[]): bigint {
  if (b.length % 4 !== 0) return b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
  let acc = 0n;
  for (let i = 0; i < b.length; i += 4) {
    const word = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
    acc = i === 0 ? BigInt(word) : (acc << 32n) | BigInt(word);
  }
  return acc;
}

/** The low `len` bytes of `v`, big-endian, 32 bits at a time. */
function bigIntToBytes(v: bigint, len: number): number[] {
  const out = new Array<number>(len);
  let x = v;
  let i = len - 1;
  for (; i >= 3; i -= 4) {
    const word = Number(x & 0xffffffffn);
    x >>= 32n;
    out[i] = word & 255;
    out[i - 1] = (word >>> 8) & 255;
    out[i - 2] = (word >>> 16) & 255;
    out[i - 3] = word >>> 24;
  }
  for (; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function toAddr(b: number[]): IPAddr {
  // Like Go's To4(): an IPv4-mapped IPv6 address is treated as IPv4.
  return isMapped(b) ? { family: 4, value: bytesToBigInt(b.slice(12)) } : { family: 6, value: bytesToBigInt(b) };
}

/**
 * Answers remembered per text (the same pod and endpoint IPs are parsed on every write of every
 * object that carries them: a pod's status, each slice and Endpoints object holding it). Bounded:
 * emptied when full. The answers are frozen, as every caller shares them.
 */
const MEMO_LIMIT = 50_000;
const sloppyMemo = new Map<string, IPAddr | null>();
const strictMemo = new Map<string, { addr: IPAddr; is4In6: boolean } | null>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Lenient parse (k8s.io/utils/net.ParseIPSloppy): leading zeros allowed, "::ffff:a.b.c.d" is IPv4. */
export function parseIP(s: string): Readonly<IPAddr> | undefined {
  const known = sloppyMemo.get(s);
  if (known !== undefined) return known ?? undefined;
  const b = parse16(s, false);
  return remember(sloppyMemo, s, b ? Object.freeze(toAddr(b)) : null) ?? undefined;
}

/**
 * formatIP(parseIP(s)) without the BigInt form: the family and canonical text (net.IP.String())
 * straight from the parsed bytes. For callers that only want those (the endpoint controllers), at
 * a fraction of the cost for an address seen the first time.
 */
export function canonicalIPText(s: string): { family: IPFamily; text: string } | undefined {
  const b = parse16(s, false);
  if (!b) return undefined;
  if (isMapped(b)) return { family: 4, text: `${b[12]}.${b[13]}.${b[14]}.${b[15]}` };
  return { family: 6, text: formatIPv6(b) };
}

/** Strict parse (net/netip.ParseAddr without zones): no leading zeros, at most 4 hex digits a group. */
export function parseIPStrict(s: string): Readonly<{ addr: Readonly<IPAddr>; is4In6: boolean }> | undefined {
  const known = strictMemo.get(s);
  if (known !== undefined) return known ?? undefined;
  const b = parse16(s, true);
  const parsed = b ? Object.freeze({ addr: Object.freeze(toAddr(b)), is4In6: s.includes(':') && isMapped(b) }) : null;
  return remember(strictMemo, s, parsed) ?? undefined;
}

function formatIPv6(b: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, g) => (b[2 * g] << 8) | b[2 * g + 1]);
  let best = -1;
  let bestLen = 0;
  for (let g = 0; g < 8;) {
    let e = g;
    while (e < 8 && groups[e] === 0) e++;
    if (e - g > bestLen) {
      best = g;
      bestLen = e - g;
    }
    g = e > g ? e : g + 1;
  }
  if (bestLen < 2) best = -1; // a single zero group is never shortened
  let out = '';
  for (let g = 0; g < 8; g++) {
    if (g === best) {
      out += '::';
      g += bestLen - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(':')) out += ':';
    out += groups[g].toString(16);
  }
  return out;
}

/** RFC 5952 text of an IPv6 address given as its 16 bytes. */
export function formatIPv6Bytes(b: readonly number[]): string {
  return formatIPv6(b);
}

const v6Text = new Map<bigint, string>();

/** Go's net.IP.String(): dotted quad for IPv4, RFC 5952 for IPv6 (remembered per address). */
export function formatIP(a: IPAddr): string {
  if (a.family === 4) {
    const n = Number(a.value);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const known = v6Text.get(a.value);
  return known ?? remember(v6Text, a.value, formatIPv6(bigIntToBytes(a.value, 16)));
}

export function isIPv4String(s: string): boolean {
  return parseIP(s)?.family === 4;
}

export function isIPv6String(s: string): boolean {
  return parseIP(s)?.family === 6;
}

const bitsOf = (f: IPFamily): number => (f === 4 ? 32 : 128);

function maskOf(family: IPFamily, prefixLength: number): bigint {
  const bits = BigInt(bitsOf(family));
  const host = bits - BigInt(prefixLength);
  return ((1n << bits) - 1n) ^ ((1n << host) - 1n);
}

/** Go 1.16 net.ParseCIDR as forked by k8s.io/utils (ParseCIDRSloppy); the result is masked. */
export function parseCIDRSloppy(s: string): { ip: IPAddr; cidr: CIDR; prefixText: string; sixteen: boolean } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const prefixText = s.slice(slash + 1);
  const v4 = parseIPv4Bytes(addr, false);
  const bytes = v4 ? [...V4_IN_V6_PREFIX, ...v4] : parseIPv6Bytes(addr, false);
  const num = scanNumber(prefixText, false);
  const maxBits = v4 ? 32 : 128;
  if (!bytes || !num || num.len !== prefixText.length || num.n > maxBits) return undefined;
  if (v4) {
    const ip: IPAddr = { family: 4, value: bytesToBigInt(v4) };
    return { ip, cidr: { family: 4, base: ip.value & maskOf(4, num.n), prefixLength: num.n }, prefixText, sixteen: false };
  }
  const full = bytesToBigInt(bytes);
  const base = full & maskOf(6, num.n);
  // Go prints an IPv4-mapped network as IPv4 with the prefix shortened by 96 bits.
  const masked = bigIntToBytes(base, 16);
  const cidr: CIDR = isMapped(masked)
    ? { family: 4, base: bytesToBigInt(masked.slice(12)), prefixLength: Math.max(0, num.n - 96) }
    : { family: 6, base, prefixLength: num.n };
  return { ip: toAddr(bytes), cidr, prefixText, sixteen: true };
}

/** Parses "a.b.c.d/n" or "x::/n" leniently and returns the network (host bits cleared). */
export function parseCIDR(s: string): CIDR | undefined {
  return parseCIDRSloppy(s)?.cidr;
}

export function formatCIDR(c: CIDR): string {
  return `${formatIP({ family: c.family, value: c.base })}/${c.prefixLength}`;
}

export function cidrSize(c: CIDR): bigint {
  return 1n << BigInt(bitsOf(c.family) - c.prefixLength);
}

export function cidrContains(c: CIDR, ip: IPAddr | string): boolean {
  const a = typeof ip === 'string' ? parseIP(ip) : ip;
  if (!a || a.family !== c.family) return false;
  return (a.value & maskOf(c.family, c.prefixLength)) === c.base;
}

/** The n-th address of the network (0 is the network address itself). */
export function nthAddress(c: CIDR, n: bigint | number): IPAddr {
  const i = BigInt(n);
  if (i < 0n || i >= cidrSize(c)) throw new RangeError(`address index ${i} is outside ${formatCIDR(c)}`);
  return { family: c.family, value: c.base + i };
}

/** Position of an address inside the network, or undefined when outside. */
export function addressOffset(c: CIDR, ip: IPAddr | string): bigint | undefined {
  const a = typeof ip === 'string' ? parseIP(ip) : ip;
  return a && cidrContains(c, a) ? a.value - c.base : undefined;
}

// ---- validators (field errors) ----

const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function ipErrors(path: string, value: string, strict: boolean): { addr?: IPAddr; errs: FieldError[] } {
  const addr = parseIP(value);
  if (!addr) return { errs: [fieldError.invalid(path, value, ipMsg)] };
  const errs: FieldError[] = [];
  if (strict) {
    const st = parseIPStrict(value);
    if (!st) errs.push(fieldError.invalid(path, value, 'must not have leading 0s'));
    if (st?.is4In6) errs.push(fieldError.invalid(path, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  return { addr, errs };
}

/**
 * Fields that predate strict IP validation (podIP, clusterIP, endpoint addresses, ...). With
 * strict=false — the 1.35 default, as the StrictIPCIDRValidation gate is alpha — leading zeros and
 * IPv4-mapped IPv6 are accepted (the apiserver only warns). validOld lists values to let through.
 */
export function isValidIPForLegacyField(path: string, value: string, strict = false, validOld: string[] = []): FieldError[] {
  if (validOld.includes(value)) return [];
  return ipErrors(path, value, strict).errs;
}

/** New fields: strict parsing and canonical form required. */
export function isValidIP(path: string, value: string): FieldError[] {
  const { addr, errs } = ipErrors(path, value, true);
  if (errs.length > 0 || !addr) return errs;
  const canonical = formatIP(addr);
  return value === canonical ? [] : [fieldError.invalid(path, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
}

/** Family checks used after an address parsed, e.g. for EndpointSlice addressType IPv4/IPv6. */
export function ipFamilyErrors(path: string, value: string, family: IPFamily): FieldError[] {
  const a = parseIP(value);
  if (!a || a.family === family) return [];
  return [fieldError.invalid(path, value, family === 4 ? 'must be an IPv4 address' : 'must be an IPv6 address')];
}

/** Warnings the apiserver attaches for legacy IP values in non-standard form. */
export function getWarningsForIP(path: string, value: string): string[] {
  const addr = parseIP(value);
  if (!addr) return [];
  const st = parseIPStrict(value);
  if (!st || st.is4In6) {
    return [`${path}: non-standard IP address ${JSON.stringify(value)} will be considered invalid in a future Kubernetes ` +
      `release: use ${JSON.stringify(formatIP(addr))}`];
  }
  if (addr.family === 6 && formatIP(addr) !== value) {
    return [`${path}: IPv6 address ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(formatIP(addr))})`];
  }
  return [];
}

const cidrMsg = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

function strictCIDRErrors(path: string, value: string, ip: IPAddr, cidr: CIDR): FieldError[] {
  const slash = value.indexOf('/');
  const st = parseIPStrict(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (!st || (bits.length > 1 && bits[0] === '0')) {
    return [fieldError.invalid(path, value, 'must not have leading 0s in IP or prefix length')];
  }
  if (st.is4In6) return [fieldError.invalid(path, value, 'must not have an IPv4-mapped IPv6 address')];
  if (ip.value !== cidr.base) return [fieldError.invalid(path, value, 'must not have bits set beyond the prefix length')];
  return [];
}

export function isValidCIDRForLegacyField(path: string, value: string, strict = false, validOld: string[] = []): FieldError[] {
  if (validOld.includes(value)) return [];
  const p = parseCIDRSloppy(value);
  if (!p) return [fieldError.invalid(path, value, cidrMsg)];
  return strict ? strictCIDRErrors(path, value, p.ip, p.cidr) : [];
}

/** New "subnet" CIDR fields: strict and canonical (e.g. "10.0.0.0/8", "fd00::/64"). */
export function isValidCIDR(path: string, value: string): FieldError[] {
  const p = parseCIDRSloppy(value);
  if (!p) return [fieldError.invalid(path, value, cidrMsg)];
  const errs = strictCIDRErrors(path, value, p.ip, p.cidr);
  if (errs.length > 0) return errs;
  const canonical = formatCIDR(p.cidr);
  return value === canonical ? [] : [fieldError.invalid(path, value, `must be in canonical form (${JSON.stringify(canonical)})`)];
}
