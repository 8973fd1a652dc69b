// IP parsing the way the endpoint controllers do it: Go's ParseIPSloppy (IPv4 octets may carry
// leading zeros, read as decimal) followed by net.IP.String() (canonical, IPv6 compressed). The
// parsing itself is machinery's Go-compatible parser.
import { canonicalIPText } from '../../machinery/validation-ip.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface ParsedIP {
  family: IPFamily;
  /** Canonical text form. */
  text: string;
}

// A pod's IP is parsed again on each of its later writes and by both
// controllers, so the answers are remembered (bounded: cleared when full).
const memo = new Map<string, Readonly<ParsedIP> | null>();
const MEMO_LIMIT = 50_000;

export function parseIP(s: string | undefined | null): ParsedIP | null {
  const hit = parsedIP(s);
  return hit ? { ...hit } : null;
}

/** parseIP's remembered answer itself (frozen, shared): for callers that only read it. */
export function parsedIP(s: string | undefined | null): Readonly<ParsedIP> | null {
  if (!s) return null;
  let hit = memo.get(s);
  if (hit === undefined) {
    const a = canonicalIPText(s);
    hit = a ? Object.freeze({ family: a.family === 4 ? 'IPv4' : 'IPv6', text: a.text } as ParsedIP) : null;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(s, hit);
  }
  return hit;
}

export function isIPv6String(s: string | undefined | null): boolean {
  return parsedIP(s)?.family === 'IPv6';
}
