import { describe, expect, it } from 'vitest';
import { parseIP } from '../../../src/controllers/endpointslice/index.js';

describe('parseIP (ParseIPSloppy + canonical String())', () => {
  it.each([
    ['10.0.0.1', 'IPv4', '10.0.0.1'],
    ['010.001.002.003', 'IPv4', '10.1.2.3'],
    ['1234::5678:0000:0000:9abc:def0', 'IPv6', '1234::5678:0:0:9abc:def0'],
    ['2001:DB8:0:0:0:0:0:1', 'IPv6', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 'IPv6', '2001:db8::1:0:0:1'],
    ['fd00:0:0:1::', 'IPv6', 'fd00:0:0:1::'],
    ['::', 'IPv6', '::'],
    ['::1', 'IPv6', '::1'],
    ['1:2:3:4:5:6:7:8', 'IPv6', '1:2:3:4:5:6:7:8'],
    ['1:0:3:4:5:6:7:8', 'IPv6', '1:0:3:4:5:6:7:8'],
    ['::ffff:10.0.0.1', 'IPv4', '10.0.0.1'],
    ['::10.0.0.1', 'IPv6', '::a00:1'],
  ])('%s → %s %s', (input, family, text) => {
    expect(parseIP(input)).toEqual({ family, text });
  });

  it.each(['', 'abc', '256.0.0.1', '1.2.3', '1::2::3', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '12345::1'])('rejects %j', (input) => {
    expect(parseIP(input)).toBeNull();
  });
});
