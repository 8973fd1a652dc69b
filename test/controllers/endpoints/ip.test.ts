import { describe, expect, it } from 'vitest';
import { isIPv6String, parseIP } from '../../../src/controllers/endpoints/index.js';

// Expected values were checked against Go's net.ParseIP(...).String() / To4(), except the
// leading-zero IPv4 rows, which only the sloppy (pre-Go-1.17) parser Kubernetes uses accepts.
describe('parseIP (ParseIPSloppy + net.IP.String)', () => {
  it.each([
    ['1.2.3.4', 'IPv4', '1.2.3.4'],
    ['010.000.000.001', 'IPv4', '10.0.0.1'],
    ['255.255.255.255', 'IPv4', '255.255.255.255'],
    ['::', 'IPv6', '::'],
    ['::1', 'IPv6', '::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 'IPv6', '2001:db8::1'],
    ['1234::5678:0000:0000:9abc:def0', 'IPv6', '1234::5678:0:0:9abc:def0'],
    ['1:0:0:1:0:0:0:1', 'IPv6', '1:0:0:1::1'],
    ['0:0:1:0:0:1:0:0', 'IPv6', '::1:0:0:1:0:0'],
    ['1:0:1:0:1:0:1:0', 'IPv6', '1:0:1:0:1:0:1:0'],
    ['ABCD::EF', 'IPv6', 'abcd::ef'],
    ['::ffff:1.2.3.4', 'IPv4', '1.2.3.4'],
    ['::ffff:102:304', 'IPv4', '1.2.3.4'],
    ['::1.2.3.4', 'IPv6', '::102:304'],
    ['1:2:3:4:5:6:1.2.3.4', 'IPv6', '1:2:3:4:5:6:102:304'],
  ])('%s → %s %s', (input, family, text) => {
    expect(parseIP(input)).toEqual({ family, text });
  });

  it.each(['', 'abc', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1:2', '1:::2', '1::2::3', ':1::', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '1.2.3.4:80', ' 1.2.3.4'])(
    '%j is not an IP',
    (input) => {
      expect(parseIP(input)).toBeNull();
    },
  );

  it('isIPv6String is false for IPv4-mapped and invalid text', () => {
    expect(isIPv6String('fd00::1')).toBe(true);
    expect(isIPv6String('::ffff:10.0.0.1')).toBe(false);
    expect(isIPv6String('10.0.0.1')).toBe(false);
    expect(isIPv6String('nope')).toBe(false);
  });
});
