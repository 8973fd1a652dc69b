// IP parsing the way the controller does it: Go's ParseIPSloppy (IPv4 octets may carry leading
// zeros, read as decimal) followed by net.IP.String() (canonical, IPv6 compressed, lowercase).

export interface ParsedIP {
  family: 'IPv4' | 'IPv6';
  /** Canonical text form. */
  text: string;
}

const IPV4 = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$/;

function parseIPv4Octets(s: string): number[] | null {
  const m = IPV4.exec(s);
  if (!m) return null;
  const out = [parseInt(m[1], 10), parseInt(m[2], 10), parseInt(m[3], 10), parseInt(m[4], 10)];
  return out.every((n) => n <= 255) ? out : null;
}

/** 8 groups of 16 bits, or null. Accepts one `::` and a trailing dotted IPv4. */
function parseIPv6Groups(s: string): number[] | null {
  if (s.includes('%')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseSide = (side: string, allowV4Tail: boolean): number[] | null => {
    if (side === '') return [];
    const groups: number[] = [];
    const tokens = side.split(':');
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (allowV4Tail && i === tokens.length - 1 && t.includes('.')) {
        const v4 = parseIPv4Octets(t);
        if (!v4) return null;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(t)) return null;
      groups.push(parseInt(t, 16));
    }
    return groups;
  };
  if (halves.length === 1) {
    const g = parseSide(halves[0], true);
    return g && g.length === 8 ? g : null;
  }
  const head = parseSide(halves[0], false);
  const tail = parseSide(halves[1], true);
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** net.IP.String() for a 16-byte, non-IPv4-mapped address: longest zero run (≥ 2, leftmost) → "::". */
function formatIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function isV4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
}

/** Parses an IP like the controller; IPv4-mapped IPv6 counts as IPv4 (Go's To4()). Null if invalid. */
export function parseIP(s: string): ParsedIP | null {
  const v4 = parseIPv4Octets(s);
  if (v4) return { family: 'IPv4', text: v4.join('.') };
  if (!s.includes(':')) return null;
  const g = parseIPv6Groups(s);
  if (!g) return null;
  if (isV4Mapped(g)) return { family: 'IPv4', text: [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join('.') };
  return { family: 'IPv6', text: formatIPv6(g) };
}

export function isIPv6String(s: string): boolean {
  return parseIP(s)?.family === 'IPv6';
}
