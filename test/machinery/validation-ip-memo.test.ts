// parseIP / parseIPStrict remember their answers per text and formatIP per address (IPv4 formatted
// with integer arithmetic): the remembered answers must be the ones a fresh parse gives, shared
// answers must be frozen (every caller gets the same object), and the memo must stay bounded.
import { describe, expect, it } from 'vitest';
import { formatIP, parseIP, parseIPStrict } from '../../src/machinery/validation.js';

// A seeded generator of address-like texts: valid, odd (leading zeros, mapped, upper case) and broken.
function* texts(seed: number, n: number): Generator<string> {
  let x = seed >>> 0;
  const rnd = (k: number): number => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return x % k;
  };
  const hex = () => rnd(0x10000).toString(16);
  for (let i = 0; i < n; i++) {
    switch (rnd(7)) {
      case 0: yield `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`; break;
      case 1: yield `0${rnd(100)}.${rnd(300)}.0.${rnd(256)}`; break;
      case 2: yield Array.from({ length: 8 }, () => (rnd(3) === 0 ? '0' : hex())).join(':'); break;
      case 3: yield `${hex()}::${rnd(2) ? hex() : ''}`.toUpperCase(); break;
      case 4: yield `::ffff:${rnd(256)}.${rnd(256)}.1.${rnd(256)}`; break;
      case 5: yield `fd00:${hex()}::${hex()}:${hex()}`; break;
      default: yield ['1.2.3', '1.2.3.4.5', ' 10.0.0.1', 'host', '', '::g', '1:2:3:4:5:6:7:8:9'][rnd(7)];
    }
  }
}

// The reference: IPv4 dotted quad from the bytes of the 32-bit value.
function v4Reference(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String(Number((value >> s) & 0xffn))).join('.');
}

describe('remembered IP parsing and formatting', () => {
  it('gives the same answers the first and the second time, for 5,000 seeded texts', () => {
    const first = new Map<string, unknown>();
    for (const t of texts(7, 5_000)) {
      const a = parseIP(t);
      const st = parseIPStrict(t);
      const shown = a ? { family: a.family, value: a.value, text: formatIP(a) } : undefined;
      if (a?.family === 4) expect(shown!.text).toBe(v4Reference(a.value));
      const again = first.get(t);
      if (again) expect({ a: shown, st: st && { ...st.addr, is4In6: st.is4In6 } }).toEqual(again);
      else first.set(t, { a: shown, st: st && { ...st.addr, is4In6: st.is4In6 } });
    }
    for (const t of texts(7, 5_000)) {
      const a = parseIP(t);
      const st = parseIPStrict(t);
      expect({ a: a && { family: a.family, value: a.value, text: formatIP(a) }, st: st && { ...st.addr, is4In6: st.is4In6 } }).toEqual(first.get(t));
    }
  });

  it('hands out frozen answers, the same object for the same text', () => {
    const a = parseIP('10.1.2.3')!;
    expect(parseIP('10.1.2.3')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const st = parseIPStrict('2001:db8::1')!;
    expect(Object.isFrozen(st) && Object.isFrozen(st.addr)).toBe(true);
    expect(() => {
      (a as { value: bigint }).value = 1n;
    }).toThrow(TypeError);
    expect(formatIP(parseIP('10.1.2.3')!)).toBe('10.1.2.3');
    expect(parseIP('not an ip')).toBeUndefined();
    expect(parseIP('not an ip')).toBeUndefined();
  });

  it('stays correct past the memo bound (60,000 distinct addresses)', () => {
    for (let i = 0; i < 60_000; i++) {
      const t = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      expect(formatIP(parseIP(t)!)).toBe(t);
    }
    for (let i = 1; i < 60_000; i += 997) {
      const t = `fd00::${i.toString(16)}`;
      expect(formatIP(parseIP(t)!)).toBe(t);
    }
  });
});

describe('canonicalIPText', () => {
  it('gives the family and text formatIP(parseIP()) gives, for valid, odd and broken texts', async () => {
    const { canonicalIPText } = await import('../../src/machinery/validation-ip.js');
    let valid = 0;
    for (const s of texts(23, 4000)) {
      const a = parseIP(s);
      const c = canonicalIPText(s);
      if (!a) {
        expect(c, s).toBeUndefined();
        continue;
      }
      valid++;
      expect(c, s).toEqual({ family: a.family, text: formatIP(a) });
    }
    expect(valid).toBeGreaterThan(1000);
  });
});
