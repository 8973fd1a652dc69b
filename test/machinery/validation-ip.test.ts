import { describe, expect, it } from 'vitest';
import { fieldErrorBody, type FieldError } from '../../src/machinery/status.js';
import {
  addressOffset, cidrContains, cidrSize, formatCIDR, formatIP, getWarningsForIP, ipFamilyErrors, isIPv4String,
  isIPv6String, isValidCIDR, isValidCIDRForLegacyField, isValidIP, isValidIPForLegacyField, nthAddress, parseCIDR,
  parseIP, parseIPStrict,
} from '../../src/machinery/validation.js';

const details = (errs: FieldError[]): string[] => errs.map((e) => fieldErrorBody(e));

describe('parseIP (lenient, Go net.ParseIP as forked by k8s.io/utils) and formatIP', () => {
  const cases: [string, string | undefined, 4 | 6 | undefined][] = [
    ['10.0.0.1', '10.0.0.1', 4],
    ['0.0.0.0', '0.0.0.0', 4],
    ['255.255.255.255', '255.255.255.255', 4],
    ['010.000.000.001', '10.0.0.1', 4], // leading zeros are decimal, not octal
    ['256.1.1.1', undefined, undefined],
    ['1.2.3', undefined, undefined],
    ['1.2.3.4.5', undefined, undefined],
    ['1.2.3.4 ', undefined, undefined],
    ['', undefined, undefined],
    ['host', undefined, undefined],
    ['::', '::', 6],
    ['::1', '::1', 6],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 6],
    ['2001:db8::', '2001:db8::', 6],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1', 6], // longest run wins
    ['0:0:1:0:0:1:0:0', '::1:0:0:1:0:0', 6], // first of equal runs wins
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0', 6], // single zero groups are kept
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8', 6],
    ['::ffff:1.2.3.4', '1.2.3.4', 4], // IPv4-mapped counts as IPv4, like Go's To4()
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304', 6],
    ['1::2::3', undefined, undefined],
    ['1:2:3:4:5:6:7:8:9', undefined, undefined],
    ['1:2:3:4:5:6:7::8', undefined, undefined], // "::" must stand for at least one group
    ['fe80::1%eth0', undefined, undefined],
    ['12345::1', undefined, undefined],
    ['::00001', '::1', 6], // the lenient parser allows extra leading zeros in a group
  ];
  it.each(cases)('%j', (input, formatted, family) => {
    const a = parseIP(input);
    expect(a?.family).toBe(family);
    expect(a ? formatIP(a) : undefined).toBe(formatted);
  });

  it('exposes families and 128-bit values', () => {
    expect(isIPv4String('10.1.2.3')).toBe(true);
    expect(isIPv6String('fd00::1')).toBe(true);
    expect(isIPv4String('fd00::1')).toBe(false);
    expect(parseIP('10.0.0.1')?.value).toBe(0x0a000001n);
    expect(parseIP('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')?.value).toBe((1n << 128n) - 1n);
  });

  it('parses strictly like net/netip', () => {
    expect(parseIPStrict('10.0.0.1')).toEqual({ addr: { family: 4, value: 0x0a000001n }, is4In6: false });
    expect(parseIPStrict('010.0.0.1')).toBeUndefined();
    expect(parseIPStrict('::00001')).toBeUndefined();
    expect(parseIPStrict('::ffff:1.2.3.4')?.is4In6).toBe(true);
    expect(parseIPStrict('::ffff:102:304')?.is4In6).toBe(true);
  });
});

