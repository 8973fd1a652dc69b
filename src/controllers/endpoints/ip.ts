// IP parsing as Kubernetes does it (k8s.io/utils/net ParseIPSloppy, i.e. Go 1.16's net.ParseIP:
// IPv4 octets may carry leading zeros, read as decimal) and Go's net.IP.String() canonical form.

export type IPFamily = 'IPv4' | 'IPv6';

export interface ParsedIP {
  /** IPv4 when the address has a 4-byte form (plain IPv4 or IPv4-mapped IPv6), else IPv6. */
  family: IPFamily;
  /** Canonical text: dotted quad, or RFC 5952-style compressed lowercase IPv6. */
  text: string;
}

function parseIPv4Bytes(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** Parses IPv6 text (optionally ending in an embedded IPv4 quad) to 16 bytes, or null. */
function parseIPv6Bytes(s: string): number[] | null {
  if (s.includes('%')) return null; // zones are not accepted
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4Bytes(p);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]+$/.test(p)) return null;
        const n = parseInt(p, 16);
        if (n > 0xffff) return null;
        out.push(n);
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  // An embedded IPv4 quad may only close the address.
  if (halves.length === 2 && halves[0].includes('.')) return null;
  let words: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return null; // "::" must stand for at least one zero group
    words = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    words = head;
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function isV4Mapped(b: number[]): boolean {
  return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

/** Go's net.IP.String for a 16-byte IPv6 address: longest run (≥ 2) of zero groups becomes "::". */
function formatIPv6(b: number[]): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  let e0 = -1;
  let e1 = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  if (e1 - e0 <= 1) e0 = e1 = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === e0) {
      out += '::';
      i = e1 - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += words[i].toString(16);
  }
  return out;
}

/** ParseIPSloppy + String(): null for anything that is not an IP literal. */
export function parseIP(s: string | undefined | null): ParsedIP | null {
  if (!s) return null;
  if (!s.includes(':')) {
    const v4 = parseIPv4Bytes(s);
    return v4 ? { family: 'IPv4', text: v4.join('.') } : null;
  }
  const b = parseIPv6Bytes(s);
  if (!b) return null;
  if (isV4Mapped(b)) return { family: 'IPv4', text: b.slice(12).join('.') };
  return { family: 'IPv6', text: formatIPv6(b) };
}

/** utilnet.IsIPv6String: a valid IP without a 4-byte form. */
export function isIPv6String(s: string | undefined | null): boolean {
  return parseIP(s)?.family === 'IPv6';
}