describe('IP validators', () => {
  const validIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
  const cases: [string, string[], string[], string[]][] = [
    // value, isValidIP, legacy (gate off, the 1.35 default), legacy strict
    ['10.1.2.3', [], [], []],
    ['fd00::1', [], [], []],
    ['not-an-ip', [`Invalid value: "not-an-ip": ${validIP}`], [`Invalid value: "not-an-ip": ${validIP}`],
      [`Invalid value: "not-an-ip": ${validIP}`]],
    ['010.1.2.3', ['Invalid value: "010.1.2.3": must not have leading 0s'], [],
      ['Invalid value: "010.1.2.3": must not have leading 0s']],
    ['::ffff:1.2.3.4', ['Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address'], [],
      ['Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address']],
    ['FD00::1', ['Invalid value: "FD00::1": must be in canonical form ("fd00::1")'], [], []],
  ];
  it.each(cases)('%j', (value, strict, legacy, legacyStrict) => {
    expect(details(isValidIP('f', value))).toEqual(strict);
    expect(details(isValidIPForLegacyField('f', value))).toEqual(legacy);
    expect(details(isValidIPForLegacyField('f', value, true))).toEqual(legacyStrict);
  });

  it('lets previously stored values through on update', () => {
    expect(isValidIPForLegacyField('f', '010.1.2.3', true, ['010.1.2.3'])).toEqual([]);
  });

  it('checks the family', () => {
    expect(ipFamilyErrors('endpoints[0].addresses[0]', '10.0.0.1', 4)).toEqual([]);
    expect(details(ipFamilyErrors('endpoints[0].addresses[0]', 'fd00::1', 4)))
      .toEqual(['Invalid value: "fd00::1": must be an IPv4 address']);
    expect(details(ipFamilyErrors('x', '10.0.0.1', 6))).toEqual(['Invalid value: "10.0.0.1": must be an IPv6 address']);
  });

  it('warns about non-standard legacy values', () => {
    expect(getWarningsForIP('spec.clusterIP', '010.0.0.1')).toEqual([
      'spec.clusterIP: non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"',
    ]);
    expect(getWarningsForIP('spec.clusterIP', 'FD00::1')).toEqual([
      'spec.clusterIP: IPv6 address "FD00::1" should be in RFC 5952 canonical format ("fd00::1")',
    ]);
    expect(getWarningsForIP('spec.clusterIP', '10.0.0.1')).toEqual([]);
  });
});

describe('CIDRs', () => {
  const validCIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  const cases: [string, string | undefined, string[]][] = [
    ['10.96.0.0/12', '10.96.0.0/12', []],
    ['fd00:10:96::/112', 'fd00:10:96::/112', []],
    ['0.0.0.0/0', '0.0.0.0/0', []],
    ['10.0.0.5/24', '10.0.0.0/24', ['Invalid value: "10.0.0.5/24": must not have bits set beyond the prefix length']],
    ['010.0.0.0/8', '10.0.0.0/8', ['Invalid value: "010.0.0.0/8": must not have leading 0s in IP or prefix length']],
    ['10.0.0.0/08', '10.0.0.0/8', ['Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length']],
    ['::ffff:1.2.3.0/120', '1.2.3.0/24', ['Invalid value: "::ffff:1.2.3.0/120": must not have an IPv4-mapped IPv6 address']],
    ['FD00::/64', 'fd00::/64', ['Invalid value: "FD00::/64": must be in canonical form ("fd00::/64")']],
    ['10.0.0.0/33', undefined, [`Invalid value: "10.0.0.0/33": ${validCIDR}`]],
    ['10.0.0.0', undefined, [`Invalid value: "10.0.0.0": ${validCIDR}`]],
    ['10.0.0.0/-1', undefined, [`Invalid value: "10.0.0.0/-1": ${validCIDR}`]],
  ];
  it.each(cases)('%j', (value, network, errs) => {
    const c = parseCIDR(value);
    expect(c ? formatCIDR(c) : undefined).toBe(network);
    expect(details(isValidCIDR('spec.cidr', value))).toEqual(errs);
  });

  it('accepts interface-style CIDRs in legacy fields unless strict', () => {
    expect(isValidCIDRForLegacyField('f', '10.0.0.5/24')).toEqual([]);
    expect(details(isValidCIDRForLegacyField('f', '10.0.0.5/24', true)))
      .toEqual(['Invalid value: "10.0.0.5/24": must not have bits set beyond the prefix length']);
  });

  it('does address arithmetic for IP pools', () => {
    const v4 = parseCIDR('10.96.0.0/12')!;
    expect(cidrSize(v4)).toBe(1n << 20n);
    expect(formatIP(nthAddress(v4, 10))).toBe('10.96.0.10');
    expect(formatIP(nthAddress(v4, (1n << 20n) - 1n))).toBe('10.111.255.255');
    expect(() => nthAddress(v4, 1n << 20n)).toThrow(RangeError);
    expect(cidrContains(v4, '10.100.1.1')).toBe(true);
    expect(cidrContains(v4, '10.112.0.0')).toBe(false);
    expect(cidrContains(v4, 'fd00::1')).toBe(false);
    expect(addressOffset(v4, '10.96.1.0')).toBe(256n);
    expect(addressOffset(v4, '11.0.0.0')).toBeUndefined();

    const v6 = parseCIDR('fd00:10:244::/64')!;
    expect(cidrSize(v6)).toBe(1n << 64n);
    expect(formatIP(nthAddress(v6, 0x1234))).toBe('fd00:10:244::1234');
    expect(formatIP(nthAddress(v6, 1n << 48n))).toBe('fd00:10:244:0:1::');
    expect(cidrContains(v6, 'fd00:10:244::ffff')).toBe(true);
  });
});
